/**
 * Calendar administration (issue 3): an administrator adds or corrects a year's 放假调休 schedule
 * (console page /console/calendar, `POST /api/calendar/years`, `gongkai calendar import FILE`).
 *
 * One transaction: the years are stored in calendar_years (an entered year replaces the built-in one
 * of the same year), each with an audit entry; then, with the calendar before and after
 * (`dueDateChanges`, src/domain/clock/recalc.ts), the open applications whose dates moved are found
 * and each gets one audit entry `application.due_date_moved` with the old and new dates and why
 * (the days that changed, the notice). Due dates are NOT stored: they stay derived from the events,
 * so the next page view already shows the new ones — including a date that was pending
 * (「待2027年节假日安排录入后确定」, src/domain/applications/pending.ts) and is now real.
 */
import { rootAgencyId } from '../agencies.ts';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { loadCalendar, loadRecordedMany } from '../../db/applications.ts';
import { recordAudit } from '../../db/audit.ts';
import { agencies, applications, calendarYears, users } from '../../db/schema.ts';
import { clockEvents } from '../../domain/applications/index.ts';
import {
  BUILTIN_YEARS,
  CalendarError,
  createCalendar,
  parseCalendarImport,
  type ImportFormat,
  type ScheduleNotice,
  type YearSchedule,
} from '../../domain/calendar/index.ts';
import { dueDateChanges, MOVED_FIELD_LABELS, type MovedField } from '../../domain/clock/index.ts';
import { auditActor, canBy, ForbiddenError, installationTarget, type By } from '../policies.ts';
import { AppError } from '../errors.ts';
import { today } from '../applications/case.ts';

/** A 文号 such as 国办发明电〔2026〕7号 (the brackets may be 〔〕, [] or ()). */
const NOTICE_NUMBER = /^国办发(明电)?\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号$/;

export interface CalendarImportInput {
  text: string;
  format?: ImportFormat;
  /** 文号 of the 国务院办公厅 notice, e.g. 国办发明电〔2026〕7号 (required for CSV unless a title is given). */
  notice?: string;
  /** Title of the notice; default 「国务院办公厅关于YYYY年部分节假日安排的通知」. */
  noticeTitle?: string;
}

export class CalendarImportError extends AppError {
  constructor(readonly errors: string[]) {
    super(400, 'calendar.invalid_import', `节假日安排有误，未录入任何年份：\n${errors.join('\n')}`, { errors });
  }
}

const defaultTitle = (year: number) => `国务院办公厅关于${year}年部分节假日安排的通知`;

/** Parses and validates an import (JSON or CSV, src/domain/calendar/import.ts). Throws CalendarImportError (Chinese). */
export function parseCalendarText(input: CalendarImportInput): YearSchedule[] {
  const number = input.notice?.trim() || undefined;
  const title = input.noticeTitle?.trim() || undefined;
  if (number && !NOTICE_NUMBER.test(number)) {
    throw new CalendarImportError([`文号「${number}」格式不对，应如「国办发明电〔2026〕7号」`]);
  }
  if (!input.text.trim()) throw new CalendarImportError(['文件是空的']);
  const notice: ScheduleNotice | undefined = number || title ? { ...(number ? { number } : {}), title: title ?? '（按年份填写）' } : undefined;
  const r = parseCalendarImport(input.text, { format: input.format, notice });
  if (!r.ok) throw new CalendarImportError(r.errors);
  return r.schedules.map((s) => {
    const n = s.source.notice;
    const fromCsv = n.title === '（按年份填写）';
    return {
      ...s,
      source: {
        ...s.source,
        notice: {
          ...n,
          title: fromCsv ? defaultTitle(s.year) : n.title,
          ...(number && !n.number ? { number } : {}),
        },
      },
    };
  });
}

export function sourceText(s: YearSchedule): string {
  const n = s.source.notice;
  return n.number ? `${n.title}（${n.number}）` : n.title;
}

export interface MovedDate {
  applicationId: number;
  number: string;
  agencyCode: string;
  agencyName: string;
  field: MovedField;
  fieldLabel: string;
  /** Null when it was pending (the year was not entered). */
  old: string | null;
  new: string | null;
  reasons: string[];
}

export interface CalendarImportOutcome {
  years: Array<{ year: number; source: string; replaced: 'builtin' | 'entered' | null; holidays: number; workdays: number }>;
  /** The open applications' dates that moved, one entry per date. */
  changes: MovedDate[];
}

/** Keeps the reasons that explain something: the holidays and 调休 days, not every plain day of a newly entered year. */
function usefulReasons(reasons: string[]): string[] {
  return reasons.filter((r) => !/由未录入改为(工作日|周末)$/.test(r));
}

/**
 * Stores the years and records which open applications' dates moved. `actorUserId` null = the
 * command line (the operator of the machine).
 */
export async function storeCalendarYears(
  db: Db,
  schedules: readonly YearSchedule[],
  meta: { actorUserId: number | null; ip?: string | null },
): Promise<CalendarImportOutcome> {
  if (schedules.length === 0) throw new CalendarImportError(['文件中没有任何年份的安排']);
  const years = new Set<number>();
  for (const s of schedules) {
    if (years.has(s.year)) throw new CalendarImportError([`${s.year}年在文件中出现了两次`]);
    years.add(s.year);
  }
  const t = today();
  return db.transaction(async (tx) => {
    const oldCal = await loadCalendar(tx);
    const stored = new Set((await tx.select({ year: calendarYears.year }).from(calendarYears)).map((r) => r.year));
    const builtin = new Set(BUILTIN_YEARS.map((y) => y.year));
    const outcome: CalendarImportOutcome = { years: [], changes: [] };
    for (const s of schedules) {
      const source = sourceText(s);
      const replaced = stored.has(s.year) ? 'entered' : builtin.has(s.year) ? 'builtin' : null;
      await tx
        .insert(calendarYears)
        .values({ year: s.year, schedule: s, source, updatedBy: meta.actorUserId, updatedAt: new Date() })
        .onConflictDoUpdate({ target: calendarYears.year, set: { schedule: s, source, updatedBy: meta.actorUserId, updatedAt: new Date() } });
      await recordAudit(tx, {
        actorUserId: meta.actorUserId,
        action: replaced ? 'calendar.year_correct' : 'calendar.year_add',
        entity: 'calendar_year',
        entityId: s.year,
        detail: { year: s.year, source, replaced, holidays: s.holidays.length, workdays: s.workdays.length },
        ip: meta.ip ?? null,
      });
      outcome.years.push({ year: s.year, source, replaced, holidays: s.holidays.length, workdays: s.workdays.length });
    }
    const newCal = await loadCalendar(tx);
    // The open applications: not decided, withdrawn or split.
    const open = await tx
      .select({ id: applications.id, number: applications.number, agencyCode: agencies.code, agencyName: agencies.name })
      .from(applications)
      .innerJoin(agencies, eq(agencies.id, applications.agencyId))
      .where(
        sql`not exists (select 1 from application_events d where d.application_id = ${applications.id} and d.type in ('decided', 'withdrawn', 'split'))`,
      )
      .orderBy(asc(applications.id));
    const events = await loadRecordedMany(tx, open.map((a) => a.id));
    const changes = dueDateChanges(
      oldCal,
      newCal,
      open.map((a) => ({ id: String(a.id), events: clockEvents((events.get(a.id) ?? []).map((r) => r.event)) })),
      { today: t },
    );
    const byId = new Map(open.map((a) => [String(a.id), a]));
    const notices = schedules.map(sourceText);
    const perApp = new Map<string, MovedDate[]>();
    for (const c of changes) {
      const a = byId.get(c.id)!;
      if (c.old === c.new) continue;
      const moved: MovedDate = {
        applicationId: a.id,
        number: a.number,
        agencyCode: a.agencyCode,
        agencyName: a.agencyName,
        field: c.field,
        fieldLabel: MOVED_FIELD_LABELS[c.field],
        old: c.old,
        new: c.new,
        reasons: usefulReasons(c.reasons),
      };
      outcome.changes.push(moved);
      perApp.set(c.id, [...(perApp.get(c.id) ?? []), moved]);
    }
    for (const [id, list] of perApp) {
      await recordAudit(tx, {
        actorUserId: meta.actorUserId,
        action: 'application.due_date_moved',
        entity: 'application',
        entityId: id,
        detail: {
          number: list[0].number,
          agency: list[0].agencyCode,
          reason: `工作日历变更：${notices.join('；')}`,
          years: schedules.map((s) => s.year),
          changes: list.map((m) => ({ field: m.field, label: m.fieldLabel, old: m.old ?? '待定（该年节假日安排未录入）', new: m.new ?? '待定', days: m.reasons })),
        },
        ip: meta.ip ?? null,
      });
    }
    return outcome;
  });
}

/** The message of a refusal: the calendar is the installation's (policies `calendar.manage`). */
const CALENDAR_FORBIDDEN = '工作日历属于整个平台，只有本级人民政府（根机关）的系统管理员可以维护';

/**
 * Whether `by` may maintain the working-day calendar: it is the installation's, so only an
 * administrator of the root agency may (policies.ts `calendar.manage`), not a department's.
 */
export async function authorizeCalendar(db: Db, by: By): Promise<void> {
  const root = await rootAgencyId(db);
  if (!canBy(by, 'calendar.manage', root === undefined ? {} : installationTarget(root)))
    throw new ForbiddenError('calendar.manage', !by.actor, CALENDAR_FORBIDDEN);
}

/** Parse, validate and store: what the CLI, the API and the console page call. */
export async function importCalendar(db: Db, input: CalendarImportInput, by: By): Promise<CalendarImportOutcome> {
  await authorizeCalendar(db, by);
  const meta = auditActor(by);
  const schedules = parseCalendarText(input);
  // The resulting calendar must build (createCalendar validates each year once more).
  try {
    createCalendar([...BUILTIN_YEARS, ...schedules]);
  } catch (e) {
    if (e instanceof CalendarError) throw new CalendarImportError([e.message]);
    throw e;
  }
  return storeCalendarYears(db, schedules, meta);
}

export interface CalendarYearRow {
  year: number;
  source: string;
  origin: 'builtin' | 'entered';
  /** For an entered year that replaces a built-in one. */
  replacesBuiltin: boolean;
  holidays: number;
  workdays: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Every year the calendar knows, with its source notice: built-in and entered (an entered year wins). */
export async function listCalendarYears(db: Db, by: By): Promise<CalendarYearRow[]> {
  await authorizeCalendar(db, by);
  const rows = await db
    .select({ year: calendarYears.year, schedule: calendarYears.schedule, source: calendarYears.source, updatedAt: calendarYears.updatedAt, by: users.displayName })
    .from(calendarYears)
    .leftJoin(users, eq(users.id, calendarYears.updatedBy));
  const out = new Map<number, CalendarYearRow>();
  for (const s of BUILTIN_YEARS) {
    out.set(s.year, { year: s.year, source: sourceText(s), origin: 'builtin', replacesBuiltin: false, holidays: s.holidays.length, workdays: s.workdays.length, updatedAt: null, updatedBy: null });
  }
  for (const r of rows) {
    const s = r.schedule as YearSchedule;
    out.set(r.year, {
      year: r.year,
      source: r.source ?? sourceText(s),
      origin: 'entered',
      replacesBuiltin: out.has(r.year) && out.get(r.year)!.origin === 'builtin',
      holidays: s.holidays.length,
      workdays: s.workdays.length,
      updatedAt: r.updatedAt instanceof Date ? r.updatedAt.toISOString() : r.updatedAt ? String(r.updatedAt) : null,
      updatedBy: r.by ?? null,
    });
  }
  return [...out.values()].sort((a, b) => a.year - b.year);
}
