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
  kind: 'pglite' | 'postgres';
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
  /** Apply migrations (default true). */
  migrate?: boolean;
}

/** The options from the environment: DATABASE_URL, else GONGKAI_DATA_DIR (default ./data). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
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
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection that the server ends (a restart, a terminated backend) must not take the
    // process down: the pool drops that client and the next query opens a new one.
    pool.on('error', (err) => {
      process.stderr.write(`PostgreSQL 空闲连接已断开并丢弃：${err.message}\n`);
    });
    // Fail fast with a clear message when the server is not reachable.
    try {
      const c = await pool.connect();
      c.release();
    } catch (err) {
      await pool.end().catch(() => {});
      throw new Error(`无法连接 PostgreSQL 数据库 ${hidePassword(options.url)}：${(err as Error).message}`);
    }
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    if (runMigrations) await migratePg(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db, kind: 'postgres', location: hidePassword(options.url), close: () => pool.end() };
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
  if (database.kind === 'postgres') await migratePg(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
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
    kind: 'pglite',
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
