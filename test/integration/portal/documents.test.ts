/**
 * The document lifecycle and table 1 (制发 / 废止 / 现行有效 at 31 December) on a real database
 * (PGlite, and PostgreSQL when GONGKAI_TEST_DATABASE_URL is set).
 */
import { beforeAll, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { agencies, auditLog, documents } from '../../../src/db/schema.ts';
import { compileReport } from '../../../src/domain/report/compile.ts';
import {
  createDocument,
  listVersions,
  publishDocument,
  repealDocument,
  updateDocument,
  withdrawDocument,
} from '../../../src/app/portal/documents.ts';
import { SYSTEM } from '../../../src/app/policies.ts';
import { loadProactiveFacts } from '../../../src/app/portal/facts.ts';
import { saveFigures } from '../../../src/app/portal/figures.ts';
import { AppError } from '../../../src/app/errors.ts';

async function agencyId(db: any, code: string): Promise<number> {
  const [a] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
  return a.id;
}

async function table1(db: any, code: string, year: number) {
  const facts = await loadProactiveFacts(db, await agencyId(db, code), year);
  const { model } = compileReport({ agency: { name: code, code }, year, applications: [], appeals: [], documents: facts.documents, figures: facts.figures });
  return model.proactive;
}

describeDatabases(
  'portal documents',
  (t) => {
    let zsj: number;
    const by = SYSTEM;
    beforeAll(async () => {
      zsj = await agencyId(t.db, '220500-zsj');
    });

    it('create → edit → publish → edit → withdraw → publish → repeal: every step a version and an audit entry', async () => {
      const d = await createDocument(t.db, zsj, { title: '通化市数据安全管理办法（征求意见稿）', kind: 'normative', category: 'regulations', writtenDate: '2024-03-01', body: '第一条 为了保障数据安全。\n\n第二条 适用范围。', bodyFormat: 'text' }, by);
      expect(d.status).toBe('draft');
      expect(d.body).toBe('<p>第一条 为了保障数据安全。</p>\n<p>第二条 适用范围。</p>');
      // publishing a 规范性文件 needs its 文号
      await expect(publishDocument(t.db, d.id, {}, by)).rejects.toThrow('规章和行政规范性文件发布前须填写文号');
      await updateDocument(t.db, d.id, { title: '通化市数据安全管理办法', docNumber: '通政数发〔2024〕3号', kind: 'normative', category: 'regulations', writtenDate: '2024-03-01', body: '第一条 为了保障数据安全，制定本办法。', bodyFormat: 'text' }, by);
      const p = await publishDocument(t.db, d.id, { publishedDate: '2024-03-08' }, by);
      expect(p.status).toBe('published');
      expect(p.publishedDate).toBe('2024-03-08');
      await expect(publishDocument(t.db, d.id, {}, by)).rejects.toThrow(/只有草稿或已撤回的文件可以发布/);
      await updateDocument(t.db, d.id, { title: '通化市数据安全管理办法', docNumber: '通政数发〔2024〕3号', kind: 'normative', category: 'regulations', writtenDate: '2024-03-01', body: '第一条 为了保障数据安全，维护公共利益，制定本办法。', bodyFormat: 'text', note: '更正文字' }, by);
      await expect(withdrawDocument(t.db, d.id, {}, by)).rejects.toThrow(/请填写撤回原因/);
      expect((await withdrawDocument(t.db, d.id, { reason: '误发' }, by)).status).toBe('withdrawn');
      await expect(repealDocument(t.db, d.id, { repealedDate: '2024-06-01' }, by)).rejects.toThrow(/只有已公开的文件可以废止/);
      await publishDocument(t.db, d.id, {}, by);
      await expect(repealDocument(t.db, d.id, { repealedDate: '2024-02-01' }, by)).rejects.toThrow('废止日期不能早于成文日期');
      const r = await repealDocument(t.db, d.id, { repealedDate: '2024-06-01' }, by);
      expect(r.status).toBe('repealed');
      expect(r.repealedDate).toBe('2024-06-01');
      await expect(updateDocument(t.db, d.id, { title: 'x' }, by)).rejects.toThrow(/已废止的文件不能再修改/);

      const versions = await listVersions(t.db, d.id);
      expect(versions.map((v) => `${v.version}:${v.action}:${v.status}`)).toEqual([
        '1:create:draft',
        '2:edit:draft',
        '3:publish:published',
        '4:edit:published',
        '5:withdraw:withdrawn',
        '6:publish:published',
        '7:repeal:repealed',
      ]);
      // the earlier published text stays retrievable; drafts are not among the public versions
      expect(versions[2].body).toBe('<p>第一条 为了保障数据安全，制定本办法。</p>');
      expect((await listVersions(t.db, d.id, { publicOnly: true })).map((v) => v.version)).toEqual([3, 4, 6, 7]);
      expect((versions[4].snapshot as { status: string }).status).toBe('withdrawn');
      expect(versions[4].note).toBe('误发');
      const audit = await t.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'document'), eq(auditLog.entityId, String(d.id))))
        .orderBy(auditLog.id);
      expect(audit.map((a) => a.action)).toEqual(['document.create', 'document.edit', 'document.publish', 'document.edit', 'document.withdraw', 'document.publish', 'document.repeal']);
    });

    it('refuses bad input with Chinese messages and changes nothing', async () => {
      const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(documents);
      const attempts = [
        { title: '' },
        { title: '办法', writtenDate: '2024-02-30' },
        { title: '办法', kind: 'law' },
        { title: '办法', category: 'news' },
        { title: '通知', kind: 'other', effectiveDate: '2024-01-01' },
      ];
      for (const input of attempts) {
        const err = await createDocument(t.db, zsj, input, by).catch((e) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).statusCode).toBe(400);
        expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
      }
      const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(documents);
      expect(after[0].n).toBe(before[0].n);
    });

    it('sanitises an HTML body: no script, no handler, no javascript: link', async () => {
      const d = await createDocument(t.db, zsj, { title: '富文本', body: '<h1>标题</h1><p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p><img src=x onerror="alert(1)">', bodyFormat: 'html' }, by);
      expect(d.body).toBe('<h2>标题</h2><p>正文<a>链接</a></p>');
    });

    it('table 1 of 220500 (demo): 制发 / 废止 / 现行有效 at 31 December of 2022, 2023 and 2024', async () => {
      const y2022 = await table1(t.db, '220500', 2022);
      expect(y2022.rules).toEqual({ issued: 1, repealed: 0, in_force: 1 });
      expect(y2022.normative).toEqual({ issued: 1, repealed: 0, in_force: 2 });
      const y2023 = await table1(t.db, '220500', 2023);
      expect(y2023.rules).toEqual({ issued: 1, repealed: 0, in_force: 2 });
      expect(y2023.normative).toEqual({ issued: 1, repealed: 1, in_force: 2 });
      expect([y2023.licensing, y2023.penalty, y2023.coercion, y2023.fees_wan_yuan]).toEqual([1523, 87, 12, 356.42]);
      const y2024 = await table1(t.db, '220500', 2024);
      expect(y2024.rules).toEqual({ issued: 0, repealed: 0, in_force: 2 });
      expect(y2024.normative).toEqual({ issued: 1, repealed: 1, in_force: 2 });
    });

    it('table 1 of 220500-zsj for 2023 is all zeros, as in the seed report', async () => {
      const p = await table1(t.db, '220500-zsj', 2023);
      expect(p).toEqual({
        rules: { issued: 0, repealed: 0, in_force: 0 },
        normative: { issued: 0, repealed: 0, in_force: 0 },
        licensing: 0,
        penalty: 0,
        coercion: 0,
        fees_wan_yuan: 0,
      });
    });

    it('drafts and withdrawn documents do not count; a published one does from its 成文日期', async () => {
      const czj = await agencyId(t.db, '220500-czj');
      const base = { kind: 'normative', category: 'regulations', body: '正文' };
      await createDocument(t.db, czj, { ...base, title: '草稿规范性文件', docNumber: '通财发〔2023〕1号', writtenDate: '2023-03-01' }, by);
      const w = await createDocument(t.db, czj, { ...base, title: '撤回的规范性文件', docNumber: '通财发〔2023〕2号', writtenDate: '2023-04-01' }, by);
      await publishDocument(t.db, w.id, { publishedDate: '2023-04-03' }, by);
      await withdrawDocument(t.db, w.id, { reason: '误发' }, by);
      const p = await createDocument(t.db, czj, { ...base, title: '公开的规范性文件', docNumber: '通财发〔2023〕3号', writtenDate: '2023-12-31' }, by);
      await publishDocument(t.db, p.id, { publishedDate: '2024-01-05' }, by);
      const y = await table1(t.db, '220500-czj', 2023);
      expect(y.normative).toEqual({ issued: 1, repealed: 0, in_force: 1 });
    });

    it('figures: saved with their source, validated, audited', async () => {
      const bgs = await agencyId(t.db, '220500-bgs');
      await expect(saveFigures(t.db, bgs, 2023, { licensing: 3, penalty: -1, coercion: 0, fees_wan_yuan: 1.5, source: '统计' }, by)).rejects.toThrow('行政处罚（本年处理决定数量）：不能为负数');
      await expect(saveFigures(t.db, bgs, 2023, { licensing: 3.5, penalty: 1, coercion: 0, fees_wan_yuan: 1.5, source: '统计' }, by)).rejects.toThrow(/应为整数/);
      await expect(saveFigures(t.db, bgs, 2023, { licensing: 3, penalty: 1, coercion: 0, fees_wan_yuan: 1.5 }, by)).rejects.toThrow(/数据来源/);
      const f = await saveFigures(t.db, bgs, 2023, { licensing: '3', penalty: '1', coercion: '0', fees_wan_yuan: '12.3456', source: '财务决算报表' }, by);
      expect(f.fees_wan_yuan?.value).toBe(12.3456);
      expect(f.licensing?.source).toBe('财务决算报表');
      const facts = await loadProactiveFacts(t.db, bgs, 2023);
      expect(facts.figures).toEqual({ licensing: 3, penalty: 1, coercion: 0, fees_wan_yuan: 12.3456 });
      expect((await loadProactiveFacts(t.db, bgs, 2022)).figures).toEqual({ licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 });
    });
  },
  { demo: true },
);
