/**
 * The rendered-page cache of the anonymous portal (src/server/pages/page-cache.ts, issue 9) over
 * HTTP on a real database: a copy for anonymous visitors only, identical to a fresh render (headers
 * included), keyed by canonical URL and 大字版, emptied by every write through the API or the console,
 * with the 点击数 live on a cached document page across counter flushes; never a preview; bounded by
 * its TTL for writes it cannot see.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '../../../src/db/schema.ts';
import { invalidatePortalPages } from '../../../src/server/pages/page-cache.ts';
import { viewCounterFor, ViewCounter } from '../../../src/app/portal/views.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function documentId(docNumber: string): Promise<number> {
  const [row] = await server.database.db.select({ id: documents.id }).from(documents).where(eq(documents.docNumber, docNumber));
  return row.id;
}

async function storedViews(id: number): Promise<number> {
  const [row] = await server.database.db.select({ n: documents.viewCount }).from(documents).where(eq(documents.id, id));
  return row.n;
}

/** An anonymous GET as a given browser (user agent), with optional cookies. */
async function visit(path: string, o: { agent?: string; cookie?: string } = {}) {
  const res = await fetch(server.url + path, { headers: { 'user-agent': o.agent ?? 'test-browser', ...(o.cookie ? { cookie: o.cookie } : {}) }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const shownViews = (text: string) => Number(/<span class="view-count">(\d+)<\/span>/.exec(text)?.[1]);

/** Every header but those that differ between any two answers (date) or name the cache's own verdict. */
function comparableHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    if (k !== 'date' && k !== 'x-cache') out[k] = v;
  });
  return out;
}

describe('anonymous portal pages come from the cache', () => {
  it('a second request is a hit, with the same body and the same headers (helmet, content type, cache-control)', async () => {
    invalidatePortalPages(server.database.db);
    const pages = ['/', '/agencies/220500-zsj', '/agencies/220500-zsj/guide', '/agencies/220500/catalog', '/agencies/220500/catalog/regulations', '/agencies/220500-zsj/reports'];
    for (const path of pages) {
      const first = await visit(path);
      const second = await visit(path);
      expect(first.status, path).toBe(200);
      expect([first.headers.get('x-cache'), second.headers.get('x-cache')], path).toEqual(['miss', 'hit']);
      expect(second.text, path).toBe(first.text);
      expect(comparableHeaders(second.headers), path).toEqual(comparableHeaders(first.headers));
      expect(second.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(second.headers.get('cache-control')).toBe('no-store');
      expect(second.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(second.headers.getSetCookie()).toEqual([]);
    }
  });

  it('a hit is the page a fresh render gives (the cache turned off on a second server of the same database)', async () => {
    const uncached = await startTestServer({ database: server.database, pageCache: { ttlMs: 0 } });
    try {
      for (const path of ['/', '/agencies/220500/catalog/regulations', '/agencies/220500-zsj/guide']) {
        await visit(path);
        const hit = await visit(path);
        expect(hit.headers.get('x-cache')).toBe('hit');
        const res = await fetch(uncached.url + path, { headers: { 'user-agent': 'test-browser' } });
        expect(res.headers.get('x-cache'), path).toBe('bypass');
        expect(await res.text(), path).toBe(hit.text);
      }
    } finally {
      await uncached.close();
    }
  });

  it('the key is the canonical URL: parameters the page does not use and page=1 hit, another page misses', async () => {
    const base = '/agencies/220500/catalog/regulations';
    invalidatePortalPages(server.database.db);
    const first = await visit(base);
    expect(first.headers.get('x-cache')).toBe('miss');
    for (const same of [`${base}?page=1`, `${base}?utm_source=x`, `${base}?page=abc`]) {
      const r = await visit(same);
      expect(r.headers.get('x-cache'), same).toBe('hit');
      expect(r.text, same).toBe(first.text);
    }
    const page2 = await visit(`${base}?page=2`);
    expect(page2.status).toBe(200);
    expect(page2.headers.get('x-cache')).toBe('miss');
    expect(page2.text).not.toBe(first.text);
    expect((await visit(`${base}?page=02`)).headers.get('x-cache')).toBe('hit');
    const id = await documentId('通政发〔2023〕8号');
    await visit(`/documents/${id}`);
    expect((await visit(`/documents/0${id}`)).headers.get('x-cache')).toBe('hit');
    // the larger-text toggle links back to the canonical URL, whatever the visitor typed
    expect(first.text).toContain(`/text-size?size=large&amp;next=${encodeURIComponent(base)}"`);
  });

  it('大字版 is its own variant of a page', async () => {
    const path = '/agencies/220500-zsj/guide';
    await visit(path);
    const standard = await visit(path);
    expect(standard.headers.get('x-cache')).toBe('hit');
    const large = await visit(path, { cookie: 'gk_text=large' });
    expect(large.headers.get('x-cache')).toBe('miss');
    expect(large.text).toContain('<html lang="zh-CN" class="large-text">');
    expect(standard.text).not.toContain('class="large-text"');
    const again = await visit(path, { cookie: 'gk_text=large' });
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.text).toBe(large.text);
  });

  it('an error page is never kept', async () => {
    expect((await visit('/agencies/220500/catalog/no-such')).status).toBe(404);
    const again = await visit('/agencies/220500/catalog/no-such');
    expect(again.status).toBe(404);
    expect(again.headers.get('x-cache')).toBeNull();
    expect((await visit('/documents/987654')).status).toBe(404);
  });
});

describe('a signed-in user is never served a cached page', () => {
  it('sees his own name and 退出 form on a page anonymous visitors get from the cache; they never see it', async () => {
    const path = '/agencies/220500-zsj/catalog';
    await visit(path);
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
    const staff = server.client();
    await staff.login('publisher@zsj.demo');
    const mine = await staff.get(path);
    expect(mine.headers.get('x-cache')).toBe('bypass');
    expect(mine.text).toContain('孙专员');
    expect(mine.text).toMatch(/action="\/logout"[^]*?name="_csrf" value="[^"]+"/);
    const anon = await visit(path);
    expect(anon.text).not.toContain('孙专员');
    expect(anon.text).not.toContain('_csrf');
    expect(anon.text).toContain('<a href="/login">登录</a>');
  });
});

describe('writes no public page shows keep the cache', () => {
  it('signing in and out, an applicant’s submission: the next anonymous visit is still a hit; an agency edit empties it', async () => {
    const path = '/agencies/220500-zsj';
    invalidatePortalPages(server.database.db);
    await visit(path);
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
    const applicant = server.client();
    await applicant.login('zhangsan@applicant.demo');
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
    const submitted = await applicant.post('/api/applications', {
      agencyCode: '220500-zsj',
      subject: '缓存测试：某项目的批复文件',
      description: '2024年的批复',
      provisionForm: '电子数据',
      deliveryMethod: '在线下载',
    });
    expect(submitted.status).toBe(201);
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
    expect((await applicant.post('/api/session/logout', {})).status).toBe(200);
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
    // …while a staff write that may change a public page empties it (next describe), and so does
    // any route not marked keepsPublicPages.
    const admin = server.client();
    await admin.login('admin@city.demo');
    expect((await admin.patch('/api/agencies/220500-zsj', { name: '通化市政务服务和数字化建设管理局', officeHours: '工作日 9:00—17:00' })).status).toBe(200);
    expect((await visit(path)).headers.get('x-cache')).toBe('miss');
  });
});

describe('writes show on the next request', () => {
  it('edit, publish and withdraw through the API and the console change the pages at once', async () => {
    const publisher = server.client();
    await publisher.login('publisher@zsj.demo');
    const catalog = '/agencies/220500-zsj/catalog/other';
    const home = '/agencies/220500-zsj';
    await visit(catalog);
    await visit(home);
    expect((await visit(catalog)).headers.get('x-cache')).toBe('hit');

    const created = await publisher.post('/api/agencies/220500-zsj/documents', { title: '关于缓存测试的通知', category: 'other', writtenDate: '2024-05-06', body: '第一稿。' });
    expect(created.status).toBe(201);
    const id = created.json().id as number;
    // a draft: not public, and a preview for its staff is never kept
    expect((await visit(`/documents/${id}`)).status).toBe(404);
    const preview = await publisher.get(`/documents/${id}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('预览：本文件');
    expect(preview.headers.get('x-cache')).toBe('bypass');
    expect((await visit(`/documents/${id}`)).status).toBe(404);

    // publish through the console's form (a 303 answer)
    const published = await publisher.postForm(`/console/documents/${id}/publish`, { publishedDate: '2024-05-08' });
    expect(published.status).toBe(303);
    const page = await visit(`/documents/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-cache')).toBe('miss');
    expect(page.text).toContain('<h1>关于缓存测试的通知</h1>');
    expect(page.text).not.toContain('预览');
    expect((await visit(catalog)).text).toContain('关于缓存测试的通知');
    expect((await visit(home)).text).toContain('关于缓存测试的通知');
    expect((await visit(`/documents/${id}`, { agent: 'other-browser' })).headers.get('x-cache')).toBe('hit');

    // edit through the API
    const edited = await publisher.patch(`/api/documents/${id}`, { title: '关于缓存测试的通知（修订）', category: 'other', writtenDate: '2024-05-06', body: '第二稿。' });
    expect(edited.status).toBe(200);
    const after = await visit(`/documents/${id}`);
    expect(after.text).toContain('<h1>关于缓存测试的通知（修订）</h1>');
    expect(after.text).toContain('第二稿。');
    expect((await visit(catalog)).text).toContain('关于缓存测试的通知（修订）');
    const versions = await visit(`/documents/${id}/versions`);
    expect(versions.status).toBe(200);
    expect((await visit(`/documents/${id}/versions`)).headers.get('x-cache')).toBe('hit');

    // withdraw: the page is gone at once
    const withdrawn = await publisher.post(`/api/documents/${id}/withdraw`, { reason: '测试结束' });
    expect(withdrawn.status).toBe(200);
    expect((await visit(`/documents/${id}`)).status).toBe(404);
    expect((await visit(`/documents/${id}/versions`)).status).toBe(404);
    expect((await visit(catalog)).text).not.toContain('关于缓存测试的通知');
  });

  it('a refused write (4xx) keeps the cache; the public auditor (changes nothing) too', async () => {
    const path = '/agencies/220500-zsj/guide';
    await visit(path);
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
    const anon = server.client();
    expect((await anon.post('/api/agencies/220500-zsj/documents', { title: '匿名' })).status).toBe(401);
    const invalidations = server.app.pageCache.stats.invalidations;
    expect((await anon.post('/api/agencies/220500-zsj/documents', { title: '匿名' })).status).toBe(401);
    expect(server.app.pageCache.stats.invalidations).toBe(invalidations);
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
  });

  it("an agency's 工作机构 edited in the administration pages shows in its guide at once", async () => {
    const path = '/agencies/220500-zsj/guide';
    await visit(path);
    expect((await visit(path)).headers.get('x-cache')).toBe('hit');
    const admin = server.client();
    await admin.login('admin@city.demo');
    const res = await admin.patch('/api/agencies/220500-zsj', { name: '通化市政务服务和数字化建设管理局', officePhone: '0435-1234567' });
    expect(res.status).toBe(200);
    const after = await visit(path);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(after.text).toContain('0435-1234567');
  });
});

describe('点击数 stays live on a cached document page', () => {
  it('goes up by one per new visitor on hits, not on a reload, and stays right across a flush', async () => {
    const db = server.database.db;
    const id = await documentId('通政发〔2023〕8号');
    const counter = viewCounterFor(db);
    await counter.flush();
    invalidatePortalPages(db);
    const stored = await storedViews(id);
    const first = await visit(`/documents/${id}`, { agent: 'v-1' });
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(shownViews(first.text)).toBe(stored + 1);
    const second = await visit(`/documents/${id}`, { agent: 'v-2' });
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(shownViews(second.text)).toBe(stored + 2);
    expect(second.text.replace(/view-count">\d+/, '')).toBe(first.text.replace(/view-count">\d+/, ''));
    expect(shownViews((await visit(`/documents/${id}`, { agent: 'v-1' })).text)).toBe(stored + 2); // a reload
    await counter.flush();
    expect(await storedViews(id)).toBe(stored + 2);
    const third = await visit(`/documents/${id}`, { agent: 'v-3' });
    expect(third.headers.get('x-cache')).toBe('hit');
    expect(shownViews(third.text)).toBe(stored + 3);
    // a fresh render after the flush shows the same count
    invalidatePortalPages(db);
    const fresh = await visit(`/documents/${id}`, { agent: 'v-3' });
    expect(fresh.headers.get('x-cache')).toBe('miss');
    expect(shownViews(fresh.text)).toBe(stored + 3);
    for (let i = 4; i <= 8; i++) expect(shownViews((await visit(`/documents/${id}`, { agent: `v-${i}` })).text)).toBe(stored + i);
    expect((await (await fetch(`${server.url}/api/documents/${id}`)).json()).viewCount).toBe(stored + 8);
    await counter.flush();
    expect(await storedViews(id)).toBe(stored + 8);
  });

  it('a page rendered while a flush is being written counts the batch once', async () => {
    const db = server.database.db;
    const id = await documentId('通政发〔2023〕8号');
    const stored = await storedViews(id);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'execute') return async (...args: unknown[]) => (await gate, (target.execute as (...a: unknown[]) => unknown)(...args));
        return Reflect.get(target, prop, receiver);
      },
    });
    const counter = new ViewCounter(slow);
    counter.hit(id, 'a');
    counter.hit(id, 'b');
    const flushing = counter.flush();
    await new Promise((r) => setTimeout(r, 10));
    expect(await storedViews(id)).toBe(stored); // not written yet
    expect(counter.pending(id)).toBe(2); // still shown
    release();
    await flushing;
    expect(await storedViews(id)).toBe(stored + 2);
    expect(counter.pending(id)).toBe(0);
  });
});

describe('the TTL bounds what the cache cannot see', () => {
  it('a write by another process (a raw row) shows once the TTL has run out; TTL 0 serves every page fresh', async () => {
    // The cache's own clock, moved by hand: the test does not depend on how fast the machine is.
    let clock = 0;
    const short = await startTestServer({ database: server.database, pageCache: { ttlMs: 300, now: () => clock } });
    try {
      const db = server.database.db;
      const id = await documentId('通政发〔2023〕8号');
      const [{ title }] = await db.select({ title: documents.title }).from(documents).where(eq(documents.id, id));
      const get = async () => {
        const r = await fetch(`${short.url}/documents/${id}`, { headers: { 'user-agent': 'ttl' } });
        return { cache: r.headers.get('x-cache'), text: await r.text() };
      };
      expect((await get()).cache).toBe('miss');
      await db.update(documents).set({ title: `${title}（另一进程改）` }).where(eq(documents.id, id));
      const stale = await get();
      expect(stale.cache).toBe('hit');
      expect(stale.text).toContain(`<h1>${title}</h1>`);
      clock += 300;
      const fresh = await get();
      expect(fresh.cache).toBe('miss');
      expect(fresh.text).toContain(`<h1>${title}（另一进程改）</h1>`);
      await db.update(documents).set({ title }).where(eq(documents.id, id));
      invalidatePortalPages(db);
    } finally {
      await short.close();
    }
    const off = await startTestServer({ database: server.database, pageCache: { ttlMs: 0 } });
    try {
      for (let i = 0; i < 2; i++) expect((await fetch(`${off.url}/`)).headers.get('x-cache')).toBe('bypass');
      expect(off.app.pageCache.size).toBe(0);
    } finally {
      await off.close();
    }
  });
});
