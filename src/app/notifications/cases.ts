/**
 * The open applications the scheduled messages look at (reminders, the staff digest), with their
 * derived view (status, due dates — computed from the events, never stored).
 */
import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { loadCalendar, loadRecordedMany, type ApplicationRow } from '../../db/applications.ts';
import { applications } from '../../db/schema.ts';
import { deriveCase, type CaseEventType, type CaseView, type RecordedEvent } from '../../domain/applications/index.ts';
import type { Calendar, IsoDate } from '../../domain/calendar/index.ts';

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
