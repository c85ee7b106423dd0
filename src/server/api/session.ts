/**
 * Session API: CSRF token, login, logout, me, register, password change.
 * Browsers and API clients alike send `x-csrf-token` (from GET /api/session/csrf) on every POST.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { requireUser } from '../app.ts';
import { createSession, deleteSession, loadUser, SESSION_COOKIE, SESSION_HOURS, type CurrentUser } from '../../app/auth.ts';
import { authenticate, changePassword, registerApplicant, REGISTRATION_ANSWER } from '../../app/accounts.ts';
import { AppError } from '../../app/errors.ts';
import { loginSchema, passwordChangeSchema, registerSchema, type RegisterInput } from '../../app/schemas.ts';
import { ROLES } from '../../db/schema.ts';
import { keepsPublicPages } from '../pages/page-cache.ts';
import { ErrorResponse } from './contract.ts';


export const meSchema = z
  .object({
  id: z.number().int(),
  kind: z.enum(['staff', 'applicant']),
  displayName: z.string(),
  roles: z.array(z.object({ role: z.enum(ROLES), agencyCode: z.string(), agencyName: z.string() })),
})
  .meta({ id: 'User', description: '当前登录用户' });

export function presentMe(u: CurrentUser): z.infer<typeof meSchema> {
  return {
    id: u.userId,
    kind: u.kind,
    displayName: u.displayName,
    roles: u.roleDetails.map(({ role, agencyCode, agencyName }) => ({ role, agencyCode, agencyName })),
  };
}

/** Starts a fresh session for `userId` (rotating any previous one) and sets the cookie. */
export async function startSession(app: App, request: FastifyRequest, reply: FastifyReply, userId: number) {
  await deleteSession(app.db, request.cookies[SESSION_COOKIE]);
  const { token } = await createSession(app.db, userId, { ip: request.ip, userAgent: request.headers['user-agent'] });
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.secureCookies,
    maxAge: SESSION_HOURS * 3600,
  });
}

export async function endSession(app: App, request: FastifyRequest, reply: FastifyReply) {
  await deleteSession(app.db, request.cookies[SESSION_COOKIE]);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The login limits: per address, per login name (rate-limits.ts). */
export async function limitLogin(app: App, request: FastifyRequest, login: string) {
  await app.authLimits(request, 'login.address');
  await app.authLimits(request, 'login.identifier', login);
}

/** The registration limits: per address, and per each identifier given. */
export async function limitRegistration(app: App, request: FastifyRequest, input: RegisterInput) {
  await app.authLimits(request, 'register.address');
  for (const id of [input.email, input.phone, input.idNumber, input.creditCode]) await app.authLimits(request, 'register.identifier', id);
}

export async function limitPasswordChange(app: App, request: FastifyRequest, userId: number) {
  await app.authLimits(request, 'password.address');
  await app.authLimits(request, 'password.account', String(userId));
}

export async function routes(app: App) {
  app.get(
    '/api/session/csrf',
    {
      schema: {
        tags: ['session'],
        summary: '取得 CSRF 令牌（之后每个 POST/PUT/PATCH/DELETE 请求在 x-csrf-token 头中携带）',
        response: { 200: z.object({ token: z.string() }) },
      },
    },
    async (_request, reply) => ({ token: reply.generateCsrf() }),
  );

  app.post(
    '/api/session/login',
    {
      config: keepsPublicPages(),
      schema: {
        tags: ['session'],
        summary: '登录（手机号码或电子邮箱 + 密码）',
        body: loginSchema,
        response: { 200: z.object({ user: meSchema }), 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await limitLogin(app, request, request.body.login);
      const user = await authenticate(app.db, request.body.login, request.body.password);
      if (!user) throw new AppError(401, 'invalid_credentials', '账号或密码不正确');
      await startSession(app, request, reply, user.id);
      return { user: presentMe(await loadUser(app.db, user)) };
    },
  );

  app.post(
    '/api/session/logout',
    { config: keepsPublicPages(), schema: { tags: ['session'], summary: '退出登录（删除服务器端会话）', response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request, reply) => {
      await endSession(app, request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/session/me',
    { schema: { tags: ['session'], summary: '当前登录用户', response: { 200: z.object({ user: meSchema }), 401: ErrorResponse } } },
    async (request) => ({ user: presentMe(requireUser(request)) }),
  );

  app.post(
    '/api/register',
    {
      config: keepsPublicPages(),
      schema: {
        tags: ['session'],
        summary: '注册申请人账号（自然人或法人或其他组织）；之后用手机号码或电子邮箱和密码登录',
        description:
          '无论填写的手机号码、电子邮箱或证件号码是否已有账号，回答都相同（202），以免他人借此查知谁已注册；已有账号时不新建账号。按网络地址和按证件号码、手机号码、电子邮箱限制频率。',
        body: registerSchema,
        response: { 202: z.object({ ok: z.literal(true), message: z.string() }), 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await limitRegistration(app, request, request.body);
      // The result (created, or an existing account and by what) is for a message to the owner once notifications exist.
      await registerApplicant(app.db, request.body, { ip: request.ip });
      reply.code(202);
      return { ok: true as const, message: REGISTRATION_ANSWER };
    },
  );

  app.post(
    '/api/account/password',
    {
      config: keepsPublicPages(),
      schema: {
        tags: ['session'],
        summary: '修改密码（本账号的其他会话全部结束）',
        body: passwordChangeSchema,
        response: { 200: z.object({ ok: z.literal(true) }), 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await limitPasswordChange(app, request, user.userId);
      await changePassword(app.db, user.userId, request.body.currentPassword, request.body.newPassword, {
        ip: request.ip,
        keepSessionToken: request.cookies[SESSION_COOKIE],
      });
      return { ok: true as const };
    },
  );
}
