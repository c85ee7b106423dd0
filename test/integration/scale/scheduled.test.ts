/**
 * Scheduled work once across processes (issue 20): the working morning's run (reminders and staff
 * digests, src/app/notifications/schedule.ts) started at the same moment by two processes — here two
 * handles of one database, on PostgreSQL two pools as two processes have — runs once, and its messages
 * exist once. Every server process starts the scheduler (gongkai serve); the run is claimed in
 * scheduled_runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../src/db/index.ts';
import { runMorning } from '../../../src/app/notifications/schedule.ts';
import { databaseKinds } from '../../support/db.ts';
import { sharedDatabase, type SharedDatabase } from './support.ts';

const DAY = '2026-11-24'; // a Tuesday, a working day

for (const kind of databaseKinds()) {
  describe(`the working morning runs once across two processes' handles [${kind}]`, () => {
    let shared: SharedDatabase;
    beforeAll(async () => {
      shared = await sharedDatabase(kind, { demo: true });
    });
    afterAll(() => shared?.close());

    it('one run produces the messages, the other finds it taken; run again, nothing more', async () => {
      const [a, b] = await Promise.all([runMorning(shared.a.db, DAY), runMorning(shared.b.db, DAY)]);
      expect([a.ran, b.ran].sort()).toEqual([false, true]);
      expect([a, b].find((r) => !r.ran)?.reason).toBe('already_run');
      const made = [a, b].find((r) => r.ran)!.messages!;
      expect(made).toBeGreaterThan(0);
      const runs = await queryRows<{ n: number; finished: number }>(
        shared.a.db,
        sql`SELECT count(*)::int AS n, count(finished_at)::int AS finished FROM scheduled_runs WHERE name = 'morning' AND day = ${DAY}`,
      );
      expect(runs[0]).toEqual({ n: 1, finished: 1 });
      const digests = async () =>
        (await queryRows<{ n: number; keys: number }>(shared.b.db, sql`SELECT count(*)::int AS n, count(DISTINCT (user_id, key))::int AS keys FROM notifications WHERE key = ${`digest:${DAY}`}`))[0];
      const first = await digests();
      expect(first.n).toBeGreaterThan(0);
      expect(first.n).toBe(first.keys);
      expect((await runMorning(shared.b.db, DAY)).ran).toBe(false);
      expect(await digests()).toEqual(first);
    });
  });
}
