/**
 * One agency's year as the report compiler's facts (src/domain/report/compile.ts ReportFacts), read
 * from the database through the two areas that own the data:
 * - applications and appeals: `loadReportFacts` (src/db/applications.ts) — receipt, decision and
 *   withdrawal dates derived from each application's events by the clock (第三十一条; never a
 *   stored column), 一事一申请 splits counted as their parts;
 * - documents and figures: `loadProactiveFacts` (src/server/portal/facts.ts) — the catalogue's
 *   规章 and 行政规范性文件 made public, and the year's 许可/处罚/强制/收费.
 *
 * `loadFacts(db, agencyId, year)` is the one entry point the report workflow calls.
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { loadReportFacts } from '../../db/applications.ts';
import { agencies } from '../../db/schema.ts';
import type { ReportFacts } from '../../domain/report/compile.ts';
import type { Finding } from '../../domain/report/model.ts';
import { notFound } from '../errors.ts';
import { loadProactiveFacts } from '../portal/facts.ts';

export interface LoadedFacts {
  facts: ReportFacts;
  /** Findings about the data itself (none at present: the loaders count what the clock can read). */
  findings: Finding[];
}

/** The facts of `agencyId`'s `year`. Throws 404 when the agency does not exist. */
export async function loadFacts(db: DbOrTx, agencyId: number, year: number): Promise<LoadedFacts> {
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  if (!agency) throw notFound('找不到该机关');
  // loadReportFacts only reads; a transaction is as good as the database for it.
  const { applications, appeals } = await loadReportFacts(db as Db, agencyId, year);
  const { documents, figures } = await loadProactiveFacts(db, agencyId, year);
  return {
    facts: { agency: { name: agency.name, code: agency.code }, year, applications, appeals, documents, figures },
    findings: [],
  };
}
