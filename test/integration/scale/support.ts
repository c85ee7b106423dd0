/**
 * Helpers of the scale tests (issue 20): one database reached through two handles, as two processes
 * reach one PostgreSQL. On PostgreSQL the handles are two pools (two openDatabase calls on one URL,
 * each with its own connections, listener and origin); on PGlite, which admits one process, they are
 * the same handle (what one process with several apps on it shares).
 */
import { openDatabase, type Database } from '../../../src/db/index.ts';
import { seedDemo } from '../../../src/db/seed/demo.ts';
import { createTestDatabase, freshPostgresDatabase, testPostgresUrl, type DatabaseKind } from '../../support/db.ts';

export interface SharedDatabase {
  a: Database;
  b: Database;
  /** The PostgreSQL URL (undefined on PGlite). */
  url?: string;
  close(): Promise<void>;
}

export async function sharedDatabase(kind: DatabaseKind, opts: { demo?: boolean } = {}): Promise<SharedDatabase> {
  if (kind === 'pglite') {
    const one = await createTestDatabase({ demo: opts.demo });
    return { a: one, b: one, close: () => one.close() };
  }
  const base = testPostgresUrl();
  if (!base) throw new Error('未设置 GONGKAI_TEST_DATABASE_URL');
  const fresh = await freshPostgresDatabase(base, 'gk_scale');
  const a = await openDatabase({ url: fresh.url });
  if (opts.demo) await seedDemo(a.db);
  const b = await openDatabase({ url: fresh.url });
  return {
    a,
    b,
    url: fresh.url,
    close: async () => {
      await a.close();
      await b.close();
      await fresh.drop();
    },
  };
}
