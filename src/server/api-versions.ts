/**
 * API versions and their deprecation (README "API for integrators"). One convention: the version is
 * a request header, never the path, so the URLs of contracts.md §4 stay the only URLs of a resource.
 *
 * - A client sends `Gongkai-API-Version: 1`; without the header it gets the oldest version still
 *   served (so a client written against 1 keeps getting 1 when 2 arrives, until 1's sunset).
 * - Every /api answer says which version answered: `Gongkai-API-Version: N`.
 * - Within a version changes are additive only (new routes, new answer fields, new optional inputs,
 *   new error codes); anything else is a new version.
 * - A deprecated version (or a deprecated route: `config: { deprecated: { since, sunset? } }`)
 *   answers with `Deprecation: @<unix time>` (RFC 9745) and, once its end is set, `Sunset: <date>`
 *   (RFC 8594), at least 6 months before that date; a deprecated route is `deprecated: true` in the
 *   OpenAPI document. After its sunset a version answers 410 with a Chinese message.
 * - The OpenAPI document's `info.version` is the current version (CURRENT_API_VERSION).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../app/errors.ts';

export const API_VERSION_HEADER = 'gongkai-api-version';

export interface ApiVersion {
  version: number;
  /** ISO date from which it is deprecated. */
  deprecated?: string;
  /** ISO date from which it is no longer served (410). */
  sunset?: string;
}

export interface Deprecation {
  /** ISO date. */
  since: string;
  /** ISO date, when the route goes away. */
  sunset?: string;
}

/** The versions served, oldest first. Add a version here; deprecate one by giving its dates. */
export const API_VERSIONS: readonly ApiVersion[] = [{ version: 1 }];
export const CURRENT_API_VERSION = API_VERSIONS[API_VERSIONS.length - 1].version;

declare module 'fastify' {
  interface FastifyRequest {
    /** The API version this request is answered in (api-versions.ts). */
    apiVersion?: number;
  }
}

const instant = (isoDate: string) => Date.parse(`${isoDate}T00:00:00+08:00`);

function isApi(request: FastifyRequest): boolean {
  return request.url === '/api' || request.url.startsWith('/api/');
}

/** onRoute: a deprecated route is marked so in the OpenAPI document. */
export function markDeprecatedRoute(route: RouteOptions): void {
  if ((route.config as { deprecated?: Deprecation } | undefined)?.deprecated && route.schema) {
    route.schema = { ...route.schema, deprecated: true } as typeof route.schema;
  }
}

function deprecationHeaders(reply: FastifyReply, d: { deprecated?: string; sunset?: string }) {
  if (!d.deprecated) return;
  reply.header('deprecation', `@${Math.floor(instant(d.deprecated) / 1000)}`);
  if (d.sunset) reply.header('sunset', new Date(instant(d.sunset)).toUTCString());
}

/**
 * The version of a request: 400 for a malformed or unknown version, 410 past its sunset.
 * `versions` and `now` are parameters so that a deprecation can be tested before there is one.
 */
export function versionOf(request: FastifyRequest, versions: readonly ApiVersion[] = API_VERSIONS, now = new Date()): ApiVersion {
  const served = versions.filter((v) => !v.sunset || instant(v.sunset) > now.getTime());
  const raw = request.headers[API_VERSION_HEADER];
  if (raw === undefined) {
    if (served.length === 0) throw new AppError(410, 'api_version_sunset', '本接口已停止服务');
    return served[0];
  }
  const text = Array.isArray(raw) ? raw.join(',') : raw.trim();
  const list = versions.map((v) => v.version).join('、');
  if (!/^\d{1,3}$/.test(text)) throw new AppError(400, 'api_version_invalid', `接口版本（Gongkai-API-Version）应为数字，本平台支持的版本：${list}`);
  const v = versions.find((x) => x.version === Number(text));
  if (!v) throw new AppError(400, 'api_version_unsupported', `不支持接口版本「${text}」，本平台支持的版本：${list}`);
  if (!served.includes(v)) throw new AppError(410, 'api_version_sunset', `接口版本 ${text} 已于 ${v.sunset} 停止服务，请改用版本 ${served.map((x) => x.version).join('、')}`);
  return v;
}

/** The hooks: the version of every /api request, and its headers on every /api answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerApiVersions(app: FastifyInstance<any, any, any, any, any>, versions: readonly ApiVersion[] = API_VERSIONS): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!isApi(request)) return;
    request.apiVersion = CURRENT_API_VERSION;
    request.apiVersion = versionOf(request, versions).version;
  });
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!isApi(request)) return payload;
    const version = versions.find((v) => v.version === request.apiVersion);
    reply.header(API_VERSION_HEADER, String(request.apiVersion ?? CURRENT_API_VERSION));
    const route = (request.routeOptions?.config as { deprecated?: Deprecation } | undefined)?.deprecated;
    if (route) deprecationHeaders(reply, { deprecated: route.since, sunset: route.sunset });
    else if (version) deprecationHeaders(reply, version);
    return payload;
  });
}
