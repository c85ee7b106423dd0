/**
 * Catalogue documents (主动公开): the use cases. Every change writes the document row, a new
 * version (document_versions, a full snapshot) and an audit entry in one transaction; nothing is
 * deleted. The search vector (src/lib/search/bigram.ts) is written with the row.
 *
 * Who may: every change needs document.publish at the document's agency, checked here (`by`); an
 * unpublished document is visible only with document.view_draft (readDocument).
 */
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { agencies, attachments, documents, documentVersions } from '../../db/schema.ts';
import { todayInShanghai } from '../../domain/calendar/index.ts';
import {
  checkDocument,
  isPublic,
  PUBLIC_STATUSES,
  refuseAction,
  type DocumentAction,
  type DocumentStatus,
} from '../../domain/portal/documents.ts';
import { documentVectorLiteral } from '../../lib/search/bigram.ts';
import { bodyFromInput } from '../../lib/portal/body.ts';
import { AppError, notFound } from '../errors.ts';
import { agencyPath } from '../agencies.ts';
import { auditActor, authorizeBy, canBy, type By } from '../policies.ts';
import type { RecordAnswer } from '../idempotency.ts';
import { categoryFilterSql, filedCategorySql, getSubcategory } from './subcategories.ts';
import {
  documentInputSchema,
  publishSchema,
  repealSchema,
  withdrawSchema,
  type DocumentInput,
  type DocumentInputParsed,
} from './schemas.ts';

export type DocumentRow = typeof documents.$inferSelect;
export type VersionRow = typeof documentVersions.$inferSelect;

export type { By };

/**
 * The document `id` as `by` may see it: a public one (published or repealed) for everyone, any other
 * only for those who may see drafts of its agency (document.view_draft); otherwise 404, so that an
 * unpublished document's existence is not disclosed.
 */
export async function readDocument(db: DbOrTx, by: By, id: number): Promise<DocumentRow> {
  const d = await findDocument(db, id);
  if (!d || (!isPublic(d.status) && !canBy(by, 'document.view_draft', { agencyPath: await agencyPath(db, d.agencyId) }))) {
    throw notFound(`找不到编号为 ${id} 的文件`);
  }
  return d;
}

/**
 * The document page `id` as `by` may see it: a public one for everyone, a draft or withdrawn one only
 * as a preview for those who may see its agency's drafts (document.view_draft); otherwise 404, so
 * that an unpublished document's existence is not disclosed.
 */
export async function visibleDocumentPage(db: DbOrTx, by: By, id: number): Promise<DocumentPage & { preview: boolean }> {
  const page = await findDocumentPage(db, id);
  if (page && isPublic(page.doc.status)) return { ...page, preview: false };
  if (page && (await seesDrafts(db, by, page.doc.agencyId))) return { ...page, preview: true };
  throw notFound('找不到该文件，它可能已被撤回或从未公开');
}

/** Whether `by` sees the drafts and history of `agencyId`'s catalogue. */
export async function seesDrafts(db: DbOrTx, by: By, agencyId: number): Promise<boolean> {
  return canBy(by, 'document.view_draft', { agencyPath: await agencyPath(db, agencyId) });
}

/** Refuses unless `by` may publish in `agencyId`'s catalogue (document.publish). */
export async function authorizePublishing(db: DbOrTx, by: By, agencyId: number): Promise<void> {
  authorizeBy(by, 'document.publish', { agencyPath: await agencyPath(db, agencyId) });
}

/** The document `id` for a change by `by`: 404 when `by` may not see it, 403 when it may not publish. */
export async function documentForEditing(tx: DbOrTx, by: By, id: number): Promise<DocumentRow> {
  const cur = await readDocument(tx, by, id);
  await authorizePublishing(tx, by, cur.agencyId);
  return cur;
}

/** Every field of a document that a version keeps. */
export interface DocumentSnapshot {
  title: string;
  docNumber: string | null;
  issuer: string | null;
  kind: DocumentRow['kind'];
  category: string | null;
  subcategoryId?: number | null;
  body: string;
  writtenDate: string | null;
  publishedDate: string | null;
  effectiveDate: string | null;
  repealedDate: string | null;
  status: DocumentStatus;
}

export function snapshotOf(d: DocumentRow): DocumentSnapshot {
  return {
    title: d.title,
    docNumber: d.docNumber,
    issuer: d.issuer,
    kind: d.kind,
    category: d.category,
    subcategoryId: d.subcategoryId,
    body: d.body,
    writtenDate: d.writtenDate,
    publishedDate: d.publishedDate,
    effectiveDate: d.effectiveDate,
    repealedDate: d.repealedDate,
    status: d.status,
  };
}

/** The search vector of a document's fields, as a SQL value. */
export function searchVectorSql(d: { title: string; docNumber: string | null; body: string }): SQL {
  return sql`${documentVectorLiteral({ title: d.title, docNumber: d.docNumber, body: d.body })}::tsvector`;
}

function invalid(problems: string[]): AppError {
  return new AppError(400, 'validation_failed', problems.join('；'), { problems });
}

/** Parses input with the schema, turning zod issues into one Chinese message. */
export function parseDocumentInput(input: unknown): DocumentInputParsed {
  const r = documentInputSchema.safeParse(input);
  if (!r.success) throw invalid(r.error.issues.map((i) => (i.path.length ? `${fieldLabel(String(i.path[0]))}：${i.message}` : i.message)));
  return r.data;
}

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  docNumber: '文号',
  issuer: '发文机关',
  kind: '文件类型',
  category: '目录类别',
  subcategoryId: '子类',
  writtenDate: '成文日期',
  effectiveDate: '施行日期',
  repealedDate: '废止日期',
  body: '正文',
  bodyFormat: '正文格式',
  publishedDate: '发布日期',
  reason: '原因',
};
function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? key;
}

async function addVersion(tx: DbOrTx, doc: DocumentRow, action: DocumentAction, by: By, note?: string | null) {
  const [{ n }] = await tx
    .select({ n: sql<number>`coalesce(max(${documentVersions.version}), 0)::int` })
    .from(documentVersions)
    .where(eq(documentVersions.documentId, doc.id));
  const version = n + 1;
  await tx.insert(documentVersions).values({
    documentId: doc.id,
    version,
    title: doc.title,
    body: doc.body,
    note: note ?? null,
    changedBy: auditActor(by).actorUserId,
    action,
    status: doc.status,
    snapshot: snapshotOf(doc),
  });
  await recordAudit(tx, {
    ...auditActor(by),
    action: `document.${action}`,
    entity: 'document',
    entityId: doc.id,
    detail: { version, title: doc.title, status: doc.status, ...(note ? { note } : {}) },
  });
  return version;
}

export async function findDocument(db: DbOrTx, id: number): Promise<DocumentRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2147483647) return undefined;
  const rows = await db.select().from(documents).where(eq(documents.id, id)).limit(1);
  return rows[0];
}

/** A document as its public page shows it: the row without the search vector, its attachments and the number of its public versions. */
export interface DocumentPage {
  doc: Omit<DocumentRow, 'searchVector'>;
  /** The statutory category it is filed under (its sub-category's parent, else its own) and the sub-category's name. */
  filedCategory: string | null;
  subcategoryName: string | null;
  files: Array<{ id: number; filename: string; size: number }>;
  /** Versions that were public when made (PUBLIC_STATUSES): the page links to 历史版本 when there is more than one. */
  publicVersions: number;
}

const { searchVector: _searchVector, ...PAGE_COLUMNS } = getTableColumns(documents);

/**
 * (The subqueries name `documents.id` in SQL: drizzle writes a column of the selected table without
 * its table name, which inside a subquery would mean the subquery's own `id`.)
 *
 * The document page's data in ONE query (the page used to make four, one of them reading every
 * version's full text just to count them, and the row's ~10 KB search vector it never shows).
 */
export async function findDocumentPage(db: DbOrTx, id: number): Promise<DocumentPage | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2147483647) return undefined;
  const [row] = await db
    .select({
      ...PAGE_COLUMNS,
      publicVersions: sql<number>`(select count(*)::int from ${documentVersions} v where v.document_id = documents.id and v.status in (${sql.join(
        PUBLIC_STATUSES.map((st) => sql`${st}`),
        sql`, `,
      )}))`,
      files: sql<DocumentPage['files'] | string | null>`(select json_agg(json_build_object('id', f.id, 'filename', f.filename, 'size', f.size) order by f.id)
        from ${attachments} f where f.owner_kind = 'document' and f.owner_id = documents.id and f.removed_at is null)`,
      filedCategory: sql<string | null>`${filedCategorySql()}`,
      subcategoryName: sql<string | null>`(select s.name from catalogue_subcategories s where s.id = documents.subcategory_id)`,
    })
    .from(documents)
    .where(eq(documents.id, id))
    .limit(1);
  if (!row) return undefined;
  const { publicVersions, files, filedCategory, subcategoryName, ...doc } = row;
  const list = (typeof files === 'string' ? JSON.parse(files) : files) ?? [];
  return { doc, filedCategory, subcategoryName, files: list, publicVersions: Number(publicVersions) };
}

export async function getDocument(db: DbOrTx, id: number): Promise<DocumentRow> {
  const d = await findDocument(db, id);
  if (!d) throw notFound(`找不到编号为 ${id} 的文件`);
  return d;
}

/**
 * The stored columns of a document from its validated input (the body sanitised). Filed under a
 * sub-category (which must be the agency's own), it keeps no category of its own.
 */
async function documentFields(tx: DbOrTx, agencyId: number, p: ReturnType<typeof parseDocumentInput>) {
  const subcategoryId = p.subcategoryId ? (await getSubcategory(tx, agencyId, p.subcategoryId)).id : null;
  return {
    title: p.title,
    docNumber: p.docNumber ?? null,
    issuer: p.issuer ?? null,
    kind: p.kind,
    category: subcategoryId ? null : p.category,
    subcategoryId,
    body: bodyFromInput(p.body, p.bodyFormat),
    writtenDate: p.writtenDate ?? null,
    effectiveDate: p.effectiveDate ?? null,
    repealedDate: p.repealedDate ?? null,
  };
}

/** Creates a draft in `agencyId`'s catalogue (version 1). */
/** Creates a draft; `opts.record` (an Idempotency-Key's answer) is written in the same transaction. */
export async function createDocument(db: Db, agencyId: number, input: DocumentInput | unknown, by: By, opts: { record?: RecordAnswer<DocumentRow> } = {}): Promise<DocumentRow> {
  await authorizePublishing(db, by, agencyId);
  const p = parseDocumentInput(input);
  const fields = await documentFields(db, agencyId, p);
  const problems = checkDocument({ ...fields, publishedDate: null });
  if (problems.length) throw invalid(problems);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documents)
      .values({ agencyId, ...fields, status: 'draft', createdBy: auditActor(by).actorUserId, searchVector: searchVectorSql(fields) as never })
      .returning();
    await addVersion(tx, row, 'create', by, p.note);
    await opts.record?.(tx, row);
    return row;
  });
}

/** Edits a document (a draft, a published or a withdrawn one); a new version keeps the old text retrievable. */
export async function updateDocument(db: Db, id: number, input: DocumentInput | unknown, by: By): Promise<DocumentRow> {
  const p = parseDocumentInput(input);
  return db.transaction(async (tx) => {
    const cur = await documentForEditing(tx, by, id);
    const refused = refuseAction('edit', cur.status);
    if (refused) throw new AppError(409, 'document_state', refused);
    const fields = await documentFields(tx, cur.agencyId, p);
    const problems = checkDocument({ ...fields, publishedDate: cur.publishedDate }, { forPublication: cur.status === 'published' });
    if (problems.length) throw invalid(problems);
    const [row] = await tx
      .update(documents)
      .set({ ...fields, updatedAt: new Date(), searchVector: searchVectorSql(fields) as never })
      .where(eq(documents.id, id))
      .returning();
    await addVersion(tx, row, 'edit', by, p.note);
    return row;
  });
}

function parseOr(schema: { safeParse(v: unknown): { success: true; data: any } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, input: unknown) {
  const r = schema.safeParse(input ?? {});
  if (!r.success) throw invalid(r.error.issues.map((i) => (i.path.length ? `${fieldLabel(String(i.path[0]))}：${i.message}` : i.message)));
  return r.data;
}

/** Publishes a draft or a withdrawn document (发布日期 defaults to today in Asia/Shanghai). */
export async function publishDocument(
  db: Db,
  id: number,
  input: { publishedDate?: string | null; note?: string } | unknown,
  by: By,
  now: Date = new Date(),
): Promise<DocumentRow> {
  const p = parseOr(publishSchema, input) as { publishedDate?: string | null; note?: string };
  return db.transaction(async (tx) => {
    const cur = await documentForEditing(tx, by, id);
    const refused = refuseAction('publish', cur.status);
    if (refused) throw new AppError(409, 'document_state', refused);
    const publishedDate = p.publishedDate ?? cur.publishedDate ?? todayInShanghai(now);
    const problems = checkDocument({ ...snapshotOf(cur), publishedDate }, { forPublication: true });
    if (problems.length) throw invalid(problems);
    const status: DocumentStatus = cur.repealedDate && cur.repealedDate <= todayInShanghai(now) ? 'repealed' : 'published';
    const [row] = await tx.update(documents).set({ status, publishedDate, updatedAt: new Date() }).where(eq(documents.id, id)).returning();
    await addVersion(tx, row, 'publish', by, p.note);
    return row;
  });
}

/** Takes a published document off the portal (its versions stay in the record). */
export async function withdrawDocument(db: Db, id: number, input: { reason: string } | unknown, by: By): Promise<DocumentRow> {
  const p = parseOr(withdrawSchema, input) as { reason: string };
  return db.transaction(async (tx) => {
    const cur = await documentForEditing(tx, by, id);
    const refused = refuseAction('withdraw', cur.status);
    if (refused) throw new AppError(409, 'document_state', refused);
    const [row] = await tx.update(documents).set({ status: 'withdrawn', updatedAt: new Date() }).where(eq(documents.id, id)).returning();
    await addVersion(tx, row, 'withdraw', by, p.reason);
    return row;
  });
}

/** Repeals (废止) a published 规章 or 规范性文件 as of `repealedDate`; it stays public, marked 已废止. */
export async function repealDocument(
  db: Db,
  id: number,
  input: { repealedDate: string; note?: string } | unknown,
  by: By,
): Promise<DocumentRow> {
  const p = parseOr(repealSchema, input) as { repealedDate: string; note?: string };
  return db.transaction(async (tx) => {
    const cur = await documentForEditing(tx, by, id);
    const refused = refuseAction('repeal', cur.status);
    if (refused) throw new AppError(409, 'document_state', refused);
    if (cur.kind === 'other') throw new AppError(409, 'document_kind', '只有规章和行政规范性文件可以废止；其他文件如需下线，请使用撤回');
    const problems = checkDocument({ ...snapshotOf(cur), repealedDate: p.repealedDate });
    if (problems.length) throw invalid(problems);
    const [row] = await tx
      .update(documents)
      .set({ status: 'repealed', repealedDate: p.repealedDate, updatedAt: new Date() })
      .where(eq(documents.id, id))
      .returning();
    await addVersion(tx, row, 'repeal', by, p.note);
    return row;
  });
}

export interface ListOptions {
  agencyId?: number;
  /** A statutory category: documents filed under it directly or through a sub-category. */
  category?: string;
  /** One sub-category only. */
  subcategoryId?: number;
  /** Only what the public may see (published and repealed). Default true. */
  publicOnly?: boolean;
  statuses?: DocumentStatus[];
  limit?: number;
  offset?: number;
}

export interface DocumentListItem {
  id: number;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  title: string;
  docNumber: string | null;
  kind: DocumentRow['kind'];
  /** The statutory category it is filed under (derived through its sub-category). */
  category: string | null;
  subcategoryId: number | null;
  status: DocumentStatus;
  writtenDate: string | null;
  publishedDate: string | null;
  repealedDate: string | null;
  viewCount: number;
  updatedAt: Date;
}

/** Documents, newest publication first (drafts by creation), with their total. */
/**
 * An agency's whole catalogue for its staff (drafts included: document.view_draft), and whether `by`
 * may change it (document.publish).
 */
export async function staffCatalogue(db: Db, by: By, agencyId: number, o: Omit<ListOptions, 'agencyId' | 'publicOnly'> = {}) {
  const path = await agencyPath(db, agencyId);
  authorizeBy(by, 'document.view_draft', { agencyPath: path });
  const { total, items } = await listDocuments(db, { ...o, agencyId, publicOnly: false });
  return { total, items, mayPublish: canBy(by, 'document.publish', { agencyPath: path }) };
}

export async function listDocuments(db: Db, o: ListOptions = {}): Promise<{ total: number; items: DocumentListItem[] }> {
  const conds: SQL[] = [];
  if (o.agencyId != null) conds.push(eq(documents.agencyId, o.agencyId));
  if (o.category) conds.push(categoryFilterSql(o.category));
  if (o.subcategoryId != null) conds.push(eq(documents.subcategoryId, o.subcategoryId));
  const statuses = o.statuses ?? ((o.publicOnly ?? true) ? [...PUBLIC_STATUSES] : undefined);
  if (statuses) conds.push(inArray(documents.status, statuses));
  const where = conds.length ? and(...conds) : undefined;
  const countQuery = async () => (await db.select({ total: sql<number>`count(*)::int` }).from(documents).where(where))[0].total;
  // One agency's list: the page and its total in one query (count(*) over ()). Across every agency
  // the window would sort every document for the top 10, so the total is a query of its own there.
  const windowed = o.agencyId != null;
  const total = windowed ? null : await countQuery();
  const rows = await db
    .select({
      ...(windowed ? { windowTotal: sql<number>`count(*) over ()`.mapWith(Number) } : {}),
      id: documents.id,
      agencyId: documents.agencyId,
      agencyCode: agencies.code,
      agencyName: agencies.name,
      title: documents.title,
      docNumber: documents.docNumber,
      kind: documents.kind,
      category: sql<string | null>`${filedCategorySql()}`,
      subcategoryId: documents.subcategoryId,
      status: documents.status,
      writtenDate: documents.writtenDate,
      publishedDate: documents.publishedDate,
      repealedDate: documents.repealedDate,
      viewCount: documents.viewCount,
      updatedAt: documents.updatedAt,
    })
    .from(documents)
    .innerJoin(agencies, eq(agencies.id, documents.agencyId))
    .where(where)
    .orderBy(sql`${documents.publishedDate} DESC NULLS LAST`, desc(documents.id))
    .limit(o.limit ?? 20)
    .offset(o.offset ?? 0);
  const items: DocumentListItem[] = rows.map(({ windowTotal: _w, ...item }: typeof rows[number] & { windowTotal?: number }) => item);
  if (total != null) return { total, items };
  const first = rows[0] as { windowTotal?: number } | undefined;
  if (first?.windowTotal != null) return { total: first.windowTotal, items };
  // An empty page: nothing at all, or a page past the end.
  return { total: o.offset ? await countQuery() : 0, items };
}

/** Public document counts per category of an agency. */
export async function categoryCounts(db: Db, agencyId: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ category: sql<string | null>`${filedCategorySql()}`, n: sql<number>`count(*)::int` })
    .from(documents)
    .where(and(eq(documents.agencyId, agencyId), inArray(documents.status, [...PUBLIC_STATUSES])))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [r.category ?? 'other', r.n]));
}

/** A document's versions, oldest first. `publicOnly`: only versions that were public when made. */
export async function listVersions(db: DbOrTx, documentId: number, o: { publicOnly?: boolean } = {}): Promise<VersionRow[]> {
  const rows = await db.select().from(documentVersions).where(eq(documentVersions.documentId, documentId)).orderBy(asc(documentVersions.version));
  return o.publicOnly ? rows.filter((v) => v.status != null && isPublic(v.status as DocumentStatus)) : rows;
}

export async function getVersion(db: DbOrTx, documentId: number, version: number): Promise<VersionRow> {
  const rows = await db
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)))
    .limit(1);
  if (!rows[0]) throw notFound(`文件 ${documentId} 没有第 ${version} 版`);
  return rows[0];
}

/** Version `n` of a document `by` sees (visibleDocumentPage): in a public view, only versions that were public. */
export async function visibleVersion(db: DbOrTx, page: { doc: { id: number }; preview: boolean }, n: number): Promise<VersionRow> {
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw notFound('没有这个版本');
  const v = await getVersion(db, page.doc.id, n);
  if (!page.preview && !(v.status && isPublic(v.status as DocumentStatus))) throw notFound('该版本未曾公开');
  return v;
}
