/**
 * The annual report's use cases (issue 6): compile, edit the prose, submit to the supervising
 * 政务公开办, return or clear, publish (frozen, immutable), correct (a new version with its 更正说明),
 * the supervisor's status board and roll-up. Pages, API and CLI call these; they authorize with
 * policies.ts and record every change in the audit log.
 *
 * Storage (reports table, one row per version): while a version is a draft (or returned) its tables
 * are compiled live from the case data at every view, with the saved prose; at submission (or at
 * publication when no supervisor clears it) the compiled model and its sources are frozen in the row
 * and never change again. A published version is immutable; a correction is the next version.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { agencies, appeals, applications, reports, staffRoles } from '../../db/schema.ts';
import { checkReport, checkDeadline, type DeadlineLevel } from '../../domain/report/checks.ts';
import { compileReport, type ReportSources } from '../../domain/report/compile.ts';
import { emptyReport, type Finding, type ReportModel, type ReportSections } from '../../domain/report/model.ts';
import { draftSections } from '../../domain/report/prose.ts';
import { rollupReports } from '../../domain/report/rollup.ts';
import { findControlCharacter } from '../../domain/text/index.ts';
import {
  blockingFindings,
  blockingMessage,
  checkPlaceholders,
  daysLeft,
  deadlineLevel,
  publicationDeadline,
  stepRefusal,
  supervisedAgencies,
  supervisingAgency,
  todayInShanghai,
  type ReportStatus,
  type WorkflowStep,
} from '../../domain/report/workflow.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { authorize, can, type Action, type Actor } from '../policies.ts';
import { loadFacts } from './facts.ts';

export type ReportRow = typeof reports.$inferSelect;
type Agency = typeof agencies.$inferSelect;

/** Who acts: a signed-in user, or the system itself (seed, CLI run by the operator). */
export interface By {
  actor: Actor | null;
  system?: boolean;
  ip?: string | null;
}

export const SYSTEM: By = { actor: null, system: true };

// ------------------------------------------------------------------------------------------------
// The agency's place in the tree
// ------------------------------------------------------------------------------------------------

export interface AgencyPlace {
  agency: Agency;
  /** Ancestry ids, root first, the agency last (policies.can). */
  path: number[];
  hasChildren: boolean;
  level: DeadlineLevel;
  /** The supervising 政务公开办's agency, or null. */
  supervisor: Agency | null;
  supervisorPath: number[];
  /** Agencies this one supervises (its status board and roll-up), when it has a supervisor role. */
  supervised: Agency[];
}

export async function agencyPlace(db: DbOrTx, code: string): Promise<AgencyPlace> {
  const all = await db.select().from(agencies);
  const agency = all.find((a) => a.code === code);
  if (!agency) throw notFound(`找不到代码为“${code}”的机关`);
  const supRows = await db.selectDistinct({ agencyId: staffRoles.agencyId }).from(staffRoles).where(eq(staffRoles.role, 'supervisor'));
  const withSupervisor = new Set(supRows.map((r) => r.agencyId));
  const byId = new Map(all.map((a) => [a.id, a]));
  const pathOf = (id: number) => {
    const path: number[] = [];
    let cur = byId.get(id);
    while (cur && !path.includes(cur.id)) {
      path.unshift(cur.id);
      cur = cur.parentId != null ? byId.get(cur.parentId) : undefined;
    }
    return path;
  };
  const supId = supervisingAgency(all, withSupervisor, agency.id);
  const hasChildren = all.some((a) => a.parentId === agency.id);
  return {
    agency,
    path: pathOf(agency.id),
    hasChildren,
    level: deadlineLevel({ code: agency.code, hasChildren }),
    supervisor: supId != null ? byId.get(supId)! : null,
    supervisorPath: supId != null ? pathOf(supId) : [],
    supervised: supervisedAgencies(all, withSupervisor, agency.id)
      .map((id) => byId.get(id)!)
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

function check(by: By, action: Action, path: number[]) {
  if (by.system) return;
  authorize(by.actor, action, { agencyPath: path });
}

function mayAct(by: By, action: Action, path: number[]): boolean {
  return by.system === true || can(by.actor, action, { agencyPath: path });
}

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
    const empty = emptyReport(year, place.agency.name);
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

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < 2008 || year > 2100) throw badRequest(`报告年度无效：${year}`);
}

// ------------------------------------------------------------------------------------------------
// Changing
// ------------------------------------------------------------------------------------------------

async function ensureRow(tx: DbOrTx, view: ReportView, by: By): Promise<ReportRow> {
  if (view.row) return view.row;
  const [row] = await tx
    .insert(reports)
    .values({
      agencyId: view.place.agency.id,
      year: view.year,
      version: 1,
      status: 'draft',
      kind: view.kind,
      model: view.model,
      findings: view.model.findings,
      prose: {},
      createdBy: by.actor?.userId ?? null,
    })
    .returning();
  return row;
}

function refuse(status: ReportStatus, step: WorkflowStep, supervised: boolean) {
  const reason = stepRefusal(status, step, supervised);
  if (reason) throw conflict('report_state', reason);
}

const SECTION_MAX = 20_000;

/** Saves the prose sections 一、五、六 of the current draft (creating it). Returns the recompiled view. */
export async function saveProse(db: Db, by: By, code: string, year: number, sections: Partial<ReportSections>): Promise<ReportView> {
  const view = await viewReport(db, by, code, year);
  check(by, view.kind === 'rollup' ? 'report.rollup' : 'report.edit', view.place.path);
  refuse(view.status, 'edit', view.place.supervisor != null);
  const clean: Partial<ReportSections> = {};
  for (const key of ['overview', 'problems', 'other'] as const) {
    const v = sections[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw badRequest('正文内容格式不正确');
    if (v.length > SECTION_MAX) throw badRequest(`正文每一部分不能超过 ${SECTION_MAX} 字`);
    clean[key] = v.replace(/\r\n?/g, '\n');
  }
  return saveDraft(db, by, view, clean, 'report.edit');
}

/**
 * 编制: compiles the draft of `code`'s `year` from the data now and saves it (creating version 1, or
 * refreshing the current draft / returned version), the prose kept. Same permission and state rule as
 * editing (report.edit, or report.rollup for a roll-up; only a draft or a returned report).
 */
export async function compileDraft(db: Db, by: By, code: string, year: number): Promise<ReportView> {
  const view = await viewReport(db, by, code, year);
  check(by, view.kind === 'rollup' ? 'report.rollup' : 'report.edit', view.place.path);
  refuse(view.status, 'edit', view.place.supervisor != null);
  return saveDraft(db, by, view, {}, 'report.compile');
}

/** Saves the current draft with `clean` merged into its prose, recompiled; one audit entry. */
async function saveDraft(db: Db, by: By, view: ReportView, clean: Partial<ReportSections>, action: 'report.edit' | 'report.compile'): Promise<ReportView> {
  const code = view.place.agency.code;
  const year = view.year;
  await db.transaction(async (tx) => {
    const row = await ensureRow(tx, view, by);
    const prose = { ...((row.prose ?? {}) as Partial<ReportSections>), ...clean };
    const compiled = await compileNow(tx, view.place, year, prose, view.kind);
    await tx
      .update(reports)
      .set({ prose, model: compiled.model, findings: compiled.model.findings, updatedAt: new Date() })
      .where(and(eq(reports.id, row.id), inArray(reports.status, ['draft', 'returned'])));
    await recordAudit(tx, {
      actorUserId: by.actor?.userId ?? null,
      action,
      entity: 'report',
      entityId: row.id,
      detail: { agency: code, year, version: row.version, sections: Object.keys(clean) },
      ip: by.ip,
    });
  });
  return viewReport(db, by, code, year);
}

/** Compiles now, refuses on an error finding, and freezes model + sources into the row. */
async function freeze(tx: DbOrTx, view: ReportView, by: By, what: '报送' | '公布'): Promise<{ row: ReportRow; compiled: CompiledDraft }> {
  const row = await ensureRow(tx, view, by);
  const compiled = await compileNow(tx, view.place, view.year, (row.prose ?? {}) as Partial<ReportSections>, view.kind);
  const blocking = blockingFindings(compiled.model.findings);
  if (blocking.length) throw new AppError(422, 'report_has_errors', blockingMessage(what, blocking), { findings: blocking });
  return { row, compiled };
}

/** 报送: the department sends its report to the supervising 政务公开办 (第四十九条). */
export async function submitReport(db: Db, by: By, code: string, year: number): Promise<ReportView> {
  const view = await viewReport(db, by, code, year);
  check(by, view.kind === 'rollup' ? 'report.rollup' : 'report.submit', view.place.path);
  refuse(view.status, 'submit', view.place.supervisor != null);
  await db.transaction(async (tx) => {
    const { row, compiled } = await freeze(tx, view, by, '报送');
    await tx
      .update(reports)
      .set({
        status: 'submitted',
        model: compiled.model,
        findings: compiled.model.findings,
        sources: compiled.sources,
        parts: compiled.parts ?? null,
        submittedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(reports.id, row.id));
    await recordAudit(tx, { actorUserId: by.actor?.userId ?? null, action: 'report.submit', entity: 'report', entityId: row.id, detail: { agency: code, year, version: row.version }, ip: by.ip });
  });
  return viewReport(db, by, code, year);
}

/** 退回 with comments (the supervisor): the report becomes editable again, compiled live. */
export async function returnReport(db: Db, by: By, code: string, year: number, note: string): Promise<ReportView> {
  const view = await viewReport(db, by, code, year);
  if (!view.place.supervisor) throw conflict('report_state', '本机关没有上级政务公开办，无需审查。');
  check(by, 'report.review', view.place.supervisorPath);
  refuse(view.status, 'return', true);
  const comment = note.trim();
  if (!comment) throw badRequest('退回时请填写退回意见');
  if (comment.length > 5000) throw badRequest('退回意见不能超过 5000 字');
  await db.transaction(async (tx) => {
    await tx
      .update(reports)
      .set({ status: 'returned', returnedAt: new Date(), returnNote: comment, updatedAt: new Date() })
      .where(eq(reports.id, view.row!.id));
    await recordAudit(tx, { actorUserId: by.actor?.userId ?? null, action: 'report.return', entity: 'report', entityId: view.row!.id, detail: { agency: code, year, version: view.version }, ip: by.ip });
  });
  return viewReport(db, by, code, year);
}

/** 审查通过 (the supervisor). */
export async function clearReport(db: Db, by: By, code: string, year: number): Promise<ReportView> {
  const view = await viewReport(db, by, code, year);
  if (!view.place.supervisor) throw conflict('report_state', '本机关没有上级政务公开办，无需审查。');
  check(by, 'report.review', view.place.supervisorPath);
  refuse(view.status, 'clear', true);
  const blocking = blockingFindings(view.model.findings);
  if (blocking.length) throw new AppError(422, 'report_has_errors', blockingMessage('公布', blocking), { findings: blocking });
  await db.transaction(async (tx) => {
    await tx.update(reports).set({ status: 'cleared', clearedAt: new Date(), updatedAt: new Date() }).where(eq(reports.id, view.row!.id));
    await recordAudit(tx, { actorUserId: by.actor?.userId ?? null, action: 'report.clear', entity: 'report', entityId: view.row!.id, detail: { agency: code, year, version: view.version }, ip: by.ip });
  });
  return viewReport(db, by, code, year);
}

/**
 * 公布 on the portal. The model is frozen (its 发布日期 set; a date after the deadline adds
 * `deadline.late`, recorded and shown, not blocking). `publishedDate` may be given by the system
 * only (the seed); users publish today.
 */
export async function publishReport(db: Db, by: By, code: string, year: number, options: { publishedDate?: string } = {}): Promise<ReportView> {
  const view = await viewReport(db, by, code, year);
  check(by, view.kind === 'rollup' ? 'report.rollup' : 'report.publish', view.place.path);
  refuse(view.status, 'publish', view.place.supervisor != null);
  const date = by.system && options.publishedDate ? options.publishedDate : view.today;
  await db.transaction(async (tx) => {
    let row: ReportRow;
    let model: ReportModel;
    let sources: ReportSources;
    let parts: RollupPart[] | null;
    if (view.status === 'cleared') {
      row = view.row!;
      model = structuredClone(row.model as ReportModel);
      sources = row.sources as ReportSources;
      parts = (row.parts as RollupPart[] | null) ?? null;
    } else {
      const frozen = await freeze(tx, view, by, '公布');
      row = frozen.row;
      model = frozen.compiled.model;
      sources = frozen.compiled.sources;
      parts = frozen.compiled.parts ?? null;
    }
    model.published = date;
    model.findings = [...model.findings.filter((f) => f.code !== 'deadline.late'), ...checkDeadline(year, date, view.place.level)];
    const updated = await tx
      .update(reports)
      .set({ status: 'published', model, findings: model.findings, sources, parts, publishedAt: new Date(), publishedDate: date, updatedAt: new Date() })
      .where(and(eq(reports.id, row.id), sql`${reports.status} <> 'published'`))
      .returning({ id: reports.id });
    if (updated.length !== 1) throw conflict('report_state', '该版本已经公布，不能再次公布。');
    await recordAudit(tx, {
      actorUserId: by.actor?.userId ?? null,
      action: 'report.publish',
      entity: 'report',
      entityId: row.id,
      detail: { agency: code, year, version: row.version, publishedDate: date, late: date > view.deadline },
      ip: by.ip,
    });
  });
  return viewReport(db, by, code, year);
}

/** 更正: a new version (draft) after the published one, with its 更正说明; both stay public. */
export async function startCorrection(db: Db, by: By, code: string, year: number, note: string): Promise<ReportView> {
  const view = await viewReport(db, by, code, year);
  check(by, view.kind === 'rollup' ? 'report.rollup' : 'report.edit', view.place.path);
  if (view.status !== 'published') throw conflict('report_state', '只有已公布的年度报告才能发布更正版本；当前版本尚未公布，可直接修改。');
  const text = note.trim();
  if (!text) throw badRequest('请填写更正说明（更正了什么、为什么更正）');
  if (text.length > 5000) throw badRequest('更正说明不能超过 5000 字');
  const published = view.row!;
  const sections = (published.model as ReportModel).sections;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reports)
      .values({
        agencyId: view.place.agency.id,
        year,
        version: published.version + 1,
        status: 'draft',
        kind: view.kind,
        model: published.model,
        findings: published.findings,
        prose: { ...sections },
        correctionNote: text,
        createdBy: by.actor?.userId ?? null,
      })
      .returning();
    await recordAudit(tx, { actorUserId: by.actor?.userId ?? null, action: 'report.correct', entity: 'report', entityId: row.id, detail: { agency: code, year, version: row.version }, ip: by.ip });
  });
  return viewReport(db, by, code, year);
}

/** The cell of a report → the applications (table 2) or cases (table 3) behind it. */
export async function cellRecords(db: DbOrTx, view: ReportView, where: string) {
  if (!/^table[23]\/[\w.]+\/[\w.]+$/.test(where) || cellValue(view.model, where) === undefined) throw badRequest(`表格单元格“${where}”无效`);
  const ids = (view.sources[where] ?? []).map(Number).filter((n) => Number.isInteger(n));
  if (where.startsWith('table2/')) {
    const rows = ids.length
      ? await db
          .select({ id: applications.id, number: applications.number, subject: applications.subject, applicantType: applications.applicantType, channel: applications.channel })
          .from(applications)
          .where(and(inArray(applications.id, ids), eq(applications.agencyId, view.place.agency.id)))
          .orderBy(asc(applications.number))
      : [];
    return { kind: 'applications' as const, known: view.sources[where] !== undefined, applications: rows, appeals: [] };
  }
  const rows = ids.length
    ? await db
        .select({ id: appeals.id, number: appeals.number, kind: appeals.kind, filedDate: appeals.filedDate, concludedDate: appeals.concludedDate, result: appeals.result, applicationId: appeals.applicationId })
        .from(appeals)
        .where(and(inArray(appeals.id, ids), eq(appeals.agencyId, view.place.agency.id)))
        .orderBy(asc(appeals.filedDate))
    : [];
  return { kind: 'appeals' as const, known: view.sources[where] !== undefined, applications: [], appeals: rows };
}

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
