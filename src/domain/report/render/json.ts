/**
 * The report as JSON (contracts.md §2): the model itself, with a stable key order — every row of
 * table 2 in the order of contracts.md §1 with every column under it, every kind of table 3 with
 * every result — whatever order the model's objects were built in.
 */
import { APPEAL_COLUMNS, APPEAL_KINDS, TABLE2_COLUMNS, TABLE2_ROWS } from '../../taxonomy/index.ts';
import type { Cell, Finding, ReportModel } from '../model.ts';
import { TRIAL_TABLE1_CELLS } from '../../taxonomy/table1-2019.ts';

/** A copy of the model with keys in the contract's order (missing cells become `null`). */
export function normalizeModel(model: ReportModel): ReportModel {
  const cell = (v: Cell | undefined): Cell => (v === undefined ? null : v);
  const p = model.proactive;
  const doc = (d: ReportModel['proactive']['rules'] | undefined) => ({
    issued: cell(d?.issued),
    repealed: cell(d?.repealed),
    in_force: cell(d?.in_force),
  });
  const out: ReportModel = {
    format: model.format,
    year: model.year,
    agency: model.agency.code !== undefined ? { name: model.agency.name, code: model.agency.code } : { name: model.agency.name },
    proactive: {
      rules: doc(p?.rules),
      normative: doc(p?.normative),
      licensing: cell(p?.licensing),
      penalty: cell(p?.penalty),
      coercion: cell(p?.coercion),
      fees_wan_yuan: cell(p?.fees_wan_yuan),
    },
    ...(model.format === '2019' ? { proactive_2019: trialTable(model.proactive_2019) } : {}),
    applications: Object.fromEntries(
      TABLE2_ROWS.map((row) => [row, Object.fromEntries(TABLE2_COLUMNS.map((col) => [col, cell(model.applications?.[row]?.[col])]))]),
    ) as ReportModel['applications'],
    appeals: Object.fromEntries(
      APPEAL_KINDS.map((kind) => [kind, Object.fromEntries(APPEAL_COLUMNS.map((col) => [col, cell(model.appeals?.[kind]?.[col])]))]),
    ) as ReportModel['appeals'],
    sections: { overview: model.sections?.overview ?? '', problems: model.sections?.problems ?? '', other: model.sections?.other ?? '' },
    findings: (model.findings ?? []).map(orderFinding),
  };
  if (model.published !== undefined) out.published = model.published;
  if (model.file !== undefined) out.file = model.file;
  return out;
}

/** The trial table 1 in the template's order, every cell present (missing = null). */
function trialTable(t: ReportModel['proactive_2019']): NonNullable<ReportModel['proactive_2019']> {
  const out: NonNullable<ReportModel['proactive_2019']> = {};
  for (const { row, column } of TRIAL_TABLE1_CELLS) (out[row] ??= {})[column.key] = t?.[row]?.[column.key] ?? null;
  return out;
}

function orderFinding(f: Finding): Finding {
  const o: Finding = { code: f.code, severity: f.severity, message: f.message };
  if (f.where !== undefined) o.where = f.where;
  if (f.expected !== undefined) o.expected = f.expected;
  if (f.found !== undefined) o.found = f.found;
  return o;
}

/** The JSON text of the model (2-space indented by default), keys in the contract's order. */
export function toJson(model: ReportModel, indent: number = 2): string {
  return JSON.stringify(normalizeModel(model), null, indent);
}
