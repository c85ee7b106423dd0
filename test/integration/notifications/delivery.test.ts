/**
 * The e-mail queue against a real SMTP server (test/support/smtp.ts): a queued message is delivered
 * with its unsubscribe link; with the server down it is retried with back-off and kept pending with
 * the error; a permanent refusal is marked failed; two dispatchers racing over the same queue send
 * each message once; a message queued before the process "dies" (the database closed and reopened
 * from its data folder) is delivered once after the restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/index.ts';
import { mailJobs, notifications, users } from '../../../src/db/schema.ts';
import { seedDemo } from '../../../src/db/seed/demo.ts';
import { claimMailJobs, dispatchOnce, type DispatchOptions } from '../../../src/app/notifications/dispatcher.ts';
import { notify, type OutgoingMessage } from '../../../src/app/notifications/notify.ts';
import { readUnsubscribeToken } from '../../../src/app/notifications/unsubscribe.ts';
import { describeDatabases } from '../../support/db.ts';
import { freePort, startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';

const FROM = '公开平台 <noreply@gongkai.test>';
const BASE = 'https://gongkai.example.gov.cn';
const TODAY = '2026-11-16'; // a Monday, a working day

let smtp: TestSmtpServer;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.GONGKAI_SMTP_URL = smtp.url;
  process.env.GONGKAI_MAIL_FROM = FROM;
  process.env.GONGKAI_PUBLIC_URL = BASE;
});
afterAll(async () => {
  process.env = saved;
  await smtp.close();
});

function options(url: string, extra: Partial<DispatchOptions> = {}): DispatchOptions {
  return { transport: nodemailer.createTransport(url), from: FROM, baseUrl: BASE, retryBaseMs: 60_000, ...extra };
}

async function userId(db: Db, email: string): Promise<number> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u.id;
}

function receipt(key: string, recipient: OutgoingMessage['recipient']): OutgoingMessage {
  return {
    key,
    kind: 'receipt',
    vars: { 申请人: '张三', 申请编号: key, 申请内容: '某某文件', 提交日期: '2026年11月16日', 机关: '通化市政务服务和数字化建设管理局' },
    link: '/my/applications/1',
    recipient,
  };
}

describeDatabases(
  'mail delivery',
  (t) => {
    // One SMTP server for both databases' suites: each suite starts with an empty mailbox (the same
    // message keys are sent by both, and a mail of the other suite would be signed with another key).
    beforeAll(() => {
      smtp.messages.length = 0;
    });
    it('delivers a queued message once, with its 申请编号, a link to the site and a working unsubscribe link', async () => {
      const zhangsan = await userId(t.db, 'zhangsan@applicant.demo');
      const made = await t.db.transaction((tx) => notify(tx, [receipt('R-1', { userId: zhangsan })], { today: TODAY }));
      expect(made).toEqual({ inApp: 1, email: 1 });
      // Producing the same message again is a no-op.
      expect(await t.db.transaction((tx) => notify(tx, [receipt('R-1', { userId: zhangsan })], { today: TODAY }))).toEqual({ inApp: 0, email: 0 });
      expect(await dispatchOnce(t.db, options(smtp.url))).toEqual({ sent: 1, retry: 0, failed: 0 });
      const [mail] = await smtp.waitFor((m) => m.subject.includes('R-1'));
      expect(mail.to).toEqual(['zhangsan@applicant.demo']);
      expect(mail.text).toContain('申请编号为 R-1');
      expect(mail.text).toContain(`${BASE}/my/applications/1`);
      const unsubscribe = /\/unsubscribe\?token=([^\s]+)/.exec(mail.text)?.[1];
      expect(await readUnsubscribeToken(t.db, unsubscribe!)).toEqual({ owner: `user:${zhangsan}`, kind: 'receipt' });
      expect(mail.raw).toMatch(/^List-Unsubscribe:\s+<https:\/\/gongkai\.example\.gov\.cn\/unsubscribe\?token=/m);
      expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
      const [job] = await t.db.select().from(mailJobs).where(sql`${mailJobs.key} like 'R-1|%'`);
      expect(job.status).toBe('sent');
      expect(job.messageId).toBe(mail.messageId);
      // Nothing more to send.
      expect(await dispatchOnce(t.db, options(smtp.url))).toEqual({ sent: 0, retry: 0, failed: 0 });
      expect(smtp.messages.filter((m) => m.subject.includes('R-1'))).toHaveLength(1);
      const [inApp] = await t.db.select().from(notifications).where(eq(notifications.key, 'R-1'));
      expect(inApp.subject).toContain('R-1');
      expect(inApp.link).toBe('/my/applications/1');
    });

    it('keeps a message pending with the error and a growing wait while the mail server is down, then sends it', async () => {
      await t.db.transaction((tx) => notify(tx, [receipt('R-2', { email: 'someone@example.com' })], { today: TODAY }));
      const down = `smtp://127.0.0.1:${await freePort()}`;
      const waits: number[] = [];
      for (let i = 1; i <= 3; i++) {
        // Make the job due again at once, as time would.
        await t.db.update(mailJobs).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(sql`${mailJobs.key} like 'R-2|%'`);
        expect(await dispatchOnce(t.db, options(down))).toEqual({ sent: 0, retry: 1, failed: 0 });
        const [job] = await t.db.select().from(mailJobs).where(sql`${mailJobs.key} like 'R-2|%'`);
        expect(job.status).toBe('pending');
        expect(job.attempts).toBe(i);
        expect(job.lastError).toMatch(/ECONNREFUSED/);
        waits.push(job.nextAttemptAt.getTime() - Date.now());
      }
      // Back-off: about 1, 2, 4 minutes.
      expect(waits[0]).toBeGreaterThan(30_000);
      expect(waits[1]).toBeGreaterThan(waits[0] + 30_000);
      expect(waits[2]).toBeGreaterThan(waits[1] + 90_000);
      // Not yet due: the dispatcher leaves it.
      expect(await dispatchOnce(t.db, options(smtp.url))).toEqual({ sent: 0, retry: 0, failed: 0 });
      await t.db.update(mailJobs).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(sql`${mailJobs.key} like 'R-2|%'`);
      expect(await dispatchOnce(t.db, options(smtp.url))).toEqual({ sent: 1, retry: 0, failed: 0 });
      expect(await smtp.waitFor((m) => m.subject.includes('R-2'))).toHaveLength(1);
    });

    it('marks a message refused for good (SMTP 550) as failed at once, with the error, addresses masked', async () => {
      await t.db.transaction((tx) => notify(tx, [receipt('R-3', { email: 'nobody@example.com' })], { today: TODAY }));
      smtp.reject(550);
      try {
        expect(await dispatchOnce(t.db, options(smtp.url))).toEqual({ sent: 0, retry: 0, failed: 1 });
      } finally {
        smtp.reject(null);
      }
      const [job] = await t.db.select().from(mailJobs).where(sql`${mailJobs.key} like 'R-3|%'`);
      expect(job.status).toBe('failed');
      expect(job.lastError).toMatch(/^550 /);
      expect(job.lastError).not.toContain('nobody@example.com');
    });

    it('sends each message once when two dispatchers race over the same queue', async () => {
      const keys = Array.from({ length: 12 }, (_, i) => `RACE-${i}`);
      await t.db.transaction((tx) => notify(tx, keys.map((k) => receipt(k, { email: `${k.toLowerCase()}@example.com` })), { today: TODAY }));
      const o = options(smtp.url, { batch: 3 });
      const [a, b] = await Promise.all([
        (async () => { let n = 0; for (let i = 0; i < 6; i++) n += (await dispatchOnce(t.db, o)).sent; return n; })(),
        (async () => { let n = 0; for (let i = 0; i < 6; i++) n += (await dispatchOnce(t.db, o)).sent; return n; })(),
      ]);
      expect(a + b).toBe(12);
      await smtp.waitFor((m) => m.subject.includes('RACE-'), { count: 12 });
      for (const k of keys) expect(smtp.messages.filter((m) => m.subject.includes(`${k}）`))).toHaveLength(1);
    });

    it('holds a message that the law does not hurry, made on a day off, until the next working morning', async () => {
      const handler = await userId(t.db, 'handler@zsj.demo');
      const assigned: OutgoingMessage = { key: 'HOLD-1', kind: 'assigned', vars: { 姓名: '王承办', 申请编号: 'HOLD-1', 申请内容: '某', 答复期限: '待定' }, link: '/console', recipient: { userId: handler } };
      // Saturday 2026-11-21; the next working morning is Monday 2026-11-23 08:00 (Asia/Shanghai).
      await t.db.transaction((tx) => notify(tx, [assigned, receipt('HOLD-2', { userId: handler })], { today: '2026-11-21', now: new Date('2026-11-21T10:00:00+08:00') }));
      const jobs = await t.db.select().from(mailJobs).where(sql`${mailJobs.key} like 'HOLD-%'`);
      const due = Object.fromEntries(jobs.map((j) => [j.kind, j.nextAttemptAt.toISOString()]));
      expect(due).toEqual({ assigned: '2026-11-23T00:00:00.000Z', receipt: '2026-11-21T02:00:00.000Z' });
      // The 站内消息 is there at once either way.
      expect(await t.db.select({ key: notifications.key }).from(notifications).where(sql`${notifications.key} like 'HOLD-%'`)).toHaveLength(2);
    });

    it('claims a job once: a second claim while the first holds its lease gets nothing', async () => {
      await t.db.transaction((tx) => notify(tx, [receipt('R-4', { email: 'r4@example.com' })], { today: TODAY }));
      const first = await claimMailJobs(t.db, 10, 60_000);
      expect(first.map((j) => j.key)).toContain('R-4|email:r4@example.com');
      expect(await claimMailJobs(t.db, 10, 60_000)).toEqual([]);
      // A lease that ran out (its process died while sending) is claimed again.
      await t.db.update(mailJobs).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(mailJobs.key, 'R-4|email:r4@example.com'));
      const again = await claimMailJobs(t.db, 10, 60_000);
      expect(again.map((j) => [j.key, j.attempts])).toEqual([['R-4|email:r4@example.com', 2]]);
    });
  },
  { demo: true },
);

describe('a message queued while the mail server is down survives the process and is delivered once after a restart', () => {
  it('delivers after the database is reopened from its data folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-mail-'));
    try {
      let database = await openDatabase({ dataDir: dir });
      await seedDemo(database.db);
      const zhangsan = await userId(database.db, 'zhangsan@applicant.demo');
      await database.db.transaction((tx) => notify(tx, [receipt('CRASH-1', { userId: zhangsan })], { today: TODAY }));
      const down = `smtp://127.0.0.1:${await freePort()}`;
      expect(await dispatchOnce(database.db, options(down))).toEqual({ sent: 0, retry: 1, failed: 0 });
      // The process dies here (nothing else happens), a new one opens the same data folder.
      await database.close();
      database = await openDatabase({ dataDir: dir });
      try {
        await database.db.update(mailJobs).set({ nextAttemptAt: new Date(Date.now() - 1000) });
        expect(await dispatchOnce(database.db, options(smtp.url))).toEqual({ sent: 1, retry: 0, failed: 0 });
        expect(await dispatchOnce(database.db, options(smtp.url))).toEqual({ sent: 0, retry: 0, failed: 0 });
        expect(await smtp.waitFor((m) => m.subject.includes('CRASH-1'))).toHaveLength(1);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
