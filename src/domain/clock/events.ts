/**
 * The events of an application that the clock reads. The applications store keeps exactly these, as
 * JSON payloads (`type` + `date` YYYY-MM-DD + the fields below), append-only; status and due dates
 * are derived from them only through `computeClock`.
 *
 * Events are read in date order; events of the same date keep the order in which they were stored.
 */
import type { IsoDate } from '../calendar/date.ts';
import type { Channel, OutcomeCode } from '../taxonomy/index.ts';
import type { ServableLetter, ServiceMethod } from './service.ts';

/**
 * The application reached the agency. `date` is the day it arrived: handed in at the counter
 * (in_person), signed for by the agency (mail_signed), delivered as an ordinary letter
 * (mail_unsigned), submitted online, received by fax or by e-mail.
 */
export interface SubmittedEvent {
  type: 'submitted';
  date: IsoDate;
  channel: Channel;
}
/** The agency confirmed receipt with the applicant (第三十一条第二项 平常信函, 第三项 互联网/传真; e-mail). */
export interface ReceiptConfirmedEvent {
  type: 'receipt_confirmed';
  date: IsoDate;
}
/**
 * 送达 of a letter addressed to the applicant or a third party (regulation.md §6): the periods it
 * opens run 「自收到…之日起」, i.e. from the day it was served, not the day it was sent (`date`).
 *
 * `served`: the day it was served when known as the letter is recorded (直接送达 on the spot, a
 * written history); `null` = not yet served (「待送达」: a later `letter_served` event records it);
 * absent = a record made before 送达 was tracked, read as served on the day sent
 * (LEGACY_SERVED_ON_SENDING_DAY, policies.ts).
 */
export interface LetterService {
  served?: IsoDate | null;
  /** How it was served, when `served` is a date. */
  serviceMethod?: ServiceMethod;
  /** 回执 / 送达回证 scan reference, tracking number … */
  serviceProof?: string;
}
/**
 * 补正告知 sent (第三十条) on `date`. The applicant's period is `deadline` (a date) or
 * `periodWorkingDays` from the day the notice was served; neither → DEFAULT_CORRECTION_PERIOD_WD.
 */
export interface CorrectionRequestedEvent extends LetterService {
  type: 'correction_requested';
  date: IsoDate;
  deadline?: IsoDate;
  periodWorkingDays?: number;
}
/** The corrected application arrived: the reply period starts again from this day (第三十条). */
export interface CorrectionReceivedEvent {
  type: 'correction_received';
  date: IsoDate;
}
/** A consultation letter sent to a third party (第三十二条) or another agency (第三十四条). */
export interface ConsultationSentEvent extends LetterService {
  type: 'consultation_sent';
  date: IsoDate;
  party: 'third_party' | 'agency';
  /** Identifies the consultation when several run at once; matched by consultation_answered.ref. */
  ref?: string;
}
/** The consulted party's answer arrived. Without `ref`, the earliest open consultation is answered. */
export interface ConsultationAnsweredEvent {
  type: 'consultation_answered';
  date: IsoDate;
  ref?: string;
}
/** 收费通知 sent on `date` (国办函〔2020〕109号); the payment period runs from its service. */
export interface FeeNoticeSentEvent extends LetterService {
  type: 'fee_notice_sent';
  date: IsoDate;
  /** Amount in 元 stated in the notice. */
  amount?: number;
  /** The amount the fees module computed (src/domain/fees feeForApplication) when the notice was drafted. */
  computedAmount?: number;
  /** Why `amount` differs from `computedAmount` (required then: checkFeeAmount). */
  overrideReason?: string;
}
export interface FeePaidEvent {
  type: 'fee_paid';
  date: IsoDate;
}
/** The one extension of 第三十三条第二款, approved by the head of the disclosure office (reviewer). */
export interface ExtensionApprovedEvent {
  type: 'extension_approved';
  date: IsoDate;
  workingDays: number;
  approvedBy?: string;
}
/** The decision, with its outcome leaf of table 2. Decided on the day of receipt = 当场答复. */
export interface DecidedEvent {
  type: 'decided';
  date: IsoDate;
  outcome: OutcomeCode;
}
export interface DeliveredEvent {
  type: 'delivered';
  date: IsoDate;
}
/**
 * A letter recorded as sent with `served: null` was served (regulation.md §6). `date` is the day of
 * the act: the addressee signed the 送达回证 (direct), the day on the postal receipt (mail), the day
 * it reached the designated account or mailbox (electronic), the day it was left (left), the day the
 * notice was published (public_notice: served thirty days later, servedOn()).
 */
export interface LetterServedEvent {
  type: 'letter_served';
  date: IsoDate;
  /** A letter opening a period, or a notice that opens none (NOTICE_LETTERS: the clock reads past it). */
  letter: ServableLetter;
  /** The consultation's `ref` when several are open; without it, the earliest unserved one. */
  ref?: string;
  /** The notice served (its letter's id): a notice is recorded against the letter itself. */
  letterId?: number;
  method: ServiceMethod;
  /** 回执 scan reference, tracking number … */
  proof?: string;
  attachmentId?: number;
}
/**
 * 第三十五条: the applicant's number or frequency of applications clearly exceeds a reasonable range,
 * the agency asked for reasons, found them reasonable but cannot reply within 第三十三条's period,
 * and set a reasonable later reply date, told to the applicant.
 */
export interface ReplyDeferredEvent {
  type: 'reply_deferred';
  date: IsoDate;
  until: IsoDate;
  reason: string;
  /** The day the agency asked the applicant to state reasons (可以要求申请人说明理由). */
  explanationRequested: IsoDate;
}
export interface WithdrawnEvent {
  type: 'withdrawn';
  date: IsoDate;
}

export type ClockEvent =
  | SubmittedEvent
  | ReceiptConfirmedEvent
  | CorrectionRequestedEvent
  | CorrectionReceivedEvent
  | ConsultationSentEvent
  | ConsultationAnsweredEvent
  | FeeNoticeSentEvent
  | FeePaidEvent
  | ExtensionApprovedEvent
  | LetterServedEvent
  | ReplyDeferredEvent
  | DecidedEvent
  | DeliveredEvent
  | WithdrawnEvent;

export type ClockEventType = ClockEvent['type'];

export const CLOCK_EVENT_LABELS: Record<ClockEventType, string> = {
  submitted: '提交申请',
  receipt_confirmed: '确认收到申请',
  correction_requested: '告知补正',
  correction_received: '收到补正后的申请',
  consultation_sent: '发出征求意见',
  consultation_answered: '收到征求意见的答复',
  fee_notice_sent: '发出收费通知',
  fee_paid: '缴纳信息处理费',
  extension_approved: '批准延长答复期限',
  letter_served: '文书送达',
  reply_deferred: '确定延迟答复期限（第三十五条）',
  decided: '作出答复',
  delivered: '送达答复',
  withdrawn: '申请人撤回申请',
};
