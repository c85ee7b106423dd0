/**
 * The applicant's view of a case (issue 15): what concerns the applicant and nothing internal — no
 * third party's name or contact (第三十二条: only that a consultation is under way and that its time
 * does not count, 第三十三条第三款), no drafts (拟办意见), no internal notes, no staff names beyond the
 * agency, no assignment or internal extension requests. ONE projection from the events, used by
 * the applicant's page, the API answers to the applicant and anything else shown to an applicant.
 *
 * It is an allow-list per event type: an event type without an entry in APPLICANT_EVENTS is hidden
 * (a new kind of event is internal until someone decides otherwise here), and each allowed event
 * keeps only the fields listed for it. The clock's events are all kept for the derivation (the due
 * date shown to the applicant is the same date staff see), stripped to what the clock reads, with
 * the consultation's `ref` (the consultee's name in the console) replaced by 「第1项」…; some of
 * them are not shown as lines (the service of a letter on a third party).
 *
 * Pure: events and letters in, the applicant's events, view, timeline and letters out.
 */
import { SERVICE_METHOD_LABELS } from '../clock/service.ts';
import type { ClockEventType } from '../clock/events.ts';
import type { IsoDate } from '../calendar/index.ts';
import { LETTER_KIND_LABELS, type ReplyLetterKind } from '../letters/types.ts';
import { CHANNEL_LABELS, outcomeLeaf } from '../taxonomy/index.ts';
import { deriveCase, type CaseView, type DeriveOptions } from './derive.ts';
import { CASE_EVENT_LABELS, DELIVERED_BY_LABELS, type CaseEvent, type CaseEventOf, type CaseEventType, type ProceduralEventType, type RecordedEvent } from './events.ts';
import { letterServiceOf, SERVABLE_LETTER_LABELS, type LetterService } from './letter-service.ts';

/**
 * The letters addressed to the applicant (the others — the 征求意见书 to a third party or another
 * agency — are not the applicant's). A new kind of letter is hidden until listed here.
 */
export const APPLICANT_LETTER_KINDS: ReadonlySet<string> = new Set<ReplyLetterKind>([
  'receipt',
  'correction',
  'extension',
  'consultation_notice',
  'fee_notice',
  'explanation_request', // 第三十五条: 说明理由告知书
  'deferral', // 第三十五条: 延迟答复告知书
  'disclosure',
  'partial_disclosure',
  'non_disclosure',
  'not_exist',
  'no_creation',
  'unclear',
  'not_handled',
  'termination',
]);

/** A line of the applicant's 办理记录. */
export interface ApplicantTimelineLine {
  seq: number;
  type: CaseEventType;
  label: string;
  date: IsoDate;
  detail: string;
  /** 「本人」 for what the applicant did, else the agency's name (never a staff member's). */
  by: string;
}

/** A letter addressed to the applicant, with its 送达. */
export interface ApplicantLetter {
  id: number;
  kind: string;
  label: string;
  number: string;
  date: IsoDate;
  service: LetterService;
}

/** The stored letter as the projection needs it (the application_letters row has more). */
export interface LetterInput {
  id: number;
  kind: string;
  number: string;
  letterDate: IsoDate;
}

export interface ApplicantViewInput {
  recorded: readonly RecordedEvent[];
  letters: readonly LetterInput[];
  /** The applicant's account (null: entered by staff for someone without an account). */
  ownerUserId: number | null;
  agencyName: string;
  /** The application's channel (the default 送达 of letters not tracked, letter-service.ts). */
  channel: string;
}

export interface ApplicantView {
  /** The events as the applicant may know them (for the derivation and the API). */
  recorded: RecordedEvent[];
  /** The case derived from those events: status, due date, explanation. */
  view: CaseView;
  timeline: ApplicantTimelineLine[];
  letters: ApplicantLetter[];
}

interface Ctx {
  /** The pseudonym of each consultation `ref`: 「第1项」, 「第2项」… in order of appearance. */
  ref(r: string | undefined): string | undefined;
  /** Whether the case has a decision (disclosed files are the applicant's only then). */
  decided: boolean;
}

interface Rule<T extends CaseEventType> {
  /** The event as kept for the applicant (only the listed fields), or null to drop it. */
  keep(e: CaseEventOf<T>, ctx: Ctx): CaseEventOf<T> | null;
  /** Its line in the 办理记录, or null when it is kept for the clock but not shown. */
  line(e: CaseEventOf<T>): { label?: string; detail: string } | null;
}

const plain = <T extends CaseEventType>(): Rule<T> => ({ keep: (e) => ({ type: e.type, date: e.date }) as CaseEventOf<T>, line: () => ({ detail: '' }) });
const served = (e: { served?: IsoDate | null; serviceMethod?: keyof typeof SERVICE_METHOD_LABELS }) =>
  e.served === undefined ? {} : e.served === null ? { served: null } : { served: e.served, ...(e.serviceMethod ? { serviceMethod: e.serviceMethod } : {}) };
const PARTY_LINE = {
  third_party: '征求第三方意见（第三十二条，该期间不计入答复期限）',
  agency: '征求其他机关意见（第三十四条，该期间不计入答复期限）',
} as const;

/** The clock's events: every one is kept (the due date is the same as staff see), stripped. */
const CLOCK_RULES: { [T in ClockEventType]: Rule<T> } = {
  submitted: { keep: (e) => ({ type: e.type, date: e.date, channel: e.channel }), line: (e) => ({ detail: CHANNEL_LABELS[e.channel] ?? '' }) },
  receipt_confirmed: plain(),
  correction_requested: {
    keep: (e) => ({
      type: e.type,
      date: e.date,
      ...served(e),
      ...(e.deadline ? { deadline: e.deadline } : {}),
      ...(e.periodWorkingDays ? { periodWorkingDays: e.periodWorkingDays } : {}),
      ...(e.items ? { items: e.items } : {}),
    }),
    line: (e) => ({ label: '告知补正（第三十条）', detail: e.periodWorkingDays ? `补正期限为收到告知书之日起${e.periodWorkingDays}个工作日` : '' }),
  },
  correction_received: {
    keep: (e) => ({ type: e.type, date: e.date, ...(e.channel ? { channel: e.channel } : {}), ...(e.attachmentIds ? { attachmentIds: e.attachmentIds } : {}) }),
    line: (e) => ({
      label: '收到补正后的申请（答复期限自该日重新计算，第三十条）',
      detail: [e.channel === 'online' ? '在线提交' : e.channel ? CHANNEL_LABELS[e.channel] : '', e.attachmentIds?.length ? `附件${e.attachmentIds.length}个` : ''].filter(Boolean).join('，'),
    }),
  },
  consultation_sent: {
    keep: (e, ctx) => ({ type: e.type, date: e.date, party: e.party, ...served(e), ...(e.ref !== undefined ? { ref: ctx.ref(e.ref) } : {}) }),
    line: (e) => ({ label: PARTY_LINE[e.party] ?? PARTY_LINE.third_party, detail: '' }),
  },
  consultation_answered: {
    keep: (e, ctx) => ({ type: e.type, date: e.date, ...(e.ref !== undefined ? { ref: ctx.ref(e.ref) } : {}) }),
    line: () => ({ label: '征求意见结束（其后恢复计算答复期限）', detail: '' }),
  },
  fee_notice_sent: {
    keep: (e) => ({
      type: e.type,
      date: e.date,
      ...served(e),
      ...(e.amount !== undefined ? { amount: e.amount } : {}),
      ...(e.computedAmount !== undefined ? { computedAmount: e.computedAmount } : {}),
      // The clock requires a reason for an amount that differs from the bands; the agency's wording
      // of it is in the 收费通知书 itself, not repeated from the console.
      ...(e.overrideReason !== undefined ? { overrideReason: '见收费通知书' } : {}),
      ...(e.method ? { method: e.method } : {}),
      ...(e.standard ? { standard: e.standard } : {}),
      ...(e.payment ? { payment: e.payment } : {}),
    }),
    line: (e) => ({ label: '发出收费通知', detail: e.amount !== undefined ? `${e.amount}元` : '' }),
  },
  fee_paid: plain(),
  letter_served: {
    // A notice's `letterId` names a letter the applicant has (APPLICANT_LETTER_KINDS); the proof stays internal.
    keep: (e, ctx) => ({
      type: e.type,
      date: e.date,
      letter: e.letter,
      method: e.method,
      ...(e.ref !== undefined ? { ref: ctx.ref(e.ref) } : {}),
      ...(e.letterId !== undefined ? { letterId: e.letterId } : {}),
    }),
    // The service of a 征求意见书 is on the third party: not the applicant's.
    line: (e) => (e.letter === 'consultation' ? null : { label: `${SERVABLE_LETTER_LABELS[e.letter]}送达`, detail: SERVICE_METHOD_LABELS[e.method] ?? '' }),
  },
  reply_deferred: {
    keep: (e) => ({ type: e.type, date: e.date, until: e.until, reason: e.reason, explanationRequested: e.explanationRequested }),
    line: (e) => ({ detail: `延迟至${e.until}答复` }),
  },
  extension_approved: {
    keep: (e) => ({ type: e.type, date: e.date, workingDays: e.workingDays }),
    line: (e) => ({ label: '延长答复期限（第三十三条第二款）', detail: `${e.workingDays}个工作日` }),
  },
  decided: { keep: (e) => ({ type: e.type, date: e.date, outcome: e.outcome }), line: (e) => ({ detail: outcomeLeaf(e.outcome).label }) },
  delivered: { keep: (e) => ({ type: e.type, date: e.date, ...(e.method ? { method: e.method } : {}) }), line: (e) => ({ detail: e.method ? DELIVERED_BY_LABELS[e.method] : '' }) },
  withdrawn: plain(),
};

/**
 * The procedural events the applicant sees. Hidden (no entry): assigned, extension_requested,
 * extension_refused, decision_proposed, decision_returned, note, explanation_requested (the
 * applicant has its 说明理由告知书) and explanation_assessed (第三十五条: internal until it becomes a
 * decision or a 延迟答复) — and every type added later.
 */
const PROCEDURAL_RULES: { [T in ProceduralEventType]?: Rule<T> } = {
  letter_issued: {
    keep: (e) => (APPLICANT_LETTER_KINDS.has(e.kind) ? { type: e.type, date: e.date, letterId: e.letterId, kind: e.kind, number: e.number } : null),
    line: (e) => ({ label: `发出${LETTER_KIND_LABELS[e.kind] ?? '文书'}`, detail: e.number }),
  },
  // The disclosed files are the applicant's once the decision is made (before, the handler's work).
  file_disclosed: {
    keep: (e, ctx) => (ctx.decided ? { type: e.type, date: e.date, attachmentId: e.attachmentId, filename: e.filename } : null),
    line: (e) => ({ label: '提供公开的政府信息', detail: e.filename }),
  },
  split: { keep: (e) => ({ type: e.type, date: e.date, into: e.into }), line: (e) => ({ detail: e.into.join('、') }) },
  split_from: { keep: (e) => ({ type: e.type, date: e.date, parentNumber: e.parentNumber }), line: (e) => ({ detail: e.parentNumber }) },
};

/** The allow-list: the rule of each event type the applicant sees (none: hidden). */
export const APPLICANT_EVENTS: { readonly [T in CaseEventType]?: Rule<T> } = { ...CLOCK_RULES, ...PROCEDURAL_RULES };

function ruleOf(type: CaseEventType): Rule<CaseEventType> | undefined {
  return Object.hasOwn(APPLICANT_EVENTS, type) ? (APPLICANT_EVENTS[type] as unknown as Rule<CaseEventType>) : undefined;
}

/** The projection: the applicant's events, the case derived from them, the 办理记录 and the letters with their 送达. */
export function applicantView(input: ApplicantViewInput, options: DeriveOptions = {}): ApplicantView {
  const refs = new Map<string, string>();
  const ctx: Ctx = {
    ref: (r) => {
      if (r === undefined) return undefined;
      if (!refs.has(r)) refs.set(r, `第${refs.size + 1}项`);
      return refs.get(r);
    },
    decided: input.recorded.some((r) => r.event.type === 'decided'),
  };
  const recorded: RecordedEvent[] = [];
  const timeline: ApplicantTimelineLine[] = [];
  for (const r of input.recorded) {
    const rule = ruleOf(r.event.type);
    const kept = rule?.keep(r.event as CaseEventOf<CaseEventType>, ctx) as CaseEvent | null | undefined;
    if (!rule || !kept) continue;
    const own = input.ownerUserId !== null && r.actorUserId === input.ownerUserId;
    recorded.push({ seq: r.seq, event: kept, actorUserId: own ? input.ownerUserId : null });
    const line = rule.line(kept as CaseEventOf<CaseEventType>);
    if (line) {
      timeline.push({ seq: r.seq, type: kept.type, label: line.label ?? CASE_EVENT_LABELS[kept.type] ?? '', date: kept.date, detail: line.detail, by: own ? '本人' : input.agencyName });
    }
  }
  const view = deriveCase(recorded, options);
  const letters = input.letters
    .filter((l) => APPLICANT_LETTER_KINDS.has(l.kind))
    .map((l) => ({
      id: l.id,
      kind: l.kind,
      label: LETTER_KIND_LABELS[l.kind as ReplyLetterKind] ?? l.kind,
      number: l.number,
      date: l.letterDate,
      service: letterServiceOf(l, recorded, view, input.channel),
    }));
  return { recorded, view, timeline, letters };
}
