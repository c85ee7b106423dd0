/**
 * Case events are checked by their schema when written (appendEvents, the bulk import path) and
 * when read back (loadRecorded, loadRecordedMany, the report's facts): a stored event that does not
 * fit is a loud error naming the application and the event, never a cast. The demo data fits.
 */
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { appendEvents, insertApplicationsWithEvents, loadRecorded, loadRecordedMany, loadReportFacts } from '../../../src/db/applications.ts';
import { queryRows } from '../../../src/db/index.ts';
import { applicationEvents, applications } from '../../../src/db/schema.ts';
import { CaseEventError, type CaseEvent } from '../../../src/domain/applications/index.ts';
import { describeDatabases } from '../../support/db.ts';

describeDatabases(
  'case events in the database',
  (t) => {
    it('every seeded event reads back through its schema', async () => {
      const ids = (await t.db.select({ id: applications.id }).from(applications)).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(3);
      const all = await loadRecordedMany(t.db, ids);
      const types = new Set([...all.values()].flat().map((r) => r.event.type));
      expect([...types]).toEqual(expect.arrayContaining(['submitted', 'decided', 'consultation_sent', 'correction_requested', 'delivered']));
    });

    it('appendEvents refuses an event that does not fit its schema and writes nothing', async () => {
      const [app] = await t.db.select().from(applications).limit(1);
      const before = await loadRecorded(t.db, app.id);
      const bad = { type: 'delivered', date: '2026-11-01', method: 'pigeon' } as unknown as CaseEvent;
      await expect(t.db.transaction((tx) => appendEvents(tx, app.id, [{ type: 'note', date: '2026-11-01', text: '先写一条' }, bad], null))).rejects.toThrow(
        new RegExp(`^申请 ${app.id} 的第 ${before.length + 2} 个办理事件（delivered）不符合其格式：method`),
      );
      expect(await loadRecorded(t.db, app.id)).toEqual(before);
    });

    it('the bulk path refuses it too, naming the application by its number', async () => {
      const [app] = await t.db.select().from(applications).limit(1);
      const bad = { type: 'submitted', date: '2026-11-01', channel: 'pigeon' } as unknown as CaseEvent;
      await expect(
        t.db.transaction((tx) =>
          insertApplicationsWithEvents(tx, [{ application: { agencyId: app.agencyId, applicantType: 'natural', applicantName: '甲', channel: 'in_person', subject: '乙', number: 'BULK-1' }, events: [bad] }], null),
        ),
      ).rejects.toThrow(/^申请 BULK-1 的第 1 个办理事件（submitted）不符合其格式：channel/);
    });

    it('a stored event that does not fit is a loud error on every read path, naming where it is', async () => {
      const [any] = await t.db.select().from(applications).limit(1);
      const [app] = await t.db
        .insert(applications)
        .values({ agencyId: any.agencyId, number: 'BROKEN-1', applicantType: 'natural', applicantName: '甲', channel: 'in_person', subject: '乙' })
        .returning();
      await t.db.transaction((tx) => appendEvents(tx, app.id, [{ type: 'submitted', date: '2026-11-02', channel: 'in_person' }], null));
      const [{ seq }] = await queryRows<{ seq: number }>(t.db, sql`select coalesce(max(seq), 0)::int + 1 as seq from application_events where application_id = ${app.id}`);
      await t.db.insert(applicationEvents).values({ applicationId: app.id, seq, type: 'decided', payload: { date: '2026-11-02', outcome: 'approved' } });
      const where = `申请 ${app.id} 的第 ${seq} 个办理事件`;
      await expect(loadRecorded(t.db, app.id)).rejects.toThrow(CaseEventError);
      await expect(loadRecorded(t.db, app.id)).rejects.toThrow(`${where}（decided）不符合其格式：outcome`);
      await expect(loadRecordedMany(t.db, [app.id])).rejects.toThrow(where);
      await expect(loadReportFacts(t.db, app.agencyId, 2026)).rejects.toThrow(where);
    });
  },
  { demo: true },
);
