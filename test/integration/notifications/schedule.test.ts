/**
 * The working morning's run on the demo data: the applicant's 补正 reminder three working days before
 * the period ends, the staff digests, the supervisors' report reminder from 15 January; once a day
 * across processes, nothing on a day off.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/index.ts';
import { applications, mailJobs, notifications, scheduledRuns, users } from '../../../src/db/schema.ts';
import { appendEvents, loadCalendar, loadRecorded } from '../../../src/db/applications.ts';
import { deriveCase } from '../../../src/domain/applications/index.ts';
import { runMorning } from '../../../src/app/notifications/schedule.ts';
import { describeDatabases } from '../../support/db.ts';

const saved = { ...process.env };
beforeAll(() => {
  process.env.GONGKAI_SMTP_URL = 'smtp://127.0.0.1:9';
  process.env.GONGKAI_MAIL_FROM = 'noreply@gongkai.test';
});
afterAll(() => {
  process.env = saved;
});

async function userId(db: Db, email: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u.id;
}

async function messagesOf(db: Db, email: string, kind: string) {
  return db.select().from(notifications).where(and(eq(notifications.userId, await userId(db, email)), eq(notifications.kind, kind)));
}

describeDatabases(
  'the working morning',
  (t) => {
    it('does nothing on a day off', async () => {
      expect(await runMorning(t.db, '2026-11-21')).toEqual({ ran: false, reason: 'not_a_working_day' });
      expect(await t.db.select().from(scheduledRuns)).toEqual([]);
    });

    it('reminds the applicant of the 补正 period from three working days before it ends, once', async () => {
      const [app] = await t.db.select().from(applications).where(eq(applications.number, '202600002'));
      const view = deriveCase(await loadRecorded(t.db, app.id), { calendar: await loadCalendar(t.db), today: '2026-11-16' });
      const deadline = view.clock!.corrections[0].deadline;
      if (deadline === null) throw new Error('the demo 补正 notice has no period (not served)');
      const calendar = await loadCalendar(t.db);
      const fourBefore = (() => {
        let d: string = deadline;
        for (let i = 0; i < 4; i++) {
          do d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
          while (!calendar.isWorkday(d));
        }
        return d;
      })();
      const threeBefore = calendar.addWorkingDays(fourBefore, 1);
      await runMorning(t.db, fourBefore);
      expect(await messagesOf(t.db, 'zhangsan@applicant.demo', 'correction_reminder')).toEqual([]);
      const r = await runMorning(t.db, threeBefore);
      expect(r.ran).toBe(true);
      const [m] = await messagesOf(t.db, 'zhangsan@applicant.demo', 'correction_reminder');
      expect(m.subject).toContain('202600002');
      expect(m.body).toContain('还有3个工作日');
      expect(m.link).toBe(`/my/applications/${app.id}`);
      const [job] = await t.db.select().from(mailJobs).where(eq(mailJobs.kind, 'correction_reminder'));
      expect(job.toAddress).toBe('zhangsan@applicant.demo');
      // The next working morning: the same period is not reminded again.
      await runMorning(t.db, calendar.addWorkingDays(threeBefore, 1));
      expect(await messagesOf(t.db, 'zhangsan@applicant.demo', 'correction_reminder')).toHaveLength(1);
    });

    it('gives each member of staff a digest of what needs them, and runs once a day across processes', async () => {
      // A working day the reminder test above did not run.
      const taken = new Set((await t.db.select({ day: scheduledRuns.day }).from(scheduledRuns)).map((r) => r.day));
      const calendar = await loadCalendar(t.db);
      let day = '2026-11-23';
      while (taken.has(day)) day = calendar.addWorkingDays(day, 1);
      const [a, b] = await Promise.all([runMorning(t.db, day), runMorning(t.db, day)]);
      expect([a.ran, b.ran].sort()).toEqual([false, true]);
      expect([a, b].find((x) => !x.ran)?.reason).toBe('already_run');
      const ofDay = async (email: string) => (await messagesOf(t.db, email, 'digest')).filter((m) => m.key === `digest:${day}`);
      const [handler] = await ofDay('handler@zsj.demo');
      expect(handler.body).toMatch(/【(逾期|即将到期)[^】]*】2026000\d\d/);
      const [registrar] = await ofDay('registrar@zsj.demo');
      expect(registrar.body).toContain('【待确认收到】202600001');
      // A handler of another agency with nothing to do gets nothing.
      expect(await ofDay('handler@czj.demo')).toEqual([]);
      // The city's supervisor sees the overdue cases below.
      const [sup] = await ofDay('supervisor@city.demo');
      if (/【逾期/.test(handler.body)) expect(sup.body).toContain('【逾期】');
      else expect(sup).toBeUndefined();
    });

    it('reminds the applicant of the payment period of a served 收费通知 three working days before it ends', async () => {
      const [app] = await t.db.select().from(applications).where(eq(applications.number, '202600006'));
      await t.db.transaction((tx) => appendEvents(tx, app.id, [{ type: 'fee_notice_sent', date: '2026-11-16', served: '2026-11-17', amount: 100 }], null));
      const calendar = await loadCalendar(t.db);
      const view = deriveCase(await loadRecorded(t.db, app.id), { calendar, today: '2026-11-17' });
      expect(view.clock!.state).toBe('awaiting_fee');
      const payBy = view.clock!.fee!.payBy!;
      // Three working days before the period ends (the earlier tests' runs took other days).
      let day = payBy;
      while (calendar.workingDaysBetween(day, payBy) < 3) day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const taken = new Set((await t.db.select({ day: scheduledRuns.day }).from(scheduledRuns)).map((r) => r.day));
      expect(taken.has(day)).toBe(false);
      expect((await runMorning(t.db, day)).ran).toBe(true);
      const [m] = await messagesOf(t.db, 'zhangsan@applicant.demo', 'fee_reminder');
      expect(m.subject).toContain('202600006');
      expect(m.body).toContain('还有3个工作日');
      expect(m.body).toContain('信息处理费100元');
      expect(m.key).toBe(`fee_reminder:${app.id}:${payBy}`);
    });

    it('from 15 January tells supervisors which agencies below have not published last year’s report', async () => {
      const r = await runMorning(t.db, '2027-01-15');
      expect(r.ran).toBe(true);
      const [m] = await messagesOf(t.db, 'supervisor@city.demo', 'report_missing');
      expect(m.subject).toContain('2026年度报告');
      expect(m.body).toContain('通化市政务服务和数字化建设管理局');
      expect(m.link).toBe('/console/reports/220500/board?year=2026');
    });
  },
  { demo: true },
);
