/**
 * `Authorization: Bearer gk_…` on /api (src/app/api-tokens.ts): the request acts as the token.
 *
 * - Only on /api routes, only the Bearer scheme; a session cookie sent alongside is ignored.
 * - An unknown, revoked or expired token: 401 at once, with `WWW-Authenticate: Bearer
 *   error="invalid_token"` (RFC 6750), whatever the route — a client learns its token is dead.
 * - No CSRF token is needed (app.ts): a browser never adds an Authorization header by itself.
 * - Each token has its own rate limit (GONGKAI_TOKEN_RATE_LIMIT requests a minute, default 600),
 *   counted in the database like every limit, on top of each route's own limits.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiToken } from '../app/api-tokens.ts';
import { AppError } from '../app/errors.ts';
import type { ErrorCode } from '../app/error-codes.ts';
import type { App } from './app.ts';

/** The bearer token of an /api request, if it carries one. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (typeof h !== 'string' || !(request.url === '/api' || request.url.startsWith('/api/'))) return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}

type RateCheck = (req: FastifyRequest) => Promise<{ isExceeded?: boolean; ttl?: number }>;

export function tokenRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.GONGKAI_TOKEN_RATE_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : 600;
}

/** Adds the hook; call before the session hook (which leaves a request with a token alone). */
export function registerTokenAuth(app: App, sendError: (request: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, message: string) => FastifyReply) {
  const max = tokenRateLimit();
  const create = (app as unknown as { createRateLimit(o: object): RateCheck }).createRateLimit;
  const limit = create({ max, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `token:${req.currentUser?.token?.id}` });
  app.addHook('onRequest', async (request, reply) => {
    const bearer = bearerOf(request);
    if (bearer === undefined) return;
    const user = await authenticateApiToken(app.db, bearer);
    if (!user) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      return sendError(request, reply, 401, 'token_invalid', '接口令牌无效、已撤销或已过期');
    }
    request.currentUser = user;
    const r = await limit(request);
    if (r.isExceeded) {
      const wait = Math.max(1, Math.ceil((r.ttl ?? 60_000) / 1000));
      throw new AppError(429, 'rate_limited', `该接口令牌的请求过于频繁（每分钟最多 ${max} 次），请在 ${wait} 秒后再试`);
    }
  });
}
