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
import { dummyPasswordHash, hashPassword, verifyPassword } from './auth.ts';
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

/** Registers an applicant (自然人 or 法人或其他组织). Inputs are already validated by registerSchema. */
export async function registerApplicant(db: Db, input: RegisterInput, meta: { ip?: string | null } = {}): Promise<User> {
  const email = input.email ?? null;
  const phone = input.phone ?? null;
  await assertLoginFree(db, email, phone);
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
  // One account per person or organisation.
  if (idNumber) {
    const [dup] = await db
      .select({ id: applicantProfiles.userId })
      .from(applicantProfiles)
      .where(and(eq(applicantProfiles.idNumber, idNumber), eq(applicantProfiles.idDocType, idDocType!)))
      .limit(1);
    if (dup) throw conflict('account_exists', '该证件号码已注册过账号，请直接登录', { field: 'idNumber' });
  }
  if (creditCode) {
    const [dup] = await db
      .select({ id: applicantProfiles.userId })
      .from(applicantProfiles)
      .where(eq(applicantProfiles.creditCode, creditCode))
      .limit(1);
    if (dup) throw conflict('account_exists', '该统一社会信用代码已注册过账号，请直接登录', { field: 'creditCode' });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
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
  } catch (err) {
    // A concurrent registration with the same e-mail or phone: the unique index decides.
    if (/users_(email|phone)_uq/.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message))) {
      throw conflict('account_exists', '该手机号码或电子邮箱已注册，请直接登录');
    }
    throw err;
  }
}

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

export async function changePassword(
  db: Db,
  userId: number,
  currentPassword: string,
  newPassword: string,
  meta: { ip?: string | null } = {},
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound('账号不存在');
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError(400, 'wrong_password', '当前密码不正确', { field: 'currentPassword' });
  }
  if (currentPassword === newPassword) {
    throw new AppError(400, 'validation_failed', '新密码不能与当前密码相同', { field: 'newPassword' });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(tx, { actorUserId: userId, action: 'account.password_change', entity: 'user', entityId: userId, ip: meta.ip });
  });
}
