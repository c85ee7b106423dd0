/**
 * Search in Chinese over the public documents (titles, 文号, bodies) by character bigrams
 * (src/lib/search/bigram.ts): the GIN index on documents.search_vector finds the candidates (AND of
 * the query's bigrams), a substring check on the text makes multi-lexeme terms exact.
 *
 * Ranking, per term: 3 when the title contains it, 1.5 when the 文号 does, and up to 1 for the body by
 * how early it first appears there; then the newest first. Measured (README): ts_rank had to
 * de-TOAST every matching row's vector (~10 KB) and cost 5–10× more than the matching itself, so
 * the rank reads the title and the text instead, and the planner is told to use the GIN index (it
 * would otherwise scan the table for a common word and de-TOAST every vector to test `@@`).
 *
 *   await searchDocuments(db, { q: '不动产 医保', agency: '220500-zsj', category: 'other', year: 2024 })
 */
import { sql, type SQL } from 'drizzle-orm';
import { intArray, queryRows, type Db } from '../../db/index.ts';
import { categoryOf } from '../../domain/portal/categories.ts';
import { parseQuery, snippet, tsqueryText, type QueryTerm } from '../../lib/search/bigram.ts';
import { bodyToText } from '../../lib/portal/body.ts';
import { categoryFilterSql, filedCategorySql } from './subcategories.ts';

export interface SearchOptions {
  q: string;
  /** Agency code (that agency only). */
  agency?: string;
  /** A statutory category: documents filed under it directly or through one of the agency's sub-categories. */
  category?: string;
  /** One sub-category (src/app/portal/subcategories.ts). */
  sub?: number;
  /** Year of publication. */
  year?: number;
  page?: number;
  size?: number;
}

export interface SearchItem {
  id: number;
  title: string;
  url: string;
  docNumber: string | null;
  agencyCode: string;
  agencyName: string;
  category: string;
  categoryLabel: string;
  /** The agency's own sub-category it is filed under (under `category`), if any. */
  subcategory: string | null;
  kind: string;
  status: string;
  publishedDate: string | null;
  snippet: string;
  rank: number;
}

export interface SearchResult {
  /** Exact when `totalExact`, else an estimate (more than EXACT_TOTAL_CAP matches). */
  total: number;
  totalExact: boolean;
  items: SearchItem[];
  /** The terms searched (for highlighting). */
  terms: string[];
  page: number;
  size: number;
  tookMs: number;
}

/**
 * Where `term` (folded, src/lib/search/fold.ts) occurs in the folded `expr`, 0 if not. The text is
 * looked up as it is first, and folded (`gongkai_fold`, the SQL twin of fold()) only when that fails:
 * folding costs several times the search itself, and most texts hold the term as typed. The fold
 * keeps every character's place, so a position in the folded text is one in the text.
 */
function position(expr: SQL, term: string): SQL {
  // A term without ASCII letters needs no lower-casing of the text: only 繁体 and 全角 letters/digits
  // (gongkai_fold_wide returns a text without them as it is, after one regular expression).
  const folded = /[a-z]/.test(term) ? sql`gongkai_fold(${expr})` : sql`gongkai_fold_wide(${expr})`;
  return sql`(CASE WHEN strpos(${expr}, ${term}) > 0 THEN strpos(${expr}, ${term}) ELSE strpos(${folded}, ${term}) END)`;
}

/**
 * Matches of a query are counted exactly up to this many (contracts.md §4's `total`, with
 * `totalExact: true`); beyond it counting every match costs seconds at 1,000,000 documents, so
 * `total` is an estimate (`totalExact: false`, 「约」 on the page) and the results are ranked among
 * the first EXACT_TOTAL_CAP + 1 matches found (in the table's order).
 */
export const EXACT_TOTAL_CAP = 1000;

/**
 * The estimate beyond the cap: the matches found per page of the table read so far, times the
 * table's pages (a bitmap scan reads the table in page order, so the last page that gave a match says
 * how much of it was read), at least the cap + 1, rounded to two significant digits.
 */
export function estimateTotal(found: number, lastPage: number, pages: number): number {
  const raw = Math.max(found, (found * Math.max(pages, lastPage + 1)) / (lastPage + 1));
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return Math.max(found, Math.round(raw / unit) * unit);
}

export async function searchDocuments(db: Db, o: SearchOptions): Promise<SearchResult> {
  const t0 = performance.now();
  const page = o.page ?? 1;
  const size = o.size ?? 20;
  const terms: QueryTerm[] = parseQuery(o.q ?? '');
  const conds: SQL[] = [sql`d.status IN ('published', 'repealed')`];
  // By id, not through a join: a join would let the planner run the index scan once per agency.
  if (o.agency) conds.push(sql`d.agency_id = (SELECT id FROM agencies WHERE code = ${o.agency})`);
  if (o.category) conds.push(categoryFilterSql(o.category, 'd'));
  if (o.sub) conds.push(sql`d.subcategory_id = ${o.sub}`);
  if (o.year) conds.push(sql`d.published_date >= ${`${o.year}-01-01`}::date AND d.published_date <= ${`${o.year}-12-31`}::date`);
  let rank: SQL = sql`0`;
  if (terms.length) {
    conds.push(sql`d.search_vector @@ ${tsqueryText(terms)}::tsquery`);
    for (const t of terms) {
      if (t.recheck) conds.push(sql`(${position(sql`d.title`, t.text)} > 0 OR ${position(sql`coalesce(d.doc_number, '')`, t.text)} > 0 OR ${position(sql`d.body`, t.text)} > 0)`);
    }
    // float8 arithmetic (numeric literals would make it numeric: ~15% of a common word's query at 1,000,000 documents).
    const parts = terms.map(
      (t) => sql`(CASE WHEN ${position(sql`d.title`, t.text)} > 0 THEN 3.0::float8 ELSE 0 END
        + CASE WHEN ${position(sql`coalesce(d.doc_number, '')`, t.text)} > 0 THEN 1.5::float8 ELSE 0 END
        + coalesce(1.0::float8 / nullif(${position(sql`d.body`, t.text)} / 200.0::float8 + 1, 1), 0))`,
    );
    rank = sql.join(parts, sql` + `);
  }
  const where = sql.join(conds, sql` AND `);
  const order = sql`ORDER BY 2 DESC, d.published_date DESC NULLS LAST, d.id DESC LIMIT ${size} OFFSET ${(page - 1) * size}`;
  const columns = sql`d.id, d.title, d.doc_number, d.body, ${filedCategorySql('d')} AS category,
                   (SELECT s.name FROM catalogue_subcategories s WHERE s.id = d.subcategory_id) AS subcategory_name, d.kind, d.status, d.published_date::text AS published_date,
                   a.code AS agency_code, a.name AS agency_name, r.rank`;
  const { list, total, totalExact } = await db.transaction(async (tx) => {
    if (!terms.length) {
      // Filters only (agency, category, year): every row counts, newest first.
      const [c] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE ${where}`);
      const n = Number(c.n);
      const rows =
        n === 0 || (page - 1) * size >= n
          ? []
          : await queryRows<Record<string, unknown>>(
              tx,
              sql`SELECT ${columns}
                  FROM (SELECT d.id, 0::float8 AS rank FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE ${where} ${order}) r
                  JOIN documents d ON d.id = r.id JOIN agencies a ON a.id = d.agency_id
                  ORDER BY d.published_date DESC NULLS LAST, d.id DESC`,
            );
      return { list: rows, total: n, totalExact: true };
    }
    // For this transaction only (see the header): the GIN index even for a common word; a bitmap
    // large enough to stay exact (with the default 4 MB work_mem a word in 400,000 of 1,000,000
    // documents made most heap pages lossy, and a lossy page rechecks `@@` on every row, de-TOASTing
    // every vector: 4.7 s → 1.6 s measured, README); no JIT (its 60–200 ms compile never paid back).
    // No plain index scan either while the matches are found: with a LIMIT the planner walks the
    // primary key testing `@@` row by row (every vector de-TOASTed: 8 s for a word in 5,000 of 20,000
    // documents on PGlite, measured) instead of reading the GIN index once.
    await tx.execute(
      sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`,
    );
    // The first EXACT_TOTAL_CAP + 1 matches, with the table block each was found on.
    const matches = await queryRows<{ id: number; block: number }>(
      tx,
      sql`SELECT d.id, (d.ctid::text::point)[0]::int AS block FROM documents d WHERE ${where} LIMIT ${EXACT_TOTAL_CAP + 1}`,
    );
    const found = matches.length;
    const exact = found <= EXACT_TOTAL_CAP;
    let total = found;
    if (!exact) {
      const [b] = await queryRows<{ blocks: number }>(tx, sql`SELECT (pg_relation_size('documents') / current_setting('block_size')::int)::int AS blocks`);
      total = estimateTotal(found, Math.max(...matches.map((m) => Number(m.block))), Number(b.blocks));
    }
    if (found === 0 || (page - 1) * size >= found) return { list: [], total, totalExact: exact };
    // The page asked for, best first, among those matches (read by their ids).
    await tx.execute(sql`SELECT set_config('enable_indexscan', 'on', true)`);
    const ids = intArray(matches.map((m) => Number(m.id)));
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      sql`SELECT ${columns}
          FROM (SELECT d.id, (${rank})::float8 AS rank FROM documents d WHERE d.id = any(${ids}) ${order}) r
          JOIN documents d ON d.id = r.id JOIN agencies a ON a.id = d.agency_id
          ORDER BY r.rank DESC, d.published_date DESC NULLS LAST, d.id DESC`,
    );
    return { list: rows, total, totalExact: exact };
  });
  const termTexts = terms.map((t) => t.text);
  const items: SearchItem[] = list.map((r) => {
    const category = categoryOf(r.category as string | null);
    return {
      id: Number(r.id),
      title: String(r.title),
      url: `/documents/${r.id}`,
      docNumber: (r.doc_number as string | null) ?? null,
      agencyCode: String(r.agency_code),
      agencyName: String(r.agency_name),
      category: category.code,
      categoryLabel: category.label,
      subcategory: (r.subcategory_name as string | null) ?? null,
      kind: String(r.kind),
      status: String(r.status),
      publishedDate: (r.published_date as string | null) ?? null,
      snippet: snippet(bodyToText(String(r.body ?? '')), termTexts, 120),
      rank: Math.round(Number(r.rank) * 1e4) / 1e4,
    };
  });
  return { total, totalExact, items, terms: termTexts, page, size, tookMs: Math.round((performance.now() - t0) * 10) / 10 };
}
