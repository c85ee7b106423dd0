/**
 * To staff, each working morning: a digest of the open cases that need them — overdue, due within
 * three working days (the inbox's 即将逾期), waiting for their approval (extension or decision drafted
 * by someone else: 第三十三条第二款 needs the head's consent), waiting for the registrar to confirm
 * receipt (第三十一条). A handler is shown the cases assigned to them and those not yet assigned; a
 * registrar and a reviewer every case of their agency; a supervisor (政务公开办) the overdue cases of
 * every agency below. Nothing is sent to someone with nothing to do.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { agencies, staffRoles, users, type Role } from '../../../db/schema.ts';
import type { Calendar, IsoDate } from '../../../domain/calendar/index.ts';
import { chineseDate } from '../../../domain/calendar/index.ts';
import { pathOf } from '../../agencies.ts';
import { openCases, type OpenCase } from '../cases.ts';
import type { OutgoingMessage } from '../notify.ts';

const MAX_LINES = 50;
type Reason = '逾期' | '即将到期' | '待审批延期' | '待审批答复' | '待确认收到';

function reasons(c: OpenCase, userId: number, roles: ReadonlySet<Role>): Reason[] {
  const v = c.view;
  const clock = v.clock;
  if (!clock) return [];
  const out: Reason[] = [];
  const mine =
    roles.has('reviewer') || roles.has('registrar') || (roles.has('handler') && (v.handlerUserId === null || v.handlerUserId === userId));
  if (mine && clock.overdue) out.push('逾期');
  else if (mine && clock.dueSoon) out.push('即将到期');
  if (roles.has('reviewer') && v.pendingExtension && v.pendingExtension.requestedBy !== userId) out.push('待审批延期');
  if (roles.has('reviewer') && v.pendingDecision && v.pendingDecision.proposedBy !== userId) out.push('待审批答复');
  if (roles.has('registrar') && clock.state === 'awaiting_confirmation') out.push('待确认收到');
  return out;
}

function line(c: OpenCase, why: readonly Reason[], agencyName: string): string {
  const due = c.view.clock?.dueDate;
  return `· 【${why.join('、')}】${c.app.number} ${c.app.subject}（${agencyName}${due ? `，答复期限${chineseDate(due)}` : ''}）`;
}

export async function digestMessages(db: DbOrTx, today: IsoDate, calendar: Calendar): Promise<OutgoingMessage[]> {
  const roleRows = await db
    .select({ userId: staffRoles.userId, agencyId: staffRoles.agencyId, role: staffRoles.role, name: users.displayName })
    .from(staffRoles)
    .innerJoin(users, eq(users.id, staffRoles.userId))
    .where(and(eq(users.active, true), inArray(staffRoles.role, ['registrar', 'handler', 'reviewer', 'supervisor'])));
  if (roleRows.length === 0) return [];
  const all = await db.select({ id: agencies.id, parentId: agencies.parentId, name: agencies.name }).from(agencies);
  const nameOf = new Map(all.map((a) => [a.id, a.name]));
  const supervised = (id: number) => all.filter((a) => pathOf(all, a.id).includes(id)).map((a) => a.id);
  const agencyIds = new Set<number>();
  for (const r of roleRows) for (const id of r.role === 'supervisor' ? supervised(r.agencyId) : [r.agencyId]) agencyIds.add(id);
  const cases = await openCases(db, { today, calendar, agencyIds: [...agencyIds] });
  const byAgency = new Map<number, OpenCase[]>();
  for (const c of cases) byAgency.set(c.app.agencyId, [...(byAgency.get(c.app.agencyId) ?? []), c]);

  const byUser = new Map<number, { name: string; roles: Map<number, Set<Role>> }>();
  for (const r of roleRows) {
    const u = byUser.get(r.userId) ?? { name: r.name, roles: new Map() };
    u.roles.set(r.agencyId, (u.roles.get(r.agencyId) ?? new Set()).add(r.role));
    byUser.set(r.userId, u);
  }
  const out: OutgoingMessage[] = [];
  for (const [userId, u] of byUser) {
    const lines: string[] = [];
    const seen = new Set<number>();
    for (const [agencyId, roles] of u.roles) {
      for (const c of byAgency.get(agencyId) ?? []) {
        const why = reasons(c, userId, roles);
        if (why.length && !seen.has(c.app.id)) {
          seen.add(c.app.id);
          lines.push(line(c, why, nameOf.get(agencyId) ?? ''));
        }
      }
    }
    for (const [agencyId, roles] of u.roles) {
      if (!roles.has('supervisor')) continue;
      for (const id of supervised(agencyId)) {
        for (const c of byAgency.get(id) ?? []) {
          if (c.view.clock?.overdue && !seen.has(c.app.id)) {
            seen.add(c.app.id);
            lines.push(line(c, ['逾期'], nameOf.get(id) ?? ''));
          }
        }
      }
    }
    if (lines.length === 0) continue;
    const shown = lines.slice(0, MAX_LINES);
    if (lines.length > MAX_LINES) shown.push(`……另有 ${lines.length - MAX_LINES} 件，请进入工作台查看`);
    out.push({
      key: `digest:${today}`,
      kind: 'digest',
      vars: { 姓名: u.name, 日期: chineseDate(today), 清单: shown.join('\n') },
      link: '/console',
      recipient: { userId },
    });
  }
  return out;
}
