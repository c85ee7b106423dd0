/**
 * The lists: a staff inbox per agency (a supervisor's reaches every agency below), and the
 * applicant's 我的申请. Status, due date and badges are derived from the events (one query for
 * the events of every listed application), never stored.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { loadCalendar, loadRecordedMany, type ApplicationRow } from '../../db/applications.ts';
import { agencies, applications } from '../../db/schema.ts';
import { applicantView, deriveCase, type CaseView } from '../../domain/applications/index.ts';
import { CLOSABLE_BADGES, type ClockState, type ClosableOutcome } from '../../domain/clock/index.ts';
import { listAgencies, pathOf } from '../agencies.ts';
import { AppError } from '../errors.ts';
import { can, type Actor } from '../policies.ts';
import { today } from './case.ts';

export interface ListItem {
  app: ApplicationRow;
  agencyCode: string;
  agencyName: string;
  view: CaseView;
  /**
   * 即将逾期 (≤3 WD) or 逾期, for open cases; 期限待定 when the due date waits for a calendar year not
   * yet entered (pending.ts).
   */
  badge: 'overdue' | 'due_soon' | 'calendar_pending' | null;
  /**
   * 可结案: the applicant's own period (补正 第三十条, the fee's payment period) ran out unanswered, as
   * of today — the domain's closableAs, derived from the events, never stored.
   */
  closable: { as: ClosableOutcome; label: string; rule: string } | null;
}

export interface InboxFilters {
  /** A state, all open or closed cases, or `closable`: those the agency may now close as lapsed. */
  status?: ClockState | 'open' | 'closed' | 'closable';
  handler?: number | 'none';
  channel?: string;
  applicantType?: string;
  /** Include the agencies below (a supervisor's view). */
  below?: boolean;
}

function sortKey(i: ListItem): string {
  const c = i.view.clock;
  const closed = !c || c.decision || c.withdrawnDate;
  return `${closed ? '1' : '0'}${c?.dueDate ?? '9999-99-99'}${i.app.number}`;
}

/** The rows as listed; `applicant`: derived through the applicant's projection (applicant-view.ts: nothing internal). */
async function itemsFor(db: Db, rows: ApplicationRow[], applicant = false): Promise<ListItem[]> {
  const calendar = await loadCalendar(db);
  const events = await loadRecordedMany(db, rows.map((r) => r.id));
  const all = await listAgencies(db);
  const t = today();
  return rows.map((app) => {
    const a = all.find((x) => x.id === app.agencyId)!;
    const recorded = events.get(app.id) ?? [];
    const options = { calendar, today: t, explain: false };
    const view = applicant
      ? applicantView({ recorded, letters: [], ownerUserId: app.applicantUserId, agencyName: a.name, channel: app.channel }, options).view
      : deriveCase(recorded, options);
    const c = view.clock;
    const badge = c?.overdue ? 'overdue' : c?.dueSoon ? 'due_soon' : view.pending?.fields.includes('dueDate') ? 'calendar_pending' : null;
    // 可结案 is the staff's (the applicant's list never shows it).
    const as = applicant ? null : (c?.closableAs ?? null);
    return { app, agencyCode: a.code, agencyName: a.name, view, badge, closable: as ? { as, ...CLOSABLE_BADGES[as] } : null };
  });
}

/** The inbox of an agency (and, for a supervisor asking for it, of the agencies below). */
export async function inbox(db: Db, actor: Actor, agencyCode: string, filters: InboxFilters = {}): Promise<ListItem[]> {
  const all = await listAgencies(db);
  const agency = all.find((a) => a.code === agencyCode);
  if (!agency) throw new AppError(404, 'not_found', `找不到机关「${agencyCode}」`);
  if (!can(actor, 'application.view', { agencyPath: pathOf(all, agency.id) })) {
    throw new AppError(actor ? 403 : 401, actor ? 'forbidden' : 'unauthenticated', actor ? '您没有权限查看该机关的依申请公开件' : '请先登录');
  }
  const ids = filters.below
    ? all.filter((a) => pathOf(all, a.id).includes(agency.id) && can(actor, 'application.view', { agencyPath: pathOf(all, a.id) })).map((a) => a.id)
    : [agency.id];
  const rows = await db.select().from(applications).where(inArray(applications.agencyId, ids));
  let items = await itemsFor(db, rows);
  const f = filters;
  items = items.filter((i) => {
    const c = i.view.clock;
    const closed = !!(c?.decision || c?.withdrawnDate || i.view.splitInto.length);
    if (f.status === 'open' && closed) return false;
    if (f.status === 'closed' && !closed) return false;
    if (f.status === 'closable' && !i.closable) return false;
    if (f.status && f.status !== 'open' && f.status !== 'closed' && f.status !== 'closable' && i.view.state !== f.status) return false;
    if (f.handler === 'none' && i.view.handlerUserId !== null) return false;
    if (typeof f.handler === 'number' && i.view.handlerUserId !== f.handler) return false;
    if (f.channel && i.app.channel !== f.channel) return false;
    if (f.applicantType && i.app.applicantType !== f.applicantType) return false;
    return true;
  });
  return items.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

/** 我的申请: the applicant's applications only, newest first. */
export async function myApplications(db: Db, actor: Actor): Promise<ListItem[]> {
  if (actor.kind !== 'applicant') throw new AppError(403, 'forbidden', '「我的申请」仅供申请人使用');
  const rows = await db.select().from(applications).where(eq(applications.applicantUserId, actor.userId)).orderBy(desc(applications.id));
  return itemsFor(db, rows, true);
}

/** The agencies an applicant can apply to (every agency; a public list under 第二十二条). */
export async function agencyOptions(db: Db) {
  return db.select({ code: agencies.code, name: agencies.name }).from(agencies).orderBy(agencies.code);
}

export { and };
