/**
 * Portal API: search (contracts.md §4: `GET /api/search?q=…` → `{ total, items: [{ title, url, … }] }`),
 * documents (read; create, edit, publish, withdraw, repeal, attachments for the agency's 信息公开专员) and the
 * year figures of table 1.
 */
import { z } from 'zod';
import { agencyCodeParam, dbId } from '../../app/schemas.ts';
import type { App } from '../app.ts';
import { byOf, requireUser, signedInFirst } from '../app.ts';
import { getAgencyByCode } from '../../app/agencies.ts';
import {
  createDocument,
  listDocuments,
  readDocument,
  seesDrafts,
  staffCatalogue,
  listVersions,
  publishDocument,
  repealDocument,
  updateDocument,
  withdrawDocument,
  type DocumentRow,
} from '../../app/portal/documents.ts';
import { readFigures, saveFigures } from '../../app/portal/figures.ts';
import { addAttachment, type AttachmentItem } from '../../app/portal/attachments.ts';
import { idempotent } from '../../app/idempotency.ts';
import type { DbOrTx } from '../../db/index.ts';
import { idempotencyKeyOf, sendAnswer } from '../idempotency.ts';
import { searchDocuments } from '../../app/portal/search.ts';
import { documentInputSchema, figuresBodySchema, publishSchema, repealSchema, searchQuerySchema, withdrawSchema } from '../../app/portal/schemas.ts';
import { documentFiling } from '../../app/portal/subcategories.ts';
import { viewCounterFor } from '../../app/portal/views.ts';
import { readDb } from '../read-db.ts';
import { bodyCheckedByUseCase, paged } from './contract.ts';

const date = z.string().nullable().describe('YYYY-MM-DD');
const Document = z
  .object({
    id: z.number().int(),
    url: z.string(),
    agencyId: z.number().int(),
    title: z.string(),
    docNumber: z.string().nullable(),
    issuer: z.string().nullable(),
    kind: z.enum(['rule', 'normative', 'other']),
    category: z.string().nullable().describe('第二十条的法定类别（经子类推出）'),
    subcategory: z.object({ id: z.number().int(), name: z.string() }).nullable().describe('本机关的子类'),
    status: z.enum(['draft', 'published', 'repealed', 'withdrawn']),
    writtenDate: date,
    publishedDate: date,
    effectiveDate: date,
    repealedDate: date,
    viewCount: z.number().int(),
    body: z.string(),
    updatedAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'Document', description: '政府信息（文件）' });
const DocumentListItem = z.object({
  id: z.number().int(),
  url: z.string(),
  agencyId: z.number().int(),
  agencyCode: z.string(),
  agencyName: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  kind: z.enum(['rule', 'normative', 'other']),
  category: z.string().nullable(),
  subcategoryId: z.number().int().nullable(),
  status: z.enum(['draft', 'published', 'repealed', 'withdrawn']),
  writtenDate: date,
  publishedDate: date,
  repealedDate: date,
  viewCount: z.number().int(),
  updatedAt: z.string(),
});
const SearchItem = z.object({
  id: z.number().int(),
  title: z.string(),
  url: z.string(),
  docNumber: z.string().nullable(),
  agencyCode: z.string(),
  agencyName: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  subcategory: z.string().nullable().describe('本机关的子类名称'),
  kind: z.string(),
  status: z.string(),
  publishedDate: date,
  snippet: z.string(),
  rank: z.number(),
});
const SearchAnswer = paged(SearchItem)
  .extend({ totalExact: z.boolean().describe('total 是否为精确数（否则为估计）'), terms: z.array(z.string()), tookMs: z.number() })
  .meta({ id: 'SearchResult', description: 'contracts.md §4：{ total, items: [{ title, url, … }] }' });
const Figures = z.object({
  year: z.number().int(),
  figures: z.record(z.string(), z.object({ value: z.number().nullable(), source: z.string().nullable(), updatedAt: z.string() })),
});
const ok = (schema: z.ZodType) => ({ 200: schema });
const attachmentUpload = z
  .object({
    filename: z.string().min(1, '请填写附件的文件名').max(200, '附件的文件名不能超过200个字').describe('文件名（扩展名须与内容相符）'),
    contentBase64: z.string().min(1, '附件是空的').regex(/^[A-Za-z0-9+/]*={0,2}$/, '附件内容应为 Base64 编码').describe('文件内容（Base64，至多10 MB）'),
  })
  .meta({ id: 'AttachmentUpload', description: '上传的附件' });
const Attachment = z
  .object({ id: z.number().int(), filename: z.string(), contentType: z.string(), size: z.number().int(), createdAt: z.string().describe('ISO 8601'), url: z.string().describe('公开后的下载地址') })
  .meta({ id: 'Attachment', description: '文件的附件' });
const attachmentUrl = (documentId: number, id: number) => `/documents/${documentId}/attachments/${id}`;

const idParams = z.object({ id: dbId('文件编号') });
const codeParams = z.object({ code: agencyCodeParam(100) });
const figuresParams = z.object({ code: agencyCodeParam(100), year: z.coerce.number().int().min(2008).max(2100) });

/** A document as the API gives it; `category` is the statutory one it is filed under (through its sub-category, if any). */
async function presentDocument(db: DbOrTx, d: DocumentRow, pendingViews = 0) {
  const filing = await documentFiling(db, d);
  return {
    id: d.id,
    url: `/documents/${d.id}`,
    agencyId: d.agencyId,
    title: d.title,
    docNumber: d.docNumber,
    issuer: d.issuer,
    kind: d.kind,
    category: filing.category,
    subcategory: filing.subcategory,
    status: d.status,
    writtenDate: d.writtenDate,
    publishedDate: d.publishedDate,
    effectiveDate: d.effectiveDate,
    repealedDate: d.repealedDate,
    viewCount: d.viewCount + pendingViews,
    body: d.body,
    updatedAt: d.updatedAt.toISOString(),
  };
}

export async function routes(app: App) {
  app.get('/api/search', { schema: { querystring: searchQuerySchema, tags: ['portal'], summary: '检索公开的政府信息（标题、文号、正文）', response: ok(SearchAnswer) } }, async (request) => {
    const r = await searchDocuments(readDb(request), request.query);
    return { total: r.total, totalExact: r.totalExact, page: r.page, size: r.size, terms: r.terms, tookMs: r.tookMs, items: r.items };
  });

  app.get('/api/documents/:id', { schema: { params: idParams, tags: ['portal'], summary: '文件详情', response: ok(Document) } }, async (request) => {
    const d = await readDocument(app.db, byOf(request), request.params.id);
    return presentDocument(app.db, d, viewCounterFor(app.db).pending(d.id));
  });

  app.get('/api/documents/:id/versions', {
      schema: {
        params: idParams,
        tags: ['portal'],
        summary: '文件的历史版本',
        response: ok(
          z.object({
            items: z.array(
              z.object({ version: z.number().int(), action: z.string().nullable(), status: z.string().nullable(), title: z.string(), note: z.string().nullable(), changedAt: z.string(), url: z.string() }),
            ),
          }),
        ),
      },
    }, async (request) => {
    const d = await readDocument(app.db, byOf(request), request.params.id);
    const staff = await seesDrafts(app.db, byOf(request), d.agencyId);
    const versions = await listVersions(app.db, d.id, { publicOnly: !staff });
    return {
      items: versions.map((v) => ({ version: v.version, action: v.action, status: v.status, title: v.title, note: v.note, changedAt: v.changedAt.toISOString(), url: `/documents/${d.id}/versions/${v.version}` })),
    };
  });

  app.get(
    '/api/agencies/:code/documents',
    {
      schema: {
        params: codeParams,
        querystring: z.object({ status: z.enum(['draft', 'published', 'repealed', 'withdrawn', 'all']).optional(), page: z.coerce.number().int().min(1).max(10000).default(1), size: z.coerce.number().int().min(1).max(100).default(20) }),
        tags: ['portal'],
        summary: '机关的文件列表（未公开的仅工作人员可见）',
        response: ok(paged(DocumentListItem)),
      },
    },
    async (request) => {
      const a = await getAgencyByCode(app.db, request.params.code);
      const s = request.query.status;
      const page = { limit: request.query.size, offset: (request.query.page - 1) * request.query.size };
      const r =
        s && s !== 'published' && s !== 'repealed'
          ? await staffCatalogue(app.db, byOf(request), a.id, { ...page, statuses: s === 'all' ? undefined : [s] })
          : await listDocuments(app.db, { ...page, agencyId: a.id, statuses: s ? [s] : ['published', 'repealed'], publicOnly: false });
      return { total: r.total, page: request.query.page, size: request.query.size, items: r.items.map((d) => ({ ...d, url: `/documents/${d.id}`, updatedAt: d.updatedAt.toISOString() })) };
    },
  );

  app.post('/api/agencies/:code/documents', { ...bodyCheckedByUseCase, schema: { params: codeParams, body: documentInputSchema, tags: ['portal'], summary: '新建文件（草稿）', response: { 201: Document } } }, async (request, reply) => {
    const user = requireUser(request);
    const a = await getAgencyByCode(app.db, request.params.code);
    const answer = await idempotent<DocumentRow>(
      app.db,
      idempotencyKeyOf(request, user),
      async (d, db) => ({ status: 201, body: await presentDocument(db, d) }),
      (record) => createDocument(app.db, a.id, request.body, byOf(request), { record }),
    );
    return sendAnswer(reply, answer);
  });

  app.post(
    '/api/documents/:id/attachments',
    // 10 MB of file is about 13.4 MB of Base64 (storeAttachment refuses what is larger, in Chinese).
    { bodyLimit: 14 * 1024 * 1024, preValidation: signedInFirst, schema: { params: idParams, body: attachmentUpload, tags: ['portal'], summary: '上传文件的附件（PDF、Word、Excel、图片；一次一个）', response: { 201: z.object({ attachment: Attachment }) } } },
    async (request, reply) => {
      const user = requireUser(request);
      const answer = await idempotent<AttachmentItem>(
        app.db,
        idempotencyKeyOf(request, user),
        (item) => ({ status: 201, body: { attachment: { ...item, createdAt: item.createdAt.toISOString(), url: attachmentUrl(request.params.id, item.id) } } }),
        (record) => addAttachment(app.db, byOf(request), request.params.id, request.body, { record }),
      );
      return sendAnswer(reply, answer);
    },
  );

  app.patch('/api/documents/:id', { ...bodyCheckedByUseCase, schema: { params: idParams, body: documentInputSchema, tags: ['portal'], summary: '修改文件（产生新版本）', response: ok(Document) } }, async (request) => {
    requireUser(request);
    return presentDocument(app.db, await updateDocument(app.db, request.params.id, request.body, byOf(request)));
  });

  for (const [action, summary, body] of [
    ['publish', '发布文件', publishSchema],
    ['withdraw', '撤回文件', withdrawSchema],
    ['repeal', '废止文件（规章、规范性文件）', repealSchema],
  ] as const) {
    app.post(`/api/documents/:id/${action}`, { ...bodyCheckedByUseCase, schema: { params: idParams, body, tags: ['portal'], summary, response: ok(Document) } }, async (request) => {
      requireUser(request);
      const fn = action === 'publish' ? publishDocument : action === 'withdraw' ? withdrawDocument : repealDocument;
      return presentDocument(app.db, await fn(app.db, request.params.id, request.body as never, byOf(request)));
    });
  }

  app.get('/api/agencies/:code/figures/:year', { schema: { params: figuresParams, tags: ['portal'], summary: '年度报告表一数据（许可、处罚、强制、收费等，按该年度报告的格式）', response: ok(Figures) } }, async (request) => {
    const a = await getAgencyByCode(app.db, request.params.code);
    const f = await readFigures(app.db, byOf(request), a.id, request.params.year);
    return { year: request.params.year, figures: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, { value: v!.value, source: v!.source, updatedAt: v!.updatedAt.toISOString() }])) };
  });

  app.put('/api/agencies/:code/figures/:year', { ...bodyCheckedByUseCase, schema: { params: figuresParams, tags: ['portal'], summary: '填报年度报告表一数据（该年度报告格式的每一项；2019、2020年度为试行格式）', body: figuresBodySchema, response: ok(Figures) } }, async (request) => {
    requireUser(request);
    const a = await getAgencyByCode(app.db, request.params.code);
    const f = await saveFigures(app.db, a.id, request.params.year, request.body, byOf(request));
    return { year: request.params.year, figures: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, { value: v!.value, source: v!.source, updatedAt: v!.updatedAt.toISOString() }])) };
  });
}
