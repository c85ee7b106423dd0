/**
 * The portal's Chinese search (character bigrams, src/lib/search/bigram.ts) over a generated corpus
 * of N published documents (default 100,000): build time, then per query the latency (median and
 * worst of 5 runs through searchDocuments, i.e. count + rank + top 20 + snippets) and the match count,
 * checked against a naive substring scan of the same rows (exactness) whose time is the baseline.
 *
 *   node bin/run-ts.mjs bench/portal-search-100k.ts [N] [--seed S]
 *   DATABASE_URL=postgres://… node bin/run-ts.mjs bench/portal-search-100k.ts   (an EMPTY database)
 *
 * The corpus: bodies of 300–1,500 characters mixing clauses of the seed report (real phrases), a few
 * topical sentences and filler words made of the report's own characters, with titles and 文号 from
 * templates, spread over 50 agencies and 2019–2024; seeded PRNG (same corpus every run).
 * Prints one JSON line per query and a summary line.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, wrapPglite, type Database } from '../src/db/index.ts';
import { agencies, documents } from '../src/db/schema.ts';
import { SEED_REPORT_PARAGRAPHS } from '../src/db/seed/portal-texts.ts';
import { CATEGORY_CODES } from '../src/domain/portal/categories.ts';
import { searchVectorSql } from '../src/server/portal/documents.ts';
import { searchDocuments } from '../src/server/portal/search.ts';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const seedIdx = args.indexOf('--seed');
let state = seedIdx >= 0 ? Number(args[seedIdx + 1]) : 20190515;
const rand = () => {
  // mulberry32
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

const SEED_TEXT = Object.values(SEED_REPORT_PARAGRAPHS).join('');
/** Clauses of the seed report (real phrases: 「营商环境」「不动产」…). */
const CLAUSES = SEED_TEXT.split(/[，,。；;、：:“”（）()]/).map((s) => s.trim()).filter((s) => s.length >= 4);
/** The seed report's characters, for filler words: realistic characters, random combinations. */
const CHARS = [...new Set(SEED_TEXT.match(/[\u4e00-\u9fff]/g) ?? [])];
/** A fixed vocabulary of 3,000 filler words of 2–4 of those characters, drawn Zipf-like. */
const VOCABULARY: string[] = [];
const EXTRA = [
  '做好城乡居民医保参保缴费工作，落实医保待遇。',
  '推进不动产登记“一窗受理”，压缩办理时限。',
  '开展防汛应急演练，完善应急预案。',
  '加强食品安全监督检查，公布抽检结果。',
  '做好老旧小区改造和供暖保障工作。',
  '落实行政许可事项清单管理，规范审批行为。',
  '推进政务公开标准化规范化建设。',
  '开展合法性审核，规范行政规范性文件管理。',
];
const TOPICS = ['政务服务', '营商环境', '数字政府', '公共资源交易', '社会信用', '医疗保障', '不动产登记', '安全生产', '教育招生', '生态环境', '城市供热', '防汛抗旱', '就业创业', '财政预算', '政府采购'];
const KINDS = ['通知', '实施方案', '工作要点', '管理办法', '工作动态', '情况通报', '公告'];

function vocabulary() {
  while (VOCABULARY.length < 3000) {
    let w = '';
    for (let i = 2 + Math.floor(rand() * 3); i > 0; i--) w += pick(CHARS);
    VOCABULARY.push(w);
  }
}
/** A body of 300–1,500 characters: ~2% seed-report clauses, ~0.5% topical sentences, the rest filler words. */
function body(): string {
  const target = 300 + Math.floor(rand() * 1200);
  let out = '';
  while (out.length < target) {
    const r = rand();
    if (r < 0.02) out += `${pick(CLAUSES)}，`;
    else if (r < 0.025) out += pick(EXTRA);
    else {
      out += VOCABULARY[Math.floor(rand() * rand() * VOCABULARY.length)];
      out += rand() < 0.15 ? '。' : rand() < 0.45 ? '，' : '';
    }
  }
  return out;
}

async function open(): Promise<Database> {
  if (process.env.DATABASE_URL) return openDatabase({ url: process.env.DATABASE_URL });
  return wrapPglite(new PGlite());
}

async function main() {
  vocabulary();
  const database = await open();
  const db = database.db;
  const t0 = performance.now();
  const agencyIds: number[] = [];
  for (let i = 0; i < 50; i++) {
    const [a] = await db.insert(agencies).values({ code: `bench-${i}`, name: `测试机关${i}` }).returning({ id: agencies.id });
    agencyIds.push(a.id);
  }
  const BATCH = 500;
  for (let done = 0; done < N; done += BATCH) {
    const rows = [];
    for (let i = done; i < Math.min(N, done + BATCH); i++) {
      const year = 2019 + Math.floor(rand() * 6);
      const date = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      const title = `关于${pick(TOPICS)}${pick(['', '领域', '工作'])}的${pick(KINDS)}`;
      const docNumber = rand() < 0.3 ? `通政${pick(['发', '办发', '函'])}〔${year}〕${1 + Math.floor(rand() * 200)}号` : null;
      const b = body();
      rows.push({ agencyId: pick(agencyIds), title, docNumber, kind: 'other' as const, category: pick(CATEGORY_CODES), body: b, writtenDate: date, publishedDate: date, status: 'published' as const, searchVector: searchVectorSql({ title, docNumber, body: b }) as never });
    }
    await db.insert(documents).values(rows);
    if ((done / BATCH) % 40 === 0) process.stderr.write(`[bench] ${done + rows.length}/${N}\n`);
  }
  await db.execute(sql`SELECT gin_clean_pending_list('documents_search_idx'::regclass)`);
  await db.execute(sql`ANALYZE documents`);
  const buildMs = performance.now() - t0;
  const [{ bytes }] = await queryRows<{ bytes: number }>(db, sql`SELECT pg_relation_size('documents_search_idx')::bigint::float8 AS bytes`);

  const QUERIES = ['医保', '不动产', '营商环境', '政务公开', '一件事一次办', '公共资源交易', '接诉即办', '信用', '防汛', '老旧小区', '合法性审核', '通政发〔2021〕17号', '电子证照', '数字通化', '营商环境 信用', '医', '供暖', '量子计算'];
  const summary: number[] = [];
  let mismatches = 0;
  for (const q of QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let r = 0; r < 6; r++) {
      const s = performance.now();
      const res = await searchDocuments(db, { q });
      const ms = performance.now() - s;
      if (r > 0) times.push(ms); // first run warms caches
      total = res.total;
    }
    times.sort((a, b) => a - b);
    const terms = q.split(/\s+/);
    const s = performance.now();
    const [naive] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM documents WHERE status IN ('published','repealed') AND ${sql.join(
        terms.map((t) => sql`strpos(title || ' ' || coalesce(doc_number, '') || ' ' || body, ${t}) > 0`),
        sql` AND `,
      )}`,
    );
    const naiveMs = performance.now() - s;
    if (naive.n !== total) mismatches++;
    summary.push(times[Math.floor(times.length / 2)]);
    process.stdout.write(
      `${JSON.stringify({ bench: 'portal.search', q, total, exact: naive.n === total, median_ms: +times[Math.floor(times.length / 2)].toFixed(1), max_ms: +times[times.length - 1].toFixed(1), naive_scan_ms: +naiveMs.toFixed(1) })}\n`,
    );
  }
  summary.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'portal.search.summary',
      database: database.kind,
      documents: N,
      build_s: +(buildMs / 1000).toFixed(1),
      gin_index_mb: +(bytes / 1048576).toFixed(1),
      queries: QUERIES.length,
      exact_queries: QUERIES.length - mismatches,
      median_of_medians_ms: +summary[Math.floor(summary.length / 2)].toFixed(1),
      worst_median_ms: +summary[summary.length - 1].toFixed(1),
    })}\n`,
  );
  await database.close();
  if (mismatches) process.exitCode = 1;
}

await main();
