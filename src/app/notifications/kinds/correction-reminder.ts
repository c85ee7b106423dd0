/**
 * To the applicant, on a working morning: a reminder from three working days before their 补正 period
 * ends (第三十条: an applicant who does not supplement the application in time is deemed to have
 * given it up). Once per period (its key names the period's last day): a reminder missed while the
 * server was down goes the next working morning, still before the period ends.
 */
import type { DbOrTx } from '../../../db/index.ts';
import type { Calendar, IsoDate } from '../../../domain/calendar/index.ts';
import { chineseDate } from '../../../domain/calendar/index.ts';
import { remindToday } from '../../../domain/notifications/index.ts';
import { applicantLink, applicantRecipient, openCases } from '../cases.ts';
import type { OutgoingMessage } from '../notify.ts';

export async function correctionReminderMessages(db: DbOrTx, today: IsoDate, calendar: Calendar): Promise<OutgoingMessage[]> {
  const cases = await openCases(db, { today, calendar, withEventTypes: ['correction_requested'] });
  const out: OutgoingMessage[] = [];
  for (const { app, view } of cases) {
    const c = view.clock;
    if (!c || c.state !== 'awaiting_correction') continue;
    const period = c.corrections[c.corrections.length - 1];
    // A notice not yet served (待送达) has no period yet: nothing to remind of.
    const deadline = period?.deadline ?? null;
    if (!period || period.received || deadline === null || !remindToday(today, deadline, calendar)) continue;
    if (!app.applicantUserId && !app.applicantEmail) continue;
    out.push({
      key: `correction_reminder:${app.id}:${deadline}`,
      kind: 'correction_reminder',
      agencyId: app.agencyId,
      applicationId: app.id,
      vars: {
        申请人: app.applicantName,
        申请编号: app.number,
        截止日期: chineseDate(deadline),
        剩余工作日: String(Math.max(0, calendar.workingDaysBetween(today, deadline))),
      },
      link: applicantLink(app),
      recipient: applicantRecipient(app),
    });
  }
  return out;
}
