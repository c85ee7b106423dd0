/**
 * The auditor's reader: a published annual report, as people actually find it (text copied from
 * a portal page, the page's HTML, a DOCX converted to HTML, a PDF's text layer), read into the
 * report model of contracts.md §2, with `findings` = what the reading found (parse.*, reworded
 * labels) + checkReport().
 *
 * Tables are located by their row labels (the statutory labels of the taxonomy, matched with
 * spaces, quotes and punctuation ignored), numbers are assigned in row order: 7 per row of table 2,
 * 15 for table 3 (复议 5, 直接起诉 5, 复议后起诉 5), 3 or 1 per row of table 1. Damage: fused digits
 * (fused.ts, split by the identities in tables 2 and 3; in table 1, which has none, only when forced),
 * numbers printed one row off their labels (align.ts), lost headers, blank cells. Formats: 2021
 * (国办公开办函〔2021〕30号) and the 2019 trial format (国办公开办函〔2019〕60号, regulation.md §1.7).
 */
import {
  APPEAL_COLUMNS,
  APPEAL_KINDS,
  OUTCOME_CODES,
  REPORT_SECTIONS,
  TABLE2_COLUMNS,
  TABLE2_ROWS,
  TABLE2_ROW_LABELS,
  type ReportSectionKey,
  type Table2Row,
} from '../taxonomy/index.ts';
import { emptyReport, type Cell, type Finding, type ReportFormat, type ReportModel } from '../report/model.ts';
import { checkReport, type CheckContext, type ParsedHeading, type ParsedStructure } from '../report/checks.ts';
import { htmlLines, labelCore, textLines, tokenise, type Lines, type Token } from './tokens.ts';
import { fusedCandidates } from './fused.ts';
import { realignRows, table2Holds, type Table2Cells } from './align.ts';

export interface ReadOptions {
  /** Last year's report of the same agency (carry-over and 「雷同」 checks). */
  previous?: ReportModel;
  /** The file name, kept in `model.file`. */
  file?: string;
  deadlineLevel?: CheckContext['deadlineLevel'];
}

/** What the reading found besides the numbers (exposed for tests and the CLI). */
export interface ReadResult {
  model: ReportModel;
  structure: ParsedStructure;
  /** Every line's normalised text (for the text checks). */
  lines: string[];
}

// ------------------------------------------------------------------ labels

interface RowSpec {
  row: Table2Row;
  canonical: string;
  signatures: string[];
}

const SIGNATURES: Partial<Record<Table2Row, string[]>> = {
  new: ['本年新收', '新收政府信息公开申请'],
  carried_in: ['上年结转'],
  public: ['予以公开'],
  partial: ['部分公开'],
  'withheld.state_secret': ['国家秘密'],
  'withheld.prohibited': ['禁止公开'],
  'withheld.security_stability': ['三安全一稳定'],
  'withheld.third_party': ['第三方合法权益'],
  'withheld.internal_affairs': ['内部事务'],
  'withheld.process_info': ['过程性信息'],
  'withheld.enforcement_file': ['执法案卷'],
  'withheld.inquiry': ['查询事项'],
  'unavailable.not_held': ['不掌握'],
  'unavailable.needs_creation': ['另行制作'],
  'unavailable.unclear_after_correction': ['补正后'],
  'not_handled.petition': ['信访'],
  'not_handled.duplicate': ['重复申请'],
  'not_handled.publication': ['出版物'],
  'not_handled.excessive': ['大量反复'],
  'not_handled.confirmation': ['重新出具'],
  'other.correction_lapsed': ['逾期不补正'],
  'other.fee_lapsed': ['收费通知', '缴纳费用'],
  carried_out: ['结转下年', '结转下一年'],
};

const ROW_SPECS: RowSpec[] = TABLE2_ROWS.map((row) => ({
  row,
  canonical: labelCore(TABLE2_ROW_LABELS[row]),
  signatures: SIGNATURES[row] ?? [],
}));

const LEAVES: ReadonlySet<string> = new Set(OUTCOME_CODES);

/** Which row of table 2 a label is, given the row read just before (「其他」「总计」 depend on it). */
function matchRow(core: string, lastRow: Table2Row | null): { row: Table2Row; exact: boolean } | null {
  if (!core || core.length > 60) return null;
  if (core === '其他') return lastRow && lastRow.startsWith('other.') ? { row: 'other.other', exact: true } : null;
  if (core === '总计' || core === '合计') return lastRow && LEAVES.has(lastRow) ? { row: 'total', exact: core === '总计' } : null;
  if (core === '其他处理') return { row: 'other.other', exact: true }; // the 2019 single row (only when followed by numbers)
  for (const spec of ROW_SPECS) if (spec.canonical === core) return { row: spec.row, exact: true };
  for (const spec of ROW_SPECS) {
    if (spec.row === 'public' ? core.startsWith('予以公开') : spec.signatures.some((sig) => core.includes(sig)))
      return { row: spec.row, exact: false };
  }
  return null;
}

const HEADER_WORDS: Record<string, string> = {
  自然人: 'natural',
  商业企业: 'org.business',
  科研机构: 'org.research',
  社会公益组织: 'org.public_interest',
  法律服务机构: 'org.legal_service',
  其他: 'org.other',
  总计: 'total',
};
const APPEAL_HEADER_WORDS = new Set(['行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉', '合计']);

const SECTION_KEYWORDS: Array<[ReportSectionKey, RegExp]> = [
  ['appeals', /复议|诉讼/],
  ['proactive', /主动公开/],
  ['applications', /收到和处理|依申请|处理政府信息公开申请|公开申请情况/],
  ['problems', /问题/],
  ['other', /其他需要报告|其他事项/],
  ['overview', /总体情况|总体概述|基本情况|概述/],
];

const HEADING = /^([一二三四五六七八九十]{1,3})\s*[、.]\s*(.*)$/;
const NOT_A_HEADING = /本年新收|上年结转|本年度办理结果|结转下年|^$/;

// ------------------------------------------------------------------ public entry points

/** Read plain text (copied from a page, or extracted from a PDF). Never throws. */
export function readReportText(text: string, options: ReadOptions = {}): ReadResult {
  return safely(() => readLines(textLines(String(text ?? '')), options), options);
}

/** Read the HTML of a portal page (or of a DOCX converted by mammoth). Never throws. */
export function readReportHtml(html: string, options: ReadOptions = {}): ReadResult {
  return safely(() => readLines(htmlLines(String(html ?? '')), options), options);
}

/** Convenience: the model only. */
export function auditText(text: string, options: ReadOptions = {}): ReportModel {
  return readReportText(text, options).model;
}
export function auditHtml(html: string, options: ReadOptions = {}): ReportModel {
  return readReportHtml(html, options).model;
}

function safely(run: () => ReadResult, options: ReadOptions): ReadResult {
  try {
    return run();
  } catch (err) {
    // A bug of the reader must not stop a bulk audit: the report is returned as unreadable.
    const model = emptyReport(null, '', null);
    if (options.file) model.file = options.file;
    model.findings = [
      {
        code: 'parse.unreadable',
        severity: 'error',
        message: `无法读取这份报告（读取程序出错：${err instanceof Error ? err.message : String(err)}）。`,
        where: 'document',
      },
    ];
    return { model, structure: { headings: [] }, lines: [] };
  }
}

// ------------------------------------------------------------------ the reader

interface RowRead {
  row: Table2Row;
  label: string;
  exact: boolean;
  nums: Array<{ s: string; v: number | null }>;
}

function readLines(doc: Lines, options: ReadOptions): ReadResult {
  const lines = doc.lines;
  const tokens = tokenise(lines);
  const findings: Finding[] = [];
  const parseFinding = (f: Omit<Finding, 'severity'> & { severity?: Finding['severity'] }) =>
    findings.push({ severity: 'warning', ...f } as Finding);

  // ---- title: year, agency, 发布日期
  const { year, agency } = readTitle(lines);
  const published = readPublished(lines);

  // ---- table 2: rows by label, in document order
  const rows = new Map<Table2Row, RowRead>();
  let lastRow: Table2Row | null = null;
  let firstRowToken = -1;
  let lastTable2Token = -1;
  let singleOtherRow = false;
  const bare = new Map<Table2Row, RowRead>();
  const bareAt = new Map<Table2Row, number>();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t !== 'text') continue;
    if (rows.has('carried_out')) break;
    if (tok.s.length > 80 || tok.s.includes('。')) continue;
    const core = labelCore(tok.s);
    const match = matchRow(core, lastRow);
    if (!match || rows.has(match.row)) continue;
    const nums: RowRead['nums'] = [];
    let j = i + 1;
    while (j < tokens.length && tokens[j].t === 'num') {
      const n = tokens[j] as Extract<Token, { t: 'num' }>;
      nums.push({ s: n.s, v: n.v });
      j++;
    }
    if (nums.length === 0) {
      // a label without numbers inside the table: its numbers may be printed under another label
      if (!bare.has(match.row)) {
        bare.set(match.row, { row: match.row, label: tok.s, exact: match.exact, nums: [] });
        bareAt.set(match.row, i);
        lastRow = match.row;
      }
      continue;
    }
    if (match.row === 'other.other' && core === '其他处理') singleOtherRow = true;
    bare.delete(match.row);
    rows.set(match.row, { row: match.row, label: tok.s, exact: match.exact, nums });
    if (firstRowToken < 0) firstRowToken = i;
    lastTable2Token = j;
    lastRow = match.row;
    i = j - 1;
  }

  // a bare label counts only in or just before the table (not a phrase of the prose above it)
  for (const [r, at] of bareAt) if (firstRowToken < 0 || at < firstRowToken - 12) bare.delete(r);

  // ---- format
  const trialMarkers = tokens.some(
    (t) => t.t === 'text' && /本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量/.test(labelCore(t.s)),
  );
  const format: ReportFormat =
    singleOtherRow || trialMarkers || (!rows.has('other.correction_lapsed') && !rows.has('other.fee_lapsed') && year !== null && year <= 2020 && rows.size > 0)
      ? '2019'
      : '2021';

  const model = emptyReport(year, agency, null, format);
  if (published) model.published = published;
  if (options.file) model.file = options.file;
  const suppressBlank = new Set<string>();

  // ---- table 2: assign cells
  const expectedRows = TABLE2_ROWS.filter((r) => !(format === '2019' && (r === 'other.correction_lapsed' || r === 'other.fee_lapsed')));
  if (format === '2019') {
    for (const r of ['other.correction_lapsed', 'other.fee_lapsed'] as const) for (const c of TABLE2_COLUMNS) model.applications[r][c] = 0;
  }
  realign(expectedRows, rows, bare, findings, suppressBlank);
  const ambiguous = new Map<Table2Row, Array<Array<number | null>>>();
  if (rows.size < Math.ceil(expectedRows.length / 2)) {
    for (const r of TABLE2_ROWS) for (const c of TABLE2_COLUMNS) suppressBlank.add(`table2/${r}/${c}`);
    findings.push({
      code: 'parse.unreadable',
      severity: 'error',
      message: rows.size === 0 ? '没有找到表二「收到和处理政府信息公开申请情况」（未识别出任何行标题及其数字）。' : `表二只识别出 ${rows.size} 行（应有 ${expectedRows.length} 行），无法读取。`,
      where: 'table2',
    });
  } else {
    // overflow: a row followed by 14 numbers whose next row has no label of its own
    for (let k = 0; k < expectedRows.length; k++) {
      const read = rows.get(expectedRows[k]);
      if (!read || read.nums.length <= 7) continue;
      const extra = read.nums.slice(7);
      if (extra.every((n) => n.v === null)) {
        read.nums = read.nums.slice(0, 7);
        continue;
      }
      let next = k + 1;
      let rest = extra;
      const moved: string[] = [];
      while (rest.length >= 7 && next < expectedRows.length && !rows.has(expectedRows[next])) {
        rows.set(expectedRows[next], { row: expectedRows[next], label: '', exact: true, nums: rest.slice(0, 7) });
        moved.push(TABLE2_ROW_LABELS[expectedRows[next]]);
        rest = rest.slice(7);
        next++;
      }
      read.nums = read.nums.slice(0, 7);
      if (moved.length)
        parseFinding({
          code: 'parse.recovered',
          message: `表二「${read.label}」之后跟着 ${7 * (moved.length + 1)} 个数字而下一行没有行标题：后 ${7 * moved.length} 个数字按顺序归入${moved.map((m) => `「${m}」`).join('')}。`,
          where: `table2/${expectedRows[k + 1]}`,
        });
      if (rest.length)
        parseFinding({
          code: 'parse.recovered',
          message: `表二「${read.label}」之后多出 ${rest.length} 个数字（${rest.map((n) => n.s).join('、')}），已忽略。`,
          where: `table2/${expectedRows[k]}`,
        });
    }
    for (const r of expectedRows) {
      const read = rows.get(r);
      if (!read) {
        for (const c of TABLE2_COLUMNS) suppressBlank.add(`table2/${r}/${c}`);
        findings.push({
          code: 'parse.unreadable',
          severity: 'error',
          message: `表二没有找到「${TABLE2_ROW_LABELS[r]}」这一行。`,
          where: `table2/${r}`,
        });
        continue;
      }
      if (!read.exact && read.label)
        parseFinding({
          code: 'structure.heading_wording',
          message: `表二的行标题写作「${read.label}」，年度报告格式为「${TABLE2_ROW_LABELS[r]}」。`,
          where: `table2/${r}`,
          expected: TABLE2_ROW_LABELS[r],
          found: read.label,
        });
      if (read.nums.length === 7) {
        TABLE2_COLUMNS.forEach((c, i) => (model.applications[r][c] = read.nums[i].v));
        continue;
      }
      const rowOk = (cells: Cell[]) => {
        if (cells.some((x) => x === null)) return true;
        return (cells[6] as number) === cells.slice(0, 6).reduce<number>((s, x) => s + (x as number), 0);
      };
      const { candidates } = read.nums.length < 7 ? fusedCandidates(read.nums, 7, rowOk, 20) : { candidates: [] };
      if (candidates.length === 1) {
        TABLE2_COLUMNS.forEach((c, i) => (model.applications[r][c] = candidates[0][i]));
        parseFinding({
          code: 'parse.recovered',
          message: `表二「${read.label}」行只有 ${read.nums.length} 个数字（${read.nums.map((n) => n.s).join(' ')}），相邻单元格的数字粘连在一起；按「总计 = 六列之和」唯一可拆分为 ${candidates[0].join('、')}。`,
          where: `table2/${r}`,
          expected: candidates[0].join(','),
          found: read.nums.map((n) => n.s).join(' '),
        });
      } else if (candidates.length > 1) {
        ambiguous.set(r, candidates);
      } else {
        for (const c of TABLE2_COLUMNS) suppressBlank.add(`table2/${r}/${c}`);
        findings.push({
          code: 'parse.unreadable',
          severity: 'error',
          message: `表二「${read.label}」行应有 7 个数字，读到 ${read.nums.length} 个（${read.nums.map((n) => n.s).join(' ')}），无法确定各列。`,
          where: `table2/${r}`,
          found: read.nums.map((n) => n.s).join(' '),
        });
      }
    }
    resolveAmbiguous(model, ambiguous, findings, suppressBlank);
    // header: were the 7 column headers printed?
    if (firstRowToken >= 0 && rows.size >= 3) {
      const seen = new Set<string>();
      for (let i = firstRowToken - 1; i >= 0 && i >= firstRowToken - 40; i--) {
        const tok = tokens[i];
        if (tok.t !== 'text') continue;
        const col = HEADER_WORDS[labelCore(tok.s)];
        if (col) seen.add(col);
      }
      const missing = TABLE2_COLUMNS.filter((c) => !seen.has(c));
      const allSeven = [...rows.values()].every((r) => r.nums.length === 7);
      if (missing.length)
        parseFinding({
          code: 'parse.recovered',
          message:
            missing.length === 7
              ? `表二没有列标题；各列按每行 ${allSeven ? '7 个数字' : '数字'}的顺序推定为自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计。`
              : `表二的列标题缺少${missing.map((c) => `「${columnLabel(c)}」`).join('')}；各列按每行 7 个数字的顺序推定（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）。`,
          where: 'table2/header',
          expected: TABLE2_COLUMNS.map(columnLabel).join('、'),
          found: TABLE2_COLUMNS.filter((c) => seen.has(c)).map(columnLabel).join('、'),
        });
    }
  }

  // ---- table 3
  readAppeals(tokens, Math.max(0, lastTable2Token), model, findings, suppressBlank);

  // ---- table 1
  readProactive(tokens, firstRowToken < 0 ? tokens.length : firstRowToken, model, findings, suppressBlank, format);

  // ---- sections
  const structure = readStructure(lines);
  const prose = sectionProse(doc.raw, structure);
  model.sections = prose;

  const checks = checkReport(model, {
    previous: options.previous,
    structure: structure.headings.length ? structure : { headings: [] },
    text: lines.join('\n'),
    deadlineLevel: options.deadlineLevel,
  }).filter((f) => !(f.code === 'cell.blank' && f.where && suppressBlank.has(f.where)));
  model.findings = [...findings, ...checks];
  return { model, structure, lines };
}

/**
 * Rows printed one off their labels (align.ts): when table 2 does not add up, or a label has no
 * numbers, or one has too many, try the other alignments of the runs of 7 numbers with the labels.
 */
function realign(expected: Table2Row[], rows: Map<Table2Row, RowRead>, bare: Map<Table2Row, RowRead>, findings: Finding[], suppressBlank: Set<string>) {
  if (!expected.every((r) => rows.has(r) || bare.has(r))) return;
  const printed: Table2Cells = {};
  let count = 0;
  let odd = bare.size > 0;
  for (const read of rows.values()) {
    count += read.nums.length;
    if (read.nums.length === 7) printed[read.row] = read.nums.map((n) => n.v);
    else odd = true;
  }
  if (count % 7 !== 0 || (!odd && table2Holds(printed))) return;
  const runs: Cell[][] = [];
  for (const read of rows.values()) for (let k = 0; k < read.nums.length; k += 7) runs.push(read.nums.slice(k, k + 7).map((n) => n.v));
  const found = realignRows(expected, printed, runs);
  if (!found) return;
  const labelOf = (r: Table2Row) => rows.get(r) ?? bare.get(r)!;
  const next = new Map<Table2Row, RowRead>();
  for (const r of expected) {
    const undecided = found.undecided.includes(r);
    const cells = undecided ? new Array<Cell>(7).fill(null) : found.cells[r]!;
    next.set(r, { ...labelOf(r), row: r, nums: cells.map((v) => ({ s: v === null ? '/' : String(v), v })) });
    if (undecided) {
      for (const c of TABLE2_COLUMNS) suppressBlank.add(`table2/${r}/${c}`);
      findings.push({
        code: 'parse.unreadable',
        severity: 'error',
        message: `表二的数字与行标题错位，有多种对齐方式都满足勾稽关系，「${TABLE2_ROW_LABELS[r]}」行的数字无法确定。`,
        where: `table2/${r}`,
      });
    }
  }
  rows.clear();
  for (const [r, read] of next) rows.set(r, read);
  bare.clear();
  const moved = found.moved.filter((r) => !found.undecided.includes(r));
  if (moved.length === 0) return;
  const lost = found.lost ? `「${TABLE2_ROW_LABELS[found.lost]}」行的数字缺失，按勾稽关系推算为 ${found.cells[found.lost]!.join('、')}；` : '';
  findings.push({
    code: 'parse.recovered',
    severity: 'warning',
    message: `表二的数字与行标题错开了一行：${lost}${moved.map((r) => `「${TABLE2_ROW_LABELS[r]}」`).join('')}共 ${moved.length} 行的数字按勾稽关系（一+二=三+四、（七）总计=各项之和、总计=六列之和）重新对齐。`,
    where: `table2/${moved[0]}`,
    expected: moved.map((r) => `${r}=${found.cells[r]!.join(',')}`).join('; '),
  });
}

function columnLabel(c: string): string {
  return Object.entries(HEADER_WORDS).find(([, v]) => v === c)?.[0] ?? c;
}

/** Rows of table 2 with several splits of their fused digits: decide with the column identities. */
function resolveAmbiguous(
  model: ReportModel,
  ambiguous: Map<Table2Row, Array<Array<number | null>>>,
  findings: Finding[],
  suppressBlank: Set<string>,
) {
  if (ambiguous.size === 0) return;
  const entries = [...ambiguous.entries()];
  let combos = 1;
  for (const [, c] of entries) combos *= c.length;
  const fits: number[][] = [];
  if (combos <= 20_000) {
    const pick = new Array(entries.length).fill(0);
    for (let n = 0; n < combos; n++) {
      let x = n;
      for (let k = 0; k < entries.length; k++) {
        pick[k] = x % entries[k][1].length;
        x = Math.floor(x / entries[k][1].length);
        const [row, cands] = entries[k];
        TABLE2_COLUMNS.forEach((c, i) => (model.applications[row][c] = cands[pick[k]][i]));
      }
      if (columnsHold(model)) fits.push([...pick]);
      if (fits.length > 1) break;
    }
  }
  if (fits.length === 1) {
    entries.forEach(([row, cands], k) => {
      const cells = cands[fits[0][k]];
      TABLE2_COLUMNS.forEach((c, i) => (model.applications[row][c] = cells[i]));
      findings.push({
        code: 'parse.recovered',
        severity: 'warning',
        message: `表二「${TABLE2_ROW_LABELS[row]}」行的数字粘连，有 ${cands.length} 种拆分满足「总计 = 六列之和」；按各列的勾稽关系（一+二=三+四、（七）总计=各项之和）唯一确定为 ${cells.join('、')}。`,
        where: `table2/${row}`,
        expected: cells.join(','),
      });
    });
    return;
  }
  for (const [row, cands] of entries) {
    for (const c of TABLE2_COLUMNS) {
      model.applications[row][c] = null;
      suppressBlank.add(`table2/${row}/${c}`);
    }
    findings.push({
      code: 'parse.unreadable',
      severity: 'error',
      message: `表二「${TABLE2_ROW_LABELS[row]}」行的数字粘连，有多种拆分（如 ${cands.slice(0, 3).map((x) => x.join(',')).join(' / ')}）都满足勾稽关系，无法确定。`,
      where: `table2/${row}`,
    });
  }
}

function columnsHold(model: ReportModel): boolean {
  const a = model.applications;
  for (const c of TABLE2_COLUMNS) {
    const leaves = OUTCOME_CODES.map((r) => a[r][c]);
    const total = a.total[c];
    if (total !== null && leaves.every((x) => x !== null) && total !== leaves.reduce<number>((s, x) => s + (x as number), 0)) return false;
    const four = [a.new[c], a.carried_in[c], a.total[c], a.carried_out[c]];
    if (four.every((x) => x !== null) && (four[0] as number) + (four[1] as number) !== (four[2] as number) + (four[3] as number)) return false;
  }
  for (const r of TABLE2_ROWS) {
    const cells = TABLE2_COLUMNS.map((c) => a[r][c]);
    if (cells.every((x) => x !== null) && cells[6] !== cells.slice(0, 6).reduce<number>((s, x) => s + (x as number), 0)) return false;
  }
  return true;
}

// ------------------------------------------------------------------ table 3

function readAppeals(tokens: Token[], from: number, model: ReportModel, findings: Finding[], suppressBlank: Set<string>) {
  const unreadable = (message: string) => {
    for (const k of APPEAL_KINDS) for (const c of APPEAL_COLUMNS) suppressBlank.add(`table3/${k}/${c}`);
    findings.push({ code: 'parse.unreadable', severity: 'error', message, where: 'table3' });
  };
  let start = -1;
  for (let i = from; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'text' && labelCore(tok.s) === '结果维持') {
      start = i;
      break;
    }
  }
  if (start < 0) return unreadable('没有找到表三「政府信息公开行政复议、行政诉讼情况」（未识别出「结果维持」等列标题）。');
  const nums: Array<{ s: string; v: number | null }> = [];
  for (let i = start; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'num') nums.push({ s: tok.s, v: tok.v });
    else if (!APPEAL_HEADER_WORDS.has(labelCore(tok.s))) {
      if (nums.length) break;
    }
    if (nums.length >= 15 && tokens[i + 1]?.t !== 'num') break;
  }
  let cells: Array<number | null> | null = null;
  if (nums.length === 15 || (nums.length > 15 && nums.slice(15).every((n) => n.v === null))) {
    cells = nums.slice(0, 15).map((n) => n.v);
  } else if (nums.length > 0 && nums.length < 15) {
    const groupsOk = (c: Cell[]) => {
      for (let g = 0; g < 3; g++) {
        const part = c.slice(g * 5, g * 5 + 5);
        if (part.some((x) => x === null)) continue;
        if ((part[4] as number) !== (part[0] as number) + (part[1] as number) + (part[2] as number) + (part[3] as number)) return false;
      }
      return true;
    };
    const { candidates } = fusedCandidates(nums, 15, groupsOk, 3);
    if (candidates.length === 1) {
      cells = candidates[0];
      findings.push({
        code: 'parse.recovered',
        severity: 'warning',
        message: `表三只有 ${nums.length} 个数字（${nums.map((n) => n.s).join(' ')}），相邻单元格的数字粘连；按「总计 = 四项结果之和」唯一拆分为 ${cells.join('、')}。`,
        where: 'table3',
        expected: cells.join(','),
        found: nums.map((n) => n.s).join(' '),
      });
    } else {
      return unreadable(`表三应有 15 个数字，读到 ${nums.length} 个（${nums.map((n) => n.s).join(' ')}）${candidates.length > 1 ? '，粘连的数字有多种拆分' : ''}，无法确定各格。`);
    }
  } else {
    return unreadable(nums.length === 0 ? '表三没有读到任何数字。' : `表三应有 15 个数字，读到 ${nums.length} 个，无法确定各格。`);
  }
  APPEAL_KINDS.forEach((k, g) => APPEAL_COLUMNS.forEach((c, i) => (model.appeals[k][c] = cells![g * 5 + i])));
}

// ------------------------------------------------------------------ table 1

type Table1Item = 'rules' | 'normative' | 'licensing' | 'penalty' | 'coercion' | 'fees_wan_yuan';
const TABLE1_LABELS: Array<{ item: Table1Item; exact: string[]; reworded: string[]; label: string }> = [
  { item: 'rules', exact: ['规章'], reworded: [], label: '规章' },
  { item: 'normative', exact: ['行政规范性文件'], reworded: ['规范性文件'], label: '行政规范性文件' },
  { item: 'licensing', exact: ['行政许可'], reworded: [], label: '行政许可' },
  { item: 'penalty', exact: ['行政处罚'], reworded: [], label: '行政处罚' },
  { item: 'coercion', exact: ['行政强制'], reworded: [], label: '行政强制' },
  { item: 'fees_wan_yuan', exact: ['行政事业性收费'], reworded: ['行政事业性收费金额', '收费'], label: '行政事业性收费' },
];

function readProactive(tokens: Token[], until: number, model: ReportModel, findings: Finding[], suppressBlank: Set<string>, format: ReportFormat) {
  const p = model.proactive;
  const found = new Set<Table1Item>();
  const trial = format === '2019';
  for (let i = 0; i < until; i++) {
    const tok = tokens[i];
    if (tok.t !== 'text' || tok.s.length > 30) continue;
    const core = labelCore(tok.s);
    const spec = TABLE1_LABELS.find((s) => !found.has(s.item) && (s.exact.includes(core) || s.reworded.includes(core)));
    if (!spec) continue;
    const printed: Array<{ s: string; v: number | null }> = [];
    let j = i + 1;
    while (j < until && tokens[j].t === 'num') printed.push(tokens[j] as Extract<Token, { t: 'num' }>), j++;
    let nums = printed.map((n) => n.v);
    if (nums.length === 0) continue;
    found.add(spec.item);
    i = j - 1;
    if (spec.reworded.includes(core) && !(trial && spec.item === 'normative'))
      findings.push({
        code: 'structure.heading_wording',
        severity: 'warning',
        message: `表一的行标题写作「${tok.s}」，年度报告格式为「${spec.label}」。`,
        where: `table1/${spec.item}`,
        expected: spec.label,
        found: tok.s,
      });
    // How many numbers the row has: 2021: 3 for 规章/规范性文件, 1 otherwise; 2019 trial: 3, 3 (上一年项目数量|本年增/减|处理决定数量), 2 for 收费.
    const due = spec.item === 'rules' || spec.item === 'normative' ? 3 : trial ? (spec.item === 'fees_wan_yuan' ? 2 : 3) : 1;
    // Table 1 has no identity (regulation.md §1.2): fused digits are split only when the split is
    // forced — as many digits as cells, each digit one cell; otherwise the row is not guessed.
    const digits = printed.reduce((n, x) => n + (x.v !== null && /^\d+$/.test(x.s) ? x.s.length : 1), 0);
    if (nums.length < due && digits === due) {
      nums = printed.flatMap((x) => (x.v !== null && /^\d+$/.test(x.s) ? [...x.s].map(Number) : [x.v]));
      findings.push({
        code: 'parse.recovered',
        severity: 'warning',
        message: `表一「${tok.s}」应有 ${due} 个数字，读到 ${printed.length} 个（${printed.map((x) => x.s).join(' ')}），相邻单元格的数字粘连；共 ${due} 位数字、每格一位，拆分为 ${nums.join('、')}。`,
        where: `table1/${spec.item}`,
        expected: nums.join(','),
        found: printed.map((x) => x.s).join(' '),
      });
    }
    if (nums.length !== due) {
      const fused = printed.filter((x) => x.v !== null && /^\d{2,}$/.test(x.s)).map((x) => `「${x.s}」`);
      const cells = spec.item === 'rules' || spec.item === 'normative' ? ['issued', 'repealed', 'in_force'].map((c) => `table1/${spec.item}/${c}`) : [`table1/${spec.item}`];
      for (const c of cells) suppressBlank.add(c);
      findings.push({
        code: 'parse.unreadable',
        severity: 'error',
        message:
          nums.length < due && fused.length
            ? `表一「${tok.s}」应有 ${due} 个数字，读到 ${nums.length} 个（${printed.map((x) => x.s).join(' ')}），${fused.join('')}可能是相邻单元格的数字粘连；表一没有勾稽关系可以核对，不作猜测，这一行无法读取。`
            : `表一「${tok.s}」应有 ${due} 个数字，读到 ${nums.length} 个（${printed.map((x) => x.s).join(' ')}），无法确定各格。`,
        where: `table1/${spec.item}`,
        found: printed.map((x) => x.s).join(' '),
      });
      continue;
    }
    if (spec.item === 'rules' || spec.item === 'normative') {
      // 2019 trial: 本年新制作数量 | 本年新公开数量 | 对外公开总数量 → issued, (none), in_force
      p[spec.item] = trial ? { issued: nums[0], repealed: null, in_force: nums[2] } : { issued: nums[0], repealed: nums[1], in_force: nums[2] };
    } else if (spec.item === 'fees_wan_yuan') {
      p.fees_wan_yuan = trial ? null : nums[0];
    } else {
      p[spec.item] = trial ? nums[2] : nums[0];
    }
  }
  const missing = TABLE1_LABELS.filter((s) => !found.has(s.item));
  if (missing.length === TABLE1_LABELS.length) {
    for (const k of ['rules', 'normative'] as const) for (const c of ['issued', 'repealed', 'in_force']) suppressBlank.add(`table1/${k}/${c}`);
    for (const k of ['licensing', 'penalty', 'coercion', 'fees_wan_yuan']) suppressBlank.add(`table1/${k}`);
    findings.push({ code: 'parse.unreadable', severity: 'error', message: '没有找到表一「主动公开政府信息情况」（未识别出「规章」「行政许可」等行及其数字）。', where: 'table1' });
    return;
  }
  for (const s of missing) {
    if (trial && s.item === 'fees_wan_yuan') continue;
    const cells = s.item === 'rules' || s.item === 'normative' ? ['issued', 'repealed', 'in_force'].map((c) => `table1/${s.item}/${c}`) : [`table1/${s.item}`];
    for (const c of cells) suppressBlank.add(c);
    findings.push({ code: 'parse.unreadable', severity: 'error', message: `表一没有找到「${s.label}」这一行。`, where: `table1/${s.item}` });
  }
}

// ------------------------------------------------------------------ title, date, sections

const TITLE = /^(.{0,60}?)(\d{4})\s*年\s*度?\s*(?:政府信息公开|政务公开|信息公开)[^。]{0,12}?(?:年度)?报告/;

function readTitle(lines: string[]): { year: number | null; agency: string } {
  let year: number | null = null;
  let agency = '';
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    // a title may wrap onto a second line (PDF)
    const m = TITLE.exec(lines[i]) ?? (lines[i].length < 60 ? TITLE.exec(lines[i] + (lines[i + 1] ?? '')) : null);
    if (!m) continue;
    const y = Number(m[2]);
    if (y < 2000 || y > 2100) continue;
    if (year === null) year = y;
    const prefix = m[1].replace(/^[\s《“"]+|[\s》”"]+$/g, '').replace(/^关于/, '');
    if (!agency && prefix.length >= 2 && /[局委办厅院府部会署室处所站中心司馆]$/.test(prefix)) agency = prefix;
    if (year !== null && agency) break;
  }
  return { year, agency };
}

const PUBLISHED = /(?:发布|公开|成文|印发)(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;

function readPublished(lines: string[]): string | undefined {
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const m = PUBLISHED.exec(lines[i]);
    if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  }
  return undefined;
}

interface HeadingAt extends ParsedHeading {
  line: number;
}

function readStructure(lines: string[]): ParsedStructure & { headings: HeadingAt[] } {
  const headings: HeadingAt[] = [];
  const taken = new Set<ReportSectionKey>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 60 || line.includes('。')) continue;
    const m = HEADING.exec(line);
    if (!m) continue;
    const title = m[2].trim();
    const core = labelCore(title);
    if (NOT_A_HEADING.test(core) || core.length > 40) continue;
    let key: ReportSectionKey | null = null;
    for (const [k, re] of SECTION_KEYWORDS) {
      if (re.test(core)) {
        key = k;
        break;
      }
    }
    if (key && taken.has(key)) key = null;
    if (key) taken.add(key);
    headings.push({ numeral: m[1], title, key, line: i });
  }
  return { headings };
}

function sectionProse(lines: string[], structure: { headings: HeadingAt[] }): ReportModel['sections'] {
  const out = { overview: '', problems: '', other: '' };
  const hs = structure.headings;
  for (let k = 0; k < hs.length; k++) {
    const key = hs[k].key;
    if (key !== 'overview' && key !== 'problems' && key !== 'other') continue;
    const end = k + 1 < hs.length ? hs[k + 1].line : lines.length;
    out[key] = lines.slice(hs[k].line + 1, end).join('\n');
  }
  return out;
}

/** The statutory section headings, for callers that display the structure. */
export const STATUTORY_HEADINGS = REPORT_SECTIONS.map((s) => `${s.numeral}、${s.heading}`);
