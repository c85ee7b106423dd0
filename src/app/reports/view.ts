/** A report as someone sees it: the live draft compiled from the case data, or a frozen version; its findings. */
import { reportFormatFor } from '../../domain/report/policy.ts';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';

import { reports } from '../../db/schema.ts';
import { checkReport } from '../../domain/report/checks.ts';
import { compileReport, type ReportSources } from '../../domain/report/compile.ts';
import { emptyReport, type Finding, type ReportModel, type ReportSections } from '../../domain/report/model.ts';
import { draftSections } from '../../domain/report/prose.ts';
import { rollupReports } from '../../domain/report/rollup.ts';

import { checkPlaceholders, daysLeft, publicationDeadline, stepRefusal, todayInShanghai, type ReportStatus, type WorkflowStep } from '../../domain/report/workflow.ts';
import { badRequest } from '../errors.ts';
import { type Action, type By } from '../policies.ts';
import { loadFacts } from './facts.ts';
import { agencyPlace, check, mayAct, type AgencyPlace } from './place.ts';

export type ReportRow = typeof reports.$inferSelect;

// ------------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------------

export async function versionsOf(db: DbOrTx, agencyId: number, year: number): Promise<ReportRow[]> {
  return db.select().from(reports).where(and(eq(reports.agencyId, agencyId), eq(reports.year, year))).orderBy(desc(reports.version));
}

/** Last year's report as published (its latest published version): `previous` for the checks. */
export async function previousPublished(db: DbOrTx, agencyId: number, year: number): Promise<ReportModel | undefined> {
  const [row] = await db
    .select({ model: reports.model })
    .from(reports)
    .where(and(eq(reports.agencyId, agencyId), eq(reports.year, year - 1), eq(reports.status, 'published')))
    .orderBy(desc(reports.version))
    .limit(1);
  return row ? (row.model as ReportModel) : undefined;
}

export interface CompiledDraft {
  model: ReportModel;
  sources: ReportSources;
  /** A roll-up's parts. */
  parts?: RollupPart[];
}

export interface RollupPart {
  agencyCode: string;
  agencyName: string;
  version: number;
  status: ReportStatus;
}

/** Compiles the report of `place.agency` for `year` from the data now (or the roll-up of the reports below). */
export async function compileNow(
  db: DbOrTx,
  place: AgencyPlace,
  year: number,
  prose: Partial<ReportSections> = {},
  kind: 'agency' | 'rollup' = 'agency',
): Promise<CompiledDraft> {
  const previous = await previousPublished(db, place.agency.id, year);
  if (kind === 'rollup') return compileRollup(db, place, year, prose, previous);
  const loaded = await loadFacts(db, place.agency.id, year);
  const { model, sources } = compileReport({ ...loaded.facts, sections: prose, previous });
  model.findings = [...loaded.findings, ...model.findings, ...checkPlaceholders(model)];
  return { model, sources };
}

async function compileRollup(
  db: DbOrTx,
  place: AgencyPlace,
  year: number,
  prose: Partial<ReportSections>,
  previous: ReportModel | undefined,
): Promise<CompiledDraft> {
  const ids = place.supervised.map((a) => a.id);
  const rows = ids.length
    ? await db
        .select()
        .from(reports)
        .where(and(inArray(reports.agencyId, ids), eq(reports.year, year), inArray(reports.status, ['published', 'cleared'])))
        .orderBy(asc(reports.agencyId), desc(reports.version))
    : [];
  const latest = new Map<number, ReportRow>();
  for (const r of rows) if (!latest.has(r.agencyId)) latest.set(r.agencyId, r);
  if (latest.size === 0) {
    // Nothing to add up yet: an empty roll-up that says so (an error: it cannot be published).
    const empty = emptyReport(year, place.agency.name, 0, reportFormatFor(year));
    empty.agency.code = place.agency.code;
    empty.sections = { ...draftSections(empty), ...prose };
    empty.findings = [
      {
        code: 'rollup.missing_parts',
        severity: 'error',
        message: `${year}年度下级机关还没有已公布或审查通过的年度报告，暂无可汇总的内容（共 ${place.supervised.length} 个机关未报）。`,
        where: 'rollup',
      },
      ...checkPlaceholders(empty),
    ];
    return { model: empty, sources: {}, parts: [] };
  }
  const byId = new Map(place.supervised.map((a) => [a.id, a]));
  const parts: RollupPart[] = [];
  const models: ReportModel[] = [];
  for (const [agencyId, r] of latest) {
    const a = byId.get(agencyId)!;
    parts.push({ agencyCode: a.code, agencyName: a.name, version: r.version, status: r.status as ReportStatus });
    models.push(r.model as ReportModel);
  }
  const sum = rollupReports(models, { agency: { name: place.agency.name, code: place.agency.code }, year, previous });
  sum.sections = { ...sum.sections, ...prose };
  const partFindings = sum.findings.filter((f) => f.where?.startsWith('part/'));
  const missing = place.supervised.filter((a) => !latest.has(a.id));
  const missingFindings: Finding[] = missing.length
    ? [
        {
          code: 'rollup.missing_parts',
          severity: 'warning',
          message: `以下机关的${year}年度报告尚未公布或审查通过，未计入汇总：${missing.map((a) => a.name).join('、')}。`,
          where: 'rollup',
        },
      ]
    : [];
  sum.findings = [...missingFindings, ...checkReport(sum, { previous }), ...checkPlaceholders(sum), ...partFindings];
  return { model: sum, sources: {}, parts };
}

export interface ReportView {
  place: AgencyPlace;
  year: number;
  /** The current (highest) version's row, or null when nothing was saved yet. */
  row: ReportRow | null;
  status: ReportStatus;
  version: number;
  kind: 'agency' | 'rollup';
  model: ReportModel;
  sources: ReportSources;
  parts: RollupPart[] | null;
  /** Whether the tables are compiled live (draft / returned) or frozen. */
  live: boolean;
  deadline: string;
  daysLeft: number;
  today: string;
  /** All versions, newest first. */
  versions: ReportRow[];
  /** What the viewer may do now. */
  allowed: Record<WorkflowStep | 'correct' | 'rollup', boolean>;
}

/**
 * Whether `by` may see the agency's unpublished reports (drafts, submitted, returned, cleared):
 * report.view at the agency, report.rollup (its own roll-up), or report.review at its supervising
 * 政务公开办. Everyone else sees only what is published (第四十九条: the report is published to society).
 */
export function mayViewDrafts(by: By, place: AgencyPlace): boolean {
  return (
    mayAct(by, 'report.view', place.path) ||
    mayAct(by, 'report.rollup', place.path) ||
    (place.supervisor != null && mayAct(by, 'report.review', place.supervisorPath))
  );
}

/** The report of `code`'s `year` as the console shows it. Needs report.view (or report.rollup / report.review). */
export async function viewReport(db: DbOrTx, by: By, code: string, year: number, today = todayInShanghai(new Date())): Promise<ReportView> {
  checkYear(year);
  const place = await agencyPlace(db, code);
  if (!mayViewDrafts(by, place)) check(by, 'report.view', place.path);
  const versions = await versionsOf(db, place.agency.id, year);
  const row = versions[0] ?? null;
  const status = (row?.status ?? 'draft') as ReportStatus;
  const kind = (row?.kind ?? (place.hasChildren && place.supervised.length ? 'rollup' : 'agency')) as 'agency' | 'rollup';
  const live = status === 'draft' || status === 'returned';
  let compiled: CompiledDraft;
  if (live) {
    compiled = await compileNow(db, place, year, (row?.prose ?? {}) as Partial<ReportSections>, kind);
  } else {
    compiled = { model: row!.model as ReportModel, sources: row!.sources as ReportSources, parts: (row!.parts as RollupPart[] | null) ?? undefined };
  }
  const deadline = publicationDeadline(year, place.level);
  const supervised = place.supervisor != null;
  const editAction: Action = kind === 'rollup' ? 'report.rollup' : 'report.edit';
  const submitAction: Action = kind === 'rollup' ? 'report.rollup' : 'report.submit';
  const publishAction: Action = kind === 'rollup' ? 'report.rollup' : 'report.publish';
  const allowed = {
    edit: stepRefusal(status, 'edit', supervised) === null && mayAct(by, editAction, place.path),
    submit: stepRefusal(status, 'submit', supervised) === null && mayAct(by, submitAction, place.path),
    return: stepRefusal(status, 'return', supervised) === null && supervised && mayAct(by, 'report.review', place.supervisorPath),
    clear: stepRefusal(status, 'clear', supervised) === null && supervised && mayAct(by, 'report.review', place.supervisorPath),
    publish: stepRefusal(status, 'publish', supervised) === null && mayAct(by, publishAction, place.path),
    correct: status === 'published' && mayAct(by, editAction, place.path),
    rollup: place.supervised.length > 0 && mayAct(by, 'report.rollup', place.path) && (status === 'draft' || status === 'returned'),
  };
  return {
    place,
    year,
    row,
    status,
    version: row?.version ?? 1,
    kind,
    model: compiled.model,
    sources: compiled.sources,
    parts: compiled.parts ?? null,
    live,
    deadline,
    daysLeft: daysLeft(today, deadline),
    today,
    versions,
    allowed,
  };
}

/** A year Gongkai can compile: from 2019 (the revised Regulations), in the format of its year (policy.ts reportFormatFor). */
export function checkYear(year: number) {
  if (!Number.isInteger(year) || year < 2008 || year > 2100) throw badRequest(`报告年度无效：${year}`);
  try {
    reportFormatFor(year);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

