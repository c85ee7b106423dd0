/**
 * The real app on a random loopback port, on a test database with the demo data, and a tiny HTTP
 * client that keeps cookies and sends the CSRF token.
 *
 *   const server = await startTestServer();              // PGlite clone + demo data
 *   const client = server.client();
 *   await client.login('admin@city.demo');             // demo password by default
 *   const res = await client.post('/api/agencies', { code: 'x', name: 'X', parentCode: '220500' });
 *   expect(res.status).toBe(201); res.json();
 *   await server.close();
 *
 * startTestServer({ kind: 'postgres' }) runs it on the CI PostgreSQL server instead.
 *
 * `client.api` is the typed client generated from the OpenAPI document (test/support/api-client.ts):
 *   const { data } = await client.api.GET('/api/agencies/{code}', { params: { path: { code: '220500' } } });
 * Prefer it for /api calls; request()/get()/post() stay for pages, forms and deliberately malformed input.
 */
import type { Database } from '../../src/db/index.ts';
import { DEMO_PASSWORD } from '../../src/db/seed/demo.ts';
import { buildApp, type App, type AppOptions } from '../../src/server/app.ts';
import { createDatabaseOfKind, type DatabaseKind } from './db.ts';
import { typedClient, type ApiClient } from './api-client.ts';

export interface TestServer {
  url: string;
  app: App;
  database: Database;
  client(): TestClient;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { kind?: DatabaseKind; demo?: boolean; database?: Database } & Partial<Omit<AppOptions, 'db'>> = {},
): Promise<TestServer> {
  const { kind = 'pglite', demo = true, database: given, ...appOptions } = options;
  const database = given ?? (await createDatabaseOfKind(kind, { demo }));
  const app = await buildApp({ db: database.db, ...appOptions });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    database,
    client: () => new TestClient(url),
    close: async () => {
      await app.close();
      if (!given) await database.close();
    },
  };
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  private typed: ApiClient | undefined;

  /** The typed API client (openapi-fetch over the generated types), sharing this client's session. */
  get api(): ApiClient {
    return (this.typed ??= typedClient(this));
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keepCookies(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: string,
    path: string,
    opts: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<TestResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (unsafe && opts.csrf !== false) {
      if (!this.csrfToken) await this.fetchCsrf();
      headers['x-csrf-token'] = this.csrfToken!;
    }
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    this.keepCookies(res.headers);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  async fetchCsrf(): Promise<string> {
    const res = await this.request('GET', '/api/session/csrf');
    this.csrfToken = res.json().token;
    return this.csrfToken!;
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, json: unknown = {}) {
    return this.request('POST', path, { json });
  }
  patch(path: string, json: unknown) {
    return this.request('PATCH', path, { json });
  }
  /** Posts a form the way a browser does (with the `_csrf` field). */
  async postForm(path: string, fields: Record<string, string>) {
    const token = this.csrfToken ?? (await this.fetchCsrf());
    return this.request('POST', path, { form: { _csrf: token, ...fields }, csrf: false });
  }

  async login(login: string, password = DEMO_PASSWORD) {
    const { data, error, response } = await this.api.POST('/api/session/login', { body: { login, password } });
    if (!data) throw new Error(`登录失败 ${login}: ${response.status} ${JSON.stringify(error)}`);
    return { user: data.user, headers: response.headers };
  }
}
