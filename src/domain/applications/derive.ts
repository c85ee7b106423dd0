/**
 * Everything shown about an application, derived from its events: the clock (state, receipt date,
 * due date and its explanation — 第三十条、第三十一条、第三十三条), the pending extension request and
 * drafted decision, the handler, the letters and files, the split links; and the steps the case
 * admits now (`availableSteps`) and the check of one more event (`checkCaseEvent`). Pure.
 */
import { CalendarError, DateInputError, defaultCalendar, type Calendar, type IsoDate } from '../calendar/index.ts';
import { ClockError, MAX_EXTENSION_WD, SERVICE_METHOD_LABELS, servedOn, type ClockResult, type ClockState, type ConsultationInfo, type ServiceMethod } from '../clock/index.ts';
import { isOutcomeCode, outcomeLeaf, type OutcomeCode } from '../taxonomy/index.ts';
import { CASE_EVENT_LABELS, clockEvents, isClockEvent, type CaseEvent, type DecisionDetails, type RecordedEvent } from './events.ts';
import { isPending, lenientClock, type PendingDates } from './pending.ts';
import { checkExplanationEvent, explanationLines, explanationOf, type ExplanationState } from './excessive.ts';
import { checkNoticeService } from './letter-service.ts';

export interface PendingExtension {
  seq: number;
  date: IsoDate;
  workingDays: number;
  reason: string;
  requestedBy: number | null;
}
export interface PendingDecision {
  seq: number;
  date: IsoDate;
  outcome: OutcomeCode;
  details: DecisionDetails;
  proposedBy: number | null;
}

export interface CaseView {
  clock: ClockResult | null;
  /** Why the clock could not be computed at all (an invalid event sequence), in Chinese. */
  clockError: string | null;
  /**
   * The dates that wait for a calendar year not yet entered (「待2027年节假日安排录入后确定」): the
   * clock is then computed for the state and the order rules, its pending dates are null (pending.ts).
   */
  pending: PendingDates | null;
  state: ClockState | 'unknown';
  /** The status shown to staff and applicant, e.g. 「办理中（延期待审批）」. */
  statusLabel: string;
  handlerUserId: number | null;
  handlerName: string | null;
  pendingExtension: PendingExtension | null;
  pendingDecision: PendingDecision | null;
  /** The approved decision and the details its letter is made from. */
  decision: { date: IsoDate; outcome: OutcomeCode; details: DecisionDetails } | null;
  /** The extension request that was approved (its reason goes into the 延期答复告知书). */
  approvedExtension: { date: IsoDate; workingDays: number; reason: string } | null;
  /**
   * The letters issued; `service`: a notice's 登记送达 (the day it counts as served and how;
   * letter-service.ts — the other letters' service is the clock's or the delivery's).
   */
  letters: Array<{ letterId: number; kind: string; number: string; date: IsoDate; service?: { served: IsoDate; method: ServiceMethod } }>;
  files: Array<{ attachmentId: number; filename: string; date: IsoDate }>;
  consultations: Array<{ date: IsoDate; party: 'third_party' | 'agency'; ref?: string; consultee?: string }>;
  splitInto: string[];
  splitFrom: string | null;
  /** 第三十五条: the request for reasons and its judgment (excessive.ts), or null. */
  explanation: ExplanationState | null;
}

export interface DeriveOptions {
  calendar?: Calendar;
  today?: IsoDate;
  explain?: boolean;
}

/**
 * The clock, with the dates that wait for a missing calendar year marked pending (pending.ts), or
 * the Chinese reason it cannot be computed (never throws for data the user entered).
 */
export function safeClock(
  events: readonly CaseEvent[],
  options: DeriveOptions = {},
): { clock: ClockResult | null; error: string | null; pending: PendingDates | null } {
  try {
    const r = lenientClock(clockEvents(events), { ...options, calendar: options.calendar ?? defaultCalendar });
    return { clock: r.clock, error: null, pending: r.pending };
  } catch (e) {
    if (e instanceof ClockError || e instanceof CalendarError || e instanceof DateInputError) return { clock: null, error: e.message, pending: null };
    throw e;
  }
}

export function deriveCase(recorded: readonly RecordedEvent[], options: DeriveOptions = {}): CaseView {
  const events = recorded.map((r) => r.event);
  const { clock, error, pending: pendingDates } = safeClock(events, options);
  let handlerUserId: number | null = null;
  let handlerName: string | null = null;
  let pendingExtension: PendingExtension | null = null;
  let pendingDecision: PendingDecision | null = null;
  let decision: CaseView['decision'] = null;
  let approvedExtension: CaseView['approvedExtension'] = null;
  const letters: CaseView['letters'] = [];
  const files: CaseView['files'] = [];
  const consultations: CaseView['consultations'] = [];
  const splitInto: string[] = [];
  let splitFrom: string | null = null;
  for (const r of recorded) {
    const e = r.event;
    switch (e.type) {
      case 'assigned':
        handlerUserId = e.handlerUserId;
        handlerName = e.handlerName ?? null;
        break;
      case 'extension_requested':
        pendingExtension = { seq: r.seq, date: e.date, workingDays: e.workingDays, reason: e.reason, requestedBy: r.actorUserId };
        break;
      case 'extension_refused':
        pendingExtension = null;
        break;
      case 'extension_approved':
        approvedExtension = { date: e.date, workingDays: e.workingDays, reason: pendingExtension?.reason ?? '' };
        pendingExtension = null;
        break;
      case 'decision_proposed':
        pendingDecision = { seq: r.seq, date: e.date, outcome: e.outcome, details: e.details ?? {}, proposedBy: r.actorUserId };
        break;
      case 'decision_returned':
        pendingDecision = null;
        break;
      case 'decided': {
        const details = e.details ?? pendingDecision?.details ?? {};
        decision = { date: e.date, outcome: e.outcome, details };
        pendingDecision = null;
        break;
      }
      case 'letter_issued':
        letters.push({ letterId: e.letterId, kind: e.kind, number: e.number, date: e.date });
        break;
      case 'letter_served': {
        const l = e.letterId === undefined ? undefined : letters.find((x) => x.letterId === e.letterId);
        if (l && !l.service) l.service = { served: servedOn(e.method, e.date), method: e.method };
        break;
      }
      case 'file_disclosed':
        files.push({ attachmentId: e.attachmentId, filename: e.filename, date: e.date });
        break;
      case 'consultation_sent':
        consultations.push({
          date: e.date,
          party: e.party,
          ...(e.ref ? { ref: e.ref } : {}),
          ...(e.consultee ? { consultee: e.consultee } : {}),
        });
        break;
      case 'split':
        splitInto.push(...e.into);
        break;
      case 'split_from':
        splitFrom = e.parentNumber;
        break;
      default:
        break;
    }
  }
  const state: CaseView['state'] = clock?.state ?? 'unknown';
  let statusLabel = clock?.stateLabel ?? '无法计算期限';
  if (splitInto.length && !decision) statusLabel = '已拆分办理';
  const pending = [pendingExtension ? '延期待审批' : '', pendingDecision ? '答复待审批' : ''].filter(Boolean);
  if (pending.length && clock && !clock.decision && !clock.withdrawnDate) statusLabel += `（${pending.join('、')}）`;
  const explanation = explanationOf(events);
  if (clock?.explanation && explanation) {
    // In date order: before the deferral's own line and the day-by-day count.
    const lines = clock.explanation.lines;
    const at = lines.findIndex((l) => /第三十五条|^不计入的休息日|^计入的|^答复期限届满日|^截至|作出答复/.test(l));
    lines.splice(at < 0 ? lines.length : at, 0, ...explanationLines(explanation));
  }
  return {
    clock,
    clockError: error,
    pending: pendingDates,
    state,
    statusLabel,
    handlerUserId,
    handlerName,
    pendingExtension,
    pendingDecision,
    decision,
    approvedExtension,
    letters,
    files,
    consultations,
    splitInto,
    splitFrom,
    explanation,
  };
}

/*
 * The states a step's availability is made of (src/app/steps: each step says which it needs).
 */

/** Not decided, not withdrawn, not split into others: the case can still move. */
export function isOpen(view: CaseView): boolean {
  const c = view.clock;
  return !!c && !c.decision && !c.withdrawnDate && view.splitInto.length === 0;
}

/** The application was received (第三十一条): the clock has a receipt date. */
export function isReceived(view: CaseView): boolean {
  return view.clock?.receiptDate != null;
}

/** Open, received, and being handled (not waiting for confirmation or for the applicant's 补正). */
export function isActive(view: CaseView): boolean {
  const s = view.clock?.state;
  return isOpen(view) && isReceived(view) && (s === 'in_progress' || s === 'consulting' || s === 'awaiting_fee');
}

/** The consultations (第三十二条, 第三十四条) still waiting for an answer. */
export function openConsultations(view: CaseView): ConsultationInfo[] {
  return (view.clock?.consultations ?? []).filter((x) => x.answered === null);
}

/** A fee notice was served and is not yet paid. */
export function feeUnpaid(view: CaseView): boolean {
  const f = view.clock?.fee;
  return !!f && f.paid === null;
}

/** Decided and not yet delivered (送达), nor withdrawn. */
export function awaitingDelivery(view: CaseView): boolean {
  const c = view.clock;
  return !!c && !!c.decision && !c.deliveredDate && !c.withdrawnDate;
}

export type CheckResult = { ok: true } | { ok: false; code: string; message: string };

const fail = (code: string, message: string): CheckResult => ({ ok: false, code, message });

/**
 * Checks one more event against the case: the procedural rules here (one extension, requested by
 * the handler and decided by someone else; a decision only as the approval of a drafted outcome by
 * someone other than its drafter), then the clock's own rules (checkNewEvent). Never throws for a
 * user error.
 */
export function checkCaseEvent(
  recorded: readonly RecordedEvent[],
  event: CaseEvent,
  actorUserId: number | null,
  options: DeriveOptions = {},
): CheckResult {
  const view = deriveCase(recorded, { ...options, explain: false });
  const c = view.clock;
  const label = CASE_EVENT_LABELS[event.type] ?? event.type;
  if (!c) return fail('clock.invalid', view.clockError ?? '无法计算该申请的期限');
  if (c.withdrawnDate && event.type !== 'note') return fail('case.withdrawn', `申请已于${c.withdrawnDate}撤回，不能再「${label}」`);
  if (view.splitInto.length && !['note', 'letter_issued'].includes(event.type)) {
    return fail('case.split', `该申请已拆分为 ${view.splitInto.join('、')} 分别办理，请在拆分后的申请中操作`);
  }
  const closedTypes = ['assigned', 'extension_requested', 'extension_refused', 'decision_proposed', 'decision_returned', 'split', 'explanation_requested', 'explanation_assessed'];
  if (c.decision && closedTypes.includes(event.type)) return fail('case.decided', `申请已于${c.decision.date}作出答复，不能再「${label}」`);
  // 第三十五条's order of acts (excessive.ts).
  const refusal = checkExplanationEvent(view.explanation, c, event);
  if (refusal) return fail(refusal.code, refusal.message);
  switch (event.type) {
    case 'extension_requested':
      if (c.extension) return fail('extension.twice', `答复期限只能延长一次（第三十三条第二款），已于${c.extension.approved}延长`);
      if (view.pendingExtension) return fail('extension.pending', `已有${view.pendingExtension.date}提出的延期申请等待审批`);
      if (!Number.isInteger(event.workingDays) || event.workingDays < 1 || event.workingDays > MAX_EXTENSION_WD) {
        return fail('extension.too_long', `延长的期限应为1至${MAX_EXTENSION_WD}个工作日（第三十三条第二款）`);
      }
      if (!event.reason?.trim()) return fail('extension.reason', '请写明延长答复期限的理由');
      if (c.receiptDate === null) return fail('event.before_receipt', '申请尚未确认收到（第三十一条），不能申请延期');
      if (c.state === 'awaiting_correction') return fail('extension.awaiting_correction', '申请正在等待补正，答复期限尚未起算，不能申请延期');
      if (c.dueDate && event.date > c.dueDate) return fail('extension.late', `延长答复期限须在期限届满（${c.dueDate}）前提出`);
      return ok();
    case 'extension_approved':
    case 'extension_refused': {
      const p = view.pendingExtension;
      if (!p) return fail('extension.none_pending', '没有等待审批的延期申请');
      if (actorUserId !== null && p.requestedBy === actorUserId) {
        return fail('extension.self_approval', '延长答复期限须经政府信息公开工作机构负责人同意（第三十三条第二款），不能审批本人提出的延期申请');
      }
      if (event.type === 'extension_approved' && event.workingDays !== p.workingDays) {
        return fail('extension.mismatch', `批准的延期天数应与申请一致（${p.workingDays}个工作日）`);
      }
      break;
    }
    case 'decision_proposed':
      if (!event.outcome || !isOutcomeCode(event.outcome)) return fail('decision.outcome', '请选择办理结果（年度报告表二的21种结果之一）');
      if (view.pendingDecision) return fail('decision.pending', `已有${view.pendingDecision.date}拟定的答复意见等待审批`);
      if (c.receiptDate === null) return fail('event.before_receipt', '申请尚未确认收到（第三十一条），不能拟定答复');
      // 第三十九条第二款: 「……行政机关可以告知获取的途径」 — the letter's decision is the route.
      if (event.outcome === 'not_handled.publication' && !event.details?.access?.trim()) {
        return fail('decision.publication_route', '要求提供公开出版物的，请在「获取方式、途径」中写明获取的途径（第三十九条第二款：行政机关可以告知获取的途径）');
      }
      if (event.outcome === 'partial') {
        const d = event.details ?? {};
        if (!d.disclosedPart?.trim()) return fail('decision.partial_disclosed', '部分公开须写明提供的内容（第三十七条）');
        if (!d.withheldParts?.length) return fail('decision.partial_withheld', '部分公开须列明不予公开的内容及理由（第三十七条）');
      }
      // The lapse outcomes must already be lawful on the proposal's date (the clock checks again at approval).
      if (event.outcome === 'other.correction_lapsed' || event.outcome === 'other.fee_lapsed') {
        const probe = checkClock(recorded, { type: 'decided', date: event.date, outcome: event.outcome }, options);
        if (!probe.ok) return probe;
      }
      return ok();
    case 'decision_returned':
      if (!view.pendingDecision) return fail('decision.none_pending', '没有等待审批的答复意见');
      if (!event.reason?.trim()) return fail('decision.return_reason', '请写明退回的理由');
      return ok();
    case 'decided': {
      const p = view.pendingDecision;
      if (!p) return fail('decision.none_pending', '答复须先由承办人拟定办理结果，再由审核人审批');
      if (event.outcome !== p.outcome) return fail('decision.mismatch', `审批的办理结果应与拟办意见一致（${outcomeLeaf(p.outcome).label}）`);
      if (actorUserId !== null && p.proposedBy === actorUserId) return fail('decision.self_approval', '不能审批本人拟定的答复意见');
      break;
    }
    case 'letter_served':
      // 送达 is proved (regulation.md §6): the signed 送达回证, the postal receipt or tracking number, the
      // record of 留置 with its witnesses, the published notice. 电子送达 is proved by the system's own record.
      if (event.method !== 'electronic' && !event.proof?.trim() && event.attachmentId === undefined) {
        return fail('service.proof', `请提供${SERVICE_METHOD_LABELS[event.method] ?? '送达'}的凭证（送达回证、邮寄回执或快递单号、留置送达记录、公告）`);
      }
      {
        const refusal = checkNoticeService(view, event);
        if (refusal) return fail(refusal.code, refusal.message);
      }
      break;
    case 'split':
      if (event.into.length < 2) return fail('split.too_few', '拆分后至少应有两件申请');
      if (view.pendingDecision) return fail('split.pending_decision', '已有待审批的答复意见，不能拆分');
      return ok();
    case 'explanation_requested':
    case 'explanation_assessed':
    case 'assigned':
    case 'letter_issued':
    case 'file_disclosed':
    case 'split_from':
    case 'note':
      return ok();
    default:
      break;
  }
  if (isClockEvent(event)) return checkClock(recorded, event, options);
  return ok();
}

function ok(): CheckResult {
  return { ok: true };
}

/**
 * The clock's own rules for one more event. A calendar year not yet entered never refuses the
 * event (pending.ts): the rules are checked on the validation calendar; only a closure as
 * 「逾期不补正」/「逾期未缴费」 whose deadline is still pending waits for the year.
 */
function checkClock(recorded: readonly RecordedEvent[], event: CaseEvent, options: DeriveOptions): CheckResult {
  try {
    const { clock, pending } = lenientClock(clockEvents([...recorded.map((r) => r.event), event]), {
      ...options,
      calendar: options.calendar ?? defaultCalendar,
      explain: false,
    });
    if (pending && event.type === 'decided') {
      const lastCorrection = clock.corrections.length - 1;
      if (event.outcome === 'other.correction_lapsed' && isPending(pending, `corrections.${lastCorrection}.deadline`)) {
        return fail('calendar.pending', `补正期限${pending.reason}，届时才能判断是否逾期不补正（第三十条）：${pending.detail}`);
      }
      if (event.outcome === 'other.fee_lapsed' && isPending(pending, 'fee.payBy')) {
        return fail('calendar.pending', `缴费期限${pending.reason}，届时才能判断是否逾期未缴费：${pending.detail}`);
      }
    }
    return ok();
  } catch (e) {
    if (e instanceof ClockError || e instanceof CalendarError || e instanceof DateInputError) return fail(e.code, e.message);
    throw e;
  }
}
