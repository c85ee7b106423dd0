/**
 * The applicant's part online (issue 15) on a real server and database: the 补正 sent from 我的申请
 * (text and files) restarts the reply period as 第三十条 says, only while the period runs; the
 * letters with their 送达; another applicant sees nothing; hostile uploads get a Chinese 4xx; the
 * applicant's API answer and page carry nothing internal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';

const setToday = (d: string) => (process.env.GONGKAI_TODAY = d);

async function as(server: TestServer, email: string): Promise<TestClient> {
  const c = server.client();
  await c.login(email);
  return c;
}

/** Posts multipart/form-data the way a browser does (files under `files`, several allowed). */
async function postMultipart(client: TestClient, path: string, fields: Record<string, string>, files: Array<{ name: string; type: string; bytes: Uint8Array }> = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  const token = client.csrfToken ?? (await client.fetchCsrf());
  const res = await fetch(client.baseUrl + path, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': token },
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

for (const kind of databaseKinds()) {
  describe(`the applicant's part online [${kind}]`, () => {
    let server: TestServer;
    let applicant: TestClient;
    let other: TestClient;
    let registrar: TestClient;
    let handler: TestClient;

    beforeAll(async () => {
      setToday('2026-11-02');
      server = await startTestServer({ kind });
      applicant = await as(server, 'zhangsan@applicant.demo');
      other = await as(server, 'company@applicant.demo');
      registrar = await as(server, 'registrar@zsj.demo');
      handler = await as(server, 'handler@zsj.demo');
    });
    afterAll(async () => {
      await server?.close();
      process.env.GONGKAI_TODAY = '2026-11-27';
    });

    /** An online application of zhangsan, confirmed on `day`, with a 补正 sent the next working day by `serviceMethod`. */
    async function caseWithCorrection(day: string, next: string, serviceMethod?: string): Promise<number> {
      setToday(day);
      const res = await applicant.post('/api/applications', { agencyCode: '220500-zsj', subject: '2026年政务服务大厦物业服务合同', provisionForm: '电子数据', deliveryMethod: '在线下载' });
      expect(res.status, res.text).toBe(201);
      const id = res.json().application.id as number;
      expect((await registrar.post(`/api/applications/${id}/steps`, { step: 'confirm' })).status).toBe(200);
      setToday(next);
      await handler.post(`/api/applications/${id}/steps`, { step: 'assign' });
      const r = await handler.post(`/api/applications/${id}/steps`, { step: 'correction_request', items: ['请写明合同的年份或编号'], periodWorkingDays: 15, ...(serviceMethod ? { serviceMethod } : {}) });
      expect(r.status, r.text).toBe(200);
      return id;
    }

    it('the 补正 sent online with a file restarts the reply period from that day (第三十条); staff see it', async () => {
      const id = await caseWithCorrection('2026-11-02', '2026-11-03');
      // Served electronically the day it reached the account; the period: 15 working days from 11-03.
      let view = (await applicant.get(`/api/applications/${id}`)).json().application;
      expect(view.status).toBe('待补正');
      expect(view.correction).toMatchObject({ requested: '2026-11-03', served: '2026-11-03', deadline: '2026-11-24', items: ['请写明合同的年份或编号'], window: { open: true } });
      const letter = view.letters.find((l: { kind: string }) => l.kind === 'correction');
      expect(letter.service).toMatchObject({ status: 'served', date: '2026-11-03', method: '电子送达', text: '2026-11-03 电子送达' });
      expect(view.actions.map((a: { step: string }) => a.step)).toContain('correction_receive');
      // Nothing internal in the applicant's answer: no handler, no staff name.
      expect(view.handler).toBeNull();
      expect(JSON.stringify(view)).not.toMatch(/王承办|李登记|handler@/);

      // Opening the letter records nothing: it was served on arrival in the account.
      const pdf = await applicant.get(`/api/applications/${id}/letters/${letter.id}.pdf`);
      expect(pdf.status).toBe(200);
      expect((await applicant.get(`/api/applications/${id}`)).json().application.correction.served).toBe('2026-11-03');

      setToday('2026-11-05');
      const page = await applicant.get(`/my/applications/${id}`);
      expect(page.text).toContain('data-form="correction"');
      expect(page.text).toContain('2026-11-03 电子送达');
      const sent = await postMultipart(applicant, `/my/applications/${id}/correction`, { text: '所需为2026年度的物业服务合同（编号TH-2026-01）' }, [
        { name: '合同编号说明.pdf', type: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 编号') },
      ]);
      expect(sent.status, sent.text.slice(0, 400)).toBe(303);
      expect(sent.location).toBe(`/my/applications/${id}?corrected=1`);

      view = (await applicant.get(`/api/applications/${id}`)).json().application;
      expect(view.status).toBe('办理中');
      // 20 working days from the day after 11-05 (第三十条, 第三十三条): 11-06 … 12-03.
      expect(view.dueDate).toBe('2026-12-03');
      expect(view.timeline.at(-1)).toMatchObject({ type: 'correction_received', date: '2026-11-05', by: '本人', detail: '在线提交，附件1个' });
      expect(view.actions.map((a: { step: string }) => a.step)).not.toContain('correction_receive');

      const staff = (await handler.get(`/api/applications/${id}`)).json().application;
      expect(staff.dueDate).toBe('2026-12-03');
      const line = staff.timeline.find((t: { type: string }) => t.type === 'correction_received');
      expect(line.by).toBe('张三');
      expect(line.detail).toContain('申请人在线提交，附件1个');
      const consolePage = await handler.get(`/console/applications/${id}`);
      expect(consolePage.text).toContain('合同编号说明.pdf');
      expect(consolePage.text).toContain('补正材料');
      const fileId = /files\/(\d+)">合同编号说明\.pdf/.exec(consolePage.text)![1];
      expect((await handler.get(`/api/applications/${id}/files/${fileId}`)).status).toBe(200);
      expect((await applicant.get(`/api/applications/${id}/files/${fileId}`)).status).toBe(200);

      // Another applicant: nothing of it (404), neither the case, its letters, its files nor the 补正 form.
      expect((await other.get(`/api/applications/${id}`)).status).toBe(404);
      expect((await other.get(`/api/applications/${id}/letters/${letter.id}.pdf`)).status).toBe(404);
      expect((await other.get(`/api/applications/${id}/letters/${letter.id}.docx`)).status).toBe(404);
      expect((await other.get(`/api/applications/${id}/files/${fileId}`)).status).toBe(404);
      expect((await other.get(`/my/applications/${id}`)).status).toBe(404);
      // Sent again: nothing is pending any more (409, in Chinese).
      const again = await applicant.post(`/api/applications/${id}/steps`, { step: 'correction_receive', text: '再补充' });
      expect(again.status).toBe(409);
      expect(again.json().error.message).toContain('没有待补正的事项');

      // An internal step (the handler asks for an extension): staff see it pending, the applicant's list, page and receipt do not.
      const ext = await handler.post(`/api/applications/${id}/steps`, { step: 'extension_request', workingDays: 10, reason: '合同附件需从档案室调取' });
      expect(ext.status, ext.text).toBe(200);
      expect((await handler.get(`/api/applications/${id}`)).json().application.status).toBe('办理中（延期待审批）');
      const mine = (await applicant.get('/api/my/applications')).json().items.find((i: { id: number }) => i.id === id);
      expect(mine).toMatchObject({ status: '办理中', handler: null, dueDate: '2026-12-03' });
      for (const path of ['/my/applications', `/my/applications/${id}`, `/my/applications/${id}/receipt`, `/api/applications/${id}`]) {
        const text = (await applicant.get(path)).text;
        for (const secret of ['延期待审批', '档案室', '王承办', '指定承办人']) expect(text, `${path}: ${secret}`).not.toContain(secret);
      }
    });

    it('after the period has run out the form is not offered and the use case refuses (第三十条)', async () => {
      const id = await caseWithCorrection('2026-11-02', '2026-11-03');
      setToday('2026-11-24'); // the last day: still open
      expect((await applicant.get(`/my/applications/${id}`)).text).toContain('data-form="correction"');
      setToday('2026-11-25');
      const page = await applicant.get(`/my/applications/${id}`);
      expect(page.text).not.toContain('data-form="correction"');
      expect(page.text).toContain('补正期限已于2026-11-24届满');
      const viaApi = await applicant.post(`/api/applications/${id}/steps`, { step: 'correction_receive', text: '晚了' });
      expect(viaApi.status).toBe(409);
      expect(viaApi.json().error).toMatchObject({ code: 'correction.lapsed' });
      const viaPage = await postMultipart(applicant, `/my/applications/${id}/correction`, { text: '晚了' });
      expect(viaPage.status).toBe(409);
      expect(viaPage.text).toContain('补正期限已于2026-11-24届满');
      // Staff may still record a late 补正 that came with a good reason (the clock warns).
      expect((await handler.post(`/api/applications/${id}/steps`, { step: 'correction_receive', channel: 'mail_signed' })).status).toBe(200);
    });

    it('a 补正 notice sent by post is 待送达 until its service is recorded; the applicant may answer it at once', async () => {
      const id = await caseWithCorrection('2026-11-02', '2026-11-03', 'mail');
      setToday('2026-11-04');
      const view = (await applicant.get(`/api/applications/${id}`)).json().application;
      expect(view.letters.find((l: { kind: string }) => l.kind === 'correction').service).toMatchObject({ status: 'pending', text: '待送达' });
      expect(view.correction).toMatchObject({ served: null, deadline: null });
      const page = await applicant.get(`/my/applications/${id}`);
      expect(page.text).toContain('待送达');
      // The applicant may not choose the day, nor the channel.
      expect((await applicant.post(`/api/applications/${id}/steps`, { step: 'correction_receive', text: '2026年', date: '2026-11-03' })).json().error.code).toBe('correction.date');
      expect((await applicant.post(`/api/applications/${id}/steps`, { step: 'correction_receive', text: '2026年', channel: 'in_person' })).json().error.code).toBe('correction.channel');
      expect((await applicant.post(`/api/applications/${id}/steps`, { step: 'correction_receive' })).json().error.code).toBe('correction.empty');
      // Staff cannot pretend to be the applicant online.
      expect((await handler.post(`/api/applications/${id}/steps`, { step: 'correction_receive', channel: 'online' })).status).toBe(400);
      const ok = await applicant.post(`/api/applications/${id}/steps`, { step: 'correction_receive', text: '2026年度' });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json().application.dueDate).toBe('2026-12-02');
    });

    it('hostile uploads are refused with a Chinese 4xx and leave the case as it was', async () => {
      const id = await caseWithCorrection('2026-11-02', '2026-11-03');
      setToday('2026-11-04');
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      const tooBig = await postMultipart(applicant, `/my/applications/${id}/correction`, { text: 'x' }, [{ name: 'big.pdf', type: 'application/pdf', bytes: big }]);
      expect(tooBig.status).toBe(400);
      expect(tooBig.text).toMatch(/超过10MB|不能超过10MB/);
      const huge = await postMultipart(applicant, `/my/applications/${id}/correction`, { text: 'x' }, [{ name: 'huge.pdf', type: 'application/pdf', bytes: new Uint8Array(13 * 1024 * 1024) }]);
      expect(huge.status).toBe(413);
      expect(huge.text).toContain('提交的内容过大');
      const many = await postMultipart(applicant, `/my/applications/${id}/correction`, { text: 'x' }, Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, type: 'text/plain', bytes: new Uint8Array([65]) })));
      expect(many.status).toBe(400);
      expect(many.text).toContain('补正材料不能超过10个文件');
      const nul = await postMultipart(applicant, `/my/applications/${id}/correction`, { text: 'x' }, [{ name: 'a\u0000b.pdf', type: 'application/pdf', bytes: new Uint8Array([1]) }]);
      expect(nul.status).toBe(400);
      expect(nul.text).toMatch(/文件名/);
      const viaApi = await applicant.post(`/api/applications/${id}/steps`, { step: 'correction_receive', text: 'x', files: [{ filename: 'e.pdf', contentBase64: '' }] });
      expect(viaApi.status).toBe(400);
      expect(viaApi.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
      // Still waiting for the 补正: nothing half-written.
      expect((await applicant.get(`/api/applications/${id}`)).json().application.status).toBe('待补正');

      // A page with a script and a path in its name: stored under a harmless name, served only as a download.
      const html = await postMultipart(applicant, `/my/applications/${id}/correction`, { text: 'x' }, [{ name: '../../evil.html', type: 'text/html', bytes: new TextEncoder().encode('<script>alert(1)</script>') }]);
      expect(html.status).toBe(303);
      const page = await handler.get(`/console/applications/${id}`);
      const m = /files\/(\d+)">([^<]*evil\.html)</.exec(page.text)!;
      expect(m[2]).not.toContain('/');
      const file = await handler.get(`/api/applications/${id}/files/${m[1]}`);
      expect(file.headers.get('content-type')).toBe('application/octet-stream');
      expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    });

    it('a fee notice: the applicant sees the amount and the payment period (no online payment)', async () => {
      setToday('2026-11-02');
      const res = await applicant.post('/api/applications', { agencyCode: '220500-zsj', subject: '2026年大厦能耗统计表', provisionForm: '电子数据', deliveryMethod: '在线下载' });
      const id = res.json().application.id as number;
      await registrar.post(`/api/applications/${id}/steps`, { step: 'confirm' });
      setToday('2026-11-03');
      const fee = await handler.post(`/api/applications/${id}/steps`, { step: 'fee_notice', method: 'pages', pages: 120, standard: '按量计收（国办函〔2020〕109号）', payment: '到通化市政务服务大厦一楼窗口缴纳' });
      expect(fee.status, fee.text).toBe(200);
      const view = (await applicant.get(`/api/applications/${id}`)).json().application;
      expect(view.fee).toMatchObject({ sent: '2026-11-03', served: '2026-11-03', payBy: '2026-12-01', payment: '到通化市政务服务大厦一楼窗口缴纳', onlinePayment: false });
      expect(view.fee.amount).toBeGreaterThan(0);
      const page = await applicant.get(`/my/applications/${id}`);
      expect(page.text).toContain('信息处理费');
      expect(page.text).toContain('2026-12-01');
      expect(page.text).toContain('本平台暂不支持在线缴费');
    });
  });
}
