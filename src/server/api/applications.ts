/**
 * Applications API (依申请公开): online submission, staff entry, inbox, 我的申请, the case with its
 * timeline and clock, every handling step, letters (DOCX/PDF), files, duplicates, appeals, letter
 * templates. Thin: validate (zod), call the use case (src/app/applications), present.
 */
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import type { App } from '../app.ts';
import { byOf, requireUser } from '../app.ts';
import { attachments } from '../../db/schema.ts';
import { lettersOf, type AppealRow, type ApplicationRow } from '../../db/applications.ts';
import { AppError } from '../../app/errors.ts';
import { assertCanView, isStaffViewer, loadCase } from '../../app/applications/case.ts';
import { duplicatesOf, registerByStaff, submitOnline } from '../../app/applications/intake.ts';
import { performStep, type StepResult } from '../../app/applications/steps.ts';
import { presentCase, visibleLetters } from '../../app/applications/present.ts';
import { inbox, myApplications, type ListItem } from '../../app/applications/queries.ts';
import { appealSchema, onlineApplicationSchema, staffApplicationSchema } from '../../app/applications/schemas.ts';
import { stepSchema } from '../../app/steps/index.ts';
import { getLetter, LETTER_CONTENT_TYPES, letterFilename, renderStoredLetter, agencyLetterTemplate, saveAgencyLetterTemplate, type LetterFormat } from '../../app/applications/letters.ts';
import { listAppeals, recordAppeal } from '../../app/applications/appeals.ts';
import { submissionRateLimitConfig } from '../../app/applications/limits.ts';
import { attachmentDisposition, safeDownloadType } from '../../app/applications/downloads.ts';
import { APPLICANT_TYPES, CHANNELS } from '../../domain/taxonomy/index.ts';
import { agencyCodeParam, dbId, textInput } from '../../app/schemas.ts';
import { keepsPublicPages } from '../pages/page-cache.ts';
import { binary, pageOf, pageQuery, paged } from './contract.ts';
import { Appeal, Application, ApplicationListItem, DuplicateMatch, StepResult as StepResultAnswer } from './application-answers.ts';
import { idempotent } from '../../app/idempotency.ts';
import { idempotencyKeyOf, sendAnswer } from '../idempotency.ts';

const idParams = z.object({ id: dbId('申请编号') });
const codeParams = z.object({ code: agencyCodeParam() });
const templateAnswer = z.object({ kind: z.string(), override: z.unknown().describe('覆盖默认模板的部分（未设置时为 null）') });
const templateParams = z.object({ code: agencyCodeParam(), kind: textInput('文书类型').max(40, '文书类型过长') });

/** An appeal as the API gives it (as JSON: the answer an Idempotency-Key stores is this). */
const appealAnswer = (row: AppealRow) => ({ ...row, createdAt: row.createdAt.toISOString() });

function listItem(i: ListItem) {
  const c = i.view.clock;
  return {
    id: i.app.id,
    number: i.app.number,
    agency: { code: i.agencyCode, name: i.agencyName },
    applicantType: i.app.applicantType,
    applicantName: i.app.applicantName,
    channel: i.app.channel,
    subject: i.app.subject,
    state: i.view.state,
    status: i.view.statusLabel,
    receiptDate: c?.receiptDate ?? null,
    dueDate: c?.dueDate ?? null,
    /** 「待2027年节假日安排录入后确定」 when the due date waits for a calendar year. */
    dueDatePending: i.view.pending?.fields.includes('dueDate') ? i.view.pending.reason : null,
    workingDaysLeft: c?.workingDaysLeft ?? null,
    badge: i.badge,
    /** 可结案: the applicant's period ran out unanswered (closableAs), with its label and rule. */
    closable: i.closable,
    handler: i.view.handlerUserId ? { id: i.view.handlerUserId, name: i.view.handlerName } : null,
    outcome: i.view.decision?.outcome ?? null,
  };
}

export async function routes(app: App) {
  app.post('/api/applications', { config: keepsPublicPages(submissionRateLimitConfig()), schema: { tags: ['applications'], summary: '在线提交政府信息公开申请（申请人）', body: onlineApplicationSchema, response: { 201: z.object({ application: z.object({ id: z.number().int(), number: z.string(), status: z.string() }) }) } } }, async (request, reply) => {
    const user = requireUser(request);
    const answer = await idempotent<ApplicationRow>(
      app.db,
      idempotencyKeyOf(request, user),
      (row) => ({ status: 201, body: { application: { id: row.id, number: row.number, status: '待确认' } } }),
      (record) => submitOnline(app.db, user, request.body, { record }),
    );
    return sendAnswer(reply, answer);
  });

  app.post(
    '/api/agencies/:code/applications',
    { schema: { tags: ['applications'], summary: '登记信函、当面、传真、电子邮件申请（登记员）', params: codeParams, body: staffApplicationSchema, response: { 201: z.object({ application: z.object({ id: z.number().int(), number: z.string() }) }) } } },
    async (request, reply) => {
      const user = requireUser(request);
      const answer = await idempotent<ApplicationRow>(
        app.db,
        idempotencyKeyOf(request, user),
        (row) => ({ status: 201, body: { application: { id: row.id, number: row.number } } }),
        (record) => registerByStaff(app.db, user, request.params.code, request.body, request.ip, { record }),
      );
      return sendAnswer(reply, answer);
    },
  );

  app.get(
    '/api/agencies/:code/applications',
    {
      schema: {
        tags: ['applications'],
        summary: '本机关依申请公开件（按答复期限排序；政务公开办可含下级机关）',
        params: codeParams,
        querystring: z.object({
          status: textInput('办理状态').max(40, '办理状态过长').optional(),
          handler: z.union([z.literal('none'), dbId('承办人编号')]).optional(),
          channel: z.enum(CHANNELS).optional(),
          applicantType: z.enum(APPLICANT_TYPES).optional(),
          below: z.enum(['1', '0', 'true', 'false']).optional(),
          ...pageQuery.shape,
        }),
        response: { 200: paged(ApplicationListItem) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const q = request.query;
      const items = await inbox(app.db, user, request.params.code, {
        status: q.status as never,
        handler: q.handler,
        channel: q.channel,
        applicantType: q.applicantType,
        below: q.below === '1' || q.below === 'true',
      });
      return pageOf(items.map(listItem), q);
    },
  );

  app.get(
    '/api/my/applications',
    { schema: { tags: ['applications'], summary: '我的申请（仅本人的）', querystring: pageQuery, response: { 200: paged(ApplicationListItem) } } },
    async (request) => {
    const user = requireUser(request);
    return pageOf((await myApplications(app.db, user)).map(listItem), request.query);
  });

  app.get('/api/applications/:id', { schema: { tags: ['applications'], summary: '一件申请：办理记录、答复期限及其计算说明、文书、文件、可执行的操作', params: idParams, response: { 200: z.object({ application: Application }) } } }, async (request) => {
    const user = requireUser(request);
    const c = await loadCase(app.db, request.params.id);
    assertCanView(user, c);
    const staff = isStaffViewer(user, c);
    return { application: presentCase(c, user, await lettersOf(app.db, c.app.id), staff) };
  });

  app.post(
    '/api/applications/:id/steps',
    { schema: { tags: ['applications'], summary: '办理步骤（确认、补正、征求意见、收费、延期、答复、审批、送达、撤回、拆分、上传）', params: idParams, body: stepSchema, response: { 200: z.object({ result: StepResultAnswer, application: Application }) } } },
    async (request, reply) => {
      const user = requireUser(request);
      // With an Idempotency-Key the step's result is stored with the step; the case is presented as it is now.
      const answer = await idempotent<StepResult>(
        app.db,
        idempotencyKeyOf(request, user),
        (result) => ({ status: 200, body: { result } }),
        (record) => performStep(app.db, user, request.params.id, request.body, request.ip, { record }),
      );
      const c = await loadCase(app.db, request.params.id);
      const { result } = answer.body as { result: StepResult };
      return sendAnswer(reply, { ...answer, body: { result, application: presentCase(c, user, await lettersOf(app.db, c.app.id), isStaffViewer(user, c)) } });
    },
  );

  app.get(
    '/api/applications/:id/duplicates',
    { schema: { tags: ['applications'], summary: '同一申请人此前申请相同信息的件（供参考，不自动处理）', params: idParams, response: { 200: z.object({ items: z.array(DuplicateMatch) }) } } },
    async (request) => {
      const user = requireUser(request);
      const c = await loadCase(app.db, request.params.id, false);
      if (!isStaffViewer(user, c)) throw new AppError(404, 'not_found', '找不到该申请');
      return { items: await duplicatesOf(app.db, c.app) };
    },
  );

  app.get(
    '/api/applications/:id/letters/:file',
    { schema: { tags: ['applications'], summary: '下载文书（.docx / .pdf / .html）', params: z.object({ id: dbId('申请编号'), file: z.string().regex(/^\d+\.(docx|pdf|html)$/, '文件名应为 编号.docx、编号.pdf 或 编号.html') }), response: { 200: binary(Object.values(LETTER_CONTENT_TYPES), '文书') } } },
    async (request, reply) => {
      const user = requireUser(request);
      const c = await loadCase(app.db, request.params.id, false);
      assertCanView(user, c);
      const [letterId, format] = request.params.file.split('.') as [string, LetterFormat];
      const row = await getLetter(app.db, c.app.id, Number(letterId));
      if (!row || !visibleLetters([row], isStaffViewer(user, c)).length) throw new AppError(404, 'not_found', '找不到该文书');
      const bytes = await renderStoredLetter(row, format);
      return reply
        .type(LETTER_CONTENT_TYPES[format])
        .header('content-disposition', attachmentDisposition(letterFilename(row, format), { inline: format === 'html' }))
        .send(bytes);
    },
  );

  app.get(
    '/api/applications/:id/files/:attachmentId',
    { schema: { tags: ['applications'], summary: '下载附件或公开的政府信息', params: z.object({ id: dbId('申请编号'), attachmentId: dbId('附件编号') }), response: { 200: binary(['application/octet-stream'], '文件（以下载方式提供）') } } },
    async (request, reply) => {
      const user = requireUser(request);
      const c = await loadCase(app.db, request.params.id, false);
      assertCanView(user, c);
      const staff = isStaffViewer(user, c);
      const [f] = await app.db.select().from(attachments).where(and(eq(attachments.id, request.params.attachmentId), eq(attachments.ownerId, c.app.id)));
      const disclosed = f?.ownerKind === 'application_disclosed';
      const own = f?.ownerKind.startsWith('application:');
      if (!f || !(disclosed || own) || (!staff && disclosed && !c.view.decision)) throw new AppError(404, 'not_found', '找不到该文件');
      // Served only as a download, never as a page of this site (downloads.ts).
      return reply
        .type(safeDownloadType(f.contentType))
        .header('content-disposition', attachmentDisposition(f.filename))
        .header('cache-control', 'private, no-store')
        .send(f.bytes);
    },
  );

  app.post('/api/appeals', { schema: { tags: ['appeals'], summary: '登记行政复议、行政诉讼案件', body: appealSchema, response: { 201: z.object({ appeal: Appeal }) } } }, async (request, reply) => {
    const user = requireUser(request);
    const answer = await idempotent<AppealRow>(
      app.db,
      idempotencyKeyOf(request, user),
      (row) => ({ status: 201, body: { appeal: appealAnswer(row) } }),
      (record) => recordAppeal(app.db, user, request.body, request.ip, { record }),
    );
    return sendAnswer(reply, answer);
  });

  app.get(
    '/api/agencies/:code/appeals',
    { schema: { tags: ['appeals'], summary: '本机关的行政复议、行政诉讼案件', params: codeParams, querystring: pageQuery, response: { 200: paged(Appeal) } } },
    async (request) => {
    const user = requireUser(request);
    return pageOf((await listAppeals(app.db, user, request.params.code)).map(appealAnswer), request.query);
  });

  app.get(
    '/api/agencies/:code/letter-templates/:kind',
    { schema: { tags: ['applications'], summary: '本机关的文书模板（覆盖默认模板的部分）', params: templateParams, response: { 200: templateAnswer } } },
    async (request) => {
      requireUser(request);
      const { override } = await agencyLetterTemplate(app.db, byOf(request), request.params.code, request.params.kind);
      return { kind: request.params.kind, override };
    },
  );

  app.put(
    '/api/agencies/:code/letter-templates/:kind',
    { schema: { tags: ['applications'], summary: '修改本机关的文书模板（审核人）', params: templateParams, body: z.object({ override: z.unknown() }), response: { 200: templateAnswer } } },
    async (request) => {
      requireUser(request);
      await saveAgencyLetterTemplate(app.db, byOf(request), request.params.code, request.params.kind, request.body.override);
      return { kind: request.params.kind, override: request.body.override };
    },
  );
}
