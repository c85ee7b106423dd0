/**
 * Unknown calendar years and calendar administration (issue 3 follow-up), on a real server:
 * today is 2026-11-27 and the built-in calendar ends with 2026. A consultation started today is
 * recorded (not refused); the due date is pending 「待2027年节假日安排录入后确定」 on the case page,
 * the inbox (a distinct badge) and 我的申请; an administrator enters a 2027 schedule (synthetic, for
 * the test only) through the API and the due date becomes real, with one audit entry per moved
 * application; the console page lists the years and shows validation errors in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '../../../src/db/index.ts';
import { calendarWith, type YearSchedule } from '../../../src/domain/calendar/index.ts';
import { computeClock } from '../../../src/domain/clock/index.ts';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';

process.env.GONGKAI_TODAY = '2026-11-27';
const TODAY = '2026-11-27';

/** Synthetic (NOT the State Council's 2027 notice): two days off in early January. */
export const TEST_2027: YearSchedule = {
  year: 2027,
  source: { notice: { number: '国办发明电〔2099〕1号', title: '测试用2027年部分节假日安排（虚构）' } },
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-04', name: '元旦' },
  ],
  workdays: [],
};

async function as(server: TestServer, email: string): Promise<TestClient> {
  const c = server.client();
  await c.login(email);
  return c;
}

for (const kind of databaseKinds()) {
  describe(`a due date in a year not yet entered, and calendar administration [${kind}]`, () => {
    let server: TestServer;
    let applicant: TestClient;
    let registrar: TestClient;
    let handler: TestClient;
    let admin: TestClient;
    let staffId: number;
    let onlineId: number;

    beforeAll(async () => {
      server = await startTestServer({ kind });
      // the calendar is the root agency's administrators' (issue 16)
      [applicant, registrar, handler, admin] = await Promise.all(
        ['zhangsan@applicant.demo', 'registrar@zsj.demo', 'handler@zsj.demo', 'admin@city.demo'].map((e) => as(server, e)),
      );
    }, 180_000);
    afterAll(async () => server?.close());

    it('a consultation started today is recorded; the due date is pending with its reason', async () => {
      const reg = await registrar.post('/api/agencies/220500-zsj/applications', {
        channel: 'in_person',
        submittedDate: TODAY,
        applicantType: 'natural',
        applicantName: '测试申请人',
        applicantPhone: '13900000000',
        subject: '2026年度政务服务事项清单',
        provisionForm: '电子数据',
        deliveryMethod: '电子邮件',
      });
      expect(reg.status, reg.text).toBe(201);
      staffId = reg.json().application.id;
      const before = (await handler.get(`/api/applications/${staffId}`)).json().application;
      expect(before.dueDate).toBe('2026-12-25');
      const cs = await handler.post(`/api/applications/${staffId}/steps`, { step: 'consultation_send', party: 'third_party', consultee: '通化某公司', serviceMethod: 'electronic' });
      expect(cs.status, cs.text).toBe(200);
      const a = cs.json().application;
      expect(a.timeline.map((t: { type: string }) => t.type)).toContain('consultation_sent');
      expect(a.status).toBe('征求意见中');
      expect(a.dueDate).toBeNull();
      expect(a.dueDatePending).toBe('待2027年节假日安排录入后确定');
      expect(a.overdue).toBe(false);
      // The letters were still issued (the consultation limit itself lies in 2026).
      expect(a.letters.map((l: { kind: string }) => l.kind)).toEqual(expect.arrayContaining(['consultation_third_party', 'consultation_notice']));
    });

    it('the case page, the inbox (a distinct badge) and 我的申请 show the pending due date with its reason', async () => {
      const sub = await applicant.post('/api/applications', { agencyCode: '220500-zsj', subject: '2026年政务大厅窗口设置方案', provisionForm: '电子数据', deliveryMethod: '电子邮件' });
      expect(sub.status, sub.text).toBe(201);
      onlineId = sub.json().application.id;
      expect((await registrar.post(`/api/applications/${onlineId}/steps`, { step: 'confirm' })).status).toBe(200);
      const cs = await handler.post(`/api/applications/${onlineId}/steps`, { step: 'consultation_send', party: 'agency', consultee: '通化市财政局', serviceMethod: 'electronic' });
      expect(cs.status, cs.text).toBe(200);

      const casePage = await handler.get(`/console/applications/${staffId}`);
      expect(casePage.status).toBe(200);
      expect(casePage.text).toContain('待2027年节假日安排录入后确定');
      expect(casePage.text).toContain('期限待定');
      const inbox = await handler.get('/console/220500-zsj/applications');
      expect(inbox.text).toMatch(/class="badge calendar-pending"[^>]*>期限待定</);
      const apiInbox = (await handler.api.GET('/api/agencies/{code}/applications', { params: { path: { code: '220500-zsj' }, query: { status: 'open', size: 100 } } })).data!;
      expect(apiInbox.total).toBe(apiInbox.items.length);
      const row = apiInbox.items.find((i) => i.id === staffId)!;
      expect(row.badge).toBe('calendar_pending');
      expect(row.dueDatePending).toBe('待2027年节假日安排录入后确定');
      const mine = await applicant.get('/my/applications');
      expect(mine.text).toContain('待2027年节假日安排录入后确定');
      const myCase = await applicant.get(`/my/applications/${onlineId}`);
      expect(myCase.text).toContain('待2027年节假日安排录入后确定');
    });

    it('only an administrator may see or change the calendar; bad input is refused in Chinese and changes nothing', async () => {
      expect((await handler.get('/api/calendar/years')).status).toBe(403);
      expect((await handler.post('/api/calendar/years', { text: JSON.stringify(TEST_2027) })).status).toBe(403);
      const years = (await admin.get('/api/calendar/years')).json().years;
      expect(years.map((y: { year: number }) => y.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
      expect(years.at(-1).source).toMatch(/国务院办公厅关于2026年部分节假日安排的通知/);
      const bad = await admin.post('/api/calendar/years', { text: 'date,kind,name\n2027-01-01,holiday,元旦\n2027-01-05,workday,春节\n', notice: '国办发明电〔2099〕1号' });
      expect(bad.status).toBe(400);
      expect(bad.json().error.message).toMatch(/调休上班日.*只能是星期六或星期日/);
      const noNotice = await admin.post('/api/calendar/years', { text: 'date,kind,name\n2027-01-01,holiday,元旦\n' });
      expect(noNotice.status).toBe(400);
      expect(noNotice.json().error.message).toContain('国务院办公厅通知');
      const badNumber = await admin.post('/api/calendar/years', { text: JSON.stringify(TEST_2027), notice: '随便写的' });
      expect(badNumber.status).toBe(400);
      expect(badNumber.json().error.message).toContain('文号');
      expect(await server.database.db.select().from(schema.calendarYears)).toEqual([]);
      // Still pending.
      expect((await handler.get(`/api/applications/${staffId}`)).json().application.dueDatePending).not.toBeNull();
    });

    it('entering the 2027 schedule makes the pending due dates real, lists the moved applications and records why', async () => {
      const res = await admin.post('/api/calendar/years', { text: JSON.stringify(TEST_2027) });
      expect(res.status, res.text).toBe(200);
      const out = res.json();
      expect(out.years).toEqual([expect.objectContaining({ year: 2027, replaced: null, holidays: 2, workdays: 0, source: '测试用2027年部分节假日安排（虚构）（国办发明电〔2099〕1号）' })]);
      const cal = calendarWith([TEST_2027]);
      const expected = computeClock(
        [
          { type: 'submitted', date: TODAY, channel: 'in_person' },
          { type: 'consultation_sent', date: TODAY, party: 'third_party', ref: '通化某公司' },
        ],
        { calendar: cal, today: TODAY },
      ).dueDate!;
      expect(expected > '2027-01-01').toBe(true);
      const moved = out.changes.find((c: { applicationId: number; field: string }) => c.applicationId === staffId && c.field === 'dueDate');
      expect(moved).toMatchObject({ old: null, new: expected, fieldLabel: '答复期限' });
      expect(moved.reasons.join('')).toContain('2027-01-04 由未录入改为法定节假日（元旦）');
      expect(out.changes.some((c: { applicationId: number }) => c.applicationId === onlineId)).toBe(true);

      // The case now shows the real date; nothing stored a due date (it is derived).
      const a = (await handler.get(`/api/applications/${staffId}`)).json().application;
      expect(a.dueDate).toBe(expected);
      expect(a.dueDatePending).toBeNull();
      expect((await applicant.get('/my/applications')).text).not.toContain('待2027年节假日安排录入后确定');

      // Audit: the year, and one entry per moved application with old/new dates and the reason.
      const db = server.database.db;
      const yearAudit = await db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'calendar.year_add'), eq(schema.auditLog.entityId, '2027')));
      expect(yearAudit).toHaveLength(1);
      const appAudit = await db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'application.due_date_moved'), eq(schema.auditLog.entityId, String(staffId))));
      expect(appAudit).toHaveLength(1);
      const detail = appAudit[0].detail as { reason: string; changes: Array<{ field: string; old: string; new: string }> };
      expect(detail.reason).toContain('国办发明电〔2099〕1号');
      expect(detail.changes).toContainEqual(expect.objectContaining({ field: 'dueDate', new: expected }));
      expect(appAudit[0].actorUserId).not.toBeNull();
    });

    it('a correction of the year moves the dates again and says which days changed', async () => {
      const corrected = { ...TEST_2027, holidays: [{ date: '2027-01-01', name: '元旦' }] };
      const res = await admin.post('/api/calendar/years', { text: JSON.stringify(corrected) });
      expect(res.status, res.text).toBe(200);
      expect(res.json().years[0].replaced).toBe('entered');
      const moved = res.json().changes.find((c: { applicationId: number; field: string }) => c.applicationId === staffId && c.field === 'dueDate');
      expect(moved.reasons).toContain('2027-01-04 由法定节假日（元旦）改为工作日');
      expect(moved.old > moved.new).toBe(true);
    });

    it('the console page lists the years with their notice and shows validation errors in Chinese', async () => {
      expect((await handler.get('/console/calendar')).status).toBe(403);
      const page = await admin.get('/console/calendar');
      expect(page.status).toBe(200);
      expect(page.text).toContain('测试用2027年部分节假日安排（虚构）（国办发明电〔2099〕1号）');
      expect(page.text).toContain('国务院办公厅关于2026年部分节假日安排的通知');
      const consolePage = await admin.get('/console');
      expect(consolePage.text).toContain('href="/console/calendar"');
      const bad = await admin.postForm('/console/calendar', { text: 'date,kind,name\n2027-13-01,holiday,元旦\n', notice: '国办发明电〔2099〕1号' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('未录入，请修改以下内容');
      expect(bad.text).toMatch(/第\s*2\s*行/);
    });
  });
}
