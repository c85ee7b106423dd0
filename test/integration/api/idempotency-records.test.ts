/**
 * Idempotency-Key on the creating routes of appeals (行政复议/诉讼) and of the 公开目录 (documents
 * and their attachments), through the generated client on a real server and database: a retry
 * answers the first answer (`Idempotent-Replayed: true`) and records nothing more; requests at once
 * with one key record one; the same key with a different body is refused (422, in Chinese) and
 * records nothing; the stored answer is written with the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { ok } from '../../support/api-client.ts';
import { queryRows } from '../../../src/db/index.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

for (const kind of databaseKinds()) {
  describe(`Idempotency-Key on appeals and documents [${kind}]`, () => {
    let server: TestServer;
    let handler: TestClient;
    let publisher: TestClient;

    const count = async (query: SQL) => (await queryRows<{ n: number }>(server.database.db, query))[0].n;
    const stored = async (key: string) => queryRows<{ status: number; body: unknown }>(server.database.db, sql`select status, body from idempotency_keys where key = ${key}`);
    const headers = (key: string) => ({ 'idempotency-key': key });

    beforeAll(async () => {
      server = await startTestServer({ kind });
      handler = server.client();
      await handler.login('handler@zsj.demo');
      publisher = server.client();
      await publisher.login('publisher@zsj.demo');
    });
    afterAll(async () => {
      await server?.close();
    });

    describe('POST /api/appeals', () => {
      const appeal = (number: string) => ({ agencyCode: '220500-zsj', number, kind: 'reconsideration' as const, organ: '通化市人民政府', filedDate: '2026-11-25' });
      const appeals = (number: string) => count(sql`select count(*)::int as n from appeals where number = ${number}`);

      it('a retry answers the first answer and records one case; the answer is stored with it', async () => {
        const body = appeal('通政复〔2026〕幂1号');
        const first = await handler.api.POST('/api/appeals', { body, headers: headers('appeal-0001') });
        expect(first.response.status, JSON.stringify(first.error)).toBe(201);
        expect(first.response.headers.get('idempotent-replayed')).toBeNull();
        const again = await handler.api.POST('/api/appeals', { body, headers: headers('appeal-0001') });
        expect(again.response.status).toBe(201);
        expect(again.response.headers.get('idempotent-replayed')).toBe('true');
        expect(again.data).toEqual(first.data);
        expect(await appeals(body.number)).toBe(1);
        expect(await stored('appeal-0001')).toEqual([{ status: 201, body: first.data }]);
        // The case listed is the one answered.
        const listed = ok(await handler.api.GET('/api/agencies/{code}/appeals', { params: { path: { code: '220500-zsj' }, query: { size: 100 } } }));
        expect(listed.items.find((a) => a.id === first.data!.appeal.id)).toEqual(first.data!.appeal);
      });

      it('requests at once with one key record ONE case and all answer it', async () => {
        const body = appeal('通政复〔2026〕幂2号');
        const answers = await Promise.all([0, 1, 2, 3].map(() => handler.api.POST('/api/appeals', { body, headers: headers('appeal-concurrent') })));
        for (const a of answers) expect(a.response.status, JSON.stringify(a.error)).toBe(201);
        expect(new Set(answers.map((a) => a.data!.appeal.id)).size).toBe(1);
        expect(answers.filter((a) => a.response.headers.get('idempotent-replayed') === null)).toHaveLength(1);
        expect(await appeals(body.number)).toBe(1);
      });

      it('the same key with a different body: 422 in Chinese, nothing recorded', async () => {
        expect((await handler.api.POST('/api/appeals', { body: appeal('通政复〔2026〕幂3号'), headers: headers('appeal-reuse') })).response.status).toBe(201);
        const other = await handler.api.POST('/api/appeals', { body: appeal('通政复〔2026〕幂4号'), headers: headers('appeal-reuse') });
        expect(other.response.status).toBe(422);
        expect(other.error!.error.code).toBe('idempotency_key_reused');
        expect(other.error!.error.message).toContain('幂等键（Idempotency-Key）已用于一个内容不同的请求');
        expect(await appeals('通政复〔2026〕幂4号')).toBe(0);
      });

      it('a refused request keeps nothing: the corrected one may use the key', async () => {
        const bad = await handler.api.POST('/api/appeals', { body: { ...appeal('通政复〔2026〕幂5号'), result: 'upheld' }, headers: headers('appeal-refused') });
        expect(bad.response.status).toBe(400);
        expect(await stored('appeal-refused')).toEqual([]);
        expect((await handler.api.POST('/api/appeals', { body: appeal('通政复〔2026〕幂5号'), headers: headers('appeal-refused') })).response.status).toBe(201);
        expect(await appeals('通政复〔2026〕幂5号')).toBe(1);
      });
    });

    describe('POST /api/agencies/{code}/documents', () => {
      const doc = (title: string) => ({ title, category: 'other' as const, writtenDate: '2026-11-20', body: '正文。' });
      const documents = (title: string) => count(sql`select count(*)::int as n from documents where title = ${title}`);
      const post = (body: ReturnType<typeof doc>, key: string) =>
        publisher.api.POST('/api/agencies/{code}/documents', { params: { path: { code: '220500-zsj' }, header: headers(key) }, body });

      it('a retry answers the first answer and creates one draft (with one version)', async () => {
        const body = doc('幂等：关于数据开放的通知');
        const first = await post(body, 'document-0001');
        expect(first.response.status, JSON.stringify(first.error)).toBe(201);
        const again = await post(body, 'document-0001');
        expect(again.response.status).toBe(201);
        expect(again.response.headers.get('idempotent-replayed')).toBe('true');
        expect(again.data).toEqual(first.data);
        expect(await documents(body.title)).toBe(1);
        expect(await count(sql`select count(*)::int as n from document_versions where document_id = ${first.data!.id}`)).toBe(1);
        expect(await stored('document-0001')).toEqual([{ status: 201, body: first.data }]);
      });

      it('requests at once with one key create ONE draft and all answer it', async () => {
        const body = doc('幂等：并发新建文件');
        const answers = await Promise.all([0, 1, 2, 3].map(() => post(body, 'document-concurrent')));
        for (const a of answers) expect(a.response.status, JSON.stringify(a.error)).toBe(201);
        expect(new Set(answers.map((a) => a.data!.id)).size).toBe(1);
        expect(await documents(body.title)).toBe(1);
      });

      it('the same key with a different body: 422 in Chinese, nothing created', async () => {
        expect((await post(doc('幂等：甲文件'), 'document-reuse')).response.status).toBe(201);
        const other = await post(doc('幂等：乙文件'), 'document-reuse');
        expect(other.response.status).toBe(422);
        expect(other.error!.error.code).toBe('idempotency_key_reused');
        expect(other.error!.error.message).toContain('幂等键');
        expect(await documents('幂等：乙文件')).toBe(0);
      });
    });

    describe('POST /api/documents/{id}/attachments', () => {
      let documentId: number;
      const files = () => count(sql`select count(*)::int as n from attachments where owner_kind = 'document' and owner_id = ${documentId}`);
      const upload = (filename: string, key?: string) =>
        publisher.api.POST('/api/documents/{id}/attachments', { params: { path: { id: documentId }, header: key ? headers(key) : {} }, body: { filename, contentBase64: PDF } });

      beforeAll(async () => {
        const d = await publisher.api.POST('/api/agencies/{code}/documents', { params: { path: { code: '220500-zsj' } }, body: { title: '幂等：附件', category: 'other', writtenDate: '2026-11-20' } });
        documentId = ok(d).id;
      });

      it('uploads through the API; a retry answers the first answer and stores one file', async () => {
        const first = await upload('预算说明.pdf', 'attachment-0001');
        expect(first.response.status, JSON.stringify(first.error)).toBe(201);
        expect(first.data!.attachment).toMatchObject({ filename: '预算说明.pdf', contentType: 'application/pdf', url: `/documents/${documentId}/attachments/${first.data!.attachment.id}` });
        const again = await upload('预算说明.pdf', 'attachment-0001');
        expect(again.response.headers.get('idempotent-replayed')).toBe('true');
        expect(again.data).toEqual(first.data);
        expect(await files()).toBe(1);
        // Without a key, each upload is its own (nothing changes for existing clients).
        expect((await upload('附表.pdf')).response.status).toBe(201);
        expect((await upload('附表.pdf')).response.status).toBe(201);
        expect(await files()).toBe(3);
      });

      it('requests at once with one key store ONE file and all answer it', async () => {
        const before = await files();
        const answers = await Promise.all([0, 1, 2].map(() => upload('并发.pdf', 'attachment-concurrent')));
        for (const a of answers) expect(a.response.status, JSON.stringify(a.error)).toBe(201);
        expect(new Set(answers.map((a) => a.data!.attachment.id)).size).toBe(1);
        expect(await files()).toBe(before + 1);
      });

      it('the same key with another file: 422 in Chinese; a file the policy refuses: 415, key left free', async () => {
        const before = await files();
        const other = await upload('另一个.pdf', 'attachment-0001');
        expect(other.response.status).toBe(422);
        expect(other.error!.error.code).toBe('idempotency_key_reused');
        const wrong = await publisher.api.POST('/api/documents/{id}/attachments', {
          params: { path: { id: documentId }, header: headers('attachment-refused') },
          body: { filename: '说明.docx', contentBase64: PDF },
        });
        expect(wrong.response.status).toBe(415);
        expect(wrong.error!.error.message).toContain('扩展名与内容不符');
        expect(await stored('attachment-refused')).toEqual([]);
        expect(await files()).toBe(before);
        const handlerTry = await handler.api.POST('/api/documents/{id}/attachments', { params: { path: { id: documentId } }, body: { filename: 'x.pdf', contentBase64: PDF } });
        // A handler may not edit the 公开目录: a draft is not even visible to him.
        expect(handlerTry.response.status).toBe(404);
        expect(await files()).toBe(before);
      });
    });

    it('the OpenAPI document declares the header on these routes', async () => {
      const doc = (await handler.get('/api/openapi.json')).json();
      const names = (op: { parameters?: Array<{ name: string; in: string }> }) => (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(names(doc.paths['/api/appeals'].post)).toContain('idempotency-key');
      expect(names(doc.paths['/api/agencies/{code}/documents'].post)).toContain('idempotency-key');
      expect(names(doc.paths['/api/documents/{id}/attachments'].post)).toContain('idempotency-key');
      expect(names(doc.paths['/api/tokens'].post)).not.toContain('idempotency-key');
    });
  });
}
