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
  return !Number.isNaN(isoDayNumber(s));
}

/**
 * Day number (days since 1970-01-01, proleptic Gregorian) of a real date written YYYY-MM-DD, or NaN
 * for anything else (a bad format, 2023-02-29, a non-string). Reads the characters directly, with no
 * regular expression, no Date and no allocation: the calendar's O(1) lookups call it on every date.
 * Same acceptance as the pattern /^\d{4}-\d{2}-\d{2}$/ plus a real month and day.
 */
export function isoDayNumber(s: unknown): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y0 = s.charCodeAt(0) - 48;
  const y1 = s.charCodeAt(1) - 48;
  const y2 = s.charCodeAt(2) - 48;
  const y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48;
  const m1 = s.charCodeAt(6) - 48;
  const d0 = s.charCodeAt(8) - 48;
  const d1 = s.charCodeAt(9) - 48;
  // (x >>> 0) > 9 is true for any character that is not an ASCII digit.
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9) return NaN;
  if ((m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1) return NaN;
  if (d > (m === 2 ? (isLeapYear(y) ? 29 : 28) : MONTH_DAYS[m - 1])) return NaN;
  // Days from civil (H. Hinnant): years counted from March so that the leap day ends the year.
  const ya = m <= 2 ? y - 1 : y;
  const era = Math.floor(ya / 400);
  const yoe = ya - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, month: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Checks a date string and returns it; throws a Chinese message for anything else. */
export function parseIsoDate(s: string, what = '日期'): IsoDate {
  if (isIsoDate(s)) return s;
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

/** 星期一 … of a day number. */
export function weekdayLabelOfNumber(n: number): string {
  return WEEKDAY_LABELS[dayOfWeekOfNumber(n)];
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
 * no dependence on the server's zone. THE way an instant becomes a date anywhere in Gongkai (pages,
 * letters, CSV, the command line): never `toISOString().slice(0, 10)`, `getDate()` or
 * `toLocaleDateString()`, which give the server's or UTC's calendar day (a letter signed at 00:30
 * Beijing time would carry the day before).
 */
export function todayInShanghai(now: Date): IsoDate {
  return fromDayNumber(Math.floor(shanghaiMs(now) / MS_PER_DAY));
}

/** The instant's milliseconds shifted to Beijing time (UTC+8), checked. */
function shanghaiMs(now: Date): number {
  const t = now.getTime();
  if (!Number.isFinite(t)) throw new DateInputError('date.invalid_instant', '时间无效，无法确定北京时间的日期');
  return t + 8 * 3_600_000;
}

/** The instant as its Beijing date and time, e.g. 「2026-11-16 09:30」 (what a page shows of a time stamp). */
export function shanghaiDateTime(now: Date): string {
  const ms = shanghaiMs(now);
  const minutes = Math.floor((((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${todayInShanghai(now)} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The hour (0–23) of the instant in Beijing time. */
export function shanghaiHour(now: Date): number {
  return Math.floor((((shanghaiMs(now) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 3_600_000);
}

/** The Beijing calendar year of the instant. */
export function shanghaiYear(now: Date): number {
  return yearOf(todayInShanghai(now));
}
