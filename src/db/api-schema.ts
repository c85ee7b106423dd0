/**
 * Tables of the API for integrators (README "API for integrators"): API tokens of machine clients
 * (12345 hotlines, 政务服务 platforms) and the idempotency keys of retried submissions.
 *
 * An API token has its own account (`users` row, kind staff, no role, no e-mail, no phone, no usable
 * password): what the token does is recorded under that account, whose display name names the token
 * (接口令牌「…」), so the audit log, 登记人 and every `created_by` say which token acted. Its powers
 * are the token's scope and action set only (policies.ts `TokenGrant`), never a role.
 */
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { agencies, createdAt, users } from './core-schema.ts';

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    /** The token's own account (see above). */
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    /** The token's first characters (`gk_AbCd`), to recognise it in the list. */
    prefix: text('prefix').notNull(),
    /** The agency the token acts for. */
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** Whether it also acts for the agencies below that one. */
    includeSubtree: boolean('include_subtree').notNull().default(false),
    /** The policy actions it may perform (policies.ts TOKEN_ACTIONS). */
    actions: jsonb('actions').$type<string[]>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: integer('revoked_by').references(() => users.id),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), uniqueIndex('api_tokens_user_uq').on(t.userId), index('api_tokens_agency_idx').on(t.agencyId)],
);

/**
 * Idempotency keys (`Idempotency-Key` header): one row per (account, key), written in the same
 * transaction as what the request created, with the request's fingerprint and the answer given.
 * Kept until `expires_at` (24 h), then swept.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    /** SHA-256 of the method, the route, its parameters and the body. */
    fingerprint: text('fingerprint').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pk', columns: [t.userId, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);
