/**
 * The applications API end to end on a real server and database: every transition of the
 * procedure, the forbidden ones, letters (DOCX parsed back), files, 我的申请 isolation. Called
 * through the typed client generated from the OpenAPI document (test/support/api-client.ts): the
 * paths, bodies and answers here are the published contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestServer, type TestClient } from '../../support/server.ts';
import type { paths } from '../../support/api-client.ts';

type StepBody = paths['/api/applications/{id}/steps']['post']['requestBody']['content']['application/json'];
type OnlineBody = paths['/api/applications']['post']['requestBody']['content']['application/json'];
/** A body the contract does not admit (sent on purpose, to see it refused). */
const malformed = <T,>(value: unknown) => value as T;

process.env.GONGKAI_TODAY = '2026-11-27';

async function as(server: TestServer, email: string): Promise<TestClient> {
  const c = server.client();
  await c.login(email);
  return c;
}

async function docxText(bytes: ArrayBuffer | Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

for (const kind of databaseKinds()) {
  describe(`applications API [${kind}]`, () => {
    let server: TestServer;
    let applicant: TestClient;
    let registrar: TestClient;
    let handler: TestClient;
    let reviewer: TestClient;
    let appId: number;
    let onlineId: number;

    beforeAll(async () => {
      server = await startTestServer({ kind });
      applicant = await as(server, 'zhangsan@applicant.demo');
      registrar = await as(server, 'registrar@zsj.demo');
      handler = await as(server, 'handler@zsj.demo');
      reviewer = await as(server, 'reviewer@zsj.demo');
    });
    afterAll(async () => {
      await server?.close();
    });

    const stepOn = (id: number, c: TestClient, body: StepBody) => c.api.POST('/api/applications/{id}/steps', { params: { path: { id } }, body });
    const step = (c: TestClient, body: StepBody) => stepOn(appId, c, body);
    const submit = (c: TestClient, body: OnlineBody) => c.api.POST('/api/applications', { body });
    const view = async (c: TestClient, id: number) => (await c.api.GET('/api/applications/{id}', { params: { path: { id } } })).data!.application;
    const mine = async (c: TestClient) => (await c.api.GET('/api/my/applications')).data!.items;

    it('an applicant submits online: 申请编号, 待确认, attachments kept, no receipt date yet', async () => {
      const res = await submit(applicant, {
        agencyCode: '220500-zsj',
        subject: '2026年政务服务大厦物业服务招标文件',
        description: '含评标结果',
        provisionForm: '电子数据',
        deliveryMethod: '在线下载',
        attachments: [{ filename: '身份证.png', contentType: 'image/png', contentBase64: Buffer.from('png').toString('base64'), purpose: 'id_copy' }],
      });
      expect(res.response.status, JSON.stringify(res.error)).toBe(201);
      onlineId = res.data!.application.id;
      expect(res.data!.application.number).toMatch(/^2026\d{5}$/);
      const a = await view(applicant, onlineId);
      expect(a.status).toBe('待确认');
      expect(a.receiptDate).toBeNull();
      expect(a.actions.map((x) => x.step)).toEqual(['withdraw']);
      const list = (await applicant.api.GET('/api/my/applications', { params: { query: { page: 1, size: 5 } } })).data!;
      expect(list.items.map((i) => i.id)).toContain(onlineId);
      expect(list).toMatchObject({ page: 1, size: 5 });
      expect(list.total).toBeGreaterThanOrEqual(list.items.length);
    });

    it('refuses an application without the 第二十九条 elements, in Chinese, writing nothing', async () => {
      const before = (await mine(applicant)).length;
      const res = await submit(applicant, { agencyCode: '220500-zsj', subject: '', provisionForm: '电子数据', deliveryMethod: malformed('飞鸽') });
      expect(res.response.status).toBe(400);
      expect(res.error!.error.code).toBe('validation_failed');
      expect(res.error!.error.message).toMatch(/所需政府信息的名称|获取信息的方式/);
      expect((await mine(applicant)).length).toBe(before);
    });

    it('an agent must attach the 委托书', async () => {
      const res = await submit(applicant, { agencyCode: '220500-zsj', subject: '某文件', provisionForm: '纸质', deliveryMethod: '邮寄', agentName: '李律师' });
      expect(res.response.status).toBe(400);
      expect(res.error!.error.message).toContain('授权委托书');
    });

    it('another applicant cannot see it; a handler of another agency cannot act on it', async () => {
      const company = await as(server, 'company@applicant.demo');
      expect((await company.api.GET('/api/applications/{id}', { params: { path: { id: onlineId } } })).response.status).toBe(404);
      expect(await mine(company)).toEqual([]);
      const czj = await as(server, 'handler@czj.demo');
      const hidden = await czj.api.GET('/api/applications/{id}', { params: { path: { id: onlineId } } });
      expect(hidden.response.status).toBe(404);
      expect(hidden.error!.error.code).toBe('not_found');
      expect((await stepOn(onlineId, czj, { step: 'assign' })).response.status).toBe(404);
    });

    it('only the registrar confirms an online application; it cannot be confirmed before it was submitted', async () => {
      const early = await stepOn(onlineId, registrar, { step: 'confirm', date: '2026-11-20' });
      expect(early.response.status).toBe(409);
      expect(early.error!.error.message).toContain('2026-11-20');
      expect((await stepOn(onlineId, handler, { step: 'confirm' })).response.status).toBe(403);
      const ok = await stepOn(onlineId, registrar, { step: 'confirm' });
      expect(ok.response.status, JSON.stringify(ok.error)).toBe(200);
      expect(ok.data!.application.receiptDate).toBe('2026-11-27');
      expect(ok.data!.application.status).toBe('办理中');
    });

    it('an ordinary letter is received on the day it is confirmed (第三十一条第二项); the receipt letter carries the due date', async () => {
      const reg = await registrar.api.POST('/api/agencies/{code}/applications', {
        params: { path: { code: '220500-zsj' } },
        body: {
        channel: 'mail_unsigned',
        submittedDate: '2026-10-12',
        applicantType: 'natural',
        applicantName: '张三',
        applicantPhone: '13800000001',
        applicantAddress: '吉林省通化市东昌区演示街1号',
        subject: '2026年政务服务大厦物业服务招标文件',
        provisionForm: '电子数据',
        deliveryMethod: '在线下载',
        },
      });
      expect(reg.response.status, JSON.stringify(reg.error)).toBe(201);
      appId = reg.data!.application.id;
      expect((await view(registrar, appId)).status).toBe('待确认');
      expect((await step(handler, { step: 'confirm' })).response.status).toBe(403);
      const res = await step(registrar, { step: 'confirm', date: '2026-10-12' });
      expect(res.response.status, JSON.stringify(res.error)).toBe(200);
      const a = res.data!.application;
      expect(a.receiptDate).toBe('2026-10-12');
      expect(a.dueDate).toBe('2026-11-09');
      expect(a.letters.map((l) => l.kind)).toEqual(['receipt']);
      expect((await step(registrar, { step: 'confirm' })).response.status).toBe(409); // allowed to the role, but no longer a step of this case
    });

    it('补正: notice with its letter, then the corrected application restarts the period (第三十条)', async () => {
      expect((await step(handler, { step: 'assign', date: '2026-10-13' })).response.status).toBe(200);
      const bad = await step(handler, { step: 'correction_request', date: '2026-10-14', items: [] });
      expect(bad.response.status).toBe(400);
      const res = await step(handler, { step: 'correction_request', date: '2026-10-14', items: ['请写明所需招标文件的项目名称或者编号'] });
      expect(res.response.status, JSON.stringify(res.error)).toBe(200);
      expect(res.data!.application.status).toBe('待补正');
      expect(res.data!.application.dueDate).toBeNull();
      const got = await step(handler, { step: 'correction_receive', date: '2026-10-16' });
      expect(got.data!.application.dueDate).toBe('2026-11-13');
    });

    it('consultation of a third party (第三十二条): two letters, the time excluded, then the answer', async () => {
      const res = await step(handler, { step: 'consultation_send', date: '2026-10-19', party: 'third_party', consultee: '通化某物业管理有限公司' });
      expect(res.response.status, JSON.stringify(res.error)).toBe(200);
      const a = res.data!.application;
      expect(a.letters.map((l: { kind: string }) => l.kind)).toEqual(['receipt', 'correction', 'consultation_third_party', 'consultation_notice']);
      const answered = await step(handler, { step: 'consultation_answer', date: '2026-10-23', opinion: 'disagree' });
      expect(answered.response.status, JSON.stringify(answered.error)).toBe(200);
      // 4 working days (10-20 … 10-23) excluded: 2026-11-13 → 2026-11-19.
      expect(answered.data!.application.dueDate).toBe('2026-11-19');
    });

    it('extension: the handler asks, cannot approve; the reviewer approves once; a second one is refused', async () => {
      expect((await step(reviewer, { step: 'extension_request', workingDays: 20, reason: 'x' })).response.status).toBe(403);
      const req = await step(handler, { step: 'extension_request', date: '2026-11-02', workingDays: 20, reason: '需要调取多个年度的档案核查' });
      expect(req.response.status, JSON.stringify(req.error)).toBe(200);
      expect(req.data!.application.status).toContain('延期待审批');
      expect((await step(handler, { step: 'extension_decide', approve: true })).response.status).toBe(403);
      const ok = await step(reviewer, { step: 'extension_decide', date: '2026-11-03', approve: true });
      expect(ok.response.status, JSON.stringify(ok.error)).toBe(200);
      const a = ok.data!.application;
      expect(a.dueDate).toBe('2026-12-17');
      expect(a.letters.at(-1)!.kind).toBe('extension');
      const again = await step(handler, { step: 'extension_request', workingDays: 5, reason: '再次延期' });
      expect(again.response.status).toBe(409);
      expect(again.error!.error.message).toContain('只能延长一次');
    });

    it('a decision needs exactly one outcome; 部分公开 must list what is withheld and why (第三十七条)', async () => {
      const none = await step(handler, malformed<StepBody>({ step: 'decision_propose' }));
      expect(none.response.status).toBe(400);
      expect(none.error!.error.message).toContain('办理结果');
      const bare = await step(handler, { step: 'decision_propose', outcome: 'partial', details: { disclosedPart: '招标文件正文' } });
      expect(bare.response.status).toBe(409);
      expect(bare.error!.error.message).toContain('不予公开的内容');
      const ok = await step(handler, {
        step: 'decision_propose',
        date: '2026-11-20',
        outcome: 'partial',
        details: {
          disclosedPart: '招标文件正文及评标结果',
          access: '通过本平台在线下载',
          withheldParts: [{ content: '投标人的报价明细', ground: 'withheld.third_party', reason: '第三方书面表示不同意公开，涉及其商业秘密' }],
        },
      });
      expect(ok.response.status, JSON.stringify(ok.error)).toBe(200);
      expect(ok.data!.application.status).toContain('答复待审批');
      expect((await step(handler, { step: 'decision_review', approve: true })).response.status).toBe(403);
    });

    it('the reviewer approves: the decision letter (部分公开告知书) as DOCX holds its elements', async () => {
      const res = await step(reviewer, { step: 'decision_review', date: '2026-11-23', approve: true });
      expect(res.response.status, JSON.stringify(res.error)).toBe(200);
      const a = res.data!.application;
      expect(a.status).toBe('已答复');
      expect(a.decision!.outcome).toBe('partial');
      const letter = a.letters.at(-1)!;
      expect(letter.kind).toBe('partial_disclosure');
      expect(letter.number).toMatch(/^通政数公开〔2026〕第\d+号$/);
      const numbers = a.letters.map((l) => Number(l.number!.match(/第(\d+)号/)![1]));
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers).toEqual([...numbers].sort((x: number, y: number) => x - y));
      const cookie = { cookie: [...reviewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
      const bytes = await (await fetch(server.url + letter.docx, { headers: cookie })).arrayBuffer();
      const text = await docxText(bytes);
      expect(text).toContain('政府信息部分公开告知书');
      expect(text).toContain(letter.number);
      expect(text).toContain('张三');
      expect(text).toContain('投标人的报价明细');
      expect(text).toContain('第三十七条');
      expect(text).toContain('行政复议');
      expect(text).toContain('通化市政务服务和数字化建设管理局');
      const pdf = await fetch(server.url + letter.pdf, { headers: cookie });
      expect(pdf.status).toBe(200);
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('delivery is recorded with its method; nothing can follow but the record', async () => {
      const del = await step(registrar, { step: 'deliver', date: '2026-11-24', method: 'online' });
      expect(del.response.status, JSON.stringify(del.error)).toBe(200);
      expect(del.data!.application.status).toBe('已送达');
      expect((await step(registrar, { step: 'deliver', method: 'mail' })).response.status).toBe(409);
      expect((await step(handler, { step: 'withdraw' })).response.status).toBe(409);
    });

    it('the applicant sees only letters addressed to him or her, and disclosed files once decided', async () => {
      const s2 = (b: StepBody, c: TestClient) => stepOn(onlineId, c, b);
      // A consultation now runs into 2027, a year the calendar does not know yet: the fact is recorded,
      // the due date is pending with its reason (src/domain/applications/pending.ts).
      const cs = await s2({ step: 'consultation_send', party: 'third_party', consultee: '某公司', serviceMethod: 'electronic' }, handler);
      expect(cs.response.status, JSON.stringify(cs.error)).toBe(200);
      expect(cs.data!.application.dueDate).toBeNull();
      expect(cs.data!.application.dueDatePending).toBe('待2027年节假日安排录入后确定');
      expect(cs.data!.application.explanation.join('')).toContain('2027年节假日安排尚未录入');
      const up = await s2({ step: 'disclose_file', file: { filename: '招标文件（公开部分）.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 demo').toString('base64') } }, handler);
      expect(up.response.status, JSON.stringify(up.error)).toBe(200);
      let own = await view(applicant, onlineId);
      // The applicant is told of the consultation; the letter to the third party stays with staff.
      expect(own.letters.map((l) => l.kind)).toEqual(['receipt', 'consultation_notice']);
      expect(own.files).toEqual([]);
      const staffView = await view(handler, onlineId);
      expect((await applicant.get(staffView.files[0].url)).status).toBe(404);
      // The letter to the third party of another case is not reachable through this one.
      const other = await view(handler, appId);
      const hidden = other.letters.find((l) => l.kind === 'consultation_third_party')!;
      expect((await applicant.api.GET('/api/applications/{id}/letters/{file}', { params: { path: { id: onlineId, file: `${hidden.id}.docx` } }, parseAs: 'blob' })).response.status).toBe(404);
      const dp = await s2({ step: 'decision_propose', outcome: 'public', details: { access: '在线下载' } }, handler);
      expect(dp.response.status, JSON.stringify(dp.error)).toBe(200);
      // 第三十二条: no disclosure while the third party's period is open and it has not answered.
      const early = await s2({ step: 'decision_review', approve: true }, reviewer);
      expect(early.response.status, JSON.stringify(early.error)).toBe(409);
      expect(early.error!.error.code).toBe('decided.consultation_open');
      const ans = await s2({ step: 'consultation_answer', consultee: '某公司', opinion: 'agree' }, handler);
      expect(ans.response.status, JSON.stringify(ans.error)).toBe(200);
      const dr = await s2({ step: 'decision_review', approve: true }, reviewer);
      expect(dr.response.status, JSON.stringify(dr.error)).toBe(200);
      own = await view(applicant, onlineId);
      // The reply to an online application is served in the account the day it is issued (电子送达).
      expect(own.status).toBe('已送达');
      expect(own.letters.at(-1)!.service).toMatchObject({ status: 'served', date: own.deliveredDate, text: `${own.deliveredDate} 电子送达（到达申请人账户）` });
      expect(own.letters.at(-1)!.kind).toBe('disclosure');
      const f = await applicant.get(own.files[0].url);
      expect(f.status).toBe(200);
      expect(f.text).toBe('%PDF-1.4 demo');
    });

    it('staff entry: an ordinary letter is received on the day it is confirmed; 口头申请 written down', async () => {
      const letter = await registrar.post('/api/agencies/220500-zsj/applications', {
        channel: 'mail_unsigned',
        submittedDate: '2026-11-16',
        confirmedDate: '2026-11-17',
        applicantType: 'org.business',
        applicantName: '通化演示商贸有限公司',
        applicantPhone: '0435-1234567',
        subject: '2026年政府采购意向公开目录',
        provisionForm: '纸质',
        deliveryMethod: '邮寄',
      });
      expect(letter.status, letter.text).toBe(201);
      const a = (await registrar.get(`/api/applications/${letter.json().application.id}`)).json().application;
      expect(a.receiptDate).toBe('2026-11-17');
      expect(a.letters[0].kind).toBe('receipt');
      const oral = await registrar.post('/api/agencies/220500-zsj/applications', {
        channel: 'in_person',
        submittedDate: '2026-11-26',
        confirmedDate: '2026-11-27',
        applicantType: 'natural',
        applicantName: '王五',
        applicantPhone: '13900001111',
        subject: 'x',
        provisionForm: '纸质',
        deliveryMethod: '当面领取',
        oral: true,
      });
      expect(oral.status).toBe(400);
      expect(oral.json().error.message).toContain('不需要确认');
      expect((await handler.post('/api/agencies/220500-zsj/applications', { channel: 'fax' })).status).toBe(400);
    });

    it('withdrawal by the applicant, split by staff (一事一申请), duplicates suggested', async () => {
      const mk = async (subject: string) => (await submit(applicant, { agencyCode: '220500-zsj', subject, provisionForm: '电子数据', deliveryMethod: '电子邮件' })).data!.application.id;
      const w = await mk('2026年通化市数字政府建设项目清单');
      const wd = await stepOn(w, applicant, { step: 'withdraw' });
      expect(wd.response.status, JSON.stringify(wd.error)).toBe(200);
      expect(wd.data!.application.status).toBe('已撤回');
      const dup = await mk('通化市数字政府建设项目清单（2026年）');
      const duplicates = (c: TestClient) => c.api.GET('/api/applications/{id}/duplicates', { params: { path: { id: dup } } });
      expect((await duplicates(handler)).data!.items.map((x) => x.id)).toContain(w);
      expect((await duplicates(applicant)).response.status).toBe(404);

      const s = await mk('1.大厦物业合同；2.大厦安保合同');
      await stepOn(s, registrar, { step: 'confirm' });
      const res = await stepOn(s, handler, { step: 'split', parts: [{ subject: '大厦物业合同' }, { subject: '大厦安保合同' }] });
      expect(res.response.status, JSON.stringify(res.error)).toBe(200);
      const parent = res.data!.application;
      expect(parent.splitInto).toHaveLength(2);
      expect(parent.status).toBe('已拆分办理');
      const child = await view(handler, res.data!.result.created![0]);
      expect(child.splitFrom).toBe(parent.number);
      expect(child.receiptDate).toBe('2026-11-27');
      expect(child.number).not.toBe(parent.number);
      expect((await stepOn(s, handler, { step: 'assign' })).response.status).toBe(409);
    });

    it('the inbox sorts by due date with badges, filters, and the city supervisor sees agencies below', async () => {
      type InboxQuery = paths['/api/agencies/{code}/applications']['get']['parameters']['query'];
      const inbox = (c: TestClient, code: string, query: InboxQuery = {}) => c.api.GET('/api/agencies/{code}/applications', { params: { path: { code }, query: { size: 100, ...query } } });
      const open = (await inbox(handler, '220500-zsj', { status: 'open' })).data!;
      expect(open.total).toBe(open.items.length);
      const due = open.items.flatMap((i) => (i.dueDate ? [i.dueDate] : []));
      expect(due).toEqual([...due].sort());
      expect(open.items.some((i) => i.badge === 'due_soon' || i.badge === 'overdue')).toBe(true);
      const online = (await inbox(handler, '220500-zsj', { channel: 'online' })).data!.items;
      expect(online.every((i) => i.channel === 'online')).toBe(true);
      // Paged: the second page of one continues the first.
      const [p1, p2] = [(await inbox(handler, '220500-zsj', { size: 1, page: 1 })).data!, (await inbox(handler, '220500-zsj', { size: 1, page: 2 })).data!];
      expect(p1.items).toHaveLength(1);
      expect(p2.items[0]?.id).not.toBe(p1.items[0].id);
      expect(p2.total).toBe(p1.total);
      const tooMany = await inbox(handler, '220500-zsj', { size: 1000 });
      expect(tooMany.response.status).toBe(400);
      expect(tooMany.error!.error.message).toContain('每页条数不能超过 100');
      const city = await as(server, 'supervisor@city.demo');
      const below = (await inbox(city, '220500', { below: '1' })).data!.items;
      expect(below.some((i) => i.agency.code === '220500-zsj')).toBe(true);
      const czj = await as(server, 'handler@czj.demo');
      expect((await inbox(czj, '220500-zsj')).response.status).toBe(403);
    });

    it('appeals: recorded linked to an application; only staff of the agency', async () => {
      const res = await handler.api.POST('/api/appeals', { body: { agencyCode: '220500-zsj', kind: 'reconsideration', organ: '通化市人民政府', filedDate: '2026-11-25', result: 'pending' } });
      expect(res.response.status, JSON.stringify(res.error)).toBe(201);
      expect(res.data!.appeal).toMatchObject({ kind: 'reconsideration', result: 'pending', concludedDate: null });
      const bad = await handler.api.POST('/api/appeals', { body: { agencyCode: '220500-zsj', kind: 'litigation_direct', filedDate: '2026-11-25', result: 'upheld' } });
      expect(bad.response.status).toBe(400);
      expect(bad.error!.error.message).toContain('审结日期');
      expect((await applicant.api.POST('/api/appeals', { body: { agencyCode: '220500-zsj', kind: 'reconsideration', filedDate: '2026-11-25' } })).response.status).toBe(403);
      const listed = (await handler.api.GET('/api/agencies/{code}/appeals', { params: { path: { code: '220500-zsj' } } })).data!;
      expect(listed.items.map((a) => a.id)).toContain(res.data!.appeal.id);
    });

    it('letter templates: an agency override is validated and used for later letters', async () => {
      const bad = await reviewer.request('PUT', '/api/agencies/220500-zsj/letter-templates/receipt', { json: { override: { paragraphs: ['只有一句话'] } } });
      expect(bad.status).toBe(400);
      expect(bad.json().error.message).toContain('必备要素');
      const ok = await reviewer.request('PUT', '/api/agencies/220500-zsj/letter-templates/receipt', { json: { override: { title: '政府信息公开申请受理回执' } } });
      expect(ok.status, ok.text).toBe(200);
      const refused = await handler.request('PUT', '/api/agencies/220500-zsj/letter-templates/receipt', { json: { override: {} } });
      expect(refused.status).toBe(403);
      expect(refused.json().error.message).toBe('只有审核人（负责人）可以查看和修改本机关的答复文书模板');
      // The console's page asks the same use case: the same refusal.
      expect((await handler.get('/console/220500-zsj/letter-templates')).status).toBe(403);
      expect((await reviewer.get('/console/220500-zsj/letter-templates?kind=receipt')).text).toContain('政府信息公开申请受理回执');
      const id = (await applicant.post('/api/applications', { agencyCode: '220500-zsj', subject: '模板测试', provisionForm: '纸质', deliveryMethod: '邮寄' })).json().application.id;
      const a = (await registrar.post(`/api/applications/${id}/steps`, { step: 'confirm' })).json().application;
      const html = await registrar.get(a.letters[0].docx.replace('.docx', '.html'));
      expect(html.text).toContain('政府信息公开申请受理回执');
    });
  });
}
