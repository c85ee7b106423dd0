/**
 * An application's facts for the annual report (receipt date, decision date and outcome, withdrawal
 * date), derived from its events with the clock — never stored (design.md). Pure.
 */
import type { Calendar } from '../calendar/index.ts';
import { computeClock, receiptDate as receiptDateOf, type ClockEvent } from '../clock/index.ts';
import type { ApplicationFacts } from '../report/policy.ts';
import type { ApplicantType } from '../taxonomy/index.ts';
import { clockEvents, type CaseEvent } from './events.ts';

export function applicationFacts(
  id: string,
  applicantType: ApplicantType,
  events: readonly CaseEvent[],
  calendar?: Calendar,
): ApplicationFacts {
  const clock = clockEvents(events);
  try {
    const r = computeClock(clock, { calendar, explain: false });
    return {
      id,
      applicantType,
      receiptDate: r.receiptDate,
      decisionDate: r.decision?.date ?? null,
      outcome: r.decision?.outcome ?? null,
      withdrawnDate: r.withdrawnDate,
    };
  } catch {
    // The due date may lie in a year the calendar does not know yet; the dates themselves do not need it.
    return { id, applicantType, ...datesWithoutClock(clock) };
  }
}

function datesWithoutClock(events: readonly ClockEvent[]): Omit<ApplicationFacts, 'id' | 'applicantType'> {
  const submitted = events.find((e) => e.type === 'submitted');
  const confirmed = events.find((e) => e.type === 'receipt_confirmed');
  const decided = events.find((e) => e.type === 'decided');
  const withdrawn = events.find((e) => e.type === 'withdrawn');
  return {
    receiptDate: submitted && submitted.type === 'submitted' ? receiptDateOf(submitted.channel, submitted.date, confirmed?.date ?? null) : null,
    decisionDate: decided?.date ?? null,
    outcome: decided && decided.type === 'decided' ? decided.outcome : null,
    withdrawnDate: withdrawn?.date ?? null,
  };
}
