/**
 * To the applicant, at once on any day: the receipt of their application with its 申请编号
 * (第三十一条 — the date the agency received it starts the 20 working days of 第三十三条).
 * Produced by the application's `submitted` event (online, or entered by staff from a letter, in
 * person, by fax or e-mail).
 */
import type { ApplicationRow } from '../../../db/applications.ts';
import { chineseDate } from '../../../domain/calendar/index.ts';
import type { CaseEvent } from '../../../domain/applications/index.ts';
import { applicantLink, applicantRecipient } from '../cases.ts';
import type { OutgoingMessage } from '../notify.ts';
import { subscribeToCaseEvents } from '../subscriber.ts';

export function receiptMessages(app: ApplicationRow, event: CaseEvent): OutgoingMessage[] {
  if (event.type !== 'submitted') return [];
  if (!app.applicantUserId && !app.applicantEmail) return [];
  return [
    {
      key: `receipt:${app.id}`,
      kind: 'receipt',
      agencyId: app.agencyId,
      applicationId: app.id,
      vars: { 申请人: app.applicantName, 申请编号: app.number, 申请内容: app.subject, 提交日期: chineseDate(event.date) },
      link: applicantLink(app),
      recipient: applicantRecipient(app),
    },
  ];
}

subscribeToCaseEvents('notify.receipt', ['submitted'], ({ app, event }) => receiptMessages(app, event));
