/**
 * The annual report in Debian's Chromium: the publisher opens the console, edits the prose, sees a
 * finding (a prose number contradicting table 2), fixes it; the reviewer submits, the city's
 * 政务公开办 clears, the publisher publishes and sees it on the portal. Then anyone audits the seed
 * fixture on /audit and sees its three findings. Screenshots go to test-output/ (look at them).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_OUTPUT as OUT, useBrowserAndServer, axeScript } from '../../support/browser.ts';
import { SEED_REPORT } from '../../support/fixtures.ts';

const SEED = SEED_REPORT;

const e2e = useBrowserAndServer();

async function signedIn(email: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // axe is injected as an inline script, which our CSP (rightly) blocks: bypass it for these checks.
  const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    // pages re-rendered with a refusal answer 4xx on purpose; anything else is a defect
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await page.goto(e2e.server.url + '/login');
  await page.fill('#f-login', email);
  await page.fill('#f-password', 'Gongkai2024!');
  await page.click('button:has-text("登录")');
  await page.waitForURL('**/console');
  return { context, page, errors };
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeScript() });
  const result = await page.evaluate(async () => (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe.run({ runOnly: ['wcag2a', 'wcag2aa'] }));
  return result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id);
}

describe('the annual report in a real browser', () => {
  it('edit → finding → fix → submit → clear → publish → on the portal', async () => {
    const publisher = await signedIn('publisher@zsj.demo');
    const p = publisher.page;
    await p.click('text=政府信息公开工作年度报告');
    await p.waitForURL('**/console/reports/220500-zsj');
    await p.click('a:has-text("2024年度")');
    await p.waitForURL('**/console/reports/220500-zsj/2024');
    // the first draft: placeholders are errors, shown at their sections
    await expect(p.locator('#prose-problems .prose-findings li').first().textContent()).resolves.toContain('待填写');
    const n = Number(await p.locator('td[data-where="table2/new/total"]').first().textContent());

    await p.fill('#f-overview', `2024年，本局依法做好政府信息公开工作。本年新收政府信息公开申请${n + 3}件，均按期答复。`);
    await p.fill('#f-problems', '一是主动公开栏目更新不够及时；二是答复文书格式不够统一。改进：建立栏目周检制度，统一使用平台生成的答复文书。');
    await p.fill('#f-other', '本年度未收取信息处理费。');
    await p.click('button:has-text("保存正文并重新检查")');
    await p.waitForURL('**/2024?done=saved');
    const mismatch = p.locator('#prose-overview .prose-findings li[data-code="text.number_mismatch"]');
    await expect(mismatch.textContent()).resolves.toContain(`称收到申请 ${n + 3} 件`);
    await p.screenshot({ path: path.join(OUT, 'report-console-finding.png'), fullPage: true });

    await p.fill('#f-overview', `2024年，本局依法做好政府信息公开工作。本年新收政府信息公开申请${n}件，均按期答复。`);
    await p.click('button:has-text("保存正文并重新检查")');
    await p.waitForURL('**/2024?done=saved');
    await expect(p.locator('#prose-overview .prose-findings').count()).resolves.toBe(0);
    await expect(p.locator('.status-box').textContent()).resolves.toContain('错误 0');

    // the reviewer submits, the city's 政务公开办 clears
    const reviewer = await signedIn('reviewer@zsj.demo');
    await reviewer.page.goto(e2e.server.url + '/console/reports/220500-zsj/2024');
    await reviewer.page.click('button:has-text("报送")');
    await reviewer.page.waitForURL('**/2024?done=submitted');
    const office = await signedIn('supervisor@city.demo');
    await office.page.goto(e2e.server.url + '/console/reports/220500/board?year=2024');
    await expect(office.page.locator('tr[data-agency="220500-zsj"]').textContent()).resolves.toContain('已报送');
    await office.page.screenshot({ path: path.join(OUT, 'report-board.png'), fullPage: true });
    await office.page.click('tr[data-agency="220500-zsj"] a');
    await office.page.click('button:has-text("审查通过")');
    await office.page.waitForURL('**/2024?done=cleared');

    // the publisher publishes
    await p.goto(e2e.server.url + '/console/reports/220500-zsj/2024');
    await p.click('button:has-text("在门户网站公布")');
    await p.waitForURL('**/2024?done=published');
    await expect(p.locator('.status-box').textContent()).resolves.toContain('已公布');
    await p.screenshot({ path: path.join(OUT, 'report-console.png'), fullPage: true });
    expect(await axeViolations(p)).toEqual([]);

    await p.click('a:has-text("在门户网站查看")');
    await p.waitForURL('**/agencies/220500-zsj/reports/2024');
    await expect(p.locator('.report-meta').textContent()).resolves.toMatch(/发布日期：\d{4}-\d{2}-\d{2}.*点击数：1/);
    await expect(p.locator('h1').first().textContent()).resolves.toContain('2024年度政府信息公开工作年度报告');
    await expect(p.locator('main').textContent()).resolves.toContain(`本年新收政府信息公开申请${n}件`);
    await p.screenshot({ path: path.join(OUT, 'report-portal.png'), fullPage: true });
    expect(await axeViolations(p)).toEqual([]);

    await p.goto(e2e.server.url + '/agencies/220500-zsj/reports');
    await expect(p.locator('.report-list').textContent()).resolves.toContain('2024年度');
    for (const s of [publisher, reviewer, office]) {
      expect(s.errors).toEqual([]);
      await s.context.close();
    }
  });

  it('/audit: uploads the seed fixture and sees the three findings and the marked table', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(e2e.server.url + '/audit');
    await page.setInputFiles('#f-files', SEED);
    await page.click('button:has-text("开始审核")');
    await page.waitForSelector('.audit-result');
    const codes = await page.locator('.audit-result tr.finding').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(codes.sort()).toEqual(['parse.recovered', 'section.fee_missing', 'structure.missing_section', 'structure.numbering']);
    await expect(page.locator('.audit-result').textContent()).resolves.toContain('缺少法定的第一部分「一、总体情况」');
    // table 2 rebuilt in full despite the lost 「自然人」 header: 一、本年新收 · 自然人 = 1
    await expect(page.locator('td[data-where="table2/new/natural"]').textContent()).resolves.toBe('1');
    expect(await page.locator('.gongkai-report td.num').count()).toBe(10 + 175 + 15);
    await page.screenshot({ path: path.join(OUT, 'audit-seed.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // several at once (the fixture twice, one pasted): a summary
    await page.goto(e2e.server.url + '/audit');
    await page.setInputFiles('#f-files', [SEED, SEED]);
    await page.fill('#f-text', readFileSync(SEED, 'utf8'));
    await page.fill('#f-name', '粘贴的通化报告');
    await page.click('button:has-text("开始审核")');
    await page.waitForSelector('#summary-h');
    await expect(page.locator('.summary-table tbody tr').count()).resolves.toBe(3);
    await expect(page.locator('main').textContent()).resolves.toContain('共审核 3 份报告');

    // a wrong cell is marked: the seed with （七）总计·自然人 changed from 1 to 2
    await page.goto(e2e.server.url + '/audit');
    await page.fill('#f-text', readFileSync(SEED, 'utf8').replace('(七)总计\n\n1\n', '(七)总计\n\n2\n'));
    await page.click('button:has-text("开始审核")');
    await page.waitForSelector('.audit-result');
    await expect(page.locator('td[data-where="table2/total/natural"]').getAttribute('class')).resolves.toContain('mark-error');
    await expect(page.locator('tr.finding[data-code="identity.row_total"]').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUT, 'audit-marked.png'), fullPage: true });
    await context.close();
  });
});
