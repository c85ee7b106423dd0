/**
 * Data access for applications (依申请公开件): the application rows, their append-only events,
 * letters and appeals. No status or deadline is stored: callers derive them from the events
 * (src/domain/applications). `loadReportFacts` gives the report compiler its applications and
 * appeals for a year, from one query of events (`loadReportFactsForAgencies` for many agencies at once).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { calendarWith, type Calendar, type YearSchedule } from '../domain/calendar/index.ts';
import { applicationFacts, type CaseEvent, type RecordedEvent } from '../domain/applications/index.ts';
import type { AppealFacts, ApplicationFacts } from '../domain/report/policy.ts';
import type { AppealKind, AppealResult, ApplicantType } from '../domain/taxonomy/index.ts';
import type { Db, DbOrTx } from './index.ts';
import { appeals, applicationEvents, applicationLetters, applications, calendarYears, users } from './schema.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export type AppealRow = typeof appeals.$inferSelect;
export type LetterRow = typeof applicationLetters.$inferSelect;

/** The working-day calendar: the built-in years plus those the administrators entered. */
export async function loadCalendar(db: DbOrTx): Promise<Calendar> {
  const rows = await db.select({ schedule: calendarYears.schedule }).from(calendarYears);
  return calendarWith(rows.map((r) => r.schedule as YearSchedule));
}

function toEvent(type: string, payload: unknown): CaseEvent {
  return { ...(payload as object), type } as CaseEvent;
}

function toPayload(e: CaseEvent): Record<string, unknown> {
  const { type: _type, ...rest } = e as unknown as Record<string, unknown>;
  return rest;
}

/** The events of one application, in stored order, with the names of who recorded them. */
export async function loadRecorded(db: DbOrTx, applicationId: number): Promise<RecordedEvent[]> {
  const rows = await db
    .select({
      seq: applicationEvents.seq,
      type: applicationEvents.type,
      payload: applicationEvents.payload,
      actorUserId: applicationEvents.actorUserId,
      actorName: users.displayName,
      recordedAt: applicationEvents.recordedAt,
    })
    .from(applicationEvents)
    .leftJoin(users, eq(users.id, applicationEvents.actorUserId))
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(asc(applicationEvents.seq));
  return rows.map((r) => ({
    seq: r.seq,
    event: toEvent(r.type, r.payload),
    actorUserId: r.actorUserId,
    actorName: r.actorName,
    recordedAt: r.recordedAt instanceof Date ? r.recordedAt.toISOString() : String(r.recordedAt),
  }));
}

/** The events of many applications in one query, grouped by application id. */
export async function loadRecordedMany(db: DbOrTx, ids: readonly number[]): Promise<Map<number, RecordedEvent[]>> {
  const out = new Map<number, RecordedEvent[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      applicationId: applicationEvents.applicationId,
      seq: applicationEvents.seq,
      type: applicationEvents.type,
      payload: applicationEvents.payload,
      actorUserId: applicationEvents.actorUserId,
    })
    .from(applicationEvents)
    .where(inArray(applicationEvents.applicationId, [...ids]))
    .orderBy(asc(applicationEvents.applicationId), asc(applicationEvents.seq));
  for (const r of rows) out.get(r.applicationId)?.push({ seq: r.seq, event: toEvent(r.type, r.payload), actorUserId: r.actorUserId });
  return out;
}

/**
 * Appends events to an application, in order, after locking its row (so two users acting at once
 * get consecutive sequence numbers, never a gap or a clash). Call inside a transaction.
 */
export async function appendEvents(tx: DbOrTx, applicationId: number, events: readonly CaseEvent[], actorUserId: number | null): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(sql`select id from applications where id = ${applicationId} for update`);
  const [m] = await tx
    .select({ max: sql<number>`coalesce(max(${applicationEvents.seq}), 0)::int` })
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, applicationId));
  let seq = Number(m?.max ?? 0);
  await tx.insert(applicationEvents).values(
    events.map((e) => ({ applicationId, seq: ++seq, type: e.type, payload: toPayload(e), actorUserId })),
  );
}

/**
 * The next 申请编号 of an agency for a year: `YYYY` + five digits (e.g. 202600012). Call inside the
 * transaction that inserts the application: it locks the agency's row, so concurrent submissions to
 * one agency take consecutive numbers instead of colliding (PostgreSQL under concurrent clients
 * answered 500 after the retries ran out — found by the crash test, issue 8).
 */
export async function nextApplicationNumber(tx: DbOrTx, agencyId: number, year: number): Promise<string> {
  await tx.execute(sql`select id from agencies where id = ${agencyId} for update`);
  const prefix = String(year);
  const [r] = await tx
    .select({ max: sql<string | null>`max(${applications.number})` })
    .from(applications)
    .where(and(eq(applications.agencyId, agencyId), sql`${applications.number} ~ ${`^${prefix}[0-9]{5}$`}`));
  const last = r?.max ? Number(r.max.slice(4)) : 0;
  return `${prefix}${String(last + 1).padStart(5, '0')}`;
}

export async function getApplication(db: DbOrTx, id: number): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id)).limit(1);
  return row;
}

export async function findApplicationByNumber(db: DbOrTx, agencyId: number, number: string): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.agencyId, agencyId), eq(applications.number, number)))
    .limit(1);
  return row;
}

/** The next letter 文号 sequence of an agency for a year. */
export async function nextLetterSeq(tx: DbOrTx, agencyId: number, year: number): Promise<number> {
  await tx.execute(sql`select id from agencies where id = ${agencyId} for update`);
  const [r] = await tx
    .select({ max: sql<number>`coalesce(max(${applicationLetters.seq}), 0)::int` })
    .from(applicationLetters)
    .where(and(eq(applicationLetters.agencyId, agencyId), eq(applicationLetters.year, year)));
  return Number(r?.max ?? 0) + 1;
}

export async function lettersOf(db: DbOrTx, applicationId: number): Promise<LetterRow[]> {
  return db.select().from(applicationLetters).where(eq(applicationLetters.applicationId, applicationId)).orderBy(asc(applicationLetters.id));
}

/** The applications and appeals part of `ReportFacts` for one agency and year. */
export interface AgencyReportFacts {
  applications: ApplicationFacts[];
  appeals: AppealFacts[];
}

/**
 * The applications and appeals part of `ReportFacts` (src/domain/report/compile.ts) of an agency
 * for a year: `loadReportFactsForAgencies` with the one agency (one code path).
 */
export async function loadReportFacts(db: Db, agencyId: number, year: number): Promise<AgencyReportFacts> {
  const all = await loadReportFactsForAgencies(db, [agencyId], year);
  return all.get(agencyId)!;
}

/** Rows of events read per page (keyset on application id, seq) and agency ids per query. */
const EVENT_PAGE = 50_000;
const AGENCY_CHUNK = 5_000;

/**
 * The applications and appeals part of `ReportFacts` of many agencies for a year, in one pass:
 * one query (read in large keyset pages) of the events of every application that can count in
 * the year — all of these agencies' applications except those closed (decided or withdrawn) before
 * 1 January; an application split into others (一事一申请) is counted as its parts, not itself.
 * Receipt date, decision date, outcome and withdrawal date are derived from the events with the
 * clock (`applicationFacts`, 第三十一条; never stored). Every id asked for is in the result (empty
 * lists when the agency has nothing); applications in id order, appeals in id order.
 * `pageSize` (rows per page, default 50 000) is for tests.
 */
export async function loadReportFactsForAgencies(
  db: Db,
  agencyIds: readonly number[],
  year: number,
  options: { pageSize?: number } = {},
): Promise<Map<number, AgencyReportFacts>> {
  const pageSize = options.pageSize ?? EVENT_PAGE;
  const out = new Map<number, AgencyReportFacts>();
  for (const id of agencyIds) if (!out.has(id)) out.set(id, { applications: [], appeals: [] });
  const ids = [...out.keys()];
  if (ids.length === 0) return out;
  const first = `${year}-01-01`;
  const calendar = await loadCalendar(db);
  for (let c = 0; c < ids.length; c += AGENCY_CHUNK) {
    const chunk = ids.slice(c, c + AGENCY_CHUNK);
    let current: { id: number; agencyId: number; type: ApplicantType; events: CaseEvent[] } | undefined;
    const flush = () => {
      if (!current) return;
      out.get(current.agencyId)!.applications.push(applicationFacts(String(current.id), current.type, current.events, calendar));
      current = undefined;
    };
    let after: { applicationId: number; seq: number } | undefined;
    for (;;) {
      const rows = await db
        .select({
          applicationId: applicationEvents.applicationId,
          seq: applicationEvents.seq,
          agencyId: applications.agencyId,
          applicantType: applications.applicantType,
          type: applicationEvents.type,
          payload: applicationEvents.payload,
        })
        .from(applicationEvents)
        .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
        .where(
          and(
            inArray(applications.agencyId, chunk),
            after ? sql`(${applicationEvents.applicationId}, ${applicationEvents.seq}) > (${after.applicationId}, ${after.seq})` : undefined,
            sql`not exists (select 1 from application_events d where d.application_id = ${applications.id}
                  and ((d.type in ('decided', 'withdrawn') and d.payload->>'date' < ${first}) or d.type = 'split'))`,
          ),
        )
        .orderBy(asc(applicationEvents.applicationId), asc(applicationEvents.seq))
        .limit(pageSize);
      for (const r of rows) {
        if (current?.id !== r.applicationId) {
          flush();
          current = { id: r.applicationId, agencyId: r.agencyId, type: r.applicantType as ApplicantType, events: [] };
        }
        current.events.push(toEvent(r.type, r.payload));
      }
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      after = { applicationId: last.applicationId, seq: last.seq };
    }
    flush();
    const appealRows = await db.select().from(appeals).where(inArray(appeals.agencyId, chunk)).orderBy(asc(appeals.id));
    for (const a of appealRows) out.get(a.agencyId)!.appeals.push(appealFacts(a));
  }
  return out;
}

export function appealFacts(a: AppealRow): AppealFacts {
  return {
    id: String(a.id),
    kind: a.kind as AppealKind,
    filedDate: a.filedDate,
    concludedDate: a.concludedDate,
    result: a.result as AppealResult,
    coDefendantReviewOrgan: !a.originalOrgan,
  };
}
