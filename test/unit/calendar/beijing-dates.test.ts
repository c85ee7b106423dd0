/**
 * Beijing dates everywhere (design.md: 「Dates are calendar dates in Asia/Shanghai」): the one helper
 * that turns an instant into a date (todayInShanghai) and its date-time and hour, against Intl's
 * Asia/Shanghai as the oracle, whatever the server's own zone (TZ=UTC, America/New_York — switched
 * inside the test, as Node allows); the application's 「today」 and a letter signed just after
 * midnight in Beijing carry the Beijing day, where the UTC or New York day is the day before.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { shanghaiDateTime, shanghaiHour, shanghaiYear, todayInShanghai } from '../../../src/domain/calendar/index.ts';
import { renderLetter } from '../../../src/domain/letters/index.ts';
import { today } from '../../../src/app/applications/case.ts';
import { PROCEDURAL_DATA } from '../letters/fixtures.ts';

const ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai'];
const originalTz = process.env.TZ;
const originalToday = process.env.GONGKAI_TODAY;
afterEach(() => {
  process.env.TZ = originalTz;
  if (originalToday === undefined) delete process.env.GONGKAI_TODAY;
  else process.env.GONGKAI_TODAY = originalToday;
  vi.useRealTimers();
});

const oracle = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** 「YYYY-MM-DD HH:mm」 in Beijing by Intl. */
const beijing = (d: Date) => oracle.format(d).replace(',', '');

const instants = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });
/** Instants within two hours either side of a Beijing midnight (16:00 UTC). */
const nearMidnight = fc
  .tuple(fc.integer({ min: 0, max: 17 * 366 }), fc.integer({ min: -2 * 3600, max: 2 * 3600 - 1 }))
  .map(([day, s]) => new Date(Date.UTC(2019, 0, 1, 16) + day * 86_400_000 + s * 1000));

describe('an instant as a Beijing date, in every server zone', () => {
  it.each(ZONES)('TZ=%s: date, date-time, hour and year agree with Intl’s Asia/Shanghai', (tz) => {
    process.env.TZ = tz;
    expect(new Date('2026-01-01T12:00:00Z').getTimezoneOffset()).toBe(tz === 'UTC' ? 0 : tz === 'Asia/Shanghai' ? -480 : 300);
    fc.assert(
      fc.property(fc.oneof(instants, nearMidnight), (d) => {
        const b = beijing(d);
        expect(shanghaiDateTime(d)).toBe(b);
        expect(todayInShanghai(d)).toBe(b.slice(0, 10));
        expect(shanghaiHour(d)).toBe(Number(b.slice(11, 13)));
        expect(shanghaiYear(d)).toBe(Number(b.slice(0, 4)));
      }),
      { numRuns: 500 },
    );
  });

  it('from 00:00 to 08:00 Beijing time the UTC day is the day before: the helper gives the Beijing one', () => {
    fc.assert(
      fc.property(nearMidnight, (d) => {
        const afterMidnight = (d.getUTCHours() + 8) % 24 < 8;
        const utcDay = d.toISOString().slice(0, 10);
        if (afterMidnight) expect(todayInShanghai(d) > utcDay).toBe(true);
        else expect(todayInShanghai(d)).toBe(utcDay);
      }),
    );
  });

  it('refuses an invalid instant in Chinese', () => {
    expect(() => todayInShanghai(new Date('x'))).toThrow(/时间无效/);
  });
});

describe('the application’s today and a letter signed just after midnight in Beijing', () => {
  it.each(ZONES)('TZ=%s: today() and the letter date carry the Beijing day', (tz) => {
    process.env.TZ = tz;
    delete process.env.GONGKAI_TODAY;
    vi.useFakeTimers();
    // 2026-11-27 00:30 in Beijing = 2026-11-26 16:30 UTC = 11:30 in New York on the 26th.
    vi.setSystemTime(new Date('2026-11-26T16:30:00Z'));
    expect(today()).toBe('2026-11-27');
    const letter = renderLetter('extension', { ...PROCEDURAL_DATA.extension(), date: today(), newDueDate: '2026-12-31' });
    expect(letter.signer.dateText).toBe('2026年11月27日');
    expect(letter.number).toContain('〔2026〕');
    fc.assert(
      fc.property(nearMidnight, (d) => {
        vi.setSystemTime(d);
        const day = beijing(d).slice(0, 10);
        expect(today()).toBe(day);
        const [y, m, dd] = day.split('-').map(Number);
        const l = renderLetter('extension', { ...PROCEDURAL_DATA.extension(), date: day, receiptDate: '2019-01-01', newDueDate: '2036-01-31' });
        expect(l.signer.dateText).toBe(`${y}年${m}月${dd}日`);
      }),
      { numRuns: 200 },
    );
  });
});
