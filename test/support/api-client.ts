/**
 * The typed API client the tests call (issue 21): openapi-fetch over the types openapi-typescript
 * generated from GET /api/openapi.json (test/support/api-schema.d.ts, `npm run api:types`). Paths,
 * parameters, bodies and answers are checked by TypeScript against the published contract, so a
 * test that compiles is a client an integrator could write.
 *
 *   const c = server.client();
 *   await c.login('handler@zsj.demo');
 *   const { data, error, response } = await c.api.GET('/api/applications/{id}', { params: { path: { id } } });
 *
 * It shares the TestClient's cookies (the session) and sends the CSRF token on every unsafe request.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api-schema.d.ts';

export type { paths, components } from './api-schema.d.ts';
export type ApiClient = Client<paths>;

/** What the typed client needs of a TestClient: its base URL, cookie jar and CSRF token. */
export interface CookieJar {
  readonly baseUrl: string;
  csrfToken: string | undefined;
  fetchCsrf(): Promise<string>;
  cookieHeader(): string;
  keepCookies(headers: Headers): void;
}

export function typedClient(jar: CookieJar): ApiClient {
  const api = createClient<paths>({ baseUrl: jar.baseUrl });
  api.use({
    async onRequest({ request }) {
      if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && !request.headers.has('x-csrf-token')) {
        request.headers.set('x-csrf-token', jar.csrfToken ?? (await jar.fetchCsrf()));
      }
      const cookie = jar.cookieHeader();
      if (cookie) request.headers.set('cookie', cookie);
      return request;
    },
    onResponse({ response }) {
      jar.keepCookies(response.headers);
      return response;
    },
  });
  return api;
}

/** The answer of a typed call that must have succeeded: its data (else the test fails with the error). */
export function ok<D>(result: { data?: D; error?: unknown; response: Response }): D {
  if (result.data === undefined && !(result.response.status >= 200 && result.response.status < 300)) {
    throw new Error(`期望成功，实际 ${result.response.status}：${JSON.stringify(result.error)}`);
  }
  return result.data as D;
}

/**
 * A typed client acting as an API token, as a machine client would: `Authorization: Bearer gk_…`
 * on every request, no cookie, no CSRF token.
 */
export function bearerClient(baseUrl: string, token: string): ApiClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}
