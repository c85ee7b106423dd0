/** `gongkai import documents|figures FILE.csv` (contracts.md §3): all-or-nothing, the bad line named. */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { agencies, documents, documentVersions } from '../../../src/db/schema.ts';
import { SYSTEM } from '../../../src/app/policies.ts';
import { importDocumentsCsv, importFiguresCsv } from '../../../src/app/portal/import.ts';
import { loadProactiveFacts } from '../../../src/app/portal/facts.ts';
import { searchDocuments } from '../../../src/app/portal/search.ts';

const HEADER = 'agency_code,title,doc_number,kind,issued_date,repealed_date,published_date,category,body';
const by = SYSTEM;

describeDatabases(
  'portal CSV imports',
  (t) => {
    const docCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(documents))[0].n;

    it('imports documents: statuses from the dates, versions, search vectors, table 1', async () => {
      const csv = [
        HEADER,
        '220502,东昌区城区供水管理办法,东政发〔2022〕1号,normative,2022-01-10,,2022-01-12,法规文件,"第一条 为加强供水管理。',
        '',
        '第二条 本办法适用于城区。"',
        '220502,东昌区农村道路管理办法,东政发〔2020〕4号,normative,2020-06-01,2022-12-31,2020-06-05,regulations,已废止的办法',
        '220502,东昌区2023年防汛工作动态,,other,2023-07-01,,2023-07-02,,防汛<b>抢险</b>演练',
        '220502,东昌区待发布通知,,other,2024-01-01,,,,草稿',
      ].join('\n');
      const r = await importDocumentsCsv(t.db, csv, by, '2024-06-01');
      expect(r).toEqual({ documents: 4, published: 2, repealed: 1, drafts: 1 });
      const rows = await t.db.select().from(documents).innerJoin(agencies, eq(agencies.id, documents.agencyId)).where(eq(agencies.code, '220502'));
      const byTitle = new Map(rows.map((x) => [x.documents.title, x.documents]));
      expect(byTitle.get('东昌区城区供水管理办法')!.body).toBe('<p>第一条 为加强供水管理。</p>\n<p>第二条 本办法适用于城区。</p>');
      expect(byTitle.get('东昌区2023年防汛工作动态')!.body).toBe('防汛<b>抢险</b>演练');
      expect(byTitle.get('东昌区2023年防汛工作动态')!.category).toBe('other');
      expect(byTitle.get('东昌区农村道路管理办法')!.status).toBe('repealed');
      const versions = await t.db.select().from(documentVersions).where(eq(documentVersions.documentId, byTitle.get('东昌区待发布通知')!.id));
      expect(versions.map((v) => v.action)).toEqual(['import']);
      expect((await searchDocuments(t.db, { q: '防汛', agency: '220502' })).total).toBe(1);
      const [{ id }] = await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, '220502'));
      const facts = await loadProactiveFacts(t.db, id, 2022);
      expect(facts.documents.map((d) => [d.issuedDate, d.repealedDate])).toEqual([
        ['2022-01-10', null],
        ['2020-06-01', '2022-12-31'],
      ]);
    });

    it('rejects the whole file for one bad row, naming its line and the reason in Chinese', async () => {
      const before = await docCount();
      const cases: Array<[string[], RegExp]> = [
        [[HEADER, '220502,好的一行,,other,2024-01-01,,2024-01-02,,正文', '220502,坏的一行,,other,2024-02-30,,2024-03-01,,正文'], /^第 3 行：issued_date（成文日期）“2024-02-30”不是有效日期/],
        [[HEADER, '999999,标题,,other,2024-01-01,,,,正文'], /^第 2 行：机关代码“999999”不存在/],
        [[HEADER, '220502,标题,,law,2024-01-01,,,,正文'], /^第 2 行：kind“law”无效/],
        [[HEADER, '220502,标题,,other,2024-01-01,,,新闻,正文'], /^第 2 行：category“新闻”既不是第二十条的目录类别/],
        [[HEADER, '220502,标题,,normative,2024-01-01,,2024-01-05,,正文'], /^第 2 行：规章和行政规范性文件发布前须填写文号/],
        [[HEADER, '220502,标题,,other,2024-01-05,,2024-01-01,,正文'], /^第 2 行：发布日期不能早于成文日期/],
        [['agency_code,title', '220502,标题'], /表头缺少列：doc_number、kind/],
        [[HEADER], /没有数据行/],
        [[HEADER, '220502,"未闭合的引号,,other,2024-01-01,,,,正文'], /CSV 格式错误/],
      ];
      for (const [lines, message] of cases) {
        await expect(importDocumentsCsv(t.db, lines.join('\n'), by, '2024-06-01')).rejects.toThrow(message);
      }
      expect(await docCount()).toBe(before);
    });

    it('imports figures with their source; a bad or duplicate row rejects the file', async () => {
      const [{ id }] = await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, '220502-jyj'));
      const bad = ['agency_code,year,item,value', '220502-jyj,2023,licensing,5', '220502-jyj,2023,penalty,1.5'].join('\n');
      await expect(importFiguresCsv(t.db, bad, by, '测试')).rejects.toThrow(/^第 3 行：value“1.5”处理决定数量应为整数/);
      const dup = ['agency_code,year,item,value', '220502-jyj,2023,licensing,5', '220502-jyj,2023,licensing,6'].join('\n');
      await expect(importFiguresCsv(t.db, dup, by, '测试')).rejects.toThrow('第 3 行：与第 2 行重复');
      const item = ['agency_code,year,item,value', '220502-jyj,2023,permits,5'].join('\n');
      await expect(importFiguresCsv(t.db, item, by, '测试')).rejects.toThrow(/item“permits”无效/);
      expect((await loadProactiveFacts(t.db, id, 2023)).figures.licensing).toBe(0);
      const good = ['agency_code,year,item,value,source', '220502-jyj,2023,licensing,5,审批系统', '220502-jyj,2023,penalty,2,执法平台', '220502-jyj,2023,coercion,0,执法平台', '220502-jyj,2023,fees_wan_yuan,3.25,财务报表'].join('\n');
      expect(await importFiguresCsv(t.db, good, by, '测试')).toEqual({ rows: 4, agencies: 1 });
      expect((await loadProactiveFacts(t.db, id, 2023)).figures).toEqual({ licensing: 5, penalty: 2, coercion: 0, fees_wan_yuan: 3.25 });
    });
  },
  { demo: true },
);

describe('gongkai import documents / figures (child process)', () => {
  const run = promisify(execFile);
  const ROOT = path.resolve(import.meta.dirname, '../../..');
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-portal-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const gongkai = (...args: string[]) =>
    run(process.execPath, ['bin/gongkai.mjs', ...args], { cwd: ROOT, env: { ...process.env, GONGKAI_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' }, timeout: 170_000 });

  it('prints the count on the first line; a bad file exits 1 with the line and reason', async () => {
    await gongkai('migrate');
    await gongkai('agency', 'add', '--code', '220500', '--name', '通化市人民政府');
    const docs = path.join(dir, 'docs.csv');
    writeFileSync(docs, `\uFEFF${HEADER}\n220500,通化市城市供热管理办法,通化市人民政府令第1号,rule,2022-03-15,,2022-03-21,regulations,第一条 为了加强城市供热管理。\n`);
    const ok = await gongkai('import', 'documents', docs);
    expect(ok.stdout.split('\n')[0]).toBe('1');
    const badFile = path.join(dir, 'bad.csv');
    writeFileSync(badFile, `${HEADER}\n220500,标题,,rule,2022-13-01,,,,正文\n`);
    const bad = await gongkai('import', 'documents', badFile).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad?.code).toBe(1);
    expect(bad?.stderr).toContain('第 2 行：issued_date（成文日期）“2022-13-01”不是有效日期');
    const figs = path.join(dir, 'figures.csv');
    writeFileSync(figs, 'agency_code,year,item,value\n220500,2023,licensing,12\n220500,2023,fees_wan_yuan,1.5\n');
    const f = await gongkai('import', 'figures', figs);
    expect(f.stdout.split('\n')[0]).toBe('2');
    const missing = await gongkai('import', 'figures', path.join(dir, 'none.csv')).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(missing?.stderr).toContain('找不到文件');
  }, 600_000); // five child processes, each opening the embedded database (slow on a loaded machine)
});
