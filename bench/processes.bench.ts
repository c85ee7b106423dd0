/**
 * processes — the public portal's throughput with one server process and with two on one PostgreSQL
 * (issue 20): real `gongkai serve` processes (bin/gongkai.mjs) on a fresh database with the demo
 * data, autocannon on loopback cycling over portal pages (home, an agency, its catalogue, its 公开指南,
 * a document), 10 connections in all. One process gets all of them; with two, each gets half (as a
 * load balancer would spread them) and the throughputs are added. `ratio` = two / one; the ideal is
 * the number of cores the processes can use (min(2, cores)), less what the load generator and
 * PostgreSQL take from the same cores. `cpu_efficiency_ratio` compares the requests served per
 * second of the servers' own CPU (/proc), two / one: near 1.0 means a second process adds no cost per
 * request, so what limits the ratio is the CPU left free on the machine. Measured twice: with the page cache (anonymous pages from
 * memory: CPU-bound in Node) and without it (every page rendered from PostgreSQL).
 *
 * The load generator is wrk (Debian's `wrk`, written in C) where it is installed, autocannon otherwise.
 * It matters on a small machine: the generator shares the cores with the servers, and autocannon (in
 * Node) spends about as much CPU per request as a server answering a cached page, so with it two
 * processes on two cores cannot do better than one (measured: ratio 1.02 on an idle 2-core machine,
 * the servers together using one core); wrk spends a fraction of that, leaving the second core to
 * the second process.
 *
 * Needs a PostgreSQL server (GONGKAI_BENCH_DATABASE_URL): the embedded database admits one process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { round, type Bench, type BenchContext, type BenchResult } from './lib/harness.ts';
import { freshPostgresDatabase } from '../test/support/postgres.ts';
import { startServerProcess, type ServerProcess } from '../test/integration/reliability/harness.ts';

const CONNECTIONS = 10;

interface Throughput {
  rps: number;
  /** CPU the server processes used meanwhile (clock ticks; 0 where /proc is missing). */
  cpuTicks: number;
  requests: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
}

/** Whether wrk is on the PATH. */
const HAS_WRK = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;

/** wrk's durations ("812.00us", "1.23ms", "2.01s") in milliseconds. */
function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[m[2]];
}

/** One wrk run (one thread) cycling over `paths`. */
async function wrk(base: string, paths: string[], seconds: number, connections: number): Promise<Throughput> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-wrk-'));
  try {
    const script = path.join(dir, 'paths.lua');
    writeFileSync(
      script,
      `local paths = { ${paths.map((p) => JSON.stringify(p)).join(', ')} }\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`,
    );
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, base], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += String(d)));
      child.stderr.on('data', (d) => (text += String(d)));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk 退出码 ${code}：${text}`))));
    });
    const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
      rps: num(/Requests\/sec:\s+([\d.]+)/),
      cpuTicks: 0,
      requests: num(/(\d+) requests in/),
      p99_ms: wrkMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
      errors: socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0,
      non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hammer(base: string, paths: string[], seconds: number, connections: number): Promise<Throughput> {
  if (HAS_WRK) return wrk(base, paths, seconds, connections);
  const r = await autocannon({ url: base, duration: seconds, connections, workers: 1, requests: paths.map((path) => ({ method: 'GET', path })) });
  return { rps: r.requests.average, cpuTicks: 0, requests: r.requests.total, p99_ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** CPU time a process has used (user + system), in clock ticks (Linux /proc; 0 elsewhere). */
function cpuTicks(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Loads every server at once, the connections split evenly; throughputs added. */
async function hammerAll(servers: ServerProcess[], paths: string[], seconds: number): Promise<Throughput> {
  const ticks0 = servers.reduce((n, s) => n + cpuTicks(s.child.pid), 0);
  const each = await Promise.all(servers.map((s) => hammer(s.url, paths, seconds, Math.max(1, Math.round(CONNECTIONS / servers.length)))));
  const ticks = servers.reduce((n, s) => n + cpuTicks(s.child.pid), 0) - ticks0;
  return {
    cpuTicks: ticks,
    rps: each.reduce((n, t) => n + t.rps, 0),
    requests: each.reduce((n, t) => n + t.requests, 0),
    p99_ms: Math.max(...each.map((t) => t.p99_ms)),
    errors: each.reduce((n, t) => n + t.errors, 0),
    non2xx: each.reduce((n, t) => n + t.non2xx, 0),
  };
}

async function portalPaths(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: number }>(
      `SELECT d.id FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE a.code = '220500-zsj' AND d.status = 'published' ORDER BY d.id LIMIT 1`,
    );
    const paths = ['/', '/agencies/220500-zsj', '/agencies/220500-zsj/catalog', '/agencies/220500-zsj/guide'];
    if (rows[0]) paths.push(`/documents/${rows[0].id}`);
    return paths;
  } finally {
    await c.end();
  }
}

export const benches: Bench[] = [
  {
    name: 'processes',
    async run(ctx: BenchContext): Promise<BenchResult[]> {
      if (!ctx.databaseUrl) return [{ bench: 'processes', skipped: '需要 PostgreSQL（GONGKAI_BENCH_DATABASE_URL）：内嵌数据库只允许一个进程' }];
      const seconds = ctx.size(10, 4);
      const cores = os.availableParallelism();
      const fresh = await freshPostgresDatabase(ctx.databaseUrl, 'gk_bench_procs');
      const out: BenchResult[] = [];
      try {
        for (const [bench, ttl] of [
          ['processes.portal', '10000'],
          ['processes.portal.uncached', '0'],
        ] as const) {
          const env = { databaseUrl: fresh.url, extra: { GONGKAI_PAGE_CACHE_TTL_MS: ttl, LOG_LEVEL: 'error' } };
          const first = await startServerProcess(env);
          let second: ServerProcess | undefined;
          try {
            const paths = await portalPaths(fresh.url);
            for (const p of paths) {
              const res = await fetch(first.url + p);
              if (res.status !== 200) throw new Error(`${p} 返回 ${res.status}`);
              await res.arrayBuffer();
            }
            await hammer(first.url, paths, 1, CONNECTIONS); // warm-up
            ctx.log(`${bench}: one process …`);
            const one = await hammerAll([first], paths, seconds);
            second = await startServerProcess(env);
            await hammer(second.url, paths, 1, CONNECTIONS); // warm-up
            ctx.log(`${bench}: two processes …`);
            const two = await hammerAll([first, second], paths, seconds);
            out.push({
              bench,
              n: one.requests + two.requests,
              one_process_rps: round(one.rps, 0),
              two_processes_rps: round(two.rps, 0),
              ratio: round(two.rps / one.rps, 2),
              ideal_ratio: Math.min(2, cores),
              // Requests per unit of the servers' CPU, two processes / one: 1.0 = a second process
              // costs nothing per request (throughput then grows with the cores that are free).
              cpu_efficiency_ratio: one.cpuTicks && two.cpuTicks ? round(two.requests / two.cpuTicks / (one.requests / one.cpuTicks), 2) : null,
              server_cpu_cores_used: { one: round(one.cpuTicks / 100 / seconds, 2), two: round(two.cpuTicks / 100 / seconds, 2) },
              cores,
              load_average: round(os.loadavg()[0], 1),
              p99_ms: { one: one.p99_ms, two: two.p99_ms },
              errors: one.errors + two.errors,
              non2xx: one.non2xx + two.non2xx,
              pages: paths.length,
              load_generator: HAS_WRK ? 'wrk' : 'autocannon',
            });
          } finally {
            await second?.stop();
            await first.stop();
          }
        }
      } finally {
        await fresh.drop();
      }
      return out;
    },
  },
];

export default benches;
