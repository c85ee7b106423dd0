/**
 * The events of an application's case file (依申请公开件的办理记录): the clock's events
 * (src/domain/clock/events.ts — receipt, 补正, consultation, fee, extension, decision, delivery,
 * withdrawal) plus the procedural events the clock does not read (assignment, the handler's
 * extension request and the reviewer's refusal, the drafted decision and its return, the letters
 * issued, the files disclosed, 一事一申请 splits, notes). Stored append-only in
 * application_events as `{ type, payload }` with `payload.date`; status and due dates are derived
 * from them (derive.ts), never stored.
 */
import { z } from 'zod';
import type { ClockEvent, ClockEventType } from '../clock/events.ts';
import { CLOCK_EVENT_LABELS } from '../clock/events.ts';
import { isNoticeLetter, SERVABLE_LETTERS, SERVICE_METHODS, type ServableLetter, type ServiceMethod } from '../clock/service.ts';
import { isIsoDate } from '../calendar/date.ts';
import { REPLY_LETTER_KINDS, type LetterData, type ReplyLetterKind, type WithheldCode } from '../letters/types.ts';
import { CHANNELS, OUTCOME_CODES, type OutcomeCode } from '../taxonomy/index.ts';
import { EXPLANATION_CONCLUSIONS } from './excessive.ts';

/** How a decision was delivered (送达) to the applicant, recorded on the `delivered` event. */
export const DELIVERED_BY = ['mail', 'email', 'online', 'in_person', 'fax'] as const;
export type DeliveredBy = (typeof DELIVERED_BY)[number];
export const DELIVERED_BY_LABELS: Record<DeliveredBy, string> = {
  mail: '邮寄送达',
  email: '电子邮件送达',
  // 电子送达 to the applicant's account: served the day it arrives there, not the day it is downloaded (regulation.md §6).
  online: '电子送达（到达申请人账户）',
  in_person: '当面送达',
  fax: '传真送达',
};

const isoDate = z.string().refine(isIsoDate, '应为 YYYY-MM-DD 格式的真实日期');
const outcome = z.enum(OUTCOME_CODES as unknown as [OutcomeCode, ...OutcomeCode[]]);
const id = z.number().int().positive();
/** Every event: its date, and `imported` when it came from a bulk import (contracts.md §3). */
const base = { date: isoDate, imported: z.literal(true).optional() };
const serviceMethod = z.enum(SERVICE_METHODS as [ServiceMethod, ...ServiceMethod[]]);
/** 送达 of a letter recorded with it (src/domain/clock/events.ts LetterService): null = 待送达. */
const service = { served: isoDate.nullable().optional(), serviceMethod: serviceMethod.optional(), serviceProof: z.string().optional() };
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...base, ...shape });

/** A part withheld in a 部分公开 (第三十七条): the letters module's WithheldPart. */
const withheldPartSchema = z.strictObject({
  content: z.string(),
  ground: z.enum<['not_government_info', ...WithheldCode[]]>(['not_government_info', ...OUTCOME_CODES.filter((c): c is WithheldCode => c.startsWith('withheld.'))]),
  reason: z.string(),
  prohibitingLaw: z.string().optional(),
  specialLaw: z.string().optional(),
});

/** The outcome-specific facts a decision letter is made from: the letters module's own fields. */
export const decisionDetailsEventSchema = z.strictObject({
  variant: z.enum(['already_public', 'provided', 'not_exist', 'not_responsible']).optional(),
  reasonDetail: z.string().optional(),
  access: z.string().optional(),
  accessTime: z.string().optional(),
  disclosedPart: z.string().optional(),
  withheldParts: z.array(withheldPartSchema).optional(),
  prohibitingLaw: z.string().optional(),
  specialLaw: z.string().optional(),
  thirdPartyConsulted: z.boolean().optional(),
  competentAgency: z.strictObject({ name: z.string(), contact: z.string().optional() }).optional(),
  previousReply: z.strictObject({ date: isoDate, number: z.string().optional() }).optional(),
  explanationRequestDate: isoDate.optional(),
  petitionChannel: z.string().optional(),
  otherReason: z.string().optional(),
  otherBasis: z.array(z.strictObject({ law: z.string(), article: z.string() })).optional(),
  otherDecision: z.string().optional(),
});
export type DecisionDetails = Pick<LetterData, keyof z.infer<typeof decisionDetailsEventSchema>>;

/**
 * One schema per event type: what is stored in application_events (`type` + payload), checked when
 * events are appended (src/db/applications.ts appendEvents), read back (loadRecorded: a stored
 * event that does not parse is an error, never cast), seeded and imported. Unknown fields are
 * refused: a field the types do not describe is never stored. The clock's events (src/domain/clock
 * /events.ts) carry here the extra facts their letters and timeline need.
 */
export const CASE_EVENT_SCHEMAS = {
  // ---- the clock's events (第三十条–第三十三条; src/domain/clock)
  submitted: event('submitted', { channel: z.enum(CHANNELS) }),
  receipt_confirmed: event('receipt_confirmed', {}),
  /** 补正告知 (第三十条): `items` are the points to correct, told at once. */
  correction_requested: event('correction_requested', {
    ...service,
    deadline: isoDate.optional(),
    periodWorkingDays: z.number().int().positive().optional(),
    items: z.array(z.string()).optional(),
  }),
  /**
   * The corrected application arrived (第三十条). `channel`: how (the applicant's own 在线 from 我的申请,
   * or what staff record for a letter, a visit …); `text` and `attachmentIds`: what the applicant sent online.
   */
  correction_received: event('correction_received', {
    channel: z.enum(CHANNELS).optional(),
    text: z.string().optional(),
    attachmentIds: z.array(id).optional(),
  }),
  /** `consultee`: who was asked (the letter's addressee); `reason`: told to the applicant. */
  consultation_sent: event('consultation_sent', {
    ...service,
    party: z.enum(['third_party', 'agency']),
    ref: z.string().optional(),
    consultee: z.string().optional(),
    reason: z.string().optional(),
  }),
  consultation_answered: event('consultation_answered', {
    ref: z.string().optional(),
    opinion: z.enum(['agree', 'disagree', 'other']).optional(),
    note: z.string().optional(),
  }),
  /** 收费通知: the amount in 元 and the notice's facts (国办函〔2020〕109号). */
  fee_notice_sent: event('fee_notice_sent', {
    ...service,
    amount: z.number().nonnegative().optional(),
    /** The amount computed from 109号's bands (src/domain/fees); an `amount` that differs needs `overrideReason`. */
    computedAmount: z.number().nonnegative().optional(),
    overrideReason: z.string().optional(),
    method: z.enum(['pieces', 'pages']).optional(),
    standard: z.string().optional(),
    payment: z.string().optional(),
  }),
  fee_paid: event('fee_paid', {}),
  /**
   * A letter was served (送达) on this day, by `method`: one recorded as sent with `served: null`
   * (补正, 征求意见, 收费: the clock starts its period), or a notice to the applicant that opens no
   * period (NOTICE_LETTERS: 回执, 延期答复, 征求意见告知, 说明理由, 延迟答复), named by its `letterId`.
   */
  letter_served: event('letter_served', {
    letter: z.enum(SERVABLE_LETTERS as [ServableLetter, ...ServableLetter[]]),
    ref: z.string().optional(),
    letterId: id.optional(),
    method: serviceMethod,
    proof: z.string().optional(),
    attachmentId: id.optional(),
  }).refine((e) => isNoticeLetter(e.letter) === (e.letterId !== undefined), {
    error: '告知类文书（回执、延期答复告知书等）的送达须指明文书（letterId），其他文书不指明',
    path: ['letterId'],
  }),
  /** 第三十五条: a later reply date set after the applicant stated reasons. */
  reply_deferred: event('reply_deferred', { until: isoDate, reason: z.string(), explanationRequested: isoDate }),
  extension_approved: event('extension_approved', { workingDays: z.number().int(), approvedBy: z.string().optional() }),
  /** The decision; `details`: the approved draft's facts, for its letter (the clock ignores them). */
  decided: event('decided', { outcome, details: decisionDetailsEventSchema.optional() }),
  delivered: event('delivered', { method: z.enum(DELIVERED_BY).optional() }),
  withdrawn: event('withdrawn', {}),
  // ---- the procedural events the clock does not read
  /** The handler in charge of the case (承办人). */
  assigned: event('assigned', { handlerUserId: id, handlerName: z.string().optional() }),
  /** The handler asks the head of the office for the extension of 第三十三条第二款. */
  extension_requested: event('extension_requested', { workingDays: z.number().int(), reason: z.string() }),
  /**
   * 第三十五条: the agency asks the applicant to state reasons, because the number or frequency of the
   * applications clearly exceeds a reasonable range (`grounds`: the facts, stated in the 说明理由告知书).
   */
  explanation_requested: event('explanation_requested', { grounds: z.string() }),
  /** 第三十五条: the agency's judgment of the reasons (`statement`: what the applicant said; absent: none given). */
  explanation_assessed: event('explanation_assessed', {
    conclusion: z.enum(EXPLANATION_CONCLUSIONS),
    statement: z.string().optional(),
  }),
  /** The reviewer refuses the requested extension. */
  extension_refused: event('extension_refused', { reason: z.string().optional() }),
  /** The handler drafts the decision (拟办意见): exactly one outcome leaf and the letter's facts. */
  decision_proposed: event('decision_proposed', { outcome, details: decisionDetailsEventSchema }),
  /** The reviewer sends the draft back (退回重拟). */
  decision_returned: event('decision_returned', { reason: z.string() }),
  /** A letter was generated and numbered (the letter row holds its data). */
  letter_issued: event('letter_issued', { letterId: id, kind: z.enum(REPLY_LETTER_KINDS as [ReplyLetterKind, ...ReplyLetterKind[]]), number: z.string() }),
  /** A disclosed file attached to the case, downloadable by the applicant. */
  file_disclosed: event('file_disclosed', { attachmentId: id, filename: z.string() }),
  /** 一事一申请: this application was split into others (each with its own number and outcome). */
  split: event('split', { into: z.array(z.string()) }),
  /** This application was created by splitting another. */
  split_from: event('split_from', { parentNumber: z.string() }),
  note: event('note', { text: z.string() }),
} satisfies Record<ClockEventType, z.ZodType> & Record<string, z.ZodType>;

export type CaseEventType = keyof typeof CASE_EVENT_SCHEMAS;
/** A case event of one type, as its schema describes it. */
export type CaseEventOf<T extends CaseEventType> = z.infer<(typeof CASE_EVENT_SCHEMAS)[T]>;
/** A case event: the clock's events (with their letters' facts) and the procedural ones. */
export type CaseEvent = { [T in CaseEventType]: CaseEventOf<T> }[CaseEventType];
export type ProceduralEventType = Exclude<CaseEventType, ClockEventType>;
export type ProceduralEvent = Extract<CaseEvent, { type: ProceduralEventType }>;
/** A case event the clock reads: assignable to the clock's own ClockEvent (checked below). */
export type CaseClockEvent = Extract<CaseEvent, { type: ClockEventType }>;

export type AssignedEvent = CaseEventOf<'assigned'>;
export type ExtensionRequestedEvent = CaseEventOf<'extension_requested'>;
export type ExtensionRefusedEvent = CaseEventOf<'extension_refused'>;
export type DecisionProposedEvent = CaseEventOf<'decision_proposed'>;
export type DecisionReturnedEvent = CaseEventOf<'decision_returned'>;
export type LetterIssuedEvent = CaseEventOf<'letter_issued'>;
export type FileDisclosedEvent = CaseEventOf<'file_disclosed'>;
export type SplitEvent = CaseEventOf<'split'>;
export type SplitFromEvent = CaseEventOf<'split_from'>;
export type NoteEvent = CaseEventOf<'note'>;

// Compile-time: each stored clock event is one the clock can read, and keeps every field the clock
// declares (a field added to a clock event and not to its schema here fails the build, instead of
// being refused or lost at run time).
type ClockOf<T extends ClockEventType> = Extract<ClockEvent, { type: T }>;
type ClockFit = {
  [T in ClockEventType]: CaseEventOf<T> extends ClockOf<T> ? (Exclude<keyof ClockOf<T>, keyof CaseEventOf<T>> extends never ? true : { missing: Exclude<keyof ClockOf<T>, keyof CaseEventOf<T>> }) : { notReadableByTheClock: T };
};
const clockFit: { [T in ClockEventType]: true } = null as unknown as ClockFit;
void clockFit;
// …and the letters' facts are the letters module's own fields.
const detailsFit: DecisionDetails = null as unknown as z.infer<typeof decisionDetailsEventSchema>;
void detailsFit;

/** The schema of every case event, by its `type`. */
export const caseEventSchema = z.discriminatedUnion('type', Object.values(CASE_EVENT_SCHEMAS) as unknown as [
  (typeof CASE_EVENT_SCHEMAS)[CaseEventType],
  ...(typeof CASE_EVENT_SCHEMAS)[CaseEventType][],
]);

/** A stored or given event that does not fit its schema: a bug or damaged data, never a user error. */
export class CaseEventError extends Error {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(message);
    this.name = 'CaseEventError';
  }
}

function describeIssues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(事件)'}：${i.message}`).join('；');
}

/**
 * Parses a case event (from storage: `{ type, ...payload }`), or throws CaseEventError naming
 * `where` (e.g. 「申请 12 的第 3 个事件」) and what does not fit.
 */
export function parseCaseEvent(value: unknown, where = '事件'): CaseEvent {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(CASE_EVENT_SCHEMAS, type)) throw new CaseEventError(`${where}的类型「${String(type)}」不是已知的办理事件`, where);
  const r = caseEventSchema.safeParse(value);
  if (!r.success) throw new CaseEventError(`${where}（${type}）不符合其格式：${describeIssues(r.error)}`, where);
  return r.data;
}

/** A stored event: the event and who recorded it, when. */
export interface RecordedEvent {
  seq: number;
  event: CaseEvent;
  actorUserId: number | null;
  actorName?: string | null;
  recordedAt?: string;
}

export const PROCEDURAL_EVENT_LABELS: Record<ProceduralEventType, string> = {
  assigned: '指定承办人',
  extension_requested: '申请延长答复期限',
  extension_refused: '不同意延长答复期限',
  explanation_requested: '要求申请人说明理由（第三十五条）',
  explanation_assessed: '审查申请理由（第三十五条）',
  decision_proposed: '拟定答复意见',
  decision_returned: '退回拟办意见',
  letter_issued: '生成文书',
  file_disclosed: '上传公开的政府信息',
  split: '拆分为多件申请（一事一申请）',
  split_from: '由申请拆分而来（一事一申请）',
  note: '备注',
};

export const CASE_EVENT_LABELS: Record<CaseEventType, string> = { ...CLOCK_EVENT_LABELS, ...PROCEDURAL_EVENT_LABELS };

const CLOCK_TYPES = new Set<string>(Object.keys(CLOCK_EVENT_LABELS));

export function isClockEvent(e: CaseEvent): e is CaseClockEvent {
  return CLOCK_TYPES.has(e.type);
}

export function isClockEventType(t: string): t is ClockEventType {
  return CLOCK_TYPES.has(t);
}

/** The events the deadline clock reads, in stored order. */
export function clockEvents(events: readonly CaseEvent[]): CaseClockEvent[] {
  return events.filter(isClockEvent);
}
