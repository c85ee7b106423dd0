/**
 * The annual report compiler: one agency's year of facts → the report model (contracts.md §2),
 * never typed in. Pure: the database layer derives the facts (receipt and decision dates from each
 * application's events, with the clock) and passes them in.
 *
 * Every counting rule is in `policy.ts`. The compiler adds up, keeps for every cell the ids behind
 * it (`sources`), drafts the prose (`prose.ts`) and runs the checks (`checks.ts`) to fill `findings`.
 */
import {
  APPEAL_COLUMNS,
  APPEAL_KINDS,
  APPLICANT_TYPES,
  FIGURE_ITEMS,
  TABLE2_COLUMNS,
  TABLE2_ROWS,
  isOutcomeCode,
  type ApplicantType,
  type Table2Column,
  type Table2Row,
  FIGURES,
  type FigureItem,
} from '../taxonomy/index.ts';
import { checkReport } from './checks.ts';
import { emptyReport, type Finding, type ReportModel, type ReportSections } from './model.ts';
import {
  DEFAULT_POLICY,
  isDate,
  placeAppeal,
  placeApplicationIn,
  placeDocument,
  reportFormatFor,
  type AppealFacts,
  type ApplicationFacts,
  type DocumentFacts,
  type ReportPolicy,
  yearBounds,
} from './policy.ts';
import { draftSections } from './prose.ts';
import { compileTrialTable1, foldOtherRows, type TrialFigures } from './trial.ts';

export type { AppealFacts, ApplicationFacts, DocumentFacts, ReportPolicy } from './policy.ts';

/** 第二十条第（五）（六）（八）项 figures of the year, entered where no system feeds them. */
export interface ReportFigures {
  /** 行政许可 本年处理决定数量 */
  licensing: number;
  /** 行政处罚 本年处理决定数量 */
  penalty: number;
  /** 行政强制 本年处理决定数量 */
  coercion: number;
  /** 行政事业性收费 本年收费金额（万元） */
  fees_wan_yuan: number;
}

export interface ReportFacts {
  agency: { name: string; code: string };
  year: number;
  applications: ApplicationFacts[];
  appeals: AppealFacts[];
  documents: DocumentFacts[];
  figures: ReportFigures;
  /** Prose written by the agency; a section absent here gets its first draft (prose.ts). */
  sections?: Partial<ReportSections>;
  /** 信息处理费 collected in the year, in 元 (reported in section 六). */
  feesCollectedYuan?: number | null;
  /** Last year's report, for the carry-over check (上年结转 = last year's 结转下年度). */
  previous?: ReportModel;
  /** The trial format's figures of the year and of the year before (report years 2019–2020, trial.ts). */
  trialFigures?: TrialFigures;
  previousTrialFigures?: TrialFigures;
}

/**
 * Cell key → the ids of the records behind the cell:
 * `table2/<row>/<column>` (application ids), `table3/<kind>/<column>` (appeal ids),
 * `table1/<rules|normative>/<issued|repealed|in_force>` (document ids). Every cell of tables 2 and 3
 * and of table 1's document rows has a key (an empty list for a zero).
 */
export type ReportSources = Record<string, string[]>;

export interface CompiledReport {
  model: ReportModel;
  sources: ReportSources;
}

export function cellKey(table: 'table1' | 'table2' | 'table3', row: string, column: string): string {
  return `${table}/${row}/${column}`;
}

/**
 * Compiles one agency's report for `facts.year`.
 * Throws (with a Chinese message) only on facts that cannot be counted at all (a bad year, an
 * unknown applicant type or outcome, a malformed date); incomplete records become findings.
 */
export function compileReport(facts: ReportFacts, policy: ReportPolicy = DEFAULT_POLICY): CompiledReport {
  const year = facts.year;
  const bounds = yearBounds(year); // refuses a malformed year before anything is counted
  const format = reportFormatFor(year); // 2019–2020: the trial format; before 2019: refused (policy.ts)
  const model = emptyReport(year, facts.agency.name, 0, format);
  model.agency = { name: facts.agency.name, code: facts.agency.code };
  const sources: ReportSources = {};
  const factFindings: Finding[] = [];

  // Table 2 ------------------------------------------------------------------------------------
  const ids2 = table2Sources(sources);
  const table2 = model.applications;
  for (const app of facts.applications) {
    validateApplication(app);
    noteIncomplete(app, factFindings);
    const place = placeApplicationIn(app, bounds);
    const type = app.applicantType;
    if (place.new) add2(table2, ids2, 'new', type, app.id);
    if (place.carried_in) add2(table2, ids2, 'carried_in', type, app.id);
    if (place.outcome) {
      add2(table2, ids2, place.outcome, type, app.id);
      // （七）总计 = the sum of the 21 leaves (structure of the template; regulation.md §1.3).
      add2(table2, ids2, 'total', type, app.id);
    }
    if (place.carried_out) add2(table2, ids2, 'carried_out', type, app.id);
  }

  // Table 3 ------------------------------------------------------------------------------------
  for (const kind of APPEAL_KINDS) for (const col of APPEAL_COLUMNS) sources[cellKey('table3', kind, col)] = [];
  for (const appeal of facts.appeals) {
    validateAppeal(appeal);
    const col = placeAppeal(appeal, year, policy);
    if (col == null) continue;
    for (const c of [col, 'total'] as const) {
      model.appeals[appeal.kind][c] = (model.appeals[appeal.kind][c] ?? 0) + 1;
      sources[cellKey('table3', appeal.kind, c)].push(appeal.id);
    }
  }

  // Table 1 ------------------------------------------------------------------------------------
  for (const kind of ['rules', 'normative'] as const)
    for (const col of ['issued', 'repealed', 'in_force'] as const) sources[cellKey('table1', kind, col)] = [];
  for (const doc of facts.documents) {
    if (doc.kind === 'other') continue;
    if (doc.issuedDate != null && !isDate(doc.issuedDate)) throw new Error(`文件 ${doc.id} 的制发日期格式无效：${doc.issuedDate}（应为 YYYY-MM-DD）`);
    if (doc.repealedDate != null && !isDate(doc.repealedDate)) throw new Error(`文件 ${doc.id} 的废止日期格式无效：${doc.repealedDate}（应为 YYYY-MM-DD）`);
    const kind = doc.kind === 'rule' ? 'rules' : 'normative';
    const place = placeDocument(doc, year);
    for (const col of ['issued', 'repealed', 'in_force'] as const) {
      if (!place[col]) continue;
      model.proactive[kind][col] = (model.proactive[kind][col] ?? 0) + 1;
      sources[cellKey('table1', kind, col)].push(doc.id);
    }
  }
  for (const item of FIGURE_ITEMS) {
    const value = facts.figures[item];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`第二十条数据「${FIGURE_LABELS[item]}」无效：${String(value)}（应为不小于0的数字）`);
    }
    model.proactive[item] = value;
  }

  // The 2019 trial format: its own table 1, and one （六）其他处理 row ------------------------------
  if (format === '2019') {
    const trial = compileTrialTable1(
      {
        year,
        documents: facts.documents,
        decisions: facts.figures,
        figures: facts.trialFigures ?? {},
        previousFigures: facts.previousTrialFigures ?? {},
      },
      sources,
    );
    model.proactive_2019 = trial.table;
    factFindings.push(...trial.findings);
    foldOtherRows(model, sources);
  }

  // Prose and checks -----------------------------------------------------------------------------
  const drafts = draftSections(model, { feesCollectedYuan: facts.feesCollectedYuan });
  model.sections = {
    overview: facts.sections?.overview ?? drafts.overview,
    problems: facts.sections?.problems ?? drafts.problems,
    other: facts.sections?.other ?? drafts.other,
  };
  model.findings = [...factFindings, ...checkReport(model, { previous: facts.previous })];
  return { model, sources };
}

/** The id lists of table 2's cells, by row and column (the same arrays as in `sources`). */
type Table2Sources = Record<Table2Row, Record<Table2Column, string[]>>;

/** Creates every table-2 cell's empty id list in `sources` (rows then columns, in the format's order). */
function table2Sources(sources: ReportSources): Table2Sources {
  const ids = {} as Table2Sources;
  for (const row of TABLE2_ROWS) {
    const cells = {} as Record<Table2Column, string[]>;
    const keys = TABLE2_KEYS[row];
    for (const col of TABLE2_COLUMNS) sources[keys[col]] = cells[col] = [];
    ids[row] = cells;
  }
  return ids;
}

/** cellKey('table2', row, column) of every cell, built once. */
const TABLE2_KEYS = Object.fromEntries(
  TABLE2_ROWS.map((row) => [row, Object.fromEntries(TABLE2_COLUMNS.map((col) => [col, cellKey('table2', row, col)]))]),
) as Record<Table2Row, Record<Table2Column, string>>;

/** Counts one application in a row of table 2: under its applicant type and under 总计. */
function add2(table: ReportModel['applications'], ids: Table2Sources, row: Table2Row, type: ApplicantType, id: string): void {
  const counts = table[row];
  const cellIds = ids[row];
  counts[type] = (counts[type] ?? 0) + 1;
  cellIds[type].push(id);
  counts.total = (counts.total ?? 0) + 1;
  cellIds.total.push(id);
}

const FIGURE_LABELS = Object.fromEntries(
  FIGURE_ITEMS.map((item) => [item, FIGURES[item].unit === '万元' ? `${FIGURES[item].label}（万元）` : FIGURES[item].label]),
) as Record<FigureItem, string>;

const APPLICATION_DATE_FIELDS = [
  ['receiptDate', '收到申请日期'],
  ['decisionDate', '答复日期'],
  ['withdrawnDate', '撤回日期'],
] as const;

function validateApplication(app: ApplicationFacts): void {
  if (!(APPLICANT_TYPES as readonly string[]).includes(app.applicantType)) {
    throw new Error(`申请 ${app.id} 的申请人类型无效：${String(app.applicantType)}`);
  }
  if (app.outcome != null && !isOutcomeCode(app.outcome)) throw new Error(`申请 ${app.id} 的办理结果代码无效：${String(app.outcome)}`);
  for (const [field, label] of APPLICATION_DATE_FIELDS) {
    const value = app[field];
    if (value != null && !isDate(value)) throw new Error(`申请 ${app.id} 的${label}格式无效：${value}（应为 YYYY-MM-DD）`);
  }
}

function incomplete(findings: Finding[], app: ApplicationFacts, message: string): void {
  findings.push({ code: 'facts.incomplete', severity: 'warning', message, where: `application/${app.id}` });
}

/** Records that can be counted but look wrong become findings (`facts.incomplete`, warning). */
function noteIncomplete(app: ApplicationFacts, findings: Finding[]): void {
  if (app.decisionDate != null && app.outcome == null) incomplete(findings, app, `申请 ${app.id} 有答复日期但没有办理结果，按未办结统计。`);
  if (app.outcome != null && app.decisionDate == null) incomplete(findings, app, `申请 ${app.id} 有办理结果但没有答复日期，按未办结统计。`);
  const closed = app.withdrawnDate ?? app.decisionDate;
  if (app.receiptDate == null && closed != null) incomplete(findings, app, `申请 ${app.id} 已办结或撤回，但没有收到申请日期，未计入报告。`);
  if (app.receiptDate != null && closed != null && closed < app.receiptDate) {
    incomplete(findings, app, `申请 ${app.id} 的办结日期 ${closed} 早于收到申请日期 ${app.receiptDate}，按收到当日办结统计。`);
  }
}

function validateAppeal(appeal: AppealFacts): void {
  if (!(APPEAL_KINDS as readonly string[]).includes(appeal.kind)) throw new Error(`案件 ${appeal.id} 的类型无效：${String(appeal.kind)}`);
  if (!(APPEAL_COLUMNS as readonly string[]).includes(appeal.result) || appeal.result === ('total' as string)) {
    throw new Error(`案件 ${appeal.id} 的结果无效：${String(appeal.result)}`);
  }
  if (!isDate(appeal.filedDate)) throw new Error(`案件 ${appeal.id} 的立案日期格式无效：${String(appeal.filedDate)}（应为 YYYY-MM-DD）`);
  if (appeal.concludedDate != null && !isDate(appeal.concludedDate)) {
    throw new Error(`案件 ${appeal.id} 的审结日期格式无效：${appeal.concludedDate}（应为 YYYY-MM-DD）`);
  }
}
