/**
 * Test databases.
 *
 *   const database = await createTestDatabase();          // fresh migrated in-memory PGlite (~0.5 s)
 *   const database = await createTestDatabase({ demo: true });   // … with the demo data
 *   await database.close();
 *
 *   describeDatabases('agencies', (t) => {                 // a suite on PGlite, and also on
 *     it('creates one', async () => { await t.db.insert(…) });   // PostgreSQL when
 *   });                                                    // GONGKAI_TEST_DATABASE_URL is set (CI)
 *
 *   await forEachDatabase(async (database) => { … });      // the same, inside one test
 *
 * On PostgreSQL each suite gets its own database (created, migrated, dropped afterwards).
 */
import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { freshPostgresDatabase } from './postgres.ts';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, wrapPglite, type Database, type Db } from '../../src/db/index.ts';
import { seedDemo } from '../../src/db/seed/demo.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface TestDatabaseOptions {
  /** Load the demo data (src/db/seed/demo.ts). */
  demo?: boolean;
}

/** A fresh migrated in-memory PGlite, cloned from the run's template. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const file = inject('pgliteDump');
  const blob = new Blob([readFileSync(file)], { type: 'application/x-gzip' });
  const client = new PGlite({ loadDataDir: blob });
  const database = await wrapPglite(client, { migrate: false });
  if (options.demo) await seedDemo(database.db);
  return database;
}

/** The PostgreSQL server of the test run, if any (CI sets it). */
export function testPostgresUrl(): string | undefined {
  return process.env.GONGKAI_TEST_DATABASE_URL || undefined;
}

export { freshPostgresDatabase } from './postgres.ts';

/** A fresh database on the test PostgreSQL server, migrated; close() also drops it. */
export async function createPostgresTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const base = testPostgresUrl();
  if (!base) throw new Error('未设置 GONGKAI_TEST_DATABASE_URL');
  const fresh = await freshPostgresDatabase(base);
  const database = await openDatabase({ url: fresh.url });
  if (options.demo) await seedDemo(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      await fresh.drop();
    },
  };
}

export function databaseKinds(): DatabaseKind[] {
  return testPostgresUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

export function createDatabaseOfKind(kind: DatabaseKind, options: TestDatabaseOptions = {}): Promise<Database> {
  return kind === 'pglite' ? createTestDatabase(options) : createPostgresTestDatabase(options);
}

/** Runs `fn` on a fresh database of each kind in turn. */
export async function forEachDatabase(fn: (database: Database, kind: DatabaseKind) => Promise<void>, options: TestDatabaseOptions = {}) {
  for (const kind of databaseKinds()) {
    const database = await createDatabaseOfKind(kind, options);
    try {
      await fn(database, kind);
    } finally {
      await database.close();
    }
  }
}

export interface SuiteDatabase {
  /** Set before the suite's tests run. */
  database: Database;
  db: Db;
  kind: DatabaseKind;
}

/** Declares the suite once per database kind; `t.db` is that suite's own database. */
export function describeDatabases(name: string, fn: (t: SuiteDatabase) => void, options: TestDatabaseOptions = {}) {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      const t = { kind } as SuiteDatabase;
      beforeAll(async () => {
        t.database = await createDatabaseOfKind(kind, options);
        t.db = t.database.db;
      });
      afterAll(async () => {
        await t.database?.close();
      });
      fn(t);
    });
  }
}
