/**
 * The portal over HTTP: public pages (column, guide, catalogue, document, history, search, feeds,
 * larger text), the JSON API (contracts.md §4 search; documents; figures) and its permissions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('public portal pages', () => {
  it('the agency page links its 政府信息公开 column: 指南, 目录, 年度报告, 依申请公开', async () => {
    const res = await server.client().get('/agencies/220500-zsj');
    expect(res.status).toBe(200);
    for (const href of ['/agencies/220500-zsj/guide', '/agencies/220500-zsj/catalog', '/agencies/220500-zsj/reports', '/apply?agency=220500-zsj']) {
      expect(res.text).toContain(`href="${href}"`);
    }
    expect(res.text).toMatch(/<meta name="description" content="[^"]*通化市政务服务和数字化建设管理局/);
  });

  it('the guide gives the 工作机构 data, 第二十条 categories, application steps and fees', async () => {
    const res = await server.client().get('/agencies/220500-zsj/guide');
    expect(res.status).toBe(200);
    expect(res.text).toContain('通化市政务服务和数字化建设管理局办公室');
    expect(res.text).toContain('工作日 8:30—11:30，13:30—17:00');
    expect(res.text).toContain('第二十条第（七）项');
    expect(res.text).toContain('href="/apply?agency=220500-zsj"');
    expect(res.text).toContain('第四十二条');
  });

  it('the catalogue lists the categories with counts and a category its documents', async () => {
    const cat = await server.client().get('/agencies/220500/catalog');
    expect(cat.text).toMatch(/法规文件<\/a> <span class="count">（5）<\/span>/);
    const regs = await server.client().get('/agencies/220500/catalog/regulations');
    expect(regs.status).toBe(200);
    expect(regs.text).toContain('通化市城市供热管理办法');
    expect(regs.text).toContain('已废止');
    expect((await server.client().get('/agencies/220500/catalog/news')).status).toBe(404);
  });

  it('a document page shows 发布日期 and 点击数 like the seed page, its index data and its history link', async () => {
    const list = await server.client().get('/api/search?q=' + encodeURIComponent('通政发〔2023〕8号'));
    const { items } = list.json();
    expect(items[0].url).toMatch(/^\/documents\/\d+$/);
    const page = await server.client().get(items[0].url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('发布日期：<time datetime="2023-05-18">2023-05-18</time>');
    expect(page.text).toMatch(/点击数：<span class="view-count">\d+<\/span>/);
    expect(page.text).toContain('<dt>文号</dt><dd>通政发〔2023〕8号</dd>');
    expect(page.text).toContain('<dt>效力状态</dt><dd>现行有效</dd>');
    const versions = await server.client().get(`${items[0].url}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.text).toContain('第 2 版');
  });

  it('drafts are not public (404) but the agency’s publisher can preview them', async () => {
    const res = await server.client().get('/api/agencies/220500-zsj/documents?status=draft');
    expect(res.status).toBe(401);
    const publisher = server.client();
    await publisher.login('publisher@zsj.demo');
    const drafts = (await publisher.get('/api/agencies/220500-zsj/documents?status=draft')).json();
    expect(drafts.items.map((d: { title: string }) => d.title)).toContain('关于调整政务服务大厦办公时间的通知');
    const url = drafts.items[0].url;
    expect((await server.client().get(url)).status).toBe(404);
    const preview = await publisher.get(url);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('预览');
  });

  it('search page highlights the query; the API answers { total, items: [{ title, url }] }', async () => {
    const page = await server.client().get('/search?q=' + encodeURIComponent('医保'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<mark>医保</mark>');
    expect(page.text).toMatch(/找到 \d+ 条结果/);
    const api = await server.client().get('/api/search?q=' + encodeURIComponent('不动产') + '&agency=220500-zsj');
    expect(api.status).toBe(200);
    const body = api.json();
    expect(body.total).toBe(2);
    expect(body.items[0]).toEqual(expect.objectContaining({ title: expect.any(String), url: expect.stringMatching(/^\/documents\/\d+$/) }));
    const bad = await server.client().get('/api/search?q=x&year=abc');
    expect(bad.status).toBe(400);
    expect(bad.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('Atom feeds of all new documents and per agency', async () => {
    const all = await server.client().get('/feed.xml');
    expect(all.headers.get('content-type')).toContain('application/atom+xml');
    expect(all.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(all.text).toContain('通化市不动产登记便民服务规定');
    const zsj = await server.client().get('/agencies/220500-zsj/feed.xml');
    expect(zsj.text).toContain('加强公共资源交易规范化管理');
    expect(zsj.text).not.toContain('通化市不动产登记便民服务规定');
    expect(zsj.text).not.toContain('关于调整政务服务大厦办公时间的通知'); // a draft
  });

  it('larger text (适老化): the toggle sets a cookie and the pages enlarge the base font', async () => {
    const c = server.client();
    const set = await c.get('/text-size?size=large&next=/agencies/220500-zsj');
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/agencies/220500-zsj');
    const page = await c.get('/agencies/220500-zsj');
    expect(page.text).toContain('<html lang="zh-CN" class="large-text">');
    expect(page.text).toContain('标准字号');
    const evil = await c.get('/text-size?size=large&next=//evil.example');
    expect(evil.headers.get('location')).toBe('/');
  });
});

describe('portal API permissions and lifecycle', () => {
  it('only the agency’s 信息公开专员 creates and publishes; every step is answered in Chinese', async () => {
    const anon = server.client();
    expect((await anon.post('/api/agencies/220500-zsj/documents', { title: '匿名' })).status).toBe(401);
    const handler = server.client();
    await handler.login('handler@zsj.demo');
    const denied = await handler.post('/api/agencies/220500-zsj/documents', { title: '承办人' });
    expect(denied.status).toBe(403);
    expect(denied.json().error.message).toMatch(/没有权限/);

    const publisher = server.client();
    await publisher.login('publisher@zsj.demo');
    const otherAgency = await publisher.post('/api/agencies/220500-czj/documents', { title: '别的机关' });
    expect(otherAgency.status).toBe(403);
    const created = await publisher.post('/api/agencies/220500-zsj/documents', { title: '关于开展政务公开日活动的通知', category: 'other', writtenDate: '2024-05-06', body: '活动安排如下。' });
    expect(created.status).toBe(201);
    const doc = created.json();
    expect(doc.status).toBe('draft');
    const published = await publisher.post(`/api/documents/${doc.id}/publish`, { publishedDate: '2024-05-08' });
    expect(published.status).toBe(200);
    expect(published.json().status).toBe('published');
    const again = await publisher.post(`/api/documents/${doc.id}/publish`, {});
    expect(again.status).toBe(409);
    expect(again.json().error.message).toContain('只有草稿或已撤回的文件可以发布');
    const repeal = await publisher.post(`/api/documents/${doc.id}/repeal`, { repealedDate: '2024-06-01' });
    expect(repeal.status).toBe(409);
    expect(repeal.json().error.message).toContain('只有规章和行政规范性文件可以废止');
    const found = (await anon.get('/api/search?q=' + encodeURIComponent('政务公开日'))).json();
    expect(found.items.map((i: { title: string }) => i.title)).toEqual(['关于开展政务公开日活动的通知']);
    const withdrawn = await publisher.post(`/api/documents/${doc.id}/withdraw`, { reason: '活动取消' });
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await anon.get(`/documents/${doc.id}`)).status).toBe(404);
    expect((await anon.get('/api/search?q=' + encodeURIComponent('政务公开日'))).json().total).toBe(0);
  });

  it('figures: the publisher enters a year with its source; others may not', async () => {
    const publisher = server.client();
    await publisher.login('publisher@zsj.demo');
    const bad = await publisher.request('PUT', '/api/agencies/220500-zsj/figures/2024', { json: { licensing: 1, penalty: 2, coercion: 0, fees_wan_yuan: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json().error.message).toContain('数据来源');
    const ok = await publisher.request('PUT', '/api/agencies/220500-zsj/figures/2024', { json: { licensing: 1, penalty: 2, coercion: 0, fees_wan_yuan: 0.5, source: '审批系统导出' } });
    expect(ok.status).toBe(200);
    expect(ok.json().figures.fees_wan_yuan).toEqual(expect.objectContaining({ value: 0.5, source: '审批系统导出' }));
    const reviewer = server.client();
    await reviewer.login('reviewer@zsj.demo');
    expect((await reviewer.request('PUT', '/api/agencies/220500-zsj/figures/2024', { json: {} })).status).toBe(403);
  });

  it('the console lists drafts with their 第二十六条 deadline and saves a new document from the form', async () => {
    const publisher = server.client();
    await publisher.login('publisher@zsj.demo');
    const list = await publisher.get('/console/220500-zsj/documents');
    expect(list.status).toBe(200);
    expect(list.text).toContain('关于调整政务服务大厦办公时间的通知');
    expect(list.text).toMatch(/第二十六条规定的公开期限|应于 \d{4}-\d{2}-\d{2} 前公开/);
    const console = await publisher.get('/console');
    expect(console.text).toContain('href="/console/220500-zsj/documents"');
    const bad = await publisher.postForm('/console/220500-zsj/documents', { title: '', body: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('请填写标题');
    const saved = await publisher.postForm('/console/220500-zsj/documents', { title: '表单新建的文件', kind: 'other', category: 'other', writtenDate: '2024-05-06', body: '第一段\n\n第二段', bodyFormat: 'text' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toMatch(/^\/console\/documents\/\d+\/edit\?saved=1$/);
    const edit = await publisher.get(saved.headers.get('location')!);
    expect(edit.text).toContain('表单新建的文件');
    expect(edit.text).toContain('&lt;p&gt;第一段&lt;/p&gt;');
  });
});
