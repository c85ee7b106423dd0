/** API output of a case: what the applicant and staff see (the applicant sees only his or her own). */
import { CHANNEL_LABELS, outcomeLeaf, type Channel, type OutcomeCode } from '../../domain/taxonomy/index.ts';
import { LETTER_KIND_LABELS, type ReplyLetterKind } from '../../domain/letters/index.ts';
import { can, type Actor } from '../policies.ts';
import type { LoadedCase } from './case.ts';
import { CASE_STEP_LABELS, STEPS, stepAction, type CaseStep } from '../steps/index.ts';
import { timelineOf } from './timeline.ts';
import type { LetterRow } from '../../db/applications.ts';

/** The steps the case admits now AND the actor's role allows (only those are shown or accepted). */
export function allowedSteps(actor: Actor | null, c: LoadedCase): CaseStep[] {
  if (!c.view.clock) return [];
  return STEPS.filter(
    (s) =>
      s.available(c.view) &&
      can(actor, stepAction(s.name, actor), { agencyPath: c.agencyPath, ownerUserId: c.app.applicantUserId }) &&
      (s.offeredTo?.(actor, c) ?? true),
  ).map((s) => s.name);
}

/** Procedural letters addressed to third parties / other agencies are not shown to the applicant. */
export function visibleLetters(rows: LetterRow[], staff: boolean): LetterRow[] {
  return staff ? rows : rows.filter((r) => r.kind !== 'consultation_third_party' && r.kind !== 'consultation_agency');
}

export function presentCase(c: LoadedCase, actor: Actor | null, letters: LetterRow[], staff: boolean) {
  const clock = c.view.clock;
  return {
    id: c.app.id,
    number: c.app.number,
    agency: { code: c.agency.code, name: c.agency.name },
    applicant: {
      type: c.app.applicantType,
      name: c.app.applicantName,
      idNumber: c.app.applicantIdNumber,
      creditCode: c.app.applicantCreditCode,
      phone: c.app.applicantPhone,
      email: c.app.applicantEmail,
      address: c.app.applicantAddress,
    },
    channel: c.app.channel,
    channelLabel: CHANNEL_LABELS[c.app.channel as Channel] ?? c.app.channel,
    subject: c.app.subject,
    description: c.app.description,
    provisionForm: c.app.provisionForm,
    deliveryMethod: c.app.deliveryMethod,
    state: c.view.state,
    status: c.view.statusLabel,
    submittedDate: clock?.submittedDate ?? null,
    receiptDate: clock?.receiptDate ?? null,
    dueDate: clock?.dueDate ?? null,
    /** 「待2027年节假日安排录入后确定」 when the due date waits for a calendar year (pending.ts). */
    dueDatePending: c.view.pending?.fields.includes('dueDate') ? c.view.pending.reason : null,
    pendingDates: c.view.pending,
    dueDateProvisional: clock?.dueDateProvisional ?? false,
    overdue: clock?.overdue ?? false,
    dueSoon: clock?.dueSoon ?? false,
    workingDaysLeft: clock?.workingDaysLeft ?? null,
    explanation: clock?.explanation?.lines ?? (c.view.clockError ? [c.view.clockError] : []),
    handler: c.view.handlerUserId ? { id: c.view.handlerUserId, name: c.view.handlerName } : null,
    pendingExtension: c.view.pendingExtension,
    pendingDecision: c.view.pendingDecision
      ? { ...c.view.pendingDecision, label: outcomeLeaf(c.view.pendingDecision.outcome).label }
      : null,
    decision: c.view.decision
      ? { ...c.view.decision, label: outcomeLeaf(c.view.decision.outcome as OutcomeCode).label, articles: outcomeLeaf(c.view.decision.outcome).articles }
      : null,
    deliveredDate: clock?.deliveredDate ?? null,
    splitInto: c.view.splitInto,
    splitFrom: c.view.splitFrom,
    timeline: timelineOf(c.recorded, staff),
    letters: visibleLetters(letters, staff).map((l) => ({
      id: l.id,
      kind: l.kind,
      label: LETTER_KIND_LABELS[l.kind as ReplyLetterKind] ?? l.kind,
      number: l.number,
      date: l.letterDate,
      docx: `/api/applications/${c.app.id}/letters/${l.id}.docx`,
      pdf: `/api/applications/${c.app.id}/letters/${l.id}.pdf`,
    })),
    files: (staff || c.view.decision ? c.view.files : []).map((f) => ({ ...f, url: `/api/applications/${c.app.id}/files/${f.attachmentId}` })),
    actions: allowedSteps(actor, c).map((s) => ({ step: s, label: CASE_STEP_LABELS[s] })),
  };
}
