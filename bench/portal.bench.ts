/**
 * portal — requests per second and p99 of the public portal's pages, served by the real
 * application (buildApp) over the loaded province, against the ceiling: a bare Fastify route that
 * returns a constant body of the same size (autocannon on loopback, 10 connections, one worker
 * thread). Target: at least 40% of the ceiling.
 *
 * Pages: the document page and the catalogue. Their paths come from GONGKAI_BENCH_DOC_PATH and
 * GONGKAI_BENCH_CATALOGUE_PATH (templates with {id} and {code}) or from the first of a few
 * candidate paths that answers 200; a page that does not exist yet is reported as skipped.
 * The home page is measured as well.
 */
import { buildApp } from '../src/server/app.ts';
import { round, type Bench, type BenchContext, type BenchResult } from './lib/harness.ts';
import { constantServer, load } from './lib/http.ts';
import { loadedProvince } from './lib/report-db.ts';

const TARGET_RATIO = 0.4;

const DOC_CANDIDATES = ['/documents/{id}', '/docs/{id}', '/document/{id}', '/agencies/{code}/documents/{id}', '/a/{code}/documents/{id}', '/gk/{code}/{id}'];
const CATALOGUE_CANDIDATES = ['/agencies/{code}/catalogue', '/agencies/{code}/documents', '/catalogue/{code}', '/catalogue?agency={code}', '/documents?agency={code}', '/a/{code}', '/gk/{code}'];

export const benches: Bench[] = [
  {
    name: 'portal',
    async run(ctx: BenchContext) {
      const l = await loadedProvince(ctx);
      const app = await buildApp({ db: l.database.db, logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const addr = app.server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const seconds = ctx.size(10, 3);
      const out: BenchResult[] = [];
      try {
        const { rows } = await l.client.query<{ id: number; code: string }>(
          `SELECT d.id, a.code FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE d.status = 'published' ORDER BY d.id LIMIT 1`,
        );
        const vars = { id: String(rows[0]?.id ?? 1), code: rows[0]?.code ?? '220000' };
        const fill = (t: string) => t.replaceAll('{id}', encodeURIComponent(vars.id)).replaceAll('{code}', encodeURIComponent(vars.code));
        const find = async (env: string | undefined, candidates: string[]) => {
          for (const t of env ? [env] : candidates) {
            const res = await fetch(base + fill(t));
            await res.arrayBuffer();
            if (res.status === 200) return fill(t);
          }
          return null;
        };
        const pages: Array<[string, string | null, string]> = [
          ['portal.document', await find(process.env.GONGKAI_BENCH_DOC_PATH, DOC_CANDIDATES), '文件页'],
          ['portal.catalogue', await find(process.env.GONGKAI_BENCH_CATALOGUE_PATH, CATALOGUE_CANDIDATES), '公开目录'],
          ['portal.home', '/', '首页'],
        ];
        for (const [bench, path, label] of pages) {
          if (!path) {
            out.push({ bench, skipped: `门户的${label}还没有路由（试过 ${(bench === 'portal.document' ? DOC_CANDIDATES : CATALOGUE_CANDIDATES).join(' ')}；可用 ${bench === 'portal.document' ? 'GONGKAI_BENCH_DOC_PATH' : 'GONGKAI_BENCH_CATALOGUE_PATH'} 指定）` });
            continue;
          }
          const res = await fetch(base + path);
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
      } finally {
        await app.close();
      }
      return out;
    },
  },
];
export default benches;
