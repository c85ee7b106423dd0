/** Report years 2019–2020 in the 2019 trial format (国办公开办函〔2019〕60号), and the years refused. */
import { describe, expect, it } from 'vitest';
import { readReportHtml, readReportText } from '../../../src/domain/audit/index.ts';
import { compileReport, type ReportFacts } from '../../../src/domain/report/compile.ts';
import { reportFormatFor } from '../../../src/domain/report/policy.ts';
import { renderHtml, renderText, toJson } from '../../../src/domain/report/render/index.ts';
import { rollupReports } from '../../../src/domain/report/rollup.ts';
import { whereLabel } from '../../../src/app/reports/labels.ts';

const TRIAL = { licensing_items: 40, other_services_items: 10, penalty_items: 5, coercion_items: 2, fees_items: 3, other_services: 7, procurement_count: 4, procurement_wan_yuan: 5949.088667 };
const BEFORE = { licensing_items: 42, other_services_items: 10, penalty_items: 4, coercion_items: 2, fees_items: 5 };
const facts = (p: Partial<ReportFacts> = {}): ReportFacts => ({
  agency: { name: '测试局', code: 'test' },
  year: 2020,
  applications: [
    { id: 'A1', applicantType: 'natural', receiptDate: '2020-02-01', decisionDate: '2020-02-20', outcome: 'public' },
    { id: 'A2', applicantType: 'natural', receiptDate: '2020-03-01', decisionDate: '2020-04-20', outcome: 'other.correction_lapsed' },
    { id: 'A3', applicantType: 'org.business', receiptDate: '2020-05-01', decisionDate: '2020-06-20', outcome: 'other.fee_lapsed' },
    { id: 'A4', applicantType: 'org.business', receiptDate: '2020-05-01', decisionDate: '2020-06-20', outcome: 'other.other' },
  ],
  appeals: [],
  documents: [
    { id: 'D1', kind: 'rule', issuedDate: '2020-02-01', repealedDate: null, publishedDate: '2020-02-05' },
    { id: 'D2', kind: 'normative', issuedDate: '2019-12-20', repealedDate: null, publishedDate: '2020-01-05' },
    { id: 'D3', kind: 'normative', issuedDate: '2018-03-01', repealedDate: '2020-06-30', publishedDate: '2018-03-02' },
    { id: 'D4', kind: 'normative', issuedDate: '2020-12-30', repealedDate: null, publishedDate: '2021-01-04' },
    { id: 'D5', kind: 'other', issuedDate: '2020-01-01', repealedDate: null, publishedDate: '2020-01-01' },
  ],
  figures: { licensing: 12, penalty: 3, coercion: 1, fees_wan_yuan: 0.5 },
  trialFigures: TRIAL,
  previousTrialFigures: BEFORE,
  ...p,
});

describe('the report format of a year (policy.ts reportFormatFor)', () => {
  it('2019 and 2020: the trial format; from 2021: the 2021 format; before 2019: refused in Chinese, saying why', () => {
    expect(reportFormatFor(2019)).toBe('2019');
    expect(reportFormatFor(2020)).toBe('2019');
    expect(reportFormatFor(2021)).toBe('2021');
    expect(reportFormatFor(2025)).toBe('2021');
    expect(() => reportFormatFor(2018)).toThrow(/修订前的《政府信息公开条例》.*不能生成/);
    expect(() => compileReport(facts({ year: 2018 }))).toThrow(/2018年度/);
  });
});

describe('compiling 2019–2020 in the trial format', () => {
  it('fills the trial table 1 from the documents and the entered figures, year over year', () => {
    const { model, sources } = compileReport(facts());
    expect(model.format).toBe('2019');
    const t = model.proactive_2019!;
    expect(t.rules).toEqual({ made: 1, published: 1, total: 1 });
    // D2 made in 2019, published in 2020; D3 repealed in 2020; D4 made in 2020, published in 2021
    expect(t.normative).toEqual({ made: 1, published: 1, total: 1 });
    expect(sources['table1/normative/published']).toEqual(['D2']);
    expect(sources['table1/normative/made']).toEqual(['D4']);
    expect(t.licensing).toEqual({ previous: 42, change: -2, decisions: 12 });
    expect(t.penalty).toEqual({ previous: 4, change: 1, decisions: 3 });
    expect(t.other_services).toEqual({ previous: 10, change: 0, decisions: 7 });
    expect(t.fees).toEqual({ previous: 5, change: -2 });
    expect(t.procurement).toEqual({ count: 4, amount_wan_yuan: 5949.088667 });
    expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('counts the three （六） outcomes in its single 其他处理 row, with the applications behind it', () => {
    const { model, sources } = compileReport(facts());
    const a = model.applications;
    expect(a['other.other']).toMatchObject({ natural: 1, 'org.business': 2, total: 3 });
    expect(a['other.correction_lapsed'].total).toBe(0);
    expect(a['other.fee_lapsed'].total).toBe(0);
    expect(sources['table2/other.other/total'].sort()).toEqual(['A2', 'A3', 'A4']);
    expect(sources['table2/other.correction_lapsed/total']).toEqual([]);
    expect(a.total.total).toBe(4);
    const text = renderText(model);
    expect(text).toContain('（六）其他处理');
    expect(text).not.toContain('1.申请人无正当理由逾期不补正');
    expect(text).toContain('采购总金额');
    expect(text).toContain('5949.088667');
  });

  it('a figure nobody entered is an error that names it (the report cannot go out with a made-up 0)', () => {
    const { model } = compileReport(facts({ previousTrialFigures: {}, trialFigures: { ...TRIAL, procurement_count: undefined } }));
    const missing = model.findings.filter((f) => f.code === 'facts.missing');
    expect(whereLabel('figures/2019/licensing_items')).toBe('2019年度「行政许可项目数量（年末）」');
    expect(whereLabel('table1/procurement/amount_wan_yuan')).toBe('表一 · 政府集中采购 · 采购总金额');
    expect(whereLabel('table1/normative/in_force')).toBe('表一 · 行政规范性文件 · 现行有效件数');
    expect(missing.map((f) => f.where)).toContain('figures/2019/licensing_items');
    expect(missing.map((f) => f.where)).toContain('figures/2020/procurement_count');
    expect(missing.every((f) => f.severity === 'error' && /没有录入/.test(f.message))).toBe(true);
  });

  it('2021 and later years have no trial table, and their JSON is unchanged in shape', () => {
    const { model } = compileReport(facts({ year: 2021, applications: [], documents: [] }));
    expect(model.format).toBe('2021');
    expect(model.proactive_2019).toBeUndefined();
    expect(Object.keys(JSON.parse(toJson(model)))).toEqual(['format', 'year', 'agency', 'proactive', 'applications', 'appeals', 'sections', 'findings']);
  });

  it('the auditor reads the compiled 2020 report back, text and HTML, cell for cell, without an error', () => {
    const { model } = compileReport(facts());
    for (const read of [readReportText(renderText(model)).model, readReportHtml(renderHtml(model)).model]) {
      expect(read.format).toBe('2019');
      expect(read.year).toBe(2020);
      expect(read.proactive_2019).toEqual(model.proactive_2019);
      expect(read.applications['other.other']).toEqual(model.applications['other.other']);
      expect(read.applications.total).toEqual(model.applications.total);
      expect(read.findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
    expect(JSON.parse(toJson(model)).proactive_2019.procurement.amount_wan_yuan).toBe(5949.088667);
  });

  it('a roll-up of trial reports adds the trial table cell by cell, the amount exactly', () => {
    const one = compileReport(facts()).model;
    const two = compileReport(facts({ trialFigures: { ...TRIAL, procurement_wan_yuan: 0.000002 } })).model;
    const sum = rollupReports([one, two], { agency: { name: "汇总" }, year: 2020 });
    expect(sum.format).toBe('2019');
    expect(sum.proactive_2019!.procurement.amount_wan_yuan).toBe(5949.088669);
    expect(sum.proactive_2019!.licensing.change).toBe(-4);
  });
});
