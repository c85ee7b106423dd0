/** A report model with a different number in (almost) every cell, so that a cell rendered in the wrong place shows. */
import { emptyReport, type ReportModel } from '../../../src/domain/report/model.ts';
import { APPEAL_COLUMNS, APPEAL_KINDS, TABLE2_COLUMNS, TABLE2_ROWS } from '../../../src/domain/taxonomy/index.ts';

export function distinctModel(): ReportModel {
  const m = emptyReport(2023, '测试市<某>局 & “公开”办');
  m.agency.code = 'test';
  TABLE2_ROWS.forEach((row, r) => TABLE2_COLUMNS.forEach((col, c) => (m.applications[row][col] = 1000 + r * 10 + c)));
  APPEAL_KINDS.forEach((kind, k) => APPEAL_COLUMNS.forEach((col, c) => (m.appeals[kind][col] = 500 + k * 10 + c)));
  m.proactive = {
    rules: { issued: 11, repealed: 12, in_force: 13 },
    normative: { issued: 21, repealed: 22, in_force: 23 },
    licensing: 367,
    penalty: 368,
    coercion: 369,
    fees_wan_yuan: 1.25,
  };
  m.sections = { overview: '总体情况第一段。\n总体情况第二段。', problems: '问题与改进。', other: '本年度未收取信息处理费。' };
  return m;
}

/** The numbers of the three tables in the order the template prints them, from the JSON model. */
export function tableNumbers(json: ReportModel): { table1: number[]; table2: number[]; table3: number[] } {
  const p = json.proactive;
  return {
    table1: [p.rules.issued, p.rules.repealed, p.rules.in_force, p.normative.issued, p.normative.repealed, p.normative.in_force, p.licensing, p.penalty, p.coercion, p.fees_wan_yuan] as number[],
    table2: TABLE2_ROWS.flatMap((row) => TABLE2_COLUMNS.map((col) => json.applications[row][col] as number)),
    table3: APPEAL_KINDS.flatMap((kind) => APPEAL_COLUMNS.map((col) => json.appeals[kind][col] as number)),
  };
}
