import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { auditLog } from '../../../src/db/schema.ts';

for (const kind of databaseKinds()) {
  describe(`agencies and staff users API [${kind}]`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ kind });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('lists the agencies and the tree to anyone, with the 政府信息公开工作机构', async () => {
      const { api } = server.client();
      const list = (await api.GET('/api/agencies')).data!;
      expect(list.items.map((a) => a.code)).toEqual(['220500', '220500-bgs', '220500-czj', '220500-zsj', '220502', '220502-jyj']);
      expect(list).toMatchObject({ total: 6, page: 1, size: 20 });
      const page2 = (await api.GET('/api/agencies', { params: { query: { page: 2, size: 4 } } })).data!;
      expect(page2.items.map((a) => a.code)).toEqual(['220502', '220502-jyj']);
      const zsj = list.items.find((a) => a.code === '220500-zsj');
      expect(zsj).toMatchObject({ parentCode: '220500', office: { name: '通化市政务服务和数字化建设管理局办公室' } });
      const tree = (await api.GET('/api/agencies/tree')).data!.roots;
      expect(tree).toHaveLength(1);
      expect(tree[0].code).toBe('220500');
      const district = tree[0].children.find((n) => n.code === '220502')!;
      expect(district.children.map((n) => n.code)).toEqual(['220502-jyj']);
      const one = await api.GET('/api/agencies/{code}', { params: { path: { code: '220502-jyj' } } });
      expect(one.data!.agency).toMatchObject({ name: '东昌区教育局', parentCode: '220502' });
      const missing = await api.GET('/api/agencies/{code}', { params: { path: { code: 'nope' } } });
      expect(missing.response.status).toBe(404);
      expect(missing.error!.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('找不到代码为“nope”的机关') });
    });

    it('lets an administrator create an agency below its own, and records it in the audit log', async () => {
      const c = server.client();
      await c.login('admin@city.demo');
      const res = await c.api.POST('/api/agencies', { body: { code: '220502-xjz', name: '新站街道办事处', parentCode: '220502', officePhone: '0435-1234567' } });
      expect(res.response.status).toBe(201);
      expect(res.data!.agency).toMatchObject({ code: '220502-xjz', parentCode: '220502', office: { phone: '0435-1234567' } });
      const audit = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'agency.create'));
      expect(audit.some((a) => (a.detail as { code: string }).code === '220502-xjz')).toBe(true);
      const dup = await c.api.POST('/api/agencies', { body: { code: '220502-xjz', name: '重复', parentCode: '220502' } });
      expect(dup.response.status).toBe(409);
      expect(dup.error!.error).toMatchObject({ code: 'agency_exists', message: expect.stringContaining('已存在') });
    });

    it('refuses agency creation to anonymous users, other roles, and an administrator outside its subtree', async () => {
      expect((await server.client().post('/api/agencies', { code: 'a1', name: 'A', parentCode: '220500' })).status).toBe(401);
      const handler = server.client();
      await handler.login('handler@zsj.demo');
      const r1 = await handler.post('/api/agencies', { code: 'a1', name: 'A', parentCode: '220500-zsj' });
      expect(r1.status).toBe(403);
      expect(r1.json().error.message).toContain('您没有权限执行此操作');
      const bureauAdmin = server.client();
      await bureauAdmin.login('admin@zsj.demo');
      expect((await bureauAdmin.post('/api/agencies', { code: 'a2', name: 'A', parentCode: '220500-czj' })).status).toBe(403);
      expect((await bureauAdmin.post('/api/agencies', { code: 'a3', name: '局属科室', parentCode: '220500-zsj' })).status).toBe(201);
      expect((await bureauAdmin.post('/api/agencies', { code: 'root2', name: '另一个根' })).status).toBe(403);
    });

    it('lets an administrator create, list, read and update staff with roles; others are refused', async () => {
      const admin = server.client();
      await admin.login('admin@city.demo');
      const created = await admin.post('/api/users', {
        email: 'New.Staff@zsj.demo',
        displayName: '新同事',
        password: 'Welcome2024x',
        roles: [{ agencyCode: '220500-zsj', role: 'handler' }],
      });
      expect(created.status).toBe(201);
      const user = created.json().user;
      expect(user).toMatchObject({ email: 'new.staff@zsj.demo', active: true, roles: [{ role: 'handler', agencyCode: '220500-zsj' }] });
      const list = (await admin.get('/api/users')).json().items;
      expect(list.some((u: { id: number }) => u.id === user.id)).toBe(true);
      expect((await admin.get(`/api/users/${user.id}`)).json().user.displayName).toBe('新同事');

      const staff = server.client();
      await staff.login('new.staff@zsj.demo', 'Welcome2024x');
      expect((await staff.get('/api/session/me')).json().user.roles[0].role).toBe('handler');

      const updated = await admin.patch(`/api/users/${user.id}`, { roles: [{ agencyCode: '220500-zsj', role: 'reviewer' }], active: false });
      expect(updated.status).toBe(200);
      expect(updated.json().user).toMatchObject({ active: false, roles: [{ role: 'reviewer' }] });
      // Deactivation ends the sessions and blocks login.
      expect((await staff.get('/api/session/me')).status).toBe(401);
      expect((await server.client().post('/api/session/login', { login: 'new.staff@zsj.demo', password: 'Welcome2024x' })).status).toBe(401);

      const handler = server.client();
      await handler.login('handler@zsj.demo');
      expect((await handler.get('/api/users')).status).toBe(403);
      expect((await handler.post('/api/users', { email: 'x@zsj.demo', displayName: 'X', password: 'Welcome2024x', roles: [] })).status).toBe(403);
    });

    it('keeps a bureau administrator inside its own agency', async () => {
      const admin = server.client();
      await admin.login('admin@zsj.demo');
      const outside = await admin.post('/api/users', {
        email: 'czj2@zsj.demo',
        displayName: '越权',
        password: 'Welcome2024x',
        roles: [{ agencyCode: '220500-czj', role: 'handler' }],
      });
      expect(outside.status).toBe(403);
      const items = (await admin.get('/api/users')).json().items as Array<{ email: string }>;
      expect(items.map((u) => u.email)).toContain('registrar@zsj.demo');
      expect(items.map((u) => u.email)).not.toContain('handler@czj.demo');
      const czjHandler = (await server.client().login('handler@czj.demo')).user;
      expect((await admin.get(`/api/users/${czjHandler.id}`)).status).toBe(404);
    });
  });
}
