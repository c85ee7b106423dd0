/**
 * The applications API end to end on a real server and database: every transition of the
 * procedure, the forbidden ones, letters (DOCX parsed back), files, 我的申请 isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestServer, type TestClient } from '../../support/server.ts';

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

    const step = (c: TestClient, body: Record<string, unknown>) => c.post(`/api/applications/${appId}/steps`, body);

    it('an applicant submits online: 申请编号, 待确认, attachments kept, no receipt date yet', async () => {
      const res = await applicant.post('/api/applications', {
        agencyCode: '220500-zsj',
        subject: '2026年政务服务大厦物业服务招标文件',
        description: '含评标结果',
        provisionForm: '电子数据',
        deliveryMethod: '在线下载',
        attachments: [{ filename: '身份证.png', contentType: 'image/png', contentBase64: Buffer.from('png').toString('base64'), purpose: 'id_copy' }],
      });
      expect(res.status, res.text).toBe(201);
      onlineId = res.json().application.id;
      expect(res.json().application.number).toMatch(/^2026\d{5}$/);
      const view = (await applicant.get(`/api/applications/${onlineId}`)).json().application;
      expect(view.status).toBe('待确认');
      expect(view.receiptDate).toBeNull();
      expect(view.actions.map((a: { step: string }) => a.step)).toEqual(['withdraw']);
    });

    it('refuses an application without the 第二十九条 elements, in Chinese, writing nothing', async () => {
      const before = (await applicant.get('/api/my/applications')).json().items.length;
      const res = await applicant.post('/api/applications', { agencyCode: '220500-zsj', subject: '', provisionForm: '电子数据', deliveryMethod: '飞鸽' });
      expect(res.status).toBe(400);
      expect(res.json().error.message).toMatch(/所需政府信息的名称|获取信息的方式/);
      expect((await applicant.get('/api/my/applications')).json().items.length).toBe(before);
    });

    it('an agent must attach the 委托书', async () => {
      const res = await applicant.post('/api/applications', { agencyCode: '220500-zsj', subject: '某文件', provisionForm: '纸质', deliveryMethod: '邮寄', agentName: '李律师' });
      expect(res.status).toBe(400);
      expect(res.json().error.message).toContain('授权委托书');
    });

    it('another applicant cannot see it; a handler of another agency cannot act on it', async () => {
      const company = await as(server, 'company@applicant.demo');
      expect((await company.get(`/api/applications/${onlineId}`)).status).toBe(404);
      expect((await company.get('/api/my/applications')).json().items).toEqual([]);
      const czj = await as(server, 'handler@czj.demo');
      expect((await czj.get(`/api/applications/${onlineId}`)).status).toBe(404);
      expect((await czj.post(`/api/applications/${onlineId}/steps`, { step: 'assign' })).status).toBe(404);
    });

    it('only the registrar confirms an online application; it cannot be confirmed before it was submitted', async () => {
      const early = await registrar.post(`/api/applications/${onlineId}/steps`, { step: 'confirm', date: '2026-11-20' });
      expect(early.status).toBe(409);
      expect(early.json().error.message).toContain('2026-11-20');
      expect((await handler.post(`/api/applications/${onlineId}/steps`, { step: 'confirm' })).status).toBe(403);
      const ok = await registrar.post(`/api/applications/${onlineId}/steps`, { step: 'confirm' });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json().application.receiptDate).toBe('2026-11-27');
      expect(ok.json().application.status).toBe('办理中');
    });

    it('an ordinary letter is received on the day it is confirmed (第三十一条第二项); the receipt letter carries the due date', async () => {
      const reg = await registrar.post('/api/agencies/220500-zsj/applications', {
        channel: 'mail_unsigned',
        submittedDate: '2026-10-12',
        applicantType: 'natural',
        applicantName: '张三',
        applicantPhone: '13800000001',
        applicantAddress: '吉林省通化市东昌区演示街1号',
        subject: '2026年政务服务大厦物业服务招标文件',
        provisionForm: '电子数据',
        deliveryMethod: '在线下载',
      });
      expect(reg.status, reg.text).toBe(201);
      appId = reg.json().application.id;
      expect((await registrar.get(`/api/applications/${appId}`)).json().application.status).toBe('待确认');
      expect((await step(handler, { step: 'confirm' })).status).toBe(403);
      const res = await step(registrar, { step: 'confirm', date: '2026-10-12' });
      expect(res.status, res.text).toBe(200);
      const a = res.json().application;
      expect(a.receiptDate).toBe('2026-10-12');
      expect(a.dueDate).toBe('2026-11-09');
      expect(a.letters.map((l: { kind: string }) => l.kind)).toEqual(['receipt']);
      expect((await step(registrar, { step: 'confirm' })).status).toBe(409); // allowed to the role, but no longer a step of this case
    });

    it('补正: notice with its letter, then the corrected application restarts the period (第三十条)', async () => {
      expect((await step(handler, { step: 'assign', date: '2026-10-13' })).status).toBe(200);
      const bad = await step(handler, { step: 'correction_request', date: '2026-10-14', items: [] });
      expect(bad.status).toBe(400);
      const res = await step(handler, { step: 'correction_request', date: '2026-10-14', items: ['请写明所需招标文件的项目名称或者编号'] });
      expect(res.status, res.text).toBe(200);
      expect(res.json().application.status).toBe('待补正');
      expect(res.json().application.dueDate).toBeNull();
      const got = await step(handler, { step: 'correction_receive', date: '2026-10-16' });
      expect(got.json().application.dueDate).toBe('2026-11-13');
    });

    it('consultation of a third party (第三十二条): two letters, the time excluded, then the answer', async () => {
      const res = await step(handler, { step: 'consultation_send', date: '2026-10-19', party: 'third_party', consultee: '通化某物业管理有限公司' });
      expect(res.status, res.text).toBe(200);
      const a = res.json().application;
      expect(a.letters.map((l: { kind: string }) => l.kind)).toEqual(['receipt', 'correction', 'consultation_third_party', 'consultation_notice']);
      const answered = await step(handler, { step: 'consultation_answer', date: '2026-10-23', opinion: 'disagree' });
      expect(answered.status, answered.text).toBe(200);
      // 4 working days (10-20 … 10-23) excluded: 2026-11-13 → 2026-11-19.
      expect(answered.json().application.dueDate).toBe('2026-11-19');
    });

    it('extension: the handler asks, cannot approve; the reviewer approves once; a second one is refused', async () => {
      expect((await step(reviewer, { step: 'extension_request', workingDays: 20, reason: 'x' })).status).toBe(403);
      const req = await step(handler, { step: 'extension_request', date: '2026-11-02', workingDays: 20, reason: '需要调取多个年度的档案核查' });
      expect(req.status, req.text).toBe(200);
      expect(req.json().application.status).toContain('延期待审批');
      expect((await step(handler, { step: 'extension_decide', approve: true })).status).toBe(403);
      const ok = await step(reviewer, { step: 'extension_decide', date: '2026-11-03', approve: true });
      expect(ok.status, ok.text).toBe(200);
      const a = ok.json().application;
      expect(a.dueDate).toBe('2026-12-17');
      expect(a.letters.at(-1).kind).toBe('extension');
      const again = await step(handler, { step: 'extension_request', workingDays: 5, reason: '再次延期' });
      expect(again.status).toBe(409);
      expect(again.json().error.message).toContain('只能延长一次');
    });

    it('a decision needs exactly one outcome; 部分公开 must list what is withheld and why (第三十七条)', async () => {
      const none = await step(handler, { step: 'decision_propose' });
      expect(none.status).toBe(400);
      expect(none.json().error.message).toContain('办理结果');
      const bare = await step(handler, { step: 'decision_propose', outcome: 'partial', details: { disclosedPart: '招标文件正文' } });
      expect(bare.status).toBe(409);
      expect(bare.json().error.message).toContain('不予公开的内容');
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
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json().application.status).toContain('答复待审批');
      expect((await step(handler, { step: 'decision_review', approve: true })).status).toBe(403);
    });

    it('the reviewer approves: the decision letter (部分公开告知书) as DOCX holds its elements', async () => {
      const res = await step(reviewer, { step: 'decision_review', date: '2026-11-23', approve: true });
      expect(res.status, res.text).toBe(200);
      const a = res.json().application;
      expect(a.status).toBe('已答复');
      expect(a.decision.outcome).toBe('partial');
      const letter = a.letters.at(-1);
      expect(letter.kind).toBe('partial_disclosure');
      expect(letter.number).toMatch(/^通政数公开〔2026〕第\d+号$/);
      const numbers = a.letters.map((l: { number: string }) => Number(l.number.match(/第(\d+)号/)![1]));
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
      expect(del.status, del.text).toBe(200);
      expect(del.json().application.status).toBe('已送达');
      expect((await step(registrar, { step: 'deliver', method: 'mail' })).status).toBe(409);
      expect((await step(handler, { step: 'withdraw' })).status).toBe(409);
    });

    it('the applicant sees only letters addressed to him or her, and disclosed files once decided', async () => {
      const s2 = (b: Record<string, unknown>, c: TestClient) => c.post(`/api/applications/${onlineId}/steps`, b);
      // A consultation now runs into 2027, a year the calendar does not know yet: the fact is recorded,
      // the due date is pending with its reason (src/domain/applications/pending.ts).
      const cs = await s2({ step: 'consultation_send', party: 'third_party', consultee: '某公司', serviceMethod: 'electronic' }, handler);
      expect(cs.status, cs.text).toBe(200);
      expect(cs.json().application.dueDate).toBeNull();
      expect(cs.json().application.dueDatePending).toBe('待2027年节假日安排录入后确定');
      expect(cs.json().application.explanation.join('')).toContain('2027年节假日安排尚未录入');
      const up = await s2({ step: 'disclose_file', file: { filename: '招标文件（公开部分）.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 demo').toString('base64') } }, handler);
      expect(up.status, up.text).toBe(200);
      let mine = (await applicant.get(`/api/applications/${onlineId}`)).json().application;
      // The applicant is told of the consultation; the letter to the third party stays with staff.
      expect(mine.letters.map((l: { kind: string }) => l.kind)).toEqual(['receipt', 'consultation_notice']);
      expect(mine.files).toEqual([]);
      const staffView = (await handler.get(`/api/applications/${onlineId}`)).json().application;
      expect((await applicant.get(staffView.files[0].url)).status).toBe(404);
      // The letter to the third party of another case is not reachable through this one.
      const other = (await handler.get(`/api/applications/${appId}`)).json().application;
      const hidden = other.letters.find((l: { kind: string }) => l.kind === 'consultation_third_party');
      expect((await applicant.get(`/api/applications/${onlineId}/letters/${hidden.id}.docx`)).status).toBe(404);
      const dp = await s2({ step: 'decision_propose', outcome: 'public', details: { access: '在线下载' } }, handler);
      expect(dp.status, dp.text).toBe(200);
      // 第三十二条: no disclosure while the third party's period is open and it has not answered.
      const early = await s2({ step: 'decision_review', approve: true }, reviewer);
      expect(early.status, early.text).toBe(409);
      expect(early.json().error.code).toBe('decided.consultation_open');
      const ans = await s2({ step: 'consultation_answer', consultee: '某公司', opinion: 'agree' }, handler);
      expect(ans.status, ans.text).toBe(200);
      const dr = await s2({ step: 'decision_review', approve: true }, reviewer);
      expect(dr.status, dr.text).toBe(200);
      mine = (await applicant.get(`/api/applications/${onlineId}`)).json().application;
      // The reply to an online application is served in the account the day it is issued (电子送达).
      expect(mine.status).toBe('已送达');
      expect(mine.letters.at(-1).service).toMatchObject({ status: 'served', date: mine.deliveredDate, text: `${mine.deliveredDate} 电子送达（到达申请人账户）` });
      expect(mine.letters.at(-1).kind).toBe('disclosure');
      const f = await applicant.get(mine.files[0].url);
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
      const mk = async (subject: string) =>
        (await applicant.post('/api/applications', { agencyCode: '220500-zsj', subject, provisionForm: '电子数据', deliveryMethod: '电子邮件' })).json().application.id as number;
      const w = await mk('2026年通化市数字政府建设项目清单');
      const wd = await applicant.post(`/api/applications/${w}/steps`, { step: 'withdraw' });
      expect(wd.status, wd.text).toBe(200);
      expect(wd.json().application.status).toBe('已撤回');
      const dup = await mk('通化市数字政府建设项目清单（2026年）');
      const d = (await handler.get(`/api/applications/${dup}/duplicates`)).json().items;
      expect(d.map((x: { id: number }) => x.id)).toContain(w);
      expect((await applicant.get(`/api/applications/${dup}/duplicates`)).status).toBe(404);

      const s = await mk('1.大厦物业合同；2.大厦安保合同');
      await registrar.post(`/api/applications/${s}/steps`, { step: 'confirm' });
      const res = await handler.post(`/api/applications/${s}/steps`, { step: 'split', parts: [{ subject: '大厦物业合同' }, { subject: '大厦安保合同' }] });
      expect(res.status, res.text).toBe(200);
      const parent = res.json().application;
      expect(parent.splitInto).toHaveLength(2);
      expect(parent.status).toBe('已拆分办理');
      const child = (await handler.get(`/api/applications/${res.json().result.created[0]}`)).json().application;
      expect(child.splitFrom).toBe(parent.number);
      expect(child.receiptDate).toBe('2026-11-27');
      expect(child.number).not.toBe(parent.number);
      expect((await handler.post(`/api/applications/${s}/steps`, { step: 'assign' })).status).toBe(409);
    });

    it('the inbox sorts by due date with badges, filters, and the city supervisor sees agencies below', async () => {
      const items = (await handler.get('/api/agencies/220500-zsj/applications?status=open')).json().items;
      const due = items.filter((i: { dueDate: string | null }) => i.dueDate).map((i: { dueDate: string }) => i.dueDate);
      expect(due).toEqual([...due].sort());
      expect(items.some((i: { badge: string | null }) => i.badge === 'due_soon' || i.badge === 'overdue')).toBe(true);
      const online = (await handler.get('/api/agencies/220500-zsj/applications?channel=online')).json().items;
      expect(online.every((i: { channel: string }) => i.channel === 'online')).toBe(true);
      const city = await as(server, 'supervisor@city.demo');
      const below = (await city.get('/api/agencies/220500/applications?below=1')).json().items;
      expect(below.some((i: { agency: { code: string } }) => i.agency.code === '220500-zsj')).toBe(true);
      const czj = await as(server, 'handler@czj.demo');
      expect((await czj.get('/api/agencies/220500-zsj/applications')).status).toBe(403);
    });

    it('appeals: recorded linked to an application; only staff of the agency', async () => {
      const res = await handler.post('/api/appeals', { agencyCode: '220500-zsj', kind: 'reconsideration', organ: '通化市人民政府', filedDate: '2026-11-25', result: 'pending' });
      expect(res.status, res.text).toBe(201);
      const bad = await handler.post('/api/appeals', { agencyCode: '220500-zsj', kind: 'litigation_direct', filedDate: '2026-11-25', result: 'upheld' });
      expect(bad.status).toBe(400);
      expect(bad.json().error.message).toContain('审结日期');
      expect((await applicant.post('/api/appeals', { agencyCode: '220500-zsj', kind: 'reconsideration', filedDate: '2026-11-25' })).status).toBe(403);
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
