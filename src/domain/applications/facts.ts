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
import { isIsoDate } from '../calendar/index.ts';
import { CHANNELS, isOutcomeCode, type ApplicantType, type Channel, type OutcomeCode } from '../taxonomy/index.ts';
import { CaseEventError, type CaseEvent } from './events.ts';

/** The events the report's facts are read from. */
export const REPORT_FACT_EVENT_TYPES = ['submitted', 'receipt_confirmed', 'decided', 'withdrawn'] as const;

/** The first event of each kind the report reads (by sequence), as much of it as the report needs. */
export interface FirstFacts {
  submitted?: { date: string; channel: string; seq?: number } | null;
  confirmed?: { date: string; seq?: number } | null;
  decided?: { date: string; outcome: string; seq?: number } | null;
  withdrawn?: { date: string; seq?: number } | null;
}

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
  return factsFromFirsts(id, applicantType, { submitted, confirmed: confirmed == null ? null : { date: confirmed }, decided, withdrawn: withdrawn == null ? null : { date: withdrawn } });
}

/**
 * The same facts from the first event of each kind, as the database gives them when it picks those
 * events itself (src/db/applications.ts loadReportFactsForAgencies: set-based SQL, one row an
 * application). Only the fields the report reads are checked — dates, channel, outcome — each
 * refused as its event's schema would refuse it (CaseEventError naming the application).
 */
export function factsFromFirsts(id: string, applicantType: ApplicantType, f: FirstFacts): ApplicationFacts {
  // As parseCaseEvent names it: 「申请 12 的第 3 个办理事件（decided）不符合其格式：outcome：…」.
  const bad = (type: string, e: { seq?: number }, field: string, value: unknown): never => {
    const where = `申请 ${id} 的第 ${e.seq ?? '?'} 个办理事件`;
    throw new CaseEventError(`${where}（${type}）不符合其格式：${field}：「${String(value)}」不正确`, where);
  };
  const date = (type: string, e: { date: string; seq?: number } | null | undefined) => (e == null ? null : isIsoDate(e.date) ? e.date : bad(type, e, 'date', e.date));
  const s = f.submitted;
  if (s && !(CHANNELS as readonly string[]).includes(s.channel)) bad('submitted', s, 'channel', s.channel);
  if (f.decided && !isOutcomeCode(f.decided.outcome)) bad('decided', f.decided, 'outcome', f.decided.outcome);
  return {
    id,
    applicantType,
    receiptDate: s ? receiptDate(s.channel as Channel, date('submitted', s)!, date('receipt_confirmed', f.confirmed)) : null,
    decisionDate: date('decided', f.decided),
    outcome: (f.decided?.outcome as OutcomeCode | undefined) ?? null,
    withdrawnDate: date('withdrawn', f.withdrawn),
  };
}
