/**
 * The events of an application's case file (依申请公开件的办理记录): the clock's events
 * (src/domain/clock/events.ts — receipt, 补正, consultation, fee, extension, decision, delivery,
 * withdrawal) plus the procedural events the clock does not read (assignment, the handler's
 * extension request and the reviewer's refusal, the drafted decision and its return, the letters
 * issued, the files disclosed, 一事一申请 splits, notes). Stored append-only in
 * application_events as `{ type, payload }` with `payload.date`; status and due dates are derived
 * from them (derive.ts), never stored.
 */
import type { ClockEvent, ClockEventType } from '../clock/events.ts';
import { CLOCK_EVENT_LABELS } from '../clock/events.ts';
import type { IsoDate } from '../calendar/date.ts';
import type { LetterData, ReplyLetterKind } from '../letters/types.ts';
import type { OutcomeCode } from '../taxonomy/index.ts';

/** The outcome-specific facts a decision letter is made from: the letters module's own fields. */
export type DecisionDetails = Pick<
  LetterData,
  | 'variant'
  | 'reasonDetail'
  | 'access'
  | 'accessTime'
  | 'disclosedPart'
  | 'withheldParts'
  | 'prohibitingLaw'
  | 'specialLaw'
  | 'thirdPartyConsulted'
  | 'competentAgency'
  | 'previousReply'
  | 'explanationRequestDate'
  | 'petitionChannel'
  | 'otherReason'
  | 'otherBasis'
  | 'otherDecision'
>;

/** The handler in charge of the case (承办人). */
export interface AssignedEvent {
  type: 'assigned';
  date: IsoDate;
  handlerUserId: number;
  handlerName?: string;
}
/** The handler asks the head of the office for the extension of 第三十三条第二款. */
export interface ExtensionRequestedEvent {
  type: 'extension_requested';
  date: IsoDate;
  workingDays: number;
  reason: string;
}
/** The reviewer refuses the requested extension. */
export interface ExtensionRefusedEvent {
  type: 'extension_refused';
  date: IsoDate;
  reason?: string;
}
/** The handler drafts the decision (拟办意见): exactly one outcome leaf and the letter's facts. */
export interface DecisionProposedEvent {
  type: 'decision_proposed';
  date: IsoDate;
  outcome: OutcomeCode;
  details: DecisionDetails;
}
/** The reviewer sends the draft back (退回重拟). */
export interface DecisionReturnedEvent {
  type: 'decision_returned';
  date: IsoDate;
  reason: string;
}
/** A letter was generated and numbered (the letter row holds its data). */
export interface LetterIssuedEvent {
  type: 'letter_issued';
  date: IsoDate;
  letterId: number;
  kind: ReplyLetterKind;
  number: string;
}
/** A disclosed file attached to the case, downloadable by the applicant. */
export interface FileDisclosedEvent {
  type: 'file_disclosed';
  date: IsoDate;
  attachmentId: number;
  filename: string;
}
/** 一事一申请: this application was split into others (each with its own number and outcome). */
export interface SplitEvent {
  type: 'split';
  date: IsoDate;
  into: string[];
}
/** This application was created by splitting another. */
export interface SplitFromEvent {
  type: 'split_from';
  date: IsoDate;
  parentNumber: string;
}
export interface NoteEvent {
  type: 'note';
  date: IsoDate;
  text: string;
}

export type ProceduralEvent =
  | AssignedEvent
  | ExtensionRequestedEvent
  | ExtensionRefusedEvent
  | DecisionProposedEvent
  | DecisionReturnedEvent
  | LetterIssuedEvent
  | FileDisclosedEvent
  | SplitEvent
  | SplitFromEvent
  | NoteEvent;

/**
 * A case event. A `decided` event carries the approved draft's details too (the clock ignores
 * them), `extension_approved` the approver's name, `consultation_sent` the consultee.
 */
export type CaseEvent = ClockEvent | ProceduralEvent;
export type CaseEventType = CaseEvent['type'];

/** A stored event: the event and who recorded it, when. */
export interface RecordedEvent {
  seq: number;
  event: CaseEvent;
  actorUserId: number | null;
  actorName?: string | null;
  recordedAt?: string;
}

export const PROCEDURAL_EVENT_LABELS: Record<ProceduralEvent['type'], string> = {
  assigned: '指定承办人',
  extension_requested: '申请延长答复期限',
  extension_refused: '不同意延长答复期限',
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

export function isClockEvent(e: CaseEvent): e is ClockEvent {
  return CLOCK_TYPES.has(e.type);
}

export function isClockEventType(t: string): t is ClockEventType {
  return CLOCK_TYPES.has(t);
}

/** The events the deadline clock reads, in stored order. */
export function clockEvents(events: readonly CaseEvent[]): ClockEvent[] {
  return events.filter(isClockEvent);
}
