/**
 * The store of @fastify/rate-limit in the database (its documented `store` interface: a constructor
 * taking the plugin's options, `incr(key, cb, timeWindow, max)` and `child(routeOptions)`), so that
 * every process on one PostgreSQL counts the same hits (issue 20). Works on PGlite the same way.
 *
 *   await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db) });
 *
 * Each route's limit is its own namespace (`POST /api/session/login`), as with the plugin's
 * in-memory and Redis stores; routes that give the same `groupId` share one namespace (and so one
 * count per client key) across routes. Expired rows are swept by the first hit after SWEEP_EVERY_MS.
 */
import type { Db } from '../db/index.ts';
import { hitRateLimit, sweepRateLimits } from '../db/rate-limits.ts';

/** How often (at most) a process deletes the counters whose window has ended. */
export const SWEEP_EVERY_MS = 60_000;

/** What the plugin gives the store (its merged options; `routeInfo` for a route's child). */
interface StoreOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string };
}

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

export interface DatabaseRateLimitStore {
  /** The plugin passes the window (ms) and the limit too, beyond what its type declaration says. */
  incr(key: string, cb: Callback, timeWindow?: number, max?: number): void;
  child(routeOptions: StoreOptions): DatabaseRateLimitStore;
  /** Deletes the expired counters now (also done by incr at most every SWEEP_EVERY_MS). */
  sweep(): Promise<number>;
}

export type DatabaseRateLimitStoreClass = new (options: StoreOptions) => DatabaseRateLimitStore;

function namespaceOf(o: StoreOptions): string {
  if (o.groupId) return `group:${o.groupId}`;
  const method = Array.isArray(o.routeInfo?.method) ? o.routeInfo.method.join(',') : (o.routeInfo?.method ?? '');
  return `${method} ${o.routeInfo?.url ?? ''}`.trim() || 'global';
}

/** The store class for the plugin's `store` option, counting in `db`. */
export function databaseRateLimitStore(db: Db, opts: { sweepEveryMs?: number; now?: () => number } = {}): DatabaseRateLimitStoreClass {
  const sweepEvery = opts.sweepEveryMs ?? SWEEP_EVERY_MS;
  const now = opts.now ?? Date.now;
  let lastSweep = now();
  let sweeping: Promise<number> | null = null;
  const sweep = (): Promise<number> => {
    lastSweep = now();
    sweeping ??= sweepRateLimits(db).finally(() => {
      sweeping = null;
    });
    return sweeping;
  };

  return class Store implements DatabaseRateLimitStore {
    private readonly namespace: string;
    private readonly continueExceeding: boolean;

    constructor(options: StoreOptions) {
      if (options.exponentialBackoff) throw new Error('数据库限流存储不支持 exponentialBackoff（请改用 continueExceeding）');
      this.namespace = namespaceOf(options);
      this.continueExceeding = options.continueExceeding === true;
    }

    incr(key: string, cb: Callback, timeWindow?: number, max?: number): void {
      if (timeWindow === undefined) {
        cb(new Error('限流存储没有收到时间窗口（@fastify/rate-limit 的 incr 调用方式已改变）'));
        return;
      }
      const due = now() - lastSweep >= sweepEvery ? sweep() : Promise.resolve(0);
      due
        .then(() => hitRateLimit(db, this.namespace, key, timeWindow, { max, restartWhenExceeded: this.continueExceeding }))
        .then(
          (r) => cb(null, { current: r.hits, ttl: r.ttlMs }),
          (err: Error) => cb(err),
        );
    }

    child(routeOptions: StoreOptions): DatabaseRateLimitStore {
      return new Store(routeOptions);
    }

    sweep(): Promise<number> {
      return sweep();
    }
  };
}
