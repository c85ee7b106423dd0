/**
 * Rows shifted under the wrong label (issue 7): a page or a PDF extraction can print the numbers of
 * table 2 one row off — the numbers of 「2.重复申请」 under 「3.要求提供公开出版物」 and so on, or
 * one row's numbers lost so that every row below moves up by one. The labels are then all there but
 * the numbers under them are not theirs, and only the identities of the table tell (regulation.md
 * §1.3: 一+二 = （七）总计 + 四 per column — stated; （七）总计 = the 21 leaves and 总计 = the six
 * columns — implied by the table's structure).
 *
 * `realignRows` takes the runs of 7 numbers in document order and tries the plausible alignments
 * with the expected rows: each run in its own position (when there are as many runs as rows), or
 * one row's run lost at any point (one run fewer: that row is rebuilt from the column identities).
 * It keeps an alignment only if every identity holds; several different tables that all hold leave
 * the rows on which they disagree unreadable.
 */
import { OUTCOME_CODES, TABLE2_ROWS, type Table2Row } from '../taxonomy/index.ts';
import type { Cell } from '../report/model.ts';

export type RowCells = Cell[];
export type Table2Cells = Partial<Record<Table2Row, RowCells>>;

const LEAVES = OUTCOME_CODES as readonly Table2Row[];
const cellOf = (t: Table2Cells, r: Table2Row, c: number): Cell => (t[r] ? t[r]![c] : 0); // rows absent from the format (2019) count 0

/** Every identity of table 2 that can be checked (null cells are skipped), and no negative number. */
export function table2Holds(t: Table2Cells): boolean {
  for (const r of TABLE2_ROWS) {
    const cells = t[r];
    if (!cells) continue;
    if (cells.some((x) => x !== null && x < 0)) return false;
    if (cells.every((x) => x !== null) && cells[6] !== cells.slice(0, 6).reduce<number>((s, x) => s + (x as number), 0)) return false;
  }
  for (let c = 0; c < 7; c++) {
    const leaves = LEAVES.map((r) => cellOf(t, r, c));
    const total = cellOf(t, 'total', c);
    if (total !== null && leaves.every((x) => x !== null) && total !== leaves.reduce<number>((s, x) => s + (x as number), 0)) return false;
    const [n, i, o, out] = [cellOf(t, 'new', c), cellOf(t, 'carried_in', c), total, cellOf(t, 'carried_out', c)];
    if (n !== null && i !== null && o !== null && out !== null && n + i !== o + out) return false;
  }
  return true;
}

/** A lost row rebuilt, column by column, from the identity it takes part in. */
function derive(t: Table2Cells, lost: Table2Row): RowCells {
  const sum = (xs: Cell[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + (x as number), 0));
  const out: RowCells = [];
  for (let c = 0; c < 7; c++) {
    const v = (r: Table2Row) => cellOf(t, r, c);
    let x: Cell;
    if (LEAVES.includes(lost)) {
      const others = sum(LEAVES.filter((r) => r !== lost).map(v));
      x = v('total') === null || others === null ? null : (v('total') as number) - others;
    } else if (lost === 'total') x = sum(LEAVES.map(v));
    else {
      const [n, i, o, out_] = [v('new'), v('carried_in'), v('total'), v('carried_out')];
      if (lost === 'new') x = i === null || o === null || out_ === null ? null : o + out_ - i;
      else if (lost === 'carried_in') x = n === null || o === null || out_ === null ? null : o + out_ - n;
      else x = n === null || i === null || o === null ? null : n + i - o;
    }
    out.push(x);
  }
  return out;
}

export interface Realignment {
  /** The table as realigned (every expected row). */
  cells: Table2Cells;
  /** The row whose numbers were missing and were rebuilt from the identities, if any. */
  lost?: Table2Row;
  /** Rows whose numbers differ from what was printed under their label. */
  moved: Table2Row[];
  /** Rows on which several alignments that all hold disagree (to be left unreadable). */
  undecided: Table2Row[];
}

const same = (a: RowCells | undefined, b: RowCells | undefined) => !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * `expected`: the rows of the format in order; `printed`: what the page shows under each label
 * (undefined = the label has no numbers); `runs`: every run of 7 numbers in document order.
 * Returns null when nothing better than the printed reading exists.
 */
export function realignRows(expected: readonly Table2Row[], printed: Table2Cells, runs: RowCells[]): Realignment | null {
  const n = expected.length;
  const candidates: Array<{ cells: Table2Cells; lost?: Table2Row }> = [];
  if (runs.length === n) {
    const cells: Table2Cells = {};
    expected.forEach((r, i) => (cells[r] = runs[i]));
    candidates.push({ cells });
  } else if (runs.length === n - 1) {
    for (let s = 0; s < n; s++) {
      const cells: Table2Cells = {};
      expected.forEach((r, i) => {
        if (i !== s) cells[r] = runs[i < s ? i : i - 1];
      });
      cells[expected[s]] = derive(cells, expected[s]);
      candidates.push({ cells, lost: expected[s] });
    }
  } else return null;
  const valid = candidates.filter((c) => table2Holds(c.cells));
  if (valid.length === 0) return null;
  // different alignments may give the same table (rows with equal numbers): count distinct tables
  const distinct: typeof valid = [];
  for (const v of valid) if (!distinct.some((d) => expected.every((r) => same(d.cells[r], v.cells[r])))) distinct.push(v);
  const first = distinct[0];
  const moved = expected.filter((r) => !same(printed[r], first.cells[r]));
  if (moved.length === 0) return null;
  const undecided = distinct.length === 1 ? [] : expected.filter((r) => distinct.some((d) => !same(d.cells[r], first.cells[r])));
  return { cells: first.cells, lost: distinct.length === 1 ? first.lost : undefined, moved, undecided };
}
