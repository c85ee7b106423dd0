/**
 * Password reset by e-mail (issue 17): an applicant or a staff member asks for a link at
 * /password/forgot; an administrator can send one to a staff member they manage. The link carries a
 * random one-time token; only its SHA-256 is stored, with an expiry. Setting the new password uses
 * the token up, ends every session of the account and voids the account's other reset links.
 * Asking for an address that has no account answers the same (accounts are not revealed).
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { recordAudit } from '../db/audit.ts';
import { passwordResets, users } from '../db/schema.ts';
import { getStaff, refuseAbovePerson } from './staff.ts';
import { passwordProblem } from './password-policy.ts';
import { deleteUserSessions, hashPassword, tokenDigest } from './auth.ts';
import { AppError } from './errors.ts';
import { mailEnabled } from './notifications/mail.ts';
import { notify } from './notifications/notify.ts';
import type { By } from './policies.ts';

/** How long a link asked for by its owner works; one sent by an administrator works a day. */
export const RESET_LINK_MINUTES = 60;
export const ADMIN_RESET_LINK_MINUTES = 24 * 60;

export const MAIL_OFF_MESSAGE = '本平台未开通邮件发送，无法通过邮件重置密码：申请人请联系受理机关，工作人员请联系本机关的系统管理员';

async function issue(db: Db, user: { id: number; displayName: string }, minutes: number, requestedBy: number | null, ip?: string | null) {
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: tokenDigest(token), expiresAt: new Date(Date.now() + minutes * 60_000), requestedBy })
      .returning({ id: passwordResets.id });
    await notify(tx, [
      {
        key: `password_reset:${row.id}`,
        kind: 'password_reset',
        vars: { 姓名: user.displayName, 有效期: minutes >= 120 ? `${minutes / 60}小时` : `${minutes}分钟` },
        link: `/password/reset?token=${token}`,
        recipient: { userId: user.id },
      },
    ]);
    await recordAudit(tx, { actorUserId: requestedBy ?? user.id, action: 'account.password_reset_request', entity: 'user', entityId: user.id, ip });
  });
}

/** Sends a reset link to the active account with this e-mail, if any. Says nothing either way. */
export async function requestPasswordReset(db: Db, email: string, meta: { ip?: string | null } = {}): Promise<void> {
  if (!mailEnabled()) throw new AppError(409, 'mail_off', MAIL_OFF_MESSAGE);
  const [user] = await db
    .select({ id: users.id, displayName: users.displayName, active: users.active })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  if (!user || !user.active) return;
  await issue(db, user, RESET_LINK_MINUTES, null, meta.ip);
}

/** The account a valid, unused, unexpired token belongs to, or null. */
export async function resetTokenUser(db: Db, token: string): Promise<number | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token ?? '')) return null;
  const [row] = await db
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, tokenDigest(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`now()`), eq(users.active, true)));
  return row?.userId ?? null;
}

/** Sets the new password (already checked against the password policy) with a valid token. */
export async function resetPassword(db: Db, token: string, newPassword: string, meta: { ip?: string | null } = {}): Promise<number> {
  const userId = await resetTokenUser(db, token);
  if (userId === null) throw new AppError(400, 'reset_link_invalid', '重置密码的链接无效、已使用或已过期，请重新申请');
  const [owner] = await db.select({ email: users.email, phone: users.phone, name: users.displayName }).from(users).where(eq(users.id, userId));
  const problem = passwordProblem(newPassword, owner);
  if (problem) throw new AppError(400, 'validation_failed', problem, { field: 'newPassword' });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    // Used once: the first request to mark it wins, a second one changes nothing.
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, tokenDigest(token)), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (used.length === 0) throw new AppError(400, 'reset_link_invalid', '重置密码的链接无效、已使用或已过期，请重新申请');
    await tx.update(passwordResets).set({ usedAt: new Date() }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(tx, { actorUserId: userId, action: 'account.password_reset', entity: 'user', entityId: userId, ip: meta.ip });
  });
  await deleteUserSessions(db, userId);
  return userId;
}

/**
 * An administrator sends a staff member they manage a reset link (to the account's e-mail), and ends
 * that person's sessions at once.
 */
export async function adminResetStaffPassword(db: Db, by: By, staffUserId: number): Promise<void> {
  // Someone `by` does not manage is not found (staff.ts: their existence is not disclosed).
  const staff = await getStaff(db, by, staffUserId);
  await refuseAbovePerson(db, by, staffUserId); // the highest place the person holds decides
  const [user] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.id, staff.id));
  if (!staff.active) throw new AppError(409, 'account_disabled', '该账号已停用');
  if (!staff.email) throw new AppError(409, 'no_email', '该工作人员没有电子邮箱，无法发送重置链接');
  if (!mailEnabled()) throw new AppError(409, 'mail_off', '本平台未开通邮件发送（GONGKAI_SMTP_URL、GONGKAI_MAIL_FROM），无法发送重置链接');
  await deleteUserSessions(db, user.id);
  await issue(db, user, ADMIN_RESET_LINK_MINUTES, by.actor?.userId ?? null, by.ip);
}
