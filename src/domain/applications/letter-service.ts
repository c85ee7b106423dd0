/**
 * The 送达 of each letter addressed to the applicant (regulation.md §6), as the applicant's page
 * shows it: the method and the day it was served, or 「待送达」. Read from the events, never stored:
 * - 补正告知书: the clock's correction it belongs to (served with the notice — 直接送达, 电子送达 — or by
 *   a later 登记送达; 第三十条's period runs from that day);
 * - 收费通知书: its fee_notice_sent event, or the 登记送达 after it (the payment period runs from it);
 * - the reply (答复告知书 and the other decision letters): the 送达答复 event;
 * - the letters whose service no step records (回执, 延期答复告知书, 征求意见告知书): by the named
 *   default (defaultServiceMethodFor, clock/service.ts) — in the account of an online application
 *   they are served 电子送达 on the day issued; otherwise they went by post and their day of service
 *   is not recorded (「送达日期未登记」, never an invented date).
 * Opening or downloading a letter records nothing: 电子送达 is served on arrival in the account.
 */
import type { IsoDate } from '../calendar/index.ts';
import { defaultServiceMethodFor, SERVICE_METHOD_LABELS, servedOn, type ServiceMethod } from '../clock/service.ts';
import { DECISION_LETTER_KINDS } from '../letters/types.ts';
import type { CaseView } from './derive.ts';
import { DELIVERED_BY_LABELS, type RecordedEvent } from './events.ts';

export type LetterService =
  /** Served on `date` by `method` (its Chinese label). */
  | { status: 'served'; date: IsoDate; method: string }
  /** 待送达: the period it opens has not begun. */
  | { status: 'pending' }
  /** Sent by `method`; the day of service is not recorded. */
  | { status: 'unrecorded'; method: string };

/** 「2026-11-02 电子送达」, 「待送达」, 「邮寄送达（送达日期未登记）」. */
export function letterServiceText(s: LetterService): string {
  if (s.status === 'served') return `${s.date} ${s.method}`;
  if (s.status === 'pending') return '待送达';
  return `${s.method}（送达日期未登记）`;
}

const DECISION_KINDS: ReadonlySet<string> = new Set(DECISION_LETTER_KINDS);

function served(date: IsoDate, method: ServiceMethod | undefined): LetterService {
  return { status: 'served', date, method: method ? SERVICE_METHOD_LABELS[method] : '送达' };
}

/** The index of this letter among the case's letters of its kind, in the order they were issued. */
function ordinal(letter: { id: number; kind: string }, recorded: readonly RecordedEvent[]): number {
  const ids = recorded.flatMap((r) => (r.event.type === 'letter_issued' && r.event.kind === letter.kind ? [r.event.letterId] : []));
  return ids.indexOf(letter.id);
}

/** The fee notice's service: on the notice, or the 登记送达 of the fee after it (before the next notice). */
function feeService(n: number, recorded: readonly RecordedEvent[]): LetterService {
  const events = recorded.map((r) => r.event);
  const notices = events.flatMap((e, i) => (e.type === 'fee_notice_sent' ? [i] : []));
  const at = notices[n];
  if (at === undefined) return { status: 'pending' };
  const e = events[at];
  if (e.type !== 'fee_notice_sent') return { status: 'pending' };
  if (e.served === undefined) return served(e.date, undefined); // before 送达 was tracked (LEGACY_SERVED_ON_SENDING_DAY)
  if (e.served !== null) return served(e.served, e.serviceMethod);
  const end = notices[n + 1] ?? events.length;
  for (let i = at + 1; i < end; i++) {
    const s = events[i];
    if (s.type === 'letter_served' && s.letter === 'fee') return served(servedOn(s.method, s.date), s.method);
  }
  return { status: 'pending' };
}

/** The 送达 of one letter of the case (`recorded`: the case's events, `view`: derived from them). */
export function letterServiceOf(
  letter: { id: number; kind: string; letterDate: IsoDate },
  recorded: readonly RecordedEvent[],
  view: CaseView,
  channel: string,
): LetterService {
  const n = ordinal(letter, recorded);
  if (letter.kind === 'correction') {
    const c = view.clock?.corrections[n];
    if (!c) return { status: 'pending' };
    return c.served === null ? { status: 'pending' } : served(c.served, c.serviceMethod);
  }
  if (letter.kind === 'fee_notice') return feeService(n, recorded);
  if (DECISION_KINDS.has(letter.kind)) {
    const d = recorded.find((r) => r.event.type === 'delivered')?.event;
    if (d?.type !== 'delivered') return { status: 'pending' };
    return { status: 'served', date: d.date, method: d.method ? DELIVERED_BY_LABELS[d.method] : '送达' };
  }
  const method = defaultServiceMethodFor(channel);
  return method === 'electronic' ? served(letter.letterDate, method) : { status: 'unrecorded', method: SERVICE_METHOD_LABELS[method] };
}
