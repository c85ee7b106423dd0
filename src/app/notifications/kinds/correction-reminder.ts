/**
 * To the applicant, on a working morning: a reminder from three working days before their 补正 period
 * ends (第三十条: an applicant who does not supplement the application in time is deemed to have
 * given it up). Once per period (its key names the period's last day): a reminder missed while the
 * server was down goes the next working morning, still before the period ends.
 */
import type { DbOrTx } from '../../../db/index.ts';
import type { Calendar, IsoDate } from '../../../domain/calendar/index.ts';
import { applicantReminder, openCases } from '../cases.ts';
import type { OutgoingMessage } from '../notify.ts';

export async function correctionReminderMessages(db: DbOrTx, today: IsoDate, calendar: Calendar): Promise<OutgoingMessage[]> {
  const cases = await openCases(db, { today, calendar, withEventTypes: ['correction_requested'] });
  return cases.flatMap(({ app, view }) => {
    const c = view.clock;
    if (!c || c.state !== 'awaiting_correction') return [];
    const period = c.corrections[c.corrections.length - 1];
    if (!period || period.received) return [];
    // A notice not yet served (待送达) has no period yet: nothing to remind of.
    return applicantReminder('correction_reminder', app, period.deadline ?? null, { today, calendar }) ?? [];
  });
}
