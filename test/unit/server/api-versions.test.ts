/**
 * The API version header and the deprecation policy (src/server/api-versions.ts) on a bare Fastify
 * instance: the version table is a parameter, so a deprecated and a sunset version can be tested
 * before Gongkai has one.
 */
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { AppError } from '../../../src/app/errors.ts';
import { markDeprecatedRoute, registerApiVersions, type ApiVersion } from '../../../src/server/api-versions.ts';

async function appWith(versions: readonly ApiVersion[]) {
  const app = Fastify();
  app.addHook('onRoute', markDeprecatedRoute);
  registerApiVersions(app, versions);
  app.setErrorHandler((err, _request, reply) => {
    const e = err as AppError;
    return reply.code(e.statusCode ?? 500).send({ error: { code: e.code, message: e.message } });
  });
  app.get('/api/things', async () => ({ ok: true }));
  app.get('/api/old-things', { config: { deprecated: { since: '2026-12-01', sunset: '2027-06-30' } }, schema: {} }, async () => ({ ok: true }));
  app.get('/page', async () => 'page');
  await app.ready();
  return app;
}

describe('API versions', () => {
  it('answers in the oldest served version without the header, and names it', async () => {
    const app = await appWith([{ version: 1 }, { version: 2 }]);
    const res = await app.inject({ url: '/api/things' });
    expect(res.headers['gongkai-api-version']).toBe('1');
    expect(res.headers.deprecation).toBeUndefined();
    const two = await app.inject({ url: '/api/things', headers: { 'gongkai-api-version': '2' } });
    expect(two.headers['gongkai-api-version']).toBe('2');
    expect((await app.inject({ url: '/page' })).headers['gongkai-api-version']).toBeUndefined();
  });

  it('refuses an unknown or malformed version with 400 in Chinese', async () => {
    const app = await appWith([{ version: 1 }]);
    const unknown = await app.inject({ url: '/api/things', headers: { 'gongkai-api-version': '3' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toEqual({ code: 'api_version_unsupported', message: '不支持接口版本「3」，本平台支持的版本：1' });
    const bad = await app.inject({ url: '/api/things', headers: { 'gongkai-api-version': 'v1' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('api_version_invalid');
  });

  it('a deprecated version answers with Deprecation and Sunset; past its sunset, 410', async () => {
    const app = await appWith([{ version: 1, deprecated: '2026-12-01', sunset: '2099-06-30' }, { version: 2 }]);
    const res = await app.inject({ url: '/api/things', headers: { 'gongkai-api-version': '1' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers.deprecation).toBe(`@${Date.parse('2026-12-01T00:00:00+08:00') / 1000}`);
    expect(res.headers.sunset).toBe('Mon, 29 Jun 2099 16:00:00 GMT');
    const current = await app.inject({ url: '/api/things', headers: { 'gongkai-api-version': '2' } });
    expect(current.headers.deprecation).toBeUndefined();

    const gone = await appWith([{ version: 1, deprecated: '2020-01-01', sunset: '2021-01-01' }, { version: 2 }]);
    const old = await gone.inject({ url: '/api/things', headers: { 'gongkai-api-version': '1' } });
    expect(old.statusCode).toBe(410);
    expect(old.json().error.message).toBe('接口版本 1 已于 2021-01-01 停止服务，请改用版本 2');
    // Without the header, the oldest version still served.
    expect((await gone.inject({ url: '/api/things' })).headers['gongkai-api-version']).toBe('2');
  });

  it('a deprecated route answers with its own Deprecation and Sunset', async () => {
    const app = await appWith([{ version: 1 }]);
    const res = await app.inject({ url: '/api/old-things' });
    expect(res.headers.deprecation).toBe(`@${Date.parse('2026-12-01T00:00:00+08:00') / 1000}`);
    expect(res.headers.sunset).toBe('Tue, 29 Jun 2027 16:00:00 GMT');
  });
});
