import { describe, expect, it } from 'vitest';
import { checkReport } from '../../../src/domain/report/checks.ts';
import { compileReport, type ReportFacts } from '../../../src/domain/report/compile.ts';
import { emptyReport } from '../../../src/domain/report/model.ts';
import { applicationsSentence, draftOther, draftOverview, draftProblems, hasPlaceholder } from '../../../src/domain/report/prose.ts';
import { rollupReports } from '../../../src/domain/report/rollup.ts';
import { TABLE2_COLUMNS, TABLE2_ROWS } from '../../../src/domain/taxonomy/index.ts';

const base = (p: Partial<ReportFacts>): ReportFacts => ({
  agency: { name: '甲局', code: 'a' },
  year: 2023,
  applications: [],
  appeals: [],
  documents: [],
  figures: { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 },
  ...p,
});

const busy = base({
  applications: [
    { id: '1', applicantType: 'natural', receiptDate: '2022-12-20', decisionDate: '2023-01-10', outcome: 'public' },
    { id: '2', applicantType: 'natural', receiptDate: '2023-02-01', decisionDate: '2023-02-10', outcome: 'partial' },
    { id: '3', applicantType: 'org.other', receiptDate: '2023-05-01', decisionDate: '2023-05-20', outcome: 'unavailable.not_held' },
    { id: '4', applicantType: 'natural', receiptDate: '2023-12-30', decisionDate: null, outcome: null },
  ],
  appeals: [{ id: 'R', kind: 'reconsideration', filedDate: '2023-06-01', concludedDate: '2023-08-01', result: 'upheld' }],
  documents: [{ id: 'D', kind: 'normative', issuedDate: '2023-04-01', repealedDate: null }],
});

describe('prose drafts', () => {
  it('section 一 has the five sub-topics and the numbers of the tables', () => {
    const { model } = compileReport(busy);
    const text = draftOverview(model);
    for (const topic of ['主动公开', '依申请公开', '政府信息管理', '政府信息公开平台建设', '监督保障']) expect(text).toContain(topic);
    expect(text).toContain('本年新收政府信息公开申请3件，上年结转1件，办结3件，结转下年度1件。');
    expect(text).toContain('行政规范性文件1件');
    expect(text).toContain('被申请行政复议1件');
    expect(applicationsSentence(model)).toBe('本年新收政府信息公开申请3件，上年结转1件，办结3件，结转下年度1件。');
  });
  it('the drafts agree with the tables: the checks find no stated-number mismatch', () => {
    const { model } = compileReport(busy);
    expect(model.findings.filter((f) => f.code.startsWith('text.'))).toEqual([]);
    // …and the checks would see a wrong number: the drafts are really checked.
    const wrong = { ...model, sections: { ...model.sections, overview: model.sections.overview.replace('办结3件', '办结5件') } };
    expect(checkReport(wrong).map((f) => f.code)).toContain('text.number_mismatch');
  });
  it('section 五 is a visible skeleton, not a fake text', () => {
    expect(hasPlaceholder(draftProblems())).toBe(true);
    expect(draftProblems()).toContain('系统不代拟');
  });
  it('section 六 reports the 信息处理费', () => {
    expect(draftOther()).toMatch(/^本年度未收取信息处理费。/);
    expect(draftOther(0)).toMatch(/^本年度未收取信息处理费。/);
    expect(draftOther(1200)).toMatch(/^本年度依据《政府信息公开信息处理费管理办法》收取信息处理费1200元。/);
  });
});

describe('rollupReports', () => {
  it('sums every cell of the parts, lists their findings, and balances', () => {
    const a = compileReport(busy).model;
    const b = compileReport(
      base({
        agency: { name: '乙局', code: 'b' },
        applications: [{ id: 'x', applicantType: 'org.business', receiptDate: '2023-03-01', decisionDate: '2023-03-09', outcome: 'not_handled.duplicate' }],
        figures: { licensing: 5, penalty: 1, coercion: 0, fees_wan_yuan: 0.1 },
      }),
    ).model;
    b.findings.push({ code: 'facts.incomplete', severity: 'warning', message: '示例问题', where: 'application/x' });
    const sum = rollupReports([a, b], { agency: { name: '某市政务公开办', code: 'city' } });
    expect(sum.year).toBe(2023);
    for (const row of TABLE2_ROWS)
      for (const col of TABLE2_COLUMNS) expect(sum.applications[row][col]).toBe(a.applications[row][col]! + b.applications[row][col]!);
    expect(sum.proactive.licensing).toBe(5);
    expect(sum.proactive.normative.issued).toBe(1);
    expect(sum.proactive.fees_wan_yuan).toBe(0.1);
    expect(sum.appeals.reconsideration.total).toBe(1);
    expect(sum.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(sum.findings).toContainEqual(expect.objectContaining({ message: '【乙局】示例问题', where: 'part/b/application/x' }));
    expect(sum.sections.overview).toContain('甲局、乙局');
    expect(sum.sections.overview).toContain('本年新收政府信息公开申请4件');
  });
  it('reports a part\'s blank cell and refuses mixed years', () => {
    const a = emptyReport(2023, '甲局');
    const b = emptyReport(2023, '乙局');
    b.applications.new.natural = null;
    const sum = rollupReports([a, b], { agency: { name: '汇总' } });
    expect(sum.findings.map((f) => f.code)).toContain('rollup.blank_cell');
    expect(() => rollupReports([a, emptyReport(2022, '丙局')], { agency: { name: '汇总' } })).toThrow(/年度不一致/);
    expect(() => rollupReports([], { agency: { name: '汇总' } })).toThrow(/没有可汇总/);
  });
});
