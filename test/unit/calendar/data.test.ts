/**
 * Our data files (the only data the runtime uses) against the maintained chinese-days package
 * (devDependency, reference only), for every day of 2019–2026.
 */
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { BUILTIN_YEARS, defaultCalendar, fromDayNumber, toDayNumber, validateYearSchedule } from '../../../src/domain/calendar/index.ts';

describe('built-in calendar data 2019–2026', () => {
  it('ships every year 2019–2026, each citing its 国务院办公厅 notice', () => {
    expect(BUILTIN_YEARS.map((y) => y.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of BUILTIN_YEARS) {
      expect(y.source.notice.title).toContain(`关于${y.year}年部分节假日安排的通知`);
      expect(y.source.notice.number).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
      expect(validateYearSchedule(y)).toEqual({ ok: true, schedule: y });
    }
    expect(BUILTIN_YEARS.find((y) => y.year === 2024)!.source.notice.number).toBe('国办发明电〔2023〕7号');
  });

  it('agrees with chinese-days on working day / holiday / make-up day for every day', () => {
    const mismatches: string[] = [];
    let days = 0;
    for (let n = toDayNumber('2019-01-01'); n <= toDayNumber('2026-12-31'); n++) {
      const date = fromDayNumber(n);
      const ours = defaultCalendar.dayInfo(date);
      days++;
      if (ours.workday !== chineseDays.isWorkday(date)) mismatches.push(`${date} workday`);
      if ((ours.kind === 'holiday') !== chineseDays.isHoliday(date) && ours.kind !== 'weekend') mismatches.push(`${date} holiday`);
      if ((ours.kind === 'holiday') !== (chineseDays.getDayDetail(date).name.includes(',') && !chineseDays.isWorkday(date))) {
        mismatches.push(`${date} holiday-name`);
      }
    }
    expect(days).toBe(2922);
    expect(mismatches).toEqual([]);
  });
});
