import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { agencies, auditLog, staffRoles, users } from '../../../src/db/schema.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function agencyRow(code: string) {
  const [a] = await server.database.db.select().from(agencies).where(eq(agencies.code, code));
  return a;
}

describe('/console/agencies (机关管理)', () => {
  it('shows the link and the tree of the agencies an administrator manages', async () => {
    const c = server.client();
    await c.login('admin@city.demo');
    const consolePage = await c.get('/console');
    expect(parse(consolePage.text).querySelectorAll('a').some((a) => a.getAttribute('href') === '/console/agencies')).toBe(true);
    const res = await c.get('/console/agencies');
    expect(res.status).toBe(200);
    const doc = parse(res.text);
    expect(doc.querySelector('h1')!.text).toBe('机关管理');
    expect(doc.querySelector('.agency-tree')!.text).toContain('东昌区教育局');
  });

  it('adds an agency through the form and edits its office details, shown at once in the 公开指南', async () => {
    const c = server.client();
    await c.login('admin@city.demo');
    const created = await c.postForm('/console/agencies', { parentCode: '220502', code: '220502-tzz', name: '团结街道办事处', officePhone: '0435-7654321' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/console/agencies/220502-tzz');
    const row = await agencyRow('220502-tzz');
    expect(row).toMatchObject({ name: '团结街道办事处', officePhone: '0435-7654321' });
    // Warm the portal's directory, then edit: the guide must show the new details at once.
    expect((await c.get('/agencies/220502-tzz')).text).toContain('团结街道办事处');
    const edited = await c.postForm('/console/agencies/220502-tzz', {
      name: '团结街道办事处（新）',
      officeName: '团结街道党政办公室',
      officePhone: '0435-1112222',
      officeAddress: '东昌区团结路1号',
      officeHours: '工作日 8:30-16:30',
      officeEmail: 'gk@tjjd.demo',
    });
    expect(edited.status).toBe(303);
    const guide = await c.get('/agencies/220502-tzz');
    expect(guide.text).toContain('团结街道办事处（新）');
    expect(guide.text).toContain('团结街道党政办公室');
    expect(guide.text).toContain('东昌区团结路1号');
    expect(guide.text).toContain('0435-1112222');
    const audit = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'agency.update'));
    expect(audit.some((a) => (a.detail as { code: string }).code === '220502-tzz')).toBe(true);
  });

  it('re-renders invalid input with Chinese messages and writes nothing', async () => {
    const c = server.client();
    await c.login('admin@city.demo');
    const bad = await c.postForm('/console/agencies', { parentCode: '220502', code: 'bad code!', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('机关代码只能包含字母、数字');
    expect(bad.text).toContain('请填写机关名称');
    expect(await agencyRow('bad code!')).toBeUndefined();
    const before = await agencyRow('220502-jyj');
    const badEdit = await c.postForm('/console/agencies/220502-jyj', { name: '', officeEmail: 'not-an-email' });
    expect(badEdit.status).toBe(400);
    expect(badEdit.text).toContain('请填写机关名称');
    expect(await agencyRow('220502-jyj')).toEqual(before);
  });

  it('refuses a handler, and a sibling agency administrator outside its subtree', async () => {
    const handler = server.client();
    await handler.login('handler@zsj.demo');
    const h = await handler.get('/console/agencies');
    expect(h.status).toBe(403);
    expect(h.text).toContain('只有系统管理员可以管理机关和工作人员');
    expect((await handler.postForm('/console/agencies/220500-zsj', { name: '改名' })).status).toBe(403);
    const sibling = server.client();
    await sibling.login('admin@zsj.demo');
    expect((await sibling.get('/console/agencies/220500-zsj')).status).toBe(200);
    const other = await sibling.postForm('/console/agencies/220500-czj', { name: '改名' });
    expect(other.status).toBe(404);
    expect(other.text).toContain('找不到该机关，或您无权管理该机关');
    expect((await agencyRow('220500-czj')).name).not.toBe('改名');
    const created = await sibling.postForm('/console/agencies', { parentCode: '220500', code: '220500-xx', name: '某局' });
    expect(created.status).toBe(400);
    expect(await agencyRow('220500-xx')).toBeUndefined();
  });

  it('PATCH /api/agencies/:code changes the office details for an administrator above, 403 for others', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    const res = await admin.patch('/api/agencies/220500-czj', { name: '通化市财政局', officePhone: '0435-9999999' });
    expect(res.status).toBe(200);
    expect(res.json().agency).toMatchObject({ code: '220500-czj', parentCode: '220500', office: { phone: '0435-9999999' } });
    const sibling = server.client();
    await sibling.login('admin@zsj.demo');
    const refused = await sibling.patch('/api/agencies/220500-czj', { name: '改名' });
    expect(refused.status).toBe(403);
    expect((await agencyRow('220500-czj')).name).toBe('通化市财政局');
  });
});

async function userRow(email: string) {
  const [u] = await server.database.db.select().from(users).where(eq(users.email, email));
  return u;
}
async function rolesOf(userId: number) {
  const rows = await server.database.db.select().from(staffRoles).where(eq(staffRoles.userId, userId));
  return rows.map((r) => r.role).sort();
}

describe('/console/users (工作人员管理)', () => {
  it('creates a staff user through the form, changes the roles, disables the account', async () => {
    const c = server.client();
    await c.login('admin@city.demo');
    const page = await c.get('/console/users');
    expect(page.status).toBe(200);
    expect(parse(page.text).querySelector('table.staff')!.text).toContain('王承办');
    const created = await c.postForm('/console/users', {
      email: 'new.staff@jyj.demo',
      displayName: '陈新人',
      password: 'Gongkai2024!',
      'role:220502-jyj:handler': '1',
    });
    expect(created.status).toBe(303);
    const u = await userRow('new.staff@jyj.demo');
    expect(u).toMatchObject({ displayName: '陈新人', kind: 'staff' });
    expect(await rolesOf(u.id)).toEqual(['handler']);
    const newcomer = server.client();
    await newcomer.login('new.staff@jyj.demo');
    const listed = await c.get('/console/users');
    expect(parse(listed.text).querySelector('tr[data-email="new.staff@jyj.demo"]')!.text).toContain('东昌区教育局·');
    expect((await c.postForm(`/console/users/${u.id}/roles`, { 'role:220502-jyj:registrar': '1', 'role:220502-jyj:reviewer': '1' })).status).toBe(303);
    expect(await rolesOf(u.id)).toEqual(['registrar', 'reviewer']);
    expect((await c.postForm(`/console/users/${u.id}/disable`, {})).status).toBe(303);
    expect((await userRow('new.staff@jyj.demo')).active).toBe(false);
    const again = await server.client().post('/api/session/login', { login: 'new.staff@jyj.demo', password: 'Gongkai2024!' });
    expect(again.status).not.toBe(200);
  });

  it('re-renders invalid input with Chinese messages and writes nothing', async () => {
    const c = server.client();
    await c.login('admin@city.demo');
    const bad = await c.postForm('/console/users', { email: 'not-an-email', displayName: '', password: '1', 'role:220502-jyj:handler': '1' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('请填写姓名');
    expect(bad.text).toContain('密码至少需要10位');
    expect(bad.text).toContain('请填写正确的电子邮箱地址');
    expect(await userRow('not-an-email')).toBeUndefined();
    const dup = await c.postForm('/console/users', { email: 'handler@zsj.demo', displayName: '重复', password: 'Gongkai2024!' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('该电子邮箱已注册');
  });

  it('refuses a handler, and an administrator of a sibling agency for staff outside its subtree', async () => {
    const handler = server.client();
    await handler.login('handler@zsj.demo');
    const h = await handler.get('/console/users');
    expect(h.status).toBe(403);
    expect(h.text).toContain('只有系统管理员可以管理机关和工作人员');
    const sibling = server.client();
    await sibling.login('admin@zsj.demo');
    const czj = await userRow('handler@czj.demo');
    const refused = await sibling.postForm(`/console/users/${czj.id}/disable`, {});
    expect(refused.status).toBe(404);
    expect(refused.text).toContain('找不到该机关，或您无权管理该机关');
    expect((await userRow('handler@czj.demo')).active).toBe(true);
    const grant = await sibling.postForm('/console/users', { email: 'x@czj.demo', displayName: '越权', password: 'Gongkai2024!', 'role:220500-czj:handler': '1' });
    expect(grant.status).toBe(400);
    expect(grant.text).toContain('只能授予您管理的机关的角色');
    expect(await userRow('x@czj.demo')).toBeUndefined();
  });
});
