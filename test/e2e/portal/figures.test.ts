/**
 * The figures form in Debian's Chromium: the agency's 信息公开专员 (the role that enters figures,
 * policies.ts figures.edit) chooses 2020, gets the 2019 trial format's items, is refused a seventh
 * decimal in Chinese, enters 2019's year-end counts from the form's own link, saves 2020 and sees the
 * figures in the 2020 report's preview. The same form at phone width fits the screen.
 * Screenshots in test-output/figures-*.png.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_OUTPUT as OUT, useBrowserAndServer } from '../../support/browser.ts';

const e2e = useBrowserAndServer();

const Y2019 = { licensing: '10', licensing_items: '42', other_services: '5', other_services_items: '10', penalty: '2', penalty_items: '4', coercion: '0', coercion_items: '2', fees_items: '5', procurement_count: '3', procurement_wan_yuan: '100' };
const Y2020 = { licensing: '12', licensing_items: '40', other_services: '7', other_services_items: '11', penalty: '3', penalty_items: '5', coercion: '1', coercion_items: '2', fees_items: '3', procurement_count: '4', procurement_wan_yuan: '1234.5678901' };

async function fill(page: Page, values: Record<string, string>, source: string) {
  for (const [item, v] of Object.entries(values)) await page.fill(`#f-${item}`, v);
  await page.fill('#f-source', source);
  await page.click('form.figures-form button:has-text("保存")');
  await page.waitForLoadState('load');
}

describe('the figures form of a trial-format year in a real browser', () => {
  it('2020: the trial items, a Chinese refusal, 2019 from the form’s link, then the report preview shows them', async () => {
    const page = await e2e.signIn('publisher@zsj.demo');
    await page.goto(`${e2e.server.url}/console`);
    await page.click('text=年度报告表一数据');
    await page.waitForURL('**/console/220500-zsj/figures');
    await page.selectOption('#f-year', '2020');
    await page.click('button:has-text("切换")');
    await page.waitForURL('**/figures?year=2020');
    expect(await page.locator('h1').textContent()).toBe('2020年度报告表一数据（试行格式）');
    expect(await page.locator('form.figures-form legend').allTextContents()).toEqual(['第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项', '第二十条第（九）项', '数据来源']);
    expect(await page.locator('#f-fees_wan_yuan').count()).toBe(0);

    await fill(page, Y2020, '政务服务平台统计');
    expect(await page.locator('.error-summary').textContent()).toContain('政府集中采购（采购总金额，万元）：金额「1234.5678901」超过6位小数');
    expect(await page.locator('#f-procurement_wan_yuan').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: path.join(OUT, 'figures-2020-refused.png'), fullPage: true });

    // 上一年项目数量 comes from 2019's year-end counts: the form says they are missing and links there
    await page.click('a:has-text("填报2019年末项目数量")');
    await page.waitForURL('**/figures?year=2019');
    await fill(page, Y2019, '2019年统计');
    expect(await page.locator('p.notice').textContent()).toContain('已保存');

    await page.goto(`${e2e.server.url}/console/220500-zsj/figures?year=2020`);
    await fill(page, { ...Y2020, procurement_wan_yuan: '1,234.567891' }, '政务服务平台统计');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.locator('#f-licensing_items-hint').textContent()).toContain('2019年末：42');
    await page.screenshot({ path: path.join(OUT, 'figures-2020-saved.png'), fullPage: true });

    await page.click('a:has-text("查看2020年度报告")');
    await page.waitForURL('**/console/reports/220500-zsj/2020');
    const cell = (where: string) => page.locator(`td[data-where="${where}"]`).first().textContent();
    await expect(cell('table1/procurement/amount_wan_yuan')).resolves.toBe('1234.567891');
    await expect(cell('table1/procurement/count')).resolves.toBe('4');
    await expect(cell('table1/licensing/previous')).resolves.toBe('42');
    await expect(cell('table1/licensing/change')).resolves.toBe('-2');
    await expect(cell('table1/licensing/decisions')).resolves.toBe('12');
    await expect(cell('table1/other_services/decisions')).resolves.toBe('7');
    await expect(cell('table1/fees/change')).resolves.toBe('-2');
    await page.locator('td[data-where="table1/procurement/amount_wan_yuan"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, 'figures-2020-report.png') });
  });

  it('at phone width the trial form fits the screen: no sideways scrolling, labels above their fields', async () => {
    const page = await e2e.signIn('publisher@zsj.demo', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${e2e.server.url}/console/220500-zsj/figures?year=2020`);
    expect(await page.locator('form.figures-form input[inputmode]').count()).toBe(11);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['#f-procurement_wan_yuan', '#f-other_services_items', '#f-source']) {
      const box = (await page.locator(id).boundingBox())!;
      expect([id, box.x >= 0 && box.x + box.width <= 360]).toEqual([id, true]);
    }
    expect(await page.locator('#f-procurement_wan_yuan').getAttribute('inputmode')).toBe('decimal');
    await page.screenshot({ path: path.join(OUT, 'figures-2020-phone.png'), fullPage: true });
  });
});
