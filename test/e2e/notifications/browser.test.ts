/**
 * Notifications in Debian's Chromium, with the real app, its dispatcher and a real SMTP server:
 * a person forgets their password, asks for a link, reads it from the captured mail and sets a new
 * one; 站内消息 with the unread count in the header. Screenshots in test-output/ (look at them).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OUTPUT as OUT, axeScript, useBrowserAndServer } from '../../support/browser.ts';
import { linkIn, startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';
import { startDispatcher, type Dispatcher } from '../../../src/app/outbox/index.ts';

let smtp: TestSmtpServer;
let outbox: Dispatcher | undefined;
const saved = { ...process.env };
beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.GONGKAI_SMTP_URL = smtp.url;
  process.env.GONGKAI_MAIL_FROM = '公开平台 <noreply@gongkai.test>';
});
const e2e = useBrowserAndServer({ notifications: { pollMs: 200, scheduler: false } });
beforeAll(() => {
  process.env.GONGKAI_PUBLIC_URL = e2e.server.url;
  // What gongkai serve runs: the outbox's dispatcher, which hands case events to the notification subscribers.
  outbox = startDispatcher(e2e.server.database.db, { pollMs: 200 });
});
afterAll(async () => {
  await outbox?.stop();
  await smtp?.close();
  process.env = saved;
});

describe('notifications in a real browser', () => {
  it('an applicant submits, sees the unread count in the header, reads the receipt in 站内消息 and by e-mail', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/login`);
    await page.fill('#f-login', 'zhangsan@applicant.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await page.goto(`${e2e.server.url}/messages`);
    await page.click('button:has-text("全部标为已读")').catch(() => {});
    await expect(page.locator('.unread-count').count()).resolves.toBe(0);

    await page.goto(`${e2e.server.url}/apply`);
    await page.fill('#f-subject', '2026年政务服务“一网通办”办件统计');
    await page.selectOption('#f-deliveryMethod', '在线下载');
    await page.setInputFiles('#f-id_copy', { name: 'id.png', mimeType: 'image/png', buffer: Buffer.from('fake-png') });
    await page.click('button:has-text("提交申请")');
    await page.waitForURL(/\/my\/applications\/\d+\?submitted=1/);
    const caseUrl = page.url().split('?')[0];
    const number = /申请编号 (2026\d{5})/.exec((await page.locator('.notice').textContent()) ?? '')![1];

    // The receipt arrives as a 站内消息 a moment after the submission (the outbox runs after commit).
    let count = '';
    for (let i = 0; i < 50 && !count; i++) {
      await page.reload();
      count = (await page.locator('.unread-count').count()) ? ((await page.locator('.unread-count').textContent()) ?? '') : '';
      if (!count) await page.waitForTimeout(200);
    }
    expect(count).toBe('1');
    await page.screenshot({ path: path.join(OUT, 'unread-count.png') });
    await page.click('a.messages-link');
    await page.waitForURL('**/messages');
    const first = page.locator('li.message').first();
    await expect(first.locator('h2').textContent()).resolves.toContain(`申请编号 ${number}`);
    await expect(first.getAttribute('class')).resolves.toContain('unread');
    await page.screenshot({ path: path.join(OUT, 'messages.png'), fullPage: true });
    await first.locator('button:has-text("查看")').click();
    await page.waitForURL(caseUrl);
    await expect(page.locator('.unread-count').count()).resolves.toBe(0);

    const [mail] = await smtp.waitFor((m) => m.subject.includes(number));
    expect(mail.to).toEqual(['zhangsan@applicant.demo']);
    expect(linkIn(mail, `${e2e.server.url}/my/applications/`)).toBe(caseUrl);

    await page.goto(`${e2e.server.url}/account/notifications`);
    await page.screenshot({ path: path.join(OUT, 'notification-settings.png'), fullPage: true });
    await context.close();
  });

  it('shows an administrator the mail queue and the agency\'s templates', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/login`);
    await page.fill('#f-login', 'admin@zsj.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await page.click('text=邮件发送情况');
    await page.waitForURL('**/console/mail');
    await expect(page.locator('[data-count="sent"]').textContent()).resolves.toMatch(/^[1-9]\d*$/);
    await page.screenshot({ path: path.join(OUT, 'console-mail.png'), fullPage: true });
    await page.goto(`${e2e.server.url}/console`);
    await page.click('text=通知模板');
    await page.fill('#s-receipt', '{{姓名}}：{{机关}}收到了您的申请');
    await page.locator('#t-receipt button:has-text("保存")').click();
    await page.waitForLoadState('load');
    await page.screenshot({ path: path.join(OUT, 'notification-templates.png') });
    await expect(page.locator('#t-receipt .error-summary').textContent()).resolves.toContain('不认识的占位符「{{姓名}}」');
    await expect(page.locator('#t-receipt .role').count()).resolves.toBe(0);
    await context.close();
  });

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
    await page.fill('#f-newPassword', 'Lantern-Xq83-2026');
    await page.fill('#f-confirm', 'Lantern-Xq83-2027');
    await page.click('button:has-text("设置新密码")');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('两次填写的新密码不一致');
    await page.screenshot({ path: path.join(OUT, 'password-reset-error.png'), fullPage: true });
    await page.fill('#f-newPassword', 'Lantern-Xq83-2026');
    await page.fill('#f-confirm', 'Lantern-Xq83-2026');
    await page.click('button:has-text("设置新密码")');
    await expect(page.locator('h1').textContent()).resolves.toBe('密码已重置');

    await page.click('text=用新密码登录');
    await page.fill('#f-login', 'company@applicant.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('账号或密码不正确');
    await page.fill('#f-password', 'Lantern-Xq83-2026');
    await page.click('button:has-text("登录")');
    await expect(page.locator('.user-name').textContent()).resolves.toBe('通化演示商贸有限公司');
    await context.close();
  });

  it('has no serious or critical accessibility (axe, WCAG 2 AA) violations on the notification pages', async () => {
    // axe is injected as an inline script, which our CSP (rightly) blocks: bypass it for this check only.
    const context = await e2e.browser.newContext({ locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    const check = async (url: string) => {
      await page.goto(e2e.server.url + url);
      await page.addScriptTag({ content: axeScript() });
      const violations = await page.evaluate(async () => {
        // @ts-expect-error axe is injected
        const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
        return r.violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical').map((v: { id: string }) => v.id);
      });
      expect(violations, url).toEqual([]);
    };
    for (const url of ['/password/forgot', '/unsubscribe?token=x']) await check(url);
    await page.goto(`${e2e.server.url}/login`);
    await page.fill('#f-login', 'admin@zsj.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await page.waitForURL('**/console');
    for (const url of ['/messages', '/account/notifications', '/console/mail', '/console/220500-zsj/notification-templates']) await check(url);
    await context.close();
  });
});
