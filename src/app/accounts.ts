/**
 * Accounts: applicant registration, authentication, password change (staff users: staff.ts).
 * Use cases are plain functions over the database; routes and pages call them.
 */
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { recordAudit } from '../db/audit.ts';
import { agencies, applicantProfiles, staffRoles, users, type Role } from '../db/schema.ts';
import { checkCreditCode, checkIdNumber, maskEmail, maskPhone } from '../domain/identity/index.ts';
import { AppError, conflict, notFound } from './errors.ts';
import { deleteUserSessions, dummyPasswordHash, hashPassword, verifyPassword } from './auth.ts';
import { passwordProblem } from './password-policy.ts';
import type { RegisterInput } from './schemas.ts';

type User = typeof users.$inferSelect;

export async function assertLoginFree(db: Db, email?: string | null, phone?: string | null, exceptUserId?: number) {
  if (email) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (u && u.id !== exceptUserId) throw conflict('account_exists', '该电子邮箱已注册，请直接登录', { field: 'email' });
  }
  if (phone) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.phone, phone)).limit(1);
    if (u && u.id !== exceptUserId) throw conflict('account_exists', '该手机号码已注册，请直接登录', { field: 'phone' });
  }
}

/** Which identifier of a registration already belongs to an account. */
export type ExistingIdentifier = 'email' | 'phone' | 'idNumber' | 'creditCode';

/**
 * What a registration did. The HTTP answer is the same for both (no one learns whether an e-mail,
 * phone or ID number has an account); `existing` says whose account and by what, for a message to
 * that account's owner once notifications can send one.
 */
export type RegistrationResult = { kind: 'created'; user: User } | { kind: 'existing'; userId: number; matchedBy: ExistingIdentifier };

async function existingAccount(
  db: Db,
  by: { email: string | null; phone: string | null; idNumber: string | null; idDocType: string | null; creditCode: string | null },
): Promise<{ userId: number; matchedBy: ExistingIdentifier } | null> {
  if (by.email) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, by.email)).limit(1);
    if (u) return { userId: u.id, matchedBy: 'email' };
  }
  if (by.phone) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.phone, by.phone)).limit(1);
    if (u) return { userId: u.id, matchedBy: 'phone' };
  }
  // One account per person or organisation.
  if (by.idNumber) {
    const [dup] = await db
      .select({ id: applicantProfiles.userId })
      .from(applicantProfiles)
      .where(and(eq(applicantProfiles.idNumber, by.idNumber), eq(applicantProfiles.idDocType, by.idDocType as 'resident_id')))
      .limit(1);
    if (dup) return { userId: dup.id, matchedBy: 'idNumber' };
  }
  if (by.creditCode) {
    const [dup] = await db.select({ id: applicantProfiles.userId }).from(applicantProfiles).where(eq(applicantProfiles.creditCode, by.creditCode)).limit(1);
    if (dup) return { userId: dup.id, matchedBy: 'creditCode' };
  }
  return null;
}

/**
 * Registers an applicant (自然人 or 法人或其他组织). Inputs are already validated by registerSchema.
 * An e-mail, phone, ID number or credit code that already has an account creates nothing and is
 * recorded in the audit log (masked); the password is hashed either way, so the time taken does not
 * tell the two apart.
 */
export async function registerApplicant(db: Db, input: RegisterInput, meta: { ip?: string | null } = {}): Promise<RegistrationResult> {
  const email = input.email ?? null;
  const phone = input.phone ?? null;
  const natural = input.applicantType === 'natural';
  const idDocType = natural ? (input.idDocType ?? 'resident_id') : null;
  let idNumber: string | null = natural ? (input.idNumber ?? null) : null;
  if (idNumber && idDocType === 'resident_id') {
    const r = checkIdNumber(idNumber);
    if (!r.ok) throw new AppError(400, 'validation_failed', r.message, { field: 'idNumber' });
    idNumber = r.value;
  }
  let creditCode: string | null = null;
  if (!natural) {
    const r = checkCreditCode(input.creditCode ?? '');
    if (!r.ok) throw new AppError(400, 'validation_failed', r.message, { field: 'creditCode' });
    creditCode = r.value;
  }
  const passwordHash = await hashPassword(input.password);
  const existing = await existingAccount(db, { email, phone, idNumber, idDocType, creditCode });
  if (existing) {
    await recordAudit(db, {
      actorUserId: null,
      action: 'account.register_existing',
      entity: 'user',
      entityId: existing.userId,
      detail: { matchedBy: existing.matchedBy, email: maskEmail(email), phone: maskPhone(phone) },
      ip: meta.ip,
    });
    return { kind: 'existing', ...existing };
  }
  try {
    const user = await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ kind: 'applicant', displayName: input.name, email, phone, passwordHash })
        .returning();
      await tx.insert(applicantProfiles).values({
        userId: user.id,
        applicantType: input.applicantType,
        name: input.name,
        idDocType,
        idNumber,
        creditCode,
        phone,
        email,
        address: input.address ?? null,
        contactName: input.contactName ?? null,
      });
      await recordAudit(tx, {
        actorUserId: user.id,
        action: 'account.register',
        entity: 'user',
        entityId: user.id,
        detail: { applicantType: input.applicantType, email: maskEmail(email), phone: maskPhone(phone) },
        ip: meta.ip,
      });
      return user;
    });
    return { kind: 'created', user };
  } catch (err) {
    // A concurrent registration with the same e-mail or phone: the unique index decides, and the answer is the same.
    if (/users_(email|phone)_uq/.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message))) {
      const again = await existingAccount(db, { email, phone, idNumber: null, idDocType: null, creditCode: null });
      if (again) return { kind: 'existing', ...again };
    }
    throw err;
  }
}

/** The one answer to a registration, whatever it did (no account enumeration). */
export const REGISTRATION_ANSWER =
  '注册信息已提交。请使用填写的手机号码或电子邮箱和密码登录。如果这些信息此前已注册过账号，不会新建账号，请直接用原账号登录（忘记密码请联系本机关）。';

/** The active user with this e-mail or phone and password, or null. Constant work either way. */
export async function authenticate(db: Db, login: string, password: string): Promise<User | null> {
  const key = login.trim();
  const [user] = await db
    .select()
    .from(users)
    .where(or(eq(users.email, key.toLowerCase()), eq(users.phone, key)))
    .limit(1);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  return ok && user.active ? user : null;
}

/**
 * Changes one's own password; every other session of the account ends (the one making the change,
 * `meta.keepSessionToken`, stays).
 */
export async function changePassword(
  db: Db,
  userId: number,
  currentPassword: string,
  newPassword: string,
  meta: { ip?: string | null; keepSessionToken?: string } = {},
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound('账号不存在');
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError(400, 'wrong_password', '当前密码不正确', { field: 'currentPassword' });
  }
  if (currentPassword === newPassword) {
    throw new AppError(400, 'validation_failed', '新密码不能与当前密码相同', { field: 'newPassword' });
  }
  const [profile] = await db.select().from(applicantProfiles).where(eq(applicantProfiles.userId, userId)).limit(1);
  const problem = passwordProblem(newPassword, { email: user.email, phone: user.phone, name: user.displayName, idNumber: profile?.idNumber, creditCode: profile?.creditCode });
  if (problem) throw new AppError(400, 'validation_failed', problem, { field: 'newPassword' });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await deleteUserSessions(tx, userId, meta.keepSessionToken);
    await recordAudit(tx, { actorUserId: userId, action: 'account.password_change', entity: 'user', entityId: userId, ip: meta.ip });
  });
}

