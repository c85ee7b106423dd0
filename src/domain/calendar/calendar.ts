/**
 * The working-day calendar: a value built from year schedules (built-in data files plus any year an
 * administrator added or corrected). Working days = Monday–Friday, minus the statutory holidays,
 * plus the 调休 make-up working days of the State Council's yearly notice.
 *
 * Every lookup is O(1): at construction the calendar lays out one byte per day over its span of years,
 * a running count of working days (the day's "ordinal") and the index of every working day. A date
 * string is turned into its day index once (read from its characters, no regular expression, no Date)
 * and remembered; the date strings and day labels the calendar hands out are likewise built once.
 * A date in a year the calendar does not know is an explicit error (「2028年节假日安排尚未录入」),
 * never a silent weekend-only guess.
 */
import {
  type IsoDate,
  DateInputError,
  dayOfWeekOfNumber,
  fromDayNumber,
  isoDayNumber,
  parseIsoDate,
  toDayNumber,
  weekdayLabelOfNumber,
} from './date.ts';
import type { YearSchedule } from './types.ts';
import { validateYearSchedule } from './validate.ts';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export const DAY_KIND_LABELS: Record<DayKind, string> = {
  workday: '工作日',
  weekend: '周末',
  holiday: '法定节假日',
  makeup_workday: '调休上班日',
};

export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  kind: DayKind;
  /** The festival of a holiday or make-up day (春节 …). */
  name?: string;
  /** e.g. 「2024-02-04 星期日 调休上班日（春节）」 */
  label: string;
}

/** A calendar error a user can cause (unknown year, bad schedule); the message is in Chinese. */
export class CalendarError extends Error {
  readonly code: string;
  readonly year?: number;
  constructor(code: string, message: string, year?: number) {
    super(message);
    this.name = 'CalendarError';
    this.code = code;
    this.year = year;
  }
}

export function unknownYearError(year: number): CalendarError {
  return new CalendarError(
    'calendar.unknown_year',
    `${year}年节假日安排尚未录入，无法计算工作日（请管理员录入国务院办公厅公布的${year}年放假调休安排）`,
    year,
  );
}

const K_UNKNOWN = 0;
const K_WORKDAY = 1;
const K_WEEKEND = 2;
const K_HOLIDAY = 3;
const K_MAKEUP = 4;
const KIND_OF_CODE: DayKind[] = ['workday', 'workday', 'weekend', 'holiday', 'makeup_workday'];

export interface Calendar {
  /** Known years, ascending. */
  readonly years: readonly number[];
  /** The schedule in force for a year (after overrides), if known. */
  schedule(year: number): YearSchedule | undefined;
  isKnownYear(year: number): boolean;
  /** Throws (Chinese message) for an invalid date or an unknown year. */
  isWorkday(date: IsoDate): boolean;
  dayInfo(date: IsoDate): DayInfo;
  /** The `n`th working day after `date` (n ≥ 0; n = 0 gives `date` itself). */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Working days in (a, b]: `a` not counted, `b` counted; negative when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
  /** Number of working days from the calendar's first day up to and including `date`. */
  ordinalOf(date: IsoDate): number;
  /** The working day with this ordinal (1 = the first working day of the first known year). */
  dateOfOrdinal(ordinal: number): IsoDate;
  /** Throws if any day in [a, b] lies in an unknown year. */
  assertKnown(a: IsoDate, b: IsoDate): void;
  /** Every day in (a, b], described (for explanations; loops over the range). */
  daysBetween(a: IsoDate, b: IsoDate): DayInfo[];
}

/**
 * Builds a calendar from year schedules. Later entries for the same year replace earlier ones, so
 * `createCalendar([...BUILTIN_YEARS, ...adminYears])` lets an administrator add or correct a year.
 * Each schedule is validated; an invalid one throws a CalendarError listing every problem.
 */
export function createCalendar(schedules: readonly YearSchedule[]): Calendar {
  const byYear = new Map<number, YearSchedule>();
  for (const s of schedules) {
    const checked = validateYearSchedule(s);
    if (!checked.ok) {
      throw new CalendarError(
        'calendar.invalid_schedule',
        `${(s as { year?: unknown })?.year ?? '?'}年节假日安排有误：${checked.errors.join('；')}`,
      );
    }
    byYear.set(checked.schedule.year, checked.schedule);
  }
  if (byYear.size === 0) throw new CalendarError('calendar.empty', '工作日历中没有任何年份的节假日安排');
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const firstYear = years[0];
  const lastYear = years[years.length - 1];
  const base = toDayNumber(`${String(firstYear).padStart(4, '0')}-01-01`);
  const end = toDayNumber(`${String(lastYear).padStart(4, '0')}-12-31`);
  const span = end - base + 1;

  const kinds = new Uint8Array(span);
  const cum = new Int32Array(span); // working days in [base, base+i]
  const unknownCum = new Int32Array(span); // unknown days in [base, base+i]
  const names = new Map<number, string>();

  for (let i = 0; i < span; i++) {
    const dow = dayOfWeekOfNumber(base + i);
    kinds[i] = dow === 0 || dow === 6 ? K_WEEKEND : K_WORKDAY;
  }
  for (let y = firstYear; y <= lastYear; y++) {
    const s = byYear.get(y);
    const y0 = toDayNumber(`${String(y).padStart(4, '0')}-01-01`) - base;
    const y1 = toDayNumber(`${String(y).padStart(4, '0')}-12-31`) - base;
    if (!s) {
      kinds.fill(K_UNKNOWN, y0, y1 + 1);
      continue;
    }
    for (const h of s.holidays) {
      const i = toDayNumber(h.date) - base;
      kinds[i] = K_HOLIDAY;
      names.set(i, h.name);
    }
    for (const w of s.workdays) {
      const i = toDayNumber(w.date) - base;
      kinds[i] = K_MAKEUP;
      names.set(i, w.name);
    }
  }
  let work = 0;
  let unknown = 0;
  const workIdx: number[] = [];
  for (let i = 0; i < span; i++) {
    const k = kinds[i];
    if (k === K_WORKDAY || k === K_MAKEUP) {
      work++;
      workIdx.push(i);
    } else if (k === K_UNKNOWN) unknown++;
    cum[i] = work;
    unknownCum[i] = unknown;
  }
  const workdayIndex = Int32Array.from(workIdx);
  const totalWork = work;

  /** The first year from the year of day index i0 on that the calendar does not know. */
  function firstUnknownYearFrom(i0: number): number {
    for (let y = Number(fromDayNumber(base + i0).slice(0, 4)); y <= lastYear; y++) {
      if (!byYear.has(y)) return y;
    }
    return lastYear + 1;
  }

  /** The date of day index i, converted once and kept (the strings handed out are shared). */
  const dates: (IsoDate | undefined)[] = new Array<IsoDate | undefined>(span);
  function dateAt(i: number): IsoDate {
    return dates[i] ?? (dates[i] = fromDayNumber(base + i));
  }
  /** The label of day index i (「2024-02-04 星期日 调休上班日（春节）」), built once. */
  const labels: (string | undefined)[] = new Array<string | undefined>(span);

  /**
   * Date string → day index, filled on first lookup of each date. Only dates of known years are
   * kept, so it never holds more entries than the span has days (bounded, no eviction needed).
   */
  const indexByDate = new Map<IsoDate, number>();

  /**
   * Index of a date inside the span; throws for a bad date or an unknown year. O(1) without
   * re-parsing: a date seen before is one Map lookup; a new one is read from its characters once
   * (isoDayNumber: no regular expression, no Date). Only a failing lookup goes through
   * parseIsoDate, for its message.
   */
  function indexOf(date: IsoDate): number {
    const known = indexByDate.get(date);
    if (known !== undefined) return known;
    const i = isoDayNumber(date) - base; // NaN for a bad date: every comparison below is false
    if (i >= 0 && i < span && kinds[i] !== K_UNKNOWN) {
      indexByDate.set(date, i);
      return i;
    }
    return badIndex(date);
  }

  /** The error of a failed lookup: the date's own problem first, else its unknown year. */
  function badIndex(date: IsoDate): never {
    parseIsoDate(date);
    throw unknownYearError(Number(date.slice(0, 4)));
  }

  function info(i: number): DayInfo {
    const date = dateAt(i);
    const kind = KIND_OF_CODE[kinds[i]];
    const name = names.get(i);
    const label =
      labels[i] ??
      (labels[i] = `${date} ${weekdayLabelOfNumber(base + i)} ${DAY_KIND_LABELS[kind]}${name ? `（${name}）` : ''}`);
    const workday = kind === 'workday' || kind === 'makeup_workday';
    return name ? { date, workday, kind, name, label } : { date, workday, kind, label };
  }

  function assertCount(n: number): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new DateInputError('calendar.bad_count', `工作日数「${n}」无效，应为不小于 0 的整数`);
    }
  }

  const calendar: Calendar = {
    years,
    schedule: (year) => byYear.get(year),
    isKnownYear: (year) => byYear.has(year),
    isWorkday(date) {
      const k = kinds[indexOf(date)];
      return k === K_WORKDAY || k === K_MAKEUP;
    },
    dayInfo: (date) => info(indexOf(date)),
    addWorkingDays(date, n) {
      assertCount(n);
      const i = indexOf(date);
      if (n === 0) return date;
      const target = cum[i] + n;
      if (target > totalWork) throw unknownYearError(firstUnknownYearFrom(i));
      const r = workdayIndex[target - 1];
      if (unknownCum[r] !== unknownCum[i]) throw unknownYearError(firstUnknownYearFrom(i));
      return dateAt(r);
    },
    workingDaysBetween(a, b) {
      const i = indexOf(a);
      const j = indexOf(b);
      const [lo, hi] = i <= j ? [i, j] : [j, i];
      if (unknownCum[hi] !== unknownCum[lo]) throw unknownYearError(firstUnknownYearFrom(lo));
      return cum[j] - cum[i];
    },
    ordinalOf: (date) => cum[indexOf(date)],
    dateOfOrdinal(ordinal) {
      if (!Number.isInteger(ordinal) || ordinal < 1) {
        throw new CalendarError('calendar.before_start', `日期早于${firstYear}年，节假日安排尚未录入`, firstYear - 1);
      }
      if (ordinal > totalWork) throw unknownYearError(lastYear + 1);
      return dateAt(workdayIndex[ordinal - 1]);
    },
    assertKnown(a, b) {
      const i = indexOf(a);
      const j = indexOf(b);
      const [lo, hi] = i <= j ? [i, j] : [j, i];
      if (unknownCum[hi] !== unknownCum[lo]) throw unknownYearError(firstUnknownYearFrom(lo));
    },
    daysBetween(a, b) {
      const i = indexOf(a);
      const j = indexOf(b);
      if (unknownCum[Math.max(i, j)] !== unknownCum[Math.min(i, j)]) {
        throw unknownYearError(firstUnknownYearFrom(Math.min(i, j)));
      }
      const out: DayInfo[] = [];
      for (let x = i + 1; x <= j; x++) out.push(info(x));
      return out;
    },
  };
  return Object.freeze(calendar);
}
