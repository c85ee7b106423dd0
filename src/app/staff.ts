/**
 * Staff users and their roles (administrators, policies `user.manage`): who may see and change whom is
 * decided here, for the API (/api/users), the console (/console/users) and the command line alike.
 *
 * Scope: `by` manages the staff having a role at an agency it may `user.manage` (its administrators'
 * agencies and everything below them), and staff without any role. Roles are granted only at those
 * agencies; a user's roles elsewhere are kept as they are. Nothing is deleted: a user leaving is
 * `active: false`, which ends every session at once.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { recordAudit } from '../db/audit.ts';
import { agencies, sessions, staffRoles, users, type Role } from '../db/schema.ts';
import { maskEmail } from '../domain/identity/index.ts';
import { AppError, notFound } from './errors.ts';
import { hashPassword } from './auth.ts';
import { assertLoginFree } from './accounts.ts';
import { listAgencies, manageableAgencies, personPlaces, type Agency } from './agencies.ts';
import { auditActor, canBy, ForbiddenError, type By } from './policies.ts';

type RoleGrant = { agencyCode: string; role: Role };

/** The agencies whose staff `by` manages (all of them for the system). */
export async function staffScope(db: Db, by: By): Promise<Agency[]> {
  const all = await listAgencies(db);
  return by.system ? all : manageableAgencies(all, by.actor, 'user.manage');
}

async function scopeOrRefuse(db: Db, by: By): Promise<Agency[]> {
  const scope = await staffScope(db, by);
  if (scope.length === 0) throw new ForbiddenError('user.manage', !by.actor && !by.system);
  return scope;
}

function refuseGrantsOutside(scope: Agency[], roles: ReadonlyArray<RoleGrant>): void {
  const codes = new Set(scope.map((a) => a.code));
  if (roles.some((r) => !codes.has(r.agencyCode))) throw new ForbiddenError('user.manage', false, '只能授予您管理的机关的角色');
}

/** The staff `by` manages, and the agencies where it may grant roles. */
export async function listStaffFor(db: Db, by: By): Promise<{ staff: StaffView[]; scope: Agency[] }> {
  const scope = await scopeOrRefuse(db, by);
  return { staff: await listStaff(db, await staffIdsAtAgencies(db, scope.map((a) => a.id))), scope };
}

/** One staff user `by` manages (404 for anyone else: their existence is not disclosed). */
export async function getStaff(db: Db, by: By, userId: number): Promise<StaffView> {
  const scope = await scopeOrRefuse(db, by);
  const visible = await staffIdsAtAgencies(db, scope.map((a) => a.id));
  if (!visible.includes(userId)) throw notFound('找不到该工作人员账号');
  return (await listStaff(db, [userId]))[0];
}

/**
 * What an administrator may do to a person depends on the highest place the person holds: every
 * agency where the person has a role must be within `by`'s reach (policies.ts `places`), so a
 * department's administrator cannot disable, rename, re-role or reset a city-level administrator who
 * also holds a role in the department.
 */
export async function refuseAbovePerson(db: Db, by: By, userId: number): Promise<void> {
  if (canBy(by, 'user.manage', { places: await personPlaces(db, userId) })) return;
  throw new ForbiddenError('user.manage', !by.actor, '该工作人员在您管理范围以外的机关（或更高层级）任职，只能由上级机关的系统管理员修改');
}

/** Creates a staff user with roles at agencies `by` manages. */
export async function createStaff(
  db: Db,
  input: { email: string; displayName: string; phone?: string; password: string; roles: ReadonlyArray<RoleGrant> },
  by: By,
): Promise<StaffView> {
  refuseGrantsOutside(await scopeOrRefuse(db, by), input.roles);
  return insertStaffUser(db, input, by);
}

/**
 * Changes a staff user `by` manages: the name, active (false ends every session), and the roles at the
 * agencies `by` manages (`roles` replaces those; roles elsewhere are kept as they are).
 */
export async function updateStaff(
  db: Db,
  userId: number,
  input: { displayName?: string; active?: boolean; roles?: ReadonlyArray<RoleGrant> },
  by: By,
): Promise<StaffView> {
  const scope = await scopeOrRefuse(db, by);
  const target = await getStaff(db, by, userId);
  await refuseAbovePerson(db, by, userId);
  let roles: RoleGrant[] | undefined;
  if (input.roles) {
    refuseGrantsOutside(scope, input.roles);
    const codes = new Set(scope.map((a) => a.code));
    const kept = target.roles.filter((r) => !codes.has(r.agencyCode)).map((r) => ({ agencyCode: r.agencyCode, role: r.role }));
    roles = [...kept, ...input.roles];
  }
  return writeStaffUser(db, userId, { ...input, roles }, by);
}

export interface StaffView {
  id: number;
  email: string | null;
  displayName: string;
  active: boolean;
  roles: Array<{ agencyCode: string; agencyName: string; role: Role }>;
}

export async function listStaff(db: Db, userIds?: number[]): Promise<StaffView[]> {
  const base = db
    .select({ id: users.id, email: users.email, displayName: users.displayName, active: users.active })
    .from(users);
  const rows = await (userIds
    ? base.where(and(eq(users.kind, 'staff'), inArray(users.id, userIds.length ? userIds : [-1])))
    : base.where(eq(users.kind, 'staff'))
  ).orderBy(asc(users.id));
  if (rows.length === 0) return [];
  const roles = await db
    .select({ userId: staffRoles.userId, role: staffRoles.role, agencyCode: agencies.code, agencyName: agencies.name })
    .from(staffRoles)
    .innerJoin(agencies, eq(agencies.id, staffRoles.agencyId))
    .where(inArray(staffRoles.userId, rows.map((r) => r.id)))
    .orderBy(asc(agencies.code), asc(staffRoles.role));
  return rows.map((r) => ({
    ...r,
    roles: roles.filter((x) => x.userId === r.id).map(({ role, agencyCode, agencyName }) => ({ role, agencyCode, agencyName })),
  }));
}

async function resolveRoleGrants(
  db: Db,
  grants: ReadonlyArray<{ agencyCode: string; role: Role }>,
): Promise<Array<{ agencyId: number; agencyCode: string; role: Role }>> {
  if (grants.length === 0) return [];
  const codes = [...new Set(grants.map((g) => g.agencyCode))];
  const found = await db.select({ id: agencies.id, code: agencies.code }).from(agencies).where(inArray(agencies.code, codes));
  const byCode = new Map(found.map((a) => [a.code, a.id]));
  return grants.map((g) => {
    const id = byCode.get(g.agencyCode);
    if (id == null) throw new AppError(400, 'validation_failed', `机关“${g.agencyCode}”不存在`, { field: 'roles' });
    return { agencyId: id, agencyCode: g.agencyCode, role: g.role };
  });
}

async function insertStaffUser(
  db: Db,
  input: { email: string; displayName: string; phone?: string; password: string; roles: ReadonlyArray<{ agencyCode: string; role: Role }> },
  by: By,
): Promise<StaffView> {
  await assertLoginFree(db, input.email, input.phone);
  const grants = await resolveRoleGrants(db, input.roles);
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ kind: 'staff', displayName: input.displayName, email: input.email, phone: input.phone ?? null, passwordHash })
      .returning({ id: users.id });
    if (grants.length) {
      await tx
        .insert(staffRoles)
        .values(grants.map((g) => ({ userId: user.id, agencyId: g.agencyId, role: g.role })))
        .onConflictDoNothing();
    }
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      detail: { email: maskEmail(input.email), roles: grants.map((g) => `${g.role}@${g.agencyCode}`) },
    });
    return user.id;
  });
  return (await listStaff(db, [id]))[0];
}

async function writeStaffUser(
  db: Db,
  userId: number,
  input: { displayName?: string; active?: boolean; roles?: ReadonlyArray<{ agencyCode: string; role: Role }> },
  by: By,
): Promise<StaffView> {
  const [user] = await db.select().from(users).where(and(eq(users.id, userId), eq(users.kind, 'staff'))).limit(1);
  if (!user) throw notFound('找不到该工作人员账号');
  const grants = input.roles ? await resolveRoleGrants(db, input.roles) : undefined;
  await db.transaction(async (tx) => {
    const set: Partial<typeof users.$inferInsert> = {};
    if (input.displayName !== undefined) set.displayName = input.displayName;
    if (input.active !== undefined) set.active = input.active;
    if (Object.keys(set).length) await tx.update(users).set(set).where(eq(users.id, userId));
    if (input.active === false) await tx.delete(sessions).where(eq(sessions.userId, userId));
    if (grants) {
      await tx.delete(staffRoles).where(eq(staffRoles.userId, userId));
      if (grants.length) {
        await tx
          .insert(staffRoles)
          .values(grants.map((g) => ({ userId, agencyId: g.agencyId, role: g.role })))
          .onConflictDoNothing();
      }
    }
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'user.update',
      entity: 'user',
      entityId: userId,
      detail: {
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(grants ? { roles: grants.map((g) => `${g.role}@${g.agencyCode}`) } : {}),
      },
    });
  });
  return (await listStaff(db, [userId]))[0];
}

/** Staff users having at least one role at one of these agencies, or no role at all. */
async function staffIdsAtAgencies(db: Db, agencyIds: number[]): Promise<number[]> {
  const withRole = agencyIds.length
    ? await db.selectDistinct({ id: staffRoles.userId }).from(staffRoles).where(inArray(staffRoles.agencyId, agencyIds))
    : [];
  const noRole = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(staffRoles, eq(staffRoles.userId, users.id))
    // An API token's own account (api-schema.ts) is no person: managed on the tokens page, not here.
    .where(and(eq(users.kind, 'staff'), isNull(staffRoles.id), sql`not exists (select 1 from api_tokens where api_tokens.user_id = ${users.id})`));
  return [...new Set([...withRole.map((r) => r.id), ...noRole.map((r) => r.id)])];
}

/** The active handlers (承办人) of an agency, by name: whom a case may be assigned to. */
export async function handlersAt(db: Db, agencyId: number): Promise<Array<{ id: number; displayName: string }>> {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(staffRoles)
    .innerJoin(users, eq(users.id, staffRoles.userId))
    .where(and(eq(staffRoles.agencyId, agencyId), eq(staffRoles.role, 'handler'), eq(users.active, true)))
    .orderBy(asc(users.displayName));
}
