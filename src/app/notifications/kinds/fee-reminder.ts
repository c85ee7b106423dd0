/**
 * To the applicant, on a working morning: a reminder from three working days before the payment
 * period of a 收费通知 ends (国办函〔2020〕109号: an applicant who does not pay in time is deemed to have
 * given the application up). Once per period, like the 补正 reminder.
 */
import type { DbOrTx } from '../../../db/index.ts';
import type { Calendar, IsoDate } from '../../../domain/calendar/index.ts';
import { applicantReminder, openCases } from '../cases.ts';
import type { OutgoingMessage } from '../notify.ts';

export async function feeReminderMessages(db: DbOrTx, today: IsoDate, calendar: Calendar): Promise<OutgoingMessage[]> {
  const cases = await openCases(db, { today, calendar, withEventTypes: ['fee_notice_sent'] });
  return cases.flatMap(({ app, view }) => {
    const fee = view.clock?.fee;
    if (!fee || fee.paid || view.clock?.state !== 'awaiting_fee') return [];
    // A notice not yet served (待送达) has no payment period yet: nothing to remind of.
    const vars = { 金额: fee.amount != null ? `${fee.amount}元` : '' };
    return applicantReminder('fee_reminder', app, fee.payBy ?? null, { today, calendar, vars }) ?? [];
  });
}
