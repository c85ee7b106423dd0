/**
 * Page-cache invalidation across processes (issue 20): a write through one app empties the page
 * cache of another app on the same database at once — not after the TTL, which these tests set to an
 * hour. On PostgreSQL the apps have their own pools and hear each other by LISTEN/NOTIFY
 * (src/app/public-changes.ts, src/db/notify.ts); on PGlite (one process) they share the handle and
 * the in-process path. With two real server processes: test/integration/scale/processes.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from '../../../src/db/index.ts';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { sharedDatabase, type SharedDatabase } from './support.ts';

const HOUR = 3_600_000;

for (const kind of databaseKinds()) {
  describe(`a write through one app drops the pages another app keeps [${kind}]`, () => {
    let shared: SharedDatabase;
    let one: TestServer;
    let two: TestServer;
    let doc: { id: number; title: string; category: string | null; written_date: string | null; body: string };

    beforeAll(async () => {
      shared = await sharedDatabase(kind, { demo: true });
      one = await startTestServer({ database: shared.a, pageCache: { ttlMs: HOUR } });
      two = await startTestServer({ database: shared.b, pageCache: { ttlMs: HOUR } });
      [doc] = await queryRows(
        shared.a.db,
        sql`SELECT d.id, d.title, d.category, d.written_date::text AS written_date, d.body FROM documents d JOIN agencies a ON a.id = d.agency_id
            WHERE a.code = '220500-zsj' AND d.status = 'published' ORDER BY d.id LIMIT 1`,
      );
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await shared?.close();
    });

    /** The document's fields with a new title (what PATCH /api/documents/:id takes). */
    function edit(title: string) {
      return { title, category: doc.category ?? 'other', ...(doc.written_date ? { writtenDate: doc.written_date } : {}), body: doc.body };
    }

    async function cachedInTwo(path: string) {
      const visitor = two.client();
      await visitor.get(path);
      const again = await visitor.get(path);
      expect(again.headers.get('x-cache')).toBe('hit');
      return visitor;
    }

    it('edit a document through the first: the second serves the new title on its next request', async () => {
      const path = `/documents/${doc.id}`;
      const visitor = await cachedInTwo(path);
      const before = two.app.pageCache.stats.invalidations;
      const publisher = one.client();
      await publisher.login('publisher@zsj.demo');
      const title = `${doc.title}（跨进程修订）`;
      const edited = await publisher.patch(`/api/documents/${doc.id}`, edit(title));
      expect(edited.status).toBe(200);
      // The first answered after its NOTIFY was sent; the second hears it a moment later (never the hour).
      await expect.poll(() => two.app.pageCache.stats.invalidations, { timeout: 10_000 }).toBeGreaterThan(before);
      const after = await visitor.get(path);
      expect(after.headers.get('x-cache')).toBe('miss');
      expect(after.text).toContain(title);
      expect((await visitor.get('/agencies/220500-zsj')).text).toContain(title);
    });

    it('a write made outside HTTP (an agency changed by a use case) reaches the other app too', async () => {
      const path = '/agencies/220500-zsj/guide';
      const visitor = await cachedInTwo(path);
      const before = two.app.pageCache.stats.invalidations;
      const admin = one.client();
      await admin.login('admin@zsj.demo');
      const res = await admin.patch('/api/agencies/220500-zsj', { name: '通化市政务服务和数字化建设管理局', officePhone: '0435-7654321' });
      expect(res.status).toBe(200);
      await expect.poll(() => two.app.pageCache.stats.invalidations, { timeout: 10_000 }).toBeGreaterThan(before);
      expect((await visitor.get(path)).text).toContain('0435-7654321');
    });

    // PostgreSQL only: PGlite has one process and no listening connection.
    if (kind === 'postgres') it('when the listening connection breaks, it comes back and the cache is emptied (messages may have been missed)', async () => {
      const path = `/documents/${doc.id}/versions`;
      await cachedInTwo(path);
      const before = two.app.pageCache.stats.invalidations;
      const admin = new pg.Client({ connectionString: shared.url });
      await admin.connect();
      try {
        const killed = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
        );
        expect(killed.rowCount).toBeGreaterThanOrEqual(2);
        await expect.poll(() => two.app.pageCache.stats.invalidations, { timeout: 20_000 }).toBeGreaterThan(before);
        // Listening again: a later write through the first still reaches the second.
        await expect
          .poll(async () => Number((await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`)).rows[0].n), { timeout: 20_000 })
          .toBeGreaterThanOrEqual(2);
      } finally {
        await admin.end();
      }
      await cachedInTwo(path);
      const mid = two.app.pageCache.stats.invalidations;
      const publisher = one.client();
      await publisher.login('publisher@zsj.demo');
      expect((await publisher.patch(`/api/documents/${doc.id}`, edit(`${doc.title}（重连后）`))).status).toBe(200);
      await expect.poll(() => two.app.pageCache.stats.invalidations, { timeout: 10_000 }).toBeGreaterThan(mid);
      expect((await two.client().get(`/documents/${doc.id}`)).text).toContain(`${doc.title}（重连后）`);
    });
  });
}
