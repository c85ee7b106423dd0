/**
 * The applicant's part online in Debian's Chromium (issue 15): staff send a 补正 served
 * electronically; the applicant signs in, sees the letter with its service date, sends the 补正
 * with a file from 我的申请; staff see it in the console and the due date moves as 第三十条 says
 * (20 working days from the day the corrected application arrived). Screenshots in test-output/.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { TEST_OUTPUT as OUT, doStep, useBrowserAndServer } from '../../support/browser.ts';

process.env.GONGKAI_TODAY = '2026-11-02';

const e2e = useBrowserAndServer();

const signIn = (email: string) => e2e.signIn(email);

describe("the applicant's part online in a real browser", () => {
  it('staff send a 补正 served electronically; the applicant sends it with a file; the due date moves (第三十条)', async () => {
    const applicant = await signIn('zhangsan@applicant.demo');
    await applicant.goto(`${e2e.server.url}/apply`);
    await applicant.fill('#f-subject', '2026年通化市政务服务大厦物业服务合同');
    await applicant.click('button:has-text("提交申请")');
    await applicant.waitForURL(/\/my\/applications\/\d+\?submitted=1/);
    const id = /applications\/(\d+)/.exec(applicant.url())![1];
    const caseUrl = `${e2e.server.url}/console/applications/${id}`;

    const registrar = await signIn('registrar@zsj.demo');
    await registrar.goto(caseUrl);
    await doStep(registrar, 'confirm');

    process.env.GONGKAI_TODAY = '2026-11-03';
    const handler = await signIn('handler@zsj.demo');
    await handler.goto(caseUrl);
    await doStep(handler, 'assign');
    await doStep(handler, 'correction_request', async (f) => {
      // The online application's letters go to the account: 电子送达 is the default.
      await expect(f.locator('select[name="serviceMethod"]').inputValue()).resolves.toBe('electronic');
      await f.locator('textarea[name="items"]').fill('请写明合同的年份或合同编号\n请说明需要合同正文还是含附件');
    });
    await expect(handler.locator('.status').textContent()).resolves.toBe('待补正');

    process.env.GONGKAI_TODAY = '2026-11-05';
    await applicant.goto(`${e2e.server.url}/my/applications`);
    await applicant.click(`a[href="/my/applications/${id}"]`);
    await applicant.waitForLoadState('load');
    const letterRow = applicant.locator('table.letters-served tr', { hasText: '补正告知书' });
    await expect(letterRow.locator('td.service').textContent()).resolves.toBe('2026-11-03 电子送达');
    const correction = applicant.locator('section.correction');
    await expect(correction.textContent()).resolves.toContain('请写明合同的年份或合同编号');
    await expect(correction.locator('dd').first().textContent()).resolves.toContain('2026-11-24');
    // The 办理记录 shows nothing internal: no handler's name, no assignment.
    const timeline = (await applicant.locator('ol.timeline').textContent())!;
    expect(timeline).not.toContain('王承办');
    expect(timeline).not.toContain('指定承办人');
    expect(timeline).toContain('通化市政务服务和数字化建设管理局');
    await applicant.screenshot({ path: path.join(OUT, 'applicant-correction-form.png'), fullPage: true });

    await applicant.fill('#f-correction-text', '所需为2026年度的物业服务合同（编号TH-2026-01），含附件。');
    await applicant.setInputFiles('#f-correction-files', { name: '合同编号截图.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
    await applicant.click('button:has-text("提交补正")');
    await applicant.waitForURL(/\?corrected=1/);
    await expect(applicant.locator('.notice').textContent()).resolves.toContain('补正已提交');
    await expect(applicant.locator('section.correction').count()).resolves.toBe(0);
    await expect(applicant.locator('.status').first().textContent()).resolves.toBe('办理中');
    await expect(applicant.locator('dl.facts strong', { hasText: '2026-12-03' }).count()).resolves.toBe(1);
    await expect(applicant.locator('ol.timeline').textContent()).resolves.toContain('在线提交，附件1个');
    await applicant.screenshot({ path: path.join(OUT, 'applicant-correction-sent.png'), fullPage: true });

    await handler.goto(caseUrl);
    await expect(handler.locator('.status').textContent()).resolves.toBe('办理中');
    // 20 working days from the day after 11-05: 11-06 … 12-03 (第三十条, 第三十三条).
    await expect(handler.locator('dl.facts').nth(1).textContent()).resolves.toContain('2026-12-03');
    await expect(handler.locator('ol.timeline').textContent()).resolves.toContain('申请人在线提交，附件1个');
    await expect(handler.locator('a', { hasText: '合同编号截图.png' }).count()).resolves.toBe(1);
    await expect(handler.locator('details.explain').textContent()).resolves.toContain('2026-11-05 收到补正后的申请');
    await handler.screenshot({ path: path.join(OUT, 'staff-sees-correction.png'), fullPage: true });

    // A consultation of a third party (第三十二条): the applicant learns that it runs and that its time
    // does not count (第三十三条第三款), never who is consulted; the 征求意见书 itself is not the applicant's.
    process.env.GONGKAI_TODAY = '2026-11-06';
    await doStep(handler, 'consultation_send', async (f) => {
      await f.locator('select[name="party"]').selectOption('third_party');
      await f.locator('input[name="consultee"]').fill('通化某物业管理有限公司');
      await f.locator('input[name="reason"]').fill('合同附件载有该公司的报价');
    });
    await applicant.goto(`${e2e.server.url}/my/applications/${id}`);
    const mine = (await applicant.locator('main').textContent())!;
    expect(mine).toContain('征求第三方意见（第三十二条，该期间不计入答复期限）');
    expect(mine).not.toContain('通化某物业管理有限公司');
    expect(mine).not.toContain('征求意见书（第三方）');
    await expect(applicant.locator('table.letters-served').textContent()).resolves.toContain('征求意见告知书（申请人）');
    await applicant.screenshot({ path: path.join(OUT, 'applicant-consultation.png'), fullPage: true });
    for (const p of [applicant, registrar, handler]) await p.context().close();
  });
});
