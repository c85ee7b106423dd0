/**
 * Reads from a replica (issue 20; src/server/read-db.ts): with DATABASE_READ_URL the anonymous
 * portal's reads and search go to the replica's pool, signed-in users and writes to the primary, and
 * for the lag allowance after a public change anonymous reads stay on the primary. The "replica" is
 * the same server reached through a second pool, so which pool served is counted, not guessed.
 * PostgreSQL only (GONGKAI_TEST_DATABASE_URL): the embedded database has no replica.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, optionsFromEnv, type Database } from '../../../src/db/index.ts';
import { seedDemo } from '../../../src/db/seed/demo.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

describe('DATABASE_READ_URL is read from the environment', () => {
  it('with DATABASE_URL only', () => {
    expect(optionsFromEnv({ DATABASE_URL: 'postgres://p/db', DATABASE_READ_URL: 'postgres://r/db' })).toEqual({ url: 'postgres://p/db', readUrl: 'postgres://r/db' });
    expect(optionsFromEnv({ DATABASE_URL: 'postgres://p/db' })).toEqual({ url: 'postgres://p/db' });
    expect(optionsFromEnv({ DATABASE_READ_URL: 'postgres://r/db', GONGKAI_DATA_DIR: '/tmp/x' })).toEqual({ dataDir: '/tmp/x' });
  });
});

describe.runIf(testPostgresUrl())('reads on the replica, writes and read-your-writes on the primary (PostgreSQL, GONGKAI_TEST_DATABASE_URL)', () => {
  let fresh: { url: string; drop(): Promise<void> };
  let database: Database;
  /** The SQL each pool ran (recorded from the real clients as the pools hand them out). */
  const ran = { primary: [] as string[], read: [] as string[] };
  const served = {
    get primary() {
      return ran.primary.length;
    },
    get read() {
      return ran.read.length;
    },
  };
  const count = () => ({ primary: served.primary, read: served.read });
  /** The agency directory (src/app/agencies.ts) is kept in memory and reloaded from the primary. */
  const isDirectory = (text: string) => /^select .* from "agencies" order by "agencies"."code"/i.test(text);
  function record(pool: import('pg').Pool, into: string[]) {
    const seen = new WeakSet<object>();
    pool.on('acquire', (client) => {
      if (seen.has(client)) return;
      seen.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const q = args[0] as string | { text?: string };
        into.push(typeof q === 'string' ? q : (q?.text ?? ''));
        return query(...args);
      };
    });
  }

  beforeAll(async () => {
    fresh = await freshPostgresDatabase(testPostgresUrl()!, 'gk_replica');
    database = await openDatabase({ url: fresh.url, readUrl: fresh.url });
    await seedDemo(database.db);
    expect(database.readDb).not.toBe(database.db);
    record(database.pools!.primary, ran.primary);
    record(database.pools!.read, ran.read);
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
  });

  describe('with no lag allowance', () => {
    let server: TestServer;
    beforeAll(async () => {
      // Page cache off: every page is rendered, so every request reads.
      server = await startTestServer({ database, readDb: database.readDb, replicaLagMs: 0, pageCache: { ttlMs: 0 } });
    });
    afterAll(() => server?.close());

    it("an anonymous visitor's portal pages and searches are read from the replica", async () => {
      const visitor = server.client();
      for (const path of ['/agencies/220500-zsj/catalog', '/search?q=%E5%85%AC%E5%BC%80', '/api/search?q=%E5%85%AC%E5%BC%80', '/feed.xml', '/agencies/220500-zsj']) {
        const before = count();
        const res = await visitor.get(path);
        expect(res.status, path).toBe(200);
        expect(served.read - before.read, path).toBeGreaterThan(0);
        expect(ran.primary.slice(before.primary).filter((q) => !isDirectory(q)), path).toEqual([]);
      }
    });

    it('a signed-in user reads the primary (read-your-writes), the same pages', async () => {
      const staff = server.client();
      await staff.login('publisher@zsj.demo');
      const before = count();
      for (const path of ['/agencies/220500-zsj/catalog', '/search?q=%E5%85%AC%E5%BC%80', '/api/search?q=%E5%85%AC%E5%BC%80']) {
        expect((await staff.get(path)).status).toBe(200);
      }
      expect(served.read).toBe(before.read);
      expect(served.primary).toBeGreaterThan(before.primary);
    });

    it('a write and what it reads are on the primary', async () => {
      const admin = server.client();
      await admin.login('admin@zsj.demo');
      const before = count();
      const res = await admin.patch('/api/agencies/220500-zsj', { name: '通化市政务服务和数字化建设管理局', officeHours: '工作日 8:30—17:00' });
      expect(res.status).toBe(200);
      expect(served.read).toBe(before.read);
      expect(served.primary).toBeGreaterThan(before.primary);
    });
  });

  describe('within the lag allowance after a public change', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ database, readDb: database.readDb, replicaLagMs: 3_600_000, pageCache: { ttlMs: 0 } });
    });
    afterAll(() => server?.close());

    it('anonymous reads stay on the primary, so a page never shows (or keeps) the state before the write', async () => {
      const admin = server.client();
      await admin.login('admin@zsj.demo');
      expect((await admin.patch('/api/agencies/220500-zsj', { name: '通化市政务服务和数字化建设管理局', officeHours: '工作日 9:00—17:30' })).status).toBe(200);
      const before = count();
      const page = await server.client().get('/agencies/220500-zsj/catalog');
      expect(page.status).toBe(200);
      expect(served.read).toBe(before.read);
      expect(served.primary).toBeGreaterThan(before.primary);
    });
  });
});
