/**
 * The figures entered for a year, per report format (src/domain/report/figures.ts), and their
 * validation (src/app/portal/schemas.ts figuresInputSchemaFor): the same items the compiler reads,
 * the same checks as `gongkai import figures`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALL_FIGURE_ITEMS, FIGURE_FIELDS_2019, FIGURE_FIELDS_2021, figuresOfYear, isAmountItem, type AnyFigureItem } from '../../../src/domain/report/figures.ts';
import { compileReport } from '../../../src/domain/report/compile.ts';
import { TRIAL_FIGURE_ITEMS, TRIAL_TABLE1_CELLS } from '../../../src/domain/taxonomy/table1-2019.ts';
import { FIGURE_ITEMS } from '../../../src/domain/taxonomy/index.ts';
import { figuresInputSchemaFor, figureValue } from '../../../src/app/portal/schemas.ts';
import { figuresFormOf } from '../../../src/app/portal/figures.ts';
import { formatFen, formatWanYuan } from '../../../src/domain/report/amount.ts';

const items = (year: number) => figuresOfYear(year).fields.map((f) => f.item);

describe('the items of a year (figuresOfYear)', () => {
  it('2021 on: the 2021 format’s four, in table order, with the printed labels', () => {
    for (const year of [2021, 2023, 2030]) expect(items(year)).toEqual(['licensing', 'penalty', 'coercion', 'fees_wan_yuan']);
    expect(figuresOfYear(2023).format).toBe('2021');
    expect(FIGURE_FIELDS_2021.map((f) => f.label)).toEqual(['行政许可（本年处理决定数量）', '行政处罚（本年处理决定数量）', '行政强制（本年处理决定数量）', '行政事业性收费（本年收费金额，万元）']);
  });

  it('2019 and 2020: the trial format — decisions, year-end 项目数量 and 政府集中采购; no 本年收费金额', () => {
    for (const year of [2019, 2020]) {
      const f = figuresOfYear(year);
      expect(f.format).toBe('2019');
      expect(f.fields.map((x) => x.item)).toEqual([
        'licensing',
        'licensing_items',
        'other_services',
        'other_services_items',
        'penalty',
        'penalty_items',
        'coercion',
        'coercion_items',
        'fees_items',
        'procurement_count',
        'procurement_wan_yuan',
      ]);
    }
    expect(items(2020)).not.toContain('fees_wan_yuan');
    // every trial item is entered in the trial years; the 2021 decisions are shared, the 收费金额 is not
    expect(new Set(items(2020))).toEqual(new Set([...TRIAL_FIGURE_ITEMS, 'licensing', 'penalty', 'coercion']));
    // grouped under the template's items of 第二十条, labelled with its rows and columns
    expect([...new Set(FIGURE_FIELDS_2019.map((x) => x.article20Item))]).toEqual(['第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项', '第二十条第（九）项']);
    const proc = FIGURE_FIELDS_2019.find((x) => x.item === 'procurement_wan_yuan')!;
    expect(proc).toMatchObject({ row: '政府集中采购', column: '采购总金额', unit: '万元', label: '政府集中采购（采购总金额，万元）' });
    expect(FIGURE_FIELDS_2019.find((x) => x.item === 'other_services')).toMatchObject({ row: '其他对外管理服务事项', column: '处理决定数量', unit: '件' });
  });

  it('2018: only the year-end 项目数量 the 2019 report reads as 上一年项目数量; earlier years refused with the reason (400)', () => {
    expect(figuresOfYear(2018).format).toBe('year_end_items');
    expect(items(2018)).toEqual(['licensing_items', 'other_services_items', 'penalty_items', 'coercion_items', 'fees_items']);
    expect(() => figuresOfYear(2017)).toThrow(/修订前/);
    expect(() => figuresFormOf(2010)).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringMatching(/^2010年的数据不进入任何年度报告.*2018年末/) }));
  });

  it('entering every item of the trial years fills every typed cell of the trial table 1 (no 「没有录入」)', () => {
    const value = (item: AnyFigureItem) => (isAmountItem(item) ? 12.345678 : 7);
    const entered = (year: number) => Object.fromEntries(figuresOfYear(year).fields.map((f) => [f.item, value(f.item)]));
    for (const year of [2019, 2020]) {
      const now = entered(year);
      const before = entered(year - 1);
      const { model } = compileReport({
        agency: { name: '测试局', code: 't' },
        year,
        applications: [],
        appeals: [],
        documents: [],
        figures: { licensing: now.licensing, penalty: now.penalty, coercion: now.coercion, fees_wan_yuan: 0 },
        trialFigures: Object.fromEntries(TRIAL_FIGURE_ITEMS.map((i) => [i, now[i]])),
        previousTrialFigures: Object.fromEntries(TRIAL_FIGURE_ITEMS.filter((i) => i in before).map((i) => [i, before[i]])),
      });
      expect(model.findings.filter((f) => f.code === 'facts.missing')).toEqual([]);
      const t = model.proactive_2019!;
      // every cell a figure fills holds the entered value (documents' cells and 本年增/减 are computed)
      for (const c of TRIAL_TABLE1_CELLS.filter((c) => !['rules', 'normative'].includes(c.row) && c.column.key !== 'change'))
        expect([c.row, c.column.key, t[c.row][c.column.key]]).toEqual([c.row, c.column.key, c.column.amount ? 12.345678 : 7]);
    }
  });

  it('every item of every format is one the import takes, and no item is in two places of a format', () => {
    for (const year of [2018, 2019, 2021]) {
      const its = items(year);
      expect(new Set(its).size).toBe(its.length);
      for (const i of its) expect(ALL_FIGURE_ITEMS).toContain(i);
    }
    expect(ALL_FIGURE_ITEMS).toEqual([...FIGURE_ITEMS, ...TRIAL_FIGURE_ITEMS]);
  });
});

describe('validating a year’s figures (figuresInputSchemaFor), as the import does', () => {
  const trial = figuresInputSchemaFor(figuresOfYear(2020).fields);
  const full = { licensing: '12', licensing_items: '40', other_services: '7', other_services_items: '10', penalty: '3', penalty_items: '5', coercion: '1', coercion_items: '2', fees_items: '3', procurement_count: '4', procurement_wan_yuan: '5,949.088667', source: '统计' };
  const issues = (input: object) => {
    const r = trial.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };

  it('takes form text: whole numbers and 万元 as printed, to the 分', () => {
    const r = trial.parse(full);
    expect(r).toMatchObject({ licensing: 12, fees_items: 3, procurement_wan_yuan: 5949.088667, source: '统计' });
  });

  it('refuses, in Chinese and per item: a missing item, a seventh decimal, a negative, a fraction, text', () => {
    const { procurement_count: _, ...withoutCount } = full;
    expect(issues(withoutCount)).toEqual({ procurement_count: '请填写' });
    expect(issues({ ...full, procurement_wan_yuan: '1.0000001' })).toEqual({ procurement_wan_yuan: expect.stringMatching(/超过6位小数/) });
    expect(issues({ ...full, procurement_wan_yuan: '-1' })).toEqual({ procurement_wan_yuan: '不能为负数' });
    expect(issues({ ...full, fees_items: '-2', other_services: '1.5', licensing: '十二' })).toEqual({ fees_items: '不能为负数', other_services: '应为整数', licensing: '应为数字' });
    expect(issues({ ...full, source: '' })).toEqual({ source: '请注明数据来源' });
  });

  it('the 2021 form does not take the trial items, nor the trial form the 收费金额 (they are not asked)', () => {
    const y2021 = figuresInputSchemaFor(figuresOfYear(2021).fields).parse({ licensing: 1, penalty: 0, coercion: 0, fees_wan_yuan: 0.5, procurement_count: 9, source: 's' });
    expect(y2021).not.toHaveProperty('procurement_count');
    expect(trial.parse({ ...full, fees_wan_yuan: 3 })).not.toHaveProperty('fees_wan_yuan');
  });

  it('an amount round-trips exactly: what is printed is what was entered (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999_999 }), (whole, fen) => {
        const text = formatFen(whole * 1_000_000 + fen);
        expect(formatWanYuan(figureValue('procurement_wan_yuan').parse(text))).toBe(text);
      }),
    );
  });
});
