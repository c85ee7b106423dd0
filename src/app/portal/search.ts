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
import { queryRows, type Db } from '../../db/index.ts';
import { categoryOf } from '../../domain/portal/categories.ts';
import { parseQuery, snippet, tsqueryText, type QueryTerm } from '../../lib/search/bigram.ts';
import { bodyToText } from '../../lib/portal/body.ts';

export interface SearchOptions {
  q: string;
  /** Agency code (that agency only). */
  agency?: string;
  category?: string;
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
  kind: string;
  status: string;
  publishedDate: string | null;
  snippet: string;
  rank: number;
}

export interface SearchResult {
  total: number;
  items: SearchItem[];
  /** The terms searched (for highlighting). */
  terms: string[];
  page: number;
  size: number;
  tookMs: number;
}

/**
 * Where `term` (ASCII lower-cased) occurs in `expr`, 0 if not. A term without ASCII letters is looked
 * up as is (translate() over a multibyte text costs several times the search itself); with letters,
 * the text is ASCII lower-cased first, exactly as asciiLower() does in TypeScript.
 */
function position(expr: SQL, term: string): SQL {
  return /[a-z]/.test(term)
    ? sql`strpos(translate(${expr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), ${term})`
    : sql`strpos(${expr}, ${term})`;
}

export async function searchDocuments(db: Db, o: SearchOptions): Promise<SearchResult> {
  const t0 = performance.now();
  const page = o.page ?? 1;
  const size = o.size ?? 20;
  const terms: QueryTerm[] = parseQuery(o.q ?? '');
  const conds: SQL[] = [sql`d.status IN ('published', 'repealed')`];
  if (o.agency) conds.push(sql`a.code = ${o.agency}`);
  if (o.category) conds.push(sql`d.category = ${o.category}`);
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
  const { list, total } = await db.transaction(async (tx) => {
    // For this transaction only (see the header): the GIN index even for a common word; a bitmap
    // large enough to stay exact (with the default 4 MB work_mem a word in 400,000 of 1,000,000
    // documents made most heap pages lossy, and a lossy page rechecks `@@` on every row, de-TOASTing
    // every vector: 4.7 s → 1.6 s measured, README); no JIT (its 60–200 ms compile never paid back).
    if (terms.length) await tx.execute(sql`SELECT set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`);
    const [c] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE ${where}`);
    const n = Number(c.n);
    const rows =
      n === 0 || (page - 1) * size >= n
        ? []
        : await queryRows<Record<string, unknown>>(
            tx,
            sql`SELECT d.id, d.title, d.doc_number, d.body, d.category, d.kind, d.status, d.published_date::text AS published_date,
                   a.code AS agency_code, a.name AS agency_name, r.rank
                FROM (SELECT d.id, (${rank})::float8 AS rank FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE ${where}
                      ORDER BY 2 DESC, d.published_date DESC NULLS LAST, d.id DESC LIMIT ${size} OFFSET ${(page - 1) * size}) r
                JOIN documents d ON d.id = r.id JOIN agencies a ON a.id = d.agency_id
                ORDER BY r.rank DESC, d.published_date DESC NULLS LAST, d.id DESC`,
          );
    return { list: rows, total: n };
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
      kind: String(r.kind),
      status: String(r.status),
      publishedDate: (r.published_date as string | null) ?? null,
      snippet: snippet(bodyToText(String(r.body ?? '')), termTexts, 120),
      rank: Math.round(Number(r.rank) * 1e4) / 1e4,
    };
  });
  return { total, items, terms: termTexts, page, size, tookMs: Math.round((performance.now() - t0) * 10) / 10 };
}
