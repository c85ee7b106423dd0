/**
 * API tokens (src/app/api-tokens.ts) on a real server and database: created on the console by an
 * administrator and shown once; used as `Authorization: Bearer gk_…` without cookie or CSRF; limited
 * to their agency and action set (403 in Chinese); 401 once revoked or expired; never stored in
 * clear; the audit log names the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { queryRows } from '../../../src/db/index.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

const walkIn = (subject: string) => ({
  channel: 'in_person',
  submittedDate: '2026-11-27',
  applicantType: 'natural',
  applicantName: '刘热线',
  applicantPhone: '13800000001',
  subject,
  provisionForm: '纸质',
  deliveryMethod: '邮寄',
});

for (const kind of databaseKinds()) {
  describe(`API tokens [${kind}]`, () => {
    let server: TestServer;
    let admin: TestClient;
    let token: string;

    /** A request with the token only: no cookie, no CSRF token. */
    const call = (method: string, path: string, body?: unknown, bearer = token) =>
      fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    async function create(fields: Record<string, string>): Promise<string> {
      const res = await admin.postForm('/console/tokens', fields);
      expect(res.status, res.text).toBe(201);
      const m = /id="new-token"[^>]*value="(gk_[A-Za-z0-9_-]+)"/.exec(res.text);
      expect(m, '新令牌显示在页面上').not.toBeNull();
      return m![1];
    }

    beforeAll(async () => {
      server = await startTestServer({ kind });
      admin = server.client();
      await admin.login('admin@zsj.demo');
      token = await create({ name: '12345热线', agencyCode: '220500-zsj', 'action:application.register': '1', 'action:application.view': '1' });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('is shown once: the list afterwards shows only its first characters', async () => {
      expect(token).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
      const list = await admin.get('/console/tokens');
      expect(list.status).toBe(200);
      expect(list.text).toContain('12345热线');
      expect(list.text).toContain(token.slice(0, 8));
      expect(list.text).not.toContain(token);
    });

    it('is never stored in clear: only its SHA-256 and its first characters', async () => {
      const rows = await queryRows(server.database.db, sql`select * from api_tokens`);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token.slice(8));
      expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      const audit = await queryRows(server.database.db, sql`select detail from audit_log where action = 'token.create'`);
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(token.slice(8));
      const users = await queryRows(server.database.db, sql`select u.* from users u join api_tokens t on t.user_id = u.id`);
      expect(JSON.stringify(users)).not.toContain(token.slice(8));
    });

    it('registers an application at its agency without cookie or CSRF token; the audit log names the token', async () => {
      const res = await call('POST', '/api/agencies/220500-zsj/applications', walkIn('12345转来：供暖补贴发放名单'));
      expect(res.status, await res.clone().text()).toBe(201);
      const id = (await res.json()).application.id;
      const view = await call('GET', `/api/applications/${id}`);
      expect(view.status).toBe(200);
      const [entry] = await queryRows<{ name: string }>(
        server.database.db,
        sql`select u.display_name as name from audit_log a join users u on u.id = a.actor_user_id where a.action = 'application.register' and a.entity_id = ${String(id)}`,
      );
      expect(entry.name).toBe('接口令牌「12345热线」');
      const [used] = await queryRows<{ last: unknown }>(server.database.db, sql`select last_used_at as last from api_tokens`);
      expect(used.last).not.toBeNull();
    });

    it('cannot act on another agency: 403 in Chinese, nothing filed', async () => {
      const res = await call('POST', '/api/agencies/220500-czj/applications', walkIn('越权：财政局'));
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body.error.message).toBe('接口令牌「12345热线」的适用范围不包括该机关，不能登记申请（信函、当面、传真等）');
      const [{ n }] = await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from applications where subject = '越权：财政局'`);
      expect(n).toBe(0);
    });

    it('cannot do an action outside its set: 403 in Chinese', async () => {
      const res = await call('GET', '/api/agencies/220500-zsj/appeals');
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toBe('接口令牌「12345热线」未获准查看行政复议、行政诉讼案件');
      const submit = await call('POST', '/api/applications', { agencyCode: '220500-zsj', subject: '以令牌在线申请', provisionForm: '纸质', deliveryMethod: '邮寄' });
      expect(submit.status).toBe(403);
    });

    it('honours an Idempotency-Key of its own', async () => {
      const send = () =>
        fetch(server.url + '/api/agencies/220500-zsj/applications', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'hotline-call-0001' },
          body: JSON.stringify(walkIn('12345转来：重试')),
        });
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect((await a.json()).application.id).toBe((await b.json()).application.id);
    });

    it('refuses what is not a token (a password, garbage) with 401, and ignores a bearer on pages', async () => {
      for (const bearer of ['Gongkai2024!', 'gk_notatoken', token + 'x']) {
        const res = await call('GET', '/api/my/applications', undefined, bearer);
        expect(res.status, bearer).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        expect((await res.json()).error.message).toBe('接口令牌无效、已撤销或已过期');
      }
      const page = await fetch(server.url + '/console', { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
      expect(page.status).toBe(303);
    });

    it('an expired token gets 401', async () => {
      const short = await create({ name: '省平台', agencyCode: '220500-zsj', 'action:application.view': '1', expiresOn: '2099-12-31' });
      expect((await call('GET', '/api/agencies/220500-zsj/applications', undefined, short)).status).toBe(200);
      await server.database.db.execute(sql`update api_tokens set expires_at = now() - interval '1 second' where name = '省平台'`);
      expect((await call('GET', '/api/agencies/220500-zsj/applications', undefined, short)).status).toBe(401);
      expect((await admin.get('/console/tokens')).text).toMatch(/省平台[\s\S]*已过期/);
    });

    it('a revoked token gets 401 at once', async () => {
      const [{ id }] = await queryRows<{ id: number }>(server.database.db, sql`select id from api_tokens where name = '12345热线'`);
      const res = await admin.postForm(`/console/tokens/${id}/revoke`, {});
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/console/tokens?revoked=${id}`);
      expect((await admin.get(`/console/tokens?revoked=${id}`)).text).toContain('已撤销接口令牌「12345热线」');
      const after = await call('POST', '/api/agencies/220500-zsj/applications', walkIn('撤销后'));
      expect(after.status).toBe(401);
      const audit = await queryRows(server.database.db, sql`select 1 from audit_log where action = 'token.revoke'`);
      expect(audit).toHaveLength(1);
    });

    it('only administrators manage tokens, within their agencies; token accounts are not staff to manage', async () => {
      const handler = server.client();
      await handler.login('handler@zsj.demo');
      expect((await handler.get('/console/tokens')).status).toBe(403);
      const refused = await admin.postForm('/console/tokens', { name: '越权', agencyCode: '220500-czj', 'action:application.view': '1' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('您没有权限执行此操作');
      const users = await admin.get('/console/users');
      expect(users.text).not.toContain('接口令牌');
    });

    it('refuses a form without actions or with a past expiry, in Chinese', async () => {
      const none = await admin.postForm('/console/tokens', { name: '空', agencyCode: '220500-zsj' });
      expect(none.status).toBe(400);
      expect(none.text).toContain('请至少选择一项允许的操作');
      const past = await admin.postForm('/console/tokens', { name: '过去', agencyCode: '220500-zsj', 'action:application.view': '1', expiresOn: '2020-01-01' });
      expect(past.status).toBe(400);
      expect(past.text).toContain('有效期不能早于今天');
    });
  });
}

describe('API token rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    process.env.GONGKAI_TOKEN_RATE_LIMIT = '3';
    server = await startTestServer();
  });
  afterAll(async () => {
    delete process.env.GONGKAI_TOKEN_RATE_LIMIT;
    await server?.close();
  });

  it('limits each token on its own (429 in Chinese)', async () => {
    const admin = server.client();
    await admin.login('admin@zsj.demo');
    const tokens: string[] = [];
    for (const name of ['甲系统', '乙系统']) {
      const res = await admin.postForm('/console/tokens', { name, agencyCode: '220500-zsj', 'action:application.view': '1' });
      tokens.push(/id="new-token"[^>]*value="(gk_[A-Za-z0-9_-]+)"/.exec(res.text)![1]);
    }
    const get = (t: string) => fetch(`${server.url}/api/agencies/220500-zsj/applications`, { headers: { authorization: `Bearer ${t}` } });
    for (let i = 0; i < 3; i++) expect((await get(tokens[0])).status).toBe(200);
    const over = await get(tokens[0]);
    expect(over.status).toBe(429);
    expect((await over.json()).error.message).toMatch(/^该接口令牌的请求过于频繁（每分钟最多 3 次）/);
    expect((await get(tokens[1])).status).toBe(200);
  });
});
