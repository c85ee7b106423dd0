/**
 * The open applications the scheduled messages look at (reminders, the staff digest), with their
 * derived view (status, due dates — computed from the events, never stored).
 */
import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { loadCalendar, loadRecordedMany, type ApplicationRow } from '../../db/applications.ts';
import { applications } from '../../db/schema.ts';
import { deriveCase, type CaseEventType, type CaseView, type RecordedEvent } from '../../domain/applications/index.ts';
import { chineseDate, type Calendar, type IsoDate } from '../../domain/calendar/index.ts';
import { remindToday } from '../../domain/notifications/index.ts';
import type { NotificationKind } from '../../domain/notifications/index.ts';
import type { OutgoingMessage } from './notify.ts';

export interface OpenCase {
  app: ApplicationRow;
  recorded: RecordedEvent[];
  view: CaseView;
}

/**
 * Applications not decided, withdrawn or split, optionally only those of some agencies and those
 * having one of `withEventTypes` (e.g. a 补正 notice), with their views as of `today`.
 */
export async function openCases(
  db: DbOrTx,
  o: { today: IsoDate; calendar?: Calendar; agencyIds?: readonly number[]; withEventTypes?: readonly CaseEventType[] },
): Promise<OpenCase[]> {
  const conditions: SQL[] = [
    sql`not exists (select 1 from application_events e where e.application_id = ${applications.id} and e.type in ('decided', 'withdrawn', 'split'))`,
  ];
  if (o.agencyIds) conditions.push(o.agencyIds.length ? inArray(applications.agencyId, [...o.agencyIds]) : sql`false`);
  if (o.withEventTypes?.length) {
    conditions.push(
      sql`exists (select 1 from application_events e where e.application_id = ${applications.id} and e.type in (${sql.join(
        o.withEventTypes.map((t) => sql`${t}`),
        sql`, `,
      )}))`,
    );
  }
  const rows = await db.select().from(applications).where(and(...conditions));
  if (rows.length === 0) return [];
  const calendar = o.calendar ?? (await loadCalendar(db));
  const events = await loadRecordedMany(db, rows.map((r) => r.id));
  return rows.map((app) => {
    const recorded = events.get(app.id) ?? [];
    return { app, recorded, view: deriveCase(recorded, { calendar, today: o.today, explain: false }) };
  });
}

/** The applicant's link to a case: their 我的申请 page when they have an account, else the home page. */
export function applicantLink(app: Pick<ApplicationRow, 'id' | 'applicantUserId'>): string {
  return app.applicantUserId ? `/my/applications/${app.id}` : '/';
}

/** Where the applicant is written to: their account (and its address), or the address on the application. */
export function applicantRecipient(app: Pick<ApplicationRow, 'applicantUserId' | 'applicantEmail'>) {
  return { userId: app.applicantUserId ?? null, email: app.applicantEmail ?? null };
}

/**
 * A reminder to the applicant that a period of theirs (补正, payment) ends on `deadline`: on the
 * working mornings from three working days before it (remindToday), keyed by the period's last day so
 * it goes once per period. Null when today is not such a morning, when the period has not started
 * (a notice not yet served, 待送达, has no deadline) or when the applicant cannot be reached.
 */
export function applicantReminder(
  kind: NotificationKind,
  app: ApplicationRow,
  deadline: IsoDate | null,
  o: { today: IsoDate; calendar: Calendar; vars?: Record<string, string> },
): OutgoingMessage | null {
  if (deadline === null || !remindToday(o.today, deadline, o.calendar)) return null;
  if (!app.applicantUserId && !app.applicantEmail) return null;
  return {
    key: `${kind}:${app.id}:${deadline}`,
    kind,
    agencyId: app.agencyId,
    applicationId: app.id,
    vars: {
      申请人: app.applicantName,
      申请编号: app.number,
      截止日期: chineseDate(deadline),
      剩余工作日: String(Math.max(0, o.calendar.workingDaysBetween(o.today, deadline))),
      ...o.vars,
    },
    link: applicantLink(app),
    recipient: applicantRecipient(app),
  };
}
