/**
 * CSV imports of the portal (contracts.md §3), all-or-nothing: every row is checked first, and a bad
 * row rejects the whole file with its line number and the reason (in Chinese); nothing is written.
 *
 *   documents: agency_code, title, doc_number, kind, issued_date, repealed_date, published_date, category, body
 *   figures:   agency_code, year, item, value (+ optional source)
 *
 * A document row: `kind` ∈ rule | normative | other; `category` a catalogue code (e.g. regulations)
 * or its Chinese name (法规文件), empty = 法规文件 for 规章/规范性文件 and 其他 otherwise; or one of the
 * agency's own sub-categories (src/domain/portal/subcategories.ts parseCatalogueRef): its name
 * (工作动态) when the agency has it, or 「类别/子类」 (other/工作动态, 其他/工作动态) — created with the
 * import when it does not exist yet and the importer may set the agency's catalogue
 * (catalogue.manage: the agency's administrators, and the command line), else the file is refused
 * naming the row;
 * `published_date` empty = imported as a draft; `repealed_date` set = 已废止; `body` plain paragraphs
 * or HTML (sanitised either way).
 */
import { csvSyntaxMessage, restoreFormula } from '../../lib/csv.ts';
import { shown } from '../../domain/text/index.ts';
import { parse } from 'csv-parse/sync';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { agencies, documents, documentVersions } from '../../db/schema.ts';
import { isIsoDate } from '../../domain/calendar/index.ts';
import { controlCharacterErrors } from '../../domain/applications/csv.ts';
import { CATEGORIES, DOCUMENT_KINDS, categoryOf, type CategoryCode, type DocumentKind } from '../../domain/portal/categories.ts';
import { parseCatalogueRef } from '../../domain/portal/subcategories.ts';
import { catalogueSubcategories } from '../../db/schema.ts';
import { insertSubcategory, mayManageCatalogue, type SubcategoryRow } from './subcategories.ts';
import { checkDocument, type DocumentStatus } from '../../domain/portal/documents.ts';
import { bodyFromInput, guessFormat } from '../../lib/portal/body.ts';
import { authorizePublishing, searchVectorSql, snapshotOf } from './documents.ts';
import { authorizeFigures } from './figures.ts';
import { auditActor, type By } from '../policies.ts';
import { upsertFigures } from './figures.ts';
import { ALL_FIGURE_ITEMS, figureValue, type AnyFigureItem } from './schemas.ts';
import { publicDataChanged } from '../public-changes.ts';

export class ImportError extends Error {}

interface Row {
  line: number;
  get(column: string): string;
}

/** Reads the file; `multiline` names the columns where a line break or tab may stand (a body). */
function readCsv(text: string, required: readonly string[], optional: readonly string[] = [], multiline: readonly string[] = []): Row[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  // The header as the parser reads it (quotes, a BOM, CR-only line ends), not as a first line split by hand.
  let header: string[] = [];
  try {
    records = parse(text, { columns: (h: string[]) => (header = h.map((x) => String(x).trim())), bom: true, skip_empty_lines: true, trim: false, info: true, relax_column_count: false, cast: (v: string) => restoreFormula(v) });
  } catch (err) {
    throw new ImportError(`CSV 格式错误：${csvSyntaxMessage(err)}`);
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw new ImportError(`CSV 表头缺少列：${missing.join('、')}（应有：${[...required, ...optional].join(', ')}）`);
  const unknown = header.filter((c) => c && !required.includes(c) && !optional.includes(c));
  if (unknown.length) throw new ImportError(`CSV 表头有无法识别的列：${unknown.slice(0, 5).map((c) => shown(c)).join('、')}${unknown.length > 5 ? ` 等 ${unknown.length} 列` : ''}（应有：${[...required, ...optional].join(', ')}）`);
  if (records.length === 0) throw new ImportError('CSV 文件没有数据行');
  // Control characters (a NUL, …) are refused before anything reaches the database.
  for (const r of records) {
    const bad = controlCharacterErrors({ line: r.info.lines, values: r.record }, multiline);
    if (bad.length) throw new ImportError(`第 ${r.info.lines} 行：${bad.join('；')}`);
  }
  return records.map((r) => ({ line: r.info.lines, get: (c: string) => (r.record[c] ?? '').trim() }));
}

async function agencyIds(db: Db, codes: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(codes.filter(Boolean))];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: agencies.id, code: agencies.code }).from(agencies).where(inArray(agencies.code, unique));
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Where a row is filed: a statutory category, or a sub-category (existing, or to create with the import). */
type Filing = { category: CategoryCode; sub: null } | { category: null; sub: SubcategoryRow | { create: true; name: string; parentCategory: CategoryCode } };

/** The agencies' sub-categories by agency and name, and whom the import may create them for. */
async function filingResolver(db: Db, by: By, agencyIdsInFile: number[]) {
  const ids = [...new Set(agencyIdsInFile)];
  const rows = ids.length ? await db.select().from(catalogueSubcategories).where(inArray(catalogueSubcategories.agencyId, ids)) : [];
  const existing = new Map(rows.map((r) => [`${r.agencyId}/${r.name}`, r]));
  const toCreate = new Map<string, { create: true; name: string; parentCategory: CategoryCode }>();
  const mayCreate = new Map<number, boolean>();
  for (const id of ids) mayCreate.set(id, await mayManageCatalogue(db, by, id));
  return {
    toCreate,
    resolve(value: string, kind: DocumentKind, agencyId: number, fail: (why: string) => never): Filing {
      if (!value) return { category: kind === 'other' ? 'other' : 'regulations', sub: null };
      const ref = parseCatalogueRef(value);
      if (ref.kind === 'invalid') return fail(`category“${shown(value)}”：${ref.reason}`);
      if (ref.kind === 'statutory') return { category: ref.code, sub: null };
      const key = `${agencyId}/${ref.name}`;
      const found = existing.get(key) ?? toCreate.get(key);
      if (found) {
        if (ref.parent && ref.parent !== found.parentCategory) {
          fail(`子类“${shown(ref.name)}”在该机关的公开目录中属于“${categoryOf(found.parentCategory).label}”，不属于“${categoryOf(ref.parent).label}”`);
        }
        return { category: null, sub: found };
      }
      if (!ref.parent) {
        fail(`category“${shown(value)}”既不是第二十条的目录类别（${CATEGORIES.map((c) => `${c.code} ${c.label}`).join('、')}），也不是该机关已设置的子类；要新建子类，请写成“类别/子类”，如 other/${ref.name}`);
      }
      if (!mayCreate.get(agencyId)) fail(`该机关的公开目录中没有子类“${shown(ref.name)}”，您没有设置公开目录子类的权限：请本机关系统管理员先在控制台中建立，或由其导入`);
      const created = { create: true as const, name: ref.name, parentCategory: ref.parent! };
      toCreate.set(key, created);
      return { category: null, sub: created };
    },
  };
}

const DOC_COLUMNS = ['agency_code', 'title', 'doc_number', 'kind', 'issued_date', 'repealed_date', 'published_date', 'category', 'body'] as const;

export interface DocumentsImportResult {
  documents: number;
  published: number;
  repealed: number;
  drafts: number;
}

/** Imports documents from CSV text; `today` decides whether a repealed date has passed. */
export async function importDocumentsCsv(db: Db, text: string, by: By, today: string): Promise<DocumentsImportResult> {
  const rows = readCsv(text, DOC_COLUMNS, [], ['body']);
  const ids = await agencyIds(db, rows.map((r) => r.get('agency_code')));
  for (const id of new Set(ids.values())) await authorizePublishing(db, by, id);
  const filing = await filingResolver(db, by, [...ids.values()]);
  const prepared = rows.map((r) => {
    const fail = (why: string): never => {
      throw new ImportError(`第 ${r.line} 行：${why}`);
    };
    const code = r.get('agency_code');
    if (!code) fail('agency_code（机关代码）为空');
    const agencyId = ids.get(code) ?? fail(`机关代码“${shown(code)}”不存在（先用 gongkai agency add 登记该机关）`);
    const title = r.get('title');
    if (!title) fail('title（标题）为空');
    if (title.length > 300) fail('title（标题）超过300个字');
    const kind = (r.get('kind') || 'other') as DocumentKind;
    if (!DOCUMENT_KINDS.includes(kind)) fail(`kind“${shown(r.get('kind'))}”无效，应为 rule（规章）、normative（行政规范性文件）或 other`);
    const dates: Record<string, string | null> = {};
    for (const [col, label] of [['issued_date', '成文日期'], ['repealed_date', '废止日期'], ['published_date', '发布日期']] as const) {
      const v = r.get(col);
      if (v && !isIsoDate(v)) fail(`${col}（${label}）“${shown(v)}”不是有效日期，应为 YYYY-MM-DD`);
      dates[col] = v || null;
    }
    const filed = filing.resolve(r.get('category'), kind, agencyId, fail);
    const docNumber = r.get('doc_number') || null;
    const fields = {
      title,
      kind,
      docNumber,
      writtenDate: dates.issued_date,
      publishedDate: dates.published_date,
      effectiveDate: null,
      repealedDate: dates.repealed_date,
    };
    const problems = checkDocument(fields, { forPublication: fields.publishedDate != null });
    if (problems.length) fail(problems.join('；'));
    const rawBody = r.get('body');
    const body = bodyFromInput(rawBody, guessFormat(rawBody));
    const status: DocumentStatus = !fields.publishedDate ? 'draft' : fields.repealedDate && fields.repealedDate <= today ? 'repealed' : 'published';
    return { agencyId, title, kind, docNumber, filed, body, writtenDate: fields.writtenDate, publishedDate: fields.publishedDate, repealedDate: fields.repealedDate, status };
  });
  const result: DocumentsImportResult = { documents: prepared.length, published: 0, repealed: 0, drafts: 0 };
  await db.transaction(async (tx) => {
    // The sub-categories the file names that do not exist yet (the importer may create them).
    const created = new Map<object, number>();
    for (const c of filing.toCreate.values()) {
      const agencyId = prepared.find((d) => d.filed.sub === c)!.agencyId;
      created.set(c, (await insertSubcategory(tx, by, agencyId, { name: c.name, parentCategory: c.parentCategory, position: 0 })).id);
    }
    for (let i = 0; i < prepared.length; i += 500) {
      const chunk = prepared.slice(i, i + 500);
      const inserted = await tx
        .insert(documents)
        .values(
          chunk.map(({ filed, ...d }) => ({
            ...d,
            category: filed.category,
            subcategoryId: filed.sub ? ('create' in filed.sub ? created.get(filed.sub)! : filed.sub.id) : null,
            createdBy: auditActor(by).actorUserId,
            searchVector: searchVectorSql(d) as never,
          })),
        )
        .returning();
      await tx.insert(documentVersions).values(
        inserted.map((d) => ({
          documentId: d.id,
          version: 1,
          title: d.title,
          body: d.body,
          note: '批量导入',
          changedBy: auditActor(by).actorUserId,
          action: 'import',
          status: d.status,
          snapshot: snapshotOf(d),
        })),
      );
      for (const d of inserted) {
        if (d.status === 'draft') result.drafts++;
        else if (d.status === 'repealed') result.repealed++;
        else result.published++;
      }
    }
    await recordAudit(tx, { ...auditActor(by), action: 'document.import', entity: 'document', detail: { ...result, subcategoriesCreated: created.size } });
  });
  // Merge the search index's pending list now (PGlite has no autovacuum to do it).
  await db.execute(sql`SELECT gin_clean_pending_list('documents_search_idx'::regclass)`);
  // The catalogue changed: the portal pages kept by running servers go (here and across processes).
  await publicDataChanged(db);
  return result;
}

export interface FiguresImportResult {
  rows: number;
  agencies: number;
}

/** Imports figures from CSV text (agency_code, year, item, value [, source]). */
export async function importFiguresCsv(db: Db, text: string, by: By, defaultSource: string): Promise<FiguresImportResult> {
  const rows = readCsv(text, ['agency_code', 'year', 'item', 'value'], ['source']);
  const ids = await agencyIds(db, rows.map((r) => r.get('agency_code')));
  for (const id of new Set(ids.values())) await authorizeFigures(db, by, id);
  const groups = new Map<string, { agencyId: number; year: number; values: Partial<Record<AnyFigureItem, number>>; source: string }>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const fail = (why: string): never => {
      throw new ImportError(`第 ${r.line} 行：${why}`);
    };
    const code = r.get('agency_code');
    const agencyId = ids.get(code) ?? fail(code ? `机关代码“${shown(code)}”不存在` : 'agency_code（机关代码）为空');
    const yearText = r.get('year');
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 2008 || year > 2100) fail(`year“${shown(yearText)}”不是有效年度（如 2023）`);
    const item = r.get('item') as AnyFigureItem;
    if (!ALL_FIGURE_ITEMS.includes(item)) fail(`item“${shown(r.get('item'))}”无效，应为 ${ALL_FIGURE_ITEMS.join('、')} 之一`);
    const valueText = r.get('value');
    if (valueText === '') fail('value（数值）为空');
    const parsed = figureValue(item).safeParse(valueText);
    if (!parsed.success) fail(`value“${shown(valueText)}”${parsed.error.issues[0].message}`);
    const key = `${code}/${year}/${item}`;
    if (seen.has(key)) fail(`与第 ${seen.get(key)} 行重复（同一机关、年度和项目）`);
    seen.set(key, r.line);
    const groupKey = `${agencyId}/${year}/${r.get('source')}`;
    const g = groupKey && groups.get(groupKey);
    const group = g || { agencyId, year, values: {}, source: r.get('source') || defaultSource };
    group.values[item] = parsed.data!;
    groups.set(groupKey, group);
  }
  await db.transaction(async (tx) => {
    for (const g of groups.values()) await upsertFigures(tx, g.agencyId, g.year, g.values, g.source, by);
  });
  await publicDataChanged(db);
  return { rows: rows.length, agencies: new Set([...groups.values()].map((g) => g.agencyId)).size };
}
