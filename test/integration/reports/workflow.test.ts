/**
 * The annual report's workflow over HTTP, with the demo's people (policies.ts):
 * publisher 孙专员 edits, reviewer 赵审核 submits to 通化市人民政府's 政务公开办 (supervisor@city.demo),
 * who returns or clears; the publisher publishes. Errors block submission and publication (4xx
 * listing them); a published version is frozen and immutable; a correction is a new version and
 * both stay public; the supervisor's status board and roll-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { agencies, applicationEvents, applications, reports } from '../../../src/db/schema.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { SEED_PROSE } from '../../../src/db/seed/reports.ts';
import { createAgency } from '../../../src/app/agencies.ts';
import { agencyPlace, compileNow, publishReport, saveProse, SYSTEM } from '../../../src/app/reports/service.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';

let server: TestServer;
const as: Record<string, TestClient> = {};
const R = '/console/reports/220500-zsj/2024';
const CLEAN = {
  overview: '2024年，本局依法做好政府信息公开工作。本年新收政府信息公开申请{N}件。',
  problems: '一是主动公开栏目更新不够及时；二是依申请公开答复文书格式不够统一。改进措施：建立栏目周检制度，统一使用平台生成的答复文书。',
  other: '本年度未收取信息处理费。',
};

beforeAll(async () => {
  server = await startTestServer();
  for (const who of ['publisher@zsj.demo', 'reviewer@zsj.demo', 'handler@zsj.demo', 'supervisor@zsj.demo', 'supervisor@city.demo']) {
    as[who] = server.client();
    await as[who].login(who);
  }
});
afterAll(async () => {
  await server?.close();
});

async function newTotal(): Promise<number> {
  const res = await as['publisher@zsj.demo'].get(`${R}/download/json`);
  expect(res.status).toBe(200);
  return (res.json() as ReportModel).applications.new.total as number;
}

describe('the annual report workflow', () => {
  it('shows the first draft with its unfinished prose as errors; anonymous users go to the login', async () => {
    const anon = await server.client().get(R);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/login');
    const res = await as['publisher@zsj.demo'].get(R);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-code="section.placeholder"');
    expect(res.text).toContain('2025-01-31');
    expect(res.text).toContain('已逾期'); // the demo runs after 2025-01-31
    expect(res.text).toContain('保存正文并重新检查');
    // the handler may not even see it
    expect((await as['handler@zsj.demo'].get(R)).status).toBe(403);
  });

  it('refuses to submit a report with an error, listing the errors (422)', async () => {
    const res = await as['reviewer@zsj.demo'].postForm(`${R}/submit`, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain('不能报送');
    expect(res.text).toContain('「一、总体情况」还有「【待填写：…】」');
    const rows = await server.database.db.select().from(reports).where(eq(reports.year, 2024));
    expect(rows.every((r) => r.status === 'draft')).toBe(true);
  });

  it('warns when section 五 repeats last year\'s published text (「年年雷同」, checkReport with previous)', async () => {
    const res = await as['publisher@zsj.demo'].postForm(`${R}/prose`, { problems: SEED_PROSE.problems });
    expect(res.status).toBe(303);
    const page = await as['publisher@zsj.demo'].get(R);
    expect(page.text).toMatch(/id="prose-problems"[\s\S]*?data-code="section.repeated"/);
    expect(page.text).toContain('与上一年度报告相同');
  });

  it('lets only the publisher edit; a number in the prose that contradicts the table is shown at its sentence', async () => {
    const n = await newTotal();
    const wrong = { ...CLEAN, overview: CLEAN.overview.replace('{N}', String(n + 7)) };
    expect((await as['reviewer@zsj.demo'].postForm(`${R}/prose`, wrong)).status).toBe(403);
    const saved = await as['publisher@zsj.demo'].postForm(`${R}/prose`, wrong);
    expect(saved.status).toBe(303);
    const page = await as['publisher@zsj.demo'].get(R);
    expect(page.text).toContain('data-code="text.number_mismatch"');
    expect(page.text).toContain(`称收到申请 ${n + 7} 件`);
    expect(page.text).not.toContain('data-code="section.placeholder"');
    const fixed = await as['publisher@zsj.demo'].postForm(`${R}/prose`, { overview: CLEAN.overview.replace('{N}', String(n)) });
    expect(fixed.status).toBe(303);
    expect((await as['publisher@zsj.demo'].get(R)).text).not.toContain('data-code="text.number_mismatch"');
  });

  it('submit / return / clear / publish: each only by its role and in its order', async () => {
    const pub = as['publisher@zsj.demo'];
    const rev = as['reviewer@zsj.demo'];
    const cityOffice = as['supervisor@city.demo'];
    expect((await pub.postForm(`${R}/publish`, {})).status).toBe(409); // not cleared yet
    expect((await pub.postForm(`${R}/submit`, {})).status).toBe(403);
    expect((await rev.postForm(`${R}/submit`, {})).status).toBe(303);
    expect((await pub.postForm(`${R}/prose`, CLEAN)).status).toBe(409); // frozen while submitted
    // the bureau's own supervisor role is not its supervising 政务公开办
    expect((await as['supervisor@zsj.demo'].postForm(`${R}/clear`, {})).status).toBe(403);
    expect((await pub.postForm(`${R}/clear`, {})).status).toBe(403);
    expect((await cityOffice.postForm(`${R}/return`, { note: '' })).status).toBe(400);
    expect((await cityOffice.postForm(`${R}/return`, { note: '请补充政务新媒体的情况。' })).status).toBe(303);
    const returned = await pub.get(R);
    expect(returned.text).toContain('请补充政务新媒体的情况。');
    expect(returned.text).toContain('已退回修改');
    expect((await rev.postForm(`${R}/submit`, {})).status).toBe(303);
    expect((await cityOffice.postForm(`${R}/clear`, {})).status).toBe(303);
    expect((await rev.postForm(`${R}/publish`, {})).status).toBe(403);
    expect((await pub.postForm(`${R}/publish`, {})).status).toBe(303);
    const page = await pub.get(R);
    expect(page.text).toContain('已公布');
    expect(page.text).toContain('逾期公布'); // recorded as deadline.late, not blocking
    expect(page.text).toContain('data-code="deadline.late"');
    expect((await pub.postForm(`${R}/publish`, {})).status).toBe(409);
  });

  it('a published report is frozen: later cases do not change it, and it cannot be edited', async () => {
    const db = server.database.db;
    const [zsj] = await db.select().from(agencies).where(eq(agencies.code, '220500-zsj'));
    const before = (await server.client().get('/agencies/220500-zsj/reports/2024/download/json')).json() as ReportModel;
    const [app] = await db
      .insert(applications)
      .values({ agencyId: zsj.id, number: 'LATE-2024-1', applicantType: 'org.business', applicantName: '迟到公司', channel: 'in_person', subject: '迟到的申请' })
      .returning();
    await db.insert(applicationEvents).values({ applicationId: app.id, seq: 1, type: 'submitted', payload: { date: '2024-12-30', channel: 'in_person' } });
    const after = (await server.client().get('/agencies/220500-zsj/reports/2024/download/json')).json() as ReportModel;
    expect(after.applications).toEqual(before.applications);
    expect(after.published).toBe(before.published);
    expect((await as['publisher@zsj.demo'].postForm(`${R}/prose`, CLEAN)).status).toBe(409);
    // while the live compilation sees the new case
    const live = await compileNow(db, await agencyPlace(db, '220500-zsj'), 2024);
    expect(live.model.applications.new['org.business']).toBe((before.applications.new['org.business'] ?? 0) + 1);
  });

  it('a correction is a new version with its 更正说明; both versions stay public', async () => {
    const pub = as['publisher@zsj.demo'];
    expect((await pub.postForm(`${R}/correct`, { note: '' })).status).toBe(400);
    expect((await pub.postForm(`${R}/correct`, { note: '补计12月30日收到的一件申请。' })).status).toBe(303);
    const draft = await pub.get(R);
    expect(draft.text).toContain('第 2 版');
    expect(draft.text).toContain('补计12月30日收到的一件申请。');
    // the portal still shows version 1 until version 2 is published
    expect((await server.client().get('/agencies/220500-zsj/reports/2024')).text).not.toContain('更正说明');
    expect((await as['reviewer@zsj.demo'].postForm(`${R}/submit`, {})).status).toBe(303);
    expect((await as['supervisor@city.demo'].postForm(`${R}/clear`, {})).status).toBe(303);
    expect((await pub.postForm(`${R}/publish`, {})).status).toBe(303);

    const list = await server.client().get('/agencies/220500-zsj/reports');
    expect(list.text).toContain('2024年度政府信息公开工作年度报告');
    expect(list.text).toContain('共 2 个版本');
    expect(list.text).toContain('2023年度政府信息公开工作年度报告');
    const v2 = await server.client().get('/agencies/220500-zsj/reports/2024');
    expect(v2.text).toContain('更正说明（第 2 版）：补计12月30日收到的一件申请。');
    expect(v2.text).toContain('?version=1');
    const v1 = await server.client().get('/agencies/220500-zsj/reports/2024?version=1');
    expect(v1.status).toBe(200);
    expect(v1.text).toContain('这是已被更正的第 1 版');
    const m1 = (await server.client().get('/agencies/220500-zsj/reports/2024/download/json?version=1')).json() as ReportModel;
    const m2 = (await server.client().get('/agencies/220500-zsj/reports/2024/download/json?version=2')).json() as ReportModel;
    expect(m2.applications.new['org.business']).toBe((m1.applications.new['org.business'] ?? 0) + 1);
    const rows = await server.database.db.select().from(reports).where(and(eq(reports.year, 2024), eq(reports.status, 'published')));
    expect(rows.map((r) => r.version).sort()).toEqual([1, 2]);
  });

  it('the portal page shows 发布日期 and a 点击数 that counts', async () => {
    const a = await server.client().get('/agencies/220500-zsj/reports/2023');
    expect(a.text).toContain('发布日期：2024-01-17');
    const n = Number(/点击数：(\d+)/.exec(a.text)![1]);
    const b = await server.client().get('/agencies/220500-zsj/reports/2023');
    expect(Number(/点击数：(\d+)/.exec(b.text)![1])).toBe(n + 1);
    expect(a.text).not.toContain('晚于'); // published on time: no deadline.late note
    for (const f of ['docx', 'xlsx', 'pdf', 'json']) {
      const d = await fetch(`${server.url}/agencies/220500-zsj/reports/2023/download/${f}`);
      expect(d.status).toBe(200);
      expect(d.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    }
    expect((await server.client().get('/agencies/220500-zsj/reports/2019')).status).toBe(404);
  });

  it('every cell of table 2 opens the applications behind it', async () => {
    const page = await as['publisher@zsj.demo'].get('/console/reports/220500-zsj/2023');
    expect(page.text).toContain('/console/reports/220500-zsj/2023/cell?where=table2%2Fnew%2Fnatural');
    const cell = await as['publisher@zsj.demo'].get('/console/reports/220500-zsj/2023/cell?where=table2%2Fnew%2Fnatural');
    expect(cell.status).toBe(200);
    const [app] = await server.database.db.select().from(applications).where(eq(applications.number, '202300001'));
    const number = app ? '202300001' : 'ZSJ-2023-0001';
    expect(cell.text).toContain(number);
    expect(cell.text).toMatch(/href="\/console\/applications\/\d+"/);
    const zero = await as['publisher@zsj.demo'].get('/console/reports/220500-zsj/2023/cell?where=table3%2Freconsideration%2Fupheld');
    expect(zero.text).toContain('没有案件');
    expect((await as['publisher@zsj.demo'].get('/console/reports/220500-zsj/2023/cell?where=bogus')).status).toBe(400);
  });

  it('the supervisor sees who has not published, and publishes the roll-up of the reports below', async () => {
    const office = as['supervisor@city.demo'];
    const board = await office.get('/console/reports/220500/board?year=2024');
    expect(board.status).toBe(200);
    expect(board.text).toMatch(/data-agency="220500-zsj">[\s\S]*?已公布/);
    expect(board.text).toMatch(/data-agency="220500-czj">[\s\S]*?未编制/);
    expect((await as['publisher@zsj.demo'].get('/console/reports/220500/board?year=2024')).status).toBe(403);

    // a year nobody below has published: an empty roll-up that cannot be published
    const empty = await office.get('/console/reports/220500/2022');
    expect(empty.text).toContain('暂无可汇总的内容');
    expect((await office.postForm('/console/reports/220500/2022/publish', {})).status).toBe(422);

    const R0 = '/console/reports/220500/2024';
    const first = await office.get(R0);
    expect(first.text).toContain('汇总报告');
    expect(first.text).toContain('rollup.missing_parts');
    expect((await office.postForm(`${R0}/publish`, {})).status).toBe(422); // placeholders in the roll-up's draft
    expect((await office.postForm(`${R0}/prose`, { overview: '全市政府信息公开工作总体情况。', problems: '全市存在的问题和改进。', other: '无。' })).status).toBe(303);
    expect((await office.postForm(`${R0}/publish`, {})).status).toBe(303);
    const rollup = (await server.client().get('/agencies/220500/reports/2024/download/json')).json() as ReportModel;
    const zsj = (await server.client().get('/agencies/220500-zsj/reports/2024/download/json')).json() as ReportModel;
    expect(rollup.applications).toEqual(zsj.applications); // the only published report below
    expect(rollup.findings.find((f) => f.code === 'deadline.late')?.expected).toBe('2025-03-10'); // 地市级
  });

  it('refuses to publish an unsupervised department report with an error (the system too)', async () => {
    const db = server.database.db;
    await createAgency(db, { code: 'solo-dept', name: '独立演示局' }, SYSTEM);
    await expect(publishReport(db, SYSTEM, 'solo-dept', 2024)).rejects.toThrow(/不能公布.*「五、存在的主要问题及改进情况」还有「【待填写：…】」/);
    await saveProse(db, SYSTEM, 'solo-dept', 2024, { ...CLEAN, overview: '本年新收政府信息公开申请0件。' });
    const view = await publishReport(db, SYSTEM, 'solo-dept', 2024); // no supervisor above: published without clearance
    expect(view.status).toBe('published');
    expect(view.model.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['deadline.late']);
  });
});
