/**
 * The annual report's workflow as JSON (src/server/api/reports.ts) over HTTP with the demo's people
 * (policies.ts): publisher 孙专员 compiles and edits (report.edit), reviewer 赵审核 submits
 * (report.submit) to 通化市人民政府's 政务公开办 (supervisor@city.demo, report.review), who returns
 * with a reason or clears; the publisher publishes (report.publish); the public reads the published
 * report; a correction with its 更正说明 is version 2. Refusals: anonymous 401, everyone else 403,
 * nothing changed; workflow errors 409/422 with the domain rule's Chinese message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, reports } from '../../../src/db/schema.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { startTestServer, type TestClient, type TestResponse, type TestServer } from '../../support/server.ts';

/** The typed client's calls (the generated OpenAPI client, test/support/api-client.ts). */
const CODE = '220500-zsj';
const report = (c: TestClient, year = '2024', version?: string) =>
  c.api.GET('/api/agencies/{code}/reports/{year}', { params: { path: { code: CODE, year }, query: version ? { version } : {} } });
const reportList = (c: TestClient) => c.api.GET('/api/agencies/{code}/reports', { params: { path: { code: CODE } } });
const sections = (c: TestClient, body: { overview?: string; problems?: string; other?: string }) =>
  c.api.PUT('/api/agencies/{code}/reports/{year}/sections', { params: { path: { code: CODE, year: '2024' } }, body });
const act = (c: TestClient, step: 'compile' | 'submit' | 'clear' | 'publish') =>
  c.api.POST(`/api/agencies/{code}/reports/{year}/${step}`, { params: { path: { code: CODE, year: '2024' } } });
const returnWith = (c: TestClient, note: string) => c.api.POST('/api/agencies/{code}/reports/{year}/return', { params: { path: { code: CODE, year: '2024' } }, body: { note } });
/** The answer of a typed call that must be 200: its data. */
function ok200<D>(r: { data?: D; error?: unknown; response: Response }): D {
  expect(r.response.status, JSON.stringify(r.error)?.slice(0, 400)).toBe(200);
  return r.data!;
}

let server: TestServer;
const as: Record<string, TestClient> = {};
const A = '/api/agencies/220500-zsj/reports';
const R = `${A}/2024`;
const CZJ_PUBLISHER = `czj-publisher-${Date.now()}@test.invalid`;
const CLEAN = (n: number) => ({
  overview: `2024年，本局依法做好政府信息公开工作。本年新收政府信息公开申请${n}件。`,
  problems: '一是主动公开栏目更新不够及时；二是依申请公开答复文书格式不够统一。改进措施：建立栏目周检制度，统一使用平台生成的答复文书。',
  other: '本年度未收取信息处理费。',
});

beforeAll(async () => {
  server = await startTestServer();
  for (const who of ['publisher@zsj.demo', 'reviewer@zsj.demo', 'handler@zsj.demo', 'supervisor@zsj.demo', 'supervisor@city.demo', 'admin@city.demo', 'zhangsan@applicant.demo', 'handler@czj.demo']) {
    as[who] = server.client();
    await as[who].login(who);
  }
  // another agency's publisher (财政局): report.edit there, nothing at 政数局
  const created = await as['admin@city.demo'].post('/api/users', {
    email: CZJ_PUBLISHER,
    displayName: '财政专员',
    password: 'Gongkai2024x',
    roles: [{ agencyCode: '220500-czj', role: 'publisher' }],
  });
  expect(created.status, created.text).toBe(201);
  as.czjPublisher = server.client();
  await as.czjPublisher.login(CZJ_PUBLISHER, 'Gongkai2024x');
  as.anonymous = server.client();
});
afterAll(async () => {
  await server?.close();
});

/** What a refused request must not move: the reports and the audit log. */
async function snapshot(): Promise<string> {
  const db = server.database.db;
  const rows = await db.select().from(reports).orderBy(reports.id);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return JSON.stringify({ rows, n });
}

type Answer = TestResponse | { response: Response; error?: unknown };
function expectError(res: Answer, status: number | number[], code?: string, message?: RegExp) {
  const [got, body] = 'response' in res ? [res.response.status, res.error] : [res.status, res.json()];
  expect(Array.isArray(status) ? status : [status], JSON.stringify(body).slice(0, 400)).toContain(got);
  const err = (body as { error: { code: string; message: string; details?: any } }).error;
  expect(err.message).toMatch(/[\u4e00-\u9fff]/);
  if (code) expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

async function newTotal(): Promise<number> {
  return ok200(await report(as['publisher@zsj.demo'])).report.applications.new.total!;
}

describe('annual report API: reading', () => {
  it('shows staff the live draft of a year (not yet saved) with its findings; the public only what is published', async () => {
    const d = ok200(await report(as['publisher@zsj.demo']));
    expect(d).toMatchObject({ agency: { code: '220500-zsj' }, year: 2024, status: 'draft', version: 1, saved: false, live: true, deadline: '2025-01-31' });
    expect(d.supervisor!.code).toBe('220500');
    const model = d.report;
    expect(model.year).toBe(2024);
    expect(Object.keys(model.applications)).toContain('withheld.state_secret');
    expect(model.applications.total.total).toBeTypeOf('number');
    expect(d.findings.map((f) => f.code)).toContain('section.placeholder');
    expect(d.allowed).toMatchObject({ edit: true, submit: false, publish: false });
    // the reviewer and the supervising 政务公开办 may see it too
    expect(ok200(await report(as['reviewer@zsj.demo'])).allowed!.submit).toBe(true);
    expect((await report(as['supervisor@city.demo'])).response.status).toBe(200);
    // nobody else sees a draft: not published
    for (const who of ['anonymous', 'zhangsan@applicant.demo', 'handler@czj.demo', 'czjPublisher', 'handler@zsj.demo']) {
      expectError(await report(as[who]), 404, 'not_found', /尚未公布2024年度报告/);
    }
  });

  it('lists the published reports to anyone; the same list with drafts to staff who may see them', async () => {
    const pub = ok200(await reportList(as.anonymous));
    expect(pub.drafts).toBe(false);
    expect(pub.items.find((i) => i.year === 2023)).toMatchObject({ status: 'published', publishedDate: '2024-01-17' });
    expect(pub.items.every((i) => i.status === 'published')).toBe(true);
    expect(pub).toMatchObject({ page: 1, size: 20, total: pub.items.length });
    expect(ok200(await reportList(as['publisher@zsj.demo'])).drafts).toBe(true);
    const y2023 = ok200(await report(as.anonymous, '2023'));
    expect(y2023).toMatchObject({ status: 'published', version: 1, publishedDate: '2024-01-17', superseded: false });
    expect(y2023.report.published).toBe('2024-01-17');
    expectError(await as.anonymous.get('/api/agencies/no-such-agency/reports'), 404, 'not_found', /找不到代码/);
    expectError(await as.anonymous.get(`${A}/24`), 400, 'validation_failed', /四位年份/);
    expectError(await as['publisher@zsj.demo'].get(`${A}/1999`), 400, 'bad_request', /报告年度无效/);
    expectError(await report(as.anonymous, '2023', '9'), 404, 'not_found', /第 9 版/);
  });

  it('opens the applications behind a cell of table 2 (staff only)', async () => {
    const cell = await as['publisher@zsj.demo'].get(`${A}/2023/cells/${encodeURIComponent('table2/new/natural')}`);
    expect(cell.status, cell.text).toBe(200);
    const c = cell.json();
    expect(c.kind).toBe('applications');
    expect(c.value).toBe(c.applications.length);
    expect(c.value).toBeGreaterThan(0);
    expect(c.applications[0]).toHaveProperty('number');
    const zero = (await as['publisher@zsj.demo'].get(`${A}/2023/cells/${encodeURIComponent('table3/reconsideration/upheld')}`)).json();
    expect(zero).toMatchObject({ kind: 'appeals', appeals: [] });
    expectError(await as['publisher@zsj.demo'].get(`${A}/2023/cells/bogus`), 400, 'bad_request', /单元格/);
    expectError(await as['publisher@zsj.demo'].get(`${A}/2023/cells/${encodeURIComponent('table2/nope/natural')}`), 400, 'bad_request', /单元格/);
    expectError(await as.anonymous.get(`${A}/2023/cells/${encodeURIComponent('table2/new/natural')}`), 401, 'unauthenticated');
    expectError(await as['zhangsan@applicant.demo'].get(`${A}/2023/cells/${encodeURIComponent('table2/new/natural')}`), 403, 'forbidden');
  });
});

describe('annual report API: the whole cycle', () => {
  it('refuses every change to anyone the policies do not allow (401/403) and changes nothing', async () => {
    const before = await snapshot();
    const steps: Array<[string, string, unknown]> = [
      ['POST', 'compile', {}],
      ['PUT', 'sections', { overview: '篡改' }],
      ['POST', 'submit', {}],
      ['POST', 'return', { note: '退回' }],
      ['POST', 'clear', {}],
      ['POST', 'publish', {}],
      ['POST', 'correct', { note: '更正' }],
    ];
    for (const [method, step, body] of steps) {
      expectError(await as.anonymous.request(method, `${R}/${step}`, { json: body }), 401, 'unauthenticated');
      for (const who of ['zhangsan@applicant.demo', 'handler@czj.demo', 'czjPublisher', 'handler@zsj.demo', 'admin@city.demo']) {
        expectError(await as[who].request(method, `${R}/${step}`, { json: body }), 403, 'forbidden');
      }
    }
    // anonymous callers are refused before their input is examined
    expectError(await as.anonymous.request('PUT', `${R}/sections`, { json: {} }), 401, 'unauthenticated');
    expectError(await as.anonymous.request('PUT', `${R}/sections`, { json: { overview: 5 } }), 401, 'unauthenticated');
    // no CSRF token: refused before anything else
    expectError(await as['publisher@zsj.demo'].request('POST', `${R}/compile`, { json: {}, csrf: false }), 403, 'csrf_invalid');
    expect(await snapshot()).toBe(before);
  });

  it('the publisher compiles the draft (saved as version 1) and edits a section; the reviewer may not edit', async () => {
    const pub = as['publisher@zsj.demo'];
    expect(ok200(await act(pub, 'compile'))).toMatchObject({ status: 'draft', version: 1, saved: true });
    const [row] = await server.database.db.select().from(reports).where(and(eq(reports.year, 2024), eq(reports.version, 1)));
    expect(row.status).toBe('draft');
    const [entry] = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'report.compile'));
    expect(entry.entityId).toBe(String(row.id));

    expectError(await as['reviewer@zsj.demo'].request('PUT', `${R}/sections`, { json: { problems: 'x' } }), 403, 'forbidden');
    expectError(await pub.request('PUT', `${R}/sections`, { json: {} }), 400, 'validation_failed', /至少提交一部分正文/);
    expectError(await pub.request('PUT', `${R}/sections`, { json: { problems: 'あ'.repeat(20_001) } }), 400, 'validation_failed', /不能超过 20000 字/);
    expectError(await pub.request('PUT', `${R}/sections`, { json: { problems: 'a\u0000b' } }), 400, 'validation_failed', /不能包含控制字符/);
    // kept as written: the paragraph's leading 全角 spaces and its line breaks (\r\n saved as \n)
    const problems = `　　${CLEAN(0).problems.replace('；', '；\r\n')}`;
    const e = ok200(await sections(pub, { problems }));
    expect(e.report.sections.problems).toBe(problems.replace('\r\n', '\n'));
    // 一 still holds the first draft's 【待填写：…】: an error at its section
    expect(e.findings.filter((f) => f.code === 'section.placeholder').map((f) => f.where)).toContain('section/overview');
    expect(e.findings.map((f) => f.where)).not.toContain('section/problems');
  });

  it('refuses to submit a report with an error (422, the errors listed) and to publish before clearance (409)', async () => {
    const before = await snapshot();
    const err = expectError(await as['reviewer@zsj.demo'].post(`${R}/submit`), 422, 'report_has_errors', /不能报送/);
    expect(err.message).toContain('「一、总体情况」还有「【待填写：…】」');
    expect(err.details.findings.map((f: { code: string }) => f.code)).toContain('section.placeholder');
    expectError(await as['publisher@zsj.demo'].post(`${R}/publish`), 409, 'report_state', /须经上级政务公开办审查通过后才能公布/);
    expectError(await as['supervisor@city.demo'].post(`${R}/clear`), 409, 'report_state', /只有已报送的报告才能审查通过/);
    expectError(await as['publisher@zsj.demo'].post(`${R}/correct`, { note: '更正' }), 409, 'report_state', /只有已公布的年度报告才能发布更正版本/);
    expect(await snapshot()).toBe(before);
  });

  it('submit → return with a reason → resubmit → clear → publish, each by its role, in its order', async () => {
    const pub = as['publisher@zsj.demo'];
    const rev = as['reviewer@zsj.demo'];
    const office = as['supervisor@city.demo'];
    const n = await newTotal();
    // a number in the prose that contradicts table 2 is found at its sentence
    const wrong = ok200(await sections(pub, { ...CLEAN(n), overview: CLEAN(n + 7).overview }));
    expect(wrong.findings.map((f) => f.code)).toContain('text.number_mismatch');
    const fixed = ok200(await sections(pub, { overview: CLEAN(n).overview }));
    expect(fixed.findings.map((f) => f.code)).not.toContain('text.number_mismatch');
    expect(fixed.findings.filter((f) => f.severity === 'error' && f.code !== 'deadline.late')).toEqual([]);

    expect(ok200(await act(rev, 'submit'))).toMatchObject({ status: 'submitted', live: false });
    expectError(await rev.post(`${R}/submit`), 409, 'report_state', /当前状态为「已报送，待审查」，不能报送/);
    expectError(await pub.request('PUT', `${R}/sections`, { json: { other: '改' } }), 409, 'report_state', /不能修改/);
    // the bureau's own supervisor role is not its supervising 政务公开办
    expectError(await as['supervisor@zsj.demo'].post(`${R}/return`, { note: '退回' }), 403, 'forbidden');
    expectError(await office.post(`${R}/return`, { note: '   ' }), 400, 'validation_failed', /请填写退回意见/);
    expectError(await office.post(`${R}/return`, {}), 400, 'validation_failed', /请填写退回意见/);

    expect(ok200(await returnWith(office, '请补充政务新媒体的情况。'))).toMatchObject({ status: 'returned', returnNote: '请补充政务新媒体的情况。', live: true });
    expect(ok200(await report(pub)).returnNote).toBe('请补充政务新媒体的情况。');
    ok200(await sections(pub, { overview: `${CLEAN(n).overview}政务新媒体运行正常。` }));

    ok200(await act(rev, 'submit'));
    expectError(await act(pub, 'clear'), 403, 'forbidden');
    expect(ok200(await act(office, 'clear')).status).toBe('cleared');
    expect((await report(as.anonymous)).response.status).toBe(404); // cleared is not yet published

    expectError(await act(rev, 'publish'), 403, 'forbidden');
    const p = ok200(await act(pub, 'publish'));
    expect(p.status).toBe('published');
    expect(p.publishedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.findings.map((f) => f.code)).toContain('deadline.late'); // the demo runs after 2025-01-31: recorded, not blocking
    expectError(await pub.post(`${R}/publish`), 409, 'report_state', /当前状态为「已公布」/);
    expectError(await pub.request('PUT', `${R}/sections`, { json: { other: '改' } }), 409, 'report_state', /只能发布更正版本/);
  });

  it('the public reads the published report: the same model the console and the portal serve', async () => {
    const res = await as.anonymous.get(R);
    expect(res.status).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ status: 'published', version: 1, superseded: false, correctionNote: null });
    expect(r.report.sections.overview).toContain('政务新媒体运行正常。');
    const portal = (await as.anonymous.get('/agencies/220500-zsj/reports/2024/download/json')).json() as ReportModel;
    expect(r.report).toEqual(portal);
    const staff = (await as['publisher@zsj.demo'].get(R)).json();
    expect(staff.report).toEqual(portal);
    const list = (await as.anonymous.get(A)).json();
    expect(list.items.find((i: { year: number }) => i.year === 2024)).toMatchObject({ status: 'published', version: 1, publishedDate: r.publishedDate });
    // the board of the 政务公开办
    const board = ok200(await as['supervisor@city.demo'].api.GET('/api/agencies/{code}/report-board', { params: { path: { code: '220500' }, query: { year: '2024', size: 100 } } }));
    expect(board.total).toBe(board.items.length);
    const rows = board.items;
    expect(rows.find((x) => x.agency.code === '220500-zsj')).toMatchObject({ status: 'published' });
    expect(rows.find((x) => x.agency.code === '220500-czj')).toMatchObject({ status: null, statusLabel: '未编制' });
    expectError(await as['publisher@zsj.demo'].get('/api/agencies/220500/report-board?year=2024'), 403, 'forbidden');
    expectError(await as.anonymous.get('/api/agencies/220500/report-board'), 401, 'unauthenticated');
  });

  it('a correction with its 更正说明 is version 2; version 1 stays public until version 2 is published, then both are', async () => {
    const pub = as['publisher@zsj.demo'];
    expectError(await pub.post(`${R}/correct`, { note: '' }), 400, 'validation_failed', /请填写更正说明/);
    expectError(await as['reviewer@zsj.demo'].post(`${R}/correct`, { note: '更正' }), 403, 'forbidden');
    const corrected = await pub.post(`${R}/correct`, { note: '补计12月30日收到的一件申请。' });
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.json()).toMatchObject({ version: 2, status: 'draft', correctionNote: '补计12月30日收到的一件申请。' });
    expect(corrected.json().versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    expect((await as.anonymous.get(R)).json()).toMatchObject({ version: 1, status: 'published' });

    expect((await as['reviewer@zsj.demo'].post(`${R}/submit`)).status).toBe(200);
    expect((await as['supervisor@city.demo'].post(`${R}/clear`)).status).toBe(200);
    expect((await pub.post(`${R}/publish`)).status).toBe(200);

    const v2 = (await as.anonymous.get(R)).json();
    expect(v2).toMatchObject({ version: 2, status: 'published', correctionNote: '补计12月30日收到的一件申请。', superseded: false });
    expect(v2.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = (await as.anonymous.get(`${R}?version=1`)).json();
    expect(v1).toMatchObject({ version: 1, superseded: true, correctionNote: null });
    const rows = await server.database.db.select().from(reports).where(and(eq(reports.year, 2024), eq(reports.status, 'published')));
    expect(rows.map((r) => r.version).sort()).toEqual([1, 2]);
    const list = (await as.anonymous.get(A)).json();
    expect(list.items.find((i: { year: number }) => i.year === 2024).versions).toHaveLength(2);
  });
});
