/**
 * API tokens for machine clients (12345 hotlines, 政务服务 platforms), used as
 * `Authorization: Bearer gk_…` on /api (README "API for integrators").
 *
 * - Created by an administrator of the agency (policies `token.manage`: an administrator of the
 *   agency or one above it), or by a token granted `token.manage` within its own grant (policies
 *   TOKEN_NO_ESCALATION), with a name, the agency it acts for (and optionally those below it),
 *   a set of actions chosen from policies.TOKEN_ACTIONS, and an optional last day of validity.
 * - The token is 32 random bytes (base64url) after `gk_`; it is shown once, at creation. The database
 *   keeps only its SHA-256 and its first characters (to recognise it in the list).
 * - It acts as its own account (api-schema.ts): the audit log and every `created_by` name the token;
 *   its powers are its grant (policies.ts `TokenGrant`), checked by the one policy module.
 * - Revoked, expired, or its account disabled: refused (401) at once, in every process.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { recordAudit } from '../db/audit.ts';
import { agencies, apiTokens, users } from '../db/schema.ts';
import { todayInShanghai } from '../domain/calendar/date.ts';
import { tokenDigest, type CurrentUser } from './auth.ts';
import { listAgencies, pathOf, type Agency } from './agencies.ts';
import { AppError, notFound } from './errors.ts';
import { ACTIONS, auditActor, authorizeBy, authorizeTokenGrant, canBy, canManageToken, TOKEN_ACTIONS, type Action, type By, type TokenGrant } from './policies.ts';
import { agencyCodeParam, requiredText } from './schemas.ts';

export const TOKEN_PREFIX = 'gk_';
/** How often the last-used time is written (at most once a minute per token). */
const LAST_USED_EVERY_SECONDS = 60;

export const apiTokenCreateSchema = z.object({
  name: requiredText('令牌名称', 60),
  agencyCode: agencyCodeParam(),
  includeSubtree: z.boolean().default(false),
  actions: z
    .array(z.enum(TOKEN_ACTIONS as [Action, ...Action[]], { error: '请从列出的操作中选择' }))
    .min(1, '请至少选择一项允许的操作')
    .transform((a) => [...new Set(a)]),
  /** The last day (Asia/Shanghai) on which the token works; absent: until revoked. */
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '有效期应为日期，如 2027-12-31')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)), '有效期不是有效的日期')
    .optional(),
});
export type ApiTokenCreateInput = z.input<typeof apiTokenCreateSchema>;

export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  agency: { code: string; name: string };
  includeSubtree: boolean;
  actions: Array<{ action: Action; label: string }>;
  expiresAt: Date | null;
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** active | expired | revoked */
  state: 'active' | 'expired' | 'revoked';
}

/** The agencies for which `by` may manage tokens. */
export async function tokenAgencies(db: Db, by: By): Promise<Agency[]> {
  const all = await listAgencies(db);
  return all.filter((a) => canBy(by, 'token.manage', { agencyPath: pathOf(all, a.id) }));
}

/** Creates a token; returns it in full (the only time it is ever shown) with its view. */
export async function createApiToken(db: Db, by: By, raw: ApiTokenCreateInput): Promise<{ token: string; view: ApiTokenView }> {
  const input = apiTokenCreateSchema.parse(raw);
  const all = await listAgencies(db);
  const agency = all.find((a) => a.code === input.agencyCode);
  if (!agency) {
    if (!by.system && (await tokenAgencies(db, by)).length === 0) authorizeBy(by, 'token.manage');
    throw new AppError(400, 'agency_unknown', `找不到机关「${input.agencyCode}」`, { field: 'agencyCode' });
  }
  const agencyPath = pathOf(all, agency.id);
  authorizeBy(by, 'token.manage', { agencyPath });
  let expiresAt: Date | null = null;
  if (input.expiresOn) {
    if (input.expiresOn < todayInShanghai(new Date())) throw new AppError(400, 'validation_failed', '有效期不能早于今天', { field: 'expiresOn' });
    // Valid through the whole last day, Beijing time.
    expiresAt = new Date(Date.parse(`${input.expiresOn}T00:00:00+08:00`) + 86_400_000);
  }
  // A token creating a token: never more than itself (policies TOKEN_NO_ESCALATION).
  authorizeTokenGrant(by, { agencyPath, subtree: input.includeSubtree, actions: input.actions, expiresAt });
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = await db.transaction(async (tx) => {
    // The token's own account: no e-mail, no phone (nobody can sign in as it), no usable password.
    const [account] = await tx
      .insert(users)
      .values({ kind: 'staff', displayName: `接口令牌「${input.name}」`, email: null, phone: null, passwordHash: '!api-token' })
      .returning({ id: users.id });
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: account.id,
        name: input.name,
        tokenHash: tokenDigest(token),
        prefix: token.slice(0, 8),
        agencyId: agency.id,
        includeSubtree: input.includeSubtree,
        actions: input.actions,
        expiresAt,
        createdBy: by.actor?.userId ?? account.id,
      })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'token.create',
      entity: 'api_token',
      entityId: row.id,
      detail: { name: input.name, agency: agency.code, includeSubtree: input.includeSubtree, actions: input.actions, prefix: token.slice(0, 8), expiresAt },
    });
    return row.id;
  });
  return { token, view: (await views(db, [id]))[0] };
}

/** A stored token as a target of token management (policies canManageToken). */
function grantOf(all: Agency[], t: typeof apiTokens.$inferSelect) {
  return { agencyPath: pathOf(all, t.agencyId), subtree: t.includeSubtree, actions: t.actions as Action[], expiresAt: t.expiresAt };
}

/**
 * The tokens `by` manages (of the agencies where it holds `token.manage`; for a token, only those
 * within its own grant), newest first.
 */
export async function listApiTokens(db: Db, by: By): Promise<ApiTokenView[]> {
  const mine = await tokenAgencies(db, by);
  if (mine.length === 0) {
    authorizeBy(by, 'token.manage');
    return [];
  }
  const all = await listAgencies(db);
  const rows = await db.select().from(apiTokens).where(inArray(apiTokens.agencyId, mine.map((a) => a.id)));
  return views(db, rows.filter((t) => canManageToken(by, grantOf(all, t))).map((t) => t.id));
}

/** Revokes a token at once (its account is disabled too). 404 for a token `by` does not manage. */
export async function revokeApiToken(db: Db, by: By, id: number): Promise<ApiTokenView> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  const all = await listAgencies(db);
  if (!row || !canManageToken(by, grantOf(all, row))) throw notFound('找不到该接口令牌');
  if (!row.revokedAt) {
    await db.transaction(async (tx) => {
      await tx.update(apiTokens).set({ revokedAt: sql`now()`, revokedBy: by.actor?.userId ?? null }).where(eq(apiTokens.id, id));
      await tx.update(users).set({ active: false }).where(eq(users.id, row.userId));
      await recordAudit(tx, { ...auditActor(by), action: 'token.revoke', entity: 'api_token', entityId: id, detail: { name: row.name, prefix: row.prefix } });
    });
  }
  return (await views(db, [id]))[0];
}

async function views(db: Db, ids: number[]): Promise<ApiTokenView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ t: apiTokens, agencyCode: agencies.code, agencyName: agencies.name, creator: users.displayName, now: sql<Date>`now()` })
    .from(apiTokens)
    .innerJoin(agencies, eq(agencies.id, apiTokens.agencyId))
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(inArray(apiTokens.id, ids))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map(({ t, agencyCode, agencyName, creator, now }) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    agency: { code: agencyCode, name: agencyName },
    includeSubtree: t.includeSubtree,
    actions: (t.actions as Action[]).map((action) => ({ action, label: ACTIONS[action] ?? action })),
    expiresAt: t.expiresAt,
    createdAt: t.createdAt,
    createdBy: creator,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    state: t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= new Date(now).getTime() ? 'expired' : 'active',
  }));
}

/**
 * The actor of a bearer token, or null when the token is unknown, revoked, expired or its account
 * disabled. Notes the last use (at most once a minute, so a busy client does not write on every call).
 */
export async function authenticateApiToken(db: Db, token: string): Promise<CurrentUser | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const [row] = await db
    .select({ t: apiTokens, displayName: users.displayName })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenDigest(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
        eq(users.active, true),
      ),
    )
    .limit(1);
  if (!row) return null;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, row.t.id),
        or(isNull(apiTokens.lastUsedAt), sql`${apiTokens.lastUsedAt} < now() - make_interval(secs => ${LAST_USED_EVERY_SECONDS})`),
      ),
    );
  const grant: TokenGrant = {
    id: row.t.id,
    name: row.t.name,
    agencyId: row.t.agencyId,
    subtree: row.t.includeSubtree,
    actions: (row.t.actions as Action[]).filter((a) => TOKEN_ACTIONS.includes(a)),
    expiresAt: row.t.expiresAt,
  };
  return { userId: row.t.userId, kind: 'staff', displayName: row.displayName, email: null, phone: null, roles: [], roleDetails: [], token: grant };
}
