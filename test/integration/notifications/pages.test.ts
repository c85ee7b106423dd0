/**
 * The notification pages over HTTP, with the real app, its in-process dispatcher and a real SMTP
 * server: the header's unread count, /messages (open, mark read), 通知设置 (turning e-mail off stops
 * the mail), the unsubscribe link without signing in, password reset by e-mail (one-time, ends every
 * session), an administrator's reset for a staff member, the mail console, per-agency templates.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailJobs, notifications, sessions, users } from '../../../src/db/schema.ts';
import { notify, type OutgoingMessage } from '../../../src/app/notifications/notify.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { linkIn, startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';

let server: TestServer;
let smtp: TestSmtpServer;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.GONGKAI_SMTP_URL = smtp.url;
  process.env.GONGKAI_MAIL_FROM = 'noreply@gongkai.test';
  server = await startTestServer({ notifications: { pollMs: 200, scheduler: false } });
  process.env.GONGKAI_PUBLIC_URL = server.url;
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
  process.env = saved;
});

async function idOf(email: string): Promise<number> {
  const [u] = await server.database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u.id;
}

function letter(key: string, userId: number, agencyId: number | null = null): OutgoingMessage {
  return {
    key,
    kind: 'letter',
    agencyId,
    vars: { 申请人: '张三', 申请编号: '202600001', 文书名称: '补正告知书', 文号: `${key}号`, 文书日期: '2026年11月16日' },
    link: '/my/applications',
    recipient: { userId },
  };
}

describe('站内消息', () => {
  it('shows the unread count in the header, lists the messages, opens one (read) and marks all read', async () => {
    const zhang = await idOf('zhangsan@applicant.demo');
    await server.database.db.transaction((tx) => notify(tx, [letter('L-1', zhang), letter('L-2', zhang)]));
    const c = server.client();
    await c.login('zhangsan@applicant.demo');
    let page = await c.get('/messages');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/class="unread-count"[^>]*>2</);
    expect(page.text).toContain('L-2号');
    const [m1] = await server.database.db.select().from(notifications).where(eq(notifications.key, 'L-1'));
    const open = await c.postForm(`/messages/${m1.id}/open`, {});
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe('/my/applications');
    page = await c.get('/messages');
    expect(page.text).toMatch(/class="unread-count"[^>]*>1</);
    // Someone else's message is not found.
    const other = server.client();
    await other.login('company@applicant.demo');
    expect((await other.postForm(`/messages/${m1.id}/read`, {})).status).toBe(404);
    expect((await other.postForm('/messages/abc/read', {})).status).toBe(404);
    await c.postForm('/messages/read-all', {});
    page = await c.get('/messages');
    expect(page.text).not.toContain('class="unread-count"');
    expect(page.text).toContain('没有未读消息');
  });

  it('signs in first', async () => {
    const res = await server.client().get('/messages');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fmessages');
  });
});

describe('通知设置 and unsubscribe', () => {
  it('turning e-mail off for letters keeps the 站内消息 and queues no mail', async () => {
    const company = await idOf('company@applicant.demo');
    const c = server.client();
    await c.login('company@applicant.demo');
    const page = await c.get('/account/notifications');
    expect(page.text).toContain('补正、延期、答复等告知书');
    const form: Record<string, string> = { 'receipt.email': '1', 'receipt.inApp': '1', 'letter.inApp': '1' };
    expect((await c.postForm('/account/notifications', form)).status).toBe(303);
    const made = await server.database.db.transaction((tx) => notify(tx, [letter('L-3', company)]));
    expect(made).toEqual({ inApp: 1, email: 0 });
  });

  it('unsubscribes from the link in the mail without signing in; a forged token is refused', async () => {
    const zhang = await idOf('zhangsan@applicant.demo');
    await server.database.db.transaction((tx) => notify(tx, [letter('L-4', zhang)]));
    const [mail] = await smtp.waitFor((m) => m.subject.includes('补正告知书') && m.text.includes('L-4号'));
    const url = new URL(linkIn(mail, `${server.url}/unsubscribe`));
    const anon = server.client();
    const confirm = await anon.get(url.pathname + url.search);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('确认退订');
    const done = await anon.request('POST', '/unsubscribe', { form: { token: url.searchParams.get('token')! }, csrf: false });
    expect(done.status).toBe(200);
    expect(done.text).toContain('已退订');
    expect(await server.database.db.transaction((tx) => notify(tx, [letter('L-5', zhang)]))).toEqual({ inApp: 1, email: 0 });
    const forged = await anon.request('POST', '/unsubscribe', { form: { token: `${url.searchParams.get('token')!.slice(0, -2)}xx` }, csrf: false });
    expect(forged.status).toBe(400);
  });
});

describe('password reset by e-mail', () => {
  it('mails a one-time link that sets the new password and ends every session; the token is not kept in the queue', async () => {
    const handler = server.client();
    await handler.login('handler@zsj.demo');
    const anon = server.client();
    const asked = await anon.postForm('/password/forgot', { email: 'handler@zsj.demo' });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('重置密码的链接已发出');
    // An unknown address gets the same answer and no mail.
    expect((await anon.postForm('/password/forgot', { email: 'nobody@zsj.demo' })).text).toContain('重置密码的链接已发出');
    const [mail] = await smtp.waitFor((m) => m.to.includes('handler@zsj.demo') && m.subject.includes('重置'));
    const link = new URL(linkIn(mail, `${server.url}/password/reset`));
    const form = await anon.get(link.pathname + link.search);
    expect(form.status).toBe(200);
    const weak = await anon.postForm('/password/reset', { token: link.searchParams.get('token')!, newPassword: 'short', confirm: 'short' });
    expect(weak.status).toBe(400);
    // A password the policy refuses for this account (its own e-mail name): the form again, saying why.
    const own = await anon.postForm('/password/reset', { token: link.searchParams.get('token')!, newPassword: 'handler-2026-spring', confirm: 'handler-2026-spring' });
    expect(own.status).toBe(400);
    expect(own.text).toContain('密码不能包含您的手机号码、电子邮箱、证件号码或姓名');
    expect(own.text).toContain('name="newPassword"');
    const ok = await anon.postForm('/password/reset', { token: link.searchParams.get('token')!, newPassword: 'NewPassw0rd!', confirm: 'NewPassw0rd!' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('密码已重置');
    // The old session is over; the new password works; the link does not work twice.
    expect((await handler.get('/api/session/me')).status).toBe(401);
    await server.client().login('handler@zsj.demo', 'NewPassw0rd!');
    const again = await anon.postForm('/password/reset', { token: link.searchParams.get('token')!, newPassword: 'OtherPassw0rd', confirm: 'OtherPassw0rd' });
    expect(again.status).toBe(400);
    const jobs = await server.database.db.select({ body: mailJobs.body }).from(mailJobs).where(eq(mailJobs.kind, 'password_reset'));
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) expect(j.body).not.toContain(link.searchParams.get('token')!);
  });

  it('an administrator sends a staff member a reset link and ends their sessions', async () => {
    const reviewer = server.client();
    await reviewer.login('reviewer@zsj.demo');
    const reviewerId = await idOf('reviewer@zsj.demo');
    const admin = server.client();
    await admin.login('admin@city.demo');
    const res = await admin.postForm(`/console/users/${reviewerId}/password-reset`, {});
    expect(res.status).toBe(303);
    expect(await server.database.db.select().from(sessions).where(eq(sessions.userId, reviewerId))).toEqual([]);
    const [mail] = await smtp.waitFor((m) => m.to.includes('reviewer@zsj.demo') && m.subject.includes('重置'));
    expect(mail.text).toContain('24小时');
    // Not an administrator: refused.
    const handler = server.client();
    await handler.login('handler@czj.demo');
    expect((await handler.postForm(`/console/users/${reviewerId}/password-reset`, {})).status).toBe(403);
  });
});

describe('console', () => {
  it('shows administrators the mail queue with its states; others are refused', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    const page = await admin.get('/console/mail');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-count="sent">[1-9]/);
    const handler = server.client();
    await handler.login('handler@zsj.demo', 'NewPassw0rd!');
    expect((await handler.get('/console/mail')).status).toBe(403);
  });

  it('lets an agency adjust a template, refuses an invalid one with the reason, and uses the adjusted one', async () => {
    const admin = server.client();
    await admin.login('admin@zsj.demo');
    const page = await admin.get('/console/220500-zsj/notification-templates');
    expect(page.status).toBe(200);
    const bad = await admin.postForm('/console/220500-zsj/notification-templates', { kind: 'letter', subject: '文书 {{不存在}}', body: '没有链接' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('不认识的占位符');
    expect(bad.text).toContain('模板必须包含「{{链接}}」');
    const good = await admin.postForm('/console/220500-zsj/notification-templates', {
      kind: 'letter',
      subject: '【市数据局】{{文书名称}}',
      body: '{{申请人}}您好，请查看{{文书名称}}：{{链接}}',
      action: 'save',
    });
    expect(good.status).toBe(303);
    const zhang = await idOf('zhangsan@applicant.demo');
    const [agency] = await server.database.db.execute(`select id from agencies where code = '220500-zsj'` as never).then((r) => (r as unknown as { rows: Array<{ id: number }> }).rows);
    await server.database.db.transaction((tx) => notify(tx, [letter('L-6', zhang, agency.id)]));
    const [m] = await server.database.db.select().from(notifications).where(eq(notifications.key, 'L-6'));
    expect(m.subject).toBe('【市数据局】补正告知书');
    expect(m.body).toBe('张三您好，请查看补正告知书：/my/applications\n');
    // Another agency's administrator cannot.
    const other = server.client();
    await other.login('handler@zsj.demo', 'NewPassw0rd!');
    expect((await other.get('/console/220500-zsj/notification-templates')).status).toBe(403);
    const refused = await other.postForm('/console/220500-zsj/notification-templates', { kind: 'letter', subject: '改', body: '{{链接}}' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('您没有权限执行此操作');
  });
});
