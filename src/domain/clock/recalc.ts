/**
 * When an administrator adds or corrects a year of the calendar, the due dates of open applications
 * may move. Pure: old calendar, new calendar and the applications' events in; the dates that moved
 * and the days that explain it out (the DB layer records them).
 */
import { addCalendarDays, type Calendar, type DayInfo, type IsoDate } from '../calendar/index.ts';
import { computeClock, type ClockResult } from './clock.ts';
import type { ClockEvent } from './events.ts';

export type MovedField = 'dueDate' | 'correctionNoticeDue' | 'correctionDeadline' | 'feePayBy';

export const MOVED_FIELD_LABELS: Record<MovedField, string> = {
  dueDate: '答复期限',
  correctionNoticeDue: '补正告知期限',
  correctionDeadline: '补正期限',
  feePayBy: '缴费期限',
};

export interface DueDateChange {
  id: string;
  field: MovedField;
  /** Null when the old calendar could not compute it (e.g. the year was not entered). */
  old: IsoDate | null;
  /** Null when the new calendar cannot compute it. */
  new: IsoDate | null;
  /** The days whose status differs between the calendars in the span concerned, e.g. 「2027-02-06 由周末改为调休上班日（春节）」. */
  reasons: string[];
  /** A Chinese message when one of the calendars could not compute the clock at all. */
  error?: string;
}

function fields(r: ClockResult | null): Record<MovedField, IsoDate | null> {
  // The one notice that governs (第三十条 一次性告知), while the applicant has not answered it.
  const open = r?.corrections.find((c) => c.effective && c.received === null);
  return {
    dueDate: r?.dueDate ?? null,
    correctionNoticeDue: r?.correctionNoticeDue ?? null,
    correctionDeadline: open?.deadline ?? null,
    feePayBy: r?.fee && r.fee.paid === null ? r.fee.payBy : null,
  };
}

function tryClock(events: readonly ClockEvent[], calendar: Calendar, today?: IsoDate) {
  try {
    return { result: computeClock(events, { calendar, today, explain: false }), error: undefined };
  } catch (e) {
    return { result: null, error: e instanceof Error ? e.message : String(e) };
  }
}

function describe(d: DayInfo | null): string {
  if (!d) return '未录入';
  return `${d.kind === 'workday' ? '工作日' : d.kind === 'weekend' ? '周末' : d.kind === 'holiday' ? '法定节假日' : '调休上班日'}${d.name ? `（${d.name}）` : ''}`;
}

function safeInfo(cal: Calendar, date: IsoDate): DayInfo | null {
  try {
    return cal.dayInfo(date);
  } catch {
    return null;
  }
}

/** The days between `from` (exclusive) and `to` (inclusive) whose status differs between the calendars. */
export function calendarDifferences(oldCal: Calendar, newCal: Calendar, from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  for (let date = addCalendarDays(from, 1); date <= to; date = addCalendarDays(date, 1)) {
    const a = safeInfo(oldCal, date);
    const b = safeInfo(newCal, date);
    if (a?.kind !== b?.kind || a?.name !== b?.name) out.push(`${date} 由${describe(a)}改为${describe(b)}`);
  }
  return out;
}

/**
 * For each open application, which of its dates moved when the calendar changed, and why.
 * Applications whose dates did not move are left out.
 */
export function dueDateChanges(
  oldCal: Calendar,
  newCal: Calendar,
  applications: readonly { id: string; events: readonly ClockEvent[] }[],
  options: { today?: IsoDate } = {},
): DueDateChange[] {
  const out: DueDateChange[] = [];
  for (const app of applications) {
    const before = tryClock(app.events, oldCal, options.today);
    const after = tryClock(app.events, newCal, options.today);
    const f0 = fields(before.result);
    const f1 = fields(after.result);
    const from = after.result?.periodStart ?? before.result?.periodStart ?? null;
    for (const field of Object.keys(f0) as MovedField[]) {
      if (f0[field] === f1[field]) continue;
      const dates = [f0[field], f1[field]].filter((d): d is IsoDate => d !== null).sort();
      const reasons = from && dates.length ? calendarDifferences(oldCal, newCal, from, dates[dates.length - 1]) : [];
      const error = after.error ?? before.error;
      out.push({ id: app.id, field, old: f0[field], new: f1[field], reasons, ...(error ? { error } : {}) });
    }
    if (!before.result && !after.result && before.error !== after.error) {
      out.push({ id: app.id, field: 'dueDate', old: null, new: null, reasons: [], error: after.error });
    }
  }
  return out;
}
