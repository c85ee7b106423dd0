/**
 * One agency's year as the report compiler's facts (src/domain/report/compile.ts ReportFacts), read
 * from the database through the two areas that own the data:
 * - applications and appeals: `loadReportFactsForAgencies` (src/db/applications.ts) — receipt, decision and
 *   withdrawal dates derived from each application's events by the clock (第三十一条; never a
 *   stored column), 一事一申请 splits counted as their parts;
 * - documents and figures: `loadProactiveFacts` (src/app/portal/facts.ts) — the catalogue's
 *   规章 and 行政规范性文件 made public, and the year's 许可/处罚/强制/收费.
 *
 * `loadFacts(db, agencyId, year)` is the one entry point the report workflow calls;
 * `loadFactsForAgencies(db, ids, year)` reads many agencies at once (the same facts).
 */
import { idFilter, type Db, type DbOrTx } from '../../db/index.ts';
import { loadReportFactsForAgencies } from '../../db/applications.ts';
import { agencies } from '../../db/schema.ts';
import type { ReportFacts } from '../../domain/report/compile.ts';
import type { Finding } from '../../domain/report/model.ts';
import { notFound } from '../errors.ts';
import { loadProactiveFactsForAgencies } from '../portal/facts.ts';

export interface LoadedFacts {
  facts: ReportFacts;
  /** Findings about the data itself (none at present: the loaders count what the clock can read). */
  findings: Finding[];
}

/** The facts of `agencyId`'s `year`. Throws 404 when the agency does not exist. */
export async function loadFacts(db: DbOrTx, agencyId: number, year: number): Promise<LoadedFacts> {
  const facts = (await loadFactsForAgencies(db, [agencyId], year)).get(agencyId);
  if (!facts) throw notFound('找不到该机关');
  return { facts, findings: [] };
}

/**
 * The facts of many agencies' `year` in one pass (a query per area, not per agency): what a
 * province-wide compile reads (bench/report.bench.ts report.province). Agencies that do not exist
 * are absent from the result.
 */
export async function loadFactsForAgencies(db: DbOrTx, agencyIds: readonly number[], year: number): Promise<Map<number, ReportFacts>> {
  const out = new Map<number, ReportFacts>();
  if (agencyIds.length === 0) return out;
  const asked = new Set(agencyIds);
  const rows = (await db.select({ id: agencies.id, name: agencies.name, code: agencies.code }).from(agencies).where(idFilter(agencies.id, agencyIds))).filter((a) => asked.has(a.id));
  const ids = rows.map((r) => r.id);
  // loadReportFactsForAgencies only reads; a transaction is as good as the database for it.
  const cases = await loadReportFactsForAgencies(db as Db, ids, year);
  const proactive = await loadProactiveFactsForAgencies(db, ids, year);
  for (const a of rows.sort((x, y) => x.id - y.id)) {
    const { applications, appeals } = cases.get(a.id)!;
    const { documents, figures, trialFigures, previousTrialFigures } = proactive.get(a.id)!;
    out.set(a.id, { agency: { name: a.name, code: a.code }, year, applications, appeals, documents, figures, trialFigures, previousTrialFigures });
  }
  return out;
}
