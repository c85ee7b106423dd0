/**
 * Passwords (argon2id via @node-rs/argon2) and server-side sessions.
 *
 * The session cookie `gk_session` holds a random token; the sessions table stores only its SHA-256,
 * with an absolute expiry (SESSION_HOURS). Login always creates a new session (the old one, if any,
 * is deleted: rotation); logout deletes it; expired sessions are ignored and swept at login.
 */
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/index.ts';
import { agencies, sessions, staffRoles, users, type Role } from '../db/schema.ts';
import type { Actor } from './policies.ts';

export const SESSION_COOKIE = 'gk_session';
export const SESSION_HOURS = 12;

/** Argon2id (algorithm 2 of @node-rs/argon2) with its default cost (m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('gongkai-dummy-password');
  return dummyHash;
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  userId: number,
  meta: { ip?: string; userAgent?: string } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
  await db.insert(sessions).values({
    id: tokenDigest(token),
    userId,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

export async function deleteSession(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.delete(sessions).where(eq(sessions.id, tokenDigest(token)));
}

/** Ends every session of the user, except the one of `exceptToken` when given (the person changing their own password). */
export async function deleteUserSessions(db: DbOrTx, userId: number, exceptToken?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(exceptToken ? and(eq(sessions.userId, userId), ne(sessions.id, tokenDigest(exceptToken))) : eq(sessions.userId, userId));
}

export interface CurrentUser extends Actor {
  displayName: string;
  email: string | null;
  phone: string | null;
  /** The roles with their agency's code and name, for pages. */
  roleDetails: Array<{ role: Role; agencyId: number; agencyCode: string; agencyName: string }>;
  /** Unread 站内消息, for the header (set per request by the server). */
  unreadMessages?: number;
}

/** The user of a session token, or null (no such session, expired, or account disabled). */
export async function loadSessionUser(db: Db, token: string | undefined): Promise<CurrentUser | null> {
  if (!token) return null;
  const rows = await db
    .select({ id: users.id, kind: users.kind, displayName: users.displayName, email: users.email, phone: users.phone })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, tokenDigest(token)), gt(sessions.expiresAt, sql`now()`), eq(users.active, true)))
    .limit(1);
  const u = rows[0];
  if (!u) return null;
  return loadUser(db, u);
}

export async function loadUser(
  db: Db,
  u: { id: number; kind: 'staff' | 'applicant'; displayName: string; email: string | null; phone: string | null },
): Promise<CurrentUser> {
  const roleDetails =
    u.kind === 'staff'
      ? await db
          .select({ role: staffRoles.role, agencyId: staffRoles.agencyId, agencyCode: agencies.code, agencyName: agencies.name })
          .from(staffRoles)
          .innerJoin(agencies, eq(agencies.id, staffRoles.agencyId))
          .where(eq(staffRoles.userId, u.id))
          .orderBy(agencies.code, staffRoles.role)
      : [];
  return {
    userId: u.id,
    kind: u.kind,
    displayName: u.displayName,
    email: u.email,
    phone: u.phone,
    roles: roleDetails.map((r) => ({ role: r.role, agencyId: r.agencyId })),
    roleDetails,
  };
}
