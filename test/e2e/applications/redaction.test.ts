/**
 * 区分处理 (第三十七条) in Debian's Chromium: the handler uploads a document to a case, sees its pages
 * (pdf.js), confirms personal numbers the scan proposes, draws a box over a picture and selects a
 * name, each with its basis; proposes 部分公开 with the withheld parts built from the marks; the
 * reviewer approves; the applicant's copy has none of the removed content and the letter lists each
 * removal with its article. Screenshots go to test-output/redaction-*.png.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_OUTPUT as OUT, useBrowserAndServer } from '../../support/browser.ts';
import { findEverywhere, pdfJsView } from '../../support/pdf-forensics.ts';
import { IMAGE_BOX, SECRETS, redactionFixture } from '../../support/redaction-fixture.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

const e2e = useBrowserAndServer();

const signIn = (email: string) => e2e.signIn(email, { viewport: { width: 1360, height: 1000 } });

async function noError(page: Page) {
  if (await page.locator('.error-summary').count()) throw new Error(String(await page.locator('.error-summary').textContent()));
}

describe('区分处理 in a real browser', () => {
  it('marks, proposes, approves; the applicant gets the redacted copy and the letter lists the removals', async () => {
    const registrar = await signIn('registrar@zsj.demo');
    await registrar.goto(`${e2e.server.url}/console/220500-zsj/applications/new`);
    await registrar.selectOption('#f-channel', 'mail_signed');
    await registrar.fill('#f-submittedDate', '2026-11-20');
    await registrar.fill('#f-applicantName', '李某');
    await registrar.fill('#f-applicantPhone', '13900003333');
    await registrar.fill('#f-applicantAddress', '吉林省通化市东昌区某路5号');
    await registrar.fill('#f-subject', '2026年政府信息公开申请材料样本');
    await registrar.click('button:has-text("登记")');
    await registrar.waitForURL(/\/console\/applications\/\d+\?registered=1/);
    const caseUrl = registrar.url().split('?')[0];
    const caseId = caseUrl.split('/').at(-1);

    const handler = await signIn('handler@zsj.demo');
    await handler.goto(caseUrl);
    await handler.locator('form[data-step="assign"] button[type="submit"]').click();
    await handler.waitForLoadState('load');
    await handler.click('text=区分处理（部分公开，第三十七条）');
    await handler.setInputFiles('#r-file', { name: '申请材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await redactionFixture()) });
    await handler.click('button:has-text("上传")');
    await handler.waitForURL(/\/redaction\/\d+$/);
    const documentId = handler.url().split('/').at(-1);
    await handler.waitForSelector('#editor[data-ready="true"]', { timeout: 60_000 });
    expect(await handler.locator('.pdf-page').count()).toBe(2);
    expect(await handler.locator('.pdf-page[data-page="1"] .textLayer').textContent()).toContain('申请公开本机关2023年度的财政预算执行情况');

    // The scan proposes; a person confirms each hit: the ID number (in the paragraph and in the invisible OCR line) and the card.
    await handler.click('#scan');
    await handler.waitForSelector('#hits li');
    const hits = handler.locator('#hits li');
    expect(await hits.count()).toBe(9);
    for (const secret of [SECRETS.id, SECRETS.card]) {
      const chosen = hits.filter({ hasText: secret });
      for (let i = 0; i < (await chosen.count()); i++) await chosen.nth(i).locator('input').check();
    }
    await handler.screenshot({ path: path.join(OUT, 'redaction-scan.png'), fullPage: true });
    await handler.click('#confirm-hits');
    await handler.waitForFunction(() => document.querySelectorAll('.mark.saved').length === 3);

    // A box over the picture's left half, on 第十五条（商业秘密）.
    const page1 = await handler.locator('.pdf-page[data-page="1"]').boundingBox();
    const s = Number(await handler.locator('#editor').getAttribute('data-scale'));
    await handler.mouse.move(page1!.x + IMAGE_BOX[0] * s, page1!.y + IMAGE_BOX[1] * s);
    await handler.mouse.down();
    await handler.mouse.move(page1!.x + IMAGE_BOX[2] * s, page1!.y + IMAGE_BOX[3] * s, { steps: 5 });
    await handler.mouse.up();
    await handler.selectOption('#m-basis', 'trade_secret');
    await handler.fill('#m-what', '企业报价图');
    await handler.fill('#m-reason', '含企业报价，公开会损害其竞争地位');
    await expect(handler.locator('#pending').textContent()).resolves.toBe('待保存：1处');
    await handler.click('#save');
    await handler.waitForFunction(() => document.querySelectorAll('.mark.saved').length === 4);

    // Select the name in the text layer, on 第十五条（个人隐私）.
    await handler.check('input[name="mode"][value="text"]');
    await handler.evaluate((name) => {
      const span = Array.from(document.querySelectorAll('.pdf-page[data-page="1"] .textLayer span')).find((el) => el.textContent?.includes(name))!;
      const node = span.firstChild as Text;
      const at = node.data.indexOf(name);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + name.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      document.dispatchEvent(new MouseEvent('mouseup'));
    }, SECRETS.name);
    await handler.selectOption('#m-basis', 'privacy');
    await handler.fill('#m-what', '申请人姓名');
    await handler.fill('#m-reason', '');
    await handler.click('#save');
    await handler.waitForFunction(() => document.querySelectorAll('.mark.saved').length === 5);
    await expect(handler.locator('#status').textContent()).resolves.toBe('已保存1处标注');
    await handler.screenshot({ path: path.join(OUT, 'redaction-editor.png'), fullPage: true });

    // The overview lists the marks and the withheld parts; the handler proposes 部分公开.
    await handler.click('text=完成，返回');
    await handler.waitForLoadState('load');
    expect(await handler.locator('table.marks tbody tr').count()).toBe(5);
    const parts = await handler.locator('ol.withheld').textContent();
    expect(parts).toContain('第1页中的申请人姓名、公民身份号码（2处）、银行账号：涉及个人隐私，公开会对第三方合法权益造成损害');
    expect(parts).toContain('第1页中的企业报价图：含企业报价，公开会损害其竞争地位');
    await handler.fill('#r-given', '申请材料中的其他内容');
    await handler.click('button:has-text("提交审核人审批")');
    await handler.waitForLoadState('load');
    await noError(handler);
    await handler.screenshot({ path: path.join(OUT, 'redaction-overview.png'), fullPage: true });

    // The reviewer approves the marks with the decision.
    const reviewer = await signIn('reviewer@zsj.demo');
    await reviewer.goto(`${caseUrl}/redaction`);
    await reviewer.click('button:has-text("批准答复和区分处理")');
    await reviewer.waitForURL(new RegExp(`/console/applications/${caseId}\\?done=`));
    await noError(reviewer);
    await expect(reviewer.locator('.status').textContent()).resolves.toBe('已答复');
    await reviewer.screenshot({ path: path.join(OUT, 'redaction-case-approved.png'), fullPage: true });

    // The letter lists each removal with its article.
    const link = reviewer.locator('ul.letters li', { hasText: '部分公开告知书' }).locator('a', { hasText: '查看' });
    const [popup] = await Promise.all([reviewer.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState('load');
    const letter = String(await popup.locator('article').textContent());
    expect(letter).toContain('第1页中的申请人姓名、公民身份号码（2处）、银行账号：涉及个人隐私，公开会对第三方合法权益造成损害，依照《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。');
    expect(letter).toContain('第1页中的企业报价图：含企业报价，公开会损害其竞争地位，依照《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。');
    await popup.screenshot({ path: path.join(OUT, 'redaction-letter.png'), fullPage: true });
    await popup.close();

    // The disclosed copy: none of the confirmed content by any extraction, the rest kept.
    const fileLink = reviewer.locator('a', { hasText: '申请材料（区分处理）.pdf' });
    const href = String(await fileLink.getAttribute('href'));
    const res = await reviewer.context().request.get(`${e2e.server.url}${href}`);
    expect(res.status()).toBe(200);
    const pdf = new Uint8Array(await res.body());
    for (const secret of [SECRETS.id, SECRETS.card, SECRETS.name]) expect(await findEverywhere(pdf, secret), secret).toEqual([]);
    const text = (await pdfJsView(pdf)).pages[0];
    expect(text).toContain('申请人，公民身份号码，联系电话13812345678，开户银行卡号。申请公开本机关2023年度的财政预算执行情况。');

    // The original stays with the staff: after approval it can no longer be marked, and no applicant reads it.
    await handler.goto(`${caseUrl}/redaction`);
    await expect(handler.locator('a', { hasText: '在页面上标注' }).count()).resolves.toBe(0);
    const applicant = await signIn('zhangsan@applicant.demo');
    const source = await applicant.context().request.get(`${e2e.server.url}/api/redaction/documents/${documentId}/source`);
    expect([403, 404]).toContain(source.status());
    expect((await handler.context().request.get(`${e2e.server.url}/api/redaction/documents/${documentId}/source`)).status()).toBe(200);
    for (const p of [registrar, handler, reviewer, applicant]) await p.context().close();
  });
});
