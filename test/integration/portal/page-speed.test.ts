/**
 * What made the public pages fast (issue 9 follow-up) still gives the same pages:
 * - the agency directory in memory (src/app/agencies.ts agencyDirectory): one read per
 *   AGENCY_DIRECTORY_TTL_MS, cleared by createAgency, a code it does not know looked up in the database;
 * - no CSRF token (and no cookie) for an anonymous page without forms (src/server/pages/render.ts);
 * - the document page in one query (findDocumentPage), a catalogue page's list and total in one.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, attachments, documents, documentVersions } from '../../../src/db/schema.ts';
import { AGENCY_DIRECTORY_TTL_MS, agencyDirectory, createAgency, directoryAgency, forgetAgencyDirectory } from '../../../src/app/agencies.ts';
import { SYSTEM } from '../../../src/app/policies.ts';
import { findDocumentPage, listDocuments } from '../../../src/app/portal/documents.ts';
import { invalidatePortalPages } from '../../../src/server/pages/page-cache.ts';
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

describe('the agency directory', () => {
  it('reads the agencies once and answers from memory until the TTL runs out', async () => {
    const db = server.database.db;
    forgetAgencyDirectory(db);
    const t = Date.now();
    const first = await agencyDirectory(db, t);
    expect(await agencyDirectory(db, t + AGENCY_DIRECTORY_TTL_MS - 1)).toBe(first);
    const later = await agencyDirectory(db, t + AGENCY_DIRECTORY_TTL_MS);
    expect(later).not.toBe(first);
    expect(later.all.map((a) => a.code)).toEqual(first.all.map((a) => a.code));
    expect(first.byCode.get('220500-zsj')?.name).toBe('通化市政务服务和数字化建设管理局');
    const zsj = first.byCode.get('220500-zsj')!;
    expect(first.pathOf(zsj.id)).toEqual([first.byCode.get('220500')!.id, zsj.id]);
    expect(first.memo('x', () => ({ n: 1 }))).toBe(first.memo('x', () => ({ n: 2 })));
  });

  it('createAgency clears it: the home page and the agency page show the new agency at once', async () => {
    const client = server.client();
    const before = await client.get('/');
    expect(before.text).not.toContain('通化市测试局');
    await createAgency(server.database.db, { code: '220500-csj', name: '通化市测试局', parentCode: '220500' }, SYSTEM);
    const after = await client.get('/');
    expect(after.text).toContain('<a href="/agencies/220500-csj">通化市测试局</a>');
    expect((await client.get('/agencies/220500-csj')).status).toBe(200);
  });

  it('finds an agency written by another path (raw insert) by its code before the TTL runs out', async () => {
    const db = server.database.db;
    await agencyDirectory(db);
    await db.insert(agencies).values({ code: '220500-qtj', name: '通化市其他局' });
    expect((await directoryAgency(db, '220500-qtj')).name).toBe('通化市其他局');
    expect((await agencyDirectory(db)).byCode.has('220500-qtj')).toBe(true);
    expect((await server.client().get('/agencies/220500-qtj/catalog')).status).toBe(200);
    await expect(directoryAgency(db, 'no-such-agency')).rejects.toThrow('找不到代码为“no-such-agency”的机关');
    expect((await server.client().get('/agencies/no-such-agency/catalog')).status).toBe(404);
  });
});

describe('CSRF tokens only where a form needs one', () => {
  it('an anonymous portal page sets no cookie; the login form still gets its token', async () => {
    const id = await documentId('通政发〔2023〕8号');
    for (const path of ['/', `/documents/${id}`, '/agencies/220500/catalog', '/agencies/220500/catalog/regulations', '/search?q=供热']) {
      const res = await server.client().get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
    const login = await server.client().get('/login');
    expect(login.headers.getSetCookie().join(';')).toMatch(/_csrf=/);
    expect(login.text).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('a signed-in user still gets the 退出 form with a working token on a portal page', async () => {
    const client = server.client();
    await client.login('admin@city.demo');
    const page = await client.get('/agencies/220500/catalog');
    const token = /action="\/logout"[^]*?name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(token).toBeTruthy();
    const out = await client.request('POST', '/logout', { form: { _csrf: token! }, csrf: false });
    expect(out.status).toBe(303);
  });
});

describe('the document page in one query', () => {
  it('gives the row without its search vector, its attachments in order and its public versions', async () => {
    const db = server.database.db;
    const id = await documentId('通政发〔2023〕8号');
    const none = await findDocumentPage(db, id);
    expect(none?.files).toEqual([]);
    expect(none?.publicVersions).toBe(1); // version 1 was the draft
    expect(none?.doc).not.toHaveProperty('searchVector');
    expect(none?.doc.docNumber).toBe('通政发〔2023〕8号');
    const bytes = Buffer.from('附件内容');
    for (const filename of ['b.pdf', 'a.pdf']) {
      await db.insert(attachments).values({ ownerKind: 'document', ownerId: id, filename, contentType: 'application/pdf', size: 4096, sha256: 'x', bytes });
    }
    const page = await findDocumentPage(db, id);
    expect(page?.files.map((f) => [f.filename, f.size])).toEqual([['b.pdf', 4096], ['a.pdf', 4096]]);
    // Raw rows are a write outside HTTP: an earlier test may have left this page in the cache.
    invalidatePortalPages(db);
    const html = (await server.client().get(`/documents/${id}`)).text;
    expect(html).toContain(`<a href="/documents/${id}/attachments/${page!.files[0].id}">b.pdf</a>（4 KB）`);
    expect(html).not.toContain('历史版本（');
    // A second public version (an edit after publication) brings the history link; a draft one does not count.
    await db.insert(documentVersions).values([
      { documentId: id, version: 3, title: page!.doc.title, body: page!.doc.body, action: 'edit', status: 'published' },
      { documentId: id, version: 4, title: page!.doc.title, body: page!.doc.body, action: 'withdraw', status: 'withdrawn' },
    ]);
    expect((await findDocumentPage(db, id))?.publicVersions).toBe(2);
    // A write outside HTTP (raw rows): the cached page shows it after invalidatePortalPages (or the TTL).
    invalidatePortalPages(db);
    expect((await server.client().get(`/documents/${id}`)).text).toContain(`<a href="/documents/${id}/versions">历史版本（2）</a>`);
    expect(await findDocumentPage(db, 2 ** 31)).toBeUndefined();
    expect(await findDocumentPage(db, 987654)).toBeUndefined();
  });

  it("a catalogue list's total is the same from the window as from a count, also past the last page", async () => {
    const db = server.database.db;
    const zs = (await agencyDirectory(db)).byCode.get('220500')!;
    const all = await listDocuments(db, { agencyId: zs.id, limit: 1000 });
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(2);
    const page2 = await listDocuments(db, { agencyId: zs.id, limit: 2, offset: 2 });
    expect(page2.total).toBe(all.total);
    expect(page2.items.map((d) => d.id)).toEqual(all.items.slice(2, 4).map((d) => d.id));
    const past = await listDocuments(db, { agencyId: zs.id, limit: 2, offset: all.total + 10 });
    expect(past).toEqual({ total: all.total, items: [] });
    expect(await listDocuments(db, { agencyId: zs.id, category: 'no-such-category' })).toEqual({ total: 0, items: [] });
    const everywhere = await listDocuments(db, { limit: 1 });
    expect(everywhere.total).toBeGreaterThanOrEqual(all.total);
  });
});
