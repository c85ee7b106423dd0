/**
 * Staff users API (administrators only): list, create, read, update (name, active, roles).
 * An administrator manages the staff of its agency and the agencies below it, and can only grant
 * roles at those agencies. Nothing is deleted: a user leaving is `active: false` (sessions end).
 */
import { z } from 'zod';
import type { App } from '../app.ts';
import { requireUser } from '../app.ts';
import { listAgencies, pathOf } from '../../app/agencies.ts';
import { createStaffUser, listStaff, resolveRoleGrants, staffIdsAtAgencies, updateStaffUser } from '../../app/accounts.ts';
import type { CurrentUser } from '../../app/auth.ts';
import { can, ForbiddenError } from '../../app/policies.ts';
import { dbId, staffCreateSchema, staffUpdateSchema } from '../../app/schemas.ts';
import { ROLES } from '../../db/schema.ts';
import { notFound } from '../../app/errors.ts';

const staffSchema = z.object({
  id: z.number().int(),
  email: z.string().nullable(),
  displayName: z.string(),
  active: z.boolean(),
  roles: z.array(z.object({ role: z.enum(ROLES), agencyCode: z.string(), agencyName: z.string() })),
});

async function manageableAgencyIds(app: App, user: CurrentUser): Promise<{ ids: Set<number>; all: Awaited<ReturnType<typeof listAgencies>> }> {
  const all = await listAgencies(app.db);
  const ids = new Set(all.filter((a) => can(user, 'user.manage', { agencyPath: pathOf(all, a.id) })).map((a) => a.id));
  return { ids, all };
}

async function assertCanManage(app: App, user: CurrentUser, agencyCodes: string[]) {
  const { ids } = await manageableAgencyIds(app, user);
  if (ids.size === 0) throw new ForbiddenError('user.manage', false);
  const grants = await resolveRoleGrants(app.db, agencyCodes.map((agencyCode) => ({ agencyCode, role: 'registrar' as const })));
  if (grants.some((g) => !ids.has(g.agencyId))) throw new ForbiddenError('user.manage', false);
  return ids;
}

export async function routes(app: App) {
  app.get(
    '/api/users',
    { schema: { tags: ['users'], summary: '工作人员列表（本机关及下级机关）', response: { 200: z.object({ items: z.array(staffSchema) }) } } },
    async (request) => {
      const user = requireUser(request);
      const { ids } = await manageableAgencyIds(app, user);
      if (ids.size === 0) throw new ForbiddenError('user.manage', false);
      return { items: await listStaff(app.db, await staffIdsAtAgencies(app.db, [...ids])) };
    },
  );

  app.post(
    '/api/users',
    { schema: { tags: ['users'], summary: '新增工作人员并授予角色', body: staffCreateSchema, response: { 201: z.object({ user: staffSchema }) } } },
    async (request, reply) => {
      const user = requireUser(request);
      await assertCanManage(app, user, request.body.roles.map((r) => r.agencyCode));
      const created = await createStaffUser(app.db, request.body, { actorUserId: user.userId, ip: request.ip });
      reply.code(201);
      return { user: created };
    },
  );

  const idParams = z.object({ id: dbId('用户编号') });

  async function loadManaged(user: CurrentUser, id: number) {
    const { ids } = await manageableAgencyIds(app, user);
    if (ids.size === 0) throw new ForbiddenError('user.manage', false);
    const visible = await staffIdsAtAgencies(app.db, [...ids]);
    if (!visible.includes(id)) throw notFound('找不到该工作人员账号');
    return (await listStaff(app.db, [id]))[0];
  }

  app.get(
    '/api/users/:id',
    { schema: { tags: ['users'], summary: '一个工作人员', params: idParams, response: { 200: z.object({ user: staffSchema }) } } },
    async (request) => ({ user: await loadManaged(requireUser(request), request.params.id) }),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: '修改工作人员（姓名、启用/停用、角色整体替换、重设密码）；只能修改最高任职机关在本人管理范围内的人员',
        params: idParams,
        body: staffUpdateSchema,
        response: { 200: z.object({ user: staffSchema }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const target = await loadManaged(user, request.params.id);
      const touched = [...target.roles.map((r) => r.agencyCode), ...(request.body.roles ?? []).map((r) => r.agencyCode)];
      if (request.body.roles) await assertCanManage(app, user, touched);
      // Disabling or an administrator's password reset ends the person's sessions (in the use case).
      const updated = await updateStaffUser(app.db, request.params.id, request.body, { actor: user, ip: request.ip });
      return { user: updated };
    },
  );
}
