/**
 * Security over HTTP (issue 8), against the real app on loopback with the demo data, walking every
 * route of the OpenAPI document: CSRF on every state change, anonymous refusal of every route that
 * is not public, security headers, login rate limit, session rotation and expiry, argon2id, and
 * personal data kept out of pages, API answers and the server log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { schema } from '../../../src/db/index.ts';
import { tableCounts } from '../../../src/db/backup.ts';
import { SESSION_COOKIE } from '../../../src/app/auth.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { example, fillPath, isChinese, isPublic, loadRoutes, query, validIdNumber, type Route } from './openapi.ts';


let server: TestServer;
let routes: Route[];
const log: string[] = [];

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _e, cb) {
      log.push(String(chunk));
      cb();
    },
  });
  server = await startTestServer({ logger: { level: 'trace', stream } });
  routes = await loadRoutes(server.app);
});
afterAll(async () => {
  await server?.close();
});

describe('the OpenAPI document', () => {
  it('lists the API routes (the tests below walk all of them)', () => {
    const keys = routes.map((r) => r.key);
    for (const k of ['POST /api/session/login', 'POST /api/register', 'GET /api/users', 'POST /api/agencies']) expect(keys).toContain(k);
    console.log(`[security] ${routes.length} API routes in the OpenAPI document`);
  });
});

describe('CSRF', () => {
  it('refuses every state-changing route without a token (403, Chinese), signed in or not, and changes nothing', async () => {
    const before = await tableCounts(server.database.db);
    const admin = server.client();
    await admin.login('admin@city.demo');
    const anon = server.client();
    await anon.fetchCsrf(); // has the CSRF cookie, but sends no token
    // POST /api/audit changes nothing and opts out of CSRF (src/server/api/audit.ts: `config: { csrf: false }`).
    const CSRF_EXEMPT = ['POST /api/audit'];
    const unsafe = routes.filter((r) => r.method !== 'GET' && !CSRF_EXEMPT.includes(r.key));
    expect(unsafe.length).toBeGreaterThan(3);
    for (const r of unsafe) {
      for (const c of [admin, anon]) {
        const res = await c.request(r.method, fillPath(r) + query(r), { json: example(r.body) ?? {}, csrf: false });
        // A multipart route refuses the JSON body before the CSRF check (400/415): refused all the same.
        if (!r.bodyType?.includes('json') && [400, 415].includes(res.status)) continue;
        expect(res.status, `${r.key} without a CSRF token`).toBe(403);
        expect(res.json().error.code, r.key).toBe('csrf_invalid');
        expect(isChinese(res.json().error.message)).toBe(true);
        // A forged token is refused the same way.
        const forged = await c.request(r.method, fillPath(r), { json: example(r.body) ?? {}, csrf: false, headers: { 'x-csrf-token': 'forged-token' } });
        expect(forged.status, `${r.key} with a forged CSRF token`).toBe(403);
      }
    }
    const after = await tableCounts(server.database.db);
    // Only the admin's login above wrote (a session, and its count in the login limit's rate_limits row).
    expect({ ...after, sessions: 0, audit_log: 0, rate_limits: 0 }).toEqual({ ...before, sessions: 0, audit_log: 0, rate_limits: 0 });
  });

  it('refuses a form post to a page without the _csrf field', async () => {
    const c = server.client();
    await c.get('/login');
    const res = await c.request('POST', '/login', { form: { login: 'admin@city.demo', password: 'Gongkai2024!' }, csrf: false });
    expect(res.status).toBe(403);
    expect(res.text).toContain('安全校验未通过');
  });
});

describe('nobody where they do not belong: anonymous callers', () => {
  it('are refused (401/403/404, Chinese message, stable code) on every API route that is not public', async () => {
    const anon = server.client();
    const checked: string[] = [];
    for (const r of routes.filter((x) => !isPublic(x))) {
      const res = await anon.request(r.method, fillPath(r) + query(r), r.method === 'GET' ? {} : { json: example(r.body) ?? {} });
      expect([401, 403, 404], `${r.key} answered ${res.status} to an anonymous caller: ${res.text.slice(0, 200)}`).toContain(res.status);
      const err = res.json().error;
      expect(err.code).toMatch(/^[a-z_.]+$/);
      expect(isChinese(err.message), `${r.key}: ${err.message}`).toBe(true);
      checked.push(r.key);
    }
    expect(checked.length).toBeGreaterThan(3);
  });

  it('get a Chinese 404 with a stable code for an unknown API route', async () => {
    const res = await server.client().get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect(isChinese(res.json().error.message)).toBe(true);
  });
});

describe('security headers', () => {
  it('are sent on pages, API answers and errors', async () => {
    const c = server.client();
    for (const p of ['/', '/login', '/api/health', '/api/no-such-thing', '/no-such-page']) {
      const res = await c.get(p);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, p).toContain("frame-ancestors 'none'");
      expect(csp, p).toContain("default-src 'self'");
      expect(csp, p).toContain("object-src 'none'");
      expect(csp, p).not.toContain("'unsafe-inline'");
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), p).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), p).toBe('SAMEORIGIN');
      expect(res.headers.get('cross-origin-opener-policy'), p).toBe('same-origin');
      expect(res.headers.get('x-powered-by'), p).toBeNull();
    }
  });

  it('marks the session cookie HttpOnly and SameSite', async () => {
    const res = await server.client().login('zhangsan@applicant.demo');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

describe('sessions and passwords', () => {
  it('rotates the session on login: a new token, the old one no longer valid', async () => {
    const c = server.client();
    await c.login('zhangsan@applicant.demo');
    const first = c.cookies.get(SESSION_COOKIE)!;
    await c.login('zhangsan@applicant.demo');
    const second = c.cookies.get(SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    const old = server.client();
    old.cookies.set(SESSION_COOKIE, first);
    expect((await old.get('/api/session/me')).status).toBe(401);
    expect((await c.get('/api/session/me')).status).toBe(200);
    // The database keeps only a digest of the token.
    const rows = await server.database.db.select({ id: schema.sessions.id }).from(schema.sessions);
    expect(rows.some((r) => r.id === second)).toBe(false);
  });

  it('expires a session at its expiry time and ends it at logout', async () => {
    const c = server.client();
    const login = await c.login('company@applicant.demo');
    const userId = login.user.id;
    expect((await c.get('/api/session/me')).status).toBe(200);
    await server.database.db.update(schema.sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.sessions.userId, userId));
    const expired = await c.get('/api/session/me');
    expect(expired.status).toBe(401);
    expect(expired.json().error.message).toBe('请先登录');
    await c.login('company@applicant.demo');
    const token = c.cookies.get(SESSION_COOKIE)!;
    await c.post('/api/session/logout');
    const again = server.client();
    again.cookies.set(SESSION_COOKIE, token);
    expect((await again.get('/api/session/me')).status).toBe(401);
  });

  it('stores passwords as argon2id hashes with at least the OWASP minimum cost', async () => {
    const rows = await server.database.db.select({ h: schema.users.passwordHash }).from(schema.users);
    expect(rows.length).toBeGreaterThan(5);
    for (const { h } of rows) {
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(h);
      expect(m, h.slice(0, 30)).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2);
    }
  });

  it('rate-limits login attempts with a Chinese 429', async () => {
    const c = server.client();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await c.post('/api/session/login', { login: 'reviewer@zsj.demo', password: 'wrong-password-1' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const last = await c.post('/api/session/login', { login: 'reviewer@zsj.demo', password: 'Gongkai2024!' });
    expect(last.status).toBe(429);
    expect(last.json().error.code).toBe('rate_limited');
    expect(last.json().error.message).toMatch(/登录尝试过于频繁/);
  });

  it('rate-limits online submissions', async () => {
    const submit = routes.find((r) => r.key === 'POST /api/applications');
    expect(submit, 'POST /api/applications is in the OpenAPI document').toBeDefined();
    const c = server.client();
    await c.login('zhangsan@applicant.demo');
    let limited: { status: number; json(): any } | undefined;
    for (let i = 0; i < 200 && !limited; i++) {
      const res = await c.post('/api/applications', example(submit!.body) ?? {});
      if (res.status === 429) limited = res;
    }
    expect(limited, '200 submissions in a row were never limited').toBeDefined();
    expect(isChinese(limited!.json().error.message)).toBe(true);
  });
});

describe('personal data stays private', () => {
  const idNumber = validIdNumber(4242);
  const phone = '13912345678';
  const address = '吉林省通化市东昌区保密路99号';

  it('never shows an applicant’s ID number, phone or address in public pages, API answers, errors or the log', async () => {
    const c = server.client();
    const reg = await c.post('/api/register', {
      applicantType: 'natural',
      name: '隐私测试',
      phone,
      email: 'privacy@test.invalid',
      idNumber,
      address,
      password: 'Quiet2024river',
    });
    expect(reg.status).toBe(202);
    await c.login(phone, 'Quiet2024river');
    const [row] = await server.database.db.select().from(schema.applicantProfiles).where(eq(schema.applicantProfiles.idNumber, idNumber));
    expect(row, 'the raw value is stored (for the agency), just never shown publicly').toBeDefined();
    const seen: string[] = [reg.text];
    // Pages and public API routes, anonymous and as the applicant.
    const anon = server.client();
    const pages = ['/', '/login', '/register', '/agencies/220500-zsj', '/account', '/console'];
    for (const p of pages) seen.push((await anon.get(p)).text, (await c.get(p)).text);
    for (const r of routes.filter((x) => x.method === 'GET')) {
      seen.push((await anon.get(fillPath(r) + query(r))).text, (await c.get(fillPath(r) + query(r))).text);
    }
    // Errors caused with the personal data in the input: duplicates, bad logins.
    seen.push((await anon.post('/api/register', { applicantType: 'natural', name: 'x', phone, idNumber, password: 'Quiet2024river' })).text);
    seen.push((await anon.post('/api/session/login', { login: phone, password: 'wrong-password-1' })).text);
    seen.push((await anon.post('/api/register', { applicantType: 'natural', name: 'y', phone: `${phone}0`, idNumber: `${idNumber}9`, address, password: 'p' })).text);
    const all = seen.join('\n');
    const logged = log.join('');
    expect(logged.length).toBeGreaterThan(1000);
    for (const secret of [idNumber, phone, address, 'Quiet2024river']) {
      expect(all.includes(secret), `${secret} in an answer`).toBe(false);
      expect(logged.includes(secret), `${secret} in the server log`).toBe(false);
    }
    // The audit trail holds no raw personal data either.
    const audit = await server.database.db.execute(sql`SELECT detail::text AS d FROM audit_log`);
    const details = (audit as unknown as { rows: Array<{ d: string }> }).rows.map((r) => r.d).join('\n');
    for (const secret of [idNumber, phone, address]) expect(details.includes(secret), `${secret} in audit_log`).toBe(false);
  });
});
