/**
 * 区分处理 in a case over the API, on a real database: who may do what, marks checked and stored,
 * the proposal built from the marks, the approval refused when the marks changed after it, the
 * documents closed after approval, the original never served to the applicant, the disclosed copy
 * redacted. (The browser flow is test/e2e/applications/redaction.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { attachments, redactions } from '../../../src/db/schema.ts';
import { databaseKinds } from '../../support/db.ts';
import { findEverywhere } from '../../support/pdf-forensics.ts';
import { IMAGE_BOX, SECRETS, redactionFixture } from '../../support/redaction-fixture.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

for (const kind of databaseKinds()) {
  describe(`区分处理 API [${kind}]`, () => {
    let server: TestServer;
    let registrar: TestClient;
    let handler: TestClient;
    let reviewer: TestClient;
    let sibling: TestClient;
    let applicant: TestClient;
    let appId: number;
    let docId: number;

    const as = async (email: string) => {
      const c = server.client();
      await c.login(email);
      return c;
    };

    beforeAll(async () => {
      server = await startTestServer({ kind });
      [registrar, handler, reviewer, sibling, applicant] = await Promise.all(
        ['registrar@zsj.demo', 'handler@zsj.demo', 'reviewer@zsj.demo', 'handler@czj.demo', 'zhangsan@applicant.demo'].map(as),
      );
      const res = await registrar.post('/api/agencies/220500-zsj/applications', {
        channel: 'in_person',
        submittedDate: '2026-11-23',
        applicantType: 'natural',
        applicantName: '赵某',
        applicantPhone: '13900004444',
        subject: '某项目的审批材料',
        provisionForm: '电子数据',
        deliveryMethod: '电子邮件',
      });
      expect(res.status, res.text).toBe(201);
      appId = res.json().application.id;
    });
    afterAll(async () => {
      await server?.close();
    });

    it('lets the handler add a document, and nobody else', async () => {
      const file = { filename: '审批材料.pdf', contentType: 'application/pdf', contentBase64: Buffer.from(await redactionFixture()).toString('base64') };
      for (const c of [registrar, reviewer, sibling, applicant]) {
        expect([403, 404]).toContain((await c.post(`/api/applications/${appId}/redaction/documents`, { file })).status);
      }
      const bad = await handler.post(`/api/applications/${appId}/redaction/documents`, { file: { ...file, contentBase64: Buffer.from('not a pdf').toString('base64') } });
      expect(bad.status).toBe(415);
      expect(bad.json().error.message).toContain('只能对 PDF');
      const res = await handler.post(`/api/applications/${appId}/redaction/documents`, { file });
      expect(res.status, res.text).toBe(201);
      docId = res.json().document.id;
      expect(res.json().document).toMatchObject({ pageCount: 2, sourceKind: 'pdf', filename: '审批材料.pdf' });
      expect((await handler.get(`/api/redaction/documents/${docId}/source`)).status).toBe(200);
      expect((await reviewer.get(`/api/redaction/documents/${docId}/source`)).status).toBe(200);
      for (const c of [sibling, applicant]) expect([403, 404]).toContain((await c.get(`/api/redaction/documents/${docId}/source`)).status);
    });

    it('checks each mark: page, area, basis, what, the law for 禁止公开; a text selection is snapped or refused', async () => {
      const url = `/api/redaction/documents/${docId}/marks`;
      const mark = { page: 1, rects: [IMAGE_BOX], source: 'box', basis: 'trade_secret', what: '企业报价图' };
      const refusals: Array<[Record<string, unknown>, number, string]> = [
        [{ ...mark, page: 3 }, 400, '页码3不存在'],
        [{ ...mark, rects: [[10, 10, 10, 40]] }, 400, '删除区域无效'],
        [{ ...mark, basis: 'secret' }, 400, '依据'],
        [{ ...mark, what: ' ' }, 400, '删除的内容名称'],
        [{ ...mark, basis: 'prohibited' }, 400, '须写明是哪部法律'],
        [{ ...mark, source: 'text', text: '不在此页的文字', rects: [[70, 100, 300, 120]] }, 422, '找不到所选的文字'],
      ];
      for (const [m, status, message] of refusals) {
        const res = await handler.post(url, { marks: [m] });
        expect(res.status, JSON.stringify(m)).toBe(status);
        expect(res.json().error.message).toContain(message);
      }
      expect([403, 404]).toContain((await reviewer.post(url, { marks: [mark] })).status);
      const ok = await handler.post(url, { marks: [mark, { page: 1, rects: [[100, 105, 150, 125]], source: 'text', text: SECRETS.name, basis: 'privacy', what: '申请人姓名' }] });
      expect(ok.status, ok.text).toBe(201);
      // The selection was snapped to the name's own characters.
      const name = ok.json().marks[1];
      expect(name.rects.length).toBe(1);
      expect(name.rects[0][2] - name.rects[0][0]).toBeLessThan(40);
    });

    it('proposes 部分公开 from the marks; a change of marks after it blocks the approval', async () => {
      const scan = await handler.get(`/api/redaction/documents/${docId}/scan`);
      const idHits = scan.json().hits.filter((h: { text: string }) => h.text === SECRETS.id);
      expect(idHits.length).toBe(2);
      await handler.post(`/api/redaction/documents/${docId}/marks`, { marks: idHits.map((h: { page: number; rects: number[][]; basis: string; what: string }) => ({ ...h, source: 'pattern' })) });
      expect((await reviewer.post(`/api/applications/${appId}/redaction/approve`, {})).status).toBe(409);
      expect((await handler.post(`/api/applications/${appId}/redaction/propose`, { disclosedPart: '审批材料的其他内容', access: '电子邮件发送' })).status).toBe(204);
      const state = (await handler.get(`/api/applications/${appId}/redaction`)).json();
      expect(state.pendingPartial).toBe('matches');
      expect(state.withheldParts.map((p: { content: string }) => p.content)).toEqual(['第1页中的申请人姓名、公民身份号码（2处）', '第1页中的企业报价图']);

      // The handler removes a mark after proposing: the letter would no longer describe the file.
      const [first] = await server.database.db.select().from(redactions).where(eq(redactions.documentId, docId));
      expect((await handler.request('DELETE', `/api/redaction/documents/${docId}/marks/${first.id}`)).status).toBe(204);
      const changed = await reviewer.post(`/api/applications/${appId}/redaction/approve`, {});
      expect(changed.status).toBe(409);
      expect(changed.json().error.code).toBe('redaction_changed');
      // Put it back as it was: the parts match again.
      await handler.post(`/api/redaction/documents/${docId}/marks`, { marks: [{ page: 1, rects: first.rects, source: 'box', basis: first.basis, what: first.what, reason: first.reason ?? undefined }] });
      expect((await handler.get(`/api/applications/${appId}/redaction`)).json().pendingPartial).toBe('matches');
    });

    it('the reviewer approves: decision, letter and the redacted copy in one go; then the marks are closed', async () => {
      expect([403, 404]).toContain((await handler.post(`/api/applications/${appId}/redaction/approve`, {})).status);
      const res = await reviewer.post(`/api/applications/${appId}/redaction/approve`, {});
      expect(res.status, res.text).toBe(200);
      const [attachmentId] = res.json().disclosed;
      const view = (await reviewer.get(`/api/applications/${appId}`)).json().application;
      expect(view.status).toBe('已答复');
      expect((await reviewer.get(`/api/applications/${appId}/files/${attachmentId}`)).status).toBe(200);
      // The bytes as stored (the test client reads answers as text).
      const [row] = await server.database.db.select().from(attachments).where(eq(attachments.id, attachmentId));
      expect(row.ownerKind).toBe('application_disclosed');
      const pdf = new Uint8Array(row.bytes);
      for (const s of [SECRETS.id, SECRETS.name]) expect(await findEverywhere(pdf, s), s).toEqual([]);
      const more = await handler.post(`/api/redaction/documents/${docId}/marks`, { marks: [{ page: 2, rects: [[0, 0, 50, 50]], basis: 'privacy', what: '号码' }] });
      expect(more.status).toBe(409);
      expect(more.json().error.message).toContain('已经审批');
      expect((await reviewer.post(`/api/applications/${appId}/redaction/approve`, {})).status).toBe(409);
    });
  });
}
