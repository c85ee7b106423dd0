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
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { appeals, applications, reports } from '../../db/schema.ts';
import { checkDeadline } from '../../domain/report/checks.ts';
import { type ReportSources } from '../../domain/report/compile.ts';
import { type ReportModel, type ReportSections } from '../../domain/report/model.ts';

import { blockingFindings, blockingMessage, stepRefusal, type ReportStatus, type WorkflowStep } from '../../domain/report/workflow.ts';
import { AppError, badRequest, conflict } from '../errors.ts';
import { type By } from '../policies.ts';

import { check } from './place.ts';
import { cellValue } from './published.ts';
import { compileNow, viewReport, type CompiledDraft, type ReportRow, type ReportView, type RollupPart } from './view.ts';

export { SYSTEM, type By } from '../policies.ts';
export * from './place.ts';
export * from './view.ts';
export * from './published.ts';

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

