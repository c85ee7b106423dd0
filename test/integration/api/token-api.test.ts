/**
 * The token-management API (GET/POST /api/tokens, POST /api/tokens/{id}/revoke; src/app/api-tokens.ts,
 * the console's use cases) through the generated client, on a real server and database: the secret
 * only in the creation's answer; a paged list without it; revocation at once; an agency's
 * administrator sees and manages its agency's tokens only; a token manages tokens only when granted
 * `token.manage`, and then never beyond its own grant (policies TOKEN_NO_ESCALATION).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { bearerClient, ok, type ApiClient } from '../../support/api-client.ts';
import { queryRows } from '../../../src/db/index.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

type Action = 'application.register' | 'application.view' | 'application.approve' | 'token.manage' | 'appeal.record';

for (const kind of databaseKinds()) {
  describe(`token-management API [${kind}]`, () => {
    let server: TestServer;
    let zsjAdmin: TestClient;
    let cityAdmin: TestClient;
    let registrar: TestClient;

    const create = async (api: ApiClient, body: { name: string; agencyCode: string; actions: Action[]; includeSubtree?: boolean; expiresOn?: string }) =>
      api.POST('/api/tokens', { body });
    const created = async (api: ApiClient, body: Parameters<typeof create>[1]) => {
      const res = await create(api, body);
      expect(res.response.status, JSON.stringify(res.error)).toBe(201);
      return res.data!;
    };
    const listed = async (api: ApiClient) => ok(await api.GET('/api/tokens', { params: { query: { size: 100 } } }));

    beforeAll(async () => {
      server = await startTestServer({ kind });
      zsjAdmin = server.client();
      await zsjAdmin.login('admin@zsj.demo');
      cityAdmin = server.client();
      await cityAdmin.login('admin@city.demo');
      registrar = server.client();
      await registrar.login('registrar@zsj.demo');
    });
    afterAll(async () => {
      await server?.close();
    });

    it('creates a token: the secret is in this answer only; the list (paged) never carries it; it works at once', async () => {
      const { token, apiToken } = await created(zsjAdmin.api, { name: '12345热线', agencyCode: '220500-zsj', actions: ['application.register', 'application.view'] });
      expect(token).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
      expect(apiToken).toMatchObject({ name: '12345热线', prefix: token.slice(0, 8), agency: { code: '220500-zsj' }, includeSubtree: false, state: 'active', expiresAt: null, lastUsedAt: null, revokedAt: null, createdBy: '吴管理' });
      expect(apiToken.actions.map((a) => a.action).sort()).toEqual(['application.register', 'application.view']);
      expect(JSON.stringify(apiToken)).not.toContain(token.slice(8));

      const machine = bearerClient(server.url, token);
      expect((await machine.GET('/api/agencies/{code}/applications', { params: { path: { code: '220500-zsj' } } })).response.status).toBe(200);

      const list = await listed(zsjAdmin.api);
      const mine = list.items.find((t) => t.id === apiToken.id)!;
      expect(mine.state).toBe('active');
      expect(mine.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(list)).not.toContain(token.slice(8));
      expect(list).toMatchObject({ page: 1, size: 100, total: list.items.length });
      // The secret is stored nowhere: not in the tokens, not as an idempotency answer, not in the audit log.
      const everywhere = await queryRows(server.database.db, sql`select (select json_agg(t) from api_tokens t)::text as a, (select json_agg(k) from idempotency_keys k)::text as b, (select json_agg(l) from audit_log l)::text as c`);
      expect(JSON.stringify(everywhere)).not.toContain(token.slice(8));
    });

    it('pages the list like every list, newest first', async () => {
      await created(zsjAdmin.api, { name: '分页一', agencyCode: '220500-zsj', actions: ['application.view'] });
      await created(zsjAdmin.api, { name: '分页二', agencyCode: '220500-zsj', actions: ['application.view'] });
      const all = await listed(zsjAdmin.api);
      const first = ok(await zsjAdmin.api.GET('/api/tokens', { params: { query: { page: 1, size: 1 } } }));
      const second = ok(await zsjAdmin.api.GET('/api/tokens', { params: { query: { page: 2, size: 1 } } }));
      expect(first).toMatchObject({ total: all.total, page: 1, size: 1 });
      expect(first.items.map((t) => t.name)).toEqual(['分页二']);
      expect(second.items.map((t) => t.name)).toEqual(['分页一']);
      const tooBig = await zsjAdmin.api.GET('/api/tokens', { params: { query: { size: 101 } } });
      expect(tooBig.response.status).toBe(400);
    });

    it('revokes at once: the token gets 401, the list says revoked, a second revocation changes nothing', async () => {
      const { token, apiToken } = await created(zsjAdmin.api, { name: '将撤销', agencyCode: '220500-zsj', actions: ['application.view'] });
      const machine = bearerClient(server.url, token);
      expect((await machine.GET('/api/agencies/{code}/applications', { params: { path: { code: '220500-zsj' } } })).response.status).toBe(200);
      const revoked = ok(await zsjAdmin.api.POST('/api/tokens/{id}/revoke', { params: { path: { id: apiToken.id } } }));
      expect(revoked.apiToken.state).toBe('revoked');
      expect(revoked.apiToken.revokedAt).not.toBeNull();
      const refused = await machine.GET('/api/agencies/{code}/applications', { params: { path: { code: '220500-zsj' } } });
      expect(refused.response.status).toBe(401);
      expect(refused.error!.error.code).toBe('token_invalid');
      const again = ok(await zsjAdmin.api.POST('/api/tokens/{id}/revoke', { params: { path: { id: apiToken.id } } }));
      expect(again.apiToken.revokedAt).toBe(revoked.apiToken.revokedAt);
      expect((await listed(zsjAdmin.api)).items.find((t) => t.id === apiToken.id)!.state).toBe('revoked');
    });

    it("another agency's tokens are invisible and refused to an agency's administrator; the one above sees both", async () => {
      const czj = await created(cityAdmin.api, { name: '财政局平台', agencyCode: '220500-czj', actions: ['application.view'] });
      expect((await listed(zsjAdmin.api)).items.map((t) => t.id)).not.toContain(czj.apiToken.id);
      expect((await listed(cityAdmin.api)).items.map((t) => t.agency.code)).toEqual(expect.arrayContaining(['220500-czj', '220500-zsj']));
      const revoke = await zsjAdmin.api.POST('/api/tokens/{id}/revoke', { params: { path: { id: czj.apiToken.id } } });
      expect(revoke.response.status).toBe(404);
      expect(revoke.error!.error.message).toBe('找不到该接口令牌');
      const theirs = await create(zsjAdmin.api, { name: '越权', agencyCode: '220500-czj', actions: ['application.view'] });
      expect(theirs.response.status).toBe(403);
      expect(theirs.error!.error.code).toBe('forbidden');
      const above = await create(zsjAdmin.api, { name: '越权', agencyCode: '220500', actions: ['application.view'] });
      expect(above.response.status).toBe(403);
      // Still active: the refused revocation changed nothing.
      expect((await listed(cityAdmin.api)).items.find((t) => t.id === czj.apiToken.id)!.state).toBe('active');
    });

    it('staff without token.manage and anonymous callers are refused, in Chinese', async () => {
      const staff = await registrar.api.GET('/api/tokens');
      expect(staff.response.status).toBe(403);
      expect(staff.error!.error.message).toContain('创建、撤销接口令牌');
      expect((await create(registrar.api, { name: 'x', agencyCode: '220500-zsj', actions: ['application.view'] })).response.status).toBe(403);
      const anonymous = server.client();
      expect((await anonymous.api.GET('/api/tokens')).response.status).toBe(401);
      const bad = await create(zsjAdmin.api, { name: '', agencyCode: '220500-zsj', actions: [] });
      expect(bad.response.status).toBe(400);
      expect(bad.error!.error.code).toBe('validation_failed');
    });

    it('a token without token.manage can neither list nor create tokens', async () => {
      const { token } = await created(zsjAdmin.api, { name: '只登记', agencyCode: '220500-zsj', actions: ['application.register', 'application.view'] });
      const machine = bearerClient(server.url, token);
      const list = await machine.GET('/api/tokens');
      expect(list.response.status).toBe(403);
      expect(list.error!.error.message).toBe('接口令牌「只登记」未获准创建、撤销接口令牌（供12345热线、政务服务平台等系统调用）');
      const make = await create(machine, { name: '自我复制', agencyCode: '220500-zsj', actions: ['application.view'] });
      expect(make.response.status).toBe(403);
      expect(make.error!.error.code).toBe('forbidden');
    });

    it('a token granted token.manage creates tokens within its own grant only, and sees and revokes only those', async () => {
      const parent = await created(zsjAdmin.api, { name: '省平台', agencyCode: '220500-zsj', actions: ['token.manage', 'application.register', 'application.view'], expiresOn: '2027-06-30' });
      const stronger = await created(zsjAdmin.api, { name: '审批系统', agencyCode: '220500-zsj', actions: ['application.approve'] });
      const machine = bearerClient(server.url, parent.token);

      // Within: fewer actions, same agency, an earlier end.
      const child = await created(machine, { name: '省平台·子令牌', agencyCode: '220500-zsj', actions: ['application.view'], expiresOn: '2027-03-31' });
      expect(child.apiToken.createdBy).toBe('接口令牌「省平台」');
      expect((await bearerClient(server.url, child.token).GET('/api/agencies/{code}/applications', { params: { path: { code: '220500-zsj' } } })).response.status).toBe(200);

      // Beyond, each way: an action it lacks, the agencies below, another agency, a later or no end.
      const refusals: Array<[Parameters<typeof create>[1], string]> = [
        [{ name: '越权', agencyCode: '220500-zsj', actions: ['application.view', 'application.approve'], expiresOn: '2027-03-31' }, '本令牌未获准的操作不能授予：审批（延期、答复决定）'],
        [{ name: '越权', agencyCode: '220500-zsj', actions: ['application.view'], includeSubtree: true, expiresOn: '2027-03-31' }, '本令牌不适用于下级机关'],
        [{ name: '越权', agencyCode: '220500-czj', actions: ['application.view'], expiresOn: '2027-03-31' }, ''],
        [{ name: '越权', agencyCode: '220500-zsj', actions: ['application.view'], expiresOn: '2027-12-31' }, '有效期不能晚于本令牌的有效期'],
        [{ name: '越权', agencyCode: '220500-zsj', actions: ['application.view'] }, '有效期不能晚于本令牌的有效期'],
      ];
      for (const [body, why] of refusals) {
        const res = await create(machine, body);
        expect(res.response.status, JSON.stringify(body)).toBe(403);
        expect(res.error!.error.message).toContain(why);
        if (body.agencyCode === '220500-zsj') {
          expect(res.error!.error.code).toBe('token_escalation');
          expect(res.error!.error.message).toContain('接口令牌「省平台」不能创建权限超过自身的令牌');
        }
      }
      const [{ n }] = await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from api_tokens where name = '越权'`);
      expect(n).toBe(0);

      // It sees itself and what lies within it; not the stronger token, not another agency's.
      const seen = (await listed(machine)).items.map((t) => t.id);
      expect(seen).toEqual(expect.arrayContaining([parent.apiToken.id, child.apiToken.id]));
      expect(seen).not.toContain(stronger.apiToken.id);
      expect((await listed(zsjAdmin.api)).items.filter((t) => t.agency.code !== '220500-zsj')).toEqual([]);
      expect((await machine.POST('/api/tokens/{id}/revoke', { params: { path: { id: stronger.apiToken.id } } })).response.status).toBe(404);
      expect(ok(await machine.POST('/api/tokens/{id}/revoke', { params: { path: { id: child.apiToken.id } } })).apiToken.state).toBe('revoked');
      const audit = await queryRows<{ name: string }>(
        server.database.db,
        sql`select u.display_name as name from audit_log l join users u on u.id = l.actor_user_id where l.action = 'token.revoke' and l.entity_id = ${String(child.apiToken.id)}`,
      );
      expect(audit).toEqual([{ name: '接口令牌「省平台」' }]);
    });

    it('the OpenAPI document names the routes with their schemas (ApiToken without any secret)', async () => {
      const doc = (await zsjAdmin.get('/api/openapi.json')).json();
      expect(Object.keys(doc.paths['/api/tokens'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(doc.paths['/api/tokens/{id}/revoke'].post).toBeDefined();
      expect(Object.keys(doc.components.schemas.ApiToken.properties)).not.toContain('token');
      expect(Object.keys(doc.components.schemas.ApiToken.properties)).not.toContain('tokenHash');
    });
  });
}
