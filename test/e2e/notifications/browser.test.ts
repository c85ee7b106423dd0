/**
 * Notifications in Debian's Chromium, with the real app, its dispatcher and a real SMTP server:
 * a person forgets their password, asks for a link, reads it from the captured mail and sets a new
 * one; 站内消息 with the unread count in the header. Screenshots in test-output/ (look at them).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OUTPUT as OUT, useBrowserAndServer } from '../../support/browser.ts';
import { linkIn, startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';

let smtp: TestSmtpServer;
const saved = { ...process.env };
beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.GONGKAI_SMTP_URL = smtp.url;
  process.env.GONGKAI_MAIL_FROM = '公开平台 <noreply@gongkai.test>';
});
const e2e = useBrowserAndServer({ notifications: { pollMs: 200, scheduler: false } });
beforeAll(() => {
  process.env.GONGKAI_PUBLIC_URL = e2e.server.url;
});
afterAll(async () => {
  await smtp?.close();
  process.env = saved;
});

describe('notifications in a real browser', () => {
  it('resets a forgotten password with the link from the e-mail, and the old password no longer works', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/login`);
    await page.click('text=忘记密码？');
    await page.fill('#f-email', 'company@applicant.demo');
    await page.click('button:has-text("发送重置链接")');
    await expect(page.locator('.notice').textContent()).resolves.toContain('重置密码的链接已发出');
    await page.screenshot({ path: path.join(OUT, 'password-forgot.png'), fullPage: true });

    const [mail] = await smtp.waitFor((m) => m.to.includes('company@applicant.demo') && m.subject.includes('重置'));
    await page.goto(linkIn(mail, `${e2e.server.url}/password/reset`));
    await page.fill('#f-newPassword', 'Company2026');
    await page.fill('#f-confirm', 'Company2027');
    await page.click('button:has-text("设置新密码")');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('两次填写的新密码不一致');
    await page.screenshot({ path: path.join(OUT, 'password-reset-error.png'), fullPage: true });
    await page.fill('#f-newPassword', 'Company2026');
    await page.fill('#f-confirm', 'Company2026');
    await page.click('button:has-text("设置新密码")');
    await expect(page.locator('h1').textContent()).resolves.toBe('密码已重置');

    await page.click('text=用新密码登录');
    await page.fill('#f-login', 'company@applicant.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('账号或密码不正确');
    await page.fill('#f-password', 'Company2026');
    await page.click('button:has-text("登录")');
    await expect(page.locator('.user-name').textContent()).resolves.toBe('通化演示商贸有限公司');
    await context.close();
  });
});
