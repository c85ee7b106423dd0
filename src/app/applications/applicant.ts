/**
 * What the applicant sees of his or her own case, through the ONE projection of the domain
 * (applicantView, src/domain/applications/applicant-view.ts): the status, due date and explanation
 * derived from the events the applicant may know, the 办理记录 without anything internal, the letters
 * addressed to the applicant with their 送达, and what the applicant has to do now — the 补正 while
 * its period runs (第三十条), the fee with its payment period (国办函〔2020〕109号). The applicant's
 * page, the API's answer to the applicant and the step route's answer all use it.
 */
import type { LetterRow } from '../../db/applications.ts';
import { applicantView, correctionWindow, type ApplicantView, type CorrectionWindow } from '../../domain/applications/index.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import type { LoadedCase } from './case.ts';

export interface ApplicantCase extends ApplicantView {
  /** The case as loaded, with the applicant's events and view in place of the full ones (for the shared page pieces). */
  loaded: LoadedCase;
  /** The 补正 awaited from the applicant: what to correct, the period, whether it can still be sent online. */
  correction: {
    requested: IsoDate;
    items: string[];
    periodWorkingDays: number | null;
    served: IsoDate | null;
    deadline: IsoDate | null;
    window: CorrectionWindow;
  } | null;
  /** The fee notice not yet paid: the amount, the payment period from its service, how to pay (offline). */
  fee: { sent: IsoDate; amount: number | null; served: IsoDate | null; payBy: IsoDate | null; payment: string | null } | null;
  /** The applicant's own 补正 sent online: the day and the files (attachment ids). */
  correctionsSent: Array<{ date: IsoDate; attachmentIds: number[] }>;
}

export function applicantCase(c: LoadedCase, letters: readonly LetterRow[]): ApplicantCase {
  const v = applicantView(
    {
      recorded: c.recorded,
      letters,
      ownerUserId: c.app.applicantUserId,
      agencyName: c.agency.name,
      channel: c.app.channel,
    },
    { calendar: c.calendar, today: c.today },
  );
  const loaded: LoadedCase = { ...c, recorded: v.recorded, view: v.view };
  const clock = v.view.clock;
  const events = v.recorded.map((r) => r.event);
  const open = clock?.state === 'awaiting_correction' ? clock.corrections.find((x) => x.effective && x.received === null) : undefined;
  let correction: ApplicantCase['correction'] = null;
  if (open) {
    const e = events.find((x) => x.type === 'correction_requested' && x.date === open.requested);
    correction = {
      requested: open.requested,
      items: e?.type === 'correction_requested' ? (e.items ?? []) : [],
      periodWorkingDays: open.periodWorkingDays,
      served: open.served,
      deadline: open.deadline,
      window: correctionWindow(v.view, c.today),
    };
  }
  const f = clock?.fee;
  let fee: ApplicantCase['fee'] = null;
  if (f && f.paid === null && !clock?.decision && !clock?.withdrawnDate) {
    const e = events.findLast((x) => x.type === 'fee_notice_sent');
    fee = { sent: f.sent, amount: f.amount ?? null, served: f.served, payBy: f.payBy, payment: e?.type === 'fee_notice_sent' ? (e.payment ?? null) : null };
  }
  const correctionsSent = events.flatMap((e) => (e.type === 'correction_received' && e.channel === 'online' ? [{ date: e.date, attachmentIds: e.attachmentIds ?? [] }] : []));
  return { ...v, loaded, correction, fee, correctionsSent };
}
