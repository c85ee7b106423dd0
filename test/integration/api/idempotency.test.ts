/**
 * Idempotency keys on submissions (src/app/idempotency.ts) on a real server and database: a retry
 * answers the first answer and files nothing more; a reused key with another body is refused; keys
 * at once with one key file one application; two servers with their own connection pools on one
 * PostgreSQL database (as two processes) file one application between them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { databaseKinds, freshPostgresDatabase, testPostgresUrl } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { openDatabase, queryRows } from '../../../src/db/index.ts';
import { seedDemo } from '../../../src/db/seed/demo.ts';

process.env.GONGKAI_TODAY = '2026-11-27';
// Many submissions by one applicant here; the per-applicant limit (limits.ts) is not what this file tests.
process.env.GONGKAI_SUBMISSION_RATE_LIMIT = '500';

const application = (subject: string) => ({ agencyCode: '220500-zsj', subject, provisionForm: '电子数据', deliveryMethod: '在线下载' });

async function count(server: TestServer, subject: string): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from applications where subject = ${subject}`);
  return n;
}

function post(c: TestClient, path: string, body: unknown, key?: string) {
  return c.request('POST', path, { json: body, headers: key === undefined ? {} : { 'idempotency-key': key } });
}

for (const kind of databaseKinds()) {
  describe(`Idempotency-Key on submissions [${kind}]`, () => {
    let server: TestServer;
    let applicant: TestClient;
    let other: TestClient;
    let registrar: TestClient;

    beforeAll(async () => {
      server = await startTestServer({ kind });
      applicant = server.client();
      await applicant.login('zhangsan@applicant.demo');
      other = server.client();
      await other.login('company@applicant.demo');
      registrar = server.client();
      await registrar.login('registrar@zsj.demo');
    });
    afterAll(async () => {
      await server?.close();
    });

    it('a retry with the same key and body answers the same status and body, and files one application', async () => {
      const body = application('幂等重试测试：物业服务合同');
      const first = await post(applicant, '/api/applications', body, 'b7c0a8e2-0001');
      expect(first.status, first.text).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const again = await post(applicant, '/api/applications', body, 'b7c0a8e2-0001');
      expect(again.status).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      // The structured-field form of the header (a quoted string) is the same key.
      const quoted = await post(applicant, '/api/applications', body, '"b7c0a8e2-0001"');
      expect(quoted.json()).toEqual(first.json());
      expect(await count(server, body.subject)).toBe(1);
    });

    it('without a key, every request files its own application (nothing changes for existing clients)', async () => {
      const body = application('幂等对照：无幂等键');
      expect((await post(applicant, '/api/applications', body)).status).toBe(201);
      expect((await post(applicant, '/api/applications', body)).status).toBe(201);
      expect(await count(server, body.subject)).toBe(2);
    });

    it('the same key with a different body is refused with 422 in Chinese, filing nothing', async () => {
      const first = await post(applicant, '/api/applications', application('幂等键复用：甲'), 'reuse-0001');
      expect(first.status).toBe(201);
      const second = await post(applicant, '/api/applications', application('幂等键复用：乙'), 'reuse-0001');
      expect(second.status).toBe(422);
      expect(second.json().error.code).toBe('idempotency_key_reused');
      expect(second.json().error.message).toContain('幂等键');
      expect(await count(server, '幂等键复用：乙')).toBe(0);
    });

    it('a key belongs to its account: another applicant with the same key files their own', async () => {
      const body = application('幂等键按账号区分');
      const mine = await post(applicant, '/api/applications', body, 'shared-key-0001');
      const theirs = await post(other, '/api/applications', body, 'shared-key-0001');
      expect(mine.status).toBe(201);
      expect(theirs.status).toBe(201);
      expect(theirs.json().application.id).not.toBe(mine.json().application.id);
      expect(await count(server, body.subject)).toBe(2);
    });

    it('requests at once with one key file ONE application and all answer it', async () => {
      const body = application('幂等并发测试');
      const answers = await Promise.all(Array.from({ length: 6 }, () => post(applicant, '/api/applications', body, 'concurrent-0001')));
      for (const a of answers) expect(a.status, a.text).toBe(201);
      expect(new Set(answers.map((a) => a.json().application.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      expect(await count(server, body.subject)).toBe(1);
    });

    it('a refused request stores nothing: the corrected request may use the same key', async () => {
      const bad = { ...application('幂等：先被拒绝'), agentName: '李律师' };
      const refused = await post(applicant, '/api/applications', bad, 'refused-0001');
      expect(refused.status).toBe(400);
      const good = await post(applicant, '/api/applications', application('幂等：先被拒绝'), 'refused-0001');
      expect(good.status).toBe(201);
      expect(await count(server, '幂等：先被拒绝')).toBe(1);
    });

    it('a malformed key is refused with 400 in Chinese', async () => {
      for (const key of ['has space', 'x'.repeat(256), 'clé']) {
        const res = await post(applicant, '/api/applications', application('幂等：坏键'), key);
        expect(res.status, key).toBe(400);
        expect(res.json().error.message).toContain('幂等键');
      }
      expect(await count(server, '幂等：坏键')).toBe(0);
    });

    it('an expired key (after 24 hours) is free again, and swept', async () => {
      const body = application('幂等：过期');
      expect((await post(applicant, '/api/applications', body, 'expiring-0001')).status).toBe(201);
      await server.database.db.execute(sql`update idempotency_keys set expires_at = now() - interval '1 second' where key = 'expiring-0001'`);
      const again = await post(applicant, '/api/applications', body, 'expiring-0001');
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      expect(await count(server, body.subject)).toBe(2);
      const left = await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from idempotency_keys where expires_at < now()`);
      expect(left[0].n).toBe(0);
    });

    it('staff registration honours the key too, and the stored record is written with the application', async () => {
      const body = {
        channel: 'in_person',
        submittedDate: '2026-11-27',
        applicantType: 'natural',
        applicantName: '陈幂等',
        applicantPhone: '13800000000',
        subject: '幂等：当面申请',
        provisionForm: '纸质',
        deliveryMethod: '邮寄',
      };
      const first = await post(registrar, '/api/agencies/220500-zsj/applications', body, 'walk-in-0001');
      expect(first.status, first.text).toBe(201);
      const again = await post(registrar, '/api/agencies/220500-zsj/applications', body, 'walk-in-0001');
      expect(again.json()).toEqual(first.json());
      expect(await count(server, body.subject)).toBe(1);
      const rows = await queryRows(server.database.db, sql`select status, body from idempotency_keys where key = 'walk-in-0001'`);
      expect(rows[0]).toMatchObject({ status: 201, body: first.json() });
    });

    it('a retried 补正 step (notice, then the reply received) is recorded once and answers the same result', async () => {
      const handler = server.client();
      await handler.login('handler@zsj.demo');
      const reg = await post(registrar, '/api/agencies/220500-zsj/applications', {
        channel: 'in_person',
        submittedDate: '2026-11-20',
        applicantType: 'natural',
        applicantName: '陈补正',
        applicantPhone: '13800000002',
        subject: '幂等：补正',
        provisionForm: '纸质',
        deliveryMethod: '邮寄',
      });
      const id = reg.json().application.id;
      expect((await post(handler, `/api/applications/${id}/steps`, { step: 'assign', date: '2026-11-20' })).status).toBe(200);
      const notice = { step: 'correction_request', date: '2026-11-23', items: ['请写明所需信息的文号'] };
      const first = await post(handler, `/api/applications/${id}/steps`, notice, 'correction-0001');
      expect(first.status, first.text).toBe(200);
      expect(first.json().result.letters).toHaveLength(1);
      const again = await post(handler, `/api/applications/${id}/steps`, notice, 'correction-0001');
      expect(again.status, again.text).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.json().result).toEqual(first.json().result);
      expect(again.json().application.status).toBe('待补正');

      const reply = { step: 'correction_receive', date: '2026-11-25' };
      const got = await Promise.all([0, 1, 2].map(() => post(handler, `/api/applications/${id}/steps`, reply, 'correction-reply-0001')));
      for (const r of got) expect(r.status, r.text).toBe(200);
      const events = await queryRows<{ n: number }>(
        server.database.db,
        sql`select count(*)::int as n from application_events where application_id = ${id} and type in ('correction_requested', 'correction_received')`,
      );
      expect(events[0].n).toBe(2);
    });

    it('the OpenAPI document declares the header on the submission routes', async () => {
      const doc = (await applicant.get('/api/openapi.json')).json();
      const names = (op: { parameters?: Array<{ name: string; in: string }> }) => (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(names(doc.paths['/api/applications'].post)).toContain('idempotency-key');
      expect(names(doc.paths['/api/agencies/{code}/applications'].post)).toContain('idempotency-key');
      expect(names(doc.paths['/api/applications/{id}/steps'].post)).toContain('idempotency-key');
    });
  });
}

describe.runIf(testPostgresUrl())('Idempotency-Key across processes [postgres]', () => {
  it('two servers with their own connection pools on one database file one application for one key', async () => {
    const fresh = await freshPostgresDatabase(testPostgresUrl()!);
    const one = await openDatabase({ url: fresh.url });
    const two = await openDatabase({ url: fresh.url });
    await seedDemo(one.db);
    const a = await startTestServer({ database: one });
    const b = await startTestServer({ database: two });
    try {
      const ca = a.client();
      await ca.login('zhangsan@applicant.demo');
      const cb = b.client();
      cb.cookies.set('gk_session', ca.cookies.get('gk_session')!);
      await cb.fetchCsrf();
      const body = application('幂等：两个进程');
      const answers = await Promise.all([0, 1, 2, 3].map((i) => post(i % 2 ? cb : ca, '/api/applications', body, 'two-processes-0001')));
      for (const r of answers) expect(r.status, r.text).toBe(201);
      expect(new Set(answers.map((r) => r.json().application.id)).size).toBe(1);
      expect(await count(a, body.subject)).toBe(1);
    } finally {
      await a.close();
      await b.close();
      await one.close();
      await two.close();
      await fresh.drop();
    }
  });
});
