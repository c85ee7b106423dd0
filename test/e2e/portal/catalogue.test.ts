/**
 * The catalogue's sub-categories and a document's attachments in Debian's Chromium: the agency's
 * administrator adds 「工作动态」 under 其他 in the console; the publisher files a document under it
 * and uploads its PDF attachment (a hostile file is refused with a Chinese 4xx page), publishes it;
 * anyone sees the tree on the public 公开目录 (category → sub-category → document), filters by the
 * sub-category, and downloads the attachment with its Chinese name; the publisher removes it and it
 * is gone from the page and the download. Screenshots in test-output/catalogue-*.png.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { TEST_OUTPUT as OUT, useBrowserAndServer } from '../../support/browser.ts';
import { redactionFixture } from '../../support/redaction-fixture.ts';

const e2e = useBrowserAndServer();

const signIn = (email: string) => e2e.signIn(email, { viewport: { width: 1200, height: 900 }, acceptDownloads: true });

describe('catalogue sub-categories and attachments in a real browser', () => {
  it('administrator adds a sub-category; publisher files, uploads, publishes; the public sees the tree and downloads; removal', async () => {
    const url = e2e.server.url;
    const admin = await signIn('admin@zsj.demo');
    await admin.goto(`${url}/console`);
    await admin.click('text=公开目录子类');
    await admin.waitForURL('**/console/220500-zsj/catalogue');
    await admin.fill('#f-name', '工作动态');
    await admin.selectOption('#f-parentCategory', 'other');
    await admin.click('button:has-text("新增")');
    await admin.waitForURL('**/catalogue?done=1');
    expect(await admin.locator('.subcategory-table tbody tr').count()).toBe(1);
    await admin.fill('#f-name', '工作动态');
    await admin.click('button:has-text("新增")');
    expect(await admin.locator('.error-summary').textContent()).toContain('本机关的公开目录中已有名为“工作动态”的子类');
    await admin.screenshot({ path: path.join(OUT, 'catalogue-subcategories-console.png'), fullPage: true });

    const pub = await signIn('publisher@zsj.demo');
    await pub.goto(`${url}/console/220500-zsj/documents/new`);
    await pub.fill('#f-title', '数据局召开2024年数字政府建设推进会');
    await pub.selectOption('#f-subcategoryId', { label: '其他 › 工作动态' });
    await pub.fill('#f-writtenDate', '2024-05-06');
    await pub.fill('#f-body', '5月6日，市政务服务和数字化建设管理局召开推进会。');
    await pub.click('button:has-text("保存草稿")');
    await pub.waitForURL(/\/console\/documents\/\d+\/edit\?saved=1/);
    const editUrl = pub.url().split('?')[0];
    const docId = editUrl.split('/').at(-2);

    // A hostile file: HTML named .pdf → a Chinese 415 page, nothing stored.
    await pub.setInputFiles('#f-file', { name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    const refused = pub.waitForResponse((r) => r.url().endsWith(`/console/documents/${docId}/attachments`));
    await pub.click('button:has-text("上传")');
    expect((await refused).status()).toBe(415);
    expect(await pub.locator('.error-summary').textContent()).toContain('附件「会议纪要.pdf」的内容不是允许的文件类型');
    await pub.screenshot({ path: path.join(OUT, 'catalogue-attachment-refused.png'), fullPage: true });

    const pdf = Buffer.from(await redactionFixture());
    await pub.goto(editUrl);
    await pub.setInputFiles('#f-file', { name: '会议材料（附件1）.pdf', mimeType: 'application/pdf', buffer: pdf });
    await pub.click('button:has-text("上传")');
    await pub.waitForURL(/saved=1/);
    expect(await pub.locator('.attachment-list li').count()).toBe(1);
    expect(await pub.locator('.attachment-list').textContent()).toContain('会议材料（附件1）.pdf');
    await pub.fill('#f-publishedDate', '2024-05-07');
    await pub.click('button:has-text("发布")');
    await pub.waitForURL(/saved=1/);
    await pub.screenshot({ path: path.join(OUT, 'catalogue-attachments-console.png'), fullPage: true });

    // The public: the tree, the filter, the document, the download.
    const visitor = await (await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 900 }, acceptDownloads: true })).newPage();
    await visitor.goto(`${url}/agencies/220500-zsj/catalog`);
    const sub = visitor.locator('.catalogue-tree .subcategories a:has-text("工作动态")');
    expect(await visitor.locator('.catalogue-tree .subcategories').textContent()).toContain('工作动态 （1）');
    await visitor.screenshot({ path: path.join(OUT, 'catalogue-tree.png'), fullPage: true });
    await sub.click();
    await visitor.waitForURL(/\/catalog\/other\?sub=\d+$/);
    expect(await visitor.locator('h1').textContent()).toBe('其他 · 工作动态');
    expect(await visitor.locator('.doc-list li').count()).toBe(1);
    expect(await visitor.locator('.subcategory-tabs a[aria-current="page"]').textContent()).toBe('工作动态（1）');
    await visitor.screenshot({ path: path.join(OUT, 'catalogue-subcategory-list.png'), fullPage: true });
    await visitor.click('.doc-list a:has-text("推进会")');
    await visitor.waitForURL(/\/documents\/\d+$/);
    expect(await visitor.locator('.breadcrumbs').textContent()).toContain('工作动态');
    expect(await visitor.locator('.facts').textContent()).toContain('其他 · 工作动态');
    await visitor.screenshot({ path: path.join(OUT, 'catalogue-document-attachment.png'), fullPage: true });
    const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.click('a:has-text("会议材料（附件1）.pdf")')]);
    expect(download.suggestedFilename()).toBe('会议材料（附件1）.pdf');
    const res = await fetch(`${url}/documents/${docId}/attachments/${(await visitor.locator('section[aria-labelledby="att-h"] a').getAttribute('href'))!.split('/').at(-1)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"; filename\*=UTF-8''%E4%BC%9A%E8%AE%AE/);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    const href = (await visitor.locator('section[aria-labelledby="att-h"] a').getAttribute('href'))!;

    // Removed after publication: gone from the page and the download.
    await pub.goto(editUrl);
    await pub.click('button:has-text("删除附件")');
    await pub.waitForURL(/saved=1/);
    expect(await pub.locator('.attachment-list').count()).toBe(0);
    await visitor.goto(`${url}/documents/${docId}`);
    expect(await visitor.locator('section[aria-labelledby="att-h"]').count()).toBe(0);
    expect((await fetch(url + href)).status).toBe(404);
  }, 240_000);
});
