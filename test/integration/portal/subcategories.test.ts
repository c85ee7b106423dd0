/**
 * An agency's own sub-categories of its 公开目录 on a real database: defined by its administrator only,
 * documents filed under them (their statutory category derived, never stored), moved with them, the
 * catalogue's lists, counts and search filtered by them, and the CSV import (contracts.md §3) that
 * names them — created when the importer may, refused naming the row when not, all-or-nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { agencies, auditLog, catalogueSubcategories, documents, users } from '../../../src/db/schema.ts';
import { SYSTEM, type By } from '../../../src/app/policies.ts';
import { categoryCounts, createDocument, findDocumentPage, listDocuments, publishDocument, updateDocument } from '../../../src/app/portal/documents.ts';
import { createSubcategory, deleteSubcategory, documentFiling, listSubcategories, subcategoryCounts, updateSubcategory } from '../../../src/app/portal/subcategories.ts';
import { importDocumentsCsv } from '../../../src/app/portal/import.ts';
import { searchDocuments } from '../../../src/app/portal/search.ts';

const HEADER = 'agency_code,title,doc_number,kind,issued_date,repealed_date,published_date,category,body';

describeDatabases(
  'catalogue sub-categories',
  (t) => {
    let zsj: number;
    let other: number;
    let admin: By;
    let publisher: By;
    beforeAll(async () => {
      const id = async (code: string) => (await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)))[0].id;
      zsj = await id('220500-zsj');
      other = await id('220502');
      const user = async (email: string) => (await t.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id;
      admin = { actor: { userId: await user('admin@zsj.demo'), kind: 'staff', roles: [{ role: 'administrator', agencyId: zsj }] } };
      publisher = { actor: { userId: await user('publisher@zsj.demo'), kind: 'staff', roles: [{ role: 'publisher', agencyId: zsj }] } };
    });

    it('only the agency’s administrator defines them; names are unique in the agency; Chinese 4xx', async () => {
      await expect(createSubcategory(t.db, publisher, zsj, { name: '工作动态', parentCategory: 'other' })).rejects.toMatchObject({ statusCode: 403 });
      await expect(createSubcategory(t.db, admin, other, { name: '工作动态', parentCategory: 'other' })).rejects.toMatchObject({ statusCode: 403 });
      const s = await createSubcategory(t.db, admin, zsj, { name: '工作动态', parentCategory: 'other', position: '2' });
      expect(s).toMatchObject({ agencyId: zsj, name: '工作动态', parentCategory: 'other', position: 2 });
      await createSubcategory(t.db, admin, zsj, { name: '通知公告', parentCategory: 'other', position: 1 });
      await expect(createSubcategory(t.db, admin, zsj, { name: '工作动态', parentCategory: 'plans' })).rejects.toMatchObject({ statusCode: 409, message: '本机关的公开目录中已有名为“工作动态”的子类' });
      await expect(createSubcategory(t.db, admin, zsj, { name: '', parentCategory: 'other' })).rejects.toMatchObject({ statusCode: 400, message: '请填写子类名称' });
      await expect(createSubcategory(t.db, admin, zsj, { name: '新闻', parentCategory: 'news' })).rejects.toMatchObject({ statusCode: 400, message: '请选择所属的第二十条目录类别' });
      expect((await listSubcategories(t.db, zsj)).map((x) => x.name)).toEqual(['通知公告', '工作动态']);
      const [entry] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'catalogue.subcategory_create'), eq(auditLog.entityId, String(s.id))));
      expect(entry.actorUserId).toBe(admin.actor!.userId);
    });

    it('a document filed under a sub-category takes its category from it, and moves with it', async () => {
      const [work] = (await listSubcategories(t.db, zsj)).filter((s) => s.name === '工作动态');
      // Another agency's sub-category: as if there were none.
      await expect(createDocument(t.db, other, { title: '别人的子类', subcategoryId: work.id }, SYSTEM)).rejects.toMatchObject({ statusCode: 404, message: '本机关的公开目录中没有这个子类' });
      const d = await createDocument(t.db, zsj, { title: '数据局召开数字政府建设推进会', category: 'plans', subcategoryId: String(work.id), writtenDate: '2024-05-06', body: '推进会召开。' }, publisher);
      expect(d).toMatchObject({ category: null, subcategoryId: work.id });
      await publishDocument(t.db, d.id, { publishedDate: '2024-05-07' }, publisher);
      expect(await documentFiling(t.db, d)).toEqual({ category: 'other', subcategory: { id: work.id, name: '工作动态' } });
      const page = await findDocumentPage(t.db, d.id);
      expect(page).toMatchObject({ filedCategory: 'other', subcategoryName: '工作动态' });
      const inOther = await listDocuments(t.db, { agencyId: zsj, category: 'other', limit: 100 });
      expect(inOther.items.find((i) => i.id === d.id)).toMatchObject({ category: 'other', subcategoryId: work.id });
      expect((await listDocuments(t.db, { agencyId: zsj, subcategoryId: work.id })).items.map((i) => i.id)).toEqual([d.id]);
      expect((await subcategoryCounts(t.db, zsj)).get(work.id)).toBe(1);
      const hits = await searchDocuments(t.db, { q: '推进会', agency: '220500-zsj', category: 'other' });
      expect(hits.items.map((i) => [i.id, i.category, i.subcategory])).toEqual([[d.id, 'other', '工作动态']]);
      expect((await searchDocuments(t.db, { q: '推进会', agency: '220500-zsj', sub: work.id })).total).toBe(1);
      const otherBefore = (await categoryCounts(t.db, zsj)).get('other') ?? 0;
      const budgetBefore = (await categoryCounts(t.db, zsj)).get('budget') ?? 0;

      // Moved under 财政预决算: its documents go with it (nothing to update on them).
      await updateSubcategory(t.db, admin, zsj, work.id, { name: '工作动态', parentCategory: 'budget', position: 2 });
      expect((await categoryCounts(t.db, zsj)).get('other') ?? 0).toBe(otherBefore - 1);
      expect((await categoryCounts(t.db, zsj)).get('budget')).toBe(budgetBefore + 1);
      expect((await searchDocuments(t.db, { q: '推进会', agency: '220500-zsj', category: 'budget' })).total).toBe(1);
      expect((await searchDocuments(t.db, { q: '推进会', agency: '220500-zsj', category: 'other' })).total).toBe(0);

      // Filed back directly under a category: the sub-category goes, the category is stored.
      await expect(deleteSubcategory(t.db, admin, zsj, work.id)).rejects.toMatchObject({ statusCode: 409, message: expect.stringContaining('下还有 1 件文件') });
      const back = await updateDocument(t.db, d.id, { title: d.title, category: 'plans', subcategoryId: '', writtenDate: '2024-05-06', body: '推进会召开。' }, publisher);
      expect(back).toMatchObject({ category: 'plans', subcategoryId: null });
      await deleteSubcategory(t.db, admin, zsj, work.id);
      expect((await listSubcategories(t.db, zsj)).map((x) => x.name)).toEqual(['通知公告']);
    });

    it('the database refuses a document with both a category and a sub-category, or another agency’s sub-category', async () => {
      const [notice] = await listSubcategories(t.db, zsj);
      const insert = (agencyId: number, category: string | null) =>
        t.db.execute(sql`INSERT INTO documents (agency_id, title, category, subcategory_id) VALUES (${agencyId}, '两处', ${category}, ${notice.id})`);
      await expect(insert(zsj, 'other')).rejects.toThrow();
      await expect(insert(other, null)).rejects.toThrow();
    });

    it('the import: a sub-category by name, 「类别/子类」 created when the importer may, else the file refused naming the row', async () => {
      const count = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(documents))[0].n;
      const subs = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(catalogueSubcategories))[0].n;
      const [docs0, subs0] = [await count(), await subs()];
      const refused: Array<[string[], By, RegExp]> = [
        [[HEADER, '220500-zsj,甲,,other,2024-01-01,,2024-01-02,通知公告,正文', '220500-zsj,乙,,other,2024-01-01,,2024-01-02,政策解读,正文'], SYSTEM, /^第 3 行：category“政策解读”既不是第二十条的目录类别（.*），也不是该机关已设置的子类；要新建子类，请写成“类别\/子类”，如 other\/政策解读$/],
        [[HEADER, '220500-zsj,甲,,other,2024-01-01,,2024-01-02,other/政策解读,正文'], publisher, /^第 2 行：该机关的公开目录中没有子类“政策解读”，您没有设置公开目录子类的权限/],
        [[HEADER, '220500-zsj,甲,,other,2024-01-01,,2024-01-02,plans/通知公告,正文'], SYSTEM, /^第 2 行：子类“通知公告”在该机关的公开目录中属于“其他”，不属于“规划计划”$/],
        [[HEADER, '220500-zsj,甲,,other,2024-01-01,,2024-01-02,新闻/通知公告,正文'], SYSTEM, /^第 2 行：category“新闻\/通知公告”：“新闻”不是第二十条的目录类别$/],
        [[HEADER, '220500-zsj,甲,,other,2024-01-01,,2024-01-02,other/政策解读,正文', '220500-zsj,乙,,other,2024-13-01,,,,正文'], SYSTEM, /^第 3 行：issued_date/],
      ];
      for (const [lines, by, message] of refused) await expect(importDocumentsCsv(t.db, lines.join('\n'), by, '2024-06-01')).rejects.toThrow(message);
      expect([await count(), await subs()]).toEqual([docs0, subs0]);

      // The publisher may file under an existing one; the administrator (or the command line) may create.
      const byPublisher = [HEADER, '220500-zsj,关于春节假期安排的通知,,other,2024-01-01,,2024-01-02,通知公告,正文', '220500-zsj,城市规划,,other,2024-01-01,,2024-01-02,plans,正文'].join('\n');
      expect(await importDocumentsCsv(t.db, byPublisher, publisher, '2024-06-01')).toMatchObject({ documents: 2, published: 2 });
      const byAdmin = [
        HEADER,
        '220500-zsj,《数据条例》解读,,other,2024-02-01,,2024-02-02,其他／政策解读,正文',
        '220500-zsj,《数据条例》图解,,other,2024-02-01,,2024-02-02,政策解读,正文',
        '220502,东昌区工作动态一则,,other,2024-02-01,,2024-02-02,other/工作动态,正文',
      ].join('\n');
      expect(await importDocumentsCsv(t.db, byAdmin, SYSTEM, '2024-06-01')).toMatchObject({ documents: 3 });
      const names = async (agencyId: number) => (await listSubcategories(t.db, agencyId)).map((s) => `${s.parentCategory}/${s.name}`);
      expect(await names(zsj)).toEqual(['other/政策解读', 'other/通知公告']);
      expect(await names(other)).toEqual(['other/工作动态']);
      const [policy] = (await listSubcategories(t.db, zsj)).filter((s) => s.name === '政策解读');
      expect((await listDocuments(t.db, { agencyId: zsj, subcategoryId: policy.id })).total).toBe(2);
      const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'document.import')).orderBy(sql`id desc`).limit(1);
      expect(audit.detail).toMatchObject({ subcategoriesCreated: 2 });
    });
  },
  { demo: true },
);
