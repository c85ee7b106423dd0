/**
 * Rate-limit counters in the database, shared by every process on it (issue 20: two processes with
 * counters in memory doubled every limit). One row per limit and client key, counting the hits of
 * the current window; the window starts with the first hit and lasts `windowMs` (as
 * @fastify/rate-limit's in-memory store counts). The clock is the database's, the same for every
 * process.
 *
 *   const { hits, ttlMs } = await hitRateLimit(db, 'POST /api/session/login', 'login:1.2.3.4:x', 60_000);
 *
 * One statement per hit (INSERT … ON CONFLICT DO UPDATE): atomic under concurrency on PostgreSQL
 * (the row is locked by the upsert) and on PGlite (one connection). Expired rows are deleted by
 * sweepRateLimits (the store calls it at most once a minute). Keys are stored as SHA-256: a login
 * name or an address never lands in the table, nor in a backup of it.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './index.ts';

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/** The stored key of `key` in the limit `namespace`. */
export function rateLimitKey(namespace: string, key: string): string {
  return createHash('sha256').update(namespace).update('\u0000').update(key).digest('hex');
}

/**
 * Counts one hit of `key` in `namespace`. A window that has run out starts again at 1. With
 * `restartWhenExceeded` (the plugin's continueExceeding) a hit beyond `max` starts the window again.
 */
export async function hitRateLimit(
  db: Db,
  namespace: string,
  key: string,
  windowMs: number,
  opts: { max?: number; restartWhenExceeded?: boolean } = {},
): Promise<RateLimitHit> {
  const window = Math.max(1, Math.trunc(windowMs));
  const restart = opts.restartWhenExceeded === true && opts.max !== undefined;
  const max = Math.trunc(opts.max ?? 0);
  const [row] = await queryRows<{ hits: number; ttl_ms: number }>(
    db,
    sql`INSERT INTO rate_limits AS r (key, hits, expires_at)
        VALUES (${rateLimitKey(namespace, key)}, 1, now() + ${window}::int * interval '1 millisecond')
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN r.expires_at <= now() THEN 1 ELSE r.hits + 1 END,
          expires_at = CASE
            WHEN r.expires_at <= now() THEN excluded.expires_at
            WHEN ${restart}::boolean AND r.hits + 1 > ${max}::int THEN excluded.expires_at
            ELSE r.expires_at END
        RETURNING hits, greatest(0, ceil(extract(epoch FROM r.expires_at - now()) * 1000))::int AS ttl_ms`,
  );
  return { hits: Number(row.hits), ttlMs: Number(row.ttl_ms) };
}

/** Deletes the rows whose window has ended; returns how many. */
export async function sweepRateLimits(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH gone AS (DELETE FROM rate_limits WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone`,
  );
  return Number(rows[0]?.n ?? 0);
}
