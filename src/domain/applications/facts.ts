/**
 * An application's facts for the annual report (receipt date, decision date and outcome, withdrawal
 * date), derived from its events — never stored (design.md). Pure.
 *
 * The report needs dates, not deadlines: the receipt date by 第三十一条 (the clock's own rule,
 * `receiptDate` in src/domain/clock/clock.ts), the decision's date and 办理结果, the withdrawal's
 * date. They are read from the events of REPORT_FACT_EVENT_TYPES only (the database ships no
 * other event for a report: src/db/applications.ts loadReportFactsForAgencies). On every history
 * the clock accepts they are exactly the clock's receiptDate, decision and withdrawnDate (a
 * property test holds them to it: test/unit/applications/facts.test.ts); on a history it rejects
 * they are still what the events say, so an inconsistent record is counted, not lost.
 */
import { receiptDate } from '../clock/index.ts';
import type { ApplicationFacts } from '../report/policy.ts';
import type { ApplicantType } from '../taxonomy/index.ts';
import type { CaseEvent } from './events.ts';

/** The events the report's facts are read from. */
export const REPORT_FACT_EVENT_TYPES = ['submitted', 'receipt_confirmed', 'decided', 'withdrawn'] as const;

export function applicationFacts(id: string, applicantType: ApplicantType, events: readonly CaseEvent[]): ApplicationFacts {
  let submitted: Extract<CaseEvent, { type: 'submitted' }> | undefined;
  let confirmed: string | null = null;
  let decided: Extract<CaseEvent, { type: 'decided' }> | undefined;
  let withdrawn: string | null = null;
  // The first of each: a history the clock accepts has at most one.
  for (const e of events) {
    if (e.type === 'submitted') submitted ??= e;
    else if (e.type === 'receipt_confirmed') confirmed ??= e.date;
    else if (e.type === 'decided') decided ??= e;
    else if (e.type === 'withdrawn') withdrawn ??= e.date;
  }
  return {
    id,
    applicantType,
    receiptDate: submitted ? receiptDate(submitted.channel, submitted.date, confirmed) : null,
    decisionDate: decided?.date ?? null,
    outcome: decided?.outcome ?? null,
    withdrawnDate: withdrawn,
  };
}
