/**
 * 依申请公开 in Debian's Chromium: an applicant submits online and tracks the application; staff
 * take a letter application through 补正, consultation, extension and a 部分公开 decision to
 * delivery, opening the letters. Screenshots of the inbox and the case page go to test-output/.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import JSZip from 'jszip';
import { TEST_OUTPUT as OUT, doStep, useBrowserAndServer } from '../../support/browser.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

const e2e = useBrowserAndServer();

const signIn = (email: string) => e2e.signIn(email);

describe('applications in a real browser', () => {
  it('an applicant submits online with an ID copy and tracks it in 我的申请', async () => {
    const page = await signIn('zhangsan@applicant.demo');
    await page.goto(`${e2e.server.url}/apply`);
    await page.fill('#f-subject', '2026年通化市政务服务“好差评”统计报告');
    await page.fill('#f-description', '按月统计');
    await page.selectOption('#f-deliveryMethod', '在线下载');
    await page.setInputFiles('#f-id_copy', { name: 'id.png', mimeType: 'image/png', buffer: Buffer.from('fake-png') });
    await page.click('button:has-text("提交申请")');
    await page.waitForURL(/\/my\/applications\/\d+\?submitted=1/);
    await expect(page.locator('.notice').textContent()).resolves.toMatch(/申请编号 2026\d{5}/);
    await expect(page.locator('.status').first().textContent()).resolves.toBe('待确认');
    await page.screenshot({ path: path.join(OUT, 'applicant-case.png'), fullPage: true });
    await page.click('text=我的申请');
    const rows = page.locator('table.list tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(6);
    await expect(page.locator('table.list').textContent()).resolves.toContain('好差评');
    // A demo case in 补正 shows its state; the decided one its letters are absent of any third-party letter.
    await expect(page.locator('table.list').textContent()).resolves.toContain('待补正');
    await page.screenshot({ path: path.join(OUT, 'my-applications.png'), fullPage: true });
    await page.context().close();
  });

  it('staff take a letter application through 补正, consultation, extension and 部分公开 to delivery', async () => {
    const registrar = await signIn('registrar@zsj.demo');
    await registrar.goto(`${e2e.server.url}/console/220500-zsj/applications/new`);
    await registrar.selectOption('#f-channel', 'mail_signed');
    await registrar.fill('#f-submittedDate', '2026-10-12');
    await registrar.fill('#f-applicantName', '周某');
    await registrar.fill('#f-applicantPhone', '13900002222');
    await registrar.fill('#f-applicantAddress', '吉林省通化市东昌区某路3号');
    await registrar.fill('#f-subject', '2026年政务服务大厦物业服务招标文件及评标结果');
    await registrar.click('button:has-text("登记")');
    await registrar.waitForURL(/\/console\/applications\/\d+\?registered=1/);
    const caseUrl = registrar.url().split('?')[0];
    await expect(registrar.locator('.status').textContent()).resolves.toBe('办理中');
    await expect(registrar.locator('ul.letters').textContent()).resolves.toContain('申请接收回执');
    // The registrar may not draft a decision: the form is not there.
    await expect(registrar.locator('form[data-step="decision_propose"]').count()).resolves.toBe(0);

    const handler = await signIn('handler@zsj.demo');
    await handler.goto(caseUrl);
    await doStep(handler, 'assign');
    await doStep(handler, 'correction_request', async (f) => {
      await f.locator('input[name="date"]').fill('2026-10-14');
      await f.locator('textarea[name="items"]').fill('请写明招标项目的名称或编号');
    });
    await expect(handler.locator('.status').textContent()).resolves.toBe('待补正');
    await doStep(handler, 'correction_receive', (f) => f.locator('input[name="date"]').fill('2026-10-16'));
    await doStep(handler, 'consultation_send', async (f) => {
      await f.locator('input[name="date"]').fill('2026-10-19');
      await f.locator('select[name="party"]').selectOption('third_party');
      await f.locator('input[name="consultee"]').fill('通化某物业管理有限公司');
    });
    await doStep(handler, 'consultation_answer', async (f) => {
      await f.locator('input[name="date"]').fill('2026-10-23');
      await f.locator('select[name="opinion"]').selectOption('disagree');
    });
    await doStep(handler, 'extension_request', async (f) => {
      await f.locator('input[name="date"]').fill('2026-11-02');
      await f.locator('input[name="reason"]').fill('评标资料需从档案室调取核对');
    });
    await expect(handler.locator('.status').textContent()).resolves.toContain('延期待审批');
    await expect(handler.locator('form[data-step="extension_decide"]').count()).resolves.toBe(0);

    const reviewer = await signIn('reviewer@zsj.demo');
    await reviewer.goto(caseUrl);
    await doStep(reviewer, 'extension_decide', (f) => f.locator('input[name="date"]').fill('2026-11-03'));
    await expect(reviewer.locator('dl.facts').nth(1).textContent()).resolves.toContain('2026-12-17');
    await expect(reviewer.locator('details.explain').textContent()).resolves.toContain('延长答复期限20个工作日');

    await handler.goto(caseUrl);
    await doStep(handler, 'decision_propose', async (f) => {
      await f.locator('input[name="date"]').fill('2026-11-20');
      await f.locator('select[name="outcome"]').selectOption('partial');
      await f.locator('input[name="disclosedPart"]').fill('招标文件正文及评标结果');
      await f.locator('input[name="access"]').fill('随告知书邮寄纸质文本');
      await f.locator('input[name="withheldContent"]').fill('投标人的报价明细');
      await f.locator('select[name="withheldGround"]').selectOption('withheld.third_party');
      await f.locator('input[name="withheldReason"]').fill('第三方书面表示不同意公开，涉及其商业秘密');
    });
    await handler.screenshot({ path: path.join(OUT, 'case-page.png'), fullPage: true });

    await reviewer.goto(caseUrl);
    await expect(reviewer.locator('form[data-step="decision_review"]').textContent()).resolves.toContain('投标人的报价明细');
    await doStep(reviewer, 'decision_review', (f) => f.locator('input[name="date"]').fill('2026-11-23'));
    await expect(reviewer.locator('.status').textContent()).resolves.toBe('已答复');

    // Open the decision letter (HTML) and download its Word file.
    const link = reviewer.locator('ul.letters li', { hasText: '部分公开告知书' }).locator('a', { hasText: '查看' });
    const [popup] = await Promise.all([reviewer.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState('load');
    await expect(popup.locator('h1.letter-title').textContent()).resolves.toBe('政府信息部分公开告知书');
    const body = await popup.locator('article').textContent();
    expect(body).toContain('周某');
    expect(body).toContain('投标人的报价明细');
    expect(body).toContain('第三十七条');
    await popup.close();
    const [download] = await Promise.all([
      reviewer.waitForEvent('download'),
      reviewer.locator('ul.letters li', { hasText: '部分公开告知书' }).locator('a', { hasText: 'Word' }).click(),
    ]);
    const file = await download.path();
    const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(file!)));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('政府信息部分公开告知书');
    expect(xml).toContain('投标人的报价明细');
    for (const kind of ['补正告知书', '征求意见书（第三方）', '征求意见告知书（申请人）', '延期答复告知书']) {
      await expect(reviewer.locator('ul.letters').textContent()).resolves.toContain(kind);
    }

    await registrar.goto(caseUrl);
    await doStep(registrar, 'deliver', async (f) => {
      await f.locator('input[name="date"]').fill('2026-11-24');
      await f.locator('select[name="method"]').selectOption('mail');
    });
    await expect(registrar.locator('.status').textContent()).resolves.toBe('已送达');
    await expect(registrar.locator('ol.timeline').textContent()).resolves.toContain('邮寄送达');
    await registrar.screenshot({ path: path.join(OUT, 'case-page-delivered.png'), fullPage: true });

    await handler.goto(`${e2e.server.url}/console/220500-zsj/applications`);
    await expect(handler.locator('table.inbox tbody tr').count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(handler.locator('table.inbox').textContent()).resolves.toMatch(/即将逾期|逾期/);
    await handler.screenshot({ path: path.join(OUT, 'inbox.png'), fullPage: true });
    for (const p of [registrar, handler, reviewer]) await p.context().close();
  });
});
