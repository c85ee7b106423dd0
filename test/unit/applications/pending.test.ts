/**
 * Unknown calendar years never refuse a fact (src/domain/applications/pending.ts): the built-in
 * calendar ends with 2026; a step whose deadline falls in 2027 is recorded, its due date is pending
 * (「待2027年节假日安排录入后确定」), the order rules are still enforced, and the real date appears as
 * soon as the year is entered. The 2027 schedule below is synthetic, for the test only.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkCaseEvent,
  deriveCase,
  lenientClock,
  pendingReason,
  type CaseEvent,
  type RecordedEvent,
} from '../../../src/domain/applications/index.ts';
// The steps' availability lives with each step (src/app/steps); these tests hold it to the rules.
import { availableSteps } from '../../../src/app/steps/index.ts';
import { calendarWith, defaultCalendar, type YearSchedule } from '../../../src/domain/calendar/index.ts';
import { computeClock } from '../../../src/domain/clock/index.ts';

const HANDLER = 10;
const REVIEWER = 20;
const rec = (events: CaseEvent[], by = HANDLER): RecordedEvent[] => events.map((event, i) => ({ seq: i + 1, event, actorUserId: by }));
const TODAY = '2026-11-27';
const opts = { calendar: defaultCalendar, today: TODAY };

/** Synthetic (not the State Council's): 元旦 on Friday 1 January and a day off on Monday 4 January. */
const TEST_2027: YearSchedule = {
  year: 2027,
  source: { notice: { title: '测试用2027年安排（虚构，仅供测试）' } },
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-04', name: '元旦' },
  ],
  workdays: [],
};

// Received in person on 2026-11-27 (a Friday): the 20 working days end on 2026-12-25 — inside 2026.
const received: CaseEvent[] = [{ type: 'submitted', date: TODAY, channel: 'in_person' }];
// A consultation sent the same day pauses the clock up to 15 working days: the due date passes into 2027.
const consultation: CaseEvent = { type: 'consultation_sent', date: TODAY, party: 'third_party', ref: '某公司' };

describe('a deadline in a year not yet entered', () => {
  it('the calendar itself refuses to count into 2027 (the premise of these tests)', () => {
    expect(() => computeClock([received[0], consultation] as never, { calendar: defaultCalendar })).toThrow(/2027年节假日安排尚未录入/);
    expect(deriveCase(rec(received), opts).clock!.dueDate).toBe('2026-12-25');
  });

  it('a consultation started today is accepted (not refused with 409) and recorded', () => {
    expect(checkCaseEvent(rec(received), consultation, HANDLER, opts)).toEqual({ ok: true });
  });

  it('after it, the due date is pending with its reason; the state and the steps are still derived', () => {
    const v = deriveCase(rec([...received, consultation]), opts);
    expect(v.clock).not.toBeNull();
    expect(v.clockError).toBeNull();
    expect(v.state).toBe('consulting');
    expect(v.clock!.dueDate).toBeNull();
    expect(v.clock!.overdue).toBe(false);
    expect(v.clock!.workingDaysLeft).toBeNull();
    expect(v.pending).not.toBeNull();
    expect(v.pending!.years).toEqual([2027]);
    expect(v.pending!.reason).toBe('待2027年节假日安排录入后确定');
    expect(v.pending!.fields).toContain('dueDate');
    // The consultation's own 15-working-day limit lies in 2026: it stays a real date, not pending.
    expect(v.pending!.fields).not.toContain('consultations.0.limit');
    expect(v.clock!.consultations[0].limit).toBe('2026-12-18');
    expect(v.clock!.explanation!.lines.join('')).toContain('待2027年节假日安排录入后确定');
    // No day of 2027 is described in the explanation (nothing invented is shown).
    expect(v.clock!.explanation!.lines.join('')).not.toMatch(/2027-\d\d-\d\d/);
    expect(availableSteps(v)).toEqual(expect.arrayContaining(['consultation_answer', 'extension_request', 'decision_propose']));
  });

  it('the order rules are still enforced while the due date is pending', () => {
    const base = rec([...received, consultation]);
    // No answer before a consultation with that reference.
    const wrongRef = checkCaseEvent(base, { type: 'consultation_answered', date: TODAY, ref: '另一公司' }, HANDLER, opts);
    expect(wrongRef).toMatchObject({ ok: false, code: 'consultation.none_open' });
    // No correction received without a correction notice.
    expect(checkCaseEvent(base, { type: 'correction_received', date: TODAY }, HANDLER, opts)).toMatchObject({ ok: false, code: 'correction.none_open' });
    // One extension only (第三十三条第二款).
    const extended = rec([...received, consultation, { type: 'extension_requested', date: TODAY, workingDays: 20, reason: '需征求第三方意见' }, { type: 'extension_approved', date: TODAY, workingDays: 20 }]);
    expect(deriveCase(extended, opts).clock!.extension).not.toBeNull();
    expect(checkCaseEvent(extended, { type: 'extension_requested', date: TODAY, workingDays: 5, reason: '再延' }, HANDLER, opts)).toMatchObject({ ok: false, code: 'extension.twice' });
    // Nothing after the decision but its delivery.
    const decided = rec([
      ...received,
      consultation,
      // 第三十二条: no disclosure before the third party answered (or its period ran out).
      { type: 'consultation_answered', date: TODAY, ref: '某公司' },
      { type: 'decision_proposed', date: TODAY, outcome: 'public', details: {} },
    ]);
    const approve: CaseEvent = { type: 'decided', date: TODAY, outcome: 'public' };
    expect(checkCaseEvent(decided, approve, REVIEWER, opts)).toEqual({ ok: true });
    const after = [...decided, { seq: 9, event: approve, actorUserId: REVIEWER }];
    expect(checkCaseEvent(after, { type: 'fee_notice_sent', date: TODAY }, HANDLER, opts)).toMatchObject({ ok: false, code: 'event.after_decision' });
  });

  it('an in-person application received in December 2026 is recorded; its due date waits for 2027', () => {
    const dec = rec([{ type: 'submitted', date: '2026-12-15', channel: 'in_person' }]);
    const v = deriveCase(dec, { calendar: defaultCalendar, today: '2026-12-15' });
    expect(v.clock!.receiptDate).toBe('2026-12-15');
    expect(v.clock!.dueDate).toBeNull();
    expect(v.pending!.fields).toEqual(expect.arrayContaining(['dueDate']));
    // 第三十条: the 补正 notice is due within 7 working days — still inside 2026, so it is a real date.
    expect(v.clock!.correctionNoticeDue).toBe('2026-12-24');
  });

  it('becomes a real due date as soon as the year is entered', () => {
    const events = rec([...received, consultation]);
    const cal2027 = calendarWith([TEST_2027]);
    const v = deriveCase(events, { calendar: cal2027, today: TODAY });
    expect(v.pending).toBeNull();
    // 20 WD + the 15 WD of the open consultation (assumed to run to its limit), counted with the test schedule.
    expect(v.clock!.dueDate).toBe(computeClock(events.map((r) => r.event) as never, { calendar: cal2027, today: TODAY }).dueDate);
    expect(v.clock!.dueDate! > '2027-01-01').toBe(true);
    // With the synthetic days off (1 and 4 January) the date differs from a plain Monday–Friday count: nothing was guessed before.
    const plain = calendarWith([{ ...TEST_2027, holidays: [{ date: '2027-01-02', name: '元旦' }] }]);
    expect(computeClock(events.map((r) => r.event) as never, { calendar: plain, today: TODAY }).dueDate).not.toBe(v.clock!.dueDate);
  });

  it('a closure as 逾期不补正 whose deadline is pending waits for the year (第三十条)', () => {
    const events = rec([
      { type: 'submitted', date: '2026-12-21', channel: 'in_person' },
      { type: 'correction_requested', date: '2026-12-22', periodWorkingDays: 15 },
      { type: 'decision_proposed', date: '2027-01-25', outcome: 'other.correction_lapsed', details: {} },
    ]);
    const r = checkCaseEvent(events, { type: 'decided', date: '2027-01-25', outcome: 'other.correction_lapsed' }, REVIEWER, { calendar: defaultCalendar, today: '2027-01-25' });
    expect(r).toMatchObject({ ok: false, code: 'calendar.pending' });
    expect((r as { message: string }).message).toContain('待2027年节假日安排录入后确定');
    // Once the year is entered the same closure is lawful.
    expect(checkCaseEvent(events, { type: 'decided', date: '2027-01-25', outcome: 'other.correction_lapsed' }, REVIEWER, { calendar: calendarWith([TEST_2027]), today: '2027-01-25' })).toEqual({ ok: true });
  });

  it('pendingReason names every missing year', () => {
    expect(pendingReason([2027])).toBe('待2027年节假日安排录入后确定');
    expect(pendingReason([2027, 2028])).toBe('待2027年、2028年节假日安排录入后确定');
  });

  it('property: for any receipt day in 2026, the clock is always derived, and a date not marked pending is the same under any 2027 schedule', () => {
    const other2027 = calendarWith([{ ...TEST_2027, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [{ date: '2027-01-02', name: '元旦' }] }]);
    const with2027 = calendarWith([TEST_2027]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 30 }), (dayOfYear, consultAfter) => {
        const d = new Date(Date.UTC(2026, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
        const c = new Date(Date.UTC(2026, 0, 1 + Math.min(364, dayOfYear + consultAfter))).toISOString().slice(0, 10);
        const events = [
          { type: 'submitted', date: d, channel: 'in_person' },
          { type: 'consultation_sent', date: c, party: 'agency' },
        ] as never;
        const { clock, pending } = lenientClock(events, { calendar: defaultCalendar, explain: false });
        let realFails = false;
        try {
          computeClock(events, { calendar: defaultCalendar, explain: false });
        } catch {
          realFails = true;
        }
        expect(pending !== null).toBe(realFails);
        const a = computeClock(events, { calendar: with2027, explain: false });
        const b = computeClock(events, { calendar: other2027, explain: false });
        if (pending?.fields.includes('dueDate')) expect(clock.dueDate).toBeNull();
        else expect([clock.dueDate, clock.dueDate]).toEqual([a.dueDate, b.dueDate]);
        if (!pending?.fields.includes('consultations.0.limit')) expect([clock.consultations[0].limit, clock.consultations[0].limit]).toEqual([a.consultations[0].limit, b.consultations[0].limit]);
        expect(clock.state).toBe(a.state);
      }),
      { numRuns: 300 },
    );
  });
});
