/**
 * The deadline clock: a pure function from an application's events to its state and due date, with
 * the explanation of every day (第三十条, 第三十一条, 第三十二条, 第三十三条, 第三十四条, 第三十五条;
 * fees: 第四十二条). Periods addressed to someone run from the day their letter was served (service.ts).
 */
import {
  type Calendar,
  type IsoDate,
  CalendarError,
  DateInputError,
  defaultCalendar,
  isIsoDate,
} from '../calendar/index.ts';
import { CHANNEL_LABELS, CHANNELS, type Channel } from '../taxonomy/index.ts';
import { CLOCK_EVENT_LABELS, type ClockEvent } from './events.ts';
import { checkDecision, err, initialService, where } from './checks.ts';
import { buildExplanation } from './explain.ts';
import { needsConfirmation, RECEIPT_RULES } from './receipt.ts';
import {
  CORRECTION_NOTICE_WD,
  DEFAULT_CORRECTION_PERIOD_WD,
  DUE_SOON_WD,
  FEE_WAIT_EXCLUDED_FROM_DEADLINE,
  MAX_EXTENSION_WD,
  ONE_CORRECTION_NOTICE,
  REPLY_PERIOD_WD,
} from './policies.ts';
import { checkFeeAmount } from '../fees/index.ts';
import { consultationLimit, correctionDeadline, feePayBy } from './periods.ts';
import { isNoticeLetter, isServiceMethod, SERVED_LETTER_LABELS, servedOn, SERVICE_METHOD_LABELS, type ServedLetter } from './service.ts';
import { buildPauses, dueDate } from './spans.ts';
import {
  type AwaitingService,
  CLOCK_STATE_LABELS,
  ClockError,
  type ClockResult,
  type ClockState,
  type ClockWarning,
  type ConsultationInfo,
  type CorrectionInfo,
  type FeeInfo,
  type Restart,
} from './types.ts';

export * from './types.ts';
export * from './receipt.ts';

export interface ClockOptions {
  calendar?: Calendar;
  /** "Today" for overdue / due-soon / lapse (use todayInShanghai(new Date()) at the edge). */
  today?: IsoDate;
  /** Build the day-by-day explanation (default true; dashboards over many applications pass false). */
  explain?: boolean;
}

/** True when the events are already in date order (the usual case: the sort would change nothing). */
function inDateOrder(events: readonly ClockEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i].date < events[i - 1].date) return false;
  return true;
}

/** The one notice of 第三十条 that stops the reply period, while it awaits the corrected application. */
function effectiveOpen(corrections: readonly CorrectionInfo[]): CorrectionInfo | null {
  return corrections.find((c) => c.effective && c.received === null) ?? null;
}

/** Nested functions are avoided in computeClock: the dashboards run it for every open application. */
function warn(warnings: ClockWarning[], code: string, message: string): void {
  warnings.push({ code, message });
}

/** The due date as it stands on an event's day (pauses assumed to run to their limits). */
function dueNow(cal: Calendar, start: IsoDate, extension: ClockResult['extension'], consultations: readonly ConsultationInfo[], fee: FeeInfo | null) {
  return dueDate(cal, start, REPLY_PERIOD_WD + (extension?.workingDays ?? 0), buildPauses(cal, consultations, fee, null).merged);
}

/** The consulted party has neither answered nor let its period run out (as of today). */
function consultationOpen(c: ConsultationInfo, today: IsoDate | null): boolean {
  return c.answered === null && (c.limit === null || today === null || today <= c.limit);
}

/** 送达 recorded after the letter (service.ts): its addressee's period starts now. */
function serveLetter(
  cal: Calendar,
  e: Extract<ClockEvent, { type: 'letter_served' }>,
  i: number,
  corrections: readonly CorrectionInfo[],
  consultations: readonly ConsultationInfo[],
  fee: FeeInfo | null,
): void {
  if (!isServiceMethod(e.method)) {
    err('service.method', `${where(e)}：送达方式「${String(e.method)}」未知，应为 ${Object.values(SERVICE_METHOD_LABELS).join('、')} 之一`, i);
  }
  if (!(e.letter in SERVED_LETTER_LABELS)) err('service.letter', `${where(e)}：文书「${String(e.letter)}」未知，应为 correction、consultation 或 fee`, i);
  const letter = e.letter as ServedLetter;
  const on = servedOn(e.method, e.date);
  const target =
    letter === 'correction'
      ? corrections.findLast((c) => c.served === null)
      : letter === 'consultation'
        ? consultations.find((c) => c.served === null && (e.ref === undefined || c.ref === e.ref))
        : fee && fee.served === null
          ? fee
          : undefined;
  if (!target) err('service.none_pending', `${where(e)}：没有待送达的${SERVED_LETTER_LABELS[letter]}`, i);
  const sent = 'requested' in target ? target.requested : target.sent;
  if (on < sent) err('service.before_sending', `${where(e)}：送达日期${on}早于发出日期${sent}`, i);
  target.served = on;
  target.serviceMethod = e.method;
  if ('requested' in target) target.deadline = correctionDeadline(cal, on, { deadline: target.deadlineSet, periodWorkingDays: target.periodWorkingDays });
  else if ('party' in target) target.limit = consultationLimit(cal, on);
  else target.payBy = feePayBy(cal, on);
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
  let deferral: ClockResult['deferral'] = null;
  let decision: ClockResult['decision'] = null;
  let delivered: IsoDate | null = null;
  let withdrawn: IsoDate | null = null;
  const warnings: ClockWarning[] = [];

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
    if (decision !== null && e.type !== 'letter_served') {
      err('event.after_decision', `${where(e)}：申请已于${decision.date}作出答复，不能再记录「${label}」`, i);
    }
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
        warn(warnings, 'receipt.confirmation_late', `平常信函应于收到当日与申请人确认（第三十一条第二项），本件${submitted}收到、${e.date}才确认`);
      }
      continue;
    }
    if (receipt === null || periodStart === null) {
      err('event.before_receipt', `${where(e)}：申请尚未确认收到（第三十一条），不能记录「${label}」`, i);
    }
    const open = effectiveOpen(corrections);
    switch (e.type) {
      case 'correction_requested': {
        // 第三十条: 自收到申请之日起7个工作日内一次性告知 (timed by the sending day, policies.ts).
        const noticeDue = cal.addWorkingDays(receipt, CORRECTION_NOTICE_WD);
        let periodWorkingDays: number | null = null;
        if (e.deadline !== undefined) {
          if (!isIsoDate(e.deadline)) err('correction.bad_deadline', `${where(e)}：补正期限「${String(e.deadline)}」不是真实日期`, i);
          if (e.deadline <= e.date) err('correction.bad_deadline', `${where(e)}：补正期限${e.deadline}应晚于通知日期`, i);
        } else {
          const n = e.periodWorkingDays ?? DEFAULT_CORRECTION_PERIOD_WD;
          if (!Number.isInteger(n) || n < 1) err('correction.bad_period', `${where(e)}：补正期限「${n}」个工作日无效，应为正整数`, i);
          periodWorkingDays = n;
        }
        const svc = initialService(e, i, where(e));
        const second = corrections.length > 0;
        const noticeLate = e.date > noticeDue;
        const effective = !(ONE_CORRECTION_NOTICE && (second || noticeLate));
        if (second) {
          warn(warnings, 'correction.second', `第三十条要求一次性告知补正，本件${e.date}再次告知补正：记录在案，但不中止、也不重新计算答复期限`);
        } else if (noticeLate) {
          warn(warnings, 'correction.late_notice', `补正通知应于${noticeDue}前发出（第三十条：7个工作日内），实际${e.date}发出：记录在案，但不中止、也不重新计算答复期限`);
        }
        const c: CorrectionInfo = {
          requested: e.date,
          ...svc,
          noticeDue,
          noticeLate,
          effective,
          ...(effective ? {} : { ineffective: second ? ('second' as const) : ('late' as const) }),
          periodWorkingDays,
          ...(e.deadline !== undefined ? { deadlineSet: e.deadline } : {}),
          deadline: null,
          received: null,
          receivedLate: false,
        };
        c.deadline = correctionDeadline(cal, c.served, { deadline: e.deadline, periodWorkingDays });
        corrections.push(c);
        break;
      }
      case 'correction_received': {
        const waiting = corrections.filter((c) => c.received === null);
        if (!waiting.length) err('correction.none_open', `${where(e)}：没有待补正的通知`, i);
        for (const c of waiting) {
          c.received = e.date;
          c.receivedLate = c.deadline !== null && e.date > c.deadline;
        }
        if (open) {
          if (open.receivedLate) warn(warnings, 'correction.received_late', `补正期限${open.deadline}已过，${e.date}才收到补正`);
          periodStart = e.date;
          restarts.push({ date: e.date, reason: '收到补正后的申请，答复期限自该日重新计算（第三十条）' });
        }
        break;
      }
      case 'consultation_sent': {
        if (e.party !== 'third_party' && e.party !== 'agency') {
          err('consultation.party', `${where(e)}：征求意见对象应为 third_party（第三方）或 agency（其他机关）`, i);
        }
        if (e.ref !== undefined && consultations.some((c) => c.ref === e.ref && c.answered === null)) {
          err('consultation.ref_twice', `${where(e)}：编号为「${e.ref}」的征求意见尚未答复`, i);
        }
        const svc = initialService(e, i, where(e));
        consultations.push({
          party: e.party,
          ...(e.ref !== undefined ? { ref: e.ref } : {}),
          sent: e.date,
          ...svc,
          limit: consultationLimit(cal, svc.served),
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
        if (fee && fee.paid === null) err('fee.open', `${where(e)}：${fee.sent}的收费通知尚未缴费`, i);
        if (e.amount !== undefined && e.computedAmount !== undefined) {
          const check = checkFeeAmount({ amount: e.amount, computed: e.computedAmount, overrideReason: e.overrideReason });
          if (!check.ok) err(check.code, `${where(e)}：${check.message}`, i);
          if (check.overridden) warn(warnings, 'fee.amount_override', `收费数额${e.amount}元不同于计算的${e.computedAmount}元，理由：${e.overrideReason!.trim()}`);
        }
        const svc = initialService(e, i, where(e));
        fee = {
          sent: e.date,
          ...svc,
          ...(e.amount !== undefined ? { amount: e.amount } : {}),
          ...(e.computedAmount !== undefined ? { computedAmount: e.computedAmount } : {}),
          ...(e.overrideReason !== undefined ? { overrideReason: e.overrideReason } : {}),
          payBy: feePayBy(cal, svc.served),
          paid: null,
          paidLate: false,
        };
        break;
      }
      case 'fee_paid': {
        if (!fee || fee.paid !== null) err('fee.none_open', `${where(e)}：没有待缴费的收费通知`, i);
        fee.paid = e.date;
        fee.paidLate = fee.payBy !== null && e.date > fee.payBy;
        if (fee.paidLate) warn(warnings, 'fee.paid_late', `缴费期限${fee.payBy}已过（收到收费通知次日起20个工作日），${e.date}才缴费`);
        break;
      }
      case 'letter_served':
        // A notice opens no period (NOTICE_LETTERS, service.ts: 第三十一条, 第三十三条, 第三十五条): its
        // service moves no date; the case checks it against its letter (letter-service.ts).
        if (isNoticeLetter(e.letter)) break;
        serveLetter(cal, e, i, corrections, consultations, fee);
        break;
      case 'extension_approved': {
        if (extension) {
          err('extension.twice', `${where(e)}：答复期限只能延长一次（第三十三条第二款），已于${extension.approved}延长`, i);
        }
        if (deferral) err('extension.after_deferral', `${where(e)}：已于${deferral.date}确定延迟答复期限（第三十五条），不再延长`, i);
        if (!Number.isInteger(e.workingDays) || e.workingDays < 1 || e.workingDays > MAX_EXTENSION_WD) {
          err('extension.too_long', `${where(e)}：延长的期限应为1至${MAX_EXTENSION_WD}个工作日（第三十三条第二款），不能是「${e.workingDays}」`, i);
        }
        if (open) err('extension.awaiting_correction', `${where(e)}：申请正在等待补正，答复期限尚未起算，不能延长`, i);
        const due = dueNow(cal, periodStart, extension, consultations, fee);
        if (due && e.date > due.date) {
          err('extension.late', `${where(e)}：延长答复期限须在期限届满（${due.date}）前经负责人同意，${e.date}已逾期`, i);
        }
        extension = { approved: e.date, workingDays: e.workingDays, ...(e.approvedBy ? { approvedBy: e.approvedBy } : {}) };
        break;
      }
      case 'reply_deferred': {
        if (deferral) err('deferral.twice', `${where(e)}：已于${deferral.date}确定延迟答复期限`, i);
        if (!e.reason?.trim()) err('deferral.reason', `${where(e)}：请写明申请数量、频次明显超过合理范围的情况（第三十五条）`, i);
        if (!isIsoDate(e.explanationRequested) || e.explanationRequested > e.date || e.explanationRequested < receipt) {
          err('deferral.no_explanation_request', `${where(e)}：确定延迟答复前应先要求申请人说明理由（第三十五条），请填写要求说明理由的日期（收到申请之后、本日之前）`, i);
        }
        if (!isIsoDate(e.until)) err('deferral.bad_date', `${where(e)}：延迟答复期限「${String(e.until)}」不是真实日期`, i);
        if (open) err('deferral.awaiting_correction', `${where(e)}：申请正在等待补正，答复期限尚未起算`, i);
        cal.assertKnown(e.date, e.until);
        if (!cal.isWorkday(e.until)) err('deferral.not_workday', `${where(e)}：延迟答复期限${e.until}不是工作日`, i);
        const due = dueNow(cal, periodStart, extension, consultations, fee);
        if (due && e.date > due.date) {
          err('deferral.late', `${where(e)}：延迟答复须在答复期限（${due.date}）届满前确定并告知申请人（第三十五条），${e.date}已逾期`, i);
        }
        if (due && e.until <= due.date) {
          err('deferral.not_later', `${where(e)}：延迟答复期限${e.until}应晚于第三十三条规定的期限${due.date}（第三十五条）`, i);
        }
        deferral = { date: e.date, until: e.until, reason: e.reason.trim() };
        break;
      }
      case 'decided':
        checkDecision(e, i, open, corrections, consultations, fee);
        decision = { date: e.date, outcome: e.outcome, late: false, onTheSpot: e.date === receipt };
        break;
    }
  }

  // Final figures.
  const open = effectiveOpen(corrections);
  const ext = extension?.workingDays ?? 0;
  const total = REPLY_PERIOD_WD + ext;
  const { merged, pauses } = periodStart ? buildPauses(cal, consultations, fee, today) : { merged: [], pauses: [] };
  const lapsedOutcome = decision !== null && (decision.outcome === 'other.correction_lapsed' || decision.outcome === 'other.fee_lapsed');
  const clockRuns = periodStart !== null && !open && !lapsedOutcome && !(withdrawn && receipt === null);
  let due = clockRuns ? dueDate(cal, periodStart!, total, merged) : null;
  // 第三十五条: the reasonable later date the agency set replaces the period of 第三十三条.
  if (due && deferral && deferral.until > due.date) due = { date: deferral.until, excluded: due.excluded };
  if (due) cal.assertKnown(periodStart!, due.date);
  const feeOpen = fee !== null && fee.paid === null;

  let state: ClockState;
  if (withdrawn) state = 'withdrawn';
  else if (decision) state = lapsedOutcome ? 'closed_lapsed' : delivered ? 'delivered' : 'decided';
  else if (receipt === null) state = 'awaiting_confirmation';
  else if (open) state = 'awaiting_correction';
  else if (feeOpen) state = 'awaiting_fee';
  else if (consultations.some((c) => consultationOpen(c, today))) state = 'consulting';
  else state = 'in_progress';

  const awaitingService: AwaitingService[] = [];
  if (!decision && !withdrawn) {
    for (const c of corrections) if (c.served === null && c.received === null) awaitingService.push({ letter: 'correction', sent: c.requested });
    for (const c of consultations) {
      if (c.served === null && c.answered === null) awaitingService.push({ letter: 'consultation', sent: c.sent, ...(c.ref !== undefined ? { ref: c.ref } : {}) });
    }
    if (fee && fee.served === null && fee.paid === null) awaitingService.push({ letter: 'fee', sent: fee.sent });
    for (const a of awaitingService) {
      warn(warnings, 'service.pending', `${a.sent}发出的${SERVED_LETTER_LABELS[a.letter]}${a.ref ? `（${a.ref}）` : ''}尚待送达：期限自收到之日起计算，送达后方能确定`);
    }
  }

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
  if (today && state === 'awaiting_correction' && open?.deadline && today > open.deadline) closableAs = 'other.correction_lapsed';
  if (today && state === 'awaiting_fee' && fee?.payBy && today > fee.payBy) closableAs = 'other.fee_lapsed';

  // 第三十条: 自收到申请之日起7个工作日内.
  const correctionNoticeDue = receipt ? cal.addWorkingDays(receipt, CORRECTION_NOTICE_WD) : null;
  const provisional =
    due !== null &&
    due.date !== deferral?.until &&
    (consultations.some((c) => c.answered === null && (today === null || c.limit === null || today <= c.limit)) ||
      (FEE_WAIT_EXCLUDED_FROM_DEADLINE && feeOpen && (today === null || fee!.payBy === null || today <= fee!.payBy)));

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
    deferral,
    restarts,
    awaitingService,
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
