/**
 * Which database a request reads: the read replica (DATABASE_READ_URL) or the primary (issue 20).
 *
 * Named policy (replication lag): a replica is behind the primary by its replication lag (usually
 * milliseconds, seconds under load or after a network cut). Reads go to the replica only where a
 * little lag is harmless and no one can tell:
 * - anonymous GET/HEAD requests of the public portal (pages, the feeds, search and /api/search);
 * - never a signed-in user (staff and applicants read what they just wrote: read-your-writes), never
 *   a request that writes (POST/PUT/PATCH/DELETE: anything it reads after its write is on the primary);
 * - never within GONGKAI_REPLICA_LAG_MS (default 2,000 ms) of the last change of public data that
 *   this process heard of (its own writes, and the other processes' by NOTIFY): then the replica may
 *   not have the change yet, and a page rendered from it would be kept by the page cache for its TTL
 *   — so for that long anonymous reads go to the primary too.
 * An operator whose replica lags more than the allowance (pg_stat_replication.replay_lag) raises it;
 * beyond it a public page may show the state before a write for at most the page cache's TTL.
 * Without a replica every read is on the primary.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { lastPublicChange } from '../app/public-changes.ts';

export const REPLICA_LAG_ENV = 'GONGKAI_REPLICA_LAG_MS';
export const DEFAULT_REPLICA_LAG_MS = 2_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The database of reads that may lag (the replica; `db` itself without one). Choose with readDb(request). */
    readReplica: Db;
    /** How long after a public change anonymous reads stay on the primary. */
    replicaLagMs: number;
  }
}

/** The allowance from the environment (GONGKAI_REPLICA_LAG_MS), or the default; a wrong value is refused in Chinese. */
export function replicaLagFromEnv(env: Record<string, string | undefined> = process.env): number {
  const v = env[REPLICA_LAG_ENV];
  if (v === undefined || v.trim() === '') return DEFAULT_REPLICA_LAG_MS;
  if (!/^\d+$/.test(v.trim())) throw new Error(`环境变量 ${REPLICA_LAG_ENV} 应为不小于 0 的整数（毫秒），现为“${v}”`);
  return Number(v.trim());
}

/** The database `request` reads from (see the policy above). */
export function readDb(request: FastifyRequest, now = Date.now()): Db {
  const app = request.server;
  const primary = app.db;
  const replica = app.readReplica;
  if (replica === primary) return primary;
  if (request.currentUser) return primary;
  if (request.method !== 'GET' && request.method !== 'HEAD') return primary;
  if (now - lastPublicChange(primary) < app.replicaLagMs) return primary;
  return replica;
}
