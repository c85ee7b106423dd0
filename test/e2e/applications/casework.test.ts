/**
 * Staff casework in Debian's Chromium: the 第三十五条 steps (要求说明理由, then 审查申请理由 with a
 * 延迟答复), the inbox's 「可结案」 flag with its filter, and the 登记送达 of a letter application's
 * 回执 seen by its applicant. Screenshots go to test-output/.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_OUTPUT as OUT, doStep, useBrowserAndServer } from '../../support/browser.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

const e2e = useBrowserAndServer();

const signIn = (email: string) => e2e.signIn(email);

/** Registers an in-person application received on `date`; returns the case page's address. */
async function register(registrar: Page, date: string, name: string, subject: string): Promise<string> {
  await registrar.goto(`${e2e.server.url}/console/220500-zsj/applications/new`);
  await registrar.selectOption('#f-channel', 'in_person');
  await registrar.fill('#f-submittedDate', date);
  await registrar.fill('#f-applicantName', name);
  await registrar.fill('#f-applicantPhone', '13900003333');
  await registrar.fill('#f-subject', subject);
  await registrar.click('button:has-text("登记")');
  await registrar.waitForURL(/\/console\/applications\/\d+\?registered=1/);
  return registrar.url().split('?')[0];
}

describe('staff casework in a real browser', () => {
  it('第三十五条: ask for reasons, judge them reasonable but not answerable in time, defer the reply', async () => {
    const registrar = await signIn('registrar@zsj.demo');
    const caseUrl = await register(registrar, '2026-11-16', '钱某', '2020年至2026年本局全部会议纪要');
    const handler = await signIn('handler@zsj.demo');
    await handler.goto(caseUrl);
    await doStep(handler, 'assign');
    await expect(handler.locator('form[data-step="explanation_request"]').textContent()).resolves.toContain('行政机关可以要求申请人说明理由');
    await doStep(handler, 'explanation_request', async (f) => {
      await f.locator('input[name="date"]').fill('2026-11-17');
      await f.locator('textarea[name="grounds"]').fill('2026年11月内向本局提出政府信息公开申请86件');
    });
    await expect(handler.locator('ul.letters').textContent()).resolves.toContain('说明理由告知书');
    await expect(handler.locator('details.explain').textContent()).resolves.toContain('答复期限照常计算');
    await expect(handler.locator('ol.timeline').textContent()).resolves.toContain('要求申请人说明理由（第三十五条）');
    // A working day after 第三十三条's due date (2026-12-14); 2026's calendar is entered.
    await doStep(handler, 'explanation_assess', async (f) => {
      await f.locator('input[name="date"]').fill('2026-11-26');
      await f.locator('textarea[name="statement"]').fill('编写地方志需要');
      await f.locator('select[name="conclusion"]').selectOption('reasonable_deferred');
      await f.locator('input[name="until"]').fill('2026-12-31');
    });
    const facts = await handler.locator('dl.facts').nth(1).textContent();
    expect(facts).toContain('2026-12-31');
    const explain = await handler.locator('details.explain').textContent();
    expect(explain).toContain('认为申请理由合理，但是无法在第三十三条规定的期限内答复，确定延迟答复的合理期限');
    expect(explain).toContain('第三十五条');
    await expect(handler.locator('ul.letters').textContent()).resolves.toContain('延迟答复告知书');
    await expect(handler.locator('form[data-step="explanation_assess"]').count()).resolves.toBe(0);
    await expect(handler.locator('form[data-step="extension_request"]').count()).resolves.toBe(1);
    await handler.screenshot({ path: path.join(OUT, 'case-article35.png'), fullPage: true });
    await handler.locator('section.card', { hasText: '期限是怎样计算的' }).screenshot({ path: path.join(OUT, 'case-article35-due.png') });

    // The 延迟答复告知书 as the applicant receives it.
    const link = handler.locator('ul.letters li', { hasText: '延迟答复告知书' }).locator('a', { hasText: '查看' });
    const [popup] = await Promise.all([handler.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState('load');
    await expect(popup.locator('h1.letter-title').textContent()).resolves.toBe('政府信息公开申请延迟答复告知书');
    const body = await popup.locator('article').textContent();
    expect(body).toContain('本机关确定延迟答复的合理期限');
    expect(body).toContain('2026年11月17日要求您说明理由');
    await popup.screenshot({ path: path.join(OUT, 'letter-deferral.png'), fullPage: true });
    for (const p of [registrar, handler]) await p.context().close();
  });

  it('a clerk records the 回执’s 邮寄送达; the applicant sees its day and method, the due date unchanged', async () => {
    const registrar = await signIn('registrar@zsj.demo');
    await registrar.goto(`${e2e.server.url}/console/220500-zsj/applications/new`);
    await registrar.selectOption('#f-channel', 'mail_signed');
    await registrar.fill('#f-submittedDate', '2026-11-16');
    await registrar.fill('#f-applicantName', '张三');
    // 张三's number in the demo data: the application is linked to the account (我的申请).
    await registrar.fill('#f-applicantIdNumber', '220502199001011230');
    await registrar.fill('#f-applicantAddress', '吉林省通化市东昌区演示街1号');
    await registrar.fill('#f-subject', '2026年政务服务大厦物业服务合同');
    await registrar.click('button:has-text("登记")');
    await registrar.waitForURL(/\/console\/applications\/\d+\?registered=1/);
    const id = /applications\/(\d+)/.exec(registrar.url())![1];
    const receipt = registrar.locator('ul.letters li', { hasText: '申请接收回执' });
    await expect(receipt.locator('.service').textContent()).resolves.toBe('送达：邮寄送达（送达日期未登记）');
    const due = await registrar.locator('dl.facts').nth(1).textContent();
    expect(due).toContain('2026-12-14');

    const form = registrar.locator('form[data-step="serve_letter"]');
    await expect(form.locator('select[name="letter"] option').allTextContents()).resolves.toEqual([expect.stringMatching(/^2026-11-16发出的申请接收回执（.+号）$/)]);
    await form.screenshot({ path: path.join(OUT, 'serve-receipt-form.png') });
    await doStep(registrar, 'serve_letter', async (f) => {
      await f.locator('select[name="method"]').selectOption('mail');
      await f.locator('input[name="date"]').fill('2026-11-18');
      await f.locator('input[name="proof"]').fill('EMS 1100223344556');
    });
    await expect(receipt.locator('.service').textContent()).resolves.toBe('送达：2026-11-18 邮寄送达');
    await expect(registrar.locator('ol.timeline').textContent()).resolves.toContain('申请接收回执，邮寄送达');
    await expect(registrar.locator('form[data-step="serve_letter"]').count()).resolves.toBe(0);
    await expect(registrar.locator('dl.facts').nth(1).textContent()).resolves.toBe(due);
    await registrar.screenshot({ path: path.join(OUT, 'case-receipt-served.png'), fullPage: true });

    const applicant = await signIn('zhangsan@applicant.demo');
    await applicant.goto(`${e2e.server.url}/my/applications/${id}`);
    const row = applicant.locator('table.letters-served tr', { hasText: '申请接收回执' });
    await expect(row.locator('td.service').textContent()).resolves.toBe('2026-11-18 邮寄送达');
    const record = (await applicant.locator('ol.timeline').textContent())!;
    expect(record).toContain('申请接收回执送达');
    expect(record).not.toContain('1100223344556');
    await expect(applicant.locator('dl.facts strong', { hasText: '2026-12-14' }).count()).resolves.toBe(1);
    await applicant.screenshot({ path: path.join(OUT, 'applicant-receipt-served.png'), fullPage: true });
    for (const p of [registrar, applicant]) await p.context().close();
  });

  it('the inbox flags a case whose 补正 period ran out unanswered, and filters them', async () => {
    const registrar = await signIn('registrar@zsj.demo');
    const caseUrl = await register(registrar, '2026-10-12', '孙某', '某小区规划许可附图');
    const number = (await registrar.locator('h1').textContent())!.match(/\d{9}/)![0];
    const handler = await signIn('handler@zsj.demo');
    await handler.goto(caseUrl);
    await doStep(handler, 'assign');
    // 直接送达 on 10-13: the 15 working days end on 2026-11-03; today is 2026-11-27.
    await doStep(handler, 'correction_request', async (f) => {
      await f.locator('input[name="date"]').fill('2026-10-13');
      await f.locator('select[name="serviceMethod"]').selectOption('direct');
      await f.locator('textarea[name="items"]').fill('请写明附图所属的建设项目名称');
    });
    await expect(handler.locator('details.explain').textContent()).resolves.toContain('逾期不补正');

    await handler.goto(`${e2e.server.url}/console/220500-zsj/applications`);
    const row = handler.locator('table.inbox tbody tr', { hasText: number });
    await expect(row.locator('.badge.closable').textContent()).resolves.toBe('可结案：逾期未补正');
    await expect(row.locator('.badge.closable').getAttribute('title')).resolves.toContain('第三十条');
    await handler.selectOption('select[name="status"]', 'closable');
    await handler.click('button:has-text("筛选")');
    await handler.waitForLoadState('load');
    const rows = handler.locator('table.inbox tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < n; i++) await expect(rows.nth(i).locator('.badge.closable').count()).resolves.toBe(1);
    await expect(handler.locator('table.inbox').textContent()).resolves.toContain(number);
    await handler.screenshot({ path: path.join(OUT, 'inbox-closable.png'), fullPage: true });
    await handler.locator('table.inbox').screenshot({ path: path.join(OUT, 'inbox-closable-table.png') });
    for (const p of [registrar, handler]) await p.context().close();
  });
});
