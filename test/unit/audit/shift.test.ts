/**
 * Damage: table-2 numbers printed one row off their labels (issue 7, gap 2). Recovered by the
 * identities when exactly one re-alignment makes them all hold, else the rows in doubt are
 * parse.unreadable — never read wrong without a word.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readReportText } from '../../../src/domain/audit/index.ts';
import { realignRows, table2Holds, type Table2Cells } from '../../../src/domain/audit/align.ts';
import { OUTCOME_CODES, TABLE2_COLUMNS, TABLE2_ROWS, TABLE2_ROW_LABELS, type Table2Row } from '../../../src/domain/taxonomy/index.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { arbSeed, randomModel } from './generate.ts';
import { comparable, rowLineIndices, rowPerLine } from './helpers.ts';

const ROWS = TABLE2_ROWS;
const n = ROWS.length;
const split = (line: string) => {
  const k = line.indexOf('  ');
  return { label: line.slice(0, k), nums: line.slice(k + 2) };
};

/** Shift up from s: row s's numbers are lost, every row below shows the next row's numbers, the last label none. */
function shiftUp(m: ReportModel, s: number): string[] {
  const ls = rowPerLine(m);
  const idx = rowLineIndices(ls, ROWS);
  const parts = idx.map((i) => split(ls[i]));
  for (let i = s; i < n; i++) ls[idx[i]] = i + 1 < n ? `${parts[i].label}  ${parts[i + 1].nums}` : parts[i].label;
  return ls;
}

/** Shift down from s: the label before s shows no numbers, each row from s shows the previous row's, the last run trails. */
function shiftDown(m: ReportModel, s: number): string[] {
  const ls = rowPerLine(m);
  const idx = rowLineIndices(ls, ROWS);
  const parts = idx.map((i) => split(ls[i]));
  ls[idx[s - 1]] = parts[s - 1].label;
  for (let i = s; i < n; i++) ls[idx[i]] = `${parts[i].label}  ${parts[i - 1].nums}`;
  ls.splice(idx[n - 1] + 1, 0, parts[n - 1].nums);
  return ls;
}

/** Recovered exactly (parse.recovered at table 2), or the rows in doubt flagged and every other row right. */
function recoveredOrFlagged(m: ReportModel, text: string) {
  const read = readReportText(text).model;
  const unreadable = read.findings.filter((f) => f.code === 'parse.unreadable');
  if (unreadable.length === 0) {
    expect(comparable(read)).toEqual(comparable(m));
    expect(read.findings.some((f) => f.code === 'parse.recovered' && f.where?.startsWith('table2/'))).toBe(true);
    expect(read.findings.filter((f) => f.severity === 'error')).toEqual([]);
  } else {
    const flagged = new Set(unreadable.map((f) => f.where));
    for (const r of ROWS) {
      if (flagged.has(`table2/${r}`)) for (const c of TABLE2_COLUMNS) expect(read.applications[r][c]).toBeNull();
      else expect(read.applications[r], r).toEqual(m.applications[r]);
    }
  }
  return read;
}

describe('damage: rows shifted under the wrong label', () => {
  it('the example: numbers of 「2.重复申请」 under 「3.要求提供公开出版物」 and so on, one row off', () => {
    const m = randomModel(42);
    const a = m.applications;
    // make the rows from 2.重复申请 down distinct, so that the shift cannot go unnoticed
    a['not_handled.duplicate'].natural = (a['not_handled.duplicate'].natural ?? 0) + 3;
    a.total.natural = (a.total.natural ?? 0) + 3;
    a.new.natural = (a.new.natural ?? 0) + 3;
    for (const r of ['not_handled.duplicate', 'total', 'new'] as const) a[r].total = (a[r].total ?? 0) + 3;
    const s = ROWS.indexOf('not_handled.publication');
    const read = readReportText(shiftDown(m, s).join('\n')).model;
    expect(comparable(read)).toEqual(comparable(m));
    const f = read.findings.find((x) => x.code === 'parse.recovered')!;
    expect(f.message).toContain('错开了一行');
    expect(f.message).toContain('「3.要求提供公开出版物」');
    expect(read.findings.filter((x) => x.severity === 'error')).toEqual([]);
  });
  it('（七）总计’s numbers missing, 四 moved up: 总计 is rebuilt from the leaves, 四 put back', () => {
    const m = randomModel(7);
    const read = readReportText(shiftUp(m, ROWS.indexOf('total')).join('\n')).model;
    expect(comparable(read)).toEqual(comparable(m));
    const f = read.findings.find((x) => x.code === 'parse.recovered')!;
    expect(f.where).toBe('table2/total');
    expect(f.message).toContain(`「（七）总计」行的数字缺失，按勾稽关系推算为 ${TABLE2_COLUMNS.map((c) => m.applications.total[c]).join('、')}`);
    expect(f.message).toContain('「四、结转下年度继续办理」');
  });
  it('a leaf’s numbers missing: the leaves add up in any order, so the rows in doubt are unreadable, 总计 and 四 are right', () => {
    const m = randomModel(7);
    const read = readReportText(shiftUp(m, ROWS.indexOf('withheld.third_party')).join('\n')).model;
    const flagged = read.findings.filter((f) => f.code === 'parse.unreadable').map((f) => f.where);
    expect(flagged).toContain('table2/withheld.third_party');
    expect(flagged).not.toContain('table2/total');
    expect(read.applications.total).toEqual(m.applications.total);
    expect(read.applications.carried_out).toEqual(m.applications.carried_out);
    expect(read.applications.new).toEqual(m.applications.new);
    expect(read.findings.filter((f) => f.code.startsWith('identity.'))).toEqual([]);
  });
  it('property: shift up from any row — recovered, or the rows in doubt unreadable and the rest right', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 0, max: n - 1 }), (seed, s) => {
        const m = randomModel(seed);
        recoveredOrFlagged(m, shiftUp(m, s).join('\n'));
      }),
      { numRuns: 200 },
    );
  });
  it('property: shift down from any row — recovered, or the rows in doubt unreadable and the rest right', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 1, max: n - 1 }), (seed, s) => {
        const m = randomModel(seed);
        recoveredOrFlagged(m, shiftDown(m, s).join('\n'));
      }),
      { numRuns: 200 },
    );
  });
  it('a clean table and a table with a genuine error are left as printed (no re-alignment invented)', () => {
    const m = randomModel(3);
    expect(readReportText(rowPerLine(m).join('\n')).model.findings.filter((f) => f.code.startsWith('parse.'))).toEqual([]);
    m.applications.public.natural = (m.applications.public.natural ?? 0) + 1; // breaks row and column identities
    const read = readReportText(rowPerLine(m).join('\n')).model;
    expect(read.applications.public).toEqual(m.applications.public);
    expect(read.findings.filter((f) => f.code.startsWith('parse.'))).toEqual([]);
    expect(read.findings.some((f) => f.code === 'identity.row_total')).toBe(true);
  });
});

describe('realignRows (align.ts)', () => {
  const zero = () => new Array(7).fill(0);
  const table = (rows: Partial<Record<Table2Row, number[]>>): Table2Cells =>
    Object.fromEntries(ROWS.map((r) => [r, rows[r] ?? zero()])) as Table2Cells;
  it('every run in place but printed one off: the positional alignment, the moved rows named', () => {
    const t = table({ new: [2, 0, 0, 0, 0, 0, 2], public: [1, 0, 0, 0, 0, 0, 1], 'not_handled.duplicate': [1, 0, 0, 0, 0, 0, 1], total: [2, 0, 0, 0, 0, 0, 2] });
    const runs = ROWS.map((r) => t[r]!);
    const printed: Table2Cells = { ...t, public: zero(), partial: runs[ROWS.indexOf('public')] };
    const found = realignRows(ROWS, printed, runs)!;
    expect(found.undecided).toEqual([]);
    expect(found.cells).toEqual(t);
    expect(found.moved).toEqual(['public', 'partial']);
  });
  it('a lost leaf: losing any leaf holds as well (the sum of the leaves does not see the order), all leaves undecided', () => {
    const t = table({ new: [2, 0, 0, 0, 0, 0, 2], public: [1, 0, 0, 0, 0, 0, 1], partial: [0, 1, 0, 0, 0, 0, 1], total: [1, 1, 0, 0, 0, 0, 2] });
    t.new = [1, 1, 0, 0, 0, 0, 2];
    expect(table2Holds(t)).toBe(true);
    const runs = ROWS.map((r) => t[r]!).filter((_, i) => i !== ROWS.indexOf('public'));
    const found = realignRows(ROWS, {}, runs)!;
    expect(found.undecided).toEqual(OUTCOME_CODES);
    expect(found.cells.total).toEqual(t.total);
    expect(found.cells.carried_out).toEqual(t.carried_out);
    expect(found.lost).toBeUndefined();
  });
  it('more than one run missing: no guess', () => {
    const runs = ROWS.map(zero).slice(0, n - 2);
    expect(realignRows(ROWS, {}, runs)).toBeNull();
  });
});
