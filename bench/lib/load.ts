/**
 * Loads a generated province into Gongkai's own schema (src/db/schema.ts, migrations in drizzle/):
 * PGlite in a temporary folder by default, PostgreSQL when GONGKAI_BENCH_DATABASE_URL or
 * DATABASE_URL is set (the tables of that database are emptied first only if they are empty or
 * hold an earlier benchmark province — a database with other data is refused).
 *
 * Rows go in by multi-row INSERT … SELECT FROM unnest($1::type[], …): one statement per batch of
 * rows, one array parameter per column; it works the same on PGlite and node-postgres.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/index.ts';
import type { CategoryCode } from '../../src/domain/portal/categories.ts';
import { documentVectorLiteral } from '../../src/lib/search/bigram.ts';
import type { AgencyData, Province } from './generate.ts';

/**
 * The generator's catalogue headings (bench/lib/corpus.ts CATEGORIES) as the portal's category codes
 * (src/domain/portal/categories.ts, 第二十条), so the catalogue pages list the generated documents.
 */
const CATEGORY_OF: Record<string, CategoryCode> = {
  政策文件: 'regulations',
  规划计划: 'plans',
  财政信息: 'budget',
  人事信息: 'recruitment',
  行政许可: 'licensing',
  行政处罚: 'enforcement',
  公共服务: 'social',
  应急管理: 'emergency',
  重大项目: 'projects',
  民生保障: 'social',
};
export function categoryCode(label: string): CategoryCode {
  return CATEGORY_OF[label] ?? 'other';
}

/** The document columns the loaders write; the search vector is computed here as the portal does (src/lib/search/bigram.ts). */
const DOCUMENT_COLUMNS: Array<[string, string]> = [
  ['agency_id', 'int'], ['title', 'text'], ['doc_number', 'text'], ['kind', 'text'], ['category', 'text'], ['body', 'text'],
  ['written_date', 'date'], ['published_date', 'date'], ['repealed_date', 'date'], ['status', 'text'], ['search_vector', 'tsvectortext'],
];

export interface RawClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** The driver's own client under Drizzle (PGlite or a pg.Pool): both take (text, params). */
export function rawClient(database: Database): RawClient {
  return (database.db as unknown as { $client: RawClient }).$client;
}

export async function openBenchDatabase(tmpDir: string, databaseUrl: string | null): Promise<Database> {
  if (databaseUrl) {
    const database = await openDatabase({ url: databaseUrl });
    const client = rawClient(database);
    const { rows } = await client.query<{ n: number; bench: number }>(
      `SELECT (SELECT count(*) FROM agencies)::int AS n, (SELECT count(*) FROM agencies WHERE code = '220000' AND name = '东川省人民政府')::int AS bench`,
    );
    if (rows[0].n > 0 && rows[0].bench === 0) {
      await database.close();
      throw new Error('基准测试用的 PostgreSQL 数据库中已有其他数据：请为基准测试另建一个空数据库（GONGKAI_BENCH_DATABASE_URL）');
    }
    if (rows[0].n > 0) {
      // An earlier benchmark province: empty the tables (the append-only triggers refuse TRUNCATE, so drop them for this).
      await client.query(`ALTER TABLE application_events DISABLE TRIGGER USER`);
      await client.query(`TRUNCATE application_events, appeals, applications, documents, document_versions, figures, reports, staff_roles, agencies RESTART IDENTITY CASCADE`);
      await client.query(`ALTER TABLE application_events ENABLE TRIGGER USER`);
    }
    return database;
  }
  const dir = path.join(tmpDir, `pglite-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return openDatabase({ dataDir: dir });
}

export interface LoadStats {
  agencies: number;
  applications: number;
  events: number;
  appeals: number;
  documents: number;
  figures: number;
  ms: number;
}

export interface LoadOptions {
  /** Load the documents too (default true). */
  documents?: boolean;
  /** Rows per INSERT statement (default 5,000). */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

class Batch {
  private readonly cols: unknown[][];
  constructor(
    private readonly client: RawClient,
    private readonly table: string,
    private readonly columns: Array<[name: string, type: string]>,
    private readonly size: number,
  ) {
    this.cols = columns.map(() => []);
  }
  rows = 0;
  async add(...values: unknown[]): Promise<void> {
    for (let i = 0; i < values.length; i++) this.cols[i].push(values[i]);
    this.rows++;
  }
  /** Rows waiting; the caller flushes (parents before children, for the foreign keys). */
  get full(): boolean {
    return this.cols[0].length >= this.size;
  }
  async flush(): Promise<void> {
    if (this.cols[0].length === 0) return;
    const names = this.columns.map((c) => `"${c[0]}"`).join(', ');
    // 'jsonbtext': the JSON goes in as text and is cast in the SELECT.
    // 'tsvectortext': likewise, cast to tsvector.
    const cast: Record<string, string> = { jsonbtext: 'jsonb', tsvectortext: 'tsvector' };
    const arrays = this.columns.map((c, i) => `$${i + 1}::${cast[c[1]] ? 'text' : c[1]}[]`).join(', ');
    const select = this.columns.map((c, i) => (cast[c[1]] ? `x${i}::${cast[c[1]]}` : `x${i}`)).join(', ');
    const aliases = this.columns.map((_, i) => `x${i}`).join(', ');
    // The rows are taken before the first await: a caller may fill the next batch while this one is
    // being written (loadMoreDocuments keeps one INSERT in flight).
    const params = this.cols.map((c) => c.splice(0));
    await this.client.query(`INSERT INTO ${this.table} (${names}) SELECT ${select} FROM unnest(${arrays}) AS t(${aliases})`, params);
  }
}

/**
 * Loads every agency of `province` with its applications (and their events), appeals, documents
 * and figures. Ids are assigned here (agency id = index + 1) and the sequences moved past them.
 */
export async function loadProvince(database: Database, province: Province, options: LoadOptions = {}): Promise<LoadStats> {
  const t0 = performance.now();
  const client = rawClient(database);
  const size = options.batch ?? 5000;
  const withDocs = options.documents ?? true;
  const agencies = new Batch(client, 'agencies', [['id', 'int'], ['code', 'text'], ['name', 'text'], ['parent_id', 'int']], size);
  const codeToId = new Map(province.agencies.map((a) => [a.code, a.index + 1]));
  for (const a of province.agencies) {
    await agencies.add(a.index + 1, a.code, a.name, a.parentCode ? codeToId.get(a.parentCode) : null);
    if (agencies.full) await agencies.flush();
  }
  await agencies.flush();

  const apps = new Batch(
    client,
    'applications',
    [['id', 'int'], ['agency_id', 'int'], ['number', 'text'], ['applicant_type', 'text'], ['applicant_name', 'text'], ['channel', 'text'], ['subject', 'text']],
    size,
  );
  const events = new Batch(client, 'application_events', [['application_id', 'int'], ['seq', 'int'], ['type', 'text'], ['payload', 'jsonbtext']], size * 4);
  const appeals = new Batch(
    client,
    'appeals',
    [['agency_id', 'int'], ['application_id', 'int'], ['number', 'text'], ['kind', 'text'], ['filed_date', 'date'], ['concluded_date', 'date'], ['result', 'text']],
    size,
  );
  const docs = new Batch(client, 'documents', DOCUMENT_COLUMNS, Math.max(500, size / 5));
  const figures = new Batch(client, 'figures', [['agency_id', 'int'], ['year', 'int'], ['item', 'text'], ['value', 'numeric']], size);

  let appId = 0;
  const total = province.agencies.length;
  for (let i = 0; i < total; i++) {
    const data: AgencyData = province.agencyData(i);
    const agencyId = i + 1;
    const idOf = new Map<string, number>();
    for (const a of data.applications) {
      const id = ++appId;
      idOf.set(a.id, id);
      await apps.add(id, agencyId, a.number, a.applicantType, a.applicantName, a.channel, a.subject);
      for (let s = 0; s < a.events.length; s++) await events.add(id, s + 1, a.events[s].type, JSON.stringify(a.events[s]));
    }
    for (const x of data.appeals) await appeals.add(agencyId, idOf.get(x.applicationId) ?? null, x.number, x.kind, x.filedDate, x.concludedDate, x.result);
    if (withDocs) {
      for (const d of data.documents) {
        const vector = documentVectorLiteral({ title: d.title, docNumber: d.docNumber, body: d.body });
        await docs.add(agencyId, d.title, d.docNumber, d.kind, categoryCode(d.category), d.body, d.issuedDate, d.publishedDate, d.repealedDate, d.repealedDate ? 'repealed' : 'published', vector);
      }
    }
    for (const f of data.figures) {
      for (const item of ['licensing', 'penalty', 'coercion', 'fees_wan_yuan'] as const) await figures.add(agencyId, f.year, item, f[item]);
    }
    // Applications before their events and appeals (foreign keys).
    if (apps.full || events.full || docs.full || figures.full || appeals.full || i === total - 1) {
      await apps.flush();
      await events.flush();
      await appeals.flush();
      await docs.flush();
      await figures.flush();
      options.onProgress?.(i + 1, total);
    }
  }
  for (const table of ['agencies', 'applications', 'application_events', 'appeals', 'documents', 'figures']) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (SELECT coalesce(max(id), 0) FROM ${table})))`);
  }
  // PGlite has no autovacuum: merge GIN's pending list now, as the portal's bulk import does (src/app/portal/import.ts).
  if (withDocs) await client.query(`SELECT gin_clean_pending_list('documents_search_idx'::regclass)`);
  await client.query('ANALYZE');
  return {
    agencies: total,
    applications: apps.rows,
    events: events.rows,
    appeals: appeals.rows,
    documents: docs.rows,
    figures: figures.rows,
    ms: performance.now() - t0,
  };
}

/**
 * How a bulk load gets each document's search vector:
 * - 'ts' (default): `documentVectorLiteral` (src/lib/search/bigram.ts), what the portal's own writes
 *   pass (src/app/portal/documents.ts) — computed in Node while the previous batch is written;
 * - 'sql': the column is left NULL and the database trigger fills it with `gongkai_search_vector`
 *   (drizzle/0004_portal_search.sql), the path of rows written by raw SQL. Measured on PostgreSQL 15
 *   here: 1.2 ms a document against 0.16 ms in Node, so 1,000,000 documents take ~20 min of one core.
 * Both are the product's own tokenizer (an integration test checks they give the same tsvector).
 */
export type VectorSource = 'ts' | 'sql';

/**
 * Adds `count` more documents to an already loaded province (for the search benchmark), spread
 * over the agencies like the province's own, from a separate PRNG stream. One INSERT is in flight
 * while the next batch is generated. Load with the search index dropped (`dropSearchIndex`) and
 * build it once afterwards (`createSearchIndex`): far faster than updating a GIN index row by row.
 */
export async function loadMoreDocuments(
  database: Database,
  province: Province,
  count: number,
  onProgress?: (done: number, total: number) => void,
  /** A different stream gives different documents (several calls add distinct batches). */
  stream = 0,
  vectors: VectorSource = 'ts',
): Promise<{ documents: number; ms: number }> {
  const { allocate, generateDocuments, Rng } = await import('./generate.ts');
  const t0 = performance.now();
  const client = rawClient(database);
  const batchSize = 5000;
  const columns = vectors === 'ts' ? DOCUMENT_COLUMNS : DOCUMENT_COLUMNS.filter(([name]) => name !== 'search_vector');
  const docs = new Batch(client, 'documents', columns, batchSize);
  const counts = allocate(count, province.agencies.map((a) => Math.sqrt(a.weight)));
  const lastYear = province.yearsList[province.yearsList.length - 1];
  let done = 0;
  let inFlight: Promise<void> = Promise.resolve();
  for (let i = 0; i < province.agencies.length; i++) {
    const agency = province.agencies[i];
    for (const d of generateDocuments(new Rng((province.options.seed ^ 0x5ea5c4) + stream * 7919, i + 1), agency, counts[i], lastYear)) {
      const row = [i + 1, d.title, d.docNumber, 'other', categoryCode(d.category), d.body, d.issuedDate, d.publishedDate, null, 'published'];
      if (vectors === 'ts') row.push(documentVectorLiteral({ title: d.title, docNumber: d.docNumber, body: d.body }));
      await docs.add(...row);
      if (docs.full) {
        await inFlight;
        inFlight = docs.flush();
        onProgress?.((done += batchSize), count);
      }
    }
  }
  await inFlight;
  await docs.flush();
  // Merge GIN's pending list if the index is there (PGlite has no autovacuum).
  await client.query(`SELECT gin_clean_pending_list(oid) FROM pg_class WHERE relname = 'documents_search_idx' AND relkind = 'i'`);
  await client.query('ANALYZE documents');
  return { documents: docs.rows, ms: performance.now() - t0 };
}

/** Drops the search index (before a bulk load) and returns its definition, as the migrations made it. */
export async function dropSearchIndex(client: RawClient): Promise<string> {
  const { rows } = await client.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'documents_search_idx'`);
  if (rows.length === 0) throw new Error('找不到检索索引 documents_search_idx：数据库未完成迁移？');
  await client.query('DROP INDEX documents_search_idx');
  return rows[0].def;
}

/**
 * Builds the search index from its definition over every row, with `maintenance_work_mem` raised for
 * that one transaction (a GIN build collects its entries in that memory; the 64 MB default spills to
 * many small merges); returns the ms of the CREATE INDEX alone.
 */
export async function createSearchIndex(database: Database, definition: string, maintenanceWorkMem = '1GB'): Promise<number> {
  if (!/^\d+(kB|MB|GB)$/.test(maintenanceWorkMem)) throw new Error(`maintenance_work_mem 的取值无效：${maintenanceWorkMem}`);
  return database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${maintenanceWorkMem}'`));
    const t0 = performance.now();
    await tx.execute(sql.raw(definition));
    return performance.now() - t0;
  });
}

/**
 * Adds `count` documents by copying published ones inside the database (INSERT … SELECT by ranges
 * of ids: no row leaves the database, no vector is recomputed), in batches of `batch`.
 * A copy keeps its title, 文号, body and search vector (so every search total stays checkable
 * against the substring scan) and gets another agency and an earlier 发布日期. For a corpus of a
 * million documents in minutes: the generated sources come from loadMoreDocuments / the province.
 */
export async function replicateDocuments(
  client: RawClient,
  agencies: number,
  count: number,
  onProgress?: (done: number, total: number) => void,
  batch = 100_000,
): Promise<{ documents: number; ms: number }> {
  const t0 = performance.now();
  const { rows } = await client.query<{ n: number; lo: number; hi: number }>(
    `SELECT count(*)::int AS n, min(id) AS lo, max(id) AS hi FROM documents WHERE status = 'published'`,
  );
  const sources = Number(rows[0].n);
  if (sources === 0) throw new Error('没有可复制的已公开文件');
  let done = 0;
  for (let copy = 1; done < count; copy++) {
    // One pass copies every source once (in batches of ids), shifted to agency + copy and back copy × 37 days.
    const [lo, hi] = [Number(rows[0].lo), Number(rows[0].hi)];
    const step = Math.max(1, Math.ceil(((hi - lo + 1) * batch) / sources));
    for (let from = lo; from <= hi && done < count; from += step) {
      const r = await client.query<{ n: number }>(
        `WITH ins AS (
           INSERT INTO documents (agency_id, title, doc_number, kind, category, body, written_date, published_date, status, search_vector)
           SELECT 1 + (d.agency_id - 1 + $1::int * 7) % $2::int, d.title, d.doc_number, d.kind, d.category, d.body,
                  d.written_date - $1::int * 37, d.published_date - $1::int * 37, 'published', d.search_vector
             FROM documents d
            WHERE d.status = 'published' AND d.id BETWEEN $3::int AND $4::int AND d.id <= $5::int
            ORDER BY d.id LIMIT $6::int
           RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [copy, agencies, from, Math.min(hi, from + step - 1), hi, count - done],
      );
      done += Number(r.rows[0].n);
      onProgress?.(done, count);
    }
  }
  await client.query('ANALYZE documents');
  return { documents: done, ms: performance.now() - t0 };
}
