/**
 * Fresh databases on a PostgreSQL server, for tests and benchmarks (no test runner needed: the
 * benchmarks in bench/ use it too).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh empty database on the PostgreSQL server `base`; `drop()` removes it. */
export async function freshPostgresDatabase(base: string, prefix = 'gk_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
