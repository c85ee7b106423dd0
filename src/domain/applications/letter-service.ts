/**
 * The 送达 of each letter addressed to the applicant (regulation.md §6), as the applicant's page
 * shows it: the method and the day it was served, or 「待送达」. Read from the events, never stored:
 * - 补正告知书: the clock's correction it belongs to (served with the notice — 直接送达, 电子送达 — or by
 *   a later 登记送达; 第三十条's period runs from that day);
 * - 收费通知书: its fee_notice_sent event, or the 登记送达 after it (the payment period runs from it);
 * - the reply (答复告知书 and the other decision letters): the 送达答复 event;
 * - the notices that open no period (NOTICE_LETTERS, clock/service.ts: 回执, 延期答复告知书, 征求意见
 *   告知书, 说明理由告知书, 延迟答复告知书): in the account of an online application they are served
 *   电子送达 on the day issued (defaultServiceMethodFor); otherwise by the 登记送达 of that letter
 *   (its `letterId`), and until it is recorded they went by post on a day not recorded
 *   (「邮寄送达（送达日期未登记）」, never an invented date).
 * Opening or downloading a letter records nothing: 电子送达 is served on arrival in the account.
 */
import type { IsoDate } from '../calendar/index.ts';
import type { AwaitingService } from '../clock/types.ts';
import {
  defaultServiceMethodFor,
  isNoticeLetter,
  NOTICE_LETTER_KINDS,
  SERVED_LETTER_LABELS,
  SERVICE_METHOD_LABELS,
  servedOn,
  type NoticeLetter,
  type ServableLetter,
  type ServiceMethod,
} from '../clock/service.ts';
import { DECISION_LETTER_KINDS, LETTER_KIND_LABELS, type ReplyLetterKind } from '../letters/types.ts';
import type { CaseView } from './derive.ts';
import { DELIVERED_BY_LABELS, type CaseEventOf, type RecordedEvent } from './events.ts';

// Each notice is a letter kind (a notice the letters module does not know fails the build).
const noticeKinds: readonly ReplyLetterKind[] = NOTICE_LETTER_KINDS;
void noticeKinds;

/** The name of every letter 登记送达 records (the form, the timeline, the messages). */
export const SERVABLE_LETTER_LABELS: Record<ServableLetter, string> = {
  ...SERVED_LETTER_LABELS,
  ...(Object.fromEntries(NOTICE_LETTER_KINDS.map((k) => [k, LETTER_KIND_LABELS[k]])) as Record<NoticeLetter, string>),
};

/** A notice to the applicant whose service is not recorded yet: the letter itself. */
export interface AwaitingNotice {
  letter: NoticeLetter;
  letterId: number;
  number: string;
  sent: IsoDate;
}
/** A letter awaiting 登记送达: one whose period waits for it (the clock's), or a notice. */
export type AwaitingLetter = AwaitingService | AwaitingNotice;

/**
 * The notices whose service is not recorded: issued to the applicant of an application that is not
 * online (an online one's are served 电子送达 as they are issued), not withdrawn or split.
 */
export function noticesAwaitingService(view: CaseView): AwaitingNotice[] {
  const c = view.clock;
  if (!c?.channel || c.withdrawnDate || view.splitInto.length || defaultServiceMethodFor(c.channel) === 'electronic') return [];
  return view.letters.flatMap((l) => (isNoticeLetter(l.kind) && !l.service ? [{ letter: l.kind, letterId: l.letterId, number: l.number, sent: l.date }] : []));
}

/**
 * Every letter awaiting 登记送达, in the order the form lists them: the clock's (while the case is
 * open), then the notices (also after the decision: a 回执 signed for comes back late).
 */
export function lettersAwaitingService(view: CaseView): AwaitingLetter[] {
  if (view.splitInto.length) return [];
  return [...(view.clock?.awaitingService ?? []), ...noticesAwaitingService(view)];
}

/**
 * The case's own rules for the 登记送达 of a notice (the clock reads past it): the letter is one of
 * this case's notices of that kind, not an online application's (served on issue), served once,
 * and not before it was issued. Null when it may be recorded, else the refusal in Chinese.
 */
export function checkNoticeService(view: CaseView, e: CaseEventOf<'letter_served'>): { code: string; message: string } | null {
  if (!isNoticeLetter(e.letter)) return null;
  const name = SERVABLE_LETTER_LABELS[e.letter];
  const letter = view.letters.find((l) => l.letterId === e.letterId && l.kind === e.letter);
  if (!letter) return { code: 'service.no_letter', message: `本申请没有该${name}（文书 ${e.letterId ?? '未指明'}），请从待送达的文书中选择` };
  const channel = view.clock?.channel;
  if (letter.service) {
    return { code: 'service.twice', message: `该${name}（${letter.number}）已于${letter.service.served}${SERVICE_METHOD_LABELS[letter.service.method]}，不能重复登记送达` };
  }
  if (channel && defaultServiceMethodFor(channel) === 'electronic') {
    return { code: 'service.twice', message: `在线申请的${name}（${letter.number}）已于${letter.date}电子送达（到达申请人账户之日），无需登记送达` };
  }
  if (e.date < letter.date) return { code: 'service.before_sending', message: `送达日期${e.date}早于${name}（${letter.number}）的发出日期${letter.date}` };
  return null;
}

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
  const notice = isNoticeLetter(letter.kind) ? view.letters.find((l) => l.letterId === letter.id)?.service : undefined;
  if (notice) return served(notice.served, notice.method);
  if (DECISION_KINDS.has(letter.kind)) {
    const d = recorded.find((r) => r.event.type === 'delivered')?.event;
    if (d?.type !== 'delivered') return { status: 'pending' };
    return { status: 'served', date: d.date, method: d.method ? DELIVERED_BY_LABELS[d.method] : '送达' };
  }
  const method = defaultServiceMethodFor(channel);
  return method === 'electronic' ? served(letter.letterDate, method) : { status: 'unrecorded', method: SERVICE_METHOD_LABELS[method] };
}
