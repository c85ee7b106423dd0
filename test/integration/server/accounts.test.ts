import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { applicantProfiles, auditLog, sessions, users } from '../../../src/db/schema.ts';
import { DEMO_PASSWORD } from '../../../src/db/seed/demo.ts';

const natural = {
  applicantType: 'natural' as const,
  name: '李四',
  phone: '13912345678',
  idNumber: '11010519491231002X',
  password: 'Lantern2024x',
};
const company = {
  applicantType: 'org.research',
  name: '通化示范研究院',
  email: 'Research@Example.COM',
  creditCode: '91350100M000100Y43',
  password: 'Lantern2024x',
};

for (const kind of databaseKinds()) {
  describe(`accounts API [${kind}]`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ kind });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('answers health and the OpenAPI document of every API route', async () => {
      const c = server.client();
      const health = await c.get('/api/health');
      expect(health.status).toBe(200);
      expect(health.json()).toEqual({ status: 'ok', database: 'ok' });
      const doc = (await c.get('/api/openapi.json')).json();
      expect(doc.openapi).toMatch(/^3\./);
      for (const p of ['/api/health', '/api/session/login', '/api/register', '/api/agencies', '/api/agencies/tree', '/api/users', '/api/users/{id}']) {
        expect(Object.keys(doc.paths)).toContain(p);
      }
      expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/'))).toBe(true);
      expect(doc.paths['/api/register'].post.requestBody).toBeTruthy();
    });

    it('answers unknown API routes with a Chinese 404 JSON error', async () => {
      const res = await server.client().get('/api/no-such-thing');
      expect(res.status).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      expect(res.json().error.message).toContain('找不到接口');
    });

    it('registers a 自然人, who then signs in; the ID number is stored, the password hashed with argon2id', async () => {
      const c = server.client();
      const res = await c.api.POST('/api/register', { body: natural });
      expect(res.response.status).toBe(202);
      expect(res.data!.message).toContain('请使用填写的手机号码或电子邮箱和密码登录');
      expect((await c.api.GET('/api/session/me')).response.status).toBe(401);
      await c.login(natural.phone, natural.password);
      const me = await c.api.GET('/api/session/me');
      expect(me.data!.user.displayName).toBe('李四');
      const [u] = await server.database.db.select().from(users).where(eq(users.phone, '13912345678'));
      expect(u.passwordHash).toMatch(/^\$argon2id\$/);
      const [p] = await server.database.db.select().from(applicantProfiles).where(eq(applicantProfiles.userId, u.id));
      expect(p).toMatchObject({ applicantType: 'natural', idDocType: 'resident_id', idNumber: '11010519491231002X' });
      // The audit entry masks the phone.
      const audits = await server.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(u.id)));
      expect(JSON.stringify(audits)).not.toContain('13912345678');
    });

    it('registers a 法人或其他组织 with its category and credit code; e-mail is case-insensitive', async () => {
      const c = server.client();
      const res = await c.post('/api/register', company);
      expect(res.status).toBe(202);
      const [u] = await server.database.db.select().from(users).where(eq(users.email, 'research@example.com'));
      const [p] = await server.database.db.select().from(applicantProfiles).where(eq(applicantProfiles.userId, u.id));
      expect(p).toMatchObject({ applicantType: 'org.research', creditCode: '91350100M000100Y43', idNumber: null });
      const again = server.client();
      expect((await again.post('/api/session/login', { login: 'RESEARCH@example.com', password: 'Lantern2024x' })).status).toBe(200);
    });

    it('refuses a wrong ID number and a wrong credit code with Chinese messages', async () => {
      const c = server.client();
      const badId = await c.post('/api/register', { ...natural, phone: '13900000011', idNumber: '110105194912310021' });
      expect(badId.status).toBe(400);
      expect(badId.json().error.code).toBe('validation_failed');
      expect(badId.json().error.message).toContain('居民身份证号码校验位不正确');
      const badCode = await c.post('/api/register', { ...company, email: 'x@example.com', creditCode: '91350100M000100Y44' });
      expect(badCode.status).toBe(400);
      expect(badCode.json().error.message).toContain('统一社会信用代码校验位不正确');
      const noContact = await c.post('/api/register', { ...natural, phone: undefined });
      expect(noContact.status).toBe(400);
      expect(noContact.json().error.message).toContain('至少填写手机号码或电子邮箱');
    });

    it('a duplicate (same phone, same ID number, same credit code) creates nothing and gets the same answer as a new account', async () => {
      const c = server.client();
      const fresh = await c.post('/api/register', { ...natural, phone: '13900000099', idNumber: '220502199001011230' });
      const count = async () => (await server.database.db.select().from(users)).length;
      const before = await count();
      const samePhone = await c.post('/api/register', { ...natural, idNumber: '220502199103071234' });
      const sameId = await c.post('/api/register', { ...natural, phone: '13900000012' });
      const sameCode = await c.post('/api/register', { ...company, email: 'other@example.com' });
      for (const r of [samePhone, sameId, sameCode]) {
        expect(r.status).toBe(fresh.status);
        expect(r.text).toBe(fresh.text);
      }
      expect(await count()).toBe(before);
    });

    it('logs in, rotates the session id, and logs out deleting the server-side session', async () => {
      const c = server.client();
      await c.login('handler@zsj.demo');
      const first = c.cookies.get('gk_session');
      const me = (await c.api.GET('/api/session/me')).data!.user;
      expect(me.roles).toEqual([{ role: 'handler', agencyCode: '220500-zsj', agencyName: '通化市政务服务和数字化建设管理局' }]);
      await c.login('handler@zsj.demo');
      const second = c.cookies.get('gk_session');
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);
      // The old token no longer works.
      const stale = server.client();
      stale.cookies.set('gk_session', first!);
      expect((await stale.api.GET('/api/session/me')).response.status).toBe(401);
      const before = (await server.database.db.select().from(sessions)).length;
      expect((await c.api.POST('/api/session/logout')).data).toEqual({ ok: true });
      expect((await server.database.db.select().from(sessions)).length).toBe(before - 1);
      const after = await c.api.GET('/api/session/me');
      expect(after.response.status).toBe(401);
      expect(after.error!.error).toEqual({ code: 'unauthenticated', message: '请先登录' });
    });

    it('sets the session cookie http-only and SameSite=Lax', async () => {
      const c = server.client();
      const res = await c.login('reviewer@zsj.demo');
      const cookie = res.headers.getSetCookie().find((l) => l.startsWith('gk_session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    });

    it('refuses a wrong password with 401 in Chinese', async () => {
      const res = await server.client().api.POST('/api/session/login', { body: { login: 'handler@zsj.demo', password: 'wrong-password1' } });
      expect(res.response.status).toBe(401);
      expect(res.error!.error).toEqual({ code: 'invalid_credentials', message: '账号或密码不正确' });
      const unknown = await server.client().api.POST('/api/session/login', { body: { login: 'nobody@zsj.demo', password: 'x' } });
      expect(unknown.response.status).toBe(401);
    });

    it('rate-limits login per IP and account: the 11th attempt in a minute is 429 in Chinese', async () => {
      const c = server.client();
      for (let i = 0; i < 10; i++) {
        expect((await c.post('/api/session/login', { login: 'publisher@zsj.demo', password: 'bad' })).status).toBe(401);
      }
      const limited = await c.post('/api/session/login', { login: 'publisher@zsj.demo', password: DEMO_PASSWORD });
      expect(limited.status).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      expect(limited.json().error.message).toMatch(/登录尝试过于频繁，请在 \d+ 秒后再试/);
      // Another account from the same address is not blocked.
      expect((await c.post('/api/session/login', { login: 'registrar@zsj.demo', password: DEMO_PASSWORD })).status).toBe(200);
    });

    it('refuses a state-changing request without a CSRF token: 403 in Chinese', async () => {
      const c = server.client();
      const res = await c.request('POST', '/api/session/login', { json: { login: 'handler@zsj.demo', password: DEMO_PASSWORD }, csrf: false });
      expect(res.status).toBe(403);
      expect(res.json().error.code).toBe('csrf_invalid');
      expect(res.json().error.message).toContain('安全校验未通过');
      await c.fetchCsrf();
      const forged = await c.request('POST', '/api/session/login', {
        json: { login: 'handler@zsj.demo', password: DEMO_PASSWORD },
        headers: { 'x-csrf-token': 'forged-token' },
        csrf: false,
      });
      expect(forged.status).toBe(403);
      const page = await c.request('POST', '/logout', { form: { _csrf: 'nope' }, csrf: false });
      expect(page.status).toBe(403);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('安全校验未通过');
    });

    it('changes the password: the old one stops working, the new one works', async () => {
      const c = server.client();
      const reg = await c.post('/api/register', { ...natural, name: '王五', phone: '13700000001', idNumber: '220502198506150020' });
      expect(reg.status).toBe(202);
      await c.login('13700000001', 'Lantern2024x');
      const wrong = await c.post('/api/account/password', { currentPassword: 'nope', newPassword: 'NewSecret4567' });
      expect(wrong.status).toBe(400);
      expect(wrong.json().error.message).toBe('当前密码不正确');
      const weak = await c.post('/api/account/password', { currentPassword: 'Lantern2024x', newPassword: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.json().error.message).toContain('密码至少需要10位');
      expect((await c.post('/api/account/password', { currentPassword: 'Lantern2024x', newPassword: 'NewSecret4567' })).status).toBe(200);
      const other = server.client();
      expect((await other.post('/api/session/login', { login: '13700000001', password: 'Lantern2024x' })).status).toBe(401);
      expect((await other.post('/api/session/login', { login: '13700000001', password: 'NewSecret4567' })).status).toBe(200);
      expect((await server.client().post('/api/account/password', { currentPassword: 'a', newPassword: 'NewSecret7890' })).status).toBe(401);
    });

    it('maps schema validation errors to 400 validation_failed with Chinese messages', async () => {
      const res = await server.client().post('/api/register', { applicantType: 'martian', name: '', password: 'x' });
      expect(res.status).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('validation_failed');
      expect(err.message).toContain('请选择申请人类型');
      expect(err.details.issues.length).toBeGreaterThan(0);
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    });
  });
}
