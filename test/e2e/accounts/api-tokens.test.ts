/**
 * The API token console in Debian's Chromium: an administrator creates a token for the 12345 hotline,
 * copies it with the 复制 button (shown once), a machine uses it, the list shows its last use and
 * never the token again, and revoking it stops it at once. Screenshots go to test-output/.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { TEST_OUTPUT as OUT, axeScript, useBrowserAndServer } from '../../support/browser.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

const e2e = useBrowserAndServer();

describe('API tokens on the console', () => {
  it('creates a token, copies it once, sees it used, revokes it', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 }, bypassCSP: false });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.server.url });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text());
    });

    await page.goto(`${e2e.server.url}/login`);
    await page.fill('#f-login', 'admin@zsj.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await page.waitForURL('**/console');
    await page.click('a:has-text("接口令牌")');
    await page.waitForURL('**/console/tokens');
    await expect(page.locator('h1').textContent()).resolves.toBe('接口令牌');

    // Nothing chosen: refused with the reason, the name kept.
    await page.fill('#f-name', '12345热线');
    await page.click('button:has-text("创建令牌")');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('请至少选择一项允许的操作');
    await expect(page.inputValue('#f-name')).resolves.toBe('12345热线');

    await page.selectOption('#f-agencyCode', '220500-zsj');
    await page.check('#a-application\\.register');
    await page.check('#a-application\\.view');
    await page.fill('#f-expiresOn', '2099-12-31');
    await page.click('button:has-text("创建令牌")');
    await expect(page.locator('.created-token h2').textContent()).resolves.toContain('已创建接口令牌「12345热线」');
    const shown = await page.inputValue('#new-token');
    expect(shown).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
    await page.click('button.copy-token');
    await page.locator('.copy-status:has-text("已复制")').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(shown);
    await page.screenshot({ path: path.join(OUT, 'api-token-created.png'), fullPage: true });

    // A machine uses it: no cookie, no CSRF token.
    const res = await fetch(`${e2e.server.url}/api/agencies/220500-zsj/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shown}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-call-1' },
      body: JSON.stringify({
        channel: 'in_person',
        submittedDate: '2026-11-27',
        applicantType: 'natural',
        applicantName: '刘热线',
        applicantPhone: '13800000001',
        subject: '12345转来：供暖补贴发放名单',
        provisionForm: '纸质',
        deliveryMethod: '邮寄',
      }),
    });
    expect(res.status).toBe(201);

    // Shown once: the list has its first characters and its last use, never the token.
    await page.goto(`${e2e.server.url}/console/tokens`);
    const row = page.locator('table.tokens tbody tr', { hasText: '12345热线' });
    await expect(row.locator('.state').textContent()).resolves.toBe('有效');
    await expect(row.locator('.last-used').textContent()).resolves.toMatch(/\d{4}\/\d{2}\/\d{2}/);
    await expect(page.content()).resolves.not.toContain(shown);
    await expect(page.locator('#new-token').count()).resolves.toBe(0);

    await row.locator('button:has-text("撤销")').click();
    await expect(page.locator('.notice').first().textContent()).resolves.toContain('已撤销接口令牌「12345热线」');
    await expect(page.locator('table.tokens tbody tr', { hasText: '12345热线' }).locator('.state').textContent()).resolves.toBe('已撤销');
    await page.screenshot({ path: path.join(OUT, 'api-token-revoked.png'), fullPage: true });
    const after = await fetch(`${e2e.server.url}/api/my/applications`, { headers: { authorization: `Bearer ${shown}` } });
    expect(after.status).toBe(401);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violations (axe, WCAG 2 AA)', async () => {
    // axe is injected as an inline script, which our CSP (rightly) blocks: bypass it for this check only.
    const context = await e2e.browser.newContext({ locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/login`);
    await page.fill('#f-login', 'admin@zsj.demo');
    await page.fill('#f-password', 'Gongkai2024!');
    await page.click('button:has-text("登录")');
    await page.waitForURL('**/console');
    await page.goto(`${e2e.server.url}/console/tokens`);
    await page.addScriptTag({ content: axeScript() });
    const violations = await page.evaluate(async () => {
      // @ts-expect-error axe is injected
      const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
      return r.violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical').map((v: { id: string }) => v.id);
    });
    expect(violations).toEqual([]);
    await context.close();
  });
});
