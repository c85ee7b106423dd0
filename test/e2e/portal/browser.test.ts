/**
 * The public portal in Debian's Chromium: browse the catalogue, open a document (its 点击数 goes up by
 * one), search and find it; axe-core reports no serious or critical violation on the home,
 * catalogue, document and search pages (also in the larger-text mode). Screenshots in test-output/.
 * (bypassCSP: the site's CSP forbids inline scripts, which is how addScriptTag injects axe-core.)
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_OUTPUT as OUT, useBrowserAndServer, AXE_SOURCE_PATH as AXE } from '../../support/browser.ts';

const e2e = useBrowserAndServer();

async function axe(page: Page): Promise<Array<{ id: string; impact: string; nodes: number; help: string }>> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: unknown[] }> }> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function viewCount(page: Page): Promise<number> {
  return Number(await page.locator('.view-count').textContent());
}

describe('public portal in a real browser', () => {
  it('catalogue → document (点击数 +1) → search finds it; accessible pages', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    await page.goto(e2e.server.url + '/');
    expect(await page.title()).toContain('首页');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'portal-home.png'), fullPage: true });

    await page.click('a:has-text("通化市政务服务和数字化建设管理局")');
    await page.click('nav.column-nav >> text=政府信息公开目录');
    await page.waitForURL('**/agencies/220500-zsj/catalog');
    expect(await page.locator('h1').textContent()).toBe('通化市政务服务和数字化建设管理局政府信息公开目录');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'portal-catalog.png'), fullPage: true });

    await page.click('.category-grid >> text=其他');
    await page.waitForURL('**/catalog/other');
    const title = '政务服务大厦投入运行 “一件事一次办”改革全面推开';
    await page.click(`.doc-list a:has-text("一件事一次办")`);
    await page.waitForURL(/\/documents\/\d+$/);
    const docUrl = page.url();
    expect(await page.locator('h1').textContent()).toBe(title);
    const first = await viewCount(page);
    expect(await page.locator('.doc-stats').textContent()).toContain('发布日期：2023-12-27');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'portal-document.png'), fullPage: true });

    // Another reader (another browser) opens it: 点击数 goes up by exactly one.
    const other = await e2e.browser.newContext({ locale: 'zh-CN', userAgent: 'Another reader/1.0', bypassCSP: true });
    const otherPage = await other.newPage();
    await otherPage.goto(docUrl);
    expect(await viewCount(otherPage)).toBe(first + 1);
    // …while the first reader reloading does not inflate it.
    await page.reload();
    expect(await viewCount(page)).toBe(first + 1);
    await other.close();

    await page.goto(e2e.server.url + '/search');
    await page.fill('#s-q', '医保');
    await page.click('form.search-form button:has-text("搜索")');
    await page.waitForURL('**/search?**');
    const results = page.locator('ol.results > li');
    expect(await results.count()).toBeGreaterThanOrEqual(2);
    const hit = page.locator(`ol.results h3 a`, { hasText: '一件事一次办' });
    expect(await hit.count()).toBe(1);
    expect(await page.locator('ol.results mark', { hasText: '医保' }).count()).toBeGreaterThan(0);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'portal-search.png'), fullPage: true });
    await hit.click();
    expect(page.url()).toBe(docUrl);

    // 适老化: larger text, then the same pages stay accessible.
    await page.click('a.text-size:has-text("大字版")');
    await page.waitForURL(docUrl);
    const fontSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(fontSize).toBe('20px');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'portal-document-large.png'), fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  });
});
