/**
 * The fast date paths of issue 9 (performance): isoDayNumber reads a date from its characters, and
 * the calendar keeps a date → day-index cache. Both must agree with the slow, obvious definitions
 * (the pattern /^(\d{4})-(\d{2})-(\d{2})$/ + Date.UTC) on every input, and a cached lookup must
 * never turn an error into an answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCalendar,
  BUILTIN_YEARS,
  defaultCalendar as cal,
  fromDayNumber,
  isIsoDate,
  isoDayNumber,
  parseIsoDate,
  weekdayLabel,
  weekdayLabelOfNumber,
} from '../../../src/domain/calendar/index.ts';

/** The reference: the regular expression, a real month and day, and Date.UTC. */
function referenceDayNumber(s: unknown): number {
  if (typeof s !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return NaN;
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d); // setUTCFullYear: years 0–99 are not shifted to 1900–1999
  if (dt.getUTCMonth() !== mo - 1) return NaN; // 2023-02-29 rolls over to March
  return Math.round(dt.getTime() / 86_400_000);
}

const digit = fc.constantFrom(...'0123456789');
const noise = fc.constantFrom(...'0123456789-/ :x\n٣９');
/** Strings that are mostly date-shaped: digits with dashes at 4 and 7, sometimes a wrong character. */
const dateLike = fc
  .tuple(fc.array(fc.oneof({ weight: 6, arbitrary: digit }, { weight: 1, arbitrary: noise }), { minLength: 8, maxLength: 11 }), fc.boolean())
  .map(([cs, dashes]) => {
    const a = [...cs];
    if (dashes && a.length >= 8) {
      a.splice(4, 0, '-');
      a.splice(7, 0, '-');
    }
    return a.join('');
  });

describe('isoDayNumber', () => {
  it('gives the day number of real dates and NaN for the rest, like the pattern + Date.UTC', () => {
    expect(isoDayNumber('1970-01-01')).toBe(0);
    expect(isoDayNumber('2024-02-29')).toBe(19_782);
    expect(isoDayNumber('2023-02-29')).toBeNaN(); // not a real day
    expect(isoDayNumber('2100-02-29')).toBeNaN(); // century, not divisible by 400
    expect(isoDayNumber('2000-02-29')).toBe(11_016);
    expect(isoDayNumber('2024-13-01')).toBeNaN();
    expect(isoDayNumber('2024-00-10')).toBeNaN();
    expect(isoDayNumber('2024-04-31')).toBeNaN();
    expect(isoDayNumber('2024-2-29')).toBeNaN();
    expect(isoDayNumber('2024-02-29 ')).toBeNaN();
    expect(isoDayNumber('2024-02-29\n')).toBeNaN();
    expect(isoDayNumber('２０２４-02-29')).toBeNaN(); // full-width digits are not \d
    expect(isoDayNumber(20240229)).toBeNaN();
    expect(isoDayNumber(null)).toBeNaN();
  });

  it('agrees with the reference on every day of 1900–2100 and on date-like strings', () => {
    for (let n = isoDayNumber('1900-01-01'); n <= isoDayNumber('2100-12-31'); n++) {
      expect(isoDayNumber(fromDayNumber(n))).toBe(n);
    }
    fc.assert(
      fc.property(dateLike, (s) => {
        const ref = referenceDayNumber(s);
        const got = isoDayNumber(s);
        expect(Number.isNaN(got)).toBe(Number.isNaN(ref));
        if (!Number.isNaN(ref)) expect(got).toBe(ref);
        expect(isIsoDate(s)).toBe(!Number.isNaN(ref));
      }),
      { numRuns: 20_000 },
    );
  });

  it('parseIsoDate still names the problem: format first, then the day that does not exist', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(() => parseIsoDate('2024/02/29')).toThrow('格式不对');
    expect(() => parseIsoDate('2023-02-29')).toThrow('不是一个真实存在的日期');
  });

  it('weekdayLabelOfNumber is the weekday of the date', () => {
    for (const d of ['2024-02-04', '2024-02-10', '2023-10-01', '1970-01-01']) {
      expect(weekdayLabelOfNumber(isoDayNumber(d))).toBe(weekdayLabel(d));
    }
  });
});

describe('calendar lookups with the date cache', () => {
  it('gives the same answers on the first and on later lookups (2024 春节 调休)', () => {
    const c = createCalendar(BUILTIN_YEARS);
    for (let round = 0; round < 2; round++) {
      expect(c.isWorkday('2024-02-04')).toBe(true); // 调休上班日（春节）
      expect(c.dayInfo('2024-02-04').label).toBe('2024-02-04 星期日 调休上班日（春节）');
      expect(c.isWorkday('2024-02-12')).toBe(false); // 春节
      expect(c.addWorkingDays('2024-02-08', 20)).toBe(cal.addWorkingDays('2024-02-08', 20));
      expect(c.workingDaysBetween('2024-02-08', '2024-03-08')).toBe(cal.workingDaysBetween('2024-02-08', '2024-03-08'));
    }
  });

  it('keeps refusing invalid dates and unknown years after valid ones were cached', () => {
    const c = createCalendar(BUILTIN_YEARS);
    c.isWorkday('2023-02-28');
    c.isWorkday('2024-02-29');
    for (let round = 0; round < 2; round++) {
      expect(() => c.isWorkday('2023-02-29')).toThrow('不是一个真实存在的日期');
      expect(() => c.ordinalOf('2023/02/28')).toThrow('格式不对');
      expect(() => c.addWorkingDays('2028-01-03', 1)).toThrow('2028年节假日安排尚未录入');
      expect(() => c.workingDaysBetween('2018-12-28', '2019-01-04')).toThrow('2018年节假日安排尚未录入');
      expect(() => c.isWorkday('0095-03-01')).toThrow('95年节假日安排尚未录入');
    }
  });

  it('a year missing inside the span stays an error, cached neighbours notwithstanding', () => {
    const years = BUILTIN_YEARS.filter((y) => y.year !== 2022);
    const c = createCalendar(years);
    expect(c.isWorkday('2021-12-31')).toBe(true);
    expect(c.isWorkday('2023-01-03')).toBe(true);
    expect(() => c.isWorkday('2022-06-01')).toThrow('2022年节假日安排尚未录入');
    expect(() => c.addWorkingDays('2021-12-30', 5)).toThrow('2022年节假日安排尚未录入');
  });

  it('ordinalOf and dateOfOrdinal stay inverse over the built-in years (cache warm or cold)', () => {
    const c = createCalendar(BUILTIN_YEARS);
    fc.assert(
      fc.property(fc.integer({ min: isoDayNumber('2019-01-01'), max: isoDayNumber('2026-12-31') }), (n) => {
        const d = fromDayNumber(n);
        const o = c.ordinalOf(d);
        expect(c.ordinalOf(d)).toBe(o);
        if (c.isWorkday(d)) expect(c.dateOfOrdinal(o)).toBe(d);
        else expect(c.dateOfOrdinal(o + 1) > d).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });
});
