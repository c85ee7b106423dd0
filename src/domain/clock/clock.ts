/**
 * The deadline clock: a pure function from an application's events to its state and due date, with
 * the explanation of every day (第三十条, 第三十一条, 第三十二条, 第三十三条, 第三十四条; fees: 第四十二条).
 */
import {
  type Calendar,
  type DayInfo,
  type IsoDate,
  CalendarError,
  DateInputError,
  defaultCalendar,
  isIsoDate,
  isoDayNumber,
} from '../calendar/index.ts';
import { CHANNEL_LABELS, CHANNELS, type Channel, type OutcomeCode, isOutcomeCode, outcomeLeaf } from '../taxonomy/index.ts';
import { CLOCK_EVENT_LABELS, type ClockEvent } from './events.ts';
import {
  CONSULTATION_REPLY_WD,
  CORRECTION_NOTICE_WD,
  DEFAULT_CORRECTION_PERIOD_WD,
  DUE_SOON_WD,
  FEE_PAYMENT_WD,
  FEE_WAIT_EXCLUDED_FROM_DEADLINE,
  MAX_EXTENSION_WD,
  REPLY_PERIOD_WD,
} from './policies.ts';

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

export type PauseKind = 'third_party' | 'agency' | 'fee';
export const PAUSE_LABELS: Record<PauseKind, string> = {
  third_party: '征求第三方意见（第三十二条）',
  agency: '征求其他机关意见（第三十四条）',
  fee: '等待缴纳信息处理费',
};

export interface Pause {
  kind: PauseKind;
  /** Day the consultation was sent / the fee notice received (not itself excluded). */
  from: IsoDate;
  /** Last excluded day: the answer / payment day, or the end of the 15- or 20-WD period. */
  to: IsoDate;
  /** True while no answer / payment has come (the pause is assumed to run to its limit). */
  open: boolean;
  /** Working days in (from, to]. */
  workingDays: number;
}

export interface Restart {
  date: IsoDate;
  reason: string;
}

export interface CorrectionInfo {
  requested: IsoDate;
  /** The day by which the notice was due (7 WD after receipt). */
  noticeDue: IsoDate;
  noticeLate: boolean;
  /** The applicant's deadline. */
  deadline: IsoDate;
  received: IsoDate | null;
  receivedLate: boolean;
}

export interface ConsultationInfo {
  party: 'third_party' | 'agency';
  ref?: string;
  sent: IsoDate;
  /** The 15th working day after sending. */
  limit: IsoDate;
  answered: IsoDate | null;
}

export interface FeeInfo {
  noticeReceived: IsoDate;
  amount?: number;
  /** 20th working day after the notice was received. */
  payBy: IsoDate;
  paid: IsoDate | null;
  paidLate: boolean;
}

export interface Explanation {
  /** Chinese lines, in order, for staff and applicant. */
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
  /** The day the current reply period counts from (receipt or the last corrected application). */
  periodStart: IsoDate | null;
  /** Last day to reply; null while awaiting confirmation or correction, or once withdrawn before receipt. */
  dueDate: IsoDate | null;
  /** The due date assumes an open consultation or fee wait runs to its limit. */
  dueDateProvisional: boolean;
  baseWorkingDays: number;
  extensionWorkingDays: number;
  /** Working days excluded by pauses (overlapping pauses counted once) before the due date. */
  excludedWorkingDays: number;
  /** 7th working day after receipt: the 补正 notice is due by then (第三十条). */
  correctionNoticeDue: IsoDate | null;
  /** A correction notice was sent after correctionNoticeDue. */
  correctionNoticeLate: boolean;
  corrections: CorrectionInfo[];
  consultations: ConsultationInfo[];
  pauses: Pause[];
  fee: FeeInfo | null;
  extension: { approved: IsoDate; workingDays: number; approvedBy?: string } | null;
  restarts: Restart[];
  decision: { date: IsoDate; outcome: OutcomeCode; late: boolean; onTheSpot: boolean } | null;
  deliveredDate: IsoDate | null;
  withdrawnDate: IsoDate | null;
  /** When the agency may close the application as lapsed (as of `today`). */
  closableAs: 'other.correction_lapsed' | 'other.fee_lapsed' | null;
  today: IsoDate | null;
  /** Working days in (today, dueDate]; negative when overdue. Null without today or due date. */
  workingDaysLeft: number | null;
  overdue: boolean;
  dueSoon: boolean;
  /** Irregularities that are not errors (late confirmation, second 补正 …), in Chinese. */
  warnings: string[];
  explanation: Explanation | null;
}

export interface ClockOptions {
  calendar?: Calendar;
  /** "Today" for overdue / due-soon / lapse (use todayInShanghai(new Date()) at the edge). */
  today?: IsoDate;
  /** Build the day-by-day explanation (default true; dashboards over many applications pass false). */
  explain?: boolean;
}

/** Channels whose receipt date is the day both sides confirmed (第三十一条第二项后段、第三项; e-mail by policy). */
export function needsConfirmation(channel: Channel): boolean {
  return channel !== 'in_person' && channel !== 'mail_signed';
}

const RECEIPT_RULES: Record<Channel, string> = {
  in_person: '当面提交的，以提交之日为收到申请之日（第三十一条第一项）',
  mail_signed: '邮寄提交的，以行政机关签收之日为收到申请之日（第三十一条第二项）',
  mail_unsigned: '以平常信函等无需签收的方式邮寄的，以与申请人确认之日为收到申请之日（第三十一条第二项）',
  online: '通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第三项）',
  fax: '通过传真提交的，以双方确认之日为收到申请之日（第三十一条第三项）',
  email: '通过电子邮件提交的，作为数据电文参照互联网渠道，以双方确认之日为收到申请之日（第三十一条第三项，本平台政策）',
};

/**
 * 第三十一条: the receipt date from the submission and, where needed, the confirmation.
 * Returns null while a confirmation is still needed.
 */
export function receiptDate(channel: Channel, submitted: IsoDate, confirmed?: IsoDate | null): IsoDate | null {
  if (!needsConfirmation(channel)) return submitted;
  return confirmed ?? null;
}

function err(code: string, message: string, index?: number): never {
  throw new ClockError(code, message, index);
}

/** 「2024-02-08「作出答复」」: how an error message names the event (built only when one is thrown). */
function where(e: ClockEvent): string {
  return `${e.date}「${CLOCK_EVENT_LABELS[e.type]}」`;
}

/** True when the events are already in date order (the usual case: the sort would change nothing). */
function inDateOrder(events: readonly ClockEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i].date < events[i - 1].date) return false;
  return true;
}

/** The last correction notice if it still awaits the corrected application (第三十条), else null. */
function openCorrection(corrections: readonly CorrectionInfo[]): CorrectionInfo | null {
  const c = corrections[corrections.length - 1];
  return c && c.received === null ? c : null;
}

/**
 * The clock. Throws ClockError (Chinese message) for an invalid event sequence and CalendarError /
 * DateInputError for dates the calendar cannot handle (bad dates, years not yet entered).
 */
export function computeClock(events: readonly ClockEvent[], options: ClockOptions = {}): ClockResult {
  const cal = options.calendar ?? defaultCalendar;
  const today = options.today ?? null;
  if (today !== null && !isIsoDate(today)) {
    throw new DateInputError('date.invalid', `今天的日期「${today}」不是 YYYY-MM-DD 格式的真实日期`);
  }
  const explain = options.explain ?? true;

  // Stable sort by date; check dates first.
  const indexed = events.map((e, i) => {
    if (!e || typeof e !== 'object' || typeof (e as { type?: unknown }).type !== 'string') {
      err('event.malformed', `第${i + 1}个事件格式不对：缺少 type`, i);
    }
    if (!(e.type in CLOCK_EVENT_LABELS)) err('event.unknown_type', `第${i + 1}个事件的类型「${e.type}」未知`, i);
    if (!isIsoDate(e.date)) {
      err('event.bad_date', `第${i + 1}个事件（${CLOCK_EVENT_LABELS[e.type]}）的日期「${String(e.date)}」不是 YYYY-MM-DD 格式的真实日期`, i);
    }
    return { e, i };
  });
  if (!inDateOrder(events)) indexed.sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i));

  let channel: Channel | null = null;
  let submitted: IsoDate | null = null;
  let receipt: IsoDate | null = null;
  let confirmationLate = false;
  let periodStart: IsoDate | null = null;
  const restarts: Restart[] = [];
  const corrections: CorrectionInfo[] = [];
  const consultations: ConsultationInfo[] = [];
  let fee: FeeInfo | null = null;
  let extension: ClockResult['extension'] = null;
  let decision: ClockResult['decision'] = null;
  let delivered: IsoDate | null = null;
  let withdrawn: IsoDate | null = null;
  const warnings: string[] = [];

  for (const { e, i } of indexed) {
    const label = CLOCK_EVENT_LABELS[e.type];
    if (e.type === 'submitted') {
      if (submitted !== null) err('submitted.twice', `${where(e)}：申请只能提交一次`, i);
      if (!(CHANNELS as readonly string[]).includes(e.channel)) {
        err('submitted.channel', `${where(e)}：提交渠道「${String(e.channel)}」未知，应为 ${CHANNELS.join('、')} 之一`, i);
      }
      channel = e.channel;
      submitted = e.date;
      cal.assertKnown(e.date, e.date);
      if (!needsConfirmation(e.channel)) {
        receipt = e.date;
        periodStart = e.date;
      }
      continue;
    }
    if (submitted === null || channel === null) err('event.before_submission', `${where(e)}：在此之前没有提交申请的记录`, i);
    if (withdrawn !== null) err('event.after_withdrawal', `${where(e)}：申请已于${withdrawn}撤回，不能再记录事件`, i);
    if (e.type === 'delivered') {
      if (decision === null) err('delivered.before_decision', `${where(e)}：尚未作出答复，不能送达`, i);
      if (delivered !== null) err('delivered.twice', `${where(e)}：答复已于${delivered}送达`, i);
      delivered = e.date;
      continue;
    }
    if (decision !== null) err('event.after_decision', `${where(e)}：申请已于${decision.date}作出答复，不能再记录「${label}」`, i);
    if (e.type === 'withdrawn') {
      withdrawn = e.date;
      continue;
    }
    if (e.type === 'receipt_confirmed') {
      if (!needsConfirmation(channel)) {
        err('confirm.not_needed', `${where(e)}：${CHANNEL_LABELS[channel]}的申请不需要确认，收到申请之日即${submitted}`, i);
      }
      if (receipt !== null) err('confirm.twice', `${where(e)}：已于${receipt}确认收到申请`, i);
      receipt = e.date;
      periodStart = e.date;
      cal.assertKnown(e.date, e.date);
      if (channel === 'mail_unsigned' && e.date !== submitted) {
        confirmationLate = true;
        warnings.push(`平常信函应于收到当日与申请人确认（第三十一条第二项），本件${submitted}收到、${e.date}才确认`);
      }
      continue;
    }
    if (receipt === null || periodStart === null) {
      err('event.before_receipt', `${where(e)}：申请尚未确认收到（第三十一条），不能记录「${label}」`, i);
    }
    const open = openCorrection(corrections);
    switch (e.type) {
      case 'correction_requested': {
        if (open) err('correction.open', `${where(e)}：${open.requested}发出的补正通知尚未得到补正`, i);
        const noticeDue = cal.addWorkingDays(periodStart, CORRECTION_NOTICE_WD);
        let deadline: IsoDate;
        if (e.deadline !== undefined) {
          if (!isIsoDate(e.deadline)) err('correction.bad_deadline', `${where(e)}：补正期限「${String(e.deadline)}」不是真实日期`, i);
          if (e.deadline <= e.date) err('correction.bad_deadline', `${where(e)}：补正期限${e.deadline}应晚于通知日期`, i);
          deadline = e.deadline;
        } else {
          const n = e.periodWorkingDays ?? DEFAULT_CORRECTION_PERIOD_WD;
          if (!Number.isInteger(n) || n < 1) err('correction.bad_period', `${where(e)}：补正期限「${n}」个工作日无效，应为正整数`, i);
          deadline = cal.addWorkingDays(e.date, n);
        }
        if (corrections.length > 0) warnings.push(`补正原则上不超过一次（江苏省答复规范），本件${e.date}再次告知补正`);
        const noticeLate = e.date > noticeDue;
        if (noticeLate) warnings.push(`补正通知应于${noticeDue}前发出（第三十条：7个工作日内），实际${e.date}发出`);
        corrections.push({ requested: e.date, noticeDue, noticeLate, deadline, received: null, receivedLate: false });
        break;
      }
      case 'correction_received': {
        if (!open) err('correction.none_open', `${where(e)}：没有待补正的通知`, i);
        open.received = e.date;
        open.receivedLate = e.date > open.deadline;
        if (open.receivedLate) warnings.push(`补正期限${open.deadline}已过，${e.date}才收到补正`);
        periodStart = e.date;
        restarts.push({ date: e.date, reason: '收到补正后的申请，答复期限自该日重新计算（第三十条）' });
        break;
      }
      case 'consultation_sent': {
        if (e.party !== 'third_party' && e.party !== 'agency') {
          err('consultation.party', `${where(e)}：征求意见对象应为 third_party（第三方）或 agency（其他机关）`, i);
        }
        if (e.ref !== undefined && consultations.some((c) => c.ref === e.ref && c.answered === null)) {
          err('consultation.ref_twice', `${where(e)}：编号为「${e.ref}」的征求意见尚未答复`, i);
        }
        consultations.push({
          party: e.party,
          ...(e.ref !== undefined ? { ref: e.ref } : {}),
          sent: e.date,
          limit: cal.addWorkingDays(e.date, CONSULTATION_REPLY_WD),
          answered: null,
        });
        break;
      }
      case 'consultation_answered': {
        const c = consultations.find((x) => x.answered === null && (e.ref === undefined || x.ref === e.ref));
        if (!c) {
          err('consultation.none_open', `${where(e)}：没有${e.ref !== undefined ? `编号为「${e.ref}」的` : ''}待答复的征求意见`, i);
        }
        c.answered = e.date;
        break;
      }
      case 'fee_notice_sent': {
        if (fee && fee.paid === null) err('fee.open', `${where(e)}：${fee.noticeReceived}的收费通知尚未缴费`, i);
        fee = {
          noticeReceived: e.date,
          ...(e.amount !== undefined ? { amount: e.amount } : {}),
          payBy: cal.addWorkingDays(e.date, FEE_PAYMENT_WD),
          paid: null,
          paidLate: false,
        };
        break;
      }
      case 'fee_paid': {
        if (!fee || fee.paid !== null) err('fee.none_open', `${where(e)}：没有待缴费的收费通知`, i);
        fee.paid = e.date;
        fee.paidLate = e.date > fee.payBy;
        if (fee.paidLate) warnings.push(`缴费期限${fee.payBy}已过（收到收费通知次日起20个工作日），${e.date}才缴费`);
        break;
      }
      case 'extension_approved': {
        if (extension) {
          err('extension.twice', `${where(e)}：答复期限只能延长一次（第三十三条第二款），已于${extension.approved}延长`, i);
        }
        if (!Number.isInteger(e.workingDays) || e.workingDays < 1 || e.workingDays > MAX_EXTENSION_WD) {
          err('extension.too_long', `${where(e)}：延长的期限应为1至${MAX_EXTENSION_WD}个工作日（第三十三条第二款），不能是「${e.workingDays}」`, i);
        }
        if (open) err('extension.awaiting_correction', `${where(e)}：申请正在等待补正，答复期限尚未起算，不能延长`, i);
        const due = dueDate(cal, periodStart, REPLY_PERIOD_WD, buildPauses(cal, consultations, fee, null).merged);
        if (e.date > due.date) {
          err('extension.late', `${where(e)}：延长答复期限须在期限届满（${due.date}）前经负责人同意，${e.date}已逾期`, i);
        }
        extension = { approved: e.date, workingDays: e.workingDays, ...(e.approvedBy ? { approvedBy: e.approvedBy } : {}) };
        break;
      }
      case 'decided': {
        if (!isOutcomeCode(e.outcome)) err('decided.outcome', `${where(e)}：办理结果「${String(e.outcome)}」不是年度报告表格中的结果类型`, i);
        if (e.outcome === 'other.correction_lapsed') {
          if (!open) err('decided.no_correction', `${where(e)}：没有待补正的通知，不能以「逾期不补正」终止`, i);
          if (e.date <= open.deadline) {
            err('decided.correction_not_lapsed', `${where(e)}：补正期限${open.deadline}尚未届满，不能以「逾期不补正」终止（第三十条）`, i);
          }
        }
        if (e.outcome === 'other.fee_lapsed') {
          if (!fee || fee.paid !== null) err('decided.no_fee', `${where(e)}：没有未缴费的收费通知，不能以「逾期未缴费」终止`, i);
          if (e.date <= fee.payBy) {
            err('decided.fee_not_lapsed', `${where(e)}：缴费期限${fee.payBy}尚未届满，不能以「逾期未缴费」终止`, i);
          }
        }
        decision = { date: e.date, outcome: e.outcome, late: false, onTheSpot: e.date === receipt };
        break;
      }
    }
  }

  // Final figures.
  const open = openCorrection(corrections);
  const ext = extension?.workingDays ?? 0;
  const total = REPLY_PERIOD_WD + ext;
  const { merged, pauses } = periodStart ? buildPauses(cal, consultations, fee, today) : { merged: [], pauses: [] };
  const lapsedOutcome = decision && (decision.outcome === 'other.correction_lapsed' || decision.outcome === 'other.fee_lapsed');
  const clockRuns = periodStart !== null && !open && !lapsedOutcome && !(withdrawn && receipt === null);
  const due = clockRuns ? dueDate(cal, periodStart!, total, merged) : null;
  if (due) cal.assertKnown(periodStart!, due.date);
  const openConsultation = consultations.some((c) => c.answered === null && (today === null || today <= c.limit));
  const feeOpen = fee !== null && fee.paid === null;

  let state: ClockState;
  if (withdrawn) state = 'withdrawn';
  else if (decision) state = lapsedOutcome ? 'closed_lapsed' : delivered ? 'delivered' : 'decided';
  else if (receipt === null) state = 'awaiting_confirmation';
  else if (open) state = 'awaiting_correction';
  else if (feeOpen) state = 'awaiting_fee';
  else if (openConsultation) state = 'consulting';
  else state = 'in_progress';

  if (decision && due && !lapsedOutcome) decision.late = decision.date > due.date;
  const active = state === 'in_progress' || state === 'consulting' || state === 'awaiting_fee';
  let workingDaysLeft: number | null = null;
  let overdue = false;
  let dueSoon = false;
  if (today && due && active) {
    workingDaysLeft = cal.workingDaysBetween(today, due.date);
    overdue = today > due.date;
    dueSoon = !overdue && workingDaysLeft <= DUE_SOON_WD;
  }
  let closableAs: ClockResult['closableAs'] = null;
  if (today && state === 'awaiting_correction' && open && today > open.deadline) closableAs = 'other.correction_lapsed';
  if (today && state === 'awaiting_fee' && fee && today > fee.payBy) closableAs = 'other.fee_lapsed';

  // 第三十条: 自收到申请之日起7个工作日内 (after a corrected application: from its receipt).
  const correctionNoticeDue = periodStart ? cal.addWorkingDays(periodStart, CORRECTION_NOTICE_WD) : null;
  const provisional =
    due !== null &&
    (consultations.some((c) => c.answered === null && (today === null || today <= c.limit)) ||
      (FEE_WAIT_EXCLUDED_FROM_DEADLINE && feeOpen && (today === null || today <= fee!.payBy)));

  const result: ClockResult = {
    state,
    stateLabel: CLOCK_STATE_LABELS[state],
    channel,
    submittedDate: submitted,
    receiptDate: receipt,
    receiptRule: channel ? RECEIPT_RULES[channel] : null,
    confirmationLate,
    periodStart,
    dueDate: due?.date ?? null,
    dueDateProvisional: provisional,
    baseWorkingDays: REPLY_PERIOD_WD,
    extensionWorkingDays: ext,
    excludedWorkingDays: due?.excluded ?? 0,
    correctionNoticeDue,
    correctionNoticeLate: corrections.some((c) => c.noticeLate),
    corrections,
    consultations,
    pauses,
    fee,
    extension,
    restarts,
    decision,
    deliveredDate: delivered,
    withdrawnDate: withdrawn,
    closableAs,
    today,
    workingDaysLeft,
    overdue,
    dueSoon,
    warnings,
    explanation: null,
  };
  if (explain) result.explanation = buildExplanation(cal, result, merged, pauses);
  return result;
}

/**
 * Validates one more event against the stored ones: what the applications store calls before it
 * appends. Never throws for a user error; returns the Chinese message instead.
 */
export function checkNewEvent(
  events: readonly ClockEvent[],
  event: ClockEvent,
  options: ClockOptions = {},
): { ok: true; result: ClockResult } | { ok: false; code: string; message: string } {
  try {
    return { ok: true, result: computeClock([...events, event], { ...options, explain: false }) };
  } catch (e) {
    if (e instanceof ClockError || e instanceof CalendarError || e instanceof DateInputError) {
      return { ok: false, code: e.code, message: e.message };
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Pauses and the due date, on the axis of working-day ordinals (O(number of pauses)).

/** A set of working days as ordinals (lo, hi]. */
interface Span {
  lo: number;
  hi: number;
  kind: PauseKind;
}

function buildPauses(
  cal: Calendar,
  consultations: readonly ConsultationInfo[],
  fee: FeeInfo | null,
  today: IsoDate | null,
): { merged: Span[]; pauses: Pause[] } {
  const pauses: Pause[] = [];
  for (const c of consultations) {
    // 第三十三条第三款: the time the consulted party needs is not counted — until the answer, at most
    // the 15 WD of 第三十二条/第三十四条 (after which the agency decides without the answer).
    const end = c.answered !== null && c.answered < c.limit ? c.answered : c.limit;
    pauses.push({
      kind: c.party,
      from: c.sent,
      to: end,
      open: c.answered === null && (today === null || today <= c.limit),
      workingDays: cal.workingDaysBetween(c.sent, end),
    });
  }
  if (fee && FEE_WAIT_EXCLUDED_FROM_DEADLINE) {
    const end = fee.paid !== null && fee.paid < fee.payBy ? fee.paid : fee.payBy;
    pauses.push({
      kind: 'fee',
      from: fee.noticeReceived,
      to: end,
      open: fee.paid === null && (today === null || today <= fee.payBy),
      workingDays: cal.workingDaysBetween(fee.noticeReceived, end),
    });
  }
  if (pauses.length === 0) return { merged: [], pauses };
  const spans = pauses
    .map((p) => ({ lo: cal.ordinalOf(p.from), hi: cal.ordinalOf(p.to), kind: p.kind }))
    .filter((s) => s.hi > s.lo)
    .sort((a, b) => a.lo - b.lo);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.lo <= last.hi) last.hi = Math.max(last.hi, s.hi);
    else merged.push({ ...s });
  }
  return { merged, pauses };
}

/**
 * 第三十三条: the `n`th working day after `start` (the day of receipt not counted), skipping the
 * working days covered by pauses (each counted once however many pauses overlap).
 */
function dueDate(cal: Calendar, start: IsoDate, n: number, merged: readonly Span[]): { date: IsoDate; excluded: number } {
  const s = cal.ordinalOf(start);
  let t = s + n;
  let excluded = 0;
  for (const span of merged) {
    if (span.hi <= s) continue;
    const lo = Math.max(span.lo, s);
    if (lo >= t) break;
    t += span.hi - lo;
    excluded += span.hi - lo;
  }
  return { date: cal.dateOfOrdinal(t), excluded };
}

// ---------------------------------------------------------------------------------------------
// Explanation.

function runs(days: DayInfo[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && sameRun(days[j + 1], days[i]) && isNextDay(days[j].date, days[j + 1].date)) j++;
    const d = days[i];
    const what = d.kind === 'holiday' ? `${d.name}放假` : '周末';
    out.push(i === j ? `${d.date} ${what}` : `${d.date} 至 ${days[j].date} ${what}（${j - i + 1}天）`);
    i = j + 1;
  }
  return out;
}

/** Same kind of rest day and same festival (the days of one run of skipped days). */
function sameRun(a: DayInfo, b: DayInfo): boolean {
  return a.kind === b.kind && (a.name ?? '') === (b.name ?? '');
}

function isNextDay(a: IsoDate, b: IsoDate): boolean {
  return isoDayNumber(b) - isoDayNumber(a) === 1;
}

/** The merged pause that covers working day `o` of a period starting at ordinal `s`, if any. */
function pauseCovering(merged: readonly Span[], o: number, s: number): Span | undefined {
  for (const m of merged) if (o > Math.max(m.lo, s) && o <= m.hi) return m;
  return undefined;
}

function buildExplanation(cal: Calendar, r: ClockResult, merged: readonly Span[], pauses: readonly Pause[]): Explanation {
  const lines: string[] = [];
  const counted: IsoDate[] = [];
  const skipped: DayInfo[] = [];
  const makeupCounted: IsoDate[] = [];
  const paused: { date: IsoDate; kind: PauseKind }[] = [];
  if (r.channel && r.submittedDate) {
    lines.push(`${r.submittedDate} 通过「${CHANNEL_LABELS[r.channel]}」提交申请。`);
  }
  if (r.receiptDate === null) {
    lines.push(`尚待与申请人确认：${r.receiptRule}。确认之前答复期限不起算。`);
  } else {
    lines.push(`收到申请之日：${r.receiptDate}。${r.receiptRule}。`);
    if (r.decision?.onTheSpot) lines.push('当日作出答复，属当场答复（第三十三条第一款）。');
    lines.push(
      `答复期限：自收到申请之日起${REPLY_PERIOD_WD}个工作日（第三十三条第二款），收到当日不计入，从次日起算；周末和法定节假日不计，调休上班日计入。`,
    );
  }
  if (r.correctionNoticeDue) lines.push(`如需补正，应于${r.correctionNoticeDue}前一次性告知（第三十条：7个工作日内）。`);
  for (const c of r.corrections) {
    lines.push(
      `${c.requested} 告知补正${c.noticeLate ? `（逾期：应于${c.noticeDue}前告知）` : ''}，补正期限至${c.deadline}。`,
    );
    if (c.received) lines.push(`${c.received} 收到补正后的申请，答复期限自该日重新计算（第三十条），此前已计的工作日作废。`);
    else lines.push(`等待申请人补正；补正前答复期限不计算。${c.deadline}后仍未补正的，视为放弃申请（第三十条）。`);
  }
  for (const p of pauses) {
    lines.push(
      `${p.from} ${PAUSE_LABELS[p.kind]}，${p.open ? '尚未结束，暂按期限届满' : '至'}${p.to}，其间${p.workingDays}个工作日不计入答复期限（${p.kind === 'fee' ? '本平台政策：等待缴费期间不计入' : '第三十三条第三款'}）。`,
    );
  }
  if (r.fee) {
    lines.push(`${r.fee.noticeReceived} 收到收费通知，应于${r.fee.payBy}前缴费（收到通知次日起20个工作日），${r.fee.paid ? `${r.fee.paid} 已缴费` : '尚未缴费'}。`);
  }
  if (r.extension) {
    lines.push(`${r.extension.approved} 经政府信息公开工作机构负责人同意，延长答复期限${r.extension.workingDays}个工作日（第三十三条第二款）。`);
  }
  if (r.periodStart && r.dueDate) {
    const days = cal.daysBetween(r.periodStart, r.dueDate);
    const s = cal.ordinalOf(r.periodStart);
    for (const d of days) {
      if (!d.workday) {
        skipped.push(d);
        continue;
      }
      const o = cal.ordinalOf(d.date);
      const span = pauseCovering(merged, o, s);
      if (span) {
        paused.push({ date: d.date, kind: span.kind });
        continue;
      }
      counted.push(d.date);
      if (d.kind === 'makeup_workday') makeupCounted.push(d.date);
    }
    if (skipped.length) lines.push(`不计入的休息日：${runs(skipped).join('；')}。`);
    if (makeupCounted.length) lines.push(`计入的调休上班日：${makeupCounted.map((d) => `${d}（${cal.dayInfo(d).name}）`).join('、')}。`);
    if (paused.length) lines.push(`暂停计算的工作日共${r.excludedWorkingDays}天（多项征求意见重叠的只计一次）。`);
    lines.push(`计入的工作日：${counted.map((d, i) => `${i + 1}.${d.slice(5)}`).join(' ')}。`);
    lines.push(
      `答复期限届满日：${r.dueDate}（第${REPLY_PERIOD_WD + r.extensionWorkingDays}个计入的工作日${r.dueDateProvisional ? '；征求意见或缴费尚未结束，为暂定日期' : ''}）。`,
    );
  } else if (r.state === 'awaiting_correction') {
    lines.push('答复期限待收到补正后的申请后重新起算。');
  }
  if (r.decision) {
    const leaf = outcomeLeaf(r.decision.outcome);
    lines.push(`${r.decision.date} 作出答复：${leaf.label}${r.decision.late ? `（已超过答复期限${r.dueDate}）` : ''}。`);
  }
  if (r.deliveredDate) lines.push(`${r.deliveredDate} 答复已送达。`);
  if (r.withdrawnDate) lines.push(`${r.withdrawnDate} 申请人撤回申请。`);
  if (r.today && r.workingDaysLeft !== null) {
    lines.push(
      r.overdue
        ? `截至${r.today}已逾期（超过${-r.workingDaysLeft}个工作日）。`
        : `截至${r.today}还剩${r.workingDaysLeft}个工作日${r.dueSoon ? '，即将到期' : ''}。`,
    );
  }
  if (r.closableAs) lines.push(`可按「${outcomeLeaf(r.closableAs).label}」终止办理。`);
  for (const w of r.warnings) lines.push(`注意：${w}。`);
  return { lines, counted, skipped, makeupCounted, paused };
}
