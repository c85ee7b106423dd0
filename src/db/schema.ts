/**
 * The one database schema of Gongkai (Drizzle ORM, PostgreSQL dialect: PGlite and PostgreSQL alike).
 *
 * To add a table or a column: edit the module it belongs to (core-schema.ts, notifications-schema.ts,
 * redaction-schema.ts, outbox-schema.ts, or a new one re-exported here), then run `npx drizzle-kit generate --name WHAT` and
 * commit the new file under drizzle/. The application applies migrations itself at start
 * (src/db/index.ts). Never edit a migration that is already committed.
 *
 * Conventions: calendar dates are `date` columns in mode 'string' ('YYYY-MM-DD', Asia/Shanghai);
 * instants are `timestamptz`. An application has NO status or deadline column: both are derived
 * from its append-only events (design.md). audit_log and application_events refuse UPDATE and
 * DELETE by a trigger (drizzle/0001_append_only.sql).
 */
export * from './core-schema.ts';
export * from './notifications-schema.ts';
export * from './redaction-schema.ts';
export * from './outbox-schema.ts';
export * from './api-schema.ts';
