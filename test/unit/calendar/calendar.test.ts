import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_YEARS,
  CalendarError,
  type YearSchedule,
  calendarWith,
  createCalendar,
  defaultCalendar as cal,
  fromDayNumber,
  isIsoDate,
  parseCalendarImport,
  toDayNumber,
  todayInShanghai,
  validateYearSchedule,
} from '../../../src/domain/calendar/index.ts';

const FIRST = toDayNumber('2019-01-01');
const LAST = toDayNumber('2026-12-31');
const dateArb = fc.integer({ min: FIRST, max: toDayNumber('2026-06-30') }).map(fromDayNumber);

describe('dates', () => {
  it('knows leap years and rejects impossible dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
    expect(() => cal.isWorkday('2023-02-29')).toThrow('不是一个真实存在的日期');
  });

  it('todayInShanghai reads the instant at UTC+8, whatever the server zone', () => {
    expect(todayInShanghai(new Date('2024-02-08T15:59:59Z'))).toBe('2024-02-08');
    expect(todayInShanghai(new Date('2024-02-08T16:00:00Z'))).toBe('2024-02-09');
    expect(todayInShanghai(new Date('2023-12-31T16:30:00Z'))).toBe('2024-01-01');
  });
});

describe('working days (holidays + 调休)', () => {
  it('classifies holidays, weekends and make-up days', () => {
    expect(cal.isWorkday('2024-02-09')).toBe(true); // Friday before 春节
    expect(cal.isWorkday('2024-02-12')).toBe(false); // 春节 Monday
    expect(cal.dayInfo('2024-02-18')).toMatchObject({ workday: true, kind: 'makeup_workday', name: '春节' }); // Sunday worked
    expect(cal.dayInfo('2024-02-24')).toMatchObject({ workday: false, kind: 'weekend' });
    expect(cal.isWorkday('2020-02-01')).toBe(false); // 国办发明电〔2020〕1号 cancelled the make-up Saturday
    expect(cal.isWorkday('2019-05-05')).toBe(true); // 国办发明电〔2019〕3号
    expect(cal.isWorkday('2024-02-29')).toBe(true); // leap day, a Thursday
  });

  it('adds working days across 国庆, 春节 and year ends', () => {
    expect(cal.addWorkingDays('2023-09-28', 20)).toBe('2023-11-01'); // 中秋国庆 9/29–10/6, 10/7 10/8 worked
    expect(cal.addWorkingDays('2024-02-08', 20)).toBe('2024-03-13'); // 春节 2/10–2/17, 2/18 worked
    expect(cal.addWorkingDays('2025-01-24', 20)).toBe('2025-02-27'); // 春节 1/28–2/4, 1/26 and 2/8 worked
    expect(cal.addWorkingDays('2024-02-29', 20)).toBe('2024-03-28');
    expect(cal.addWorkingDays('2023-12-29', 1)).toBe('2024-01-02'); // 元旦 2024-01-01
    expect(cal.addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(cal.addWorkingDays('2024-02-10', 0)).toBe('2024-02-10');
    expect(cal.workingDaysBetween('2024-02-08', '2024-03-13')).toBe(20);
    expect(cal.workingDaysBetween('2024-03-13', '2024-02-08')).toBe(-20);
  });

  it('refuses unknown years with a Chinese message, never a weekend-only guess', () => {
    expect(() => cal.isWorkday('2028-01-03')).toThrow('2028年节假日安排尚未录入');
    expect(() => cal.addWorkingDays('2026-12-20', 20)).toThrow('2027年节假日安排尚未录入');
    expect(() => cal.isWorkday('2018-12-28')).toThrow('2018年节假日安排尚未录入');
    expect(() => cal.addWorkingDays('2024-01-02', -1)).toThrow('不小于 0 的整数');
    try {
      cal.isWorkday('2028-01-03');
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarError);
      expect((e as CalendarError).code).toBe('calendar.unknown_year');
    }
  });

  it('an administrator can add a year and correct one; a gap year stays an error', () => {
    const y2028: YearSchedule = {
      year: 2028,
      source: { notice: { title: '国务院办公厅关于2028年部分节假日安排的通知（测试）' } },
      holidays: [{ date: '2028-01-03', name: '元旦' }],
      workdays: [{ date: '2028-01-08', name: '元旦' }],
    };
    const c = calendarWith([y2028]);
    expect(c.years).toContain(2028);
    expect(c.isWorkday('2028-01-03')).toBe(false);
    expect(c.isWorkday('2028-01-08')).toBe(true);
    expect(() => c.isWorkday('2027-06-01')).toThrow('2027年节假日安排尚未录入');
    expect(() => c.addWorkingDays('2026-12-30', 5)).toThrow('2027年节假日安排尚未录入');
    // Correct 2024: make 2024-03-01 a holiday.
    const y2024 = BUILTIN_YEARS.find((y) => y.year === 2024)!;
    const fixed = calendarWith([{ ...y2024, holidays: [...y2024.holidays, { date: '2024-03-01', name: '测试' }] }]);
    expect(fixed.isWorkday('2024-03-01')).toBe(false);
    expect(fixed.addWorkingDays('2024-02-08', 20)).toBe('2024-03-14');
    expect(cal.isWorkday('2024-03-01')).toBe(true); // the default calendar is untouched
  });

  it('rejects an invalid schedule when building a calendar', () => {
    expect(() => createCalendar([])).toThrow('没有任何年份');
    expect(() =>
      createCalendar([{ year: 2027, source: { notice: { title: 't' } }, holidays: [{ date: '2027-02-30', name: '春节' }], workdays: [] }]),
    ).toThrow('2027年节假日安排有误');
  });

  it('property: adding working days is monotonic, lands on a working day, and composes', () => {
    fc.assert(
      fc.property(dateArb, fc.nat(60), fc.nat(60), (d, n, m) => {
        const a = cal.addWorkingDays(d, n);
        const b = cal.addWorkingDays(d, n + 1);
        expect(b > a).toBe(true);
        if (n > 0) expect(cal.isWorkday(a)).toBe(true);
        expect(cal.addWorkingDays(d, n + m)).toBe(cal.addWorkingDays(a, m));
        expect(cal.workingDaysBetween(d, a)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a later start never gives an earlier result', () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.nat(40), (x, y, n) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        expect(cal.addWorkingDays(b, n) >= cal.addWorkingDays(a, n)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the O(1) lookups agree with a day-by-day count', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 45 }), (d, n) => {
        let day = toDayNumber(d);
        let left = n;
        while (left > 0) {
          day++;
          if (cal.isWorkday(fromDayNumber(day))) left--;
        }
        expect(cal.addWorkingDays(d, n)).toBe(fromDayNumber(day));
      }),
      { numRuns: 200 },
    );
    expect(LAST - FIRST + 1).toBe(2922);
  });
});

describe('YearSchedule validation', () => {
  const base = {
    year: 2027,
    source: { notice: { title: '国务院办公厅关于2027年部分节假日安排的通知' } },
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    workdays: [] as { date: string; name: string }[],
  };
  it('accepts a sound year', () => {
    expect(validateYearSchedule(base).ok).toBe(true);
  });
  it('reports every problem in Chinese', () => {
    const r = validateYearSchedule({
      ...base,
      holidays: [
        { date: '2026-12-31', name: '元旦' },
        { date: '2027-02-08', name: '春节' },
        { date: '2027-02-08', name: '春节' },
        { date: '2027-02-30', name: '春节' },
      ],
      workdays: [
        { date: '2027-02-08', name: '春节' },
        { date: '2027-02-10', name: '春节' },
      ],
    });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.errors.join('\n');
    expect(text).toContain('放假日 2026-12-31 不在2027年内');
    expect(text).toContain('放假日 2027-02-08 重复列出');
    expect(text).toContain('「2027-02-30」不是 YYYY-MM-DD 格式的真实日期');
    expect(text).toContain('2027-02-08 既是放假日又是调休上班日');
    expect(text).toContain('调休上班日 2027-02-10 是星期三，调休上班日只能是星期六或星期日');
  });
  it('requires the notice and at least one holiday', () => {
    const r = validateYearSchedule({ year: 2027, holidays: [], workdays: [] });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.errors.join('\n');
    expect(text).toContain('缺少依据');
    expect(text).toContain('至少要列出一个放假日');
  });
});

describe('calendar import files', () => {
  const notice = { number: '国办发明电〔2026〕1号', title: '国务院办公厅关于2027年部分节假日安排的通知' };
  it('parses CSV date,kind,name grouped by year', () => {
    const r = parseCalendarImport('\uFEFFdate,kind,name\n# 2027\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n', { notice });
    expect(r).toEqual({
      ok: true,
      schedules: [
        { year: 2027, source: { notice }, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [{ date: '2027-02-06', name: '春节' }] },
      ],
    });
  });
  it('names the bad line of a CSV and rejects the whole file', () => {
    const r = parseCalendarImport('date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,rest,元旦\n2027-02-29,holiday,春节\n', { notice });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toEqual([
      '第3行：kind「rest」无效，应为 holiday（放假）或 workday（调休上班）',
      '第4行：日期「2027-02-29」不是 YYYY-MM-DD 格式的真实日期',
    ]);
  });
  it('requires the notice for a CSV and a header', () => {
    expect(parseCalendarImport('date,kind,name\n2027-01-01,holiday,元旦\n')).toMatchObject({ ok: false });
    const r = parseCalendarImport('day,type\n2027-01-01,holiday\n', { notice, format: 'csv' });
    expect(r.ok ? [] : r.errors).toContain('CSV 表头缺少「date」列（表头应为 date,kind,name）');
  });
  it('parses JSON (one year or several) and validates it', () => {
    const y = { year: 2027, source: { notice }, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] };
    expect(parseCalendarImport(JSON.stringify(y))).toEqual({ ok: true, schedules: [y] });
    expect(parseCalendarImport(JSON.stringify([y, { ...y, year: 2028 }]))).toMatchObject({ ok: false });
    expect(parseCalendarImport('{ nope')).toMatchObject({ ok: false });
    expect(parseCalendarImport(JSON.stringify([y, y])).ok).toBe(false);
  });
});
