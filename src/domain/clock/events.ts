/**
 * The events of an application that the clock reads. The applications store keeps exactly these, as
 * JSON payloads (`type` + `date` YYYY-MM-DD + the fields below), append-only; status and due dates
 * are derived from them only through `computeClock`.
 *
 * Events are read in date order; events of the same date keep the order in which they were stored.
 */
import type { IsoDate } from '../calendar/date.ts';
import type { Channel, OutcomeCode } from '../taxonomy/index.ts';

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
 * 补正告知 sent (第三十条). The applicant's period is `deadline` (a date) or `periodWorkingDays` after
 * the notice; neither → DEFAULT_CORRECTION_PERIOD_WD (15 WD).
 */
export interface CorrectionRequestedEvent {
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
export interface ConsultationSentEvent {
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
/** 收费通知: `date` is the day the applicant received the fee notice. */
export interface FeeNoticeSentEvent {
  type: 'fee_notice_sent';
  date: IsoDate;
  /** Amount in 元 (from the fees module), for the record. */
  amount?: number;
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
  fee_notice_sent: '送达收费通知',
  fee_paid: '缴纳信息处理费',
  extension_approved: '批准延长答复期限',
  decided: '作出答复',
  delivered: '送达答复',
  withdrawn: '申请人撤回申请',
};
