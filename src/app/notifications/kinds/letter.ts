/**
 * To the applicant, at once on any day: every letter addressed to them (补正告知书, 延期答复告知书,
 * 收费通知书, the decision letters…), with a link to read and download it — the periods and remedies
 * these letters state run from their 送达. Produced by the `letter_issued` event. Not the 征求意见书
 * to a third party or another agency (not addressed to the applicant), and not the 申请接收回执 of an
 * application entered by staff (the receipt message, receipt.ts, already tells them at the same moment).
 */
import type { ApplicationRow } from '../../../db/applications.ts';
import { chineseDate } from '../../../domain/calendar/index.ts';
import { APPLICANT_LETTER_KINDS, type CaseEvent } from '../../../domain/applications/index.ts';
import { LETTER_KIND_LABELS } from '../../../domain/letters/index.ts';
import { applicantLink, applicantRecipient } from '../cases.ts';
import type { OutgoingMessage } from '../notify.ts';
import { subscribeToCaseEvents } from '../subscriber.ts';

export function letterMessages(app: ApplicationRow, event: CaseEvent): OutgoingMessage[] {
  if (event.type !== 'letter_issued') return [];
  // The letters addressed to the applicant: the allow-list of the applicant's view (applicant-view.ts).
  if (!APPLICANT_LETTER_KINDS.has(event.kind)) return [];
  if (event.kind === 'receipt' && app.channel !== 'online') return [];
  if (!app.applicantUserId && !app.applicantEmail) return [];
  return [
    {
      key: `letter:${event.letterId}`,
      kind: 'letter',
      agencyId: app.agencyId,
      applicationId: app.id,
      vars: {
        申请人: app.applicantName,
        申请编号: app.number,
        文书名称: LETTER_KIND_LABELS[event.kind] ?? '答复文书',
        文号: event.number,
        文书日期: chineseDate(event.date),
      },
      link: applicantLink(app),
      recipient: applicantRecipient(app),
    },
  ];
}

subscribeToCaseEvents('notify.letter', ['letter_issued'], ({ app, event }) => letterMessages(app, event));
