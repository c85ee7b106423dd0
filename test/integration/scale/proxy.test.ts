/**
 * Behind a reverse proxy (issue 20, the README's deployment section): GONGKAI_TRUST_PROXY names the
 * proxies whose X-Forwarded-For gives the client's real address — the address the rate limits count
 * by. A header sent by a peer that is not a trusted proxy is ignored, so a client cannot slip out of
 * its limit by inventing addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustProxyFromEnv } from '../../../src/server/app.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

describe('GONGKAI_TRUST_PROXY', () => {
  it('reads 0/1, addresses and ranges, and refuses anything else in Chinese', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv('0')).toBe(false);
    expect(trustProxyFromEnv('1')).toBe(true);
    expect(trustProxyFromEnv(' 127.0.0.1, 10.0.0.0/8 ,::1')).toBe('127.0.0.1,10.0.0.0/8,::1');
    expect(trustProxyFromEnv('loopback')).toBe('loopback');
    expect(() => trustProxyFromEnv('yes')).toThrow(/GONGKAI_TRUST_PROXY/);
    expect(() => trustProxyFromEnv('127.0.0.1; rm')).toThrow(/反向代理/);
  });
});

async function attempts(server: TestServer, forwardedFor: string, n: number, login = 'proxy-test@example.cn'): Promise<number[]> {
  const c = server.client();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await c.request('POST', '/api/session/login', {
      json: { login, password: 'wrong-password-1' },
      headers: { 'x-forwarded-for': forwardedFor },
    });
    out.push(res.status);
  }
  return out;
}

describe('the login limit counts the real client behind a trusted proxy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demo: false, trustProxy: trustProxyFromEnv('127.0.0.1') });
  });
  afterAll(() => server?.close());

  it('each forwarded client has its own 10 attempts', async () => {
    expect(await attempts(server, '203.0.113.5', 11)).toEqual([...Array(10).fill(401), 429]);
    // Another client, another account (an account's own limit counts across addresses: src/server/rate-limits.ts).
    expect(await attempts(server, '203.0.113.6', 1, 'proxy-test-2@example.cn')).toEqual([401]);
  });
});

describe('a header from a peer that is not a trusted proxy is ignored', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demo: false, trustProxy: trustProxyFromEnv('10.0.0.0/8') });
  });
  afterAll(() => server?.close());

  it('inventing an address per attempt does not escape the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(...(await attempts(server, `198.51.100.${i + 1}`, 1)));
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});
