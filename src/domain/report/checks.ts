/**
 * The checks of an annual report (勾稽关系 and the rest): one set, used by the compiler (before
 * publication) and by the auditor (on anyone's published report). Pure: no I/O.
 *
 * Sources (shared/docs/regulation.md):
 * - 国办公开办函〔2021〕30号 (S1), table 2 header: 「第一项加第二项之和，等于第三项加第四项之和」 —
 *   the only identity the format states (`identity.balance`). The others (（七）总计 = Σ 21 leaves,
 *   row 总计 = Σ six applicant columns, table 3 总计 = Σ four results) are implied by the table's
 *   structure (derived, §1.3–1.4).
 * - 《政府信息公开条例》第四十九条: the report is published 「在每年1月31日前」 (`deadline.late`);
 *   S1 二: supervisors' roll-ups by 2月20日 (县级), 3月10日 (地市级), 3月31日 (省级).
 * - 《政府信息公开条例》第五十条 and the six headings of the S1 template (`structure.*`).
 * - S1 三(四): 「内容雷同」 (`section.repeated`); S2 (2019 trial format): 「对“其他处理”数量偏高的行政
 *   机关，要了解情况」 (`other.high`).
 */
import {
  APPEAL_KINDS,
  APPEAL_RESULTS,
  APPEAL_RESULT_LABELS,
  APPEAL_KIND_LABELS,
  APPLICANT_TYPES,
  APPLICANT_TYPE_LABELS,
  OUTCOME_CODES,
  REPORT_SECTIONS,
  TABLE2_COLUMNS,
  TABLE2_ROWS,
  TABLE2_ROW_LABELS,
  type ReportSectionKey,
  type Table2Column,
  type Table2Row,
  FIGURE_ITEMS,
  FIGURES,
  TABLE1_DOCUMENT_COLUMN_LABELS,
  TABLE1_DOCUMENT_COLUMNS,
  TABLE1_DOCUMENT_KIND_LABELS,
} from '../taxonomy/index.ts';
import { TRIAL_TABLE1_CELLS } from '../taxonomy/table1-2019.ts';
import type { Cell, Finding, ReportModel } from './model.ts';
import { checkStatedNumbers, sum } from './checks-text.ts';

export { checkStatedNumbers, parseNumber, statedProactive, type StatedProactive } from './checks-text.ts';

/** One section heading as a published report actually printed it. */
export interface ParsedHeading {
  /** The Chinese numeral the report used (「二」 of 「二、主动公开政府信息情况」), null when unnumbered. */
  numeral: string | null;
  /** The heading text after the numeral, as printed. */
  title: string;
  /** The statutory section it was recognised as, or null for a section the format does not have. */
  key: ReportSectionKey | null;
}

/** The structure of an audited report: its top-level headings in order of appearance. */
export interface ParsedStructure {
  headings: ParsedHeading[];
}

/** Who publishes: a department by 1 月 31 日 (第四十九条), or a supervisor's roll-up (S1 二). */
export type DeadlineLevel = 'department' | 'county' | 'city' | 'province';

/** Month-day of the publication deadline in the year after the report year, per level (S1 二). */
export const PUBLICATION_DEADLINES: Record<DeadlineLevel, string> = {
  department: '01-31', // 第四十九条第一款
  county: '02-20',
  city: '03-10',
  province: '03-31', // 第四十九条第二款
};

/**
 * Policy (ours, S2 names no number): 「其他处理」 is flagged when it is more than this share of
 * （七）总计 and at least OTHER_HIGH_MIN_COUNT applications.
 */
export const OTHER_HIGH_SHARE = 0.1;
export const OTHER_HIGH_MIN_COUNT = 2;

/** Policy (ours): section 五 is 「雷同」 when its character-bigram similarity to last year's is at least this. */
export const REPEATED_SIMILARITY = 0.9;

export interface CheckContext {
  /** Last year's report of the same agency: enables `carryover.mismatch` and `section.repeated`. */
  previous?: ReportModel;
  /** Publication date YYYY-MM-DD (defaults to `model.published`): enables `deadline.late`. */
  publishedDate?: string;
  /** Default 'department' (1 月 31 日). */
  deadlineLevel?: DeadlineLevel;
  /** The headings an audited report printed: enables `structure.numbering` and `structure.heading_wording`. */
  structure?: ParsedStructure;
  /** Extra prose to scan for stated numbers (an audited report's whole text). Default: the three prose sections. */
  text?: string;
  /** Rows of table 2 the report does not print (（六） as one row): not blank cells, 0 in the identities. */
  unprinted?: ReadonlySet<string>;
  /** The audited text ends inside a table: sections after the cut are not missing, they were not received. */
  truncated?: boolean;
}

const COLUMN_LABEL = (c: Table2Column) => (c === 'total' || c === 'natural' ? APPLICANT_TYPE_LABELS[c] : `法人或其他组织·${APPLICANT_TYPE_LABELS[c]}`);
const ROW_LABEL = (r: Table2Row) => TABLE2_ROW_LABELS[r];


/** Trial table 1 cells whose blank is already reported through the 2021 projection (`proactive`). */
const TRIAL_PROJECTED: ReadonlySet<string> = new Set(['rules/made', 'rules/total', 'normative/made', 'normative/total', 'licensing/decisions', 'penalty/decisions', 'coercion/decisions']);

/** Rows that do not exist in the 2019 trial format (its （六）其他处理 is a single row, read into other.other). */
const TRIAL_ABSENT_ROWS: ReadonlySet<string> = new Set(['other.correction_lapsed', 'other.fee_lapsed']);

/** Run every check that applies; returns the findings (it does not modify the model). */
export function checkReport(model: ReportModel, context: CheckContext = {}): Finding[] {
  const findings: Finding[] = [];
  const unprinted = new Set<string>(context.unprinted ?? []);
  if (model.format === '2019') for (const r of TRIAL_ABSENT_ROWS) unprinted.add(r);
  findings.push(...checkBlanks(model).filter((f) => !unprinted.has(f.where?.split('/')[1] ?? '')));
  findings.push(...checkIdentities(model, unprinted));
  if (context.previous) findings.push(...checkCarryover(model, context.previous));
  const published = context.publishedDate ?? model.published;
  if (published) findings.push(...checkDeadline(model.year, published, context.deadlineLevel ?? 'department'));
  findings.push(...checkStatedNumbers(model, context.text));
  const structure = checkStructure(model, context.structure);
  findings.push(...(context.truncated ? structure.filter((f) => !afterTheCut(f, context.structure)) : structure));
  findings.push(...checkOtherHigh(model));
  if (context.previous) findings.push(...checkRepeated(model, context.previous));
  return findings;
}

// ---------------------------------------------------------------- cell.blank

export function checkBlanks(model: ReportModel): Finding[] {
  const out: Finding[] = [];
  const blank = (where: string, what: string) =>
    out.push({
      code: 'cell.blank',
      severity: 'error',
      message: `${what}为空（或填「/」「—」），此处应填写数字（没有即填 0）。`,
      where,
      expected: '数字',
      found: null,
    });
  const p = model.proactive;
  const trial = model.format === '2019';
  for (const kind of ['rules', 'normative'] as const) {
    const label = TABLE1_DOCUMENT_KIND_LABELS[kind];
    for (const col of TABLE1_DOCUMENT_COLUMNS) {
      // The 2019 trial table 1 has no 废止 column (regulation.md §1.7).
      if (trial && col === 'repealed') continue;
      const colLabel = TABLE1_DOCUMENT_COLUMN_LABELS[col];
      if (p[kind][col] === null) blank(`table1/${kind}/${col}`, `表一「${label}」的「${colLabel}」`);
    }
  }
  for (const key of FIGURE_ITEMS) {
    if (trial && key === 'fees_wan_yuan') continue; // the trial table 1 has no amount
    if (p[key] === null) blank(`table1/${key}`, `表一「${FIGURES[key].label}」`);
  }
  // the trial table 1's own cells (src/domain/taxonomy/table1-2019.ts), where the 2021 projection has none
  for (const { row, column, label } of trial && model.proactive_2019 ? TRIAL_TABLE1_CELLS : [])
    if (model.proactive_2019![row]?.[column.key] == null && !TRIAL_PROJECTED.has(`${row}/${column.key}`)) blank(`table1/${row}/${column.key}`, `表一「${label}」的「${column.label}」`);
  for (const row of TABLE2_ROWS) {
    if (trial && TRIAL_ABSENT_ROWS.has(row)) continue;
    for (const col of TABLE2_COLUMNS) {
      if (model.applications[row]?.[col] === null || model.applications[row]?.[col] === undefined)
        blank(`table2/${row}/${col}`, `表二「${ROW_LABEL(row)}」行「${COLUMN_LABEL(col)}」列`);
    }
  }
  for (const kind of APPEAL_KINDS) {
    for (const col of [...APPEAL_RESULTS, 'total'] as const) {
      const v = model.appeals[kind]?.[col];
      if (v === null || v === undefined) blank(`table3/${kind}/${col}`, `表三「${APPEAL_KIND_LABELS[kind]}」的「${APPEAL_RESULT_LABELS[col]}」`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- identities

export function checkIdentities(model: ReportModel, unprinted: ReadonlySet<string> = new Set()): Finding[] {
  const out: Finding[] = [];
  const a = model.applications;
  // a row the report does not print counts 0 (the 2019 trial format's single （六）, contracts.md §1)
  const cell = (r: Table2Row, c: Table2Column): Cell => a[r]?.[c] ?? (unprinted.has(r) ? 0 : null);

  // Row totals: 总计 = 自然人 + the five 法人或其他组织 columns (derived from the table's structure).
  for (const row of TABLE2_ROWS) {
    const total = cell(row, 'total');
    const s = sum(APPLICANT_TYPES.map((c) => cell(row, c)));
    if (total === null || s === null || total === s) continue;
    out.push({
      code: 'identity.row_total',
      severity: 'error',
      message: `表二「${ROW_LABEL(row)}」行：总计为 ${total}，但六个申请人列之和为 ${s}，两者应相等。`,
      where: `table2/${row}/total`,
      expected: s,
      found: total,
    });
  }

  for (const col of TABLE2_COLUMNS) {
    // （七）总计 = Σ of the 21 outcome leaves (derived).
    const total = cell('total', col);
    const leaves = sum(OUTCOME_CODES.map((r) => cell(r, col)));
    if (total !== null && leaves !== null && total !== leaves) {
      out.push({
        code: 'identity.outcome_total',
        severity: 'error',
        message: `表二「${COLUMN_LABEL(col)}」列：（七）总计为 ${total}，但 21 项办理结果之和为 ${leaves}，两者应相等。`,
        where: `table2/total/${col}`,
        expected: leaves,
        found: total,
      });
    }
    // 一 + 二 = 三（（七）总计）+ 四 — the identity stated in the table's header (S1).
    const left = sum([cell('new', col), cell('carried_in', col)]);
    const right = sum([cell('total', col), cell('carried_out', col)]);
    if (left !== null && right !== null && left !== right) {
      out.push({
        code: 'identity.balance',
        severity: 'error',
        message: `表二「${COLUMN_LABEL(col)}」列：一（本年新收 ${cell('new', col)}）加二（上年结转 ${cell('carried_in', col)}）为 ${left}，但三（（七）总计 ${cell('total', col)}）加四（结转下年度 ${cell('carried_out', col)}）为 ${right}；表头的勾稽关系要求两者相等。`,
        where: `table2/${col}`,
        expected: left,
        found: right,
      });
    }
  }

  for (const kind of APPEAL_KINDS) {
    const row = model.appeals[kind];
    if (!row) continue;
    const total = row.total ?? null;
    const s = sum(APPEAL_RESULTS.map((r) => row[r] ?? null));
    if (total === null || s === null || total === s) continue;
    out.push({
      code: 'identity.appeal_total',
      severity: 'error',
      message: `表三「${APPEAL_KIND_LABELS[kind]}」：总计为 ${total}，但结果维持、结果纠正、其他结果、尚未审结之和为 ${s}，两者应相等。`,
      where: `table3/${kind}/total`,
      expected: s,
      found: total,
    });
  }
  return out;
}

// ---------------------------------------------------------------- carryover.mismatch

export function checkCarryover(model: ReportModel, previous: ReportModel): Finding[] {
  // Only a report of the year just before can be compared (either year unknown: assume so).
  if (model.year !== null && previous.year !== null && previous.year !== model.year - 1) return [];
  const out: Finding[] = [];
  for (const col of TABLE2_COLUMNS) {
    const now = model.applications.carried_in?.[col] ?? null;
    const before = previous.applications.carried_out?.[col] ?? null;
    if (now === null || before === null || now === before) continue;
    out.push({
      code: 'carryover.mismatch',
      severity: 'error',
      message: `表二「${COLUMN_LABEL(col)}」列：本年「上年结转」为 ${now}，但上一年度报告的「结转下年度继续办理」为 ${before}，两者应相等。`,
      where: `table2/carried_in/${col}`,
      expected: before,
      found: now,
    });
  }
  return out;
}

// ---------------------------------------------------------------- deadline.late

export function checkDeadline(year: number | null, publishedDate: string, level: DeadlineLevel = 'department'): Finding[] {
  if (year === null || !/^\d{4}-\d{2}-\d{2}$/.test(publishedDate)) return [];
  const deadline = `${year + 1}-${PUBLICATION_DEADLINES[level]}`;
  if (publishedDate <= deadline) return [];
  const basis = level === 'department' ? '《政府信息公开条例》第四十九条' : '国办公开办函〔2021〕30号 二、报告方式及时间';
  return [
    {
      code: 'deadline.late',
      severity: 'error',
      message: `${year}年度报告于 ${publishedDate} 发布，晚于${basis}规定的 ${deadline}。`,
      where: 'published',
      expected: deadline,
      found: publishedDate,
    },
  ];
}

// ---------------------------------------------------------------- structure.*

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** Strip what does not change a heading's meaning: spaces, punctuation, quotes, 「（文字描述）」-like notes. */
export function normaliseHeading(text: string): string {
  return text
    .replace(/[（(][^（()）]*(描述|报告|此处)[^（()）]*[）)]/g, '')
    .replace(/[\s\u00a0\u3000“”"'‘’「」『』《》〈〉.,，、。:：;；!！?？·•\-—_（）()]/g, '');
}

const PROSE_SECTIONS: ReadonlySet<ReportSectionKey> = new Set(['overview', 'problems', 'other']);

export function checkStructure(model: ReportModel, structure?: ParsedStructure): Finding[] {
  const out: Finding[] = [];
  if (!structure) {
    // A compiled report: an empty prose section (一、五、六) is a missing section (第五十条).
    for (const s of REPORT_SECTIONS) {
      if (!PROSE_SECTIONS.has(s.key)) continue;
      const text = model.sections[s.key as 'overview' | 'problems' | 'other'];
      if (!text || !text.trim())
        out.push({
          code: 'structure.missing_section',
          severity: 'error',
          message: `第${s.numeral}部分「${s.numeral}、${s.heading}」没有内容；《政府信息公开条例》第五十条和年度报告格式要求这一部分。`,
          where: `section/${s.key}`,
          expected: `${s.numeral}、${s.heading}`,
          found: '',
        });
    }
    return out;
  }
  const headings = structure.headings;
  for (const s of REPORT_SECTIONS) {
    const found = headings.find((h) => h.key === s.key);
    if (!found) {
      const sameNumeral = headings.find((h) => h.numeral === s.numeral && h.key === null);
      out.push({
        code: 'structure.missing_section',
        severity: 'error',
        message: `缺少法定的第${s.numeral}部分「${s.numeral}、${s.heading}」${sameNumeral ? `（报告在此编号下写的是「${sameNumeral.numeral}、${sameNumeral.title}」）` : ''}。`,
        where: `section/${s.key}`,
        expected: `${s.numeral}、${s.heading}`,
        found: sameNumeral ? `${sameNumeral.numeral}、${sameNumeral.title}` : null,
      });
      continue;
    }
    if (normaliseHeading(found.title) !== normaliseHeading(s.heading)) {
      out.push({
        code: 'structure.heading_wording',
        severity: 'warning',
        message: `第${s.numeral}部分的标题写作「${found.title}」，年度报告格式的标题是「${s.heading}」。`,
        where: `section/${s.key}`,
        expected: s.heading,
        found: found.title,
      });
    }
  }
  // Numbering: duplicates, breaks in the sequence, and statutory sections under another numeral.
  const seen = new Map<string, ParsedHeading[]>();
  for (const h of headings) {
    if (!h.numeral) continue;
    const list = seen.get(h.numeral) ?? [];
    list.push(h);
    seen.set(h.numeral, list);
  }
  for (const [numeral, list] of seen) {
    if (list.length < 2) continue;
    out.push({
      code: 'structure.numbering',
      severity: 'warning',
      message: `有 ${list.length} 个部分都编号为「${numeral}」：${list.map((h) => `「${numeral}、${h.title}」`).join('、')}；各部分应依次编号、不得重复。`,
      where: `section/numeral/${numeral}`,
      expected: `只有一个「${numeral}、」`,
      found: list.map((h) => `${numeral}、${h.title}`).join(' / '),
    });
  }
  let previous = -1;
  for (const h of headings) {
    if (!h.numeral) continue;
    const index = NUMERALS.indexOf(h.numeral);
    if (index < 0) continue;
    const statutory = h.key ? REPORT_SECTIONS.find((s) => s.key === h.key) : undefined;
    if (statutory && statutory.numeral !== h.numeral) {
      out.push({
        code: 'structure.numbering',
        severity: 'warning',
        message: `法定的「${statutory.heading}」编为第「${h.numeral}」部分，年度报告格式中它是第「${statutory.numeral}」部分。`,
        where: `section/${statutory.key}`,
        expected: statutory.numeral,
        found: h.numeral,
      });
    } else if (previous >= 0 && index !== previous + 1 && index !== previous) {
      out.push({
        code: 'structure.numbering',
        severity: 'warning',
        message: `「${h.numeral}、${h.title}」紧接在第「${NUMERALS[previous]}」部分之后，编号不连续。`,
        where: `section/numeral/${h.numeral}`,
        expected: NUMERALS[previous + 1],
        found: h.numeral,
      });
    }
    previous = index;
  }
  return out;
}

/** A missing section after the last heading received, in a text that was cut short: not missing, not received. */
function afterTheCut(f: Finding, structure?: ParsedStructure): boolean {
  if (f.code !== 'structure.missing_section') return false;
  const last = Math.max(-1, ...(structure?.headings ?? []).map((h) => REPORT_SECTIONS.findIndex((s) => s.key === h.key)));
  return REPORT_SECTIONS.findIndex((s) => `section/${s.key}` === f.where) > last;
}

// ---------------------------------------------------------------- section.fee_missing

/**
 * 国办公开办函〔2021〕30号, note to 「六、其他需要报告的事项」: 「各行政机关依据《政府信息公开信息处理费管理办法》
 * 收取信息处理费的情况，在此处专门报告」 (regulation.md §1.1). An audited 2021-format report whose
 * section 六 does not state the 信息处理费 collected (even 「未收取」) lacks it. (The 2019 trial
 * format predates the fee measures, 国办函〔2020〕109号.)
 */
export function checkFeeStatement(model: ReportModel, structure: ParsedStructure): Finding[] {
  if (model.format !== '2021') return [];
  if (!structure.headings.some((h) => h.key === 'other')) return []; // no section 六: structure.missing_section says it
  if (/信息处理费|处理费|收费/.test(model.sections.other ?? '')) return [];
  return [
    {
      code: 'section.fee_missing',
      severity: 'warning',
      message: '「六、其他需要报告的事项」没有报告收取信息处理费的情况；年度报告格式要求依据《政府信息公开信息处理费管理办法》收取信息处理费的情况在此处专门报告（没有收取也应写明）。',
      where: 'section/other',
      expected: '收取信息处理费的情况',
      found: null,
    },
  ];
}

// ---------------------------------------------------------------- other.high

export function checkOtherHigh(model: ReportModel): Finding[] {
  const a = model.applications;
  const total = a.total.total;
  const other = sum([a['other.correction_lapsed'].total, a['other.fee_lapsed'].total, a['other.other'].total]);
  if (total === null || other === null || total <= 0) return [];
  if (other < OTHER_HIGH_MIN_COUNT || other / total <= OTHER_HIGH_SHARE) return [];
  return [
    {
      code: 'other.high',
      severity: 'warning',
      message: `「（六）其他处理」共 ${other} 件，占（七）总计 ${total} 件的 ${Math.round((other / total) * 100)}%；国办公开办函〔2019〕60号要求对「其他处理」数量偏高的机关了解情况（原则上应按法定处理方式作出处理）。`,
      where: 'table2/other/total',
      expected: `不超过 ${Math.round(OTHER_HIGH_SHARE * 100)}%`,
      found: other,
    },
  ];
}

// ---------------------------------------------------------------- section.repeated

function bigrams(text: string): Set<string> {
  const t = text.replace(/[\s\u00a0\u3000\d０-９，。、；：,.;:“”"（）()《》]/g, '');
  const set = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) set.add(t.slice(i, i + 2));
  return set;
}

/** Dice similarity of character bigrams (years and punctuation ignored). */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

export function checkRepeated(model: ReportModel, previous: ReportModel): Finding[] {
  const now = model.sections.problems ?? '';
  const before = previous.sections.problems ?? '';
  if (now.trim().length < 10 || before.trim().length < 10) return [];
  const similarity = textSimilarity(now, before);
  if (similarity < REPEATED_SIMILARITY) return [];
  return [
    {
      code: 'section.repeated',
      severity: 'warning',
      message: `「五、存在的主要问题及改进情况」与上一年度报告${similarity === 1 ? '相同' : `几乎相同（相似度 ${Math.round(similarity * 100)}%）`}；国办公开办函〔2021〕30号要求「查找问题要有针对性」，不得「年年雷同」。`,
      where: 'section/problems',
      expected: '与上一年度不同的内容',
      found: `相似度 ${Math.round(similarity * 100)}%`,
    },
  ];
}

/** Helper for callers: the number of findings of each severity. */
export function countSeverities(findings: Finding[]): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

