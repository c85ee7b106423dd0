/**
 * The pages and their forms under hostile bytes (issue 16 follow-up): every page the router serves
 * (found from the router, not from a list kept by hand) with path parameters that are not ids and
 * absurd query strings; every POST form the pages really show (crawled as each kind of person: the
 * portal's application form, login and registration, the console's forms, the imports and uploads)
 * with its fields replaced by hostile values, broken encodings, repeated and missing fields, wrong
 * content types and malformed multipart; and every page POST route, form or not. Never a 5xx; a
 * refusal is a page that says why in Chinese; a refused post changes no table's row count;
 * /api/health keeps answering throughout.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import {
  crawlForms,
  expectAnswered,
  fill,
  hostileFormBody,
  hostileMultipart,
  hostileParam,
  hostileQuery,
  paramNames,
  rowCounts,
  sendRaw,
  signedIn,
  servedRoutes,
  whileHealthy,
  type PageForm,
  type RawBody,
  type ServedRoute,
} from '../../support/hostile.ts';

const RUNS = Number(process.env.GONGKAI_FUZZ_RUNS ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 16_2026);
const ROLES = ['zhangsan@applicant.demo', 'registrar@zsj.demo', 'handler@zsj.demo', 'reviewer@zsj.demo', 'publisher@zsj.demo', 'admin@zsj.demo', 'handler@czj.demo', 'supervisor@city.demo', 'admin@city.demo'];

let server: TestServer;
let pages: ServedRoute[];
const clients = new Map<string, TestClient>();
const forms = new Map<string, PageForm[]>();

/** Posts that end the caller's session or account are sent anonymously only. */
const endsSession = (path: string) => /^\/(logout|account\/password)/.test(path);

beforeAll(async () => {
  process.env.GONGKAI_AUDIT_RATE_LIMIT = '100000';
  server = await startTestServer();
  delete process.env.GONGKAI_AUDIT_RATE_LIMIT;
  pages = servedRoutes(server.app).filter((r) => !r.path.startsWith('/api'));
  const gets = pages.filter((r) => r.method === 'GET').map((r) => fill(r.path));
  clients.set('anonymous', server.client());
  for (const login of ROLES) {
    clients.set(login, await signedIn(server, login));
  }
  for (const [role, c] of clients) forms.set(role, (await crawlForms(c, gets)).filter((f) => !endsSession(f.action) || role === 'anonymous'));
}, 600_000);
afterAll(async () => server?.close());

async function check(role: string, method: string, url: string, body: RawBody | undefined, what: string) {
  const client = clients.get(role)!;
  const write = method !== 'GET';
  const before = write ? await rowCounts(server.database.db) : '';
  const res = await sendRaw(client, method, url, body);
  const where = `${method} ${url.slice(0, 200)} as ${role}: ${what} ${body?.what ?? ''}`;
  expectAnswered(where, url, res);
  if (write && res.status >= 400) expect(await rowCounts(server.database.db), `${where} was refused (${res.status}) but changed the database`).toBe(before);
}

describe('pages and forms under hostile bytes, as every kind of person', () => {
  it('finds the pages and the forms a person fills in', () => {
    expect(pages.length).toBeGreaterThan(60);
    const actions = [...forms.values()].flat().map((f) => f.action.split('?')[0]);
    for (const a of ['/login', '/register', '/apply', '/console/agencies', '/console/users', '/console/220500-zsj/documents', '/console/calendar', '/audit']) expect(actions, a).toContain(a);
  });

  it('every page with path parameters that are not ids and absurd query strings', async () => {
    await whileHealthy(server.url, async () => {
      for (const page of pages.filter((r) => r.method === 'GET')) {
        const names = paramNames(page.path);
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...clients.keys()),
            fc.array(fc.option(hostileParam, { freq: 2 }), { minLength: names.length, maxLength: names.length }),
            fc.option(hostileQuery, { freq: 4 }),
            async (role, params, q) => {
              const path = fill(page.path, Object.fromEntries(names.flatMap((n, i) => (params[i] === null ? [] : [[n, params[i]!]]))));
              await check(role, 'GET', q ? `${path}?${q}` : path, undefined, '');
            },
          ),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
      return {};
    });
  }, 600_000);

  it('every form the pages show, its fields hostile', async () => {
    await whileHealthy(server.url, async () => {
      for (const [role, list] of forms) {
        const csrf = clients.get(role)!.csrfToken!;
        for (const form of list) {
          const body = form.multipart ? fc.oneof(hostileMultipart, hostileFormBody(form.fields, csrf)) : hostileFormBody(form.fields, csrf);
          await fc.assert(
            fc.asyncProperty(body, async (b) => check(role, 'POST', form.action, b, `form of ${form.page}`)),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        }
      }
      return {};
    });
  }, 600_000);

  it('every page POST route, with hostile parameters and bodies whether or not a page shows its form', async () => {
    await whileHealthy(server.url, async () => {
      for (const route of pages.filter((r) => r.method === 'POST')) {
        const names = paramNames(route.path);
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...[...clients.keys()].filter((r) => r === 'anonymous' || !endsSession(route.path))),
            fc.array(fc.option(hostileParam, { freq: 2 }), { minLength: names.length, maxLength: names.length }),
            fc.oneof(hostileMultipart, hostileFormBody({ name: '名称', title: '标题', date: '2024-03-01', year: '2023', kind: 'other' }, '')),
            async (role, params, b) => {
              const csrf = clients.get(role)!.csrfToken ?? '';
              const body = b.body && b.contentType?.includes('urlencoded') ? { ...b, body: Buffer.from(b.body.toString('latin1').replace(/^_csrf=&?/, `_csrf=${encodeURIComponent(csrf)}&`), 'latin1') } : b;
              const path = fill(route.path, Object.fromEntries(names.flatMap((n, i) => (params[i] === null ? [] : [[n, params[i]!]]))));
              await check(role, 'POST', path, body, '');
            },
          ),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
      return {};
    });
  }, 600_000);
});
