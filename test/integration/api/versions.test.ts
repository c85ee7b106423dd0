/**
 * The API version on the real app: every /api answer names it, an unknown one is refused, and the
 * OpenAPI document's info.version and servers say the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { CURRENT_API_VERSION } from '../../../src/server/api-versions.ts';

describe('API version on the app', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('names the version on every /api answer, errors included, not on pages', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('gongkai-api-version')).toBe('1');
    const missing = await fetch(`${server.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('gongkai-api-version')).toBe('1');
    const explicit = await fetch(`${server.url}/api/search?q=%E5%85%AC%E5%BC%80`, { headers: { 'gongkai-api-version': '1' } });
    expect(explicit.status).toBe(200);
    expect(explicit.headers.get('deprecation')).toBeNull();
    expect((await fetch(`${server.url}/`)).headers.get('gongkai-api-version')).toBeNull();
  });

  it('refuses a version it does not serve, in Chinese', async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { 'gongkai-api-version': '9' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe('不支持接口版本「9」，本平台支持的版本：1');
  });

  it('the OpenAPI document agrees: info.version, servers, the bearer scheme', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(doc.info.version).toBe(String(CURRENT_API_VERSION));
    expect(doc.servers).toHaveLength(1);
    expect(doc.servers[0].url).toBe('/');
    expect(doc.servers[0].description).toContain('Gongkai-API-Version');
    expect(doc.components.securitySchemes.token).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
