/** The outbox's tables (src/app/outbox; writes in src/db/outbox.ts), part of the one schema (schema.ts re-exports them). */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The outbox (src/app/outbox): messages written in the same transaction as the change they announce
 * (an application's events, …), delivered after commit to their subscribers by the dispatcher.
 * `done_at` is set when every subscriber that handles the entry has run it; until then a failed
 * delivery is retried at `next_attempt_at` (back-off), `last_error` saying why.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What the entry announces, e.g. `application.event` (src/db/outbox.ts OUTBOX_TOPICS). */
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('outbox_pending_idx').on(t.nextAttemptAt, t.id).where(sql`${t.doneAt} is null`)],
);

/**
 * One row per (outbox entry, subscriber) that has been tried: `done_at` is written in the same
 * transaction as the subscriber's own effect, so a subscriber's effect happens once even when the
 * entry is delivered again (another subscriber failed, a crash before the entry was marked done).
 */
export const outboxDeliveries = pgTable(
  'outbox_deliveries',
  {
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => outbox.id),
    subscriber: text('subscriber').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.subscriber] })],
);
