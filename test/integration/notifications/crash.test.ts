/**
 * The "done when": with the mail server down at the moment an applicant submits and the
 * Gongkai process killed (kill -9) before it could deliver, the receipt reaches the applicant's
 * mailbox after a restart, once. The real server as a child process on a PGlite data folder, a real
 * SMTP server brought up on the address the queued message waits for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../reliability/harness.ts';
import { TestClient } from '../../support/server.ts';
import { freePort, startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`等待超时：${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the receipt survives a mail server that is down and a killed process', () => {
  it('arrives once after the restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-mail-crash-'));
    const port = await freePort();
    const extra = {
      GONGKAI_SMTP_URL: `smtp://127.0.0.1:${port}`,
      GONGKAI_MAIL_FROM: '公开平台 <noreply@gongkai.test>',
      GONGKAI_PUBLIC_URL: 'https://gongkai.example.gov.cn',
      GONGKAI_MAIL_RETRY_MS: '300',
      GONGKAI_MAIL_POLL_MS: '200',
    };
    const where = { dataDir: path.join(dir, 'data'), extra };
    let server: ServerProcess | undefined;
    let smtp: TestSmtpServer | undefined;
    try {
      server = await startServerProcess(where);
      expect(server.output()).toContain('邮件发送已开通：smtp://127.0.0.1');
      const applicant = new TestClient(server.url);
      await applicant.login('zhangsan@applicant.demo');
      const res = await applicant.post('/api/applications', {
        agencyCode: '220500-zsj',
        subject: '关于邮件回执的测试申请',
        provisionForm: '电子数据',
        deliveryMethod: '电子邮件',
      });
      expect(res.status).toBe(201);
      const number: string = res.json().application.number;
      // The receipt is queued and its first try failed (the mail server is down): the console says so.
      const admin = new TestClient(server.url);
      await admin.login('admin@city.demo');
      await until('回执发送失败并等待重试', async () => {
        const page = await admin.get('/console/mail?status=pending');
        return page.text.includes(number) && page.text.includes('ECONNREFUSED') ? true : undefined;
      });
      await server.crash();
      server = undefined;

      smtp = await startSmtpServer({ port });
      server = await startServerProcess(where);
      const [mail] = await smtp.waitFor((m) => m.subject.includes(number), { timeoutMs: 90_000 });
      expect(mail.to).toEqual(['zhangsan@applicant.demo']);
      expect(mail.text).toContain(`申请编号为 ${number}`);
      // Once: the console shows it sent and nothing of it pending; the mailbox has one copy.
      const admin2 = new TestClient(server.url);
      await admin2.login('admin@city.demo');
      await until('回执标记为已发送', async () => {
        const sent = await admin2.get('/console/mail?status=sent');
        return sent.text.includes(number) ? true : undefined;
      });
      expect((await admin2.get('/console/mail?status=pending')).text).not.toContain(number);
      expect((await admin2.get('/console/mail?status=sending')).text).not.toContain(number);
      expect(smtp.messages.filter((m) => m.subject.includes(number))).toHaveLength(1);
    } finally {
      await server?.stop();
      await smtp?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
