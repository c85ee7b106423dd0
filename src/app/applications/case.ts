/**
 * Loading one case with everything the use cases and pages need: the application row, its events,
 * the derived view (status, clock), the agency path for policies, the calendar. And the small
 * helpers every step shares (today in Asia/Shanghai, the actor as policies see it).
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { getApplication, loadCalendar, loadRecorded, type ApplicationRow } from '../../db/applications.ts';
import { agencies } from '../../db/schema.ts';
import { todayInShanghai, type Calendar, type IsoDate } from '../../domain/calendar/index.ts';
import { deriveCase, type CaseView, type RecordedEvent } from '../../domain/applications/index.ts';
import { agencyPath } from '../agencies.ts';
import { AppError, notFound } from '../errors.ts';
import { can, type Action, type Actor } from '../policies.ts';
import { isDbId } from '../schemas.ts';

export interface LoadedCase {
  app: ApplicationRow;
  agency: typeof agencies.$inferSelect;
  agencyPath: number[];
  recorded: RecordedEvent[];
  view: CaseView;
  calendar: Calendar;
  today: IsoDate;
}

/** Today as a calendar date in Asia/Shanghai (design.md). GONGKAI_TODAY overrides it for demos and tests. */
export function today(): IsoDate {
  return process.env.GONGKAI_TODAY || todayInShanghai(new Date());
}

export async function loadCase(db: DbOrTx, id: number, explain = true): Promise<LoadedCase> {
  // The page routes read `:id` with Number(): NaN or an id beyond int4 names no application (the
  // database would refuse it with SQLSTATE 22P02 / 22003).
  if (!isDbId(id)) throw notFound('找不到该申请');
  const app = await getApplication(db, id);
  if (!app) throw notFound('找不到该申请');
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, app.agencyId));
  const [recorded, calendar, path] = await Promise.all([loadRecorded(db, id), loadCalendar(db), agencyPath(db as never, app.agencyId)]);
  const t = today();
  return { app, agency, agencyPath: path, recorded, calendar, today: t, view: deriveCase(recorded, { calendar, today: t, explain }) };
}

/**
 * Whether the actor may see the case: the applicant who owns it, or staff whose role reaches its
 * agency. A stranger gets 404 (not 403), so application ids reveal nothing.
 */
export function assertCanView(actor: Actor | null, c: Pick<LoadedCase, 'app' | 'agencyPath'>): void {
  if (!actor) throw new AppError(401, 'unauthenticated', '请先登录');
  const ok =
    can(actor, 'application.view_own', { ownerUserId: c.app.applicantUserId }) ||
    can(actor, 'application.view', { agencyPath: c.agencyPath });
  if (!ok) throw notFound('找不到该申请');
}

export function isStaffViewer(actor: Actor | null, c: Pick<LoadedCase, 'agencyPath'>): boolean {
  return can(actor, 'application.view', { agencyPath: c.agencyPath });
}

export function assertCan(actor: Actor | null, action: Action, c: Pick<LoadedCase, 'agencyPath' | 'app'>): void {
  if (!actor) throw new AppError(401, 'unauthenticated', '请先登录');
  const target = { agencyPath: c.agencyPath, ownerUserId: c.app.applicantUserId };
  if (!can(actor, action, target)) {
    // Someone who cannot even see the case learns nothing about it.
    if (!can(actor, 'application.view', target) && !can(actor, 'application.view_own', target)) throw notFound('找不到该申请');
    throw new AppError(403, 'forbidden', `您没有权限执行此操作：${ACTION_TEXT[action] ?? action}`);
  }
}

const ACTION_TEXT: Partial<Record<Action, string>> = {
  'application.confirm': '确认收到申请（登记员）',
  'application.handle': '办理申请（承办人）',
  'application.approve': '审批延期和答复（审核人）',
  'application.deliver': '登记送达',
  'application.withdraw_own': '撤回本人的申请',
  'application.register': '登记申请（登记员）',
};
