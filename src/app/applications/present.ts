/**
 * API output of a case: what the applicant and staff see (the applicant sees only his or her own,
 * through the applicant's projection: applicant.ts, nothing internal).
 */
import { CHANNEL_LABELS, outcomeLeaf, type Channel, type OutcomeCode } from '../../domain/taxonomy/index.ts';
import { LETTER_KIND_LABELS, type ReplyLetterKind } from '../../domain/letters/index.ts';
import { can, type Actor } from '../policies.ts';
import type { LoadedCase } from './case.ts';
import { CASE_STEP_LABELS, STEPS, stepAction, type CaseStep } from '../steps/index.ts';
import { timelineOf } from './timeline.ts';
import type { LetterRow } from '../../db/applications.ts';
import { APPLICANT_LETTER_KINDS, letterServiceText } from '../../domain/applications/index.ts';
import { applicantCase } from './applicant.ts';

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

/** Only the letters addressed to the applicant are the applicant's (the allow-list of the applicant's projection). */
export function visibleLetters(rows: LetterRow[], staff: boolean): LetterRow[] {
  return staff ? rows : rows.filter((r) => APPLICANT_LETTER_KINDS.has(r.kind));
}

export function presentCase(full: LoadedCase, actor: Actor | null, letters: LetterRow[], staff: boolean) {
  // The applicant sees the case through the applicant's projection (applicant.ts): its events, view and timeline.
  const mine = staff ? null : applicantCase(full, letters);
  const c = mine?.loaded ?? full;
  const clock = c.view.clock;
  const url = (l: { id: number }, ext: string) => `/api/applications/${c.app.id}/letters/${l.id}.${ext}`;
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
    handler: staff && c.view.handlerUserId ? { id: c.view.handlerUserId, name: c.view.handlerName } : null,
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
    timeline: mine ? mine.timeline.map((t) => ({ ...t, recordedAt: null })) : timelineOf(c.recorded),
    letters: mine
      ? mine.letters.map((l) => ({ id: l.id, kind: l.kind, label: l.label, number: l.number, date: l.date, service: { ...l.service, text: letterServiceText(l.service) }, docx: url(l, 'docx'), pdf: url(l, 'pdf') }))
      : letters.map((l) => ({ id: l.id, kind: l.kind, label: LETTER_KIND_LABELS[l.kind as ReplyLetterKind] ?? l.kind, number: l.number, date: l.letterDate, docx: url(l, 'docx'), pdf: url(l, 'pdf') })),
    files: (staff || c.view.decision ? c.view.files : []).map((f) => ({ ...f, url: `/api/applications/${c.app.id}/files/${f.attachmentId}` })),
    // The steps are offered on the case as it is (allowedSteps asks each step, for this actor).
    actions: allowedSteps(actor, full).map((s) => ({ step: s, label: CASE_STEP_LABELS[s] })),
    ...(mine ? { correction: mine.correction, fee: mine.fee ? { ...mine.fee, onlinePayment: false } : null } : {}),
  };
}
