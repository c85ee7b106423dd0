/**
 * The notification kinds that follow a case event subscribe to the outbox (src/app/outbox): each
 * runs after the event's transaction committed, in its own transaction that also records its
 * delivery — so its 站内消息 and queued e-mail exist once, even when the event is delivered again
 * after a crash. The e-mail itself is then sent by the mail dispatcher (dispatcher.ts) with its own
 * retries.
 *
 *   subscribeToCaseEvents('notify.receipt', ['submitted'], (ctx) => receiptMessages(ctx.app, ctx.event));
 */
import type { Tx } from '../../db/index.ts';
import { getApplication, loadCalendar, loadRecorded, type ApplicationRow } from '../../db/applications.ts';
import { deriveCase, type CaseEvent, type CaseEventType, type RecordedEvent } from '../../domain/applications/index.ts';
import { registerSubscriber, registeredSubscribers } from '../outbox/index.ts';
import { today } from '../applications/case.ts';
import { notify, type OutgoingMessage } from './notify.ts';

export interface CaseEventContext {
  tx: Tx;
  app: ApplicationRow;
  event: CaseEvent;
  seq: number;
  actorUserId: number | null;
  /** The case as of this event's commit (loaded on demand). */
  view(): Promise<ReturnType<typeof deriveCase>>;
}

export function subscribeToCaseEvents(
  name: string,
  types: readonly CaseEventType[],
  messages: (ctx: CaseEventContext) => OutgoingMessage[] | Promise<OutgoingMessage[]>,
): void {
  // Registered once per process (a module evaluated twice, as in some test set-ups, does not register again).
  if (registeredSubscribers().some((s) => s.name === name)) return;
  registerSubscriber({
    name,
    handles: (entry) => entry.topic === 'application.event' && types.includes(entry.payload.event.type),
    async run(tx, entry) {
      const { applicationId, seq, actorUserId, event } = entry.payload;
      const app = await getApplication(tx, applicationId);
      if (!app) return;
      let recorded: RecordedEvent[] | undefined;
      const ctx: CaseEventContext = {
        tx,
        app,
        event,
        seq,
        actorUserId,
        view: async () => {
          recorded ??= await loadRecorded(tx, applicationId);
          return deriveCase(recorded, { calendar: await loadCalendar(tx), today: today(), explain: false });
        },
      };
      await notify(tx, await messages(ctx));
    },
  });
}
