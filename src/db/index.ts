/**
 * Opening the database: embedded PGlite in a data folder (default) or a PostgreSQL server by URL.
 * Both run the same Drizzle schema and the same migrations (drizzle/), applied here at open.
 *
 *   const { db, close } = await openDatabase({ dataDir: './data' });   // or { url: 'postgres://…' }
 *   const rows = await db.select().from(schema.agencies);
 *
 * Raw SQL: use queryRows(db, sql`…`). `count(*)` is a number on PGlite and a string on
 * node-postgres — always cast `::int`.
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type ExtractTablesWithRelations, type SQL, type SQLWrapper } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { acquireDataDirLock } from './lock.ts';
import { attachNotifier, postgresNotifier } from './notify.ts';
import { MIGRATIONS_FOLDER } from '../paths.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { templatePath } from '../../bin/pglite-template.mjs';

export { schema };
export type Schema = typeof schema;
/** The Drizzle database, whichever the driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction: what query helpers take. */
export type DbOrTx = Db | Tx;

/**
 * Rows of a raw SQL query, the same on both drivers:
 *   const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from agencies`);
 */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * An integer array as ONE parameter (`… = any(${intArray(ids)})`): the same on PGlite and
 * node-postgres, and one parameter for 5,000 agencies instead of 5,000.
 */
export function intArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::int[]`;
}

/**
 * Up to this many ids go into a query's WHERE; a longer list (the agencies of a province) costs more
 * to plan than to filter on the rows read (measured: 5,000 agencies, 50–160 ms of planning per query).
 */
export const IDS_IN_QUERY = 64;

/** `column = any(ids)` for a short list; undefined for a long one (the caller keeps the rows whose id it asked for). */
export function idFilter(column: SQLWrapper, ids: readonly number[]): SQL | undefined {
  return ids.length <= IDS_IN_QUERY ? sql`${column} = any(${intArray(ids)})` : undefined;
}

export interface Database {
  db: Db;
  /**
   * Where reads that may lag may go: the read replica of DATABASE_READ_URL, else `db` itself.
   * Writes and reads that must see them (read-your-writes) use `db` (see src/server/read-db.ts).
   */
  readDb: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` while no other process on the same database runs its own `exclusive` work (start-up:
   * migrations, loading the demo data into an empty database). A PostgreSQL advisory lock; on PGlite
   * the data folder's lock already admits one process.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The connection pools on a PostgreSQL server (`read` is `primary` without a replica): for monitoring and tests. */
  pools?: { primary: pg.Pool; read: pg.Pool };
  /** Where: the data folder, ':memory:', or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export { MIGRATIONS_FOLDER } from '../paths.ts';

export interface OpenOptions {
  /** PGlite data folder (locked while open). Ignored when `url` is given. */
  dataDir?: string;
  /** PostgreSQL URL (node-postgres Pool). */
  url?: string;
  /** A read replica of `url` (DATABASE_READ_URL): reads that may lag go there. Ignored without `url`. */
  readUrl?: string;
  /** Apply migrations (default true). */
  migrate?: boolean;
}

/** The options from the environment: DATABASE_URL (and DATABASE_READ_URL), else GONGKAI_DATA_DIR (default ./data). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, ...(env.DATABASE_READ_URL ? { readUrl: env.DATABASE_READ_URL } : {}) };
  return { dataDir: env.GONGKAI_DATA_DIR || './data' };
}

function hidePassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

export async function openDatabase(options: OpenOptions = optionsFromEnv()): Promise<Database> {
  const runMigrations = options.migrate ?? true;
  if (options.url) {
    const pool = await openPool(options.url, '');
    let readPool = pool;
    if (options.readUrl) {
      try {
        readPool = await openPool(options.readUrl, '只读副本 ');
      } catch (err) {
        await pool.end().catch(() => {});
        throw err;
      }
    }
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const readDb = readPool === pool ? db : (drizzlePg(readPool, { schema }) as unknown as Db);
    // NOTIFY / LISTEN between the processes on this server (src/db/notify.ts), on the primary.
    const notifier = postgresNotifier(options.url, pool);
    attachNotifier(db, notifier);
    const close = async () => {
      await notifier.close();
      await pool.end();
      if (readPool !== pool) await readPool.end();
    };
    if (runMigrations) {
      try {
        // Several processes starting at once on a fresh database would each create the tables (and
        // all but one fail): the migrations run under the start-up lock, the others wait and find
        // nothing left to do.
        await underStartupLock(pool, (client) => migratePg(drizzlePg(client, { schema }) as never, { migrationsFolder: MIGRATIONS_FOLDER }));
      } catch (err) {
        await close().catch(() => {});
        throw err;
      }
    }
    return {
      db,
      readDb,
      kind: 'postgres',
      location: hidePassword(options.url),
      pools: { primary: pool, read: readPool },
      exclusive: (fn) => underStartupLock(pool, () => fn()),
      close,
    };
  }
  const dataDir = options.dataDir ?? './data';
  const release = acquireDataDirLock(dataDir);
  try {
    const client = new PGlite(dataDir, freshPgliteOptions(dataDir));
    await client.waitReady;
    return await wrapPglite(client, { migrate: runMigrations, location: dataDir, onClose: release });
  } catch (err) {
    release();
    throw err;
  }
}

/** The PostgreSQL advisory lock (one bigint key) of the start-up work of Gongkai's processes. */
export const STARTUP_LOCK_KEY = 2019051520;

/** Runs `fn` on one connection of `pool` holding the start-up lock (waiting for it). */
async function underStartupLock<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection whose unlock failed goes away (its session's lock with it), never back to the pool.
  let clean = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await fn(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
      clean = true;
    }
  } finally {
    client.release(!clean);
  }
}

/** A node-postgres pool on `url`, checked by one connection (a clear message when the server is not reachable). */
async function openPool(url: string, what: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection that the server ends (a restart, a terminated backend) must not take the
  // process down: the pool drops that client and the next query opens a new one.
  pool.on('error', (err) => {
    process.stderr.write(`PostgreSQL ${what}空闲连接已断开并丢弃：${err.message}\n`);
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new Error(`无法连接 PostgreSQL ${what}数据库 ${hidePassword(url)}：${(err as Error).message}`);
  }
  return pool;
}

/**
 * For a data folder without a database yet: load PGlite's initialised cluster from the template that
 * `npm ci` saves (bin/pglite-template.mjs) instead of running initdb again. {} when there is no
 * template (or the folder already holds a database).
 */
export function freshPgliteOptions(dataDir?: string): { loadDataDir?: Blob } {
  if (dataDir && existsSync(path.join(dataDir, 'PG_VERSION'))) return {};
  const file = templatePath();
  return existsSync(file) ? { loadDataDir: new Blob([readFileSync(file)]) } : {};
}

/** Applies the migrations not yet applied (for a database opened with `migrate: false`). */
export async function migrateDatabase(database: Database): Promise<void> {
  // On PostgreSQL under the start-up lock: processes started together migrate once (openDatabase).
  if (database.kind === 'postgres' && database.pools) {
    await underStartupLock(database.pools.primary, (client) => migratePg(drizzlePg(client, { schema }) as never, { migrationsFolder: MIGRATIONS_FOLDER }));
  } else if (database.kind === 'postgres') await migratePg(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  else await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Wraps an open PGlite (e.g. an in-memory clone in tests) as a Database. */
export async function wrapPglite(
  client: PGlite,
  opts: { migrate?: boolean; location?: string; onClose?: () => void } = {},
): Promise<Database> {
  // The embedded database's pages are in memory: a random read costs what a sequential one does.
  // With the server default (4) the planner scans whole tables where an index reaches a few rows
  // (one agency's report read every event of the province: 55 ms instead of 20; issue 9).
  await client.exec('SET random_page_cost = 1.1');
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  if (opts.migrate ?? true) await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db,
    readDb: db,
    kind: 'pglite',
    exclusive: (fn) => fn(),
    location: opts.location ?? ':memory:',
    close: async () => {
      try {
        await client.close();
      } finally {
        opts.onClose?.();
      }
    },
  };
}
