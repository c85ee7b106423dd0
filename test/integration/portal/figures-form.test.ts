/**
 * The console's figures form covers the items of the format the year uses (src/domain/report/figures.ts):
 * a 2020 agency's trial-format figures entered through the form (and the API) are saved by the same
 * use case as `gongkai import figures`, and appear in the compiled 2020 report and its HTML, DOCX and
 * PDF — on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { agencies } from '../../../src/db/schema.ts';
import { loadFigures } from '../../../src/app/portal/facts.ts';
import { auditBuffer } from '../../../src/audit-io/index.ts';

const CODE = '220500-zsj';
const FORM_2019 = { licensing: '10', licensing_items: '42', other_services: '5', other_services_items: '10', penalty: '2', penalty_items: '4', coercion: '0', coercion_items: '2', fees_items: '5', procurement_count: '3', procurement_wan_yuan: '100', source: '2019年统计' };
const FORM_2020 = { licensing: '12', licensing_items: '40', other_services: '7', other_services_items: '11', penalty: '3', penalty_items: '5', coercion: '1', coercion_items: '2', fees_items: '3', procurement_count: '4', procurement_wan_yuan: '1,234.567891', source: '政务服务平台统计' };
/** The trial table 1's figure cells the 2020 entries give (2019's year-end counts are 上一年项目数量). */
const EXPECTED_2020 = {
  licensing: { previous: 42, change: -2, decisions: 12 },
  other_services: { previous: 10, change: 1, decisions: 7 },
  penalty: { previous: 4, change: 1, decisions: 3 },
  coercion: { previous: 2, change: 0, decisions: 1 },
  fees: { previous: 5, change: -2 },
  procurement: { count: 4, amount_wan_yuan: 1234.567891 },
};

const inputsOf = (page: string) => [...page.matchAll(/<form method="post"[^>]*class="form figures-form"[\s\S]*?<\/form>/g)].flatMap((f) => [...f[0].matchAll(/<input id="f-([a-z_]+)" name="\1"/g)].map((m) => m[1]));

describeDatabases(
  'the figures form in the format of the year',
  (t) => {
    let server: TestServer;
    let publisher: TestClient;
    beforeAll(async () => {
      server = await startTestServer({ database: t.database });
      publisher = server.client();
      await publisher.login('publisher@zsj.demo');
    });
    afterAll(async () => {
      await server?.close();
    });
    const agencyId = async () => (await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, CODE)))[0].id;

    it('offers exactly the items of the year’s format: 2021 format, trial format, 2018’s year-end counts; earlier years 400', async () => {
      const y2023 = await publisher.get(`/console/${CODE}/figures?year=2023`);
      expect(y2023.status).toBe(200);
      expect(inputsOf(y2023.text)).toEqual(['licensing', 'penalty', 'coercion', 'fees_wan_yuan', 'source']);
      const y2020 = await publisher.get(`/console/${CODE}/figures?year=2020`);
      expect(y2020.status).toBe(200);
      expect(y2020.text).toContain('试行格式');
      expect(inputsOf(y2020.text)).toEqual(['licensing', 'licensing_items', 'other_services', 'other_services_items', 'penalty', 'penalty_items', 'coercion', 'coercion_items', 'fees_items', 'procurement_count', 'procurement_wan_yuan', 'source']);
      expect(y2020.text).toContain('<legend>第二十条第（九）项</legend>');
      expect(y2020.text).toContain('政府集中采购：采购总金额（万元）');
      expect(y2020.text).toContain('2019年末尚未填报');
      const y2018 = await publisher.get(`/console/${CODE}/figures?year=2018`);
      expect(inputsOf(y2018.text)).toEqual(['licensing_items', 'other_services_items', 'penalty_items', 'coercion_items', 'fees_items', 'source']);
      const y2015 = await publisher.get(`/console/${CODE}/figures?year=2015`);
      expect(y2015.status).toBe(400);
      expect(y2015.text).toContain('2015年的数据不进入任何年度报告');
      expect(inputsOf(y2015.text)).toEqual([]);
    });

    it('refuses a bad trial figure in Chinese, on its field, saving nothing', async () => {
      const before = await loadFigures(t.db, await agencyId(), 2020);
      const res = await publisher.postForm(`/console/${CODE}/figures?year=2020`, { ...FORM_2020, procurement_wan_yuan: '1.0000001', fees_items: '-1', coercion: '' });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/政府集中采购（采购总金额，万元）：金额「1.0000001」超过6位小数/);
      expect(res.text).toContain('行政事业性收费（年末项目数量）：不能为负数');
      expect(res.text).toContain('行政强制（处理决定数量）：请填写');
      expect(res.text).toMatch(/<p class="error" id="f-procurement_wan_yuan-error">/);
      expect(res.text).toContain('value="1.0000001"'); // what was typed is kept
      expect(await loadFigures(t.db, await agencyId(), 2020)).toEqual(before);
      await expect(publisher.postForm(`/console/${CODE}/figures?year=2016`, FORM_2020)).resolves.toMatchObject({ status: 400 });
      // until they are entered, the report's 「没有录入」 findings link to the form of their year
      const report = await publisher.get(`/console/reports/${CODE}/2020`);
      expect(report.text).toContain(`href="/console/${CODE}/figures?year=2019"`);
      expect(report.text).toContain(`href="/console/${CODE}/figures?year=2020"`);
    });

    it('2019 and 2020 entered on the form appear in the compiled 2020 report, its HTML, DOCX and PDF', async () => {
      const r2019 = await publisher.postForm(`/console/${CODE}/figures?year=2019`, FORM_2019);
      expect(r2019.status).toBe(200);
      expect(r2019.text).toContain('已保存');
      const r2020 = await publisher.postForm(`/console/${CODE}/figures?year=2020`, FORM_2020);
      expect(r2020.status).toBe(200);
      expect(r2020.text).toContain('2019年末：42（本年增/减按差额计算）');
      const saved = await loadFigures(t.db, await agencyId(), 2020);
      expect(saved.procurement_wan_yuan).toMatchObject({ value: 1234.567891, source: '政务服务平台统计' });
      expect(saved.fees_wan_yuan).toBeUndefined();

      const page = await publisher.get(`/console/reports/${CODE}/2020`);
      expect(page.status).toBe(200);
      const cell = (where: string) => new RegExp(`<td[^>]*data-where="${where}"[^>]*>([^<]*)</td>`).exec(page.text)?.[1];
      expect(cell('table1/procurement/amount_wan_yuan')).toBe('1234.567891');
      expect(cell('table1/licensing/previous')).toBe('42');
      expect(cell('table1/licensing/change')).toBe('-2');
      expect(cell('table1/other_services/decisions')).toBe('7');
      expect(page.text).not.toContain('facts.missing');

      for (const fmt of ['html', 'docx', 'pdf'] as const) {
        const file = await fetch(`${server.url}/console/reports/${CODE}/2020/download/${fmt}`, { headers: { cookie: publisher.cookieHeader() } });
        expect([fmt, file.status]).toEqual([fmt, 200]);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const read = await auditBuffer(`r.${fmt}`, bytes);
        expect([fmt, read.format, read.proactive_2019 && Object.fromEntries(Object.keys(EXPECTED_2020).map((k) => [k, read.proactive_2019![k]]))]).toEqual([fmt, '2019', EXPECTED_2020]);
      }
    });

    it('the API takes the trial items of 2020 and refuses a 2021-format body for it (400, the missing items named)', async () => {
      const json = { ...Object.fromEntries(Object.entries(FORM_2020).map(([k, v]) => [k, k === 'source' || k === 'procurement_wan_yuan' ? v : Number(v)])), procurement_count: 6 };
      const ok = await publisher.request('PUT', `/api/agencies/${CODE}/figures/2020`, { json });
      expect(ok.status).toBe(200);
      expect(ok.json().figures.procurement_count).toMatchObject({ value: 6, source: '政务服务平台统计' });
      expect(ok.json().figures.procurement_wan_yuan).toMatchObject({ value: 1234.567891 });
      const wrong = await publisher.request('PUT', `/api/agencies/${CODE}/figures/2020`, { json: { licensing: 1, penalty: 0, coercion: 0, fees_wan_yuan: 1, source: 'x' } });
      expect(wrong.status).toBe(400);
      expect(wrong.json().error.message).toContain('政府集中采购（采购项目数量）：请填写');
      expect(wrong.json().error.details.fields).toMatchObject({ licensing_items: '请填写', procurement_wan_yuan: '请填写' });
      const got = await publisher.get(`/api/agencies/${CODE}/figures/2020`);
      expect(got.json().figures.procurement_count.value).toBe(6);
    });
  },
  { demo: true },
);
