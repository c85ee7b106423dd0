/**
 * Table 2 as a grammar (国办公开办函〔2021〕30号, regulation.md §1.3): 25 rows in statutory order,
 * seven numbers each. The printed labels are anchors, not containers: a label may stand with its
 * numbers, above them (a wrapped label), in a block of labels whose numbers follow as a block
 * (PDF converters), cut in two, or be missing (a row of numbers with no label). `collectTable2`
 * walks the tokens once and gives each run of numbers to its row:
 * - a label followed by numbers: that row (unless already read: then a stray fragment);
 * - a label with no numbers: waits (in order) for the next run of numbers without a label;
 * - a run without a label: the first waiting label, else the next row in statutory order.
 * Header rows (placeholders 数据1…数据6, headers naming several rows), group labels (（三）不予公开)
 * and label fragments are not labels.
 */
import { TABLE2_ROWS, type Table2Row } from '../taxonomy/index.ts';
import { labelCore, type Token } from './tokens.ts';
import { matchRow } from './labels.ts';
import type { Cell } from '../report/model.ts';

export type Num = { s: string; v: number | null };

export interface RowRead {
  row: Table2Row;
  /** The label as printed ('' = numbers with no label, placed by order). */
  label: string;
  exact: boolean;
  nums: Num[];
  /** How the row was placed: under its own label, after a label printed apart, or by order alone. */
  placed: 'label' | 'waiting' | 'order';
}

export interface Table2Reading {
  rows: Map<Table2Row, RowRead>;
  /** Labels seen with no numbers given to them. */
  bare: Map<Table2Row, RowRead>;
  /** Every run of seven numbers (or fused run) in document order. */
  runs: Cell[][];
  /** Token index of the first row of table 2 (-1: none), and just after its last number. */
  first: number;
  end: number;
  /** 「（六）其他处理」 printed as one row followed by numbers. */
  singleOtherRow: boolean;
  /** The text ends inside table 2: after the row named, nothing more was received. */
  truncatedAfter: Table2Row | null;
}

const ORDER = new Map<Table2Row, number>(TABLE2_ROWS.map((r, i) => [r, i]));
const STOP = /^[四五六]、\s?(?:政府信息公开行政复议|存在的主要问题|其他需要报告)|^行政复议/;

function numsAt(tokens: Token[], i: number): { nums: Num[]; next: number } {
  const nums: Num[] = [];
  let j = i;
  while (j < tokens.length && tokens[j].t === 'num') {
    const n = tokens[j] as Extract<Token, { t: 'num' }>;
    nums.push({ s: n.s, v: n.v });
    j++;
  }
  return { nums, next: j };
}

/** The first 「一、本年新收…」 that starts a table (its numbers follow within a few lines), not a phrase of the prose. */
function findStart(tokens: Token[]): number {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t !== 'text' || tok.s.length > 80 || tok.s.includes('。')) continue;
    const m = matchRow(labelCore(tok.s), null);
    if (!m || m.row !== 'new') continue;
    let nums = 0;
    for (let j = i + 1; j < tokens.length && j < i + 60; j++) {
      const t = tokens[j];
      if (t.t === 'num') nums += t.v !== null && /^\d+$/.test(t.s) ? Math.max(1, t.s.length > 7 ? 7 : 1) : 1;
      else if (nums > 0 && /^件/.test(t.s)) break; // 「…申请 96 件」: prose
      if (nums >= 7) return i;
    }
  }
  return -1;
}

export function collectTable2(tokens: Token[]): Table2Reading {
  const rows = new Map<Table2Row, RowRead>();
  const waiting: RowRead[] = [];
  const runs: Cell[][] = [];
  const reading: Table2Reading = { rows, bare: new Map(), runs, first: -1, end: -1, singleOtherRow: false, truncatedAfter: null };
  const start = findStart(tokens);
  if (start < 0) return reading;
  reading.first = start;
  let lastRow: Table2Row | null = null;
  let lastLabel: Table2Row | null = null; // the last label seen (a wrapped label's numbers come after its last line)
  let frontier = -1; // statutory index of the furthest row read
  let i = start;

  const give = (read: RowRead) => {
    if (read.row === 'other.other' && labelCore(read.label) === '其他处理') reading.singleOtherRow = true;
    rows.set(read.row, read);
    frontier = Math.max(frontier, ORDER.get(read.row)!);
    lastRow = read.row;
    runs.push(read.nums.map((n) => n.v));
  };
  /** A run of numbers with no label of its own: to the first waiting label, else the next row by order. */
  const unlabelled = (nums: Num[]) => {
    const chunks: Num[][] = [];
    if (nums.length >= 14 && nums.length % 7 === 0) for (let k = 0; k < nums.length; k += 7) chunks.push(nums.slice(k, k + 7));
    else chunks.push(nums);
    for (const chunk of chunks) {
      // fewer than seven digits cannot be a row (a stray blank mark, an ordinal cut from its label)
      if (chunk.reduce((d, n) => d + (n.v !== null && /^\d+$/.test(n.s) ? n.s.length : 1), 0) < 7) continue;
      const alone = waiting.length === 1 && waiting[0].row === lastLabel;
      const wait = waiting.shift();
      if (wait) {
        give({ ...wait, nums: chunk, placed: alone ? 'label' : 'waiting' });
        continue;
      }
      const next = TABLE2_ROWS.slice(frontier + 1).find((r) => !rows.has(r));
      if (next) give({ row: next, label: '', exact: true, nums: chunk, placed: 'order' });
    }
  };

  while (i < tokens.length && !rows.has('carried_out')) {
    const tok = tokens[i];
    if (tok.t === 'num') {
      const { nums, next } = numsAt(tokens, i);
      unlabelled(nums);
      reading.end = next;
      i = next;
      continue;
    }
    if (STOP.test(tok.s) && rows.size > 0) break;
    const { nums, next } = numsAt(tokens, i + 1);
    if (tok.s.length > 80 || tok.s.includes('。')) {
      i = next;
      continue;
    }
    const core = labelCore(tok.s);
    const match = matchRow(core, lastRow);
    const known = match && rows.has(match.row);
    if (!match || known) {
      if (nums.length) {
        unlabelled(nums);
        reading.end = next;
      }
      i = next;
      continue;
    }
    if (match.row === 'other.correction_lapsed' || match.row === 'other.fee_lapsed') {
      // 「（六）其他处理」 was the group label of its three rows, not a one-row （六）
      const group = waiting.findIndex((w) => w.row === 'other.other' && labelCore(w.label) === '其他处理');
      if (group >= 0) waiting.splice(group, 1);
    }
    const wait = waiting.findIndex((w) => w.row === match.row);
    lastLabel = match.row;
    if (nums.length === 0) {
      if (wait < 0) waiting.push({ row: match.row, label: tok.s, exact: match.exact, nums: [], placed: 'waiting' });
      lastRow = match.row;
      i = next;
      continue;
    }
    const upTo = wait >= 0 ? wait + 1 : waiting.length + 1; // labels waiting up to and including this one
    if (upTo > 1 && nums.length >= 7 * upTo && nums.length % 7 === 0) {
      // the last label of a block of labels, then the block's numbers: they go to the labels in order
      if (wait < 0) waiting.push({ row: match.row, label: tok.s, exact: match.exact, nums: [], placed: 'waiting' });
      unlabelled(nums);
      reading.end = next;
      i = next;
      continue;
    }
    const label = wait >= 0 ? waiting.splice(wait, 1)[0].label : tok.s;
    // a label followed by more than its seven numbers: the rest belong to the rows after it
    const own = nums.length >= 14 && nums.length % 7 === 0 ? nums.slice(0, 7) : nums;
    give({ row: match.row, label, exact: match.exact && label === tok.s, nums: own, placed: 'label' });
    if (own.length < nums.length) unlabelled(nums.slice(7));
    reading.end = next;
    i = next;
  }
  for (const w of waiting) reading.bare.set(w.row, w);
  if (!rows.has('carried_out') && rows.size > 0) {
    // nothing after the last row read: the text was cut inside the table
    let rest = 0;
    for (let k = Math.max(reading.end, 0); k < tokens.length; k++) rest += tokens[k].t === 'text' ? tokens[k].s.length : 1;
    if (rest < 20 && reading.bare.size === 0) reading.truncatedAfter = [...rows.keys()].reduce((a, b) => (ORDER.get(a)! > ORDER.get(b)! ? a : b));
  }
  return reading;
}

