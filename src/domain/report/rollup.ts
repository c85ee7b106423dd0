/**
 * Roll-up of several agencies' report models into the supervisor's level report (政府信息公开工作
 * 主管部门负责汇总的本级政府年度报告 — 「参照这一格式模板办理」, S1 一). Pure.
 *
 * Every cell is the sum of the parts' cells (table 1 sums too). A part's blank cell (`null`) is
 * counted as 0 and reported. The parts' findings are listed, each prefixed with its agency; the
 * checks are run again on the sum.
 */
import { isWanYuan, sumWanYuan } from './amount.ts';
import { TRIAL_TABLE1_CELLS } from '../taxonomy/table1-2019.ts';
import { APPEAL_COLUMNS, APPEAL_KINDS, TABLE2_COLUMNS, TABLE2_ROWS } from '../taxonomy/index.ts';
import { checkReport } from './checks.ts';
import { emptyReport, type Cell, type Finding, type ReportModel } from './model.ts';
import { draftSections } from './prose.ts';

export interface RollupOptions {
  /** The supervisor (or level) the roll-up is published as. */
  agency: { name: string; code?: string };
  /** The report year; by default the parts' common year. */
  year?: number;
  /** 信息处理费 collected at this level, in 元, for the draft of section 六. */
  feesCollectedYuan?: number | null;
  /** Last year's roll-up, for the carry-over check. */
  previous?: ReportModel;
}

export function rollupReports(parts: ReportModel[], options: RollupOptions): ReportModel {
  if (parts.length === 0) throw new Error('没有可汇总的年度报告');
  const years = new Set(parts.map((p) => p.year));
  const year = options.year ?? (years.size === 1 ? parts[0].year : null);
  if (year == null) throw new Error(`所汇总的年度报告年度不一致：${[...years].join('、')}`);
  const wrongYear = parts.filter((p) => p.year !== year);
  if (wrongYear.length) throw new Error(`以下年度报告不是${year}年度的，不能汇总：${wrongYear.map((p) => p.agency.name).join('、')}`);
  const formats = new Set(parts.map((p) => p.format));
  if (formats.size > 1) throw new Error('所汇总的年度报告格式不一致（2019年试行格式与2021年格式不能混合汇总）');

  const sum = emptyReport(year, options.agency.name, 0, parts[0].format);
  if (options.agency.code) sum.agency.code = options.agency.code;
  const blanks: string[] = [];
  const plus = (a: Cell, b: Cell, part: ReportModel, where: string): number => {
    if (b == null) blanks.push(`${part.agency.name}（${where}）`);
    return (a ?? 0) + (b ?? 0);
  };

  for (const part of parts) {
    for (const kind of ['rules', 'normative'] as const)
      for (const col of ['issued', 'repealed', 'in_force'] as const)
        sum.proactive[kind][col] = plus(sum.proactive[kind][col], part.proactive[kind][col], part, `table1/${kind}/${col}`);
    for (const item of ['licensing', 'penalty', 'coercion', 'fees_wan_yuan'] as const) {
      sum.proactive[item] = plus(sum.proactive[item], part.proactive[item], part, `table1/${item}`);
    }
    for (const row of TABLE2_ROWS)
      for (const col of TABLE2_COLUMNS)
        sum.applications[row][col] = plus(sum.applications[row][col], part.applications[row][col], part, `table2/${row}/${col}`);
    for (const kind of APPEAL_KINDS)
      for (const col of APPEAL_COLUMNS)
        sum.appeals[kind][col] = plus(sum.appeals[kind][col], part.appeals[kind][col], part, `table3/${kind}/${col}`);
  }
  // the trial format's table 1 (report years 2019–2020), cell by cell; its amount exactly
  if (sum.proactive_2019) {
    for (const { row, column } of TRIAL_TABLE1_CELLS) {
      const cells = parts.map((p) => p.proactive_2019?.[row]?.[column.key] ?? null);
      parts.forEach((p, i) => cells[i] == null && blanks.push(`${p.agency.name}（table1/${row}/${column.key}）`));
      const present = cells.filter((c): c is number => c != null);
      sum.proactive_2019[row][column.key] = column.amount ? sumWanYuan(present.filter(isWanYuan)) : present.reduce((a, b) => a + b, 0);
    }
  }
  // 万元 to the 分, summed exactly (amount.ts: 0.1 + 0.2 is 0.3, 5949.088667 keeps its six decimals).
  sum.proactive.fees_wan_yuan = sumWanYuan(parts.flatMap((p) => (p.proactive.fees_wan_yuan == null || !isWanYuan(p.proactive.fees_wan_yuan) ? [] : [p.proactive.fees_wan_yuan])));

  const drafts = draftSections(sum, { feesCollectedYuan: options.feesCollectedYuan });
  sum.sections = {
    overview: `本报告汇总${parts.length}个机关的年度报告：${parts.map((p) => p.agency.name).join('、')}。\n${drafts.overview}`,
    problems: drafts.problems,
    other: drafts.other,
  };

  const findings: Finding[] = [];
  if (blanks.length) {
    findings.push({
      code: 'rollup.blank_cell',
      severity: 'warning',
      message: `以下所汇总报告的单元格为空，按0汇总：${blanks.slice(0, 20).join('；')}${blanks.length > 20 ? `等${blanks.length}处` : ''}`,
    });
  }
  findings.push(...checkReport(sum, { previous: options.previous }));
  for (const part of parts) {
    const prefix = part.agency.code ?? part.agency.name;
    for (const f of part.findings) {
      findings.push({ ...f, message: `【${part.agency.name}】${f.message}`, where: f.where ? `part/${prefix}/${f.where}` : `part/${prefix}` });
    }
  }
  sum.findings = findings;
  return sum;
}
