/**
 * search — latency of Chinese queries over N published documents (1,000,000 at full size) through
 * the portal's search API (`GET /api/search?q=…`, contracts.md §4), one query at a time: p50 and
 * p99; and the time to rebuild the search index (REINDEX of the documents' tables). The baseline is
 * the naive search: `title LIKE '%词%' OR body LIKE '%词%'` over the same table.
 */
import { buildApp } from '../src/server/app.ts';
import { median, quantile, round, type Bench, type BenchContext } from './lib/harness.ts';
import { loadMoreDocuments } from './lib/load.ts';
import { loadedProvince } from './lib/report-db.ts';

/** Two-, three- and four-character words, some inside longer words, some crossing word boundaries. */
const QUERIES = ['征收', '营商环境', '政务公开', '规划许可', '补偿', '食品安全', '一网通办', '行政许可', '老旧小区', '防汛', '信息公开申请', '公共资源交易', '合法性审核', '跨省通办', '供暖', '去标识化'];

export const benches: Bench[] = [
  {
    name: 'search',
    async run(ctx: BenchContext) {
      const l = await loadedProvince(ctx);
      const app = await buildApp({ db: l.database.db, logger: false });
      try {
        const probe = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('公开')}` });
        if (probe.statusCode === 404) return [{ bench: 'search', skipped: '门户的搜索接口 GET /api/search 还没有实现（404）' }];
        if (probe.statusCode !== 200) return [{ bench: 'search', error: `GET /api/search 返回 ${probe.statusCode}：${probe.body.slice(0, 200)}` }];
        const target = ctx.size(1_000_000, 20_000);
        const { rows } = await l.client.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
        let loadMs = 0;
        if (rows[0].n < target) {
          ctx.log(`adding ${target - rows[0].n} documents …`);
          loadMs = (await loadMoreDocuments(l.database, l.province, target - rows[0].n, (d, t) => d % 100_000 === 0 && ctx.log(`  ${d}/${t}`))).ms;
        }
        const { rows: tables } = await l.client.query<{ t: string }>(
          `SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND (tablename LIKE '%document%' OR tablename LIKE '%search%')`,
        );
        const r0 = performance.now();
        for (const t of tables) await l.client.query(`REINDEX TABLE "${t.t}"`);
        const reindexMs = performance.now() - r0;
        const rounds = ctx.size(20, 5);
        const latencies: number[] = [];
        const totals: Record<string, number> = {};
        for (let r = 0; r < rounds + 1; r++) {
          for (const q of QUERIES) {
            const t0 = performance.now();
            const res = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}` });
            const ms = performance.now() - t0;
            if (res.statusCode !== 200) throw new Error(`搜索「${q}」返回 ${res.statusCode}`);
            if (r === 0) totals[q] = (res.json() as { total: number }).total;
            else latencies.push(ms);
          }
        }
        const naive: number[] = [];
        let naiveMismatch = 0;
        for (const q of QUERIES) {
          const t0 = performance.now();
          const { rows: c } = await l.client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM documents WHERE status = 'published' AND (title LIKE '%' || $1 || '%' OR body LIKE '%' || $1 || '%')`,
            [q],
          );
          naive.push(performance.now() - t0);
          if (c[0].n !== totals[q]) naiveMismatch++;
        }
        const p50 = median(latencies);
        return [
          {
            bench: 'search',
            n: target,
            ms: round(p50, 3),
            baseline_ms: round(median(naive), 3),
            ratio: round(p50 / median(naive), 3),
            p50_ms: round(p50, 3),
            p99_ms: round(quantile(latencies, 0.99), 3),
            queries: latencies.length,
            index_build_ms: round(reindexMs, 1),
            index_tables: tables.map((t) => t.t),
            documents_load_ms: round(loadMs, 1),
            // Queries whose total differs from the exact substring count (the naive scan).
            totals_differing_from_substring_count: naiveMismatch,
          },
        ];
      } finally {
        await app.close();
      }
    },
  },
];
export default benches;
