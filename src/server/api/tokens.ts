/**
 * API tokens API (issue 21): list, create and revoke the machine clients' tokens through the same
 * use cases as /console/tokens (src/app/api-tokens.ts). Who may manage which token is decided by the
 * policy module only (`token.manage`, and TOKEN_NO_ESCALATION for a token acting): an agency's
 * administrator sees and revokes the tokens of its agency and those below it, a token granted
 * `token.manage` only tokens within its own grant. The secret is in the creation's answer only —
 * never in the list, never stored (and so this route takes no Idempotency-Key: its answer would be).
 */
import { z } from 'zod';
import type { App } from '../app.ts';
import { byOf, requireUser } from '../app.ts';
import { apiTokenCreateSchema, createApiToken, listApiTokens, revokeApiToken, type ApiTokenView } from '../../app/api-tokens.ts';
import { TOKEN_ACTIONS } from '../../app/policies.ts';
import { dbId } from '../../app/schemas.ts';
import { pageOf, pageQuery, paged } from './contract.ts';

const isoOrNull = z.string().nullable().describe('ISO 8601；无则为 null');

const ApiToken = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('令牌的前8个字符（用于辨认，不是令牌本身）'),
    agency: z.object({ code: z.string(), name: z.string() }).describe('适用机关'),
    includeSubtree: z.boolean().describe('是否也适用于下级机关'),
    actions: z.array(z.object({ action: z.enum(TOKEN_ACTIONS as [string, ...string[]]), label: z.string() })).describe('允许的操作'),
    expiresAt: isoOrNull.describe('失效时刻（有效期最后一天的北京时间24时）；长期有效为 null'),
    createdAt: z.string().describe('ISO 8601'),
    createdBy: z.string().describe('创建人（工作人员或接口令牌）'),
    lastUsedAt: isoOrNull.describe('最近使用（精确到分钟）；未使用为 null'),
    revokedAt: isoOrNull.describe('撤销时刻；未撤销为 null'),
    state: z.enum(['active', 'expired', 'revoked']).describe('active 有效 / expired 已过期 / revoked 已撤销'),
  })
  .meta({ id: 'ApiToken', description: '接口令牌（不含令牌本身）' });

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function present(v: ApiTokenView) {
  return { ...v, expiresAt: iso(v.expiresAt), createdAt: new Date(v.createdAt).toISOString(), lastUsedAt: iso(v.lastUsedAt), revokedAt: iso(v.revokedAt) };
}

export async function routes(app: App) {
  app.get(
    '/api/tokens',
    { schema: { tags: ['tokens'], summary: '接口令牌列表（本人可管理的；不含令牌本身），新建的在前', querystring: pageQuery, response: { 200: paged(ApiToken) } } },
    async (request) => {
      requireUser(request);
      return pageOf((await listApiTokens(app.db, byOf(request))).map(present), request.query);
    },
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: '创建接口令牌（令牌只在此答复中出现一次）',
        body: apiTokenCreateSchema,
        response: { 201: z.object({ token: z.string().describe('令牌 gk_…：只出现这一次，请立即妥善保存'), apiToken: ApiToken }) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { token, view } = await createApiToken(app.db, byOf(request), request.body);
      return reply.code(201).header('cache-control', 'no-store').send({ token, apiToken: present(view) });
    },
  );

  app.post(
    '/api/tokens/:id/revoke',
    { schema: { tags: ['tokens'], summary: '撤销接口令牌（立即生效；已撤销的再撤销无变化）', params: z.object({ id: dbId('令牌编号') }), response: { 200: z.object({ apiToken: ApiToken }) } } },
    async (request) => {
      requireUser(request);
      return { apiToken: present(await revokeApiToken(app.db, byOf(request), request.params.id)) };
    },
  );
}
