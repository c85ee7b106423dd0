/**
 * The database error net (app.ts) is defence in depth, not validation: a value PostgreSQL refuses
 * (a NUL: SQLSTATE 22021, an id beyond int4: 22003, text that is no number: 22P02, …) must be refused
 * by the route's own schema first, with a Chinese message naming the field. The net logs a warning
 * naming the route whenever it is reached; these tests walk every API route of the OpenAPI document
 * and the form and page routes with such values and require that no request reaches it. They also
 * check that the net still answers 400 (and logs the route, never the value) if something does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../../src/server/app.ts';
import { createTestDatabase } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { example, fillPath, isChinese, loadRoutes, type Route } from './openapi.ts';

const NET_MESSAGE = '校验缺口';

/** A pino destination that keeps the log lines of the app. */
function logCapture() {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    /** The net's warnings since `from`. */
    netHits: (from = 0) => lines.slice(from).filter((l) => String(l.msg ?? '').includes(NET_MESSAGE)),
  };
}

/** Values the database refuses or cannot hold in an int4 / date / text column. */
const STRINGS = ['\u0000', 'a\u0000b', 'a\u0001b', '\u007f', '2023-02-29', '99999-01-01'];
const NUMBERS = [2 ** 31, 2 ** 53, 1e20, -(2 ** 31) - 1];
const IN_URL = [...STRINGS, '2147483648', '99999999999', '-2147483649', 'NaN'];
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 30);

describe('no input reaches the database error net', () => {
  let server: TestServer;
  let log: ReturnType<typeof logCapture>;
  let routes: Route[];
  const gaps: string[] = [];

  beforeAll(async () => {
    log = logCapture();
    server = await startTestServer({ logger: { level: 'warn', stream: log.stream } });
    routes = await loadRoutes(server.app);
  });
  afterAll(async () => server?.close());

  async function send(client: TestClient, where: string, method: string, url: string, opts: { json?: unknown; form?: Record<string, string> } = {}) {
    const before = log.lines.length;
    const res = opts.form ? await client.postForm(url, opts.form) : await client.request(method, url, method === 'GET' ? {} : { json: opts.json ?? {} });
    for (const hit of log.netHits(before)) gaps.push(`${where} → ${hit.route} SQLSTATE ${hit.sqlstate}`);
    expect(res.status, `${where} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
    return res;
  }

  async function walkApi(client: TestClient, who: string) {
    for (const r of routes.filter((x) => !/logout|password/.test(x.path))) {
      const base = (example(r.body) ?? {}) as Record<string, unknown>;
      for (const k of Object.keys(r.body?.properties ?? {})) {
        for (const v of [...STRINGS, ...NUMBERS]) await send(client, `${who} ${r.key} body.${k}=${show(v)}`, r.method, fillPath(r), { json: { ...base, [k]: v } });
      }
      for (const p of r.params) {
        for (const v of IN_URL) {
          const url = p.in === 'path' ? fillPath(r, { [p.name]: v }) : `${fillPath(r)}?${new URLSearchParams({ [p.name]: v })}`;
          await send(client, `${who} ${r.key} ${p.in}.${p.name}=${show(v)}`, r.method, url, { json: base });
        }
      }
    }
  }

  it('every API route of the OpenAPI document, every field, as an administrator and as an applicant', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    await walkApi(admin, 'admin');
    const applicant = server.client();
    await applicant.login('zhangsan@applicant.demo');
    await walkApi(applicant, 'applicant');
    expect(gaps, `validation gaps:\n${gaps.join('\n')}`).toEqual([]);
  }, 300_000);

  it('the request bodies the OpenAPI document does not describe (documents, figures, steps, templates)', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    const doc = { title: '标题', docNumber: '文号', issuer: '机关', writtenDate: '2024-01-01', body: '正文', note: '说明' };
    for (const k of Object.keys(doc)) {
      for (const v of STRINGS) {
        await send(admin, `POST documents ${k}=${show(v)}`, 'POST', '/api/agencies/220500-zsj/documents', { json: { ...doc, [k]: v } });
        await send(admin, `PATCH documents/1 ${k}=${show(v)}`, 'PATCH', '/api/documents/1', { json: { ...doc, [k]: v } });
      }
    }
    for (const v of STRINGS) {
      await send(admin, `withdraw reason=${show(v)}`, 'POST', '/api/documents/1/withdraw', { json: { reason: v } });
      await send(admin, `figures source=${show(v)}`, 'PUT', '/api/agencies/220500-zsj/figures/2023', { json: { licensing: 1, penalty: 1, coercion: 1, fees_wan_yuan: 1, source: v } });
      await send(admin, `letter template=${show(v)}`, 'PUT', '/api/agencies/220500-zsj/letter-templates/public', { json: { override: { title: v } } });
    }
    // The calendar file: names and the notice inside the JSON or CSV text.
    const calendar = (name: string, number: string) =>
      JSON.stringify({ year: 2031, source: { notice: { number, title: '国务院办公厅关于2031年部分节假日安排的通知' } }, holidays: [{ date: '2031-01-01', name }], workdays: [] });
    for (const v of STRINGS) {
      await send(admin, `calendar JSON name=${show(v)}`, 'POST', '/api/calendar/years', { json: { text: calendar(v, '国办发明电〔2030〕1号'), format: 'json' } });
      await send(admin, `calendar JSON notice=${show(v)}`, 'POST', '/api/calendar/years', { json: { text: calendar('元旦', v), format: 'json' } });
      await send(admin, `calendar CSV name=${show(v)}`, 'POST', '/api/calendar/years', { json: { text: `date,kind,name\n2031-01-01,holiday,${v}\n`, format: 'csv', notice: '国办发明电〔2030〕1号' } });
    }
    const steps: Array<Record<string, unknown>> = [
      { step: 'assign', handlerUserId: 1 },
      { step: 'correction_request', items: ['补正'], periodWorkingDays: 5 },
      { step: 'consultation_send', party: 'third_party', consultee: '第三方', reason: '原因' },
      { step: 'extension_request', workingDays: 5, reason: '原因' },
      { step: 'decision_propose', outcome: 'public', details: { reasonDetail: '理由', access: '途径' } },
    ];
    for (const id of [1, 2, 3]) {
      for (const st of steps) {
        for (const k of Object.keys(st).filter((x) => x !== 'step')) {
          for (const v of [...STRINGS, ...NUMBERS]) await send(admin, `step ${st.step} ${k}=${show(v)}`, 'POST', `/api/applications/${id}/steps`, { json: { ...st, [k]: v } });
        }
        for (const v of STRINGS) await send(admin, `step ${st.step} date=${show(v)}`, 'POST', `/api/applications/${id}/steps`, { json: { ...st, date: v } });
      }
    }
    expect(gaps, `validation gaps:\n${gaps.join('\n')}`).toEqual([]);
  }, 300_000);

  it('the form and page routes (they parse forms and path parameters themselves)', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    const forms: Array<[string, Record<string, string>]> = [
      ['/console/agencies', { code: 'gap-1', name: '机关', parentCode: '220500' }],
      ['/console/agencies/220500-zsj', { name: '机关' }],
      ['/console/users', { email: 'gap@x.cn', displayName: '姓名', password: 'Kfz8mPq2Lw' }],
      ['/console/220500-zsj/documents', { title: '标题', kind: 'other', category: 'other' }],
      ['/console/220500-zsj/applications/new', { channel: 'in_person', submittedDate: '2024-03-01', applicantType: 'natural', applicantName: '姓名', applicantPhone: '13800000000', subject: '信息', provisionForm: '纸质', deliveryMethod: '邮寄' }],
      ['/console/220500-zsj/appeals', { kind: 'reconsideration', filedDate: '2024-03-01', result: 'pending', organ: '复议机关' }],
    ];
    for (const [url, base] of forms) {
      for (const k of Object.keys(base)) for (const v of STRINGS) await send(admin, `form ${url} ${k}=${show(v)}`, 'POST', url, { form: { ...base, [k]: v } });
    }
    for (const v of IN_URL) {
      const e = encodeURIComponent(v);
      for (const path of [`/my/applications/${e}`, `/my/applications/${e}/receipt`, `/console/applications/${e}`, `/documents/${e}`, `/agencies/${e}`, `/agencies/${e}/guide`, `/agencies/${e}/catalog`, `/agencies/${e}/reports`, `/console/${e}/documents`, `/console/${e}/figures`, `/console/${e}/appeals`, `/console/reports/${e}`, `/agencies/${e}/reports/2023`, `/agencies/220500-zsj/reports/${e}`, `/console/${e}/applications`, `/console/${e}/applications/new`, `/console/${e}/letter-templates`, `/documents/${e}/versions`, `/search?agency=${e}`, `/search?q=${e}`]) {
        await send(admin, `GET ${path}`, 'GET', path);
      }
      await send(admin, `POST /console/applications/${v}/step`, 'POST', `/console/applications/${e}/step`, { form: { step: 'confirm' } });
      await send(admin, `POST /console/${v}/applications/new`, 'POST', `/console/${e}/applications/new`, { form: forms[4][1] });
      await send(admin, `POST /console/${v}/appeals`, 'POST', `/console/${e}/appeals`, { form: forms[5][1] });
      await send(admin, `POST /console/${v}/figures`, 'POST', `/console/${e}/figures?year=2023`, { form: { licensing: '1', penalty: '1', coercion: '1', fees_wan_yuan: '1', source: '统计' } });
      await send(admin, `POST /console/users/${v}/roles`, 'POST', `/console/users/${e}/roles`, { form: {} });
      await send(admin, `POST /my/applications/${v}/withdraw`, 'POST', `/my/applications/${e}/withdraw`, { form: {} });
      // Notifications (issue 17).
      for (const path of [`/messages?before=${e}`, `/console/mail?status=${e}`, `/console/${e}/notification-templates`, `/unsubscribe?token=${e}`, `/password/reset?token=${e}`]) {
        await send(admin, `GET ${path}`, 'GET', path);
      }
      for (const path of [`/messages/${e}/read`, `/messages/${e}/open`, `/console/mail/${e}/retry`, `/console/users/${e}/password-reset`, `/unsubscribe?token=${e}`]) {
        await send(admin, `POST ${path}`, 'POST', path, { form: {} });
      }
      await send(admin, `POST /console/${v}/notification-templates`, 'POST', `/console/${e}/notification-templates`, { form: { kind: 'receipt', subject: '{{申请编号}}', body: '{{链接}}' } });
    }
    for (const v of STRINGS) {
      await send(admin, `form notification template subject=${show(v)}`, 'POST', '/console/220500-zsj/notification-templates', { form: { kind: 'receipt', subject: v, body: '{{申请编号}}{{链接}}' } });
      await send(admin, `form notification template body=${show(v)}`, 'POST', '/console/220500-zsj/notification-templates', { form: { kind: 'receipt', subject: '{{申请编号}}', body: `${v}{{链接}}` } });
      await send(admin, `form notification template kind=${show(v)}`, 'POST', '/console/220500-zsj/notification-templates', { form: { kind: v, subject: '{{申请编号}}', body: '{{链接}}' } });
      await send(admin, `form /account/notifications ${show(v)}`, 'POST', '/account/notifications', { form: { [`receipt.${v}`]: '1', 'letter.email': v } });
      await send(admin, `form /password/reset token=${show(v)}`, 'POST', '/password/reset', { form: { token: v, newPassword: 'Kfz8mPq2Lw', confirm: 'Kfz8mPq2Lw' } });
      await send(admin, `form /unsubscribe token=${show(v)}`, 'POST', '/unsubscribe', { form: { token: v } });
    }
    const anonymous = server.client();
    for (const v of STRINGS) {
      await send(anonymous, `form /login login=${show(v)}`, 'POST', '/login', { form: { login: v, password: 'x' } });
      await send(anonymous, `form /register name=${show(v)}`, 'POST', '/register', { form: { applicantType: 'natural', name: v, phone: '13800000001', idNumber: '220502198501217724', password: 'Kfz8mPq2Lw' } });
    }
    const applicant = server.client();
    await applicant.login('zhangsan@applicant.demo');
    for (const k of ['agencyCode', 'subject', 'documentNumber', 'description']) {
      for (const v of STRINGS) await send(applicant, `form /apply ${k}=${show(v)}`, 'POST', '/apply', { form: { agencyCode: '220500-zsj', subject: '信息', provisionForm: '纸质', deliveryMethod: '邮寄', [k]: v } });
    }
    expect(gaps, `validation gaps:\n${gaps.join('\n')}`).toEqual([]);
  }, 300_000);

  it('former gaps are refused by their schema with the field’s own message', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    const before = log.lines.length;
    const office = await admin.patch('/api/agencies/220500-zsj', { name: '通化市政务服务和数字化建设管理局', officeName: '政务公开\u0000办公室' });
    expect(office.status).toBe(400);
    expect(office.json().error.code).toBe('validation_failed');
    expect(office.json().error.message).toContain('工作机构名称不能包含控制字符');
    const id = await admin.get('/api/applications/99999999999');
    expect(id.status).toBe(400);
    expect(id.json().error.message).toContain('申请编号超出范围');
    const search = await admin.get(`/api/search?agency=${encodeURIComponent('\u0000')}`);
    expect(search.status).toBe(400);
    expect(search.json().error.message).toContain('机关代码不能包含控制字符');
    const login = await server.client().postForm('/login', { login: 'a\u0000b', password: 'x' });
    expect(login.status).toBe(400);
    expect(login.text).toContain('登录账号不能包含控制字符');
    // An id or a code nobody can have is simply not found on the pages (no schema there).
    expect((await admin.get('/console/applications/99999999999')).status).toBe(404);
    expect((await admin.get(`/agencies/${encodeURIComponent('\u0000')}`)).status).toBe(404);
    expect(log.netHits(before)).toEqual([]);
  });
});

describe('the net itself (defence in depth)', () => {
  it('still answers 400 in Chinese when a database refusal reaches it, and logs the route and SQLSTATE without the value', async () => {
    const database = await createTestDatabase({ demo: false });
    const log = logCapture();
    const app = await buildApp({ db: database.db, logger: { level: 'warn', stream: log.stream } });
    // A route without a schema, as a future gap would be: the database itself refuses the value.
    app.get('/api/net-probe/text', async (request) => {
      await database.db.execute(sql`SELECT ${(request.query as { v: string }).v}::text AS v`);
      return { ok: true };
    });
    app.get('/api/net-probe/int', async (request) => {
      await database.db.execute(sql`SELECT ${(request.query as { v: string }).v}::integer AS v`);
      return { ok: true };
    });
    try {
      const nul = await app.inject({ method: 'GET', url: `/api/net-probe/text?v=${encodeURIComponent('身份证\u0000110101')}` });
      expect(nul.statusCode).toBe(400);
      expect(nul.json().error.code).toBe('invalid_character');
      expect(isChinese(nul.json().error.message)).toBe(true);
      const big = await app.inject({ method: 'GET', url: '/api/net-probe/int?v=2147483648' });
      expect(big.statusCode).toBe(400);
      expect(big.json().error.code).toBe('value_out_of_range');
      const hits = log.netHits();
      expect(hits.map((h) => [h.route, h.sqlstate])).toEqual([
        ['GET /api/net-probe/text', '22021'],
        ['GET /api/net-probe/int', '22003'],
      ]);
      expect(hits.every((h) => h.level === 40)).toBe(true);
      // Masked: the value (here an id number) is not in the warning.
      expect(JSON.stringify(hits)).not.toContain('110101');
      expect(JSON.stringify(hits)).not.toContain('2147483648');
      const ok = await app.inject({ method: 'GET', url: '/api/net-probe/text?v=abc' });
      expect(ok.statusCode).toBe(200);
      expect(log.netHits()).toHaveLength(2);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
