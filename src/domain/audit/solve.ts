/**
 * Fused rows of table 2 decided under every identity at once (regulation.md §1.3): each row's
 * candidates already satisfy 总计 = the six applicant columns; a combination of candidates must
 * also satisfy, in every column, （七）总计 = the sum of the 21 outcome leaves and 一 + 二 = （七）总计 + 四.
 * A depth-first search over the rows in doubt: 总计 and the balance rows first, then the leaves
 * with each column's remainder pruned at zero. Returns, for each row in doubt, the distinct readings
 * found in the combinations that hold (one = decided; several = ambiguous, the truth among them).
 */
import { OUTCOME_CODES, TABLE2_COLUMNS, type Table2Row } from '../taxonomy/index.ts';
import type { Cell, ReportModel } from '../report/model.ts';

export interface Solution {
  /** How many combinations hold (counting stops at `limit`). */
  fits: number;
  /** For each row in doubt, the readings that occur in some combination that holds. */
  readings: Map<Table2Row, Cell[][]>;
  /** False when the search was cut short (too many combinations to try). */
  complete: boolean;
}

const LEAVES = OUTCOME_CODES as readonly Table2Row[];
const BALANCE: Table2Row[] = ['total', 'new', 'carried_in', 'carried_out'];

export function solveFused(
  model: ReportModel,
  doubt: Map<Table2Row, Cell[][]>,
  unprinted: ReadonlySet<Table2Row>,
  limit = 64,
  budget = 300_000,
): Solution {
  const a = model.applications;
  const rows = [...doubt.keys()].sort((x, y) => rank(x) - rank(y));
  const chosen = new Map<Table2Row, Cell[]>();
  /** A cell: its number, null (blank), or undefined (a row in doubt not chosen yet). */
  const value = (r: Table2Row, c: number): Cell | undefined => {
    if (unprinted.has(r)) return 0;
    const pick = chosen.get(r);
    if (pick) return pick[c];
    return doubt.has(r) ? undefined : a[r][TABLE2_COLUMNS[c]];
  };
  const readings = new Map<Table2Row, Cell[][]>(rows.map((r) => [r, []]));
  let fits = 0;
  let nodes = 0;
  let complete = true;

  /** Every identity whose cells are all known so far holds (partial sums of leaves may not exceed 总计). */
  const consistent = (): boolean => {
    for (let c = 0; c < 7; c++) {
      const total = value('total', c);
      if (total === undefined || total === null) continue;
      let sum = 0;
      let open = false;
      let blank = false;
      for (const r of LEAVES) {
        const v = value(r, c);
        if (v === undefined) open = true;
        else if (v === null) blank = true;
        else sum += v;
      }
      if (!blank && (sum > total || (!open && sum !== total))) return false;
      const [n, i, o] = [value('new', c), value('carried_in', c), value('carried_out', c)];
      if (n != null && i != null && o != null && n + i !== total + o) return false;
    }
    return true;
  };

  const go = (k: number) => {
    if (fits >= limit) return;
    if (nodes++ > budget) {
      complete = false;
      return;
    }
    if (k === rows.length) {
      if (!consistent()) return;
      fits++;
      for (const r of rows) {
        const cells = chosen.get(r)!;
        const list = readings.get(r)!;
        if (!list.some((x) => x.every((v, i) => v === cells[i]))) list.push(cells);
      }
      return;
    }
    const r = rows[k];
    for (const cand of doubt.get(r)!) {
      chosen.set(r, cand);
      if (consistent()) go(k + 1);
      chosen.delete(r);
      if (fits >= limit || !complete) return;
    }
  };
  go(0);
  return { fits, readings, complete };
}

function rank(r: Table2Row): number {
  const b = BALANCE.indexOf(r);
  return b >= 0 ? b : BALANCE.length + LEAVES.indexOf(r);
}
