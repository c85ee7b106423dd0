/**
 * The browser flow in Debian's Chromium: register a 自然人, log out, log in as a staff member,
 * see the console with agency and role. Screenshots go to test-output/ (look at them).
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { TEST_OUTPUT as OUT, useBrowserAndServer, axeScript } from '../../support/browser.ts';

const e2e = useBrowserAndServer();

describe('accounts in a real browser', () => {
  it('registers a 自然人, logs out, logs in as staff and sees the console', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      // A form re-rendered with its errors answers 400 on purpose; anything else is a defect.
      if (m.type() === 'error' && !/status of 400/.test(m.text())) consoleErrors.push(m.text());
    });

    await page.goto(e2e.server.url + '/');
    await expect(page.locator('h1').textContent()).resolves.toBe('政府信息公开');
    await page.screenshot({ path: path.join(OUT, 'home.png'), fullPage: true });
    await page.click('text=注册');
    await expect(page.locator('h1').textContent()).resolves.toBe('注册申请人账号');

    // A wrong ID number first: the form comes back with the message and the name kept.
    await page.fill('#f-name', '刘一');
    await page.fill('#f-idNumber', '110105194912310021');
    await page.fill('#f-phone', '13300000001');
    await page.fill('#f-password', 'Lantern2024x');
    await page.click('button:has-text("注册")');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('居民身份证号码校验位不正确');
    await expect(page.inputValue('#f-name')).resolves.toBe('刘一');
    await page.screenshot({ path: path.join(OUT, 'register-error.png'), fullPage: true });

    await page.fill('#f-idNumber', '11010519491231002X');
    await page.fill('#f-password', 'Lantern2024x');
    await page.click('button:has-text("注册")');
    // The same answer whether the phone or ID number had an account (issue 16): then one signs in.
    await page.waitForURL('**/login?registered=1');
    await expect(page.locator('.notice').textContent()).resolves.toContain('注册信息已提交');
    await page.fill('#f-login', '13300000001');
    await page.fill('#f-password', 'Lantern2024x');
    await page.click('button:has-text("登录")');
    await page.waitForURL(e2e.server.url + '/');
    await page.goto(e2e.server.url + '/account');
    await expect(page.locator('.user-name').textContent()).resolves.toBe('刘一');
    await expect(page.locator('main').textContent()).resolves.toContain('133****0001');

    await page.click('button:has-text("退出")');
    await page.waitForURL(e2e.server.url + '/');
    await expect(page.locator('.account-nav').textContent()).resolves.toMatch(/登录\s*\|\s*注册/);

    await page.click('text=登录');
    await page.fill('#f-login', 'publisher@zsj.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await page.waitForURL('**/console');
    await expect(page.locator('section.card h2').textContent()).resolves.toBe('通化市政务服务和数字化建设管理局');
    await expect(page.locator('.role').textContent()).resolves.toBe('信息公开专员');
    await page.screenshot({ path: path.join(OUT, 'console.png'), fullPage: true });

    await page.goto(e2e.server.url + '/register?kind=org');
    await page.screenshot({ path: path.join(OUT, 'register-org.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility (axe, WCAG 2 AA) violations on the account pages', async () => {
    // axe is injected as an inline script, which our CSP (rightly) blocks: bypass it for this check only.
    const context = await e2e.browser.newContext({ locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(e2e.server.url + '/login');
    await page.fill('#f-login', 'supervisor@city.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await page.waitForURL('**/console');
    for (const url of ['/console', '/account', '/', '/agencies/220500-zsj']) {
      await page.goto(e2e.server.url + url);
      await page.addScriptTag({ content: axeScript() });
      const violations = await page.evaluate(async () => {
        // @ts-expect-error axe is injected
        const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
        return r.violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical').map((v: { id: string }) => v.id);
      });
      expect(violations, url).toEqual([]);
    }
    const anon = await context.newPage();
    await context.clearCookies();
    for (const url of ['/register', '/register?kind=org', '/login']) {
      await anon.goto(e2e.server.url + url);
      await anon.addScriptTag({ content: axeScript() });
      const violations = await anon.evaluate(async () => {
        // @ts-expect-error axe is injected
        const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
        return r.violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical').map((v: { id: string }) => v.id);
      });
      expect(violations, url).toEqual([]);
    }
    await context.close();
  });
});
