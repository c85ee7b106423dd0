/**
 * Every handling step of an application (第三十条 补正, 第三十二条/第三十四条 征求意见, 第四十二条 收费,
 * 第三十三条第二款 延期, the decision of 第三十六条/第三十七条 and its approval, 送达, 撤回, 一事一申请):
 * one use case. Each step: the policy decides who may (policies.ts), the domain decides whether the
 * case admits it (checkCaseEvent: procedural rules + the clock), then ONE transaction appends the
 * event(s) by the named user, issues the letter the step needs, and records the audit entry. A user
 * error is a Chinese 4xx and nothing is written.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { appendEvents, loadRecorded, nextApplicationNumber } from '../../db/applications.ts';
import { recordAudit } from '../../db/audit.ts';
import { applications, staffRoles, users } from '../../db/schema.ts';
import { checkCaseEvent, deriveCase, isClockEvent, isPending, type CaseEvent, type CaseStep, type DecisionDetails } from '../../domain/applications/index.ts';
import { outcomeLeaf, type OutcomeCode } from '../../domain/taxonomy/index.ts';
import type { LetterData } from '../../domain/letters/index.ts';
import { AppError } from '../errors.ts';
import type { Action, Actor } from '../policies.ts';
import { assertCan, loadCase, type LoadedCase } from './case.ts';
import { storeAttachment, issueReceipt } from './intake.ts';
import { baseLetterData, issueLetter, letterAgency } from './letters.ts';
import type { StepInput } from './schemas.ts';

/** The policy action each step needs. */
export function stepAction(step: CaseStep, actor: Actor | null): Action {
  switch (step) {
    case 'confirm':
      return 'application.confirm';
    case 'extension_decide':
    case 'decision_review':
      return 'application.approve';
    case 'deliver':
      return 'application.deliver';
    case 'withdraw':
      return actor?.kind === 'applicant' ? 'application.withdraw_own' : 'application.handle';
    default:
      return 'application.handle';
  }
}

export interface StepResult {
  applicationId: number;
  /** Ids of applications created by a split. */
  created?: number[];
  letters: number[];
}

async function actorName(db: DbOrTx, userId: number): Promise<string> {
  const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return u?.name ?? '';
}

/** Performs one step on application `id` as `actor`. */
export async function performStep(db: Db, actor: Actor, id: number, input: StepInput, ip?: string): Promise<StepResult> {
  const c = await loadCase(db, id, false);
  assertCan(actor, stepAction(input.step as CaseStep, actor), c);
  const date = input.date ?? c.today;
  if (date > c.today) throw new AppError(400, 'date_future', '日期不能晚于今天');
  const name = await actorName(db, actor.userId);
  // Events are read in date order: a step may not be dated before the last step already recorded.
  const last = c.recorded.filter((r) => isClockEvent(r.event)).map((r) => r.event.date).sort().at(-1);
  if (last && date < last && input.step !== 'disclose_file' && input.step !== 'assign') throw new AppError(409, 'date_before_last', `日期${date}早于上一个办理环节（${last}），请核对日期`);

  // The events of the step (checked before anything is written).
  const events: CaseEvent[] = [];
  switch (input.step) {
    case 'confirm':
      events.push({ type: 'receipt_confirmed', date });
      break;
    case 'assign': {
      const handlerUserId = input.handlerUserId ?? actor.userId;
      const roles = await db.select().from(staffRoles).where(eq(staffRoles.userId, handlerUserId));
      if (!roles.some((r) => r.agencyId === c.app.agencyId && r.role === 'handler')) {
        throw new AppError(400, 'handler_invalid', '只能指定本机关的承办人');
      }
      events.push({ type: 'assigned', date, handlerUserId, handlerName: await actorName(db, handlerUserId) });
      break;
    }
    case 'correction_request':
      events.push({ type: 'correction_requested', date, periodWorkingDays: input.periodWorkingDays, items: input.items });
      break;
    case 'correction_receive':
      events.push({ type: 'correction_received', date });
      break;
    case 'consultation_send':
      events.push({ type: 'consultation_sent', date, party: input.party, ref: input.consultee, consultee: input.consultee, reason: input.reason });
      break;
    case 'consultation_answer': {
      const open = c.view.clock?.consultations.filter((x) => x.answered === null) ?? [];
      const ref = input.consultee ?? open[0]?.ref;
      events.push({ type: 'consultation_answered', date, ...(ref ? { ref } : {}), opinion: input.opinion, note: input.note });
      break;
    }
    case 'fee_notice':
      events.push({ type: 'fee_notice_sent', date, amount: input.amountYuan, method: input.method, standard: input.standard, payment: input.payment });
      break;
    case 'fee_paid':
      events.push({ type: 'fee_paid', date });
      break;
    case 'extension_request':
      events.push({ type: 'extension_requested', date, workingDays: input.workingDays, reason: input.reason });
      break;
    case 'extension_decide': {
      const p = c.view.pendingExtension;
      if (input.approve) events.push({ type: 'extension_approved', date, workingDays: p?.workingDays ?? 0, approvedBy: name });
      else events.push({ type: 'extension_refused', date, ...(input.reason ? { reason: input.reason } : {}) });
      break;
    }
    case 'decision_propose':
      events.push({ type: 'decision_proposed', date, outcome: input.outcome as OutcomeCode, details: input.details as DecisionDetails });
      break;
    case 'decision_review': {
      const p = c.view.pendingDecision;
      if (!p) throw new AppError(409, 'decision.none_pending', '没有等待审批的答复意见');
      if (input.approve) events.push({ type: 'decided', date, outcome: p.outcome, details: p.details });
      else {
        if (!input.reason) throw new AppError(400, 'decision.return_reason', '请写明退回的理由');
        events.push({ type: 'decision_returned', date, reason: input.reason });
      }
      break;
    }
    case 'deliver':
      events.push({ type: 'delivered', date, method: input.method });
      break;
    case 'withdraw':
      events.push({ type: 'withdrawn', date });
      break;
    case 'split':
      events.push({ type: 'split', date, into: input.parts.map(() => '') });
      break;
    case 'disclose_file':
      events.push({ type: 'file_disclosed', date, attachmentId: 0, filename: input.file.filename });
      break;
  }
  let probe = c.recorded;
  for (const e of events) {
    const r = checkCaseEvent(probe, e, actor.userId, { calendar: c.calendar, today: c.today });
    if (!r.ok) throw new AppError(409, r.code, r.message);
    probe = [...probe, { seq: probe.length + 1, event: e, actorUserId: actor.userId }];
  }

  return db.transaction(async (tx) => {
    const result: StepResult = { applicationId: id, letters: [] };
    if (input.step === 'split') {
      // Lock order application → agency, as every other step (appendEvents, then the letter's 文号).
      await tx.execute(sql`select id from applications where id = ${id} for update`);
      result.created = await split(tx, c, input.parts, date, actor.userId);
      const numbers = await tx.select({ id: applications.id, number: applications.number }).from(applications);
      const into = result.created.map((cid) => numbers.find((n) => n.id === cid)!.number);
      await appendEvents(tx, id, [{ type: 'split', date, into }], actor.userId);
    } else if (input.step === 'disclose_file') {
      const attachmentId = await storeAttachment(tx, 'application_disclosed', id, input.file, actor.userId);
      await appendEvents(tx, id, [{ type: 'file_disclosed', date, attachmentId, filename: input.file.filename }], actor.userId);
    } else {
      await appendEvents(tx, id, events, actor.userId);
    }
    result.letters = await lettersForStep(tx, c, input, date, actor.userId);
    await recordAudit(tx, { actorUserId: actor.userId, action: `application.${input.step}`, entity: 'application', entityId: id, detail: { number: c.app.number }, ip });
    return result;
  });
}

/** The letters a step needs, from the case as it is after the step. */
async function lettersForStep(tx: DbOrTx, before: LoadedCase, input: StepInput, date: string, userId: number): Promise<number[]> {
  const recorded = await loadRecorded(tx, before.app.id);
  const view = deriveCase(recorded, { calendar: before.calendar, today: before.today, explain: false });
  const clock = view.clock;
  if (!clock) return [];
  const app = before.app;
  const agency = await letterAgency(tx, app.agencyId);
  const receipt = clock.receiptDate ?? date;
  const base = () => baseLetterData(app, agency, date, receipt);
  const ids: number[] = [];
  const issue = async (kind: Parameters<typeof issueLetter>[2], data: Omit<LetterData, 'number'>) => {
    ids.push((await issueLetter(tx, app, kind, data, userId)).row.id);
  };
  switch (input.step) {
    case 'confirm':
      await issueReceipt(tx, app, receipt, clock.dueDate, userId);
      break;
    case 'correction_request': {
      const last = clock.corrections[clock.corrections.length - 1];
      // A deadline in a calendar year not yet entered is left out of the letter (the period is stated in working days).
      const deadlinePending = isPending(view.pending, `corrections.${clock.corrections.length - 1}.deadline`);
      await issue('correction', { ...base(), correctionItems: input.items, correctionPeriodDays: input.periodWorkingDays, ...(deadlinePending || !last.deadline ? {} : { correctionDeadline: last.deadline }) });
      break;
    }
    case 'consultation_send': {
      const info = clock.consultations[clock.consultations.length - 1];
      await issue(input.party === 'agency' ? 'consultation_agency' : 'consultation_third_party', {
        ...base(),
        consultee: { name: input.consultee },
        ...(isPending(view.pending, `consultations.${clock.consultations.length - 1}.limit`) || !info.limit ? {} : { consultationDeadline: info.limit }),
      });
      await issue('consultation_notice', {
        ...base(),
        consultation: input.party,
        consultationDate: date,
        ...(input.reason ? { consultationReason: input.reason } : {}),
      });
      break;
    }
    case 'fee_notice':
      await issue('fee_notice', {
        ...base(),
        fee: { amountYuan: input.amountYuan, method: input.method, standard: input.standard, payment: input.payment, paymentDeadline: isPending(view.pending, 'fee.payBy') ? undefined : (clock.fee?.payBy ?? undefined) },
      });
      break;
    case 'extension_decide':
      if (input.approve && view.approvedExtension && clock.dueDate) {
        await issue('extension', {
          ...base(),
          extensionReason: view.approvedExtension.reason,
          extensionDays: view.approvedExtension.workingDays,
          newDueDate: clock.dueDate,
        });
      }
      break;
    case 'decision_review':
      if (input.approve && view.decision) await issue(outcomeLeaf(view.decision.outcome).letterKind, decisionLetterData(base(), view.decision, clock, view));
      break;
    default:
      break;
  }
  return ids;
}

function decisionLetterData(
  base: Omit<LetterData, 'number'>,
  decision: NonNullable<ReturnType<typeof deriveCase>['decision']>,
  clock: NonNullable<ReturnType<typeof deriveCase>['clock']>,
  view: ReturnType<typeof deriveCase>,
): Omit<LetterData, 'number'> {
  const d = decision.details;
  const lastCorrection = clock.corrections[clock.corrections.length - 1];
  const thirdParty = view.consultations.some((x) => x.party === 'third_party');
  const out: Omit<LetterData, 'number'> = {
    ...base,
    outcome: decision.outcome,
    ...(d as Partial<LetterData>),
    ...(lastCorrection ? { correctionNoticeDate: lastCorrection.requested } : {}),
    ...(lastCorrection?.received ? { correctionReceivedDate: lastCorrection.received } : {}),
    ...(clock.fee ? { feeNoticeDate: clock.fee.sent } : {}),
  };
  if (decision.outcome === 'withheld.third_party' && d.thirdPartyConsulted === undefined) out.thirdPartyConsulted = thirdParty;
  if (decision.outcome === 'public' && !d.variant) out.variant = 'provided';
  if (decision.outcome === 'unavailable.not_held' && !d.variant) out.variant = 'not_exist';
  return out;
}

/** 一事一申请: new applications, one per part, with the parent's applicant, channel and receipt. */
async function split(tx: DbOrTx, c: LoadedCase, parts: Array<{ subject: string; description?: string }>, date: string, userId: number): Promise<number[]> {
  const created: number[] = [];
  const inherited = c.recorded.map((r) => r.event).filter((e) => e.type === 'submitted' || e.type === 'receipt_confirmed' || e.type === 'correction_requested' || e.type === 'correction_received');
  const year = Number(c.today.slice(0, 4));
  for (const part of parts) {
    const number = await nextApplicationNumber(tx, c.app.agencyId, year);
    const { id: _id, number: _n, createdAt: _c, ...rest } = c.app;
    const [child] = await tx
      .insert(applications)
      .values({ ...rest, number, subject: part.subject, description: part.description ?? null, parentApplicationId: c.app.id, createdBy: userId })
      .returning();
    await appendEvents(tx, child.id, [...inherited, { type: 'split_from', date, parentNumber: c.app.number }], userId);
    created.push(child.id);
  }
  return created;
}
