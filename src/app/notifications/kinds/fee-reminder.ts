/**
 * To the applicant, on a working morning: a reminder from three working days before the payment
 * period of a 收费通知 ends (国办函〔2020〕109号: an applicant who does not pay in time is deemed to have
 * given the application up). Once per period, like the 补正 reminder.
 */
import type { DbOrTx } from '../../../db/index.ts';
import type { Calendar, IsoDate } from '../../../domain/calendar/index.ts';
import { chineseDate } from '../../../domain/calendar/index.ts';
import { remindToday } from '../../../domain/notifications/index.ts';
import { applicantLink, applicantRecipient, openCases } from '../cases.ts';
import type { OutgoingMessage } from '../notify.ts';

export async function feeReminderMessages(db: DbOrTx, today: IsoDate, calendar: Calendar): Promise<OutgoingMessage[]> {
  const cases = await openCases(db, { today, calendar, withEventTypes: ['fee_notice_sent'] });
  const out: OutgoingMessage[] = [];
  for (const { app, view } of cases) {
    const fee = view.clock?.fee;
    // A notice not yet served (待送达) has no payment period yet: nothing to remind of.
    const payBy = fee?.payBy ?? null;
    if (!fee || fee.paid || payBy === null || view.clock?.state !== 'awaiting_fee' || !remindToday(today, payBy, calendar)) continue;
    if (!app.applicantUserId && !app.applicantEmail) continue;
    out.push({
      key: `fee_reminder:${app.id}:${payBy}`,
      kind: 'fee_reminder',
      agencyId: app.agencyId,
      applicationId: app.id,
      vars: {
        申请人: app.applicantName,
        申请编号: app.number,
        截止日期: chineseDate(payBy),
        剩余工作日: String(Math.max(0, calendar.workingDaysBetween(today, payBy))),
        金额: fee.amount != null ? `${fee.amount}元` : '',
      },
      link: applicantLink(app),
      recipient: applicantRecipient(app),
    });
  }
  return out;
}
