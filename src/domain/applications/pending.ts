/**
 * Unknown calendar years never refuse a fact (named policy, issue 3 follow-up).
 *
 * The working-day calendar refuses to count through a year whose 放假调休 schedule has not been
 * entered (「2027年节假日安排尚未录入」) — rightly: a guessed schedule would give wrong due dates.
 * But an event that happened (a consultation sent today, an application received) must still be
 * recorded. So, when the real calendar throws `calendar.unknown_year`, the applications layer:
 *
 *  1. replays the events on a *validation calendar*: the real years plus, for each missing year, a
 *     placeholder counting Monday–Friday. It is used only to check the order rules of the events
 *     (submitted first, one extension, nothing after the decision …) and to find the state; no date
 *     it computes in a missing year is ever shown, stored or put into a letter;
 *  2. marks every derived date whose count runs through a missing year as *pending*
 *     (「待2027年节假日安排录入后确定」): the due date and the other deadlines become null (or are
 *     listed in `pendingFields` where the clock's type has no null), overdue / due-soon are off;
 *  3. computes the real dates as soon as an administrator enters the year (they are never stored:
 *     the next derivation with the new calendar has them).
 *
 * The validation calendar is exact for every comparison the clock makes between an event's date and
 * a deadline when the missing years lie after the event dates (the usual case: next year's notice
 * is not yet published), since then both the real and the placeholder deadline lie after the event.
 * For an event dated inside a missing year, a closure as 「逾期不补正」/「逾期未缴费」 whose deadline is
 * pending is refused until the year is entered (its lawfulness depends on the real deadline).
 */
import { CalendarError, createCalendar, dayOfWeek, type Calendar, type IsoDate, type YearSchedule } from '../calendar/index.ts';
import { computeClock, type ClockOptions, type ClockResult } from '../clock/index.ts';
import type { ClockEvent } from '../clock/events.ts';

export interface PendingDates {
  /** The years whose schedule is missing, ascending (e.g. [2027]). */
  years: number[];
  /** 「待2027年节假日安排录入后确定」 */
  reason: string;
  /** The Chinese message of the calendar (what the administrator must enter). */
  detail: string;
  /**
   * The derived dates that are pending: 'dueDate', 'correctionNoticeDue', 'corrections.N.noticeDue',
   * 'corrections.N.deadline', 'consultations.N.limit', 'fee.payBy' (the last three are null in the
   * clock then, like a period whose letter awaits service: no placeholder date is ever shown).
   */
  fields: string[];
}

export function pendingReason(years: readonly number[]): string {
  return `待${years.map((y) => `${y}年`).join('、')}节假日安排录入后确定`;
}

/** True for the calendar's "this year is not entered" errors (after or before the known years). */
export function isUnknownYearError(e: unknown): e is CalendarError & { year: number } {
  return (
    e instanceof CalendarError &&
    (e.code === 'calendar.unknown_year' || e.code === 'calendar.before_start') &&
    typeof e.year === 'number' &&
    Number.isInteger(e.year)
  );
}

function firstSaturday(year: number): IsoDate {
  for (let d = 1; d <= 7; d++) {
    const date = `${String(year).padStart(4, '0')}-01-0${d}`;
    if (dayOfWeek(date) === 6) return date;
  }
  throw new Error('unreachable');
}

/**
 * A placeholder year: Monday–Friday, no holiday, no 调休 (the schedule format needs one holiday: a
 * Saturday, which changes no working day). Never stored, never shown: validation only.
 */
function placeholderYear(year: number): YearSchedule {
  return {
    year,
    source: { notice: { title: `（${year}年节假日安排未录入：仅用于校验事件顺序，不用于计算期限）` } },
    holidays: [{ date: firstSaturday(year), name: '未录入' }],
    workdays: [],
  };
}

const validationCalendars = new WeakMap<Calendar, Map<string, Calendar>>();

/** The real calendar's years plus placeholders for `missing` (cached per calendar). */
export function validationCalendar(real: Calendar, missing: readonly number[]): Calendar {
  const key = [...missing].sort((a, b) => a - b).join(',');
  let byKey = validationCalendars.get(real);
  if (!byKey) validationCalendars.set(real, (byKey = new Map()));
  let cal = byKey.get(key);
  if (!cal) {
    const known = real.years.map((y) => real.schedule(y)).filter((s): s is YearSchedule => s !== undefined);
    cal = createCalendar([...known, ...missing.filter((y) => !real.isKnownYear(y)).map(placeholderYear)]);
    byKey.set(key, cal);
  }
  return cal;
}

export interface LenientClock {
  clock: ClockResult;
  /** Null when the real calendar computed everything. */
  pending: PendingDates | null;
}

/**
 * The clock with the real calendar; if a year is missing, the clock on the validation calendar
 * with the dates that depend on a missing year made pending. Throws what computeClock throws for
 * anything else (ClockError for an invalid sequence, DateInputError).
 */
export function lenientClock(events: readonly ClockEvent[], options: ClockOptions & { calendar: Calendar }): LenientClock {
  const real = options.calendar;
  const missing: number[] = [];
  let firstError: CalendarError | null = null;
  for (;;) {
    const cal = missing.length ? validationCalendar(real, missing) : real;
    try {
      const clock = computeClock(events, { ...options, calendar: cal, explain: missing.length ? false : options.explain });
      if (!missing.length) return { clock, pending: null };
      return markPending(clock, real, missing, firstError!.message);
    } catch (e) {
      if (isUnknownYearError(e) && !missing.includes(e.year) && !real.isKnownYear(e.year) && missing.length < 10) {
        firstError ??= e;
        missing.push(e.year);
        continue;
      }
      throw e;
    }
  }
}

function spanKnown(real: Calendar, from: IsoDate | null, to: IsoDate | null): boolean {
  if (to === null) return true;
  const a = Number((from ?? to).slice(0, 4));
  const b = Number(to.slice(0, 4));
  for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (!real.isKnownYear(y)) return false;
  return true;
}

function markPending(clock: ClockResult, real: Calendar, missing: number[], detail: string): LenientClock {
  const fields: string[] = [];
  const c: ClockResult = {
    ...clock,
    corrections: clock.corrections.map((x) => ({ ...x })),
    consultations: clock.consultations.map((x) => ({ ...x })),
    fee: clock.fee ? { ...clock.fee } : null,
    decision: clock.decision ? { ...clock.decision } : null,
    warnings: [...clock.warnings],
  };
  if (c.dueDate && !spanKnown(real, c.periodStart, c.dueDate)) {
    fields.push('dueDate');
    c.dueDate = null;
    c.dueDateProvisional = false;
    c.excludedWorkingDays = 0;
    c.workingDaysLeft = null;
    c.overdue = false;
    c.dueSoon = false;
    if (c.decision) c.decision.late = false;
  }
  if (c.correctionNoticeDue && !spanKnown(real, c.receiptDate, c.correctionNoticeDue)) {
    fields.push('correctionNoticeDue');
    c.correctionNoticeDue = null;
  }
  c.corrections.forEach((x, i) => {
    if (!spanKnown(real, x.requested, x.noticeDue)) fields.push(`corrections.${i}.noticeDue`);
    if (!spanKnown(real, x.served ?? x.requested, x.deadline)) {
      fields.push(`corrections.${i}.deadline`);
      x.deadline = null;
      if (i === c.corrections.length - 1 && c.closableAs === 'other.correction_lapsed') c.closableAs = null;
    }
  });
  c.consultations.forEach((x, i) => {
    if (!spanKnown(real, x.served ?? x.sent, x.limit)) {
      fields.push(`consultations.${i}.limit`);
      x.limit = null;
    }
  });
  if (c.fee && !spanKnown(real, c.fee.served ?? c.fee.sent, c.fee.payBy)) {
    fields.push('fee.payBy');
    c.fee.payBy = null;
    if (c.closableAs === 'other.fee_lapsed') c.closableAs = null;
  }
  // "today" itself in a missing year: nothing can be said about the days left.
  if (c.today && !real.isKnownYear(Number(c.today.slice(0, 4)))) {
    c.workingDaysLeft = null;
    c.overdue = false;
    c.dueSoon = false;
  }
  const years = [...missing].sort((a, b) => a - b);
  const reason = pendingReason(years);
  const lines = [
    ...(c.receiptRule && c.receiptDate ? [`收到申请之日：${c.receiptDate}。${c.receiptRule}。`] : []),
    `答复期限为收到申请之日起20个工作日（第三十三条），期间跨入${years.join('、')}年；该年的放假调休安排尚未录入，期限${reason}。`,
    detail,
  ];
  c.explanation = { lines, counted: [], skipped: [], makeupCounted: [], paused: [] };
  return { clock: c, pending: { years, reason, detail, fields } };
}

/** Whether a pending field is one of the listed ones (e.g. the last correction's deadline). */
export function isPending(p: PendingDates | null, field: string): boolean {
  return p !== null && p.fields.includes(field);
}
