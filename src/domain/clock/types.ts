/**
 * What the clock says about an application: its state, its periods and due date, the irregularities
 * a reviewer should see, and the explanation of every day (clock.ts computes it).
 */
import type { DayInfo, IsoDate } from '../calendar/index.ts';
import type { Channel, OutcomeCode } from '../taxonomy/index.ts';
import type { ServedLetter, ServiceMethod } from './service.ts';

export type ClockState =
  | 'awaiting_confirmation'
  | 'in_progress'
  | 'awaiting_correction'
  | 'consulting'
  | 'awaiting_fee'
  | 'decided'
  | 'delivered'
  | 'withdrawn'
  | 'closed_lapsed';

export const CLOCK_STATE_LABELS: Record<ClockState, string> = {
  awaiting_confirmation: '待确认',
  in_progress: '办理中',
  awaiting_correction: '待补正',
  consulting: '征求意见中',
  awaiting_fee: '待缴费',
  decided: '已答复',
  delivered: '已送达',
  withdrawn: '已撤回',
  closed_lapsed: '已终止（逾期未补正或未缴费）',
};

/** An event the clock refuses (second extension, late extension, decision before receipt …). */
export class ClockError extends Error {
  readonly code: string;
  /** Index (in the list as given) of the offending event, when there is one. */
  readonly eventIndex?: number;
  constructor(code: string, message: string, eventIndex?: number) {
    super(message);
    this.name = 'ClockError';
    this.code = code;
    this.eventIndex = eventIndex;
  }
}

/**
 * An irregularity that is not an error: the event is lawful to record but a reviewer should see it.
 * Codes: receipt.confirmation_late, correction.second, correction.late_notice,
 * correction.received_late, service.pending, fee.paid_late, fee.amount_override.
 */
export interface ClockWarning {
  code: string;
  message: string;
}

export type PauseKind = 'third_party' | 'agency' | 'fee';
export const PAUSE_LABELS: Record<PauseKind, string> = {
  third_party: '征求第三方意见（第三十二条）',
  agency: '征求其他机关意见（第三十四条）',
  fee: '等待缴纳信息处理费',
};

export interface Pause {
  kind: PauseKind;
  /** Day the consultation / fee notice was sent (not itself excluded). */
  from: IsoDate;
  /**
   * Last excluded day: the answer / payment day, or the end of the addressee's period. Null while
   * the letter awaits service and no answer / payment has come (the end is not known yet).
   */
  to: IsoDate | null;
  /** True while no answer / payment has come (the pause is assumed to run to its limit). */
  open: boolean;
  /** Working days in (from, to]; null when `to` is. */
  workingDays: number | null;
}

export interface Restart {
  date: IsoDate;
  reason: string;
}

/** How a letter was served: the day it counts as served and by which method (service.ts). */
export interface Service {
  /** Null: 「待送达」. */
  served: IsoDate | null;
  serviceMethod?: ServiceMethod;
}

export interface CorrectionInfo extends Service {
  /** The day the notice was sent. */
  requested: IsoDate;
  /** The day by which the notice was due (7 WD after receipt, 第三十条). */
  noticeDue: IsoDate;
  noticeLate: boolean;
  /**
   * 第三十条 一次性告知: the one notice that stops the reply period. False for a second notice or one
   * sent after the 7 working days: recorded, but it stops and restarts nothing.
   */
  effective: boolean;
  ineffective?: 'second' | 'late';
  /** Working days the notice gives (null when it set a date). */
  periodWorkingDays: number | null;
  /** The date the notice itself set as the last day (instead of a number of working days). */
  deadlineSet?: IsoDate;
  /** The applicant's last day, counted from service; null while the notice awaits service. */
  deadline: IsoDate | null;
  received: IsoDate | null;
  receivedLate: boolean;
}

export interface ConsultationInfo extends Service {
  party: 'third_party' | 'agency';
  ref?: string;
  sent: IsoDate;
  /** The 15th working day after service (第三十二条, 第三十四条); null while awaiting service. */
  limit: IsoDate | null;
  answered: IsoDate | null;
}

export interface FeeInfo extends Service {
  /** The day the fee notice was sent. */
  sent: IsoDate;
  amount?: number;
  computedAmount?: number;
  overrideReason?: string;
  /** 20th working day after service (「收到收费通知次日起20个工作日」); null while awaiting service. */
  payBy: IsoDate | null;
  paid: IsoDate | null;
  paidLate: boolean;
}

/** A letter sent whose service is not recorded yet: its addressee's period has not started. */
export interface AwaitingService {
  letter: ServedLetter;
  sent: IsoDate;
  ref?: string;
}

export interface Explanation {
  /** Chinese lines, in order, for staff and applicant; each step cites its article. */
  lines: string[];
  /** Working days counted towards the period, in order (their number = 20 + extension). */
  counted: IsoDate[];
  /** Non-working days skipped between the start and the due date (weekends, holidays). */
  skipped: DayInfo[];
  /** 调休 make-up working days that were counted. */
  makeupCounted: IsoDate[];
  /** Working days not counted because a pause covered them. */
  paused: { date: IsoDate; kind: PauseKind }[];
}

export interface ClockResult {
  state: ClockState;
  stateLabel: string;
  channel: Channel | null;
  submittedDate: IsoDate | null;
  /** 第三十一条 receipt date (null while awaiting confirmation). */
  receiptDate: IsoDate | null;
  receiptRule: string | null;
  /** mail_unsigned: not confirmed on the day it arrived, as 第三十一条第二项 requires. */
  confirmationLate: boolean;
  /** The day the current reply period counts from (receipt or the corrected application). */
  periodStart: IsoDate | null;
  /**
   * Last day to reply; null while awaiting confirmation or correction, once withdrawn before
   * receipt, or while a letter that pauses the period awaits service (`awaitingService`).
   */
  dueDate: IsoDate | null;
  /** The due date assumes an open consultation or fee wait runs to its limit. */
  dueDateProvisional: boolean;
  baseWorkingDays: number;
  extensionWorkingDays: number;
  /** Working days excluded by pauses (overlapping pauses counted once) before the due date. */
  excludedWorkingDays: number;
  /** 7th working day after receipt: the one 补正 notice is due by then (第三十条). */
  correctionNoticeDue: IsoDate | null;
  /** A correction notice was sent after correctionNoticeDue. */
  correctionNoticeLate: boolean;
  corrections: CorrectionInfo[];
  consultations: ConsultationInfo[];
  pauses: Pause[];
  fee: FeeInfo | null;
  extension: { approved: IsoDate; workingDays: number; approvedBy?: string } | null;
  /** 第三十五条: a later reply date set by the agency. */
  deferral: { date: IsoDate; until: IsoDate; reason: string } | null;
  restarts: Restart[];
  /** Open letters whose service is not recorded: their periods have not started (「待送达」). */
  awaitingService: AwaitingService[];
  decision: { date: IsoDate; outcome: OutcomeCode; late: boolean; onTheSpot: boolean } | null;
  deliveredDate: IsoDate | null;
  withdrawnDate: IsoDate | null;
  /** When the agency may close the application as lapsed (as of `today`): CLOSABLE_BADGES. */
  closableAs: ClosableOutcome | null;
  today: IsoDate | null;
  /** Working days in (today, dueDate]; negative when overdue. Null without today or due date. */
  workingDaysLeft: number | null;
  overdue: boolean;
  dueSoon: boolean;
  /** Irregularities that are not errors (late confirmation, second 补正 …). */
  warnings: ClockWarning[];
  explanation: Explanation | null;
}

/** The outcomes a case may be closed with once the applicant's own period has run out unanswered. */
export type ClosableOutcome = 'other.correction_lapsed' | 'other.fee_lapsed';

/**
 * What the staff's inbox says of a case that may be closed (ClockResult.closableAs, derived from the
 * events as of today), and the rule it rests on — the period runs from the day the letter was served.
 */
export const CLOSABLE_BADGES: Record<ClosableOutcome, { label: string; rule: string }> = {
  'other.correction_lapsed': {
    label: '可结案：逾期未补正',
    rule: '补正期限（自收到补正告知书之日起计算）已届满，申请人未补正。第三十条：「申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。」',
  },
  'other.fee_lapsed': {
    label: '可结案：逾期未缴费',
    rule: '缴费期限（收到收费通知次日起20个工作日）已届满，申请人未缴费。国办函〔2020〕109号（四川省财政厅通知转述）：「逾期未缴纳的视为放弃申请。」',
  },
};
