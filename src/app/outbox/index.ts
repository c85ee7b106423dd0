/**
 * The outbox: side effects after commit, durable, once.
 *
 * Writing. A change publishes messages IN ITS OWN TRANSACTION; they exist exactly when the change
 * was committed (a rollback takes them away, a crash after the commit keeps them):
 *
 *   await db.transaction(async (tx) => {
 *     await appendEvents(tx, applicationId, events, actorUserId);   // publishes one
 *     …                                                              // 'application.event' per event
 *   });
 *   await publish(tx, [{ topic: 'some.topic', payload }]);          // src/db/outbox.ts, any topic
 *
 * Topics and their payload schemas are listed once in src/db/outbox.ts (OUTBOX_TOPICS); today:
 * `application.event` → `{ applicationId, seq, actorUserId, event }` (every appended case event,
 * also those of imports, splits and the demo seed).
 *
 * Subscribing. A subscriber is registered once per process, at import of its module:
 *
 *   registerSubscriber({
 *     name: 'mail.applicant',                        // stable: deliveries are recorded by name
 *     handles: (entry) => entry.topic === 'application.event' && entry.payload.event.type === 'letter_issued',
 *     async run(tx, entry) { … },                    // the effect; `tx` is its own transaction
 *   });
 *
 * Delivery (dispatcher.ts). `startDispatcher(db)` — started by `gongkai serve` — delivers at once
 * (entries left by a crash or written while no dispatcher ran), soon after every write in this
 * process, and every GONGKAI_OUTBOX_POLL_MS (1 s). `dispatchOnce(db)` delivers what is due now
 * (tests, the command line). Guarantees:
 * - after commit only: an entry is invisible to dispatchers until its transaction commits;
 * - at least once: an entry stays pending until every subscriber that handles it has run it without
 *   throwing; a crash at any point leaves it pending, and it is delivered again;
 * - once per (entry, subscriber): a subscriber's `run` and the record that it ran commit in one
 *   transaction (a savepoint of the dispatcher's); a redelivered entry skips the subscribers already
 *   done. So a subscriber whose effect is in the database has it exactly once; an effect outside
 *   (an e-mail sent) is repeated only if the process dies between the effect and the commit;
 * - several dispatchers (in one process or many, on PGlite or PostgreSQL) never run an entry at the
 *   same time: entries are claimed with FOR UPDATE SKIP LOCKED for the duration of their delivery;
 * - a failing subscriber (it throws) is retried with back-off (1 s, doubling, at most 1 hour), the
 *   error kept in outbox.last_error and outbox_deliveries.last_error (`outboxBacklog(db)` lists
 *   them); the other subscribers of the entry are not held back;
 * - no order is promised between entries (a retried entry comes after later ones).
 * Keep `run` short: the entry's row lock (and on PGlite the whole database) is held while it runs.
 * Delivered entries are deleted after 30 days (`pruneOutbox`).
 */
export { publish, onOutboxWritten, OUTBOX_TOPICS, type OutboxMessage, type OutboxTopic, type OutboxPayload } from '../../db/outbox.ts';
export { registerSubscriber, unregisterSubscriber, registeredSubscribers, type OutboxEntry, type Subscriber } from './registry.ts';
export {
  dispatchOnce,
  startDispatcher,
  outboxBacklog,
  pruneOutbox,
  DEFAULT_BACKOFF_MS,
  type Dispatcher,
  type DispatchOptions,
  type DispatchReport,
  type StartOptions,
} from './dispatcher.ts';
