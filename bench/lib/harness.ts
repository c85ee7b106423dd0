/**
 * The benchmark harness: warm-up, repeated runs, the median, and one JSON line per result on
 * standard output: `{"bench","n","ms","baseline_ms","ratio",…extra}`.
 *
 * `ratio` compares the subject with its baseline measured in the same run:
 * - time benchmarks: ms / baseline_ms (1.0 = as fast as the floor; 1.5 = 50% slower);
 * - throughput benchmarks (portal): rps / baseline_rps (1.0 = as fast as the ceiling).
 * `target` says what the issue asks for and `pass` whether it was met.
 */
import os from 'node:os';

export interface BenchContext {
  quick: boolean;
  seed: number;
  /** PostgreSQL URL for the database benchmarks (GONGKAI_BENCH_DATABASE_URL or DATABASE_URL); PGlite otherwise. */
  databaseUrl: string | null;
  /** A temporary folder of this run (removed at the end). */
  tmpDir: string;
  /** Scales a full-size count down in quick mode. */
  size(full: number, quick: number): number;
  log(message: string): void;
}

export interface BenchResult {
  bench: string;
  n?: number;
  ms?: number;
  baseline_ms?: number;
  ratio?: number;
  skipped?: string;
  [extra: string]: unknown;
}

export interface Bench {
  name: string;
  /** Runs the benchmark and returns its result lines (the runner prints them). */
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

export interface Measured {
  /** Median of the timed runs, in ms. */
  ms: number;
  samples: number[];
  /** The last run's return value (to check that the subject really computed something). */
  value: unknown;
}

export interface MeasureOptions {
  warmup?: number;
  runs?: number;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed; the median is the figure. */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Measured> {
  const warmup = options.warmup ?? 1;
  const runs = options.runs ?? 5;
  let value: unknown;
  for (let i = 0; i < warmup; i++) value = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await fn();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), samples, value };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A time result: ratio = ms / baseline_ms. */
export function timeResult(bench: string, n: number, subject: Measured | number, baseline: Measured | number, extra: Record<string, unknown> = {}): BenchResult {
  const ms = typeof subject === 'number' ? subject : subject.ms;
  const baselineMs = typeof baseline === 'number' ? baseline : baseline.ms;
  return { bench, n, ms: round(ms, 3), baseline_ms: round(baselineMs, 3), ratio: round(ms / baselineMs, 3), ...extra };
}

/** The machine the figures came from (for the README's table). */
export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    bench: 'machine',
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load_average: loadAverage(),
  };
}

/** The machine's 1-, 5- and 15-minute load averages now (a shared machine: read the times with them). */
export function loadAverage(): number[] {
  return os.loadavg().map((x) => round(x, 1));
}

export function emit(result: BenchResult | Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export interface TargetLine {
  bench: string;
  /** The subject against its baseline (harness ratio), or, for a target without a baseline, against the target's limit. */
  ratio: number | null;
  /** What the ratio is taken against: the baseline measured in the same run, or the target's limit. */
  against: string;
  target: string;
  pass: boolean | null;
}

/**
 * Every result that has a target, as a ratio: against its baseline when it has one, else against the
 * target's own limit (`<50 ms` → ms / 50), so that the closing summary of a run reads alike for all.
 */
export function targetSummary(results: readonly BenchResult[]): TargetLine[] {
  const out: TargetLine[] = [];
  for (const r of results) {
    if (typeof r.target !== 'string') continue;
    const pass = typeof r.pass === 'boolean' ? r.pass : null;
    if (typeof r.ratio === 'number') {
      const baseline = typeof r.baseline_ms === 'number' ? `baseline ${r.baseline_ms} ms` : typeof r.baseline_rps === 'number' ? `baseline ${r.baseline_rps} req/s` : 'baseline';
      out.push({ bench: r.bench, ratio: r.ratio, against: baseline, target: r.target, pass });
      continue;
    }
    const limit = /^<\s*([\d.]+)\s*ms/.exec(r.target);
    const ms = typeof r.ms === 'number' ? r.ms : null;
    out.push({
      bench: r.bench,
      ratio: limit && ms !== null ? round(ms / Number(limit[1]), 3) : null,
      against: limit ? `limit ${limit[1]} ms` : 'no baseline',
      target: r.target,
      pass,
    });
  }
  return out;
}

/** Keeps a value alive so the optimiser cannot drop the work that made it. */
let sink = 0;
export function consume(value: unknown): void {
  sink = (sink + (typeof value === 'number' ? value : value == null ? 0 : 1)) | 0;
}
export function sinkValue(): number {
  return sink;
}
