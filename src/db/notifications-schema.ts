/** The tables of notifications (src/app/notifications), part of the one schema (schema.ts re-exports them). */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { agencies, applications, createdAt, users } from './core-schema.ts';

// ------------------------------------------------------------------------------------------------
// Notifications (issue 17, contracts.md §7): in-app messages, the e-mail delivery queue, preferences,
// the daily runs claimed once across processes, password-reset tokens. src/app/notifications/.
// ------------------------------------------------------------------------------------------------

/** 站内消息: one row per message to a signed-in user; `key` makes producing it twice a no-op. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The message's identity, e.g. `receipt:42`, `digest:2026-11-16` (with the recipient: unique). */
    key: text('key').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** A NotificationKind of src/domain/notifications. */
    kind: text('kind').notNull(),
    agencyId: integer('agency_id').references(() => agencies.id),
    applicationId: integer('application_id').references(() => applications.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** A path in Gongkai (e.g. /my/applications/42). */
    link: text('link'),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_key_uq').on(t.key, t.userId),
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/**
 * The e-mail delivery queue. A job is claimed with FOR UPDATE SKIP LOCKED (status `sending`, a lease
 * in `locked_until`), sent, then marked `sent`; a failure puts it back to `pending` with a later
 * `next_attempt_at` (back-off) until `failed`. A job whose lease ran out (the process died while
 * sending) is claimed again. `key` (message + recipient) is unique: a message is queued once.
 */
export const mailJobs = pgTable(
  'mail_jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    userId: integer('user_id').references(() => users.id),
    agencyId: integer('agency_id').references(() => agencies.id),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** Plain text; `{{站点地址}}` is replaced by the sender's public address when sent. */
    body: text('body').notNull(),
    /** Where the unsubscribe link points: `user:ID` or `email:ADDRESS` with the kind. */
    preferenceOwner: text('preference_owner').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mail_jobs_key_uq').on(t.key),
    index('mail_jobs_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index('mail_jobs_status_idx').on(t.status, t.id),
  ],
);

/**
 * Which messages go by which channel, per recipient (`user:ID`, or `email:ADDRESS` for an applicant
 * without an account) and kind. No row: the kind's default (src/domain/notifications/kinds.ts).
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    owner: text('owner').notNull(),
    kind: text('kind').notNull(),
    email: boolean('email').notNull(),
    inApp: boolean('in_app').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('notification_preferences_uq').on(t.owner, t.kind)],
);

/** A scheduled run (e.g. the working morning's digest) claimed once per day across processes. */
export const scheduledRuns = pgTable(
  'scheduled_runs',
  {
    name: text('name').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** What the run produced, e.g. { messages: 12 }. */
    result: jsonb('result'),
  },
  (t) => [uniqueIndex('scheduled_runs_uq').on(t.name, t.day)],
);

/** One-time password-reset tokens: only the SHA-256 of the token is kept. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** The administrator who started it, or null when the user asked. */
    requestedBy: integer('requested_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_resets_token_uq').on(t.tokenHash), index('password_resets_user_idx').on(t.userId)],
);

/** Installation secrets made at first use (e.g. the key that signs unsubscribe links). */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});
