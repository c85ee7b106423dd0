/**
 * The whole API surface under hostile bytes (issue 16 follow-up): every route of the served OpenAPI
 * document, as every kind of person (anonymous, both applicants, each staff role, a sibling agency,
 * the city's supervisor and administrator), with bodies nested thousands deep, invalid UTF-8, NUL
 * bytes and lone surrogates, the wrong or a broken content type, malformed multipart, absurd query
 * strings and path parameters that are not ids. Every answer is a success or a 4xx with a stable code
 * and a Chinese message; a refused write leaves every table's row count as it was; /api/health keeps
 * answering throughout. Seeded (FUZZ_SEED) and bounded (GONGKAI_FUZZ_RUNS runs per route).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { expectAnswered, fill, hostileHeaders, hostileJsonBody, hostileMultipart, hostileParam, hostileQuery, paramNames, rowCounts, sendRaw, signedIn, whileHealthy, type RawBody } from '../../support/hostile.ts';
import { example, loadRoutes, query, type Route } from './openapi.ts';

const RUNS = Number(process.env.GONGKAI_FUZZ_RUNS ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 16_2026);

const ROLES = [
  'zhangsan@applicant.demo',
  'company@applicant.demo',
  'registrar@zsj.demo',
  'handler@zsj.demo',
  'reviewer@zsj.demo',
  'publisher@zsj.demo',
  'supervisor@zsj.demo',
  'admin@zsj.demo',
  'handler@czj.demo',
  'supervisor@city.demo',
  'admin@city.demo',
] as const;

let server: TestServer;
let routes: Route[];
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  process.env.GONGKAI_AUDIT_RATE_LIMIT = '100000';
  server = await startTestServer();
  delete process.env.GONGKAI_AUDIT_RATE_LIMIT;
  routes = await loadRoutes(server.app);
  clients.set('anonymous', server.client());
  for (const login of ROLES) {
    clients.set(login, await signedIn(server, login));
  }
}, 600_000);
afterAll(async () => server?.close());

/** Routes that end the caller's own session are sent anonymously only (their effect is the point). */
const endsSession = (r: Route) => /logout|password/.test(r.path);

async function fuzz(route: Route, body: fc.Arbitrary<RawBody | undefined>) {
  const names = paramNames(route.path);
  const roles = endsSession(route) ? ['anonymous'] : [...clients.keys()];
  const valid = query(route).replace(/^\?/, '');
  const arb = fc.record({
    role: fc.constantFrom(...roles),
    params: fc.array(fc.option(hostileParam, { freq: 2 }), { minLength: names.length, maxLength: names.length }),
    query: fc.option(hostileQuery, { freq: 3 }),
    headers: fc.option(hostileHeaders, { freq: 2 }),
    body,
  });
  await fc.assert(
    fc.asyncProperty(arb, async ({ role, params, query: q, headers, body: b }) => {
      const client = clients.get(role)!;
      const path = fill(route.path, Object.fromEntries(names.flatMap((n, i) => (params[i] === null ? [] : [[n, params[i]!]]))));
      const qs = [valid, q].filter(Boolean).join('&');
      const url = qs ? `${path}?${qs}` : path;
      const write = route.method !== 'GET';
      const before = write ? await rowCounts(server.database.db) : '';
      const res = await sendRaw(client, route.method, url, write ? b : undefined, { headers: headers ?? {} });
      const where = `${route.key} as ${role}: ${url.slice(0, 200)} ${b?.what ?? ''} ${JSON.stringify(headers ?? {})}`;
      expectAnswered(where, url, res);
      if (write && res.status >= 400) expect(await rowCounts(server.database.db), `${where} was refused (${res.status}) but changed the database`).toBe(before);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
}

describe('every API route under hostile bytes, as every kind of person', () => {
  it('lists the routes it walks', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.map((r) => r.key)).toContain('POST /api/applications');
  });

  it('JSON bodies: nested deep, invalid UTF-8, NUL, lone surrogates, wrong types, wrong content types', async () => {
    const r = await whileHealthy(server.url, async () => {
      for (const route of routes) await fuzz(route, route.method === 'GET' ? fc.constant(undefined) : hostileJsonBody((example(route.body) ?? {}) as Record<string, unknown>));
      return { routes: routes.length };
    });
    expect(r.healthPolls).toBeGreaterThan(0);
  }, 600_000);

  it('malformed multipart on every state-changing route', async () => {
    await whileHealthy(server.url, async () => {
      for (const route of routes.filter((x) => x.method !== 'GET')) await fuzz(route, hostileMultipart);
      return {};
    });
  }, 600_000);
});
