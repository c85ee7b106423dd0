/**
 * Table 2's cells from the rows collected (collect.ts): seven numbers a row; fused digits split
 * under the identities (fused.ts, every identity at once); rows printed off their labels
 * re-aligned (align.ts); what cannot be decided left null and said.
 */
import { OUTCOME_CODES, TABLE2_COLUMNS, TABLE2_ROWS, TABLE2_ROW_LABELS, type Table2Row } from '../taxonomy/index.ts';
import type { Cell, Finding, ReportModel } from '../report/model.ts';
import { labelCore, type Token } from './tokens.ts';
import { fusedCandidates } from './fused.ts';
import { realignRows, table2Holds, type Table2Cells } from './align.ts';
import type { RowRead, Table2Reading } from './collect.ts';
import { solveFused } from './solve.ts';

function realign(expected: Table2Row[], reading: Table2Reading, findings: Finding[], suppressBlank: Set<string>) {
  const { rows, bare } = reading;
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
  const runs = reading.runs.filter((r) => r.length === 7);
  if (runs.length * 7 !== count) return;
  const found = realignRows(expected, printed, runs);
  if (!found) return;
  const labelOf = (r: Table2Row) => rows.get(r) ?? bare.get(r)!;
  const next = new Map<Table2Row, RowRead>();
  for (const r of expected) {
    const undecided = found.undecided.includes(r);
    const cells = undecided ? new Array<Cell>(7).fill(null) : found.cells[r]!;
    next.set(r, { ...labelOf(r), row: r, nums: cells.map((v) => ({ s: v === null ? '/' : String(v), v })), placed: 'order' });
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
  unprinted: ReadonlySet<Table2Row>,
) {
  if (ambiguous.size === 0) return;
  const solution = solveFused(model, ambiguous, unprinted);
  for (const [row, cands] of ambiguous) {
    const readings = solution.readings.get(row) ?? [];
    if (readings.length === 1 && solution.complete) {
      const cells = readings[0];
      TABLE2_COLUMNS.forEach((c, i) => (model.applications[row][c] = cells[i]));
      findings.push({
        code: 'parse.recovered',
        severity: 'warning',
        message: `表二「${TABLE2_ROW_LABELS[row]}」行的数字粘连，有 ${cands.length} 种拆分满足「总计 = 六列之和」；按各列的勾稽关系（一+二=（七）总计+四、（七）总计=21 项之和）唯一确定为 ${cells.join('、')}（7 格均为推算）。`,
        where: `table2/${row}`,
        expected: cells.join(','),
      });
      continue;
    }
    for (const c of TABLE2_COLUMNS) {
      model.applications[row][c] = null;
      suppressBlank.add(`table2/${row}/${c}`);
    }
    // the readings left: those that survive every identity, or (none survives: a printed mistake
    // somewhere) every split that satisfies the row total
    const left = readings.length ? readings : cands;
    findings.push({
      code: 'parse.ambiguous',
      severity: 'error',
      message: `表二「${TABLE2_ROW_LABELS[row]}」行的数字粘连，${readings.length > 1 ? `满足全部勾稽关系的拆分有 ${readings.length} 种` : `有 ${cands.length} 种拆分满足「总计 = 六列之和」而无法用各列的勾稽关系确定`}，不作猜测；可能的读法：${left.slice(0, 6).map((x) => x.join('|')).join(' / ')}${left.length > 6 ? ' …' : ''}。`,
      where: `table2/${row}`,
      expected: left.map((x) => x.join(',')).join(' / '),
    });
  }
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

export interface Table2Options {
  /** The rows the report prints (the 2019 trial format and a one-row （六） lack two of them). */
  expected: Table2Row[];
  /** The rows it does not print (count 0 in the identities). */
  unprinted: ReadonlySet<Table2Row>;
}

const rowOk = (cells: Cell[]) => {
  if (cells.some((x) => x === null)) return true;
  return (cells[6] as number) === cells.slice(0, 6).reduce<number>((s, x) => s + (x as number), 0);
};

/** Fill `model.applications` from the rows collected; findings say what was rebuilt, guessed at, or lost. */
export function readTable2(tokens: Token[], reading: Table2Reading, options: Table2Options, model: ReportModel, findings: Finding[], suppressBlank: Set<string>) {
  const { rows } = reading;
  const expectedRows = options.expected;
  const parseFinding = (f: Omit<Finding, 'severity'>) => findings.push({ severity: 'warning', ...f });
  const cut = reading.truncatedAfter ? TABLE2_ROWS.indexOf(reading.truncatedAfter) : -1;
  const received = (r: Table2Row) => cut < 0 || TABLE2_ROWS.indexOf(r) <= cut;
  realign(expectedRows, reading, findings, suppressBlank);
  const ambiguous = new Map<Table2Row, Array<Array<number | null>>>();
  const due = expectedRows.filter(received);
  if (rows.size < Math.ceil(due.length / 2)) {
    for (const r of TABLE2_ROWS) for (const c of TABLE2_COLUMNS) suppressBlank.add(`table2/${r}/${c}`);
    for (const r of TABLE2_ROWS) for (const c of TABLE2_COLUMNS) model.applications[r][c] = null;
    findings.push({
      code: 'parse.unreadable',
      severity: 'error',
      message: rows.size === 0 ? '没有找到表二「收到和处理政府信息公开申请情况」（未识别出任何行标题及其数字）。' : `表二只识别出 ${rows.size} 行（应有 ${expectedRows.length} 行），无法读取。`,
      where: 'table2',
    });
    return;
  }
  const byOrder = [...rows.values()].filter((r) => r.placed !== 'label').map((r) => r.row);
  if (byOrder.length)
    parseFinding({
      code: 'parse.recovered',
      message: `表二有 ${byOrder.length} 行的数字与行标题分开印出（标题缺失、被截断或集中在别处）：${byOrder.map((r) => `「${TABLE2_ROW_LABELS[r]}」`).join('')}的数字按表二的行序对应，并经勾稽关系核对。`,
      where: `table2/${byOrder[0]}`,
      expected: byOrder.join(','),
    });
  const split: Array<{ row: Table2Row; cells: Cell[]; printed: string }> = [];
  for (const r of expectedRows) {
    const read = rows.get(r);
    if (!read) {
      for (const c of TABLE2_COLUMNS) {
        suppressBlank.add(`table2/${r}/${c}`);
        model.applications[r][c] = null;
      }
      if (received(r))
        findings.push({ code: 'parse.unreadable', severity: 'error', message: `表二没有找到「${TABLE2_ROW_LABELS[r]}」这一行。`, where: `table2/${r}` });
      continue;
    }
    const canonical = labelCore(TABLE2_ROW_LABELS[r]);
    // a group label printed on the row's line (「（三）不予公开 1.属于国家秘密」), or a label cut by a
    // line break (part of the statutory wording), is not a rewording
    const core = labelCore(read.label).replace(/^(?:本年度办理结果)?(?:不予公开|无法提供|不予处理|其他处理)?\d{0,2}/, '');
    if (!read.exact && read.label && !canonical.includes(core) && !core.includes(canonical) && !(r === 'other.other' && core === '其他处理'))
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
    const { candidates } = read.nums.length < 7 ? fusedCandidates(read.nums, 7, rowOk, 50) : { candidates: [] };
    if (candidates.length === 1) {
      TABLE2_COLUMNS.forEach((c, i) => (model.applications[r][c] = candidates[0][i]));
      split.push({ row: r, cells: candidates[0], printed: read.nums.map((n) => n.s).join(' ') });
    } else if (candidates.length > 1) {
      ambiguous.set(r, candidates);
    } else {
      for (const c of TABLE2_COLUMNS) {
        suppressBlank.add(`table2/${r}/${c}`);
        model.applications[r][c] = null;
      }
      findings.push({
        code: 'parse.unreadable',
        severity: 'error',
        message: `表二「${read.label || TABLE2_ROW_LABELS[r]}」行应有 7 个数字，读到 ${read.nums.length} 个（${read.nums.map((n) => n.s).join(' ')}），无法确定各列。`,
        where: `table2/${r}`,
        found: read.nums.map((n) => n.s).join(' '),
      });
    }
  }
  if (split.length >= 3)
    // a whole table fused (a page's textContent): one finding, every row named
    parseFinding({
      code: 'parse.recovered',
      message: `表二有 ${split.length} 行的相邻单元格数字粘连在一起（网页文字没有分隔），每行按「总计 = 六列之和」唯一可拆分，这 ${split.length * 7} 格均为推算（逐行的拆分见「应为」）：${split.map((x) => `「${TABLE2_ROW_LABELS[x.row]}」`).join('')}。`,
      where: 'table2',
      expected: split.map((x) => `${x.row}=${x.cells.join(',')}`).join('; '),
      found: split.map((x) => x.printed).join('; '),
    });
  else
    for (const x of split)
      parseFinding({
        code: 'parse.recovered',
        message: `表二「${TABLE2_ROW_LABELS[x.row]}」行只有 ${x.printed.split(' ').length} 个数字（${x.printed}），相邻单元格的数字粘连在一起；按「总计 = 六列之和」唯一可拆分为 ${x.cells.join('、')}（7 格均为推算）。`,
        where: `table2/${x.row}`,
        expected: x.cells.join(','),
        found: x.printed,
      });
  resolveAmbiguous(model, ambiguous, findings, suppressBlank, options.unprinted);
  if (reading.truncatedAfter) {
    for (const r of TABLE2_ROWS)
      if (!received(r)) for (const c of TABLE2_COLUMNS) (model.applications[r][c] = null), suppressBlank.add(`table2/${r}/${c}`);
    findings.push({
      code: 'parse.truncated',
      severity: 'error',
      message: `文本在表二「${TABLE2_ROW_LABELS[reading.truncatedAfter]}」这一行之后中断（网页抓取、下载或复制不完整）：其后的行、表三和后面的部分都没有收到，不作为空白或缺失处理；请取得完整的报告再审核。`,
      where: `table2/${reading.truncatedAfter}`,
    });
  }
  // header: were the 7 column headers printed? (a fused header counts: 「自然人法人或其他组织总计商业企业…」)
  if (reading.first >= 0 && rows.size >= 3) {
    const seen = new Set<string>();
    for (let i = reading.first - 1; i >= 0 && i >= reading.first - 40; i--) {
      const tok = tokens[i];
      if (tok.t !== 'text') continue;
      const core = labelCore(tok.s);
      const exact = HEADER_WORDS[core];
      if (exact) seen.add(exact);
      else if (core.length >= 2) for (const [w, c] of Object.entries(HEADER_WORDS)) if (core.includes(w.slice(0, 2))) seen.add(c);
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
