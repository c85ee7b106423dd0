/**
 * The measurement for real-families.ts: a model rendered in a family, read back through auditBuffer,
 * compared cell by cell with what the auditor should read (expectedModel); and a planted arithmetic
 * defect (a leaf of table 2 or a cell of table 3 off by one, its totals left alone) looked for.
 * Used by real-families.test.ts and by score-real.ts (the scoreboard).
 */
import { auditBuffer } from '../../../src/audit-io/index.ts';
import type { Cell, Finding, ReportModel } from '../../../src/domain/report/model.ts';
import { APPEAL_COLUMNS, APPEAL_KINDS, TABLE2_COLUMNS, TABLE2_ROWS } from '../../../src/domain/taxonomy/index.ts';
import { randomModel } from './generate.ts';
import { expectedModel, renderReal, type Numbers, type RealFamily } from './real-families.ts';

export interface CellScore {
  right: number;
  total: number;
  /** Cells read as another number (never acceptable). */
  wrongNumber: string[];
  /** Cells left null where the truth has a number, with a finding naming the cell. */
  flagged: string[];
  /** Cells left null (or wrong) with no finding naming them. */
  silent: string[];
}

/** Every cell of the three tables: `where` → value. */
export function cells(m: ReportModel): Map<string, Cell> {
  const out = new Map<string, Cell>();
  for (const k of ['rules', 'normative'] as const) for (const c of ['issued', 'repealed', 'in_force'] as const) out.set(`table1/${k}/${c}`, m.proactive[k][c]);
  for (const k of ['licensing', 'penalty', 'coercion', 'fees_wan_yuan'] as const) out.set(`table1/${k}`, m.proactive[k]);
  for (const r of TABLE2_ROWS) for (const c of TABLE2_COLUMNS) out.set(`table2/${r}/${c}`, m.applications[r][c]);
  for (const k of APPEAL_KINDS) for (const c of APPEAL_COLUMNS) out.set(`table3/${k}/${c}`, m.appeals[k][c]);
  // the trial format's own table 1 (regulation.md §1.7)
  for (const [row, cols] of Object.entries(m.proactive_2019 ?? {}))
    for (const [col, v] of Object.entries(cols as Record<string, Cell>)) if (!out.has(`table1/${row}/${col}`)) out.set(`table1/${row}/${col}`, v);
  return out;
}

const names = (f: Finding, where: string) => {
  if (!f.where) return false;
  if (f.where === where) return true;
  const [t, row] = where.split('/');
  return f.where === t || f.where === `${t}/${row}`;
};

export function scoreCells(truth: ReportModel, got: ReportModel): CellScore {
  const want = cells(truth);
  const have = cells(got);
  const s: CellScore = { right: 0, total: 0, wrongNumber: [], flagged: [], silent: [] };
  for (const [where, v] of want) {
    s.total++;
    const h = have.get(where) ?? null;
    if (h === v) {
      s.right++;
      continue;
    }
    const said = got.findings.some((f) => f.severity !== 'info' && names(f, where) && /^(parse\.|cell\.blank)/.test(f.code));
    if (h !== null) s.wrongNumber.push(`${where}: read ${h}, truth ${v}`);
    else (said ? s.flagged : s.silent).push(`${where}: read null, truth ${v}`);
  }
  return s;
}

/** Findings that should not be there for a valid model (identity, structure, section, text; parse errors). */
export function falseFindings(got: ReportModel, truth: ReportModel): string[] {
  const blanks = new Set([...cells(truth)].filter(([, v]) => v === null).map(([w]) => w));
  return got.findings
    .filter((f) => /^(identity\.|structure\.|section\.|text\.|parse\.unreadable)/.test(f.code) || (f.code === 'cell.blank' && !blanks.has(f.where ?? '')))
    .filter((f) => !(f.code === 'text.stated_number' && /fees/.test(f.where ?? '')))
    .map((f) => `${f.code}@${f.where}`);
}

export async function readReal(m: ReportModel, family: RealFamily, seed: number, numbers: Numbers): Promise<ReportModel> {
  const doc = await renderReal(m, family, { seed, numbers });
  return auditBuffer(doc.name, doc.bytes);
}

/** A model with one arithmetic defect: a leaf of table 2 (natural column) or a result of table 3 one higher than its totals say. */
export function withDefect(m: ReportModel, seed: number): { model: ReportModel; where: string; code: string } {
  const out = structuredClone(m);
  if (seed % 2 === 0) {
    const leaves = TABLE2_ROWS.filter((r) => !['new', 'carried_in', 'total', 'carried_out', 'other.correction_lapsed', 'other.fee_lapsed'].includes(r));
    const row = leaves[seed % leaves.length];
    out.applications[row].natural = (out.applications[row].natural ?? 0) + 1;
    return { model: out, where: `table2/${row}`, code: 'identity.' };
  }
  const kind = APPEAL_KINDS[seed % 3];
  out.appeals[kind].upheld = (out.appeals[kind].upheld ?? 0) + 1;
  return { model: out, where: `table3/${kind}`, code: 'identity.appeal_total' };
}

export function defectFound(got: ReportModel, d: { where: string; code: string }): boolean {
  return got.findings.some((f) => f.code.startsWith(d.code) && (f.where ?? '').startsWith(d.where.split('/')[0]) && (d.where.startsWith('table3') ? (f.where ?? '').includes(d.where.split('/')[1]) : true));
}

export interface FamilyScore {
  family: RealFamily;
  numbers: Numbers;
  runs: number;
  right: number;
  total: number;
  wrongNumber: number;
  flagged: number;
  silent: number;
  falseFindings: number;
  defects: number;
  found: number;
  examples: string[];
}

export async function scoreFamily(family: RealFamily, numbers: Numbers, seeds: number[], format: '2021' | '2019' = '2021'): Promise<FamilyScore> {
  const s: FamilyScore = { family, numbers, runs: 0, right: 0, total: 0, wrongNumber: 0, flagged: 0, silent: 0, falseFindings: 0, defects: 0, found: 0, examples: [] };
  for (const seed of seeds) {
    const m = randomModel(seed, format === '2019' ? { format, year: 2019 + (seed % 2) } : { year: 2021 + (seed % 4) });
    const truth = expectedModel(m, numbers);
    const got = await readReal(m, family, seed, numbers);
    const c = scoreCells(truth, got);
    const f = falseFindings(got, truth);
    s.runs++;
    s.right += c.right;
    s.total += c.total;
    s.wrongNumber += c.wrongNumber.length;
    s.flagged += c.flagged.length;
    s.silent += c.silent.length;
    s.falseFindings += f.length;
    s.examples.push(...[...c.wrongNumber, ...c.silent, ...f].slice(0, 4).map((x) => `seed ${seed}: ${x}`));
    const d = withDefect(m, seed);
    const bad = await readReal(d.model, family, seed, numbers === 'dash-zero' ? 'plain' : numbers);
    s.defects++;
    if (defectFound(bad, d)) s.found++;
    else s.examples.push(`seed ${seed}: defect missed ${d.code}@${d.where}`);
  }
  return s;
}
