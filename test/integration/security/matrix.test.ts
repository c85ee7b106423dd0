/**
 * Nobody where they don't belong (issue 8): an HTTP-level matrix of actors × routes. Actors: anonymous,
 * two applicants (own / other's case), each staff role at one agency (通化市政数局), a handler of a
 * sibling agency (财政局), the city's supervisor and administrator (parent agency). Every cell is
 * either allowed (2xx) or refused with 401/403/404 and a Chinese message. The unit matrix of
 * policies.can() is test/unit/server/policies.test.ts; this one proves the routes ask it.
 *
 * Rows for routes known when this was written are explicit; every staff route of the OpenAPI
 * document (users, reports, figures, calendar, appeals, letters, document editing…) is additionally
 * checked to refuse both applicants, and the application routes to refuse the other applicant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { example, fillPath, isChinese, isPublic, loadRoutes, query, type Route } from './openapi.ts';

const ACTORS = {
  anonymous: null,
  applicant: 'zhangsan@applicant.demo',
  otherApplicant: 'company@applicant.demo',
  registrar: 'registrar@zsj.demo',
  handler: 'handler@zsj.demo',
  reviewer: 'reviewer@zsj.demo',
  publisher: 'publisher@zsj.demo',
  supervisor: 'supervisor@zsj.demo',
  admin: 'admin@zsj.demo',
  siblingHandler: 'handler@czj.demo',
  citySupervisor: 'supervisor@city.demo',
  cityAdmin: 'admin@city.demo',
} as const;
type ActorName = keyof typeof ACTORS;
const ALL = Object.keys(ACTORS) as ActorName[];

let server: TestServer;
let routes: Route[];
const clients = new Map<ActorName, TestClient>();

beforeAll(async () => {
  server = await startTestServer();
  routes = await loadRoutes(server.app);
  for (const name of ALL) {
    const c = server.client();
    const login = ACTORS[name];
    if (login) await c.login(login);
    clients.set(name, c);
  }
});
afterAll(async () => server?.close());

let seq = 0;
interface Cell {
  name: string;
  method: string;
  path: string | (() => Promise<string>);
  body?: () => unknown;
  allowed: ActorName[];
}

const staffUser = () => ({ email: `matrix-${Date.now()}-${++seq}@test.invalid`, displayName: '矩阵测试', password: 'Matrix2024x' });

const CELLS: Cell[] = [
  { name: 'who am I', method: 'GET', path: '/api/session/me', allowed: ALL.filter((a) => a !== 'anonymous') },
  { name: 'list staff', method: 'GET', path: '/api/users', allowed: ['admin', 'cityAdmin'] },
  { name: 'list API tokens', method: 'GET', path: '/api/tokens', allowed: ['admin', 'cityAdmin'] },
  { name: 'create an API token at own agency', method: 'POST', path: '/api/tokens', body: () => ({ name: `矩阵令牌${++seq}`, agencyCode: '220500-zsj', actions: ['application.view'] }), allowed: ['admin', 'cityAdmin'] },
  { name: 'create an API token at a sibling agency', method: 'POST', path: '/api/tokens', body: () => ({ name: `矩阵令牌${++seq}`, agencyCode: '220500-czj', actions: ['application.view'] }), allowed: ['cityAdmin'] },
  { name: 'create staff at own agency', method: 'POST', path: '/api/users', body: () => ({ ...staffUser(), roles: [{ agencyCode: '220500-zsj', role: 'handler' }] }), allowed: ['admin', 'cityAdmin'] },
  { name: 'create staff at a sibling agency', method: 'POST', path: '/api/users', body: () => ({ ...staffUser(), roles: [{ agencyCode: '220500-czj', role: 'handler' }] }), allowed: ['cityAdmin'] },
  { name: 'create staff at the parent agency', method: 'POST', path: '/api/users', body: () => ({ ...staffUser(), roles: [{ agencyCode: '220500', role: 'registrar' }] }), allowed: ['cityAdmin'] },
  { name: 'create staff at a grandchild agency', method: 'POST', path: '/api/users', body: () => ({ ...staffUser(), roles: [{ agencyCode: '220502-jyj', role: 'registrar' }] }), allowed: ['cityAdmin'] },
  {
    name: 'read a sibling agency’s staff member',
    method: 'GET',
    path: async () => {
      const all = (await clients.get('cityAdmin')!.get('/api/users')).json().items as Array<{ id: number; email: string }>;
      return `/api/users/${all.find((u) => u.email === 'handler@czj.demo')!.id}`;
    },
    allowed: ['cityAdmin'],
  },
  {
    name: 'disable a sibling agency’s staff member',
    method: 'PATCH',
    path: async () => {
      const all = (await clients.get('cityAdmin')!.get('/api/users')).json().items as Array<{ id: number; email: string }>;
      return `/api/users/${all.find((u) => u.email === 'handler@czj.demo')!.id}`;
    },
    body: () => ({ displayName: '冯财政' }),
    allowed: ['cityAdmin'],
  },
  { name: 'create a child agency under own agency', method: 'POST', path: '/api/agencies', body: () => ({ code: `m-${Date.now()}-${++seq}`, name: '矩阵测试科', parentCode: '220500-zsj' }), allowed: ['admin', 'cityAdmin'] },
  { name: 'create an agency in a sibling subtree', method: 'POST', path: '/api/agencies', body: () => ({ code: `m-${Date.now()}-${++seq}`, name: '矩阵测试科', parentCode: '220502' }), allowed: ['cityAdmin'] },
  { name: 'create a root agency', method: 'POST', path: '/api/agencies', body: () => ({ code: `m-${Date.now()}-${++seq}`, name: '矩阵测试市' }), allowed: ['cityAdmin'] },
  { name: 'read the public agency list', method: 'GET', path: '/api/agencies', allowed: ALL },
];

function expectRefused(res: { status: number; json(): any; text: string }, where: string) {
  expect([401, 403, 404], `${where} should be refused: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
  expect(isChinese(res.json().error.message), where).toBe(true);
}

describe('the actor × route matrix', () => {
  for (const cell of CELLS) {
    it(`${cell.method} ${cell.name}`, async () => {
      for (const actor of ALL) {
        const path = typeof cell.path === 'string' ? cell.path : await cell.path();
        const res = await clients.get(actor)!.request(cell.method, path, cell.method === 'GET' ? {} : { json: cell.body?.() ?? {} });
        const where = `${cell.method} ${path} (${cell.name}) as ${actor}`;
        if (cell.allowed.includes(actor)) expect(res.status, `${where}: ${res.text.slice(0, 200)}`).toBeLessThan(300);
        else {
          expectRefused(res, where);
          expect(res.status, where).toBe(actor === 'anonymous' ? 401 : res.status);
        }
      }
    });
  }
});

/** Staff-only areas, by path: an applicant has no business there whatever the route does. */
const STAFF_AREAS = /^\/api\/(users|tokens|console|staff|figures|calendar|appeals|letters|templates|admin)(\/|$)|^\/api\/reports(?!\/published)/;

describe('every staff route of the OpenAPI document refuses applicants', () => {
  it('answers 401/403/404 (Chinese) to both applicants on every staff-only route', async () => {
    const staffRoutes = routes.filter((r) => STAFF_AREAS.test(r.path) && !isPublic(r));
    expect(staffRoutes.length).toBeGreaterThan(0);
    for (const r of staffRoutes) {
      for (const actor of ['applicant', 'otherApplicant'] as const) {
        const res = await clients.get(actor)!.request(r.method, fillPath(r) + query(r), r.method === 'GET' ? {} : { json: example(r.body) ?? {} });
        expectRefused(res, `${r.key} as ${actor}`);
      }
    }
  });

  it('keeps one applicant out of another’s application', async () => {
    const submit = routes.find((r) => r.key === 'POST /api/applications');
    const byId = routes.filter((r) => /^\/api\/applications\/\{[^}]+\}/.test(r.path));
    expect(submit, 'POST /api/applications is in the OpenAPI document').toBeDefined();
    expect(byId.length, 'the /api/applications/{id} routes are in the OpenAPI document').toBeGreaterThan(0);
    const mine = await clients.get('applicant')!.post('/api/applications', example(submit!.body) ?? {});
    expect(mine.status, mine.text).toBeLessThan(300);
    const body = mine.json();
    const id = String(body.application?.id ?? body.id);
    for (const r of byId) {
      const name = /\{([^}]+)\}/.exec(r.path)![1];
      const path = fillPath(r, { [name]: id }) + query(r);
      for (const actor of ['otherApplicant', 'siblingHandler', 'anonymous'] as const) {
        const res = await clients.get(actor)!.request(r.method, path, r.method === 'GET' ? {} : { json: example(r.body) ?? {} });
        expectRefused(res, `${r.key} on applicant's application as ${actor}`);
      }
    }
  });
});
