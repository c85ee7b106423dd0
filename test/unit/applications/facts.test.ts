/**
 * The report's facts of an application (src/domain/applications/facts.ts) are read from four kinds
 * of event only; on every history the clock accepts they must be exactly what the clock says
 * (receipt date by 第三十一条, decision, withdrawal) — the property that lets the report's loader
 * ship those four kinds and skip the deadline arithmetic. Histories are random sequences of every
 * clock event (valid and invalid orders); the ones the clock rejects are still read, not lost.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applicationFacts, REPORT_FACT_EVENT_TYPES, type CaseEvent } from '../../../src/domain/applications/index.ts';
import { defaultCalendar, fromDayNumber, toDayNumber } from '../../../src/domain/calendar/index.ts';
import { computeClock, type ClockEvent } from '../../../src/domain/clock/index.ts';
import { CHANNELS, OUTCOME_CODES } from '../../../src/domain/taxonomy/index.ts';

const start = toDayNumber('2019-06-01');
const end = toDayNumber('2026-09-30');

/** A history: a submission, then events on days after it (sorted or not), every kind possible. */
const history = fc
  .record({
    day: fc.integer({ min: start, max: end }),
    channel: fc.constantFrom(...CHANNELS),
    steps: fc.array(
      fc.record({
        after: fc.integer({ min: 0, max: 60 }),
        kind: fc.constantFrom(
          'receipt_confirmed',
          'correction_requested',
          'correction_received',
          'consultation_sent',
          'consultation_answered',
          'fee_notice_sent',
          'fee_paid',
          'extension_approved',
          'decided',
          'delivered',
          'withdrawn',
        ),
        outcome: fc.constantFrom(...OUTCOME_CODES),
      }),
      { maxLength: 7 },
    ),
    sorted: fc.boolean(),
  })
  .map(({ day, channel, steps, sorted }) => {
    const events: ClockEvent[] = [{ type: 'submitted', date: fromDayNumber(day), channel }];
    const later = sorted ? [...steps].sort((a, b) => a.after - b.after) : steps;
    for (const s of later) {
      const date = fromDayNumber(day + s.after);
      if (s.kind === 'decided') events.push({ type: 'decided', date, outcome: s.outcome });
      else if (s.kind === 'consultation_sent') events.push({ type: 'consultation_sent', date, party: 'third_party' });
      else if (s.kind === 'extension_approved') events.push({ type: 'extension_approved', date, workingDays: 20 });
      else events.push({ type: s.kind, date } as ClockEvent);
    }
    return events;
  });

describe('report facts from the events (第三十一条)', () => {
  it('on every history the clock accepts, the facts are the clock’s receipt date, decision and withdrawal', () => {
    let accepted = 0;
    fc.assert(
      fc.property(history, (events) => {
        let clock;
        try {
          clock = computeClock(events, { calendar: defaultCalendar, explain: false });
        } catch {
          // Rejected by the clock: still read, from the first event of each kind.
          const f = applicationFacts('x', 'natural', events);
          expect(f.decisionDate).toBe(events.find((e) => e.type === 'decided')?.date ?? null);
          return;
        }
        accepted++;
        const f = applicationFacts('x', 'natural', events);
        expect(f.receiptDate).toBe(clock.receiptDate);
        expect(f.decisionDate).toBe(clock.decision?.date ?? null);
        expect(f.outcome).toBe(clock.decision?.outcome ?? null);
        expect(f.withdrawnDate).toBe(clock.withdrawnDate);
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many random histories are ones the clock accepts.
    expect(accepted).toBeGreaterThan(300);
  });

  it('reads nothing but the four kinds of event the loader ships', () => {
    const events: CaseEvent[] = [
      { type: 'submitted', date: '2024-03-01', channel: 'online' },
      { type: 'receipt_confirmed', date: '2024-03-04' },
      { type: 'extension_approved', date: '2024-03-25', workingDays: 20 },
      { type: 'decided', date: '2024-04-20', outcome: 'partial' },
      { type: 'delivered', date: '2024-04-22' },
    ];
    const shipped = events.filter((e) => (REPORT_FACT_EVENT_TYPES as readonly string[]).includes(e.type));
    expect(applicationFacts('1', 'natural', shipped)).toEqual(applicationFacts('1', 'natural', events));
    expect(applicationFacts('1', 'natural', events)).toEqual({
      id: '1',
      applicantType: 'natural',
      receiptDate: '2024-03-04',
      decisionDate: '2024-04-20',
      outcome: 'partial',
      withdrawnDate: null,
    });
  });
});
