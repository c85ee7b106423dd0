/**
 * 区分处理 (第三十七条) over JSON, for the console's page editor (src/web/static/redaction-editor.js):
 * the bases, a document's working PDF and its marks, adding and removing marks, the scan for
 * personal numbers, the preview of the redacted copy. Uses src/app/redaction/case.ts.
 */
import { z } from 'zod';
import type { App } from '../app.ts';
import { requireUser } from '../app.ts';
import { REDACTION_BASES, REDACTION_BASIS_IDS } from '../../domain/redaction/index.ts';
import { addDocument, addRedactions, approvePartial, caseRedactions, deleteRedaction, documentSource, previewDocument, proposePartial, scanDocument, type MarkInput } from '../../app/redaction/case.ts';
import { fileSchema } from '../../app/applications/schemas.ts';
import { attachmentDisposition } from '../../app/applications/downloads.ts';
import { dbId, optionalText, requiredText } from '../../app/schemas.ts';
import { binary, NoContent } from './contract.ts';

const coordinate = z.number({ error: '坐标应为数字' }).finite().min(-100_000).max(100_000);
/** [x0, y0, x1, y1] in page space (an array of four rather than a tuple: plainer in the OpenAPI document). */
const rect = z.array(coordinate).length(4, '删除区域应为左、上、右、下四个坐标');

export const markSchema = z.object({
  page: z.number({ error: '页码应为数字' }).int().min(1).max(100_000),
  rects: z.array(rect).min(1, '请给出删除区域').max(200),
  source: z.enum(['box', 'text', 'pattern']).default('box'),
  text: optionalText('所选文字', 500, { multiline: true }),
  basis: z.enum(REDACTION_BASIS_IDS, { error: '请选择区分处理的依据' }),
  what: requiredText('删除的内容名称', 100),
  reason: optionalText('不予公开的理由', 500, { multiline: true }),
  law: optionalText('禁止公开的法律、行政法规', 200),
});

const docParams = z.object({ documentId: dbId('文件编号') });

const Mark = z
  .object({
    id: z.number().int(),
    documentId: z.number().int(),
    page: z.number().int(),
    rects: z.array(z.array(z.number())),
    source: z.string(),
    basis: z.string(),
    what: z.string(),
    reason: z.string().nullable(),
    law: z.string().nullable(),
    createdBy: z.number().int().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'RedactionMark', description: '一处删除标记' });
const RedactionDocument = z
  .object({
    id: z.number().int(),
    applicationId: z.number().int(),
    sourceAttachmentId: z.number().int(),
    filename: z.string(),
    sourceKind: z.string(),
    pageCount: z.number().int(),
    disclosedAttachmentId: z.number().int().nullable(),
    approvedBy: z.number().int().nullable(),
    approvedAt: z.date().nullable(),
    createdBy: z.number().int().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'RedactionDocument', description: '要区分处理的文件' });
const CaseRedactions = z.object({
  documents: z.array(RedactionDocument.extend({ redactions: z.array(Mark) })),
  withheldParts: z.array(
    z.object({ content: z.string(), ground: z.string(), reason: z.string(), prohibitingLaw: z.string().optional(), specialLaw: z.string().optional() }),
  ),
  pendingPartial: z.enum(['none', 'matches', 'differs']),
});
const pdf = (what: string) => ({ 200: binary(['application/pdf'], what) });

export async function routes(app: App) {
  app.get('/api/redaction/bases', {
      schema: {
        tags: ['redaction'],
        summary: '区分处理的依据（第十四条、第十五条、第十六条、第三十七条）',
        response: {
          200: z
            .array(z.object({ id: z.string(), label: z.string(), article: z.string(), words: z.string(), defaultReason: z.string() }))
            .describe('固定的依据清单（不分页）'),
        },
      },
    }, async (request) => {
    requireUser(request);
    return REDACTION_BASES.map(({ id, label, article, words, defaultReason }) => ({ id, label, article, words, defaultReason }));
  });

  app.get(
    '/api/applications/:id/redaction',
    { schema: { tags: ['redaction'], summary: '申请的区分处理文件、删除标记和不予公开内容清单', params: z.object({ id: dbId('申请编号') }), response: { 200: CaseRedactions } } },
    // rects are stored as JSON (checked on the way in); the serializer checks them on the way out.
    async (request) => (await caseRedactions(app.db, requireUser(request), request.params.id)) as z.input<typeof CaseRedactions>,
  );

  app.post(
    '/api/applications/:id/redaction/documents',
    { schema: { tags: ['redaction'], summary: '添加要区分处理的文件（PDF、DOCX 或图片，base64）', params: z.object({ id: dbId('申请编号') }), body: z.object({ file: fileSchema }), response: { 201: z.object({ document: RedactionDocument }) } } },
    async (request, reply) => {
      const doc = await addDocument(app.db, requireUser(request), request.params.id, request.body.file, request.ip);
      return reply.code(201).send({ document: doc });
    },
  );

  app.post(
    '/api/applications/:id/redaction/propose',
    {
      schema: {
        tags: ['redaction'],
        summary: '拟办部分公开：不予公开的内容由删除标记生成（承办人）',
        params: z.object({ id: dbId('申请编号') }),
        body: z.object({ disclosedPart: requiredText('予以公开的内容', 500), access: requiredText('提供方式或获取途径', 500), reasonDetail: optionalText('理由补充', 1000, { multiline: true }) }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await proposePartial(app.db, requireUser(request), request.params.id, request.body, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/applications/:id/redaction/approve',
    { schema: { tags: ['redaction'], summary: '审批部分公开及区分处理：生成告知书，区分处理后的文件提供给申请人（审核人）', params: z.object({ id: dbId('申请编号') }), response: { 200: z.object({ disclosed: z.array(z.number().int()).describe('提供给申请人的附件') }) } } },
    async (request) => approvePartial(app.db, requireUser(request), request.params.id, request.ip),
  );

  app.get('/api/redaction/documents/:documentId/source', { schema: { tags: ['redaction'], summary: '待区分处理的原文件（PDF，仅工作人员）', params: docParams, response: pdf('原文件') } }, async (request, reply) => {
    const { doc, pdf } = await documentSource(app.db, requireUser(request), request.params.documentId);
    return reply
      .type('application/pdf')
      .header('content-disposition', attachmentDisposition(`${doc.filename.replace(/\.[^.]*$/, '')}（原件）.pdf`))
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(pdf));
  });

  app.get('/api/redaction/documents/:documentId/preview', { schema: { tags: ['redaction'], summary: '区分处理后的文件预览（PDF，仅工作人员）', params: docParams, response: pdf('区分处理预览') } }, async (request, reply) => {
    const { doc, pdf } = await previewDocument(app.db, requireUser(request), request.params.documentId);
    return reply
      .type('application/pdf')
      .header('content-disposition', attachmentDisposition(`${doc.filename.replace(/\.[^.]*$/, '')}（区分处理预览）.pdf`))
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(pdf));
  });

  app.post(
    '/api/redaction/documents/:documentId/marks',
    { schema: { tags: ['redaction'], summary: '标注删除的内容（每处写明依据）', params: docParams, body: z.object({ marks: z.array(markSchema).min(1).max(500) }), response: { 201: z.object({ marks: z.array(Mark) }) } } },
    async (request, reply) => {
      const rows = await addRedactions(app.db, requireUser(request), request.params.documentId, request.body.marks as MarkInput[], request.ip);
      return reply.code(201).send({ marks: rows as Array<z.input<typeof Mark>> });
    },
  );

  app.delete(
    '/api/redaction/documents/:documentId/marks/:markId',
    { schema: { tags: ['redaction'], summary: '撤销一处删除标记（审批前）', params: docParams.extend({ markId: dbId('标记编号') }), response: { 204: NoContent } } },
    async (request, reply) => {
      await deleteRedaction(app.db, requireUser(request), request.params.documentId, request.params.markId, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/redaction/documents/:documentId/scan', {
      schema: {
        tags: ['redaction'],
        summary: '查找文件中的公民身份号码、手机号码、银行账号（逐一确认）',
        params: docParams,
        response: {
          200: z.object({
            hits: z.array(
              z.object({ page: z.number().int(), kind: z.string(), what: z.string(), text: z.string(), certainty: z.string(), basis: z.string(), rects: z.array(z.array(z.number())) }),
            ),
          }),
        },
      },
    }, async (request) => ({
    hits: await scanDocument(app.db, requireUser(request), request.params.documentId),
  }));
}
