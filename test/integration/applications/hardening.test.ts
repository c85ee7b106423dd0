/**
 * Hardening of applications (issues 4 and 8 follow-ups), on a real server: the submission rate
 * limit (API and form), control characters in the CSV import, staff-entered applications linked to
 * the applicant's account, the header's links, letters on screen under the CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { schema } from '../../../src/db/index.ts';
import { importApplicationsCsv, importAppealsCsv, ImportError } from '../../../src/app/applications/import.ts';
import { SUBMISSION_LIMIT } from '../../../src/app/applications/limits.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

let server: TestServer;
async function as(email: string): Promise<TestClient> {
  const c = server.client();
  await c.login(email);
  return c;
}
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => server?.close());

const staffEntry = (over: Record<string, unknown>) => ({
  channel: 'in_person',
  submittedDate: '2026-11-27',
  applicantType: 'natural',
  applicantName: '张三',
  applicantPhone: '13800000001',
  subject: '通化市2026年政务服务事项目录',
  provisionForm: '纸质',
  deliveryMethod: '邮寄',
  ...over,
});

describe('staff-entered applications and the applicant account', () => {
  it('links a letter application to the account whose verified ID number and name match; it appears in 我的申请', async () => {
    const registrar = await as('registrar@zsj.demo');
    const applicant = await as('zhangsan@applicant.demo');
    const res = await registrar.post('/api/agencies/220500-zsj/applications', staffEntry({ channel: 'mail_signed', applicantIdNumber: '220502199001011230' }));
    expect(res.status, res.text).toBe(201);
    const id = res.json().application.id;
    const [row] = await server.database.db.select().from(schema.applications).where(eq(schema.applications.id, id));
    const [zhangsan] = await server.database.db.select().from(schema.users).where(eq(schema.users.email, 'zhangsan@applicant.demo'));
    expect(row.applicantUserId).toBe(zhangsan.id);
    const mine = (await applicant.api.GET('/api/my/applications', { params: { query: { size: 100 } } })).data!;
    expect(mine.items.map((i) => i.id)).toContain(id);
    expect((await applicant.get(`/api/applications/${id}`)).status).toBe(200);
    expect((await applicant.get('/my/applications')).text).toContain(row.number);
  });

  it('links an organisation by its 统一社会信用代码 (lower case accepted) and name', async () => {
    const registrar = await as('registrar@zsj.demo');
    const company = await as('company@applicant.demo');
    const res = await registrar.post(
      '/api/agencies/220500-zsj/applications',
      staffEntry({ applicantType: 'org.business', applicantName: '通化演示商贸有限公司', applicantCreditCode: '91220502ma17kg8q08' }),
    );
    expect(res.status, res.text).toBe(201);
    const ids = (await company.api.GET('/api/my/applications', { params: { query: { size: 100 } } })).data!.items.map((i) => i.id);
    expect(ids).toContain(res.json().application.id);
  });

  it('does not link when the name differs, the number fails its check, or the type does not match', async () => {
    const registrar = await as('registrar@zsj.demo');
    const applicant = await as('zhangsan@applicant.demo');
    const total = async () => (await applicant.api.GET('/api/my/applications')).data!.total;
    const before = await total();
    for (const over of [
      { applicantIdNumber: '220502199001011230', applicantName: '李四' },
      { applicantIdNumber: '220502199001011231' },
      { applicantType: 'org.business', applicantName: '张三', applicantCreditCode: '220502199001011230' },
    ]) {
      const res = await registrar.post('/api/agencies/220500-zsj/applications', staffEntry(over));
      expect(res.status, res.text).toBe(201);
      const [row] = await server.database.db.select().from(schema.applications).where(eq(schema.applications.id, res.json().application.id));
      expect(row.applicantUserId, JSON.stringify(over)).toBeNull();
    }
    expect(await total()).toBe(before);
  });
});

describe('the header', () => {
  it('shows 申请公开 and 我的申请 to an applicant, 工作台 to staff, 申请公开 and 登录 | 注册 to a visitor', async () => {
    const nav = (text: string) => text.match(/<nav class="account-nav"[\s\S]*?<\/nav>/)![0];
    const applicant = nav((await (await as('zhangsan@applicant.demo')).get('/')).text);
    expect(applicant).toContain('href="/my/applications">我的申请');
    expect(applicant).toContain('href="/apply">申请公开');
    expect(applicant).not.toContain('href="/console"');
    const staff = nav((await (await as('handler@zsj.demo')).get('/')).text);
    expect(staff).toContain('href="/console">工作台');
    expect(staff).not.toContain('我的申请');
    const visitor = nav((await server.client().get('/')).text);
    expect(visitor).toContain('href="/apply">申请公开');
    expect(visitor).toMatch(/登录<\/a><span aria-hidden="true"> \| <\/span><a href="\/register">注册/);
    expect(visitor).not.toContain('我的申请');
  });
});

describe('letters on screen under the CSP', () => {
  it('the HTML letter has no inline style, links /static/letters.css, and the stylesheet is served', async () => {
    const registrar = await as('registrar@zsj.demo');
    const res = await registrar.post('/api/agencies/220500-zsj/applications', staffEntry({ applicantName: '王五' }));
    const id = res.json().application.id;
    const a = (await registrar.get(`/api/applications/${id}`)).json().application;
    const receipt = a.letters.find((l: { kind: string }) => l.kind === 'receipt');
    expect(receipt).toBeDefined();
    const page = await registrar.get(`/api/applications/${id}/letters/${receipt.id}.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(page.text).not.toMatch(/\sstyle\s*=|<style/i);
    expect(page.text).toContain('<link rel="stylesheet" href="/static/letters.css">');
    expect(page.text).toContain('class="letter-para"');
    expect(page.text).toContain('王五');
    const css = await server.client().get('/static/letters.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(css.text).toContain('.letter-para');
  });
});

describe('CSV import and control characters', () => {
  const header = 'agency_code,number,applicant_type,channel,received_date,decided_date,outcome,subject';
  it('a NUL in a field is refused with a line-numbered Chinese ImportError, and nothing is stored', async () => {
    const db = server.database.db;
    const count = async () => ((await db.execute(sql`select count(*)::int as n from applications`)) as unknown as { rows: Array<{ n: number }> }).rows[0].n;
    const before = await count();
    const text = `${header}\n220500-zsj,CC-1,natural,in_person,2024-03-04,2024-03-20,public,正常的一行\n220500-zsj,CC-2,natural,in_person,2024-03-04,2024-03-20,public,含空字符\u0000的内容\n`;
    const err = await importApplicationsCsv(db, text, 'nul.csv').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toContain('第3行');
    expect((err as Error).message).toContain('列「subject」含有不允许的控制字符（U+0000）');
    expect(await count()).toEqual(before);
    // A multi-line subject in a quoted cell is fine.
    expect(await importApplicationsCsv(db, `${header}\n220500-zsj,CC-3,natural,in_person,2024-03-04,2024-03-20,public,"第一行\n第二行"\n`, 'ok.csv')).toBe(1);
  });

  it('appeals: the same', async () => {
    const text = 'agency_code,number,kind,filed_date,concluded_date,result\n220500-zsj,（2024）吉05行初1号\u0001,reconsideration,2024-05-01,,pending\n';
    await expect(importAppealsCsv(server.database.db, text, 'a.csv')).rejects.toThrow(/第2行.*列「number」含有不允许的控制字符（U\+0001）/);
  });
});

describe('submission rate limit', () => {
  it(`limits online submissions per applicant (${SUBMISSION_LIMIT} per 10 minutes) with a Chinese 429, on the API and the form`, { timeout: 180_000 }, async () => {
    const company = await as('company@applicant.demo');
    const statuses: number[] = [];
    for (let i = 0; i < SUBMISSION_LIMIT; i++) {
      statuses.push((await company.post('/api/applications', { agencyCode: '220500-zsj', subject: `限流测试${i}`, provisionForm: '电子数据', deliveryMethod: '电子邮件' })).status);
    }
    expect(statuses.every((s) => s === 201), statuses.join(',')).toBe(true);
    const limited = await company.post('/api/applications', { agencyCode: '220500-zsj', subject: '第21件', provisionForm: '电子数据', deliveryMethod: '电子邮件' });
    expect(limited.status).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.json().error.message).toMatch(/提交申请过于频繁/);
    // Invalid submissions count too (a flood of garbage is limited as well).
    expect((await company.post('/api/applications', {})).status).toBe(429);
    // Another applicant is not affected.
    const other = await as('zhangsan@applicant.demo');
    expect((await other.post('/api/applications', { agencyCode: '220500-zsj', subject: '另一人', provisionForm: '电子数据', deliveryMethod: '电子邮件' })).status).toBe(201);
    // The form has its own limit, with the same Chinese message on an HTML page.
    let form = { status: 0, text: '' };
    for (let i = 0; i <= SUBMISSION_LIMIT && form.status !== 429; i++) {
      form = await company.postForm('/apply', { agencyCode: '220500-zsj', subject: '' });
    }
    expect(form.status).toBe(429);
    expect(form.text).toContain('提交申请过于频繁');
  });
});
