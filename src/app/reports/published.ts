/** The supervisor's status board and the published reports (the portal's 年度报告 list). */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';

import { agencies, reports } from '../../db/schema.ts';

import { type ReportModel } from '../../domain/report/model.ts';

import { findControlCharacter } from '../../domain/text/index.ts';
import { daysLeft, deadlineLevel, publicationDeadline, todayInShanghai, type ReportStatus } from '../../domain/report/workflow.ts';
import { notFound } from '../errors.ts';
import { type By } from '../policies.ts';

import { agencyPlace, check, type AgencyPlace } from './place.ts';
import { checkYear, mayViewDrafts, type ReportRow } from './view.ts';

type Agency = typeof agencies.$inferSelect;

// ------------------------------------------------------------------------------------------------
// The supervisor's status board
// ------------------------------------------------------------------------------------------------

export interface BoardRow {
  agency: Agency;
  status: ReportStatus | null;
  version: number | null;
  publishedDate: string | null;
  deadline: string;
  late: boolean;
  daysLeft: number;
}

/** Which agencies below `code`'s 政务公开办 have not submitted or published their `year` report. */
export async function statusBoard(db: DbOrTx, by: By, code: string, year: number, today = todayInShanghai(new Date())): Promise<{ place: AgencyPlace; rows: BoardRow[] }> {
  checkYear(year);
  const place = await agencyPlace(db, code);
  check(by, 'report.review', place.path);
  const ids = place.supervised.map((a) => a.id);
  const rows = ids.length
    ? await db.select().from(reports).where(and(inArray(reports.agencyId, ids), eq(reports.year, year))).orderBy(asc(reports.agencyId), desc(reports.version))
    : [];
  const latest = new Map<number, ReportRow>();
  for (const r of rows) if (!latest.has(r.agencyId)) latest.set(r.agencyId, r);
  const all = await db.select({ id: agencies.id, parentId: agencies.parentId }).from(agencies);
  return {
    place,
    rows: place.supervised.map((a) => {
      const r = latest.get(a.id);
      const level = deadlineLevel({ code: a.code, hasChildren: all.some((x) => x.parentId === a.id) });
      const deadline = publicationDeadline(year, level);
      const publishedDate = r?.status === 'published' ? r.publishedDate : null;
      return {
        agency: a,
        status: (r?.status as ReportStatus | undefined) ?? null,
        version: r?.version ?? null,
        publishedDate,
        deadline,
        late: publishedDate ? publishedDate > deadline : today > deadline,
        daysLeft: daysLeft(today, deadline),
      };
    }),
  };
}

// ------------------------------------------------------------------------------------------------
// The portal
// ------------------------------------------------------------------------------------------------

/** Every published version of an agency's reports, newest year first, newest version first. Public. */
export async function publishedReports(db: DbOrTx, agencyId: number): Promise<ReportRow[]> {
  return db
    .select()
    .from(reports)
    .where(and(eq(reports.agencyId, agencyId), eq(reports.status, 'published')))
    .orderBy(desc(reports.year), desc(reports.version));
}

/** Counts a view of a published report (点击数). */
export async function countView(db: DbOrTx, reportId: number): Promise<void> {
  await db.update(reports).set({ viewCount: sql`${reports.viewCount} + 1` }).where(and(eq(reports.id, reportId), eq(reports.status, 'published')));
}

/**
 * One published version of `code`'s `year` (the latest unless `version` is given) with every published
 * version of that year, newest first: what the portal page and the public API show. 404 when none.
 */
export async function publishedVersion(db: DbOrTx, code: string, year: number, version?: number): Promise<{ agency: Agency; versions: ReportRow[]; row: ReportRow }> {
  // A code with a control character names no agency (the page route reads `:code` without a schema).
  const [agency] = findControlCharacter(code) === undefined ? await db.select().from(agencies).where(eq(agencies.code, code)) : [];
  if (!agency) throw notFound(`找不到代码为“${code}”的机关`);
  const versions = (await publishedReports(db, agency.id)).filter((r) => r.year === year);
  if (versions.length === 0) throw notFound(`${agency.name}尚未公布${year}年度报告`);
  const row = version === undefined ? versions[0] : versions.find((v) => v.version === version);
  if (!row) throw notFound(`找不到${year}年度报告的第 ${version} 版`);
  return { agency, versions, row };
}

/**
 * The reports of an agency, every year and version (newest first), as `by` may see them: all
 * versions to those who may see drafts (mayViewDrafts), the published ones to everyone else.
 */
export async function reportList(db: DbOrTx, by: By, code: string): Promise<{ place: AgencyPlace; drafts: boolean; rows: ReportRow[] }> {
  const place = await agencyPlace(db, code);
  const drafts = mayViewDrafts(by, place);
  const rows = drafts
    ? await db.select().from(reports).where(eq(reports.agencyId, place.agency.id)).orderBy(desc(reports.year), desc(reports.version))
    : await publishedReports(db, place.agency.id);
  return { place, drafts, rows };
}

/** The number in a cell `table2/<row>/<column>` or `table3/<kind>/<result>` of the model (undefined: no such cell). */
export function cellValue(model: ReportModel, where: string): number | null | undefined {
  const [table, row, col] = where.split('/');
  const cells: Record<string, Record<string, number | null> | undefined> | undefined =
    table === 'table2' ? (model.applications as never) : table === 'table3' ? (model.appeals as never) : undefined;
  if (!cells || !Object.hasOwn(cells, row)) return undefined;
  const r = cells[row];
  return r && Object.hasOwn(r, col) ? r[col] : undefined;
}

