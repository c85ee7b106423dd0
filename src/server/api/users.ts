/**
 * Staff users API (administrators only): list, create, read, update (name, active, roles).
 * Who may see and change whom: src/app/staff.ts (the same use cases as /console/users).
 */
import { z } from 'zod';
import type { App } from '../app.ts';
import { byOf, requireUser } from '../app.ts';
import { createStaff, getStaff, listStaffFor, updateStaff } from '../../app/staff.ts';
import { dbId, staffCreateSchema, staffUpdateSchema } from '../../app/schemas.ts';
import { ROLES } from '../../db/schema.ts';
import { pageOf, pageQuery, paged } from './contract.ts';

const staffSchema = z
  .object({
  id: z.number().int(),
  email: z.string().nullable(),
  displayName: z.string(),
  active: z.boolean(),
  roles: z.array(z.object({ role: z.enum(ROLES), agencyCode: z.string(), agencyName: z.string() })),
})
  .meta({ id: 'Staff', description: '工作人员及其角色' });

export async function routes(app: App) {
  app.get(
    '/api/users',
    { schema: { tags: ['users'], summary: '工作人员列表（本机关及下级机关）', querystring: pageQuery, response: { 200: paged(staffSchema) } } },
    async (request) => {
      requireUser(request);
      return pageOf((await listStaffFor(app.db, byOf(request))).staff, request.query);
    },
  );

  app.post(
    '/api/users',
    { schema: { tags: ['users'], summary: '新增工作人员并授予角色', body: staffCreateSchema, response: { 201: z.object({ user: staffSchema }) } } },
    async (request, reply) => {
      requireUser(request);
      const created = await createStaff(app.db, request.body, byOf(request));
      reply.code(201);
      return { user: created };
    },
  );

  const idParams = z.object({ id: dbId('用户编号') });

  app.get(
    '/api/users/:id',
    { schema: { tags: ['users'], summary: '一个工作人员', params: idParams, response: { 200: z.object({ user: staffSchema }) } } },
    async (request) => {
      requireUser(request);
      return { user: await getStaff(app.db, byOf(request), request.params.id) };
    },
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
      requireUser(request);
      const updated = await updateStaff(app.db, request.params.id, request.body, byOf(request));
      return { user: updated };
    },
  );
}
