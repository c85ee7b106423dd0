/**
 * Untrusted documents are read off the main thread: a pool of worker threads (piscina), each with a
 * heap limit (`resourceLimits`), each file with a time budget (the worker running it is terminated
 * when the budget runs out), and a bounded queue. The main thread only parses the HTTP request and
 * sends the bytes over (moved, not copied), so the portal and `/api/health` answer while a bomb is
 * being taken apart; `destroy()` terminates the workers at once (shutdown never waits on one).
 *
 *   const pool = createAuditPool();
 *   const outcome = await pool.audit('r.docx', bytes);   // { ok: true, model } | { ok: false, breach }
 *   await pool.destroy();
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { workerScript } from '../paths.ts';
import type { AuditOptions } from './index.ts';
import { memoryBreach, timeBreach, type LimitBreach } from './limits.ts';
import type { AuditOutcome, AuditTask } from './worker.ts';

export interface AuditPoolOptions {
  /** Worker threads (default GONGKAI_AUDIT_WORKERS, or the cores less one, 1 to 4). */
  threads?: number;
  /** Heap of one worker in MB (default GONGKAI_AUDIT_WORKER_HEAP_MB or 384). */
  heapMb?: number;
  /** Time budget of one file in ms, queueing included (default GONGKAI_AUDIT_TIMEOUT_MS or 30,000). */
  timeoutMs?: number;
  /** Files waiting for a worker beyond which a request is refused with 429 (default 40). */
  maxQueue?: number;
}

export type PoolOutcome = AuditOutcome | { ok: false; breach: LimitBreach | BusyBreach };

/** Not a limit of the document: the pool is full or shutting down. */
export interface BusyBreach {
  limit: 'queue' | 'shutdown';
  status: 429 | 503;
  message: string;
}

export interface AuditPool {
  audit(name: string, bytes: Uint8Array, options?: AuditOptions): Promise<PoolOutcome>;
  destroy(): Promise<void>;
  readonly settings: Required<AuditPoolOptions>;
}

function envInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function poolSettings(options: AuditPoolOptions = {}, env: NodeJS.ProcessEnv = process.env): Required<AuditPoolOptions> {
  return {
    threads: options.threads ?? envInt(env.GONGKAI_AUDIT_WORKERS, Math.max(1, Math.min(4, availableParallelism() - 1))),
    heapMb: options.heapMb ?? envInt(env.GONGKAI_AUDIT_WORKER_HEAP_MB, 384),
    timeoutMs: options.timeoutMs ?? envInt(env.GONGKAI_AUDIT_TIMEOUT_MS, 30_000),
    maxQueue: options.maxQueue ?? 40,
  };
}


export function createAuditPool(options: AuditPoolOptions = {}): AuditPool {
  const settings = poolSettings(options);
  const piscina = new Piscina<AuditTask, AuditOutcome>({
    ...workerScript('audit-worker'),
    minThreads: 0,
    maxThreads: settings.threads,
    idleTimeout: 60_000,
    maxQueue: settings.maxQueue,
    resourceLimits: { maxOldGenerationSizeMb: settings.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  // A worker that dies outside a task (out of memory while starting, say) is replaced by the pool;
  // the task it would have run ends by its time budget. Nothing here may take the process down.
  piscina.on('error', () => {});
  let destroyed = false;
  return {
    settings,
    async audit(name, bytes, auditOptions) {
      if (destroyed) return { ok: false, breach: { limit: 'shutdown', status: 503, message: '服务器正在停止，请稍后再试' } };
      const copy = new Uint8Array(bytes); // its own buffer, moved to the worker
      const signal = AbortSignal.timeout(settings.timeoutMs);
      try {
        return await piscina.run({ name, bytes: copy, options: auditOptions }, { signal, transferList: [copy.buffer] });
      } catch (err) {
        const e = err as Error & { code?: string };
        if (destroyed) return { ok: false, breach: { limit: 'shutdown', status: 503, message: '服务器正在停止，审核已中止，请稍后再试' } };
        if (signal.aborted || e.name === 'AbortError') return { ok: false, breach: timeBreach(name, Math.round(settings.timeoutMs / 1000)) };
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap limit/i.test(e.message))
          return { ok: false, breach: memoryBreach(name, settings.heapMb) };
        if (/queue is at limit/i.test(e.message))
          return { ok: false, breach: { limit: 'queue', status: 429, message: '正在审核的文件过多，请稍后再试' } };
        throw err;
      }
    },
    async destroy() {
      destroyed = true;
      await piscina.destroy();
    },
  };
}
