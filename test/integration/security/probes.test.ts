/**
 * Issue 16: each probe of the hand-made attack, replayed. Every one of them succeeded as an attack
 * before; here each must fail as an attack. (The upload bombs are in bombs.test.ts and
 * upload-fuzz.test.ts; the data-folder lock race in lock-race.test.ts; the exports in
 * test/unit/security.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportApplicationsCsv, importApplicationsCsv } from '../../../src/app/applications/import.ts';
import { readCsvFile } from '../../../src/cli/csv-file.ts';
import { agencies, applications, auditLog, letterTemplates, users } from '../../../src/db/schema.ts';
import { letterAgency } from '../../../src/app/applications/letters.ts';
import { createTestDatabase } from '../../support/db.ts';
import { encodeGbk } from '../../support/gbk.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { validIdNumber } from '../reliability/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('probe: /login?next=/%09/evil.example/phish', () => {
  it('after signing in, the browser stays on this site', async () => {
    const c = server.client();
    const form = await c.get('/login?next=/%09/evil.example/phish');
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('name="next"'); // the escape is not carried into the form
    const res = await c.postForm('/login', { login: 'handler@zsj.demo', password: 'Gongkai2024!', next: '/\t/evil.example/phish' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    // what the browser would do with the Location: stay here
    expect(new URL(res.headers.get('location')!, server.url).origin).toBe(server.url);
  });

  it('every other form of escape falls back to the default, and a CR/LF is refused with 400', async () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/%5cevil.example', ' //evil.example']) {
      const res = await server.client().postForm('/login', { login: 'handler@zsj.demo', password: 'Gongkai2024!', next });
      expect(res.headers.get('location'), next).toBe('/console');
    }
    const crlf = await server.client().get('/login?next=/x%0d%0aSet-Cookie:%20a=1');
    expect(crlf.status).toBe(400);
    expect(crlf.text).toContain('跳转地址含有换行符');
    const size = await server.client().get('/text-size?size=large&next=/%09/evil.example');
    expect(size.headers.get('location')).toBe('/');
    const crlfSize = await server.client().get('/text-size?size=large&next=/a%0aX:1');
    expect(crlfSize.status).toBe(400);
    const fine = await server.client().get('/text-size?size=large&next=/agencies/220500-zsj');
    expect(fine.headers.get('location')).toBe('/agencies/220500-zsj');
  });
});

describe('probe: POST /api/register tells whether an e-mail, phone or ID number has an account', () => {
  it('the answer is byte for byte the same for a new person and for each identifier of an existing account', async () => {
    const c = server.client();
    const person = (n: number) => ({ applicantType: 'natural', name: '探测', phone: `1390016${String(n).padStart(4, '0')}`, idNumber: validIdNumber(16, n), password: 'Probe2024xyz' });
    const fresh = await c.post('/api/register', person(1));
    const sameEmail = await c.post('/api/register', { ...person(2), email: 'zhangsan@applicant.demo' });
    const samePhone = await c.post('/api/register', { ...person(3), phone: person(1).phone });
    const sameId = await c.post('/api/register', { ...person(4), idNumber: person(1).idNumber });
    for (const r of [sameEmail, samePhone, sameId]) {
      expect(r.status).toBe(fresh.status);
      expect(r.text).toBe(fresh.text);
      expect(r.headers.get('set-cookie')).toBe(fresh.headers.get('set-cookie'));
    }
    // the owner's account is untouched, nothing was created for the prober, and the attempt is on record for a message to the owner
    expect((await server.database.db.select().from(users).where(eq(users.phone, person(3).phone))).length).toBe(0);
    const recorded = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.register_existing'));
    expect(recorded.map((r) => (r.detail as { matchedBy: string }).matchedBy).sort()).toEqual(['email', 'idNumber', 'phone']);
  });

  it('registration is rate-limited per address, and per identifier whatever the address', async () => {
    const limited = await startTestServer({ demo: false, trustProxy: true });
    try {
      const c = limited.client();
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) {
        const r = await c.request('POST', '/api/register', {
          json: { applicantType: 'natural', name: '批量', phone: `1370017${String(i).padStart(4, '0')}`, idNumber: validIdNumber(17, i), password: 'Probe2024xyz' },
          headers: { 'x-forwarded-for': '203.0.113.7' },
        });
        statuses.push(r.status);
      }
      expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
      // one ID number from many addresses: 5 an hour
      const idStatuses: number[] = [];
      let last = '';
      for (let i = 0; i < 7; i++) {
        const r = await c.request('POST', '/api/register', {
          json: { applicantType: 'natural', name: '同证件', phone: `1360018${String(i).padStart(4, '0')}`, idNumber: validIdNumber(18, 0), password: 'Probe2024xyz' },
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        });
        idStatuses.push(r.status);
        last = r.text;
      }
      expect(idStatuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
      expect(JSON.parse(last).error.message).toMatch(/使用同一手机号码、电子邮箱或证件号码的注册过于频繁/);
    } finally {
      await limited.close();
    }
  });

  it('login is rate-limited per account whatever the address, and per address whatever the account', async () => {
    const limited = await startTestServer({ trustProxy: true });
    try {
      const c = limited.client();
      const perAccount: number[] = [];
      for (let i = 0; i < 11; i++) {
        const r = await c.request('POST', '/api/session/login', { json: { login: 'reviewer@zsj.demo', password: 'wrong-password' }, headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
        perAccount.push(r.status);
      }
      expect(perAccount.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(perAccount[10]).toBe(429);
      const perAddress: number[] = [];
      for (let i = 0; i < 61; i++) {
        const r = await c.request('POST', '/api/session/login', { json: { login: `nobody${i}@example.com`, password: 'wrong-password' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
        perAddress.push(r.status);
      }
      expect(perAddress.slice(0, 60).every((s) => s === 401)).toBe(true);
      expect(perAddress[60]).toBe(429);
    } finally {
      await limited.close();
    }
  }, 120_000);
});

describe('probe: password1 is accepted; a password change leaves the other sessions alive', () => {
  it('the policy is by length and known-bad lists, the demo password passes', async () => {
    const c = server.client();
    const base = { applicantType: 'natural', name: '王密码', phone: '13900191234', email: 'wangmima@example.com', idNumber: validIdNumber(19, 1) };
    for (const [password, says] of [
      ['password1', '至少需要10位'],
      ['password1234', '太常见'],
      ['1qaz2wsx3edc', '太常见'],
      ['qwertyuiop', '太常见'],
      ['Woaini1314!', '太常见'],
      ['13900191234x', '不能包含'],
      ['wangmima2024', '不能包含'],
    ]) {
      const r = await c.post('/api/register', { ...base, password });
      expect(r.status, password).toBe(400);
      expect(r.json().error.message, password).toContain(says);
    }
    expect((await c.post('/api/register', { ...base, password: 'Gongkai2024!' })).status).toBe(202);
  });

  it('changing one’s password ends every other session of the account, keeps this one', async () => {
    const phone = '13900201234';
    const a = server.client();
    await a.post('/api/register', { applicantType: 'natural', name: '多设备', phone, idNumber: validIdNumber(20, 1), password: 'Sessions2024x' });
    await a.login(phone, 'Sessions2024x');
    const b = server.client();
    await b.login(phone, 'Sessions2024x');
    expect((await b.get('/api/session/me')).status).toBe(200);
    expect((await a.post('/api/account/password', { currentPassword: 'Sessions2024x', newPassword: 'Sessions2025y' })).status).toBe(200);
    expect((await a.get('/api/session/me')).status).toBe(200);
    expect((await b.get('/api/session/me')).status).toBe(401);
  });

  it('a password reset by link holds to the same policy, the person’s identifiers included', async () => {
    // (the reset itself, by an administrator or by its owner, ends every session: test/integration/notifications)
    const { resetPassword } = await import('../../../src/app/password-reset.ts');
    await expect(resetPassword(server.database.db, 'x'.repeat(43), 'password123')).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('probe: a department administrator disables or renames a city-level administrator and changes the calendar', () => {
  it('what an administrator may do to a person depends on the highest place the person holds', async () => {
    const city = server.client();
    await city.login('admin@city.demo');
    // a city-level administrator who also holds a role in the department
    const created = await city.post('/api/users', {
      email: 'two.levels@city.demo',
      displayName: '两级管理员',
      password: 'Gongkai2024!',
      roles: [{ agencyCode: '220500', role: 'administrator' }, { agencyCode: '220500-zsj', role: 'handler' }],
    });
    expect(created.status).toBe(201);
    const id = created.json().user.id;
    const dept = server.client();
    await dept.login('admin@zsj.demo');
    for (const change of [{ displayName: '改名' }, { active: false }, { roles: [{ agencyCode: '220500-zsj', role: 'handler' }] }]) {
      const res = await dept.patch(`/api/users/${id}`, change);
      expect(res.status, JSON.stringify(change)).toBe(403);
      expect(res.json().error.message).toContain('只能由上级机关的系统管理员修改');
    }
    for (const action of ['disable', 'password-reset']) {
      const page = await dept.postForm(`/console/users/${id}/${action}`, {});
      expect(page.status, action).toBe(403);
      expect(page.text).toContain('只能由上级机关的系统管理员修改');
    }
    const still = (await city.get(`/api/users/${id}`)).json().user;
    expect(still).toMatchObject({ displayName: '两级管理员', active: true });
    // the department's own staff are still the department administrator's to manage
    const own = (await dept.get('/api/users')).json().items.find((u: { email: string }) => u.email === 'registrar@zsj.demo');
    expect((await dept.patch(`/api/users/${own.id}`, { displayName: '李登记' })).status).toBe(200);
    // and the city administrator manages the two-level one
    expect((await city.patch(`/api/users/${id}`, { displayName: '两级管理员（改）' })).status).toBe(200);
  });

  it('the calendar belongs to the installation’s administrators (the root agency), not a department’s', async () => {
    const dept = server.client();
    await dept.login('admin@zsj.demo');
    expect((await dept.get('/api/calendar/years')).status).toBe(403);
    const post = await dept.post('/api/calendar/years', { text: 'date,kind,name\n2031-01-01,holiday,元旦', format: 'csv' });
    expect(post.status).toBe(403);
    const page = await dept.get('/console/calendar');
    expect(page.status).toBe(403);
    expect(page.text).toContain('只有本级人民政府（根机关）的系统管理员可以维护');
    expect((await dept.get('/console')).text).not.toContain('/console/calendar');
    const city = server.client();
    await city.login('admin@city.demo');
    expect((await city.get('/api/calendar/years')).status).toBe(200);
    expect((await city.get('/console')).text).toContain('/console/calendar');
  });
});

describe('probe: gongkai export applications writes =HYPERLINK(…), +1+1, @SUM(…) as they are; a GBK CSV imports as mojibake', () => {
  const ATTACKS = ['=HYPERLINK("http://evil.example/x","点我")', '+1+1', '@SUM(A1:A9)', '-2+3'];
  const HEADER = 'agency_code,number,applicant_type,channel,received_date,decided_date,outcome,applicant_name,subject';
  const csvOf = (rows: string[][]) => stringify(rows, { header: false }).trim();

  it('the export neutralises every formula start and still imports back unchanged', async () => {
    const rows = ATTACKS.map((a, i) => ['220500-bgs', `F-${i}`, 'natural', 'in_person', '2025-03-03', '', '', a, a]);
    await importApplicationsCsv(server.database.db, `${HEADER}\n${csvOf(rows)}\n`, 'attack.csv');
    const exported = await exportApplicationsCsv(server.database.db, '220500-bgs');
    const cells = (parse(exported, { columns: false }) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(exported).toContain(`"'=HYPERLINK(""http://evil.example/x"",""点我"")"`);
    expect(exported).toContain("'+1+1");
    expect(exported).toContain("'-2+3");
    // into another installation and out again: the same file
    const other = await createTestDatabase({ demo: true });
    try {
      await importApplicationsCsv(other.db, exported, 'exported.csv');
      expect(await exportApplicationsCsv(other.db, '220500-bgs')).toBe(exported);
      const subjects = await other.db.select({ s: applications.subject }).from(applications).where(like(applications.number, 'F-%'));
      expect(subjects.map((r) => r.s).sort()).toEqual([...ATTACKS].sort());
    } finally {
      await other.close();
    }
  });

  it('a GBK CSV (Excel for Chinese Windows) imports as Chinese; bytes of no known encoding are refused in Chinese', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-gbk-'));
    try {
      const file = path.join(dir, 'gbk.csv');
      writeFileSync(file, encodeGbk(`${HEADER}\n220500-bgs,G-1,natural,in_person,2025-04-01,,,张三,关于道路维修的信息\n`));
      expect(await importApplicationsCsv(server.database.db, readCsvFile(file), file)).toBe(1);
      const [row] = await server.database.db.select().from(applications).where(eq(applications.number, 'G-1'));
      expect(row).toMatchObject({ applicantName: '张三', subject: '关于道路维修的信息' });
      writeFileSync(file, Buffer.from([0x80, 0xff, 0x41, 0x2c, 0xfe]));
      expect(() => readCsvFile(file)).toThrow(/字符编码无法识别（支持 UTF-8、带 BOM 的 UTF-8 和 GBK\/GB18030）/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('probe: a reviewer saves any JSON as the agency’s letter profile; API answers carrying ID numbers have no Cache-Control: no-store', () => {
  it('the profile is checked by one schema, every fault named in Chinese; a stored row that does not fit falls back to the defaults', async () => {
    const reviewer = server.client();
    await reviewer.login('reviewer@zsj.demo');
    const url = '/api/agencies/220500-zsj/letter-templates/agency_profile';
    for (const override of [[1, 2], 'x', null, { numberPrefix: '' }, { kind: 'martian' }, { numberPrefix: { $gt: 1 } }, { numberPrefix: '吉政数', script: '<x>' }, { courtName: 'a'.repeat(500) }]) {
      const res = await reviewer.request('PUT', url, { json: { override } });
      expect(res.status, JSON.stringify(override)).toBe(400);
      expect(res.json().error.message).toContain('机关文书设置有误');
    }
    const ok = await reviewer.request('PUT', url, { json: { override: { numberPrefix: '吉政数公开', courtName: '通化市东昌区人民法院' } } });
    expect(ok.status).toBe(200);
    // a row saved before the schema (or by hand) cannot break the letters: it reads as no profile
    const [zsj] = await server.database.db.select().from(agencies).where(eq(agencies.code, '220500-zsj'));
    await server.database.db.insert(letterTemplates).values({ agencyId: zsj.id, kind: 'agency_profile', body: JSON.stringify({ kind: 42, numberPrefix: [] }) });
    const agency = await letterAgency(server.database.db, zsj.id);
    expect(agency).toMatchObject({ name: '通化市政务服务和数字化建设管理局', kind: 'department' });
    expect(typeof agency.numberPrefix).toBe('string');
  });

  it('every answer with personal data says Cache-Control: no-store', async () => {
    const applicant = server.client();
    await applicant.login('zhangsan@applicant.demo');
    const handler = server.client();
    await handler.login('handler@zsj.demo');
    const admin = server.client();
    await admin.login('admin@city.demo');
    const checks: Array<[ReturnType<typeof server.client>, string]> = [
      [applicant, '/api/session/me'],
      [applicant, '/api/my/applications'],
      [handler, '/api/agencies/220500-zsj/applications'],
      [admin, '/api/users'],
      [handler, '/console'],
    ];
    for (const [c, p] of checks) {
      const res = await c.get(p);
      expect(res.status, p).toBeLessThan(500);
      expect(res.headers.get('cache-control'), p).toBe('no-store');
    }
    const register = await server.client().post('/api/register', { applicantType: 'natural', name: 'x' });
    expect(register.headers.get('cache-control')).toBe('no-store');
    // public answers stay cacheable as before
    expect((await server.client().get('/static/site.css')).headers.get('cache-control')).toContain('max-age');
  });
});
