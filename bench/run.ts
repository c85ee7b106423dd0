/**
 * Runs the benchmarks (issue 9): `npm run bench` at full size, `npm run bench:quick` at a reduced
 * size (under two minutes), `--only NAME[,NAME…]` (a name or its prefix: `report`, `audit.text`),
 * `--seed N` (default 20190515, the day the Regulations took effect).
 *
 * Standard output: one JSON line per result (first the machine's). Progress goes to standard error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emit, machine, targetSummary, type Bench, type BenchContext, type BenchResult } from './lib/harness.ts';

const MODULES: Array<{ prefix: string; load: () => Promise<{ default: Bench[] }> }> = [
  { prefix: 'clock', load: () => import('./clock.bench.ts') },
  { prefix: 'report', load: () => import('./report.bench.ts') },
  { prefix: 'audit', load: () => import('./audit.bench.ts') },
  { prefix: 'search', load: () => import('./search.bench.ts') },
  { prefix: 'import', load: () => import('./import.bench.ts') },
  { prefix: 'portal', load: () => import('./portal.bench.ts') },
  { prefix: 'load', load: () => import('./load.bench.ts') },
  { prefix: 'processes', load: () => import('./processes.bench.ts') },
  { prefix: 'mail', load: () => import('./mail.bench.ts') },
  { prefix: 'redaction', load: () => import('./redaction.bench.ts') },
];

function parseArgs(argv: string[]) {
  const args = { quick: false, only: [] as string[], seed: 20190515 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only.push(...String(argv[++i] ?? '').split(',').filter(Boolean));
    else if (a.startsWith('--only=')) args.only.push(...a.slice(7).split(',').filter(Boolean));
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('用法：node bin/run-ts.mjs bench/run.ts [--quick] [--only 名称[,名称…]] [--seed 数字]\n');
      process.exit(0);
    } else throw new Error(`无法识别的参数：${a}`);
  }
  if (!Number.isInteger(args.seed)) throw new Error('--seed 应为整数');
  return args;
}

function selected(name: string, only: string[]): boolean {
  return only.length === 0 || only.some((o) => name === o || name.startsWith(`${o}.`) || o.startsWith(`${name}.`) || name.startsWith(o));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  const ctx: BenchContext = {
    quick: args.quick,
    seed: args.seed,
    databaseUrl: process.env.GONGKAI_BENCH_DATABASE_URL || process.env.DATABASE_URL || null,
    tmpDir,
    size: (full, quick) => (args.quick ? quick : full),
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  };
  const started = performance.now();
  emit({ ...machine(), mode: args.quick ? 'quick' : 'full', seed: args.seed, database: ctx.databaseUrl ? 'postgresql' : 'pglite' });
  let failed = 0;
  const results: BenchResult[] = [];
  try {
    for (const mod of MODULES) {
      if (!args.only.some((o) => mod.prefix.startsWith(o.split('.')[0]) || o.startsWith(mod.prefix)) && args.only.length > 0) continue;
      let benches: Bench[];
      try {
        benches = (await mod.load()).default;
      } catch (err) {
        emit({ bench: mod.prefix, skipped: `基准测试模块无法加载：${err instanceof Error ? err.message : String(err)}` });
        continue;
      }
      for (const bench of benches) {
        if (!selected(bench.name, args.only)) continue;
        ctx.log(`${bench.name} …`);
        const t0 = performance.now();
        try {
          for (const line of await bench.run(ctx)) {
            emit(line);
            results.push(line);
          }
        } catch (err) {
          failed++;
          emit({ bench: bench.name, error: err instanceof Error ? err.message : String(err) });
          if (process.env.GONGKAI_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
        }
        ctx.log(`${bench.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  const summary = targetSummary(results);
  emit({ bench: 'summary', targets: summary });
  for (const t of summary) {
    ctx.log(`${t.pass === false ? '未达标' : t.pass ? '达标  ' : '—     '} ${t.bench}: ${t.ratio ?? '—'}× ${t.against}（目标 ${t.target}）`);
  }
  ctx.log(`all done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (failed > 0) process.exitCode = 1;
  // Database clients and servers may keep handles open; the results are out.
  setTimeout(() => process.exit(), 100).unref();
}

await main();
