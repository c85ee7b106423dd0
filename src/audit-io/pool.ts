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
import { boundedPool, envInt, type BoundedOutcome } from '../lib/worker-pool.ts';
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
  const pool = boundedPool<AuditTask, AuditOutcome>('audit-worker', settings);
  let destroyed = false;
  const stopped = { ok: false, breach: { limit: 'shutdown', status: 503, message: '服务器正在停止，审核已中止，请稍后再试' } } as const;
  return {
    settings,
    async audit(name, bytes, auditOptions) {
      if (destroyed) return { ok: false, breach: { limit: 'shutdown', status: 503, message: '服务器正在停止，请稍后再试' } };
      let outcome: BoundedOutcome<AuditOutcome>;
      try {
        outcome = await pool.run({ name, options: auditOptions }, bytes, settings.timeoutMs);
      } catch (err) {
        if (destroyed) return stopped;
        throw err;
      }
      if (outcome.ok) return outcome.value;
      if (destroyed) return stopped;
      if (outcome.ranOut === 'time') return { ok: false, breach: timeBreach(name, Math.round(settings.timeoutMs / 1000)) };
      if (outcome.ranOut === 'memory') return { ok: false, breach: memoryBreach(name, settings.heapMb) };
      return { ok: false, breach: { limit: 'queue', status: 429, message: '正在审核的文件过多，请稍后再试' } };
    },
    async destroy() {
      destroyed = true;
      await pool.destroy();
    },
  };
}
