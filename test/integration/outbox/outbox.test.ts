/**
 * The outbox (src/app/outbox): appending events publishes them in the same transaction; the
 * dispatcher delivers them after commit, once per subscriber, retries a failing subscriber with
 * back-off, and several dispatchers on one database never run an entry twice. On PGlite and, when
 * GONGKAI_TEST_DATABASE_URL is set, on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { appendEvents } from '../../../src/db/applications.ts';
import { openDatabase, queryRows } from '../../../src/db/index.ts';
import { outbox, outboxDeliveries } from '../../../src/db/schema.ts';
import { dispatchOnce, outboxBacklog, pruneOutbox, publish, startDispatcher } from '../../../src/app/outbox/index.ts';
import { describeDatabases, freshPostgresDatabase, testPostgresUrl } from '../../support/db.ts';
import { createEffectsTable, effectCounts, newApplication, pendingCount, recordingSubscriber } from './helpers.ts';

const quiet = { onError: () => {} };

describeDatabases('outbox', (t) => {
  it('publishes each appended event in the transaction: a rolled-back append publishes nothing', async () => {
    const id = await newApplication(t.db);
    await t.db.transaction(async (tx) => {
      await appendEvents(tx, id, [{ type: 'submitted', date: '2026-03-02', channel: 'in_person' }, { type: 'note', date: '2026-03-02', text: '备注' }], null);
    });
    await t.db
      .transaction(async (tx) => {
        await appendEvents(tx, id, [{ type: 'note', date: '2026-03-03', text: '不会提交' }], null);
        throw new Error('rollback');
      })
      .catch(() => {});
    const rows = await t.db.select().from(outbox).orderBy(outbox.id);
    const mine = rows.filter((r) => (r.payload as { applicationId: number }).applicationId === id);
    expect(mine.map((r) => [r.topic, (r.payload as { seq: number }).seq, (r.payload as { event: { type: string } }).event.type])).toEqual([
      ['application.event', 1, 'submitted'],
      ['application.event', 2, 'note'],
    ]);
  });

  it('delivers each committed entry once to each subscriber that handles it, and never again', async () => {
    await createEffectsTable(t.db);
    await dispatchOnce(t.db, { subscribers: [], ...quiet }); // what earlier tests left
    const id = await newApplication(t.db);
    await t.db.transaction((tx) => appendEvents(tx, id, [{ type: 'submitted', date: '2026-03-02', channel: 'in_person' }, { type: 'receipt_confirmed', date: '2026-03-03' }], null));
    const all = recordingSubscriber('test.all');
    const confirmations = recordingSubscriber('test.confirmations', {
      handles: (e) => e.topic === 'application.event' && e.payload.event.type === 'receipt_confirmed',
    });
    const first = await dispatchOnce(t.db, { subscribers: [all, confirmations], ...quiet });
    expect(first).toEqual({ entries: 2, delivered: 3, failed: 0 });
    expect(await dispatchOnce(t.db, { subscribers: [all, confirmations], ...quiet })).toEqual({ entries: 0, delivered: 0, failed: 0 });
    expect(all.calls).toHaveLength(2);
    expect(confirmations.calls).toHaveLength(1);
    expect([...(await effectCounts(t.db)).values()]).toEqual([1, 1, 1]);
    expect(await pendingCount(t.db)).toBe(0);
  });

  it('retries a failing subscriber with back-off, keeps its last error, and does not run the others again', async () => {
    await createEffectsTable(t.db);
    await dispatchOnce(t.db, { subscribers: [], ...quiet });
    const id = await newApplication(t.db);
    await t.db.transaction((tx) => appendEvents(tx, id, [{ type: 'submitted', date: '2026-03-02', channel: 'in_person' }], null));
    let failures = 2;
    const ok = recordingSubscriber('test.ok');
    const flaky = recordingSubscriber('test.flaky', { fail: () => failures-- > 0 });
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000); // a day ahead: the entry is due
    const at = (ms: number) => ({ subscribers: [ok, flaky], now: () => new Date(t0.getTime() + ms), ...quiet });
    expect(await dispatchOnce(t.db, at(0))).toEqual({ entries: 1, delivered: 1, failed: 1 });
    const [backlog] = await outboxBacklog(t.db);
    expect(backlog.attempts).toBe(1);
    expect(backlog.lastError).toBe('test.flaky：test.flaky 模拟失败');
    expect(backlog.nextAttemptAt).toBe(new Date(t0.getTime() + 1000).toISOString());
    // Not due yet: nothing runs.
    expect(await dispatchOnce(t.db, at(999))).toEqual({ entries: 0, delivered: 0, failed: 0 });
    expect(await dispatchOnce(t.db, at(1000))).toEqual({ entries: 1, delivered: 0, failed: 1 });
    expect((await outboxBacklog(t.db))[0].nextAttemptAt).toBe(new Date(t0.getTime() + 1000 + 2000).toISOString());
    expect(await dispatchOnce(t.db, at(3000))).toEqual({ entries: 1, delivered: 1, failed: 0 });
    expect(ok.calls).toHaveLength(1);
    expect(flaky.calls).toHaveLength(3);
    // The failed runs were rolled back with their savepoint: one effect each.
    expect([...(await effectCounts(t.db)).values()]).toEqual([1, 1]);
    const [delivery] = await t.db.select().from(outboxDeliveries).where(sql`${outboxDeliveries.subscriber} = 'test.flaky'`);
    expect(delivery.attempts).toBe(3);
    expect(delivery.doneAt).not.toBeNull();
    expect(await outboxBacklog(t.db)).toEqual([]);
  });

  it('an entry whose stored payload does not fit its topic is a loud error, retried, never delivered as is', async () => {
    await dispatchOnce(t.db, { subscribers: [], ...quiet });
    await t.db.insert(outbox).values({ topic: 'application.event', payload: { applicationId: 'x' } });
    const errors: string[] = [];
    const s = recordingSubscriber('test.strict', { handles: () => true });
    expect(await dispatchOnce(t.db, { subscribers: [s], onError: (m) => errors.push(m) })).toEqual({ entries: 1, delivered: 0, failed: 1 });
    expect(s.calls).toEqual([]);
    expect(errors[0]).toMatch(/主题「application\.event」的内容不符合其格式/);
    expect((await outboxBacklog(t.db))[0].lastError).toMatch(/applicationId/);
    await t.db.execute(sql`update outbox set done_at = now() where done_at is null`);
  });

  it('a background dispatcher delivers what was pending at its start and what is written while it runs', async () => {
    await createEffectsTable(t.db);
    await dispatchOnce(t.db, { subscribers: [], ...quiet });
    const id = await newApplication(t.db);
    await t.db.transaction((tx) => appendEvents(tx, id, [{ type: 'submitted', date: '2026-03-02', channel: 'in_person' }], null));
    const s = recordingSubscriber('test.background');
    const d = startDispatcher(t.db, { subscribers: [s], pollMs: 50, ...quiet });
    try {
      await t.db.transaction((tx) => appendEvents(tx, id, [{ type: 'receipt_confirmed', date: '2026-03-03' }], null));
      for (let i = 0; i < 200 && (await pendingCount(t.db)) > 0; i++) await new Promise((r) => setTimeout(r, 25));
      await d.idle();
    } finally {
      await d.stop();
    }
    expect(await pendingCount(t.db)).toBe(0);
    expect(s.calls).toHaveLength(2);
  });

  it('prunes delivered entries after their retention, with their delivery records', async () => {
    await createEffectsTable(t.db);
    await dispatchOnce(t.db, { subscribers: [], ...quiet });
    await t.db.transaction((tx) => publish(tx, [{ topic: 'application.event', payload: { applicationId: 1, seq: 1, actorUserId: null, event: { type: 'note', date: '2026-01-01', text: '备注' } } }]));
    await dispatchOnce(t.db, { subscribers: [recordingSubscriber('test.prune')], ...quiet });
    expect(await pruneOutbox(t.db, new Date(Date.now() + 7 * 86_400_000))).toBeGreaterThan(0);
    const [{ n }] = await queryRows<{ n: number }>(t.db, sql`select (select count(*) from outbox)::int + (select count(*) from outbox_deliveries)::int as n`);
    expect(Number(n)).toBe(0);
  });
});

describe('outbox: two dispatchers on one database', () => {
  /** Many entries, two dispatchers at once (each its own connection on PostgreSQL): every entry runs once. */
  async function race(dbA: Parameters<typeof dispatchOnce>[0], dbB: Parameters<typeof dispatchOnce>[0]) {
    await createEffectsTable(dbA);
    const id = await newApplication(dbA);
    for (let i = 0; i < 10; i++) {
      await dbA.transaction((tx) => appendEvents(tx, id, Array.from({ length: 12 }, (_, k) => ({ type: 'note' as const, date: '2026-03-02', text: `第${i}-${k}条` })), null));
    }
    const running = new Set<number>();
    const overlaps: number[] = [];
    const watch = (name: string) => {
      const s = recordingSubscriber(name, { pauseMs: 1 });
      const run = s.run;
      s.run = async (tx, entry) => {
        if (running.has(entry.id)) overlaps.push(entry.id);
        running.add(entry.id);
        try {
          await run(tx, entry);
        } finally {
          running.delete(entry.id);
        }
      };
      return s;
    };
    // The same subscriber (by name) in both dispatchers, as in two processes of one installation.
    const a = watch('test.race');
    const b = watch('test.race');
    const [ra, rb] = await Promise.all([dispatchOnce(dbA, { subscribers: [a], batchSize: 7, ...quiet }), dispatchOnce(dbB, { subscribers: [b], batchSize: 7, ...quiet })]);
    expect(overlaps).toEqual([]);
    expect(ra.entries + rb.entries).toBe(120);
    expect(a.calls.length + b.calls.length).toBe(120);
    expect(new Set([...a.calls, ...b.calls]).size).toBe(120);
    const counts = await effectCounts(dbA);
    expect(counts.size).toBe(120);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await pendingCount(dbA)).toBe(0);
    return { a: a.calls.length, b: b.calls.length };
  }

  it('PGlite: two dispatchers on one database never run an entry twice', async () => {
    const { createTestDatabase } = await import('../../support/db.ts');
    const database = await createTestDatabase();
    try {
      await race(database.db, database.db);
    } finally {
      await database.close();
    }
  });

  // Declared only when a PostgreSQL server is given (as describeDatabases does).
  if (testPostgresUrl()) it('PostgreSQL: two dispatchers on two connection pools never run an entry twice, and share the work', async () => {
    const fresh = await freshPostgresDatabase(testPostgresUrl()!, 'gk_outbox');
    const one = await openDatabase({ url: fresh.url });
    const two = await openDatabase({ url: fresh.url, migrate: false });
    try {
      const { a, b } = await race(one.db, two.db);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      await one.close();
      await two.close();
      await fresh.drop();
    }
  });
});
