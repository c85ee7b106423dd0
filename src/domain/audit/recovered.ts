/**
 * Which cells of an audited report were not read as printed but inferred (fused digits split,
 * numbers placed by the table's row order, rows re-aligned, cells taken from the prose), and on
 * what basis — for the command line and the /audit page to show beside the rebuilt tables. Derived
 * from the reader's own `parse.recovered` / `parse.ambiguous` findings (their `where`, `expected`
 * and the basis their message names), so it cannot drift from what the reader did.
 */
import {
  APPEAL_COLUMNS,
  APPEAL_KIND_LABELS,
  APPEAL_KINDS,
  TABLE2_COLUMNS,
  TABLE2_ROWS,
  TABLE2_ROW_LABELS,
  type Table2Row,
} from '../taxonomy/index.ts';
import type { Finding, ReportModel } from '../report/model.ts';

export type Basis = 'columns' | 'row_total' | 'appeal_totals' | 'digits' | 'prose' | 'order' | 'realigned' | 'header' | 'ambiguous' | 'other';

/** What each basis means, in the words shown to the user. */
export const BASIS_LABELS: Record<Basis, string> = {
  columns: '各列的勾稽关系（一+二=（七）总计+四、（七）总计=21 项之和）与行合计',
  row_total: '行合计「总计 = 六列之和」',
  appeal_totals: '表三「总计 = 四项结果之和」',
  digits: '位数与格数相同（每格一位）',
  prose: '报告正文所述的数字',
  order: '表二的行序（数字与行标题分开印出）',
  realigned: '勾稽关系（数字与行标题错开一行，重新对齐）',
  header: '每行 7 个数字的列序（列标题缺失或为占位符）',
  ambiguous: '无法确定：有多种读法，未作猜测',
  other: '见说明',
};

/** The message fragments the reader's findings use for each basis (most specific first). */
const FRAGMENTS: Array<[string, Basis]> = [
  ['各列的勾稽关系', 'columns'],
  ['重新对齐', 'realigned'],
  ['按表二的行序', 'order'],
  ['按正文所述', 'prose'],
  ['每格一位', 'digits'],
  ['总计 = 四项结果之和', 'appeal_totals'],
  ['总计 = 六列之和', 'row_total'],
  ['列标题', 'header'],
];

export interface Inferred {
  /** The cells (`table2/<row>/<column>`…), or the table's columns for a header inferred. */
  cells: string[];
  /** A short name of what was inferred (「表二「一、本年新收…」」). */
  what: string;
  /** The values now in the model (null = left blank as undecided). */
  values: Array<number | null>;
  basis: Basis;
  /** The finding it comes from. */
  finding: Finding;
}

const rowCells = (r: string) => TABLE2_COLUMNS.map((c) => `table2/${r}/${c}`);

export function inferredCells(model: ReportModel): Inferred[] {
  const out: Inferred[] = [];
  const value = (key: string): number | null => {
    const [table, a, b] = key.split('/');
    if (table === 'table2') return (model.applications as Record<string, Record<string, number | null>>)[a]?.[b] ?? null;
    if (table === 'table3') return (model.appeals as Record<string, Record<string, number | null>>)[a]?.[b] ?? null;
    const p = model.proactive as unknown as Record<string, number | null | Record<string, number | null>>;
    const item = p[a];
    return item !== null && typeof item === 'object' ? (item[b] ?? null) : (item ?? null);
  };
  for (const f of model.findings) {
    if ((f.code !== 'parse.recovered' && f.code !== 'parse.ambiguous') || !f.where) continue;
    const basis: Basis = f.code === 'parse.ambiguous' ? 'ambiguous' : (FRAGMENTS.find(([frag]) => f.message.includes(frag))?.[1] ?? 'other');
    const [table, item] = f.where.split('/');
    const add = (cells: string[], what: string) => out.push({ cells, what, values: cells.map(value), basis, finding: f });
    if (table === 'table2' && item === 'header') add(TABLE2_COLUMNS.map((c) => `table2/*/${c}`), '表二的列');
    else if (table === 'table2' && (basis === 'order' || basis === 'realigned' || !item)) {
      const rows = String(f.expected ?? '')
        .split(/[;,]\s*/)
        .map((x) => x.split('=')[0].trim())
        .filter((r) => r in TABLE2_ROW_LABELS);
      for (const r of new Set(rows)) add(rowCells(r), `表二「${TABLE2_ROW_LABELS[r as Table2Row]}」`);
    } else if (table === 'table2' && item) add(rowCells(item), `表二「${TABLE2_ROW_LABELS[item as Table2Row] ?? item}」`);
    else if (table === 'table3')
      for (const k of APPEAL_KINDS) add(APPEAL_COLUMNS.map((c) => `table3/${k}/${c}`), `表三「${APPEAL_KIND_LABELS[k]}」`);
    else if (table === 'table1' && (item === 'rules' || item === 'normative'))
      add(['issued', 'repealed', 'in_force'].map((c) => `table1/${item}/${c}`), `表一「${item === 'rules' ? '规章' : '行政规范性文件'}」`);
  }
  // in the order of the report: table 1, table 2 by statutory row, table 3 by kind
  const rank = (x: Inferred) => {
    const [table, a] = x.cells[0].split('/');
    const within = table === 'table2' ? TABLE2_ROWS.indexOf(a as Table2Row) : table === 'table3' ? APPEAL_KINDS.indexOf(a as (typeof APPEAL_KINDS)[number]) : a === 'rules' ? 0 : 1;
    return Number(table.slice(5)) * 100 + within;
  };
  return out.map((x, i) => ({ x, i })).sort((p, q) => rank(p.x) - rank(q.x) || p.i - q.i).map(({ x }) => x);
}

/** One line a person reads: 「表二「（二）部分公开…」 7 格 = 11|1|0|0|0|0|12 — 依据：…」. */
export function inferredLine(x: Inferred): string {
  if (x.basis === 'header') return `${x.what}（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）— 依据：${BASIS_LABELS.header}`;
  const values = x.basis === 'ambiguous' ? '（留空）' : x.values.map((v) => (v === null ? '空' : String(v))).join('|');
  return `${x.what} ${x.cells.length} 格 = ${values} — 依据：${BASIS_LABELS[x.basis]}`;
}
