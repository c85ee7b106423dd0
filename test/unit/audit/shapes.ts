/**
 * The measurement of issue 14: how well the auditor reads the report-shape fixtures (contracts.md
 * §5), cell by cell against their truth JSON, and whether it finds their planted defects without
 * a false identity finding. Used by shapes.test.ts and by score-shapes.ts (the scoreboard).
 */
import { auditBuffer } from '../../../src/audit-io/index.ts';
import type { Finding, ReportModel } from '../../../src/domain/report/model.ts';
import type { ShapeFixture, ShapeTruth } from '../../support/fixtures.ts';

export interface ShapeScore {
  name: string;
  /** Non-null truth cells read right / all non-null truth cells. */
  right: number;
  total: number;
  /** `table2/new/natural: read 7, truth 74`… */
  wrong: string[];
  /** format, year, agency, published: the ones that differ. */
  meta: string[];
  /** Planted defects (`expected: true`) found / missed. */
  found: string[];
  missed: string[];
  /** identity.* findings that no truth defect names. */
  falseIdentity: string[];
  /** Other error findings no truth defect names (cell.blank, structure.missing_section, parse.unreadable…). */
  otherErrors: string[];
  model: ReportModel;
}

const SECTION_KEYS: Record<string, string> = { 一: 'overview', 二: 'proactive', 三: 'applications', 四: 'appeals', 五: 'problems', 六: 'other' };

/** Does the model's finding `f` report the truth defect `d` (code plus the row, column or kind named)? */
export function reports(f: Finding, d: ShapeTruth['defects'][number]): boolean {
  if (f.code !== d.code) return false;
  const where = f.where ?? '';
  if (d.where.startsWith('table')) {
    const [table, ...parts] = d.where.split('/');
    const segs = where.split('/');
    if (d.code.startsWith('parse.')) return true;
    return segs[0] === table && parts.every((p) => segs.includes(p));
  }
  const m = /section\s*([一二三四五六])/.exec(d.where);
  if (m && d.code.startsWith('structure.missing')) return where === `section/${SECTION_KEYS[m[1]]}`;
  return true; // text.* and structure.numbering: the code is the claim
}

export async function scoreShape(fx: ShapeFixture): Promise<ShapeScore> {
  const model = await auditBuffer(fx.name, fx.bytes);
  const t = fx.truth;
  let right = 0;
  let total = 0;
  const wrong: string[] = [];
  const cmp = (where: string, truth: number | null, read: number | null | undefined) => {
    if (truth === null) return;
    total++;
    if (read === truth) right++;
    else wrong.push(`${where}: read ${read === undefined ? 'nothing' : String(read)}, truth ${truth}`);
  };
  if (t.proactive) {
    for (const k of ['rules', 'normative'] as const)
      for (const c of ['issued', 'repealed', 'in_force'] as const) cmp(`table1/${k}/${c}`, t.proactive[k][c], model.proactive[k][c]);
    for (const k of ['licensing', 'penalty', 'coercion', 'fees_wan_yuan'] as const) cmp(`table1/${k}`, t.proactive[k], model.proactive[k]);
  }
  for (const [row, cells] of Object.entries(t.applications))
    for (const [col, v] of Object.entries(cells)) cmp(`table2/${row}/${col}`, v, (model.applications as Record<string, Record<string, number | null>>)[row]?.[col]);
  for (const [kind, cells] of Object.entries(t.appeals))
    for (const [col, v] of Object.entries(cells)) cmp(`table3/${kind}/${col}`, v, (model.appeals as Record<string, Record<string, number | null>>)[kind]?.[col]);
  const meta: string[] = [];
  if (model.format !== t.format) meta.push(`format ${model.format} (truth ${t.format})`);
  if (model.year !== t.year) meta.push(`year ${model.year} (truth ${t.year})`);
  if (model.agency.name !== t.agency) meta.push(`agency 「${model.agency.name}」 (truth 「${t.agency}」)`);
  if ((model.published ?? null) !== t.published) meta.push(`published ${model.published ?? null} (truth ${t.published})`);
  const found: string[] = [];
  const missed: string[] = [];
  for (const d of t.defects.filter((x) => x.expected)) {
    const f = model.findings.find((x) => reports(x, d));
    (f ? found : missed).push(`${d.code}@${d.where}`);
  }
  const named = (f: Finding) => t.defects.some((d) => reports(f, d));
  const falseIdentity = model.findings.filter((f) => f.code.startsWith('identity.') && !named(f)).map((f) => `${f.code}@${f.where}`);
  const otherErrors = model.findings
    .filter((f) => f.severity === 'error' && !f.code.startsWith('identity.') && !named(f) && !(t.truncated && f.code === 'parse.truncated'))
    .map((f) => `${f.code}@${f.where}`);
  return { name: fx.name, right, total, wrong, meta, found, missed, falseIdentity, otherErrors, model };
}
