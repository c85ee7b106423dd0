/**
 * The Gongkai HTTP application (Fastify 5). buildApp() wires the plugins, the session and the error
 * handling, then registers the API route modules and the page modules.
 *
 * Adding routes: write a module `src/server/api/<resource>.ts` (or `src/server/pages/<area>.ts`)
 * exporting `async function routes(app: App)` and add it to API_MODULES (or PAGE_MODULES) below.
 * - API routes live under /api, have a zod schema for every input (body, params, querystring) and
 *   answer JSON; throw AppError (errors.ts) for anything the user can cause.
 * - Every permission is asked of policies.can()/authorize(); never test roles in a route.
 * - Pages use layout()/html from src/server/pages; forms post with csrfField(reply.generateCsrf()).
 * - State-changing requests (POST/PUT/PATCH/DELETE) need the CSRF token: the `_csrf` form field or
 *   the `x-csrf-token` header (GET /api/session/csrf gives one to API clients).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from 'helmet';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { By } from '../app/policies.ts';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { z } from 'zod';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Db } from '../db/index.ts';
import { createAuditPool, type AuditPool, type AuditPoolOptions } from '../audit-io/pool.ts';
import { holdPdfPool } from '../app/redaction/pool.ts';
import { loadSessionUser, SESSION_COOKIE, type CurrentUser } from '../app/auth.ts';
import { AppError, statusMessage } from '../app/errors.ts';
import type { ErrorCode } from '../app/error-codes.ts';
import { ERROR_RESPONSES, transformDocument, transformRoute } from './api/contract.ts';
import { layout } from './pages/layout.ts';
import { html } from './pages/html.ts';
import { registerPageCache, type PageCacheOptions } from './pages/page-cache.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { replicaLagFromEnv } from './read-db.ts';
import { createAuthLimiter, type AuthLimiter } from './rate-limits.ts';
import { registerTokenAuth } from './api-tokens.ts';
import { declareIdempotencyHeader } from './idempotency.ts';
import { CURRENT_API_VERSION, markDeprecatedRoute, registerApiVersions } from './api-versions.ts';
import { unreadCount } from '../app/notifications/messages.ts';
import { startNotificationWorkers, type WorkerOptions } from '../app/notifications/index.ts';
import { STATIC_ROOT } from '../paths.ts';

z.config(z.locales.zhCN());

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The worker pool that reads untrusted documents (the auditor's uploads). */
    auditPool: AuditPool;
    /** Rate limits of login, registration and password change, per address and per identifier (rate-limits.ts). */
    authLimits: AuthLimiter;
    /** Whether cookies are marked Secure (production / behind https). */
    secureCookies: boolean | 'auto';
  }
  interface FastifyRequest {
    currentUser: CurrentUser | null;
  }
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppOptions {
  db: Db;
  /** The read replica (openDatabase's readDb, DATABASE_READ_URL): anonymous portal reads (src/server/read-db.ts). Default: db. */
  readDb?: Db;
  /** How long after a public change anonymous reads stay on the primary (default env GONGKAI_REPLICA_LAG_MS or 2 s). */
  replicaLagMs?: number;
  /** pino options, true for defaults, false (default) for none. */
  logger?: boolean | Record<string, unknown>;
  /** Secure cookies: true in production, 'auto' = when the request came over https. */
  secureCookies?: boolean | 'auto';
  /**
   * Trust X-Forwarded-* headers (behind a reverse proxy): true (any peer), the proxies' addresses or
   * CIDR ranges (comma-separated). See trustProxyFromEnv.
   */
  trustProxy?: boolean | string;
  /** The rendered-page cache of the public portal (src/server/pages/page-cache.ts); ttlMs defaults to env GONGKAI_PAGE_CACHE_TTL_MS or 10 s, 0 = off. */
  pageCache?: PageCacheOptions;
  /** The audit worker pool's threads, heap and time budget (src/audit-io/pool.ts; defaults from the environment). */
  auditPool?: AuditPoolOptions;
  /**
   * Run the notification workers in this process (the e-mail dispatcher when GONGKAI_SMTP_URL and
   * GONGKAI_MAIL_FROM are set, and the working morning's scheduler); stopped when the app closes.
   */
  notifications?: WorkerOptions;
  /** Serve on this HTTP server (Fastify's serverFactory): `gongkai serve` opens its port before the database is ready. */
  serverFactory?: (handler: import('node:http').RequestListener) => import('node:http').Server;
}

/** Personal data and secrets never reach the log (design.md). */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.idNumber',
  '*.creditCode',
  '*.phone',
  '*.email',
  '*.address',
  '*.applicantIdNumber',
  '*.applicantPhone',
  '*.applicantAddress',
  '*.applicantEmail',
];

/** API routes whose answers carry personal data whoever asks (accounts, applications, users). */
const PERSONAL_ROUTES = /^\/api\/(session|register|account|users|tokens|applications|my|agencies\/[^/]+\/applications)(\/|\?|$)/;

const API_MODULES: Array<() => Promise<{ routes(app: App): Promise<void> }>> = [
  () => import('./api/health.ts'),
  () => import('./api/session.ts'),
  () => import('./api/agencies.ts'),
  () => import('./api/users.ts'),
  () => import('./api/applications.ts'),
  () => import('./api/portal.ts'),
  () => import('./api/redaction.ts'),
  // API MODULES (add a line: () => import('./api/NAME.ts'),)
  () => import('./api/calendar.ts'),
  () => import('./api/audit.ts'),
  () => import('./api/reports.ts'),
  () => import('./api/tokens.ts'),
];

const PAGE_MODULES: Array<() => Promise<{ routes(app: App): Promise<void> }>> = [
  () => import('./pages/home.ts'),
  () => import('./pages/account.ts'),
  () => import('./pages/console.ts'),
  () => import('./pages/portal.ts'),
  () => import('./pages/portal-console.ts'),
  () => import('./pages/figures-console.ts'),
  () => import('./pages/catalogue-console.ts'),
  () => import('./pages/applications.ts'),
  () => import('./pages/redaction.ts'),
  // PAGE MODULES (add a line: () => import('./pages/NAME.ts'),)
  () => import('./pages/calendar.ts'),
  () => import('./pages/audit.ts'),
  () => import('./pages/reports.ts'),
  () => import('./pages/admin.ts'),
  () => import('./pages/messages.ts'),
  () => import('./pages/notifications-console.ts'),
  () => import('./pages/api-tokens.ts'),
];

export { STATIC_ROOT } from '../paths.ts';

function isApi(request: FastifyRequest): boolean {
  return request.url === '/api' || request.url.startsWith('/api/');
}

/** Answers an error: JSON for /api, an HTML page elsewhere. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: unknown,
) {
  reply.code(status);
  if (isApi(request)) {
    return reply.type('application/json; charset=utf-8').send({ error: { code, message, ...(details !== undefined ? { details } : {}) } });
  }
  let token: string | undefined;
  try {
    token = request.currentUser ? reply.generateCsrf() : undefined;
  } catch {
    token = undefined;
  }
  return reply.type('text/html; charset=utf-8').send(
    layout({
      title: status === 404 ? '页面不存在' : '出错了',
      user: request.currentUser,
      csrfToken: token,
      body: html`<h1>${status === 404 ? '页面不存在' : '无法完成请求'}</h1><p class="error-text">${message}</p><p><a href="/">返回首页</a></p>`,
    }),
  );
}

export async function buildApp(options: AppOptions): Promise<App> {
  const logger =
    options.logger === false || options.logger === undefined
      ? false
      : { ...(typeof options.logger === 'object' ? options.logger : {}), redact: { paths: LOG_REDACT_PATHS, censor: '[已隐藏]' } };
  const app = Fastify({
    logger,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 10 * 1024 * 1024,
    // Route modules are loaded lazily at start; on a busy machine that took over Fastify's default 10 s
    // and the start failed ("plugin did not start in time"). A start is slow, not stuck: 2 minutes.
    pluginTimeout: 120_000,
    // Router-level errors (a path parameter over maxParamLength, a malformed URL) bypass the error
    // handler: answer them in the same format, in Chinese (issue 8 fuzzing found the English 414).
    // Errors Node's HTTP parser raises before Fastify sees a request (a URL or headers over the 16 KB
    // limit: 431; a malformed request line: 400) also answer in our format, in Chinese.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return;
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      const [status, reason, code, message] = tooLarge
        ? [431, 'Request Header Fields Too Large', 'request_too_large', '网址或请求头过长']
        : [400, 'Bad Request', 'bad_request', '请求格式不正确'];
      const body = JSON.stringify({ error: { code, message } });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    frameworkErrors: (err, request, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      sendError(request, reply, tooLong ? 414 : 400, tooLong ? 'uri_too_long' : 'bad_url', tooLong ? '网址中的参数过长' : '网址格式不正确');
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.db);
  app.decorate('readReplica', options.readDb ?? options.db);
  app.decorate('replicaLagMs', options.replicaLagMs ?? replicaLagFromEnv());
  // Untrusted documents are read in worker threads; closing the app terminates them at once (a
  // request being read answers at once), before Fastify waits for the requests in flight.
  const auditPool = createAuditPool(options.auditPool);
  app.decorate('auditPool', auditPool);
  app.addHook('preClose', async () => auditPool.destroy());
  const releasePdfPool = holdPdfPool(); // MuPDF's workers (src/app/redaction/pool.ts), started on first use
  app.addHook('preClose', releasePdfPool);
  const secure = options.secureCookies ?? 'auto';
  app.decorate('secureCookies', { getter: () => secure });
  app.decorateRequest('currentUser', null);

  // Only API routes go into the OpenAPI document; every one of them declares the error answers
  // (src/server/api/contract.ts) beside its own success answer.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url === '/api/openapi.json') {
      route.schema = { ...(route.schema ?? {}), hide: true };
    } else {
      route.schema = { ...(route.schema ?? {}), response: { ...ERROR_RESPONSES, ...((route.schema?.response as object | undefined) ?? {}) } };
    }
  });
  // The creating routes that honour `Idempotency-Key` declare it (src/server/idempotency.ts).
  app.addHook('onRoute', declareIdempotencyHeader);
  // API versions (a request header) and deprecations (src/server/api-versions.ts).
  app.addHook('onRoute', markDeprecatedRoute);
  registerApiVersions(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Gongkai（公开）政府信息公开平台 API', version: String(CURRENT_API_VERSION) },
      servers: [{ url: '/', description: `接口版本 ${CURRENT_API_VERSION}（请求头 Gongkai-API-Version，可省略；见 README「API for integrators」）` }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          token: { type: 'http', scheme: 'bearer', description: '接口令牌 gk_…（系统管理员在 /console/tokens 创建）' },
        },
      },
    },
    transform: transformRoute,
    // Schemas named with .meta({ id }) (AgencyNode, ErrorResponse, …) land in components.schemas.
    transformObject: transformDocument,
  });

  // Security headers (helmet). The middleware is built ONCE: @fastify/helmet built it anew for every
  // request (helmet(options) per call), a measurable part of a page served from the cache (issue 9).
  // The same options give the same headers.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(secure === true ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: secure === true,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
      const header = req.headers['x-csrf-token'];
      return fromBody ?? (typeof header === 'string' ? header : undefined) ?? '';
    },
  });
  // Rate limits (login, registration, submission, audit, …) are counted in the database, so that every
  // process on one PostgreSQL counts the same hits (issue 20; src/server/rate-limit-store.ts).
  // (The plugin's type declaration says child() gets the route's options; at run time it gets the
  // merged limit options with `routeInfo`, which is what the store reads.)
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(options.db) as unknown as FastifyRateLimitStoreCtor });
  app.decorate('authLimits', createAuthLimiter(app));
  await app.register(fastifyStatic, { root: STATIC_ROOT, prefix: '/static/', maxAge: '1h' });

  // An API token (`Authorization: Bearer gk_…`) on /api acts as the token (src/server/api-tokens.ts).
  registerTokenAuth(app, sendError);
  // The signed-in user, if any, for every request.
  // An anonymous request (no session cookie) goes on at once, without a promise (issue 9: the
  // portal's cached pages are served to anonymous visitors, and every hook counts there).
  app.addHook('onRequest', (request, _reply, done) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || request.currentUser?.token) return done();
    loadSessionUser(options.db, token)
      .then(async (user) => {
        // The header's 站内消息 count (src/server/pages/layout.ts).
        if (user) user.unreadMessages = await unreadCount(options.db, user.userId);
        return user;
      })
      .then(
        (user) => {
          request.currentUser = user;
          done();
        },
        (err: Error) => done(err),
      );
  });
  // CSRF on every state-changing request (after the body is parsed, so the form field counts).
  app.addHook('preValidation', (request, reply, done) => {
    const m = request.method;
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return done();
    // A request with an API token carries no cookie a browser could have sent on its own.
    if (request.currentUser?.token) return done();
    // A route that changes nothing and needs no session (the public auditor) opts out: `config: { csrf: false }`.
    if ((request.routeOptions.config as { csrf?: boolean } | undefined)?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });

  // Answers that may carry personal data are never stored by a browser or a proxy: every answer to a
  // signed-in request (staff pages, an applicant's applications, attachments) and every answer of the
  // account, application and user APIs, unless the route set its own Cache-Control (static files).
  app.addHook('onSend', (request, reply, payload, done) => {
    if ((request.currentUser || PERSONAL_ROUTES.test(request.url)) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  app.setErrorHandler((err: unknown, request, reply) => {
    if (err instanceof AppError) return sendError(request, reply, err.statusCode, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message ?? '格式不正确',
      }));
      const summary = issues.map((i) => `${i.path}：${i.message}`).join('；');
      return sendError(request, reply, 400, 'validation_failed', `提交的内容不符合要求：${summary}`, { issues });
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
    if (typeof e.code === 'string' && e.code.startsWith('FST_CSRF')) {
      return sendError(request, reply, 403, 'csrf_invalid', '安全校验未通过（表单令牌缺失或已失效），请刷新页面后重新提交');
    }
    if (status === 429 && e.code === 'rate_limited') {
      return sendError(request, reply, 429, 'rate_limited', e.message ?? statusMessage(429)[1]);
    }
    // Input the database cannot store or compare (a NUL character, a number beyond its column) is the
    // user's error, not ours: 400 with a Chinese message (issue 8 fuzzing found these as 500s).
    const pgCode = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (pgCode === '22021' || pgCode === '22P05' || pgCode === '22P02' || pgCode === '22003' || pgCode === '22001' || pgCode === '22008' || pgCode === '22007') {
      // Defence in depth: every route's schema should have refused the value before any SQL ran. Reaching
      // here is a validation gap: say which route and which refusal (never the value: it may be personal
      // data), so that the gap can be closed in the route's schema.
      request.log.warn(
        { route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`, sqlstate: pgCode },
        '输入未经路由校验即被数据库拒绝（校验缺口，请在该路由的 schema 中补上校验）',
      );
      const [code, message]: [ErrorCode, string] =
        pgCode === '22003'
          ? ['value_out_of_range', '数值超出允许的范围']
          : pgCode === '22001'
            ? ['value_too_long', '填写的内容过长']
            : pgCode === '22008' || pgCode === '22007'
              ? ['invalid_date', '日期不正确']
              : ['invalid_character', '内容含有不允许的字符（例如空字符）或格式不正确'];
      return sendError(request, reply, 400, code, message);
    }
    if (status >= 500) {
      request.log.error({ err }, 'unhandled error');
      return sendError(request, reply, 500, 'internal_error', statusMessage(500)[1]);
    }
    const [code, message] = statusMessage(status);
    return sendError(request, reply, status, code, message);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, 'not_found', isApi(request) ? `找不到接口：${request.method} ${request.url.split('?')[0]}` : '您访问的页面不存在'),
  );

  app.get('/api/openapi.json', async () => app.swagger());

  // Anonymous portal pages from memory, emptied by every write (issue 9).
  registerPageCache(app, options.pageCache);

  for (const load of API_MODULES) await app.register(async (scope) => (await load()).routes(scope as App));
  for (const load of PAGE_MODULES) await app.register(async (scope) => (await load()).routes(scope as App));

  if (options.notifications) {
    const workers = startNotificationWorkers(options.db, options.notifications);
    app.addHook('onClose', async () => workers.stop());
  }

  return app;
}

/**
 * GONGKAI_TRUST_PROXY: unset or `0` — the peer's address is the client's (no proxy); `1` — trust the
 * X-Forwarded-For of any peer (only when nothing but the proxy can reach the server); addresses or
 * CIDR ranges (`127.0.0.1,10.0.0.0/8`) — trust those proxies only (a client cannot forge its address
 * for the rate limits by sending the header itself); also `loopback`, `linklocal`, `uniquelocal`.
 */
export function trustProxyFromEnv(value: string | undefined): boolean | string {
  const v = (value ?? '').trim();
  if (v === '' || v === '0') return false;
  if (v === '1') return true;
  const parts = v.split(',').map((p) => p.trim());
  if (parts.every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(p))) return parts.join(',');
  throw new Error(`环境变量 GONGKAI_TRUST_PROXY 应为 0、1，或反向代理的地址、网段（以逗号分隔，如 127.0.0.1,10.0.0.0/8），现为“${v}”`);
}

/** Who performs a use case for this request (the use case authorizes: policies.ts). */
export function byOf(request: FastifyRequest): By {
  return { actor: request.currentUser, ip: request.ip };
}

/** The current user or a 401. */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.currentUser) throw new AppError(401, 'unauthenticated', '请先登录');
  return request.currentUser;
}

/** A route's `preValidation`: an anonymous caller is refused (401) before its input is examined (after the CSRF check). */
export async function signedInFirst(request: FastifyRequest): Promise<void> {
  requireUser(request);
}
