/**
 * Identities of the clock (fast-check): serving later never ends a period earlier (送达, regulation.md
 * §6); a second 补正 notice never moves the due date (第三十条 一次性告知); the due date is always a
 * working day (第三十三条 counts working days); the service of a notice that opens no period (回执,
 * 延期答复告知书 …: NOTICE_LETTERS) changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarError, defaultCalendar as cal, fromDayNumber, toDayNumber } from '../../../src/domain/calendar/index.ts';
import { type ClockEvent, ClockError, type ClockResult, computeClock, NOTICE_LETTER_KINDS, SERVICE_METHODS } from '../../../src/domain/clock/index.ts';

const day = fc.integer({ min: toDayNumber('2019-01-01'), max: toDayNumber('2025-06-30') }).map(fromDayNumber);
const plus = (d: string, n: number) => fromDayNumber(toDayNumber(d) + n);
const inPerson = (date: string): ClockEvent => ({ type: 'submitted', date, channel: 'in_person' });
const clock = (events: ClockEvent[], today?: string) => computeClock(events, { explain: false, today });

/** The clock, or null for a history it refuses (the generators make some on purpose). */
function tryClock(events: ClockEvent[], today?: string): ClockResult | null {
  try {
    return clock(events, today);
  } catch (e) {
    if (e instanceof ClockError || e instanceof CalendarError) return null;
    throw e;
  }
}

describe('serving later never makes a period end earlier', () => {
  it('补正 (第三十条), third party (第三十二条) and payment (109号) periods, and the due date', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (received, wd, a, b) => {
        const sent = cal.addWorkingDays(received, wd);
        const [early, late] = [plus(sent, Math.min(a, b)), plus(sent, Math.max(a, b))];
        const corr = (served: string) => clock([inPerson(received), { type: 'correction_requested', date: sent, served }]).corrections[0].deadline!;
        expect(corr(early) <= corr(late)).toBe(true);
        const cons = (served: string) => clock([inPerson(received), { type: 'consultation_sent', date: sent, party: 'third_party', served }]);
        expect(cons(early).consultations[0].limit! <= cons(late).consultations[0].limit!).toBe(true);
        expect(cons(early).dueDate! <= cons(late).dueDate!).toBe(true);
        const fee = (served: string) => clock([inPerson(received), { type: 'fee_notice_sent', date: sent, served }]);
        expect(fee(early).fee!.payBy! <= fee(late).fee!.payBy!).toBe(true);
        expect(fee(early).dueDate! <= fee(late).dueDate!).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a second 补正 notice never moves the due date', () => {
  it('whether the first was on time or late, answered or not, and whatever answers the second', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 12 }),
        fc.option(fc.integer({ min: 1, max: 25 }), { nil: null }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        (received, firstWd, answeredAfter, secondAfter, todayAfter) => {
          const first = cal.addWorkingDays(received, firstWd);
          const base: ClockEvent[] = [inPerson(received), { type: 'correction_requested', date: first }];
          if (answeredAfter !== null) base.push({ type: 'correction_received', date: plus(first, answeredAfter) });
          const second = plus(base[base.length - 1].date, secondAfter);
          const today = plus(second, todayAfter);
          const without = clock(base, today);
          const withSecond = clock([...base, { type: 'correction_requested', date: second }], today);
          expect(withSecond.dueDate).toBe(without.dueDate);
          expect(withSecond.overdue).toBe(without.overdue);
          expect(withSecond.warnings.map((w) => w.code)).toContain('correction.second');
          if (answeredAfter !== null) {
            // The applicant answers the second notice too: still nothing moves.
            const answered = clock([...base, { type: 'correction_requested', date: second }, { type: 'correction_received', date: plus(second, 3) }], today);
            expect(answered.dueDate).toBe(without.dueDate);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** One step of a generated history, `gap` days after the previous one. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('correction' as const), served: fc.option(fc.nat(20), { nil: null }), period: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('corrected' as const) }),
  fc.record({ kind: fc.constant('consultation' as const), served: fc.option(fc.nat(20), { nil: null }), party: fc.constantFrom('third_party' as const, 'agency' as const) }),
  fc.record({ kind: fc.constant('answer' as const) }),
  fc.record({ kind: fc.constant('fee' as const), served: fc.option(fc.nat(20), { nil: null }) }),
  fc.record({ kind: fc.constant('paid' as const) }),
  fc.record({ kind: fc.constant('served' as const), letter: fc.constantFrom('correction' as const, 'consultation' as const, 'fee' as const), method: fc.constantFrom('direct' as const, 'mail' as const, 'public_notice' as const) }),
  fc.record({ kind: fc.constant('extension' as const), wd: fc.integer({ min: 1, max: 20 }) }),
);

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
const history = fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), step), { maxLength: 7 });

/** The clock's events of a generated history received on `received`, and the day of its last step. */
function historyOf(received: string, steps: ReadonlyArray<[number, Step]>): { events: ClockEvent[]; last: string } {
  const events: ClockEvent[] = [inPerson(received)];
  let d = received;
  for (const [gap, s] of steps) {
    d = plus(d, gap);
    const served = 'served' in s && typeof s.served === 'number' ? plus(d, s.served) : null;
    if (s.kind === 'correction') events.push({ type: 'correction_requested', date: d, served, periodWorkingDays: s.period });
    else if (s.kind === 'corrected') events.push({ type: 'correction_received', date: d });
    else if (s.kind === 'consultation') events.push({ type: 'consultation_sent', date: d, party: s.party, served });
    else if (s.kind === 'answer') events.push({ type: 'consultation_answered', date: d });
    else if (s.kind === 'fee') events.push({ type: 'fee_notice_sent', date: d, served });
    else if (s.kind === 'paid') events.push({ type: 'fee_paid', date: d });
    else if (s.kind === 'served') events.push({ type: 'letter_served', date: d, letter: s.letter, method: s.method });
    else events.push({ type: 'extension_approved', date: d, workingDays: s.wd });
  }
  return { events, last: d };
}

describe('the due date is always a working day', () => {
  it('on any history the clock accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(day, history, fc.integer({ min: 0, max: 120 }), (received, steps, todayAfter) => {
        const { events, last: d } = historyOf(received, steps);
        const r = tryClock(events, plus(d, todayAfter));
        if (!r) return;
        accepted++;
        if (r.dueDate !== null) expect(cal.isWorkday(r.dueDate)).toBe(true);
        for (const c of r.corrections) if (c.deadline !== null && c.periodWorkingDays !== null) expect(cal.isWorkday(c.deadline)).toBe(true);
        for (const c of r.consultations) if (c.limit !== null) expect(cal.isWorkday(c.limit)).toBe(true);
        if (r.fee?.payBy) expect(cal.isWorkday(r.fee.payBy)).toBe(true);
      }),
      { numRuns: 500 },
    );
    // The generator must mostly make histories the clock accepts, or the property says little.
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('the service of a notice moves nothing (第三十一条, 第三十三条, 第三十五条)', () => {
  const notice = fc.record({
    at: fc.nat(8),
    after: fc.nat(40),
    letter: fc.constantFrom(...NOTICE_LETTER_KINDS),
    method: fc.constantFrom(...SERVICE_METHODS),
  });
  it('the same clock — due date, state, periods, warnings — with a 回执, 延期答复告知书 … served on any day by any method', () => {
    let accepted = 0;
    fc.assert(
      fc.property(day, history, fc.array(notice, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 120 }), (received, steps, notices, todayAfter) => {
        const { events, last } = historyOf(received, steps);
        const today = plus(last, todayAfter);
        const without = tryClock(events, today);
        if (!without) return;
        accepted++;
        const withNotices = [...events];
        for (const [i, n] of notices.entries()) {
          const at = Math.min(1 + n.at, withNotices.length);
          const date = plus(withNotices[at - 1].date, n.after);
          withNotices.splice(at, 0, { type: 'letter_served', date, letter: n.letter, letterId: i + 1, method: n.method });
        }
        expect(clock(withNotices, today)).toEqual(without);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(60);
  });
});
