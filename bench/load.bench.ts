/**
 * load — the public portal and application submission under load together (issue 8): the real
 * application (buildApp) on a fresh PGlite database with the demo data (or
 * GONGKAI_BENCH_DATABASE_URL), on loopback; autocannon with 8 portal connections cycling over
 * public pages and 2 submission connections, for 10 s (3 s in quick mode). Reports throughput,
 * p50/p99 latency and errors (connection errors, timeouts, non-2xx other than intended 429s).
 * Baseline: a bare Fastify route answering the home page's bytes (the ceiling of this machine).
 *
 * The submission is `POST /api/applications` when the API has it, applicant registration
 * (`POST /api/register`: argon2id hashing + two inserts) otherwise — the `submit_route` field says which.
 */
import path from 'node:path';
import fs from 'node:fs';
import { openDatabase } from '../src/db/index.ts';
import { seedDemo } from '../src/db/seed/demo.ts';
import { buildApp } from '../src/server/app.ts';
import { round, type Bench, type BenchContext, type BenchResult } from './lib/harness.ts';
import { constantServer, load } from './lib/http.ts';
import { mixedLoad } from './lib/mixed-load.ts';

const PORTAL_PATHS = ['/', '/agencies/220500-zsj', '/api/agencies', '/api/health'];

async function csrfSession(base: string, login?: { login: string; password: string }) {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let res = await fetch(`${base}/api/session/csrf`);
  keep(res);
  let token = ((await res.json()) as { token: string }).token;
  if (login) {
    res = await fetch(`${base}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: header() },
      body: JSON.stringify(login),
    });
    keep(res);
    await res.arrayBuffer();
    res = await fetch(`${base}/api/session/csrf`, { headers: { cookie: header() } });
    keep(res);
    token = ((await res.json()) as { token: string }).token;
  }
  return { cookie: header(), 'x-csrf-token': token };
}

function idNumber(n: number): string {
  const body = `2205021985${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((a, c, i) => a + Number(c) * w[i], 0) % 11];
}

export const benches: Bench[] = [
  {
    name: 'load',
    async run(ctx: BenchContext) {
      const dir = path.join(ctx.tmpDir, `load-${Date.now()}`);
      fs.mkdirSync(dir, { recursive: true });
      const database = ctx.databaseUrl ? await openDatabase({ url: ctx.databaseUrl }) : await openDatabase({ dataDir: dir });
      const out: BenchResult[] = [];
      try {
        await seedDemo(database.db);
        const app = await buildApp({ db: database.db, logger: false });
        await app.listen({ port: 0, host: '127.0.0.1' });
        const addr = app.server.address();
        const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
        try {
          const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
          const hasApplications = Boolean(doc.paths['/api/applications']?.post);
          const run = Date.now().toString(36);
          const submission = hasApplications
            ? {
                path: '/api/applications',
                headers: await csrfSession(base, { login: 'zhangsan@applicant.demo', password: 'Gongkai2024!' }),
                body: (n: number) => ({ agencyCode: '220500-zsj', subject: `负载测试申请 ${run}-${n}`, description: '请公开 2023 年度的有关文件。', provisionForm: '电子数据', deliveryMethod: '在线下载' }),
              }
            : {
                path: '/api/register',
                headers: await csrfSession(base),
                body: (n: number) => ({ applicantType: 'natural', name: `负载${n}`, email: `load-${run}-${n}@bench.invalid`, idNumber: idNumber(n), password: 'Load2024bench' }),
              };
          const seconds = ctx.size(10, 3);
          const r = await mixedLoad(base, { seconds, portalPaths: PORTAL_PATHS, portalConnections: 8, submission, submitConnections: 2 });
          const home = Buffer.from(await (await fetch(`${base}/`)).arrayBuffer());
          const ceiling = await constantServer(home, 'text/html; charset=utf-8');
          let baseline;
          try {
            baseline = await load(ceiling.url, seconds, 8);
          } finally {
            await ceiling.close();
          }
          out.push({
            bench: 'load.portal',
            n: r.portal.requests,
            seconds,
            paths: PORTAL_PATHS.join(' '),
            rps: r.portal.rps,
            p50_ms: r.portal.p50_ms,
            p99_ms: r.portal.p99_ms,
            errors: r.portal.errors,
            rate_limited: r.portal.rate_limited,
            baseline_rps: baseline.rps,
            ratio: round(r.portal.rps / baseline.rps, 3),
            target: 'zero errors while submissions run',
            pass: r.portal.errors === 0,
          });
          out.push({
            bench: 'load.submit',
            n: r.submit!.requests,
            seconds,
            submit_route: submission.path,
            rps: r.submit!.rps,
            p50_ms: r.submit!.p50_ms,
            p99_ms: r.submit!.p99_ms,
            acknowledged: r.submit!.ok,
            errors: r.submit!.errors,
            rate_limited: r.submit!.rate_limited,
            statuses: r.submit!.statuses,
            target: 'zero errors (429 = intended rate limit)',
            pass: r.submit!.errors === 0,
          });
        } finally {
          await app.close();
        }
      } finally {
        await database.close();
      }
      return out;
    },
  },
];
export default benches;
