/**
 * Portal API: search (contracts.md §4: `GET /api/search?q=…` → `{ total, items: [{ title, url, … }] }`),
 * documents (read; create, edit, publish, withdraw, repeal for the agency's 信息公开专员) and the
 * year figures of table 1.
 */
import { z } from 'zod';
import { agencyCodeParam, dbId } from '../../app/schemas.ts';
import type { App } from '../app.ts';
import { requireUser } from '../app.ts';
import { agencyPath, getAgencyByCode } from '../../app/agencies.ts';
import { authorize, can } from '../../app/policies.ts';
import { notFound } from '../../app/errors.ts';
import { isPublic, type DocumentStatus } from '../../domain/portal/documents.ts';
import {
  createDocument,
  findDocument,
  listDocuments,
  listVersions,
  publishDocument,
  repealDocument,
  updateDocument,
  withdrawDocument,
  type DocumentRow,
} from '../../app/portal/documents.ts';
import { loadFigures } from '../../app/portal/facts.ts';
import { saveFigures } from '../../app/portal/figures.ts';
import { searchDocuments } from '../../app/portal/search.ts';
import { searchQuerySchema } from '../../app/portal/schemas.ts';
import { viewCounterFor } from '../../app/portal/views.ts';
import { readDb } from '../read-db.ts';

const idParams = z.object({ id: dbId('文件编号') });
const codeParams = z.object({ code: agencyCodeParam(100) });
const figuresParams = z.object({ code: agencyCodeParam(100), year: z.coerce.number().int().min(2008).max(2100) });

function presentDocument(d: DocumentRow, pendingViews = 0) {
  return {
    id: d.id,
    url: `/documents/${d.id}`,
    agencyId: d.agencyId,
    title: d.title,
    docNumber: d.docNumber,
    issuer: d.issuer,
    kind: d.kind,
    category: d.category,
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
  const by = (request: { currentUser: { userId: number } | null; ip: string }) => ({ actorUserId: request.currentUser?.userId ?? null, ip: request.ip });

  async function authorizeAt(request: Parameters<typeof requireUser>[0], agencyId: number, action: 'document.publish' | 'document.view_draft' | 'figures.edit') {
    authorize(request.currentUser, action, { agencyPath: await agencyPath(app.db, agencyId) });
  }

  async function readable(request: Parameters<typeof requireUser>[0], id: number) {
    const d = await findDocument(app.db, id);
    if (!d) throw notFound(`找不到编号为 ${id} 的文件`);
    if (!isPublic(d.status) && !can(request.currentUser, 'document.view_draft', { agencyPath: await agencyPath(app.db, d.agencyId) })) {
      throw notFound(`找不到编号为 ${id} 的文件`);
    }
    return d;
  }

  app.get('/api/search', { schema: { querystring: searchQuerySchema, tags: ['portal'], summary: '检索公开的政府信息（标题、文号、正文）' } }, async (request) => {
    const r = await searchDocuments(readDb(request), request.query);
    return { total: r.total, page: r.page, size: r.size, terms: r.terms, tookMs: r.tookMs, items: r.items };
  });

  app.get('/api/documents/:id', { schema: { params: idParams, tags: ['portal'], summary: '文件详情' } }, async (request) => {
    const d = await readable(request, request.params.id);
    return presentDocument(d, viewCounterFor(app.db).pending(d.id));
  });

  app.get('/api/documents/:id/versions', { schema: { params: idParams, tags: ['portal'], summary: '文件的历史版本' } }, async (request) => {
    const d = await readable(request, request.params.id);
    const staff = can(request.currentUser, 'document.view_draft', { agencyPath: await agencyPath(app.db, d.agencyId) });
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
      },
    },
    async (request) => {
      const a = await getAgencyByCode(app.db, request.params.code);
      const s = request.query.status;
      let statuses: DocumentStatus[] | undefined;
      if (s && s !== 'published' && s !== 'repealed') {
        await authorizeAt(request, a.id, 'document.view_draft');
        statuses = s === 'all' ? undefined : [s];
      } else statuses = s ? [s] : ['published', 'repealed'];
      const r = await listDocuments(app.db, { agencyId: a.id, statuses, publicOnly: false, limit: request.query.size, offset: (request.query.page - 1) * request.query.size });
      return { total: r.total, items: r.items.map((d) => ({ ...d, url: `/documents/${d.id}`, updatedAt: d.updatedAt.toISOString() })) };
    },
  );

  app.post('/api/agencies/:code/documents', { schema: { params: codeParams, tags: ['portal'], summary: '新建文件（草稿）' } }, async (request, reply) => {
    requireUser(request);
    const a = await getAgencyByCode(app.db, request.params.code);
    await authorizeAt(request, a.id, 'document.publish');
    const d = await createDocument(app.db, a.id, request.body, by(request));
    return reply.code(201).send(presentDocument(d));
  });

  app.patch('/api/documents/:id', { schema: { params: idParams, tags: ['portal'], summary: '修改文件（产生新版本）' } }, async (request) => {
    requireUser(request);
    const d = await readable(request, request.params.id);
    await authorizeAt(request, d.agencyId, 'document.publish');
    return presentDocument(await updateDocument(app.db, d.id, request.body, by(request)));
  });

  for (const [action, summary] of [
    ['publish', '发布文件'],
    ['withdraw', '撤回文件'],
    ['repeal', '废止文件（规章、规范性文件）'],
  ] as const) {
    app.post(`/api/documents/:id/${action}`, { schema: { params: idParams, tags: ['portal'], summary } }, async (request) => {
      requireUser(request);
      const d = await readable(request, request.params.id);
      await authorizeAt(request, d.agencyId, 'document.publish');
      const fn = action === 'publish' ? publishDocument : action === 'withdraw' ? withdrawDocument : repealDocument;
      return presentDocument(await fn(app.db, d.id, request.body as never, by(request)));
    });
  }

  app.get('/api/agencies/:code/figures/:year', { schema: { params: figuresParams, tags: ['portal'], summary: '年度许可、处罚、强制、收费数据' } }, async (request) => {
    const a = await getAgencyByCode(app.db, request.params.code);
    await authorizeAt(request, a.id, 'figures.edit');
    const f = await loadFigures(app.db, a.id, request.params.year);
    return { year: request.params.year, figures: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, { value: v!.value, source: v!.source, updatedAt: v!.updatedAt.toISOString() }])) };
  });

  app.put('/api/agencies/:code/figures/:year', { schema: { params: figuresParams, tags: ['portal'], summary: '填报年度许可、处罚、强制、收费数据' } }, async (request) => {
    requireUser(request);
    const a = await getAgencyByCode(app.db, request.params.code);
    await authorizeAt(request, a.id, 'figures.edit');
    const f = await saveFigures(app.db, a.id, request.params.year, request.body, by(request));
    return { year: request.params.year, figures: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, { value: v!.value, source: v!.source, updatedAt: v!.updatedAt.toISOString() }])) };
  });
}
