/**
 * The bounded worker pool both untrusted-document pools use (the auditor's, src/audit-io/pool.ts; the
 * redaction's, src/app/redaction/pool.ts): piscina worker threads, each with a heap limit, each task
 * with a time budget (the worker running it is terminated when it runs out) and a bounded queue. A
 * task's bytes are moved to the worker, not copied. What ran out is returned, for each pool to say in
 * its own words; any other failure is thrown.
 */
import { Piscina } from 'piscina';
import { workerScript, type WORKER_SOURCES } from '../paths.ts';

/** A positive integer setting (an environment variable), else `fallback`. */
export function envInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export interface BoundedPoolSettings {
  threads: number;
  heapMb: number;
  maxQueue: number;
}

export type BoundedOutcome<R> = { ok: true; value: R } | { ok: false; ranOut: 'time' | 'memory' | 'queue' };

export interface BoundedPool<T, R> {
  /** Runs `task` with `bytes` moved to the worker (a copy of them: the caller's stay usable). */
  run(task: Omit<T, 'bytes'>, bytes: Uint8Array, timeoutMs: number): Promise<BoundedOutcome<R>>;
  destroy(): Promise<void>;
}

export function boundedPool<T extends { bytes: Uint8Array }, R>(worker: keyof typeof WORKER_SOURCES, s: BoundedPoolSettings): BoundedPool<T, R> {
  const piscina = new Piscina<T, R>({
    ...workerScript(worker),
    minThreads: 0,
    maxThreads: s.threads,
    idleTimeout: 60_000,
    maxQueue: s.maxQueue,
    resourceLimits: { maxOldGenerationSizeMb: s.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  // A worker that dies outside a task (out of memory while starting, say) is replaced by the pool;
  // the task it would have run ends by its time budget. Nothing here may take the process down.
  piscina.on('error', () => {});
  return {
    async run(task, bytes, timeoutMs) {
      const copy = new Uint8Array(bytes); // its own buffer, moved to the worker
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return { ok: true, value: await piscina.run({ ...task, bytes: copy } as T, { signal, transferList: [copy.buffer] }) };
      } catch (err) {
        const e = err as Error & { code?: string };
        if (signal.aborted || e.name === 'AbortError') return { ok: false, ranOut: 'time' };
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap limit/i.test(e.message)) return { ok: false, ranOut: 'memory' };
        if (/queue is at limit/i.test(e.message)) return { ok: false, ranOut: 'queue' };
        throw err;
      }
    },
    destroy: () => piscina.destroy(),
  };
}
