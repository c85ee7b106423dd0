/**
 * Rate limits of signing in, registering and changing a password: per client address and per
 * identifier (the login name; each e-mail, phone, ID number or credit code of a registration; the
 * account changing its password), so that neither one address trying many accounts nor many
 * addresses trying one account gets far, and sign-ups cannot be repeated without end (they would
 * get round the per-applicant submission limit).
 *
 * The counters are @fastify/rate-limit's (`createRateLimit`): whatever store the plugin is
 * registered with (in memory by default, a shared store across processes) counts them. A handler
 * calls `app.authLimits(request, 'register.identifier', key)` once its input is validated, so a
 * malformed request is answered by its validation and does not use up the person's attempts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.ts';

const MINUTE = 60_000;

export interface AuthLimit {
  max: number;
  /** ms */
  window: number;
  /** What is counted, for the message (「…过于频繁」). */
  what: string;
}

/**
 * The limits (README, security section). GONGKAI_REGISTER_RATE_LIMIT overrides register.address and
 * GONGKAI_LOGIN_RATE_LIMIT login.address (read at start: an office behind one NAT address may need more).
 */
export function authRateLimits(env: NodeJS.ProcessEnv = process.env) {
  const register = Number(env.GONGKAI_REGISTER_RATE_LIMIT);
  const login = Number(env.GONGKAI_LOGIN_RATE_LIMIT);
  return {
    'login.address': { max: Number.isInteger(login) && login > 0 ? login : 60, window: 10 * MINUTE, what: '来自同一网络地址的登录尝试' },
    'login.identifier': { max: 10, window: 10 * MINUTE, what: '该账号的登录尝试' },
    'register.address': { max: Number.isInteger(register) && register > 0 ? register : 20, window: 60 * MINUTE, what: '来自同一网络地址的注册' },
    'register.identifier': { max: 5, window: 60 * MINUTE, what: '使用同一手机号码、电子邮箱或证件号码的注册' },
    'password.account': { max: 10, window: 10 * MINUTE, what: '修改密码的尝试' },
    'password.address': { max: 30, window: 10 * MINUTE, what: '来自同一网络地址的修改密码尝试' },
  } satisfies Record<string, AuthLimit>;
}

export type AuthLimitName = keyof ReturnType<typeof authRateLimits>;

/** Counts one attempt against `name` for `key`; throws a 429 AppError (Chinese) when over the limit. */
export type AuthLimiter = (request: FastifyRequest, name: AuthLimitName, key?: string | null) => Promise<void>;

type RateCheck = (req: FastifyRequest) => Promise<{ isAllowed?: boolean; isExceeded?: boolean; ttl?: number }>;

export function createAuthLimiter(app: FastifyInstance, limits = authRateLimits()): AuthLimiter {
  const keys = new WeakMap<FastifyRequest, string>();
  const create = (app as unknown as { createRateLimit(o: object): RateCheck }).createRateLimit;
  const checks = new Map(
    Object.entries(limits).map(([name, l]) => [
      name,
      { limit: l, check: create({ max: l.max, timeWindow: l.window, keyGenerator: (req: FastifyRequest) => `${name}:${keys.get(req)}` }) },
    ]),
  );
  return async (request, name, key) => {
    const entry = checks.get(name)!;
    const k = name.endsWith('.address') ? request.ip : key?.trim().toLowerCase();
    if (!k) return;
    keys.set(request, k);
    const result = await entry.check(request);
    if (result.isExceeded) {
      const wait = Math.max(1, Math.ceil((result.ttl ?? entry.limit.window) / 1000));
      const minutes = entry.limit.window / MINUTE;
      throw new AppError(429, 'rate_limited', `${entry.limit.what}过于频繁，请在 ${wait} 秒后再试（每 ${minutes} 分钟最多 ${entry.limit.max} 次）`);
    }
  };
}
