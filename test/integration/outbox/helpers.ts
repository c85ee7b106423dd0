/** Shared pieces of the outbox tests: a scratch effects table, an application to append to, subscribers that record their runs. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../src/db/index.ts';
import { agencies, applications } from '../../../src/db/schema.ts';
import type { OutboxEntry, Subscriber } from '../../../src/app/outbox/index.ts';

/** A table for the subscribers' effects (the test's own, not the application's), empty. */
export async function createEffectsTable(db: DbOrTx): Promise<void> {
  await db.execute(sql`create table if not exists outbox_test_effects (entry_id bigint not null, subscriber text not null)`);
  await db.execute(sql`delete from outbox_test_effects`);
}

/** An agency and one application of it; returns the application id. */
export async function newApplication(db: Db, code = `t-${Math.random().toString(36).slice(2, 8)}`): Promise<number> {
  const [agency] = await db.insert(agencies).values({ code, name: `测试机关${code}` }).returning();
  const [app] = await db
    .insert(applications)
    .values({ agencyId: agency.id, number: '202600001', applicantType: 'natural', applicantName: '张三', channel: 'in_person', subject: '测试' })
    .returning();
  return app.id;
}

/** How many times each (entry, subscriber) effect was written. */
export async function effectCounts(db: DbOrTx): Promise<Map<string, number>> {
  const rows = await queryRows<{ entryId: number | string; subscriber: string; n: number }>(
    db,
    sql`select entry_id as "entryId", subscriber, count(*)::int as n from outbox_test_effects group by entry_id, subscriber`,
  );
  return new Map(rows.map((r) => [`${Number(r.entryId)}/${r.subscriber}`, Number(r.n)]));
}

export interface RecordingSubscriber extends Subscriber {
  /** Entry ids in the order `run` was called (also the calls rolled back). */
  calls: number[];
}

/** A subscriber that writes one effect row per run, in its transaction; `fail(entry)` makes a run throw after writing. */
export function recordingSubscriber(
  name: string,
  options: { handles?: (e: OutboxEntry) => boolean; fail?: (e: OutboxEntry) => boolean; pauseMs?: number } = {},
): RecordingSubscriber {
  const calls: number[] = [];
  return {
    name,
    calls,
    handles: options.handles ?? ((e) => e.topic === 'application.event'),
    async run(tx, entry) {
      calls.push(entry.id);
      await tx.execute(sql`insert into outbox_test_effects (entry_id, subscriber) values (${entry.id}, ${name})`);
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      if (options.fail?.(entry)) throw new Error(`${name} 模拟失败`);
    },
  };
}

export async function pendingCount(db: DbOrTx): Promise<number> {
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where done_at is null`);
  return Number(r.n);
}
