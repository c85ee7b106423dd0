/**
 * The layout of the three tables of the national template (国办公开办函〔2021〕30号, regulation.md
 * §1.2–1.4) as grids of cells with row/column spans, shared by every renderer (HTML, text, DOCX,
 * XLSX, PDF) so that they cannot drift apart.
 *
 * A grid lists, row by row, only the cells that start in that row (as HTML does); `placeGrid()`
 * turns it into absolute positions for renderers that need them.
 */
import {
  APPEAL_COLUMNS,
  APPEAL_KINDS,
  APPEAL_RESULT_LABELS,
  APPLICANT_TYPE_LABELS,
  OUTCOME_GROUPS,
  OUTCOME_LEAVES,
  REPORT_SECTIONS,
  TABLE2_COLUMNS,
  TABLE2_ROW_LABELS,
  type OutcomeGroup,
  FIGURE_ITEMS,
  FIGURES,
  figureColumnHeader,
  TABLE1_DOCUMENT_COLUMN_LABELS,
  TABLE1_DOCUMENT_COLUMNS,
  TABLE1_DOCUMENT_ITEM,
  TABLE1_DOCUMENT_KIND_LABELS,
  TABLE1_DOCUMENT_KINDS,
  TRIAL_2019_SINGLE_OTHER_ROW,
} from '../../taxonomy/index.ts';
import type { Cell, ReportModel } from '../model.ts';
import { TRIAL_TABLE1 } from '../../taxonomy/table1-2019.ts';
import { formatWanYuan, isWanYuan } from '../amount.ts';

export interface GridCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
  /** A header cell (th): column headers, row labels. */
  header?: boolean;
  /** `col` = heads columns, `row` = heads a row (label). */
  scope?: 'col' | 'row' | 'colgroup' | 'rowgroup';
  /** A number cell: its value and its key (`table2/<row>/<column>`…). */
  value?: Cell;
  where?: string;
  /** A sub-heading spanning the table (表一's 第二十条第（一）项 lines). */
  subheading?: boolean;
  /** A number cell holding an amount in 万元 (printed with all its decimals, amount.ts). */
  amount?: boolean;
}

export interface Grid {
  /** `table1` | `table2` | `table3` */
  id: 'table1' | 'table2' | 'table3';
  caption: string;
  columns: number;
  /** Relative column widths (sum arbitrary), for renderers that size columns. */
  widths: number[];
  /** Number of leading rows that are column headers. */
  headerRows: number;
  rows: GridCell[][];
}

export const TABLE2_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

export function reportTitle(model: ReportModel): string {
  const year = model.year != null ? `${model.year}年度` : '';
  return `${model.agency.name}${year}政府信息公开工作年度报告`;
}

export function sectionHeading(key: (typeof REPORT_SECTIONS)[number]['key']): string {
  const s = REPORT_SECTIONS.find((x) => x.key === key)!;
  return `${s.numeral}、${s.heading}`;
}

/**
 * The text a cell shows: the number, or empty for a blank (`null`) cell. An amount in 万元 keeps
 * every decimal it has (5949.088667); one the model cannot hold exactly (an audited report printing
 * seven decimals) is shown as read.
 */
export function cellText(value: Cell, amount = false): string {
  if (value == null) return '';
  return amount && isWanYuan(value) ? formatWanYuan(value) : String(value);
}

function num(value: Cell, where: string, colSpan?: number, amount = false): GridCell {
  return { text: cellText(value, amount), value, where, ...(colSpan ? { colSpan } : {}), ...(amount ? { amount } : {}) };
}

/** 表一 主动公开政府信息情况: four sub-tables stacked in one 4-column grid, as the template prints them. */
export function table1Grid(model: ReportModel): Grid {
  if (model.format === '2019') return trialTable1Grid(model);
  const p = model.proactive;
  return {
    id: 'table1',
    caption: '主动公开政府信息情况',
    columns: 4,
    widths: [34, 22, 22, 22],
    headerRows: 0,
    rows: [
      sub(TABLE1_DOCUMENT_ITEM),
      head('信息内容', ...TABLE1_DOCUMENT_COLUMNS.map((c) => TABLE1_DOCUMENT_COLUMN_LABELS[c])),
      ...TABLE1_DOCUMENT_KINDS.map((kind) => [
        label(TABLE1_DOCUMENT_KIND_LABELS[kind]),
        ...TABLE1_DOCUMENT_COLUMNS.map((col) => num(p[kind][col], `table1/${kind}/${col}`)),
      ]),
      // The figures under their item of 第二十条, a sub-heading and a column header per item.
      ...FIGURE_ITEMS.flatMap((item, i) => {
        const f = FIGURES[item];
        const first = i === 0 || FIGURES[FIGURE_ITEMS[i - 1]].article20Item !== f.article20Item;
        const row = [label(f.label), num(p[item], `table1/${item}`, 3, f.unit === '万元')];
        return first ? [sub(f.article20Item), head('信息内容', figureColumnHeader(item)), row] : [row];
      }),
    ],
  };
}

/**
 * 表一 of the 2019 trial format (国办公开办函〔2019〕60号, src/domain/taxonomy/table1-2019.ts): five
 * sub-tables, each under its item of 第二十条 with its own column headers; an item with fewer columns
 * lets its last column span the rest.
 */
function trialTable1Grid(model: ReportModel): Grid {
  const t = model.proactive_2019 ?? {};
  const rows: GridCell[][] = [];
  for (const item of TRIAL_TABLE1) {
    const last = 3 - item.columns.length; // extra span of the last column (the label takes the first of 4)
    const span = (i: number) => (i === item.columns.length - 1 && last > 0 ? last + 1 : undefined);
    rows.push(sub(item.article20Item));
    rows.push([{ text: '信息内容', header: true, scope: 'col' }, ...item.columns.map((c, i) => ({ text: c.label, header: true, scope: 'col' as const, ...(span(i) ? { colSpan: span(i) } : {}) }))]);
    for (const row of item.rows)
      rows.push([label(row.label), ...item.columns.map((c, i) => num(t[row.key]?.[c.key] ?? null, `table1/${row.key}/${c.key}`, span(i), c.amount === true))]);
  }
  return { id: 'table1', caption: '主动公开政府信息情况', columns: 4, widths: [34, 22, 22, 22], headerRows: 0, rows };
}

const sub = (text: string): GridCell[] => [{ text, colSpan: 4, header: true, scope: 'colgroup', subheading: true }];
const head = (...texts: string[]): GridCell[] =>
  texts.map((text, i) => ({ text, header: true, scope: 'col' as const, ...(i === 1 && texts.length === 2 ? { colSpan: 3 } : {}) }));
const label = (text: string): GridCell => ({ text, header: true, scope: 'row' });

/**
 * 表二 收到和处理政府信息公开申请情况: three label columns (三、本年度办理结果 | group | leaf) and seven
 * number columns; the 勾稽关系 note in the top-left corner cell.
 */
export function table2Grid(model: ReportModel): Grid {
  const a = model.applications;
  const numbers = (row: keyof typeof a): GridCell[] => TABLE2_COLUMNS.map((col) => num(a[row][col], `table2/${row}/${col}`));
  const rows: GridCell[][] = [
    [
      { text: TABLE2_NOTE, rowSpan: 3, colSpan: 3, header: true },
      { text: '申请人情况', colSpan: 7, header: true, scope: 'colgroup' },
    ],
    [
      { text: APPLICANT_TYPE_LABELS.natural, rowSpan: 2, header: true, scope: 'col' },
      { text: '法人或其他组织', colSpan: 5, header: true, scope: 'colgroup' },
      { text: APPLICANT_TYPE_LABELS.total, rowSpan: 2, header: true, scope: 'col' },
    ],
    TABLE2_COLUMNS.filter((c) => c !== 'natural' && c !== 'total').map((c) => ({ text: APPLICANT_TYPE_LABELS[c], header: true, scope: 'col' as const })),
    [{ text: TABLE2_ROW_LABELS.new, colSpan: 3, header: true, scope: 'row' }, ...numbers('new')],
    [{ text: TABLE2_ROW_LABELS.carried_in, colSpan: 3, header: true, scope: 'row' }, ...numbers('carried_in')],
  ];
  let first = true;
  let lastGroup: OutcomeGroup | null = null;
  // The 2019 trial format prints （六）其他处理 as one row, holding `other.other` (contracts.md §1).
  const trial = model.format === '2019';
  const leaves = trial ? OUTCOME_LEAVES.filter((l) => l.group !== 'other') : OUTCOME_LEAVES;
  const resultRows = leaves.length + (trial ? 2 : 1); // the leaves (+ the single （六）) + （七）总计
  for (const leaf of leaves) {
    const row: GridCell[] = [];
    if (first) row.push({ text: '三、本年度办理结果', rowSpan: resultRows, header: true, scope: 'rowgroup' });
    first = false;
    if (leaf.group === 'public' || leaf.group === 'partial') {
      row.push({ text: leaf.label, colSpan: 2, header: true, scope: 'row' });
    } else {
      if (leaf.group !== lastGroup) {
        const size = leaves.filter((l) => l.group === leaf.group).length;
        const g = OUTCOME_GROUPS[leaf.group];
        row.push({ text: `${g.numeral}${g.label}`, rowSpan: size, header: true, scope: 'rowgroup' });
      }
      row.push({ text: leaf.label, header: true, scope: 'row' });
    }
    lastGroup = leaf.group;
    row.push(...numbers(leaf.code as keyof typeof a));
    rows.push(row);
  }
  if (trial) rows.push([{ text: TRIAL_2019_SINGLE_OTHER_ROW.label, colSpan: 2, header: true, scope: 'row' }, ...numbers('other.other')]);
  rows.push([{ text: TABLE2_ROW_LABELS.total, colSpan: 2, header: true, scope: 'row' }, ...numbers('total')]);
  rows.push([{ text: TABLE2_ROW_LABELS.carried_out, colSpan: 3, header: true, scope: 'row' }, ...numbers('carried_out')]);
  return {
    id: 'table2',
    caption: '收到和处理政府信息公开申请情况',
    columns: 10,
    widths: [7, 10, 27, 8, 8, 8, 8, 8, 8, 8],
    headerRows: 3,
    rows,
  };
}

/** 表三 政府信息公开行政复议、行政诉讼情况: the template's two-level header and one row of 15 numbers. */
export function table3Grid(model: ReportModel): Grid {
  const results = APPEAL_COLUMNS.map((c) => ({ text: APPEAL_RESULT_LABELS[c], header: true, scope: 'col' as const }));
  return {
    id: 'table3',
    caption: '政府信息公开行政复议、行政诉讼情况',
    columns: 15,
    widths: Array(15).fill(1),
    headerRows: 3,
    rows: [
      [
        { text: '行政复议', colSpan: 5, header: true, scope: 'colgroup' },
        { text: '行政诉讼', colSpan: 10, header: true, scope: 'colgroup' },
      ],
      [
        ...results.map((r) => ({ ...r, rowSpan: 2 })),
        { text: '未经复议直接起诉', colSpan: 5, header: true, scope: 'colgroup' },
        { text: '复议后起诉', colSpan: 5, header: true, scope: 'colgroup' },
      ],
      [...results, ...results],
      APPEAL_KINDS.flatMap((kind) => APPEAL_COLUMNS.map((col) => num(model.appeals[kind][col], `table3/${kind}/${col}`))),
    ],
  };
}

export interface PlacedCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  cell: GridCell;
}

/** Absolute positions (0-based) of a grid's cells, resolving spans as HTML does. */
export function placeGrid(grid: Grid): PlacedCell[] {
  const taken: boolean[][] = grid.rows.map(() => Array(grid.columns).fill(false));
  const placed: PlacedCell[] = [];
  grid.rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (c < grid.columns && taken[r][c]) c++;
      const rowSpan = cell.rowSpan ?? 1;
      const colSpan = cell.colSpan ?? 1;
      if (c + colSpan > grid.columns || r + rowSpan > grid.rows.length) throw new Error(`表格布局错误：${grid.id} 第${r + 1}行超出范围`);
      for (let i = r; i < r + rowSpan; i++) for (let j = c; j < c + colSpan; j++) taken[i][j] = true;
      placed.push({ row: r, col: c, rowSpan, colSpan, cell });
      c += colSpan;
    }
  });
  return placed;
}

export function reportGrids(model: ReportModel): { table1: Grid; table2: Grid; table3: Grid } {
  return { table1: table1Grid(model), table2: table2Grid(model), table3: table3Grid(model) };
}

/** The report's blocks in order: the six sections, prose or a table. Each renderer walks this. */
export type ReportBlock =
  | { kind: 'heading'; text: string; key: string }
  | { kind: 'prose'; text: string; key: 'overview' | 'problems' | 'other' }
  | { kind: 'table'; grid: Grid };

export function reportBlocks(model: ReportModel): ReportBlock[] {
  const grids = reportGrids(model);
  const blocks: ReportBlock[] = [];
  for (const s of REPORT_SECTIONS) {
    blocks.push({ kind: 'heading', text: `${s.numeral}、${s.heading}`, key: s.key });
    if (s.key === 'proactive') blocks.push({ kind: 'table', grid: grids.table1 });
    else if (s.key === 'applications') blocks.push({ kind: 'table', grid: grids.table2 });
    else if (s.key === 'appeals') blocks.push({ kind: 'table', grid: grids.table3 });
    else blocks.push({ kind: 'prose', text: model.sections[s.key], key: s.key });
  }
  return blocks;
}

/** Paragraphs of a prose section (non-empty lines). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
