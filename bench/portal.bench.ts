/**
 * portal — requests per second and p99 of the public portal's pages, served by the real
 * application (buildApp, src/server/pages/portal.ts and home.ts) over the loaded province, against
 * the ceiling: a bare Fastify route that returns a constant body of the same size (autocannon on
 * loopback, 10 connections, one worker thread). Target: at least 40% of the ceiling. Anonymous
 * pages come from the rendered-page cache (src/server/pages/page-cache.ts, 点击数 live); the
 * document and catalogue pages are measured again with the cache off (`….uncached`, no target).
 *
 * Pages (anonymous visitor): a document page `/documents/<id>`, a catalogue page
 * `/agencies/<code>/catalog/<category>` (the busiest category of the document's agency), the
 * catalogue's index `/agencies/<code>/catalog`, and the home page `/` (every agency as a tree).
 */
import { buildApp } from '../src/server/app.ts';
import { round, type Bench, type BenchContext, type BenchResult } from './lib/harness.ts';
import { constantServer, load } from './lib/http.ts';
import { loadedProvince } from './lib/report-db.ts';

const TARGET_RATIO = 0.4;

export const benches: Bench[] = [
  {
    name: 'portal',
    async run(ctx: BenchContext) {
      const l = await loadedProvince(ctx);
      const app = await buildApp({ db: l.database.db, logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const addr = app.server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const uncached = await buildApp({ db: l.database.db, logger: false, pageCache: { ttlMs: 0 } });
      await uncached.listen({ port: 0, host: '127.0.0.1' });
      const uaddr = uncached.server.address();
      const uncachedBase = `http://127.0.0.1:${typeof uaddr === 'object' && uaddr ? uaddr.port : 0}`;
      const seconds = ctx.size(10, 3);
      const out: BenchResult[] = [];
      try {
        // The agency with the most published documents, its biggest category and its newest document there.
        const { rows } = await l.client.query<{ id: number; code: string; category: string }>(
          `WITH busiest AS (SELECT agency_id, category, count(*) AS n FROM documents WHERE status = 'published' GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 1)
           SELECT d.id, a.code, d.category FROM documents d JOIN busiest b ON b.agency_id = d.agency_id AND b.category = d.category
             JOIN agencies a ON a.id = d.agency_id WHERE d.status = 'published' ORDER BY d.published_date DESC, d.id DESC LIMIT 1`,
        );
        if (!rows[0]) throw new Error('载入的数据中没有已公开的文件');
        const { id, code, category } = rows[0];
        const c = encodeURIComponent(code);
        const pages: Array<[string, string]> = [
          ['portal.document', `/documents/${id}`],
          ['portal.catalogue', `/agencies/${c}/catalog/${category}`],
          ['portal.catalogue-index', `/agencies/${c}/catalog`],
          ['portal.home', '/'],
        ];
        for (const [bench, path] of pages) {
          const res = await fetch(base + path);
          if (res.status !== 200) throw new Error(`${path} 返回 ${res.status}`);
          const body = Buffer.from(await res.arrayBuffer());
          const contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8';
          const subject = await load(base + path, seconds);
          const ceiling = await constantServer(body, contentType);
          let baseline;
          try {
            baseline = await load(ceiling.url, seconds);
          } finally {
            await ceiling.close();
          }
          const ratio = subject.rps / baseline.rps;
          out.push({
            bench,
            n: subject.requests,
            path,
            bytes: body.length,
            rps: subject.rps,
            p50_ms: subject.p50_ms,
            p99_ms: subject.p99_ms,
            baseline_rps: baseline.rps,
            baseline_p99_ms: baseline.p99_ms,
            ratio: round(ratio, 3),
            non2xx: subject.non2xx,
            target: `>=${TARGET_RATIO * 100}% of a constant Fastify route`,
            pass: ratio >= TARGET_RATIO && subject.non2xx === 0,
          });
        }
        // The same pages rendered for every request (the cache off: a signed-in user, or the first
        // visitor after a write): what a page costs, for the record; no target.
        for (const [bench, path] of pages.slice(0, 2)) {
          const subject = await load(uncachedBase + path, seconds);
          const ceiling = out.find((r) => r.bench === bench)!;
          out.push({
            bench: `${bench}.uncached`,
            n: subject.requests,
            path,
            rps: subject.rps,
            p50_ms: subject.p50_ms,
            p99_ms: subject.p99_ms,
            baseline_rps: ceiling.baseline_rps,
            ratio: round(subject.rps / Number(ceiling.baseline_rps), 3),
            non2xx: subject.non2xx,
            page_cache: 'off (GONGKAI_PAGE_CACHE_TTL_MS=0)',
          });
        }
      } finally {
        await app.close();
        await uncached.close();
      }
      return out;
    },
  },
];
export default benches;
