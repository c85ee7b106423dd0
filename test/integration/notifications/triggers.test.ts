/**
 * The messages that follow what people do, end to end over HTTP: the case event is published to the
 * outbox, the notification subscribers make the 站内消息 and queue the e-mail, the mail dispatcher
 * sends it to a real SMTP server. Receipt on submission (online, and a letter entered by staff for an
 * applicant without an account: e-mail only), the 申请接收回执 letter on confirmation, a case assigned
 * to another handler (not one's own assignment), each once even when the outbox delivers again.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailJobs, notifications, users } from '../../../src/db/schema.ts';
import { dispatchOnce } from '../../../src/app/outbox/index.ts';
import { createStaff } from '../../../src/app/staff.ts';
import { SYSTEM } from '../../../src/app/policies.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';

let server: TestServer;
let smtp: TestSmtpServer;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.GONGKAI_SMTP_URL = smtp.url;
  process.env.GONGKAI_MAIL_FROM = 'noreply@gongkai.test';
  process.env.GONGKAI_PUBLIC_URL = 'https://gongkai.example.gov.cn';
  process.env.GONGKAI_TODAY = '2026-11-16';
  server = await startTestServer({ notifications: { pollMs: 200, scheduler: false } });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
  process.env = saved;
});

async function idOf(email: string) {
  const [u] = await server.database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u.id;
}
const messagesOf = async (userId: number, kind: string) =>
  server.database.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

describe('messages that follow a case event', () => {
  let appId: number;
  let number: string;

  it('the applicant who submits online gets the receipt with the 申请编号, in the app and by e-mail, once', async () => {
    const c = server.client();
    await c.login('zhangsan@applicant.demo');
    const res = await c.post('/api/applications', { agencyCode: '220500-zsj', subject: '政务服务事项清单', provisionForm: '电子数据', deliveryMethod: '电子邮件' });
    expect(res.status).toBe(201);
    ({ id: appId, number } = res.json().application);
    await dispatchOnce(server.database.db);
    const zhang = await idOf('zhangsan@applicant.demo');
    const [m] = (await messagesOf(zhang, 'receipt')).filter((x) => x.applicationId === appId);
    expect(m.subject).toBe(`通化市政务服务和数字化建设管理局已收到您的政府信息公开申请（申请编号 ${number}）`);
    expect(m.link).toBe(`/my/applications/${appId}`);
    const [mail] = await smtp.waitFor((x) => x.subject.includes(number));
    expect(mail.text).toContain(`https://gongkai.example.gov.cn/my/applications/${appId}`);
    // The outbox delivering the same event again (a crash before its record) makes nothing new.
    await server.database.db.execute(sql`delete from outbox_deliveries where subscriber = 'notify.receipt'`);
    await server.database.db.execute(sql`update outbox set done_at = null, next_attempt_at = now()`);
    await dispatchOnce(server.database.db);
    expect((await messagesOf(zhang, 'receipt')).filter((x) => x.applicationId === appId)).toHaveLength(1);
    expect(await server.database.db.select().from(mailJobs).where(eq(mailJobs.key, `receipt:${appId}|user:${zhang}`))).toHaveLength(1);
  });

  it('the registrar confirming it sends the applicant the 申请接收回执 letter', async () => {
    const registrar = server.client();
    await registrar.login('registrar@zsj.demo');
    const res = await registrar.post(`/api/applications/${appId}/steps`, { step: 'confirm', date: '2026-11-16' });
    expect(res.status).toBe(200);
    await dispatchOnce(server.database.db);
    const [m] = (await messagesOf(await idOf('zhangsan@applicant.demo'), 'letter')).filter((x) => x.applicationId === appId);
    expect(m.subject).toContain('申请接收回执');
    await smtp.waitFor((x) => x.subject.includes('申请接收回执') && x.subject.includes(number));
  });

  it('a case assigned to another handler tells that handler; taking it oneself tells nobody', async () => {
    const second = await createStaff(
      server.database.db,
      { email: 'handler2@zsj.demo', displayName: '李承办', password: 'Gongkai2024!', roles: [{ agencyCode: '220500-zsj', role: 'handler' }] },
      SYSTEM,
    );
    const handler = server.client();
    await handler.login('handler@zsj.demo');
    expect((await handler.post(`/api/applications/${appId}/steps`, { step: 'assign', date: '2026-11-16' })).status).toBe(200);
    await dispatchOnce(server.database.db);
    expect((await messagesOf(await idOf('handler@zsj.demo'), 'assigned')).filter((x) => x.applicationId === appId)).toEqual([]);
    expect((await handler.post(`/api/applications/${appId}/steps`, { step: 'assign', date: '2026-11-16', handlerUserId: second.id })).status).toBe(200);
    await dispatchOnce(server.database.db);
    const [m] = await messagesOf(second.id, 'assigned');
    expect(m.subject).toMatch(new RegExp(`新承办件：${number}（答复期限 2026年12月\\d+日）`));
    expect(m.link).toBe(`/console/applications/${appId}`);
    await smtp.waitFor((x) => x.to.includes('handler2@zsj.demo'));
    // The case page offers the agency's other handlers; the form assigns as the API does.
    const page = await handler.get(`/console/applications/${appId}`);
    expect(page.text).toContain(`<option value="${await idOf('handler@zsj.demo')}">`);
    expect((await handler.postForm(`/console/applications/${appId}/step`, { step: 'assign', date: '2026-11-16' })).status).toBe(303);
    const back = await handler.postForm(`/console/applications/${appId}/step`, { step: 'assign', date: '2026-11-16', handlerUserId: String(second.id) });
    expect(back.status).toBe(303);
    await dispatchOnce(server.database.db);
    expect(await messagesOf(second.id, 'assigned')).toHaveLength(2);
  });

  it('an application entered by staff for someone without an account: the receipt goes to the address on it', async () => {
    const registrar = server.client();
    await registrar.login('registrar@zsj.demo');
    const res = await registrar.post('/api/agencies/220500-zsj/applications', {
      channel: 'in_person',
      submittedDate: '2026-11-16',
      applicantType: 'natural',
      applicantName: '王五',
      applicantEmail: 'wangwu@example.com',
      subject: '停车场收费批复',
      provisionForm: '纸质',
      deliveryMethod: '邮寄',
    });
    expect(res.status).toBe(201);
    const { number: n2 } = res.json().application;
    await dispatchOnce(server.database.db);
    const [mail] = await smtp.waitFor((x) => x.to.includes('wangwu@example.com'));
    expect(mail.subject).toContain(n2);
    // One message: the receipt (its 申请接收回执 letter, issued at the same moment, is not sent again).
    await dispatchOnce(server.database.db);
    const jobs = await server.database.db.select().from(mailJobs).where(eq(mailJobs.toAddress, 'wangwu@example.com'));
    expect(jobs.map((j) => j.kind)).toEqual(['receipt']);
  });
});
