/**
 * Compiling a report in the 2019 trial format (国办公开办函〔2019〕60号, report years 2019 and 2020,
 * regulation.md §1.7): its table 1 (src/domain/taxonomy/table1-2019.ts) from the documents and the
 * entered figures, and its table 2's single （六）其他处理 row. Pure; called by `compileReport`.
 */
import { TRIAL_FIGURE_LABELS, type TrialFigureItem } from '../taxonomy/table1-2019.ts';
import { OUTCOME_CODES, TABLE2_COLUMNS } from '../taxonomy/index.ts';
import { isWanYuan } from './amount.ts';
import { TRIAL_ITEM_COUNTS } from './figures.ts';
import { emptyTrialProactive, type Finding, type ReportModel, type TrialProactiveTable } from './model.ts';
import { isDate, placeDocument, yearBounds, type DocumentFacts } from './policy.ts';

/** The figures of the trial table 1 entered for a year (an item nobody entered is absent). */
export type TrialFigures = Partial<Record<TrialFigureItem, number>>;

export interface TrialFacts {
  year: number;
  documents: DocumentFacts[];
  /** 行政许可 / 行政处罚 / 行政强制 处理决定数量 (the 2021 figures of the same year). */
  decisions: { licensing: number; penalty: number; coercion: number };
  figures: TrialFigures;
  /** The same items entered for the year before (上一年项目数量). */
  previousFigures: TrialFigures;
}

/**
 * The trial table 1 and the findings about missing figures. 上一年项目数量 is last year's entry and
 * 本年增/减 this year's less last year's (never typed twice); a count nobody entered is 0 and an
 * error finding (`facts.missing`) that names what to enter, so the report cannot go out with it.
 */
export function compileTrialTable1(facts: TrialFacts, sources: Record<string, string[]>): { table: TrialProactiveTable; findings: Finding[] } {
  const table = emptyTrialProactive(0);
  const findings: Finding[] = [];
  const y = yearBounds(facts.year);
  for (const kind of ['rules', 'normative'] as const) for (const col of ['made', 'published', 'total']) sources[`table1/${kind}/${col}`] = [];
  for (const doc of facts.documents) {
    if (doc.kind === 'other') continue;
    if (doc.publishedDate != null && !isDate(doc.publishedDate)) throw new Error(`文件 ${doc.id} 的发布日期格式无效：${doc.publishedDate}（应为 YYYY-MM-DD）`);
    const kind = doc.kind === 'rule' ? 'rules' : 'normative';
    const place = placeDocument(doc, facts.year);
    const published = doc.publishedDate ?? doc.issuedDate;
    const cells = {
      made: place.issued,
      published: published != null && published >= y.first && published <= y.last,
      total: place.in_force && (published == null || published <= y.last), // TRIAL_TOTAL_PUBLISHED
    };
    for (const [col, counts] of Object.entries(cells)) {
      if (!counts) continue;
      table[kind][col] = (table[kind][col] ?? 0) + 1;
      sources[`table1/${kind}/${col}`].push(doc.id);
    }
  }
  const entered = (item: TrialFigureItem, year: number, from: TrialFigures): number => {
    const v = from[item];
    if (v === undefined) {
      findings.push({
        code: 'facts.missing',
        severity: 'error',
        message: `${year}年度的「${TRIAL_FIGURE_LABELS[item]}」没有录入，表一按 0 计；请在工作台「年度报告表一数据」填报${year}年度（或用 gongkai import figures，项目 ${item}）后重新生成。`,
        where: `figures/${year}/${item}`,
      });
      return 0;
    }
    if (!Number.isFinite(v) || v < 0 || (item === 'procurement_wan_yuan' ? !isWanYuan(v) : !Number.isInteger(v)))
      throw new Error(`第二十条数据「${TRIAL_FIGURE_LABELS[item]}」无效：${String(v)}`);
    return v;
  };
  for (const { row, item } of TRIAL_ITEM_COUNTS) {
    const previous = entered(item, facts.year - 1, facts.previousFigures);
    const now = entered(item, facts.year, facts.figures);
    table[row].previous = previous;
    table[row].change = now - previous;
  }
  table.licensing.decisions = facts.decisions.licensing;
  table.penalty.decisions = facts.decisions.penalty;
  table.coercion.decisions = facts.decisions.coercion;
  table.other_services.decisions = entered('other_services', facts.year, facts.figures);
  table.procurement.count = entered('procurement_count', facts.year, facts.figures);
  table.procurement.amount_wan_yuan = entered('procurement_wan_yuan', facts.year, facts.figures);
  return { table, findings };
}

/**
 * The trial table 2 has one （六）其他处理 row, read into `other.other` (contracts.md §1): the
 * applications of the 2021 format's three （六） leaves are counted there, their ids with them.
 */
export function foldOtherRows(model: ReportModel, sources: Record<string, string[]>): void {
  const a = model.applications;
  for (const code of OUTCOME_CODES) {
    if (!code.startsWith('other.') || code === 'other.other') continue;
    for (const col of TABLE2_COLUMNS) {
      a['other.other'][col] = (a['other.other'][col] ?? 0) + (a[code][col] ?? 0);
      a[code][col] = 0;
      const from = sources[`table2/${code}/${col}`];
      if (from) {
        sources[`table2/other.other/${col}`].push(...from);
        from.length = 0;
      }
    }
  }
}
