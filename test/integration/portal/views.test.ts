/**
 * 点击数: buffered increments, flushed in batches and on shutdown, de-duplicated per client and
 * document within a window, never lost under concurrent readers and flushes.
 */
import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { documents } from '../../../src/db/schema.ts';
import { ViewCounter } from '../../../src/app/portal/views.ts';
import { startTestServer } from '../../support/server.ts';

describeDatabases(
  'portal view counter',
  (t) => {
    async function count(id: number): Promise<number> {
      const [r] = await t.db.select({ n: documents.viewCount }).from(documents).where(eq(documents.id, id));
      return r.n;
    }
    async function someDocuments(n: number): Promise<number[]> {
      const rows = await t.db.select({ id: documents.id }).from(documents).where(eq(documents.status, 'published')).orderBy(documents.id).limit(n);
      return rows.map((r) => r.id);
    }

    it('buffers views in memory and writes them in one statement per flush', async () => {
      const [a, b] = await someDocuments(2);
      const [ca, cb] = [await count(a), await count(b)];
      const counter = new ViewCounter(t.db);
      for (let i = 0; i < 30; i++) expect(counter.hit(a, `client-${i}`)).toBe(true);
      for (let i = 0; i < 7; i++) counter.hit(b, `client-${i}`);
      expect(await count(a)).toBe(ca); // nothing written on the hot path
      expect(counter.pending(a)).toBe(30);
      await counter.flush();
      expect(counter.flushes).toBe(1);
      expect([await count(a), await count(b)]).toEqual([ca + 30, cb + 7]);
      expect(counter.pending(a)).toBe(0);
      await counter.flush(); // nothing to write: no statement
      expect(counter.flushes).toBe(1);
    });

    it('does not count one client reloading within the window, and counts it again after', async () => {
      const [a] = await someDocuments(1);
      let now = 1_000_000;
      const counter = new ViewCounter(t.db, { dedupeWindowMs: 30 * 60_000, now: () => now });
      const key = counter.clientKey('203.0.113.7', 'Mozilla/5.0');
      expect(key).not.toContain('203.0.113.7');
      for (let i = 0; i < 10; i++) counter.hit(a, key);
      expect(counter.pending(a)).toBe(1);
      // another document, or another browser at the same address, is another view
      expect(counter.hit(a + 1, key)).toBe(true);
      expect(counter.hit(a, counter.clientKey('203.0.113.7', 'Other/1.0'))).toBe(true);
      now += 29 * 60_000;
      expect(counter.hit(a, key)).toBe(false);
      now += 2 * 60_000;
      expect(counter.hit(a, key)).toBe(true);
      expect(counter.pending(a)).toBe(3);
    });

    it('loses no view with many concurrent readers, concurrent flushes and two processes’ counters', async () => {
      const ids = await someDocuments(3);
      const before = await Promise.all(ids.map(count));
      const c1 = new ViewCounter(t.db);
      const c2 = new ViewCounter(t.db); // a second process on the same database
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 600; i++) {
        const c = i % 2 ? c1 : c2;
        work.push(Promise.resolve().then(() => c.hit(ids[i % 3], `reader-${i}`)));
        if (i % 50 === 0) work.push(c1.flush(), c2.flush());
      }
      await Promise.all(work);
      await Promise.all([c1.stop(), c2.stop()]);
      const after = await Promise.all(ids.map(count));
      expect(after.map((n, i) => n - before[i])).toEqual([200, 200, 200]);
    });

    it('keeps the increments when a flush fails, and writes them on the next one', async () => {
      const [a] = await someDocuments(1);
      const before = await count(a);
      let fail = true;
      const flaky = new Proxy(t.db, {
        get(target, prop, receiver) {
          if (prop === 'execute' && fail) return async () => Promise.reject(new Error('connection lost'));
          return Reflect.get(target, prop, receiver);
        },
      });
      const counter = new ViewCounter(flaky);
      counter.hit(a, 'x');
      counter.hit(a, 'y');
      await expect(counter.flush()).rejects.toThrow('connection lost');
      expect(counter.pending(a)).toBe(2);
      fail = false;
      await counter.flush();
      expect(await count(a)).toBe(before + 2);
    });

    it('over HTTP: 20 concurrent readers count 20, a reload does not count, shutdown flushes', async () => {
      const server = await startTestServer({ database: t.database });
      const [id] = await someDocuments(1);
      const before = await count(id);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => fetch(`${server.url}/documents/${id}`, { headers: { 'user-agent': `reader-${i}` } }).then((r) => r.text())),
      );
      const again = await (await fetch(`${server.url}/documents/${id}`, { headers: { 'user-agent': 'reader-3' } })).text();
      expect(again).toContain(`<span class="view-count">${before + 20}</span>`);
      const api = await (await fetch(`${server.url}/api/documents/${id}`)).json();
      expect(api.viewCount).toBe(before + 20);
      await server.close(); // flushes
      expect(await count(id)).toBe(before + 20);
      const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(documents);
      expect(n).toBeGreaterThan(0);
    });
  },
  { demo: true },
);
