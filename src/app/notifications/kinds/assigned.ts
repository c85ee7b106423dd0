/**
 * To a handler (承办人), at once (held to the next working morning on a day off): a case assigned to
 * them by someone else. Produced by the `assigned` event.
 */
import type { ApplicationRow } from '../../../db/applications.ts';
import { chineseDate } from '../../../domain/calendar/index.ts';
import type { CaseEvent, CaseView } from '../../../domain/applications/index.ts';
import type { OutgoingMessage } from '../notify.ts';
import { subscribeToCaseEvents } from '../subscriber.ts';

export function assignedMessages(
  app: ApplicationRow,
  event: CaseEvent,
  seq: number,
  actorUserId: number | null,
  view: Pick<CaseView, 'clock'>,
): OutgoingMessage[] {
  if (event.type !== 'assigned' || event.handlerUserId === actorUserId || event.handlerUserId <= 0) return [];
  const due = view.clock?.dueDate;
  return [
    {
      key: `assigned:${app.id}:${seq}`,
      kind: 'assigned',
      agencyId: app.agencyId,
      applicationId: app.id,
      vars: {
        姓名: event.handlerName ?? '',
        申请编号: app.number,
        申请内容: app.subject,
        答复期限: due ? chineseDate(due) : '待定',
      },
      link: `/console/applications/${app.id}`,
      recipient: { userId: event.handlerUserId },
    },
  ];
}

subscribeToCaseEvents('notify.assigned', ['assigned'], async (ctx) => assignedMessages(ctx.app, ctx.event, ctx.seq, ctx.actorUserId, await ctx.view()));
