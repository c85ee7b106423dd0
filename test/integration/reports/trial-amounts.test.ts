/**
 * Amounts in 万元 to six decimals through the database (figures numeric(20,6)), and a 2020 report
 * compiled from the database in the 2019 trial format — on PGlite and on PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeDatabases } from '../../support/db.ts';
import { agencies } from '../../../src/db/schema.ts';
import { SYSTEM } from '../../../src/app/policies.ts';
import { importFiguresCsv } from '../../../src/app/portal/import.ts';
import { saveFigures } from '../../../src/app/portal/figures.ts';
import { loadProactiveFacts } from '../../../src/app/portal/facts.ts';
import { loadFacts } from '../../../src/app/reports/facts.ts';
import { checkYear } from '../../../src/app/reports/view.ts';
import { compileReport } from '../../../src/domain/report/compile.ts';
import { renderText } from '../../../src/domain/report/render/index.ts';

const by = SYSTEM;

describe('report years', () => {
  it('a year before 2019 is a 400 with the reason, not a 5xx', () => {
    expect(() => checkYear(2018)).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringMatching(/修订前的《政府信息公开条例》/) }));
    expect(() => checkYear(2020)).not.toThrow();
  });
});

describeDatabases(
  'amounts to six decimals and the 2019 trial format from the database',
  (t) => {
    const agencyId = async (code: string) => (await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)))[0].id;

    it('keeps 5949.088667 万元 to the 分 (import and form), reads 「5,949.09」, refuses a seventh decimal naming the line', async () => {
      const id = await agencyId('220502-jyj');
      const csv = ['agency_code,year,item,value', '220502-jyj,2022,fees_wan_yuan,5949.088667', '220502-jyj,2021,fees_wan_yuan,"5,949.09"'].join('\n');
      expect(await importFiguresCsv(t.db, csv, by, '财务报表')).toEqual({ rows: 2, agencies: 1 });
      expect((await loadProactiveFacts(t.db, id, 2022)).figures.fees_wan_yuan).toBe(5949.088667);
      expect((await loadProactiveFacts(t.db, id, 2021)).figures.fees_wan_yuan).toBe(5949.09);
      const seven = ['agency_code,year,item,value', '220502-jyj,2022,licensing,1', '220502-jyj,2022,fees_wan_yuan,1.0000001'].join('\n');
      await expect(importFiguresCsv(t.db, seven, by, '测试')).rejects.toThrow(/^第 3 行：value“1.0000001”金额「1.0000001」超过6位小数/);
      // the form (API) takes the same amounts
      const saved = await saveFigures(t.db, id, '2023', { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: '999999999.999999', source: '表单' }, by);
      expect(saved.fees_wan_yuan?.value).toBe(999999999.999999);
      await expect(saveFigures(t.db, id, '2023', { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0.1234567, source: '表单' }, by)).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/超过6位小数/) });
      const { model } = compileReport((await loadFacts(t.db, id, 2022)).facts);
      expect(model.proactive.fees_wan_yuan).toBe(5949.088667);
      expect(renderText(model)).toContain('5949.088667');
    });

    it('compiles 2020 in the trial format from the figures of 2020 and 2019 and the documents', async () => {
      const id = await agencyId('220502-jyj');
      const rows = [
        ['licensing_items', 40, 42],
        ['other_services_items', 10, 10],
        ['penalty_items', 5, 4],
        ['coercion_items', 2, 2],
        ['fees_items', 3, 5],
      ].flatMap(([item, now, before]) => [`220502-jyj,2020,${item},${now}`, `220502-jyj,2019,${item},${before}`]);
      const csv = ['agency_code,year,item,value', ...rows, '220502-jyj,2020,other_services,7', '220502-jyj,2020,procurement_count,4', '220502-jyj,2020,procurement_wan_yuan,1234.567891', '220502-jyj,2020,licensing,12'].join('\n');
      await importFiguresCsv(t.db, csv, by, '统计');
      const { facts } = await loadFacts(t.db, id, 2020);
      expect(facts.trialFigures).toMatchObject({ licensing_items: 40, procurement_wan_yuan: 1234.567891 });
      expect(facts.previousTrialFigures).toMatchObject({ licensing_items: 42, fees_items: 5 });
      const { model } = compileReport(facts);
      expect(model.format).toBe('2019');
      expect(model.proactive_2019!.licensing).toEqual({ previous: 42, change: -2, decisions: 12 });
      expect(model.proactive_2019!.procurement).toEqual({ count: 4, amount_wan_yuan: 1234.567891 });
      expect(model.findings.filter((f) => f.code === 'facts.missing')).toEqual([]);
    });
  },
  { demo: true },
);
