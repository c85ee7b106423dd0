/**
 * Calendar dates as 'YYYY-MM-DD' strings and day numbers (days since 1970-01-01).
 *
 * A date here is a civil date, never an instant: every conversion goes through Date.UTC, so nothing
 * depends on the server's time zone (design.md: a working-day count never uses the server's time zone).
 */

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const WEEKDAY_LABELS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** An error a user can cause with a bad date or count; the message is in Chinese. */
export class DateInputError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DateInputError';
    this.code = code;
  }
}

/** True when `s` is a real calendar date written YYYY-MM-DD (2023-02-29 is not; 2024-02-29 is). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, month: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Checks a date string and returns it; throws a Chinese message for anything else. */
export function parseIsoDate(s: string, what = '日期'): IsoDate {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) {
    throw new DateInputError('date.format', `${what}「${String(s)}」格式不对，应写作 YYYY-MM-DD（如 2024-02-29）`);
  }
  if (!isIsoDate(s)) throw new DateInputError('date.invalid', `${what}「${s}」不是一个真实存在的日期`);
  return s;
}

/** Day number (days since 1970-01-01) of a valid date. */
export function toDayNumber(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** The date of a day number. */
export function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * MS_PER_DAY);
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return dayOfWeekOfNumber(toDayNumber(date));
}

export function dayOfWeekOfNumber(n: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((n + 4) % 7) + 7) % 7;
}

export function weekdayLabel(date: IsoDate): string {
  return WEEKDAY_LABELS[dayOfWeek(date)];
}

export function isWeekend(date: IsoDate): boolean {
  const w = dayOfWeek(date);
  return w === 0 || w === 6;
}

/** `date` plus `n` calendar days. */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** 'YYYY-MM' of a date: the calendar month (自然月) of the fee rules. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** 2024年2月29日 */
export function chineseDate(date: IsoDate): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/**
 * Today's date in Asia/Shanghai for a given instant. China has used UTC+8 all year since 1991
 * (no daylight saving), so this is the instant shifted by 8 hours, read in UTC: pure, no Intl,
 * no dependence on the server's zone.
 */
export function todayInShanghai(now: Date): IsoDate {
  const t = now.getTime();
  if (!Number.isFinite(t)) throw new DateInputError('date.invalid_instant', '时间无效，无法确定北京时间的日期');
  return fromDayNumber(Math.floor((t + 8 * 3_600_000) / MS_PER_DAY));
}
