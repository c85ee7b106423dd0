/**
 * Hostile input at the level of bytes (the surface fuzz, test/integration/security/surface-*.test.ts):
 * bodies that no well-behaved client sends — nesting thousands deep, invalid UTF-8, NUL bytes, lone
 * surrogates, the wrong or a broken content type, malformed multipart — absurd query strings and path
 * parameters that are not ids; the routes the app serves (pages too, not only the OpenAPI document),
 * the forms its pages really show, and the checks every answer must pass.
 */
import fc from 'fast-check';
import { parse } from 'node-html-parser';
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/index.ts';
import type { App } from '../../src/server/app.ts';
import { createSession, SESSION_COOKIE } from '../../src/app/auth.ts';
import type { TestClient, TestServer } from './server.ts';

// ------------------------------------------------------------------------------------- who asks

/**
 * A client signed in as the account with e-mail `email`: the session is created directly, as the
 * login would (a fuzz run signs in a dozen people; the password hash would cost most of its time).
 */
export async function signedIn(server: TestServer, email: string): Promise<TestClient> {
  const r = (await server.database.db.execute(sql`SELECT id FROM users WHERE email = ${email}`)) as unknown as { rows: Array<{ id: number }> };
  if (!r.rows[0]) throw new Error(`没有账号 ${email}`);
  const { token } = await createSession(server.database.db, r.rows[0].id);
  const client = server.client();
  client.cookies.set(SESSION_COOKIE, token);
  await client.fetchCsrf();
  return client;
}

// ------------------------------------------------------------------------------------- the routes

export interface ServedRoute {
  method: string;
  /** Fastify's pattern, e.g. /console/:code/documents */
  path: string;
}

/**
 * Every route the app serves, from Fastify's router tree (pages and API alike; no HEAD, no static
 * files). printRoutes draws a tree whose lines hold a path segment indented by its depth; a route's
 * path is its ancestors' segments joined.
 */
export function servedRoutes(app: App): ServedRoute[] {
  const text = app.printRoutes({ commonPrefix: false });
  const out: ServedRoute[] = [];
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^([\s│├└─]*?)(?:[├└]── )(.*?)(?: \(([A-Z, -]+)\))?$/.exec(line) ?? /^()(\S.*?)(?: \(([A-Z, -]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4 + (m[1] === '' && !/^[├└]/.test(line) ? 0 : 1);
    stack.length = depth;
    stack[depth] = m[2];
    const path = stack.join('');
    if (!m[3] || m[3] === '-' || path.startsWith('/static/')) continue;
    for (const method of m[3].split(',').map((x) => x.trim())) if (method !== 'HEAD' && method !== '-') out.push({ method, path });
  }
  return out.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** A path parameter's plausible value (the demo data's agency, year, first ids). */
export function plausible(name: string): string {
  if (/code/i.test(name)) return '220500-zsj';
  if (/year/i.test(name)) return '2023';
  if (/file|name/i.test(name)) return '1.pdf';
  if (/token/i.test(name)) return 'x';
  return '1';
}

/** Fills `:name` (Fastify) and `{name}` (OpenAPI) parameters, from `values` or plausible ones. */
export function fill(pattern: string, values: Record<string, string> = {}): string {
  return pattern.replace(/:([A-Za-z_]+)|\{([^}]+)\}|\*/g, (_, a?: string, b?: string) => {
    const name = a ?? b ?? 'wild';
    return encodePart(values[name] ?? plausible(name));
  });
}

/** encodeURIComponent, but a lone surrogate becomes its (invalid) UTF-8 bytes instead of an exception. */
export function encodePart(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

export const paramNames = (pattern: string) => [...pattern.matchAll(/:([A-Za-z_]+)|\{([^}]+)\}/g)].map((m) => m[1] ?? m[2]);

// ------------------------------------------------------------------------------------- the forms

export interface PageForm {
  /** The form's action as a path (no origin). */
  action: string;
  multipart: boolean;
  /** Field → the value the page offers (first option of a select, a hidden field's value, or ''). */
  fields: Record<string, string>;
  /** Fields of type file. */
  files: string[];
  /** Where it was found. */
  page: string;
}

/** The POST forms of `pages` as `client` sees them, one per action and set of fields. */
export async function crawlForms(client: TestClient, pages: string[]): Promise<PageForm[]> {
  const seen = new Map<string, PageForm>();
  for (const page of pages) {
    const res = await client.get(page);
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('text/html')) continue;
    const root = parse(res.text);
    for (const form of root.querySelectorAll('form')) {
      if ((form.getAttribute('method') ?? 'get').toLowerCase() !== 'post') continue;
      const action = new URL(form.getAttribute('action') || page, 'http://x').pathname + new URL(form.getAttribute('action') || page, 'http://x').search;
      const fields: Record<string, string> = {};
      const files: string[] = [];
      for (const el of form.querySelectorAll('input, select, textarea')) {
        const name = el.getAttribute('name');
        if (!name || name === '_csrf') continue;
        const type = (el.getAttribute('type') ?? '').toLowerCase();
        if (type === 'file') {
          files.push(name);
          continue;
        }
        if ((type === 'checkbox' || type === 'radio') && name in fields) continue;
        fields[name] = el.tagName === 'SELECT' ? (el.querySelector('option')?.getAttribute('value') ?? '') : el.tagName === 'TEXTAREA' ? el.text : (el.getAttribute('value') ?? '');
      }
      const key = `${action.replace(/\d+/g, 'N')} ${Object.keys(fields).sort().join(',')}`;
      if (!seen.has(key)) seen.set(key, { action, multipart: (form.getAttribute('enctype') ?? '').includes('multipart'), fields, files, page });
    }
  }
  return [...seen.values()];
}

// ------------------------------------------------------------------------------------- hostile values

const enc = (s: string) => Buffer.from(s, 'utf8');

/** Strings a person might paste or a script might send: control characters, lone surrogates, huge ones, injections. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\ufffe\uffff',
    '\u202e\u200b\ufeff',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    '2024-02-30',
    '2023-02-29',
    '0000-00-00',
    '275760-09-13',
    '-1',
    '1e9',
    '1e309',
    'NaN',
    '9007199254740993',
    '0x10',
    '１２３',
    '__proto__',
    '../../etc/passwd',
    '%00',
    '%zz',
  ),
  fc.integer({ min: 20_000, max: 200_000 }).map((n) => '字'.repeat(n)),
);

/** Raw bytes that are not valid UTF-8 (a lone continuation byte, an overlong form, a truncated sequence, GBK). */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc.constantFrom(
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe4, 0xb8]),
  Buffer.from([0x80]),
  Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
  Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), // 中文 in GBK
  Buffer.from([0x00]),
);

/** JSON nested `depth` deep (arrays or objects), the same bytes a hostile client sends. */
export function deepJson(depth: number, kind: 'array' | 'object'): Buffer {
  return kind === 'array' ? enc('['.repeat(depth) + ']'.repeat(depth)) : enc('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

export interface RawBody {
  what: string;
  contentType?: string;
  body?: Buffer;
}

/** fast-check prints a counterexample by its description, not its bytes. */
function described<T extends RawBody>(b: T): T {
  return Object.defineProperty({ ...b }, fc.toStringMethod, { value: () => `«${b.what.slice(0, 200)}» ${b.contentType ?? '(no content type)'} ${b.body?.length ?? 0} B`, enumerable: false });
}
const rawBody = <T>(arb: fc.Arbitrary<T & RawBody>) => arb.map(described);

/** A body for a route that expects JSON, given one plausible `valid` body to corrupt. */
export function hostileJsonBody(valid: Record<string, unknown>): fc.Arbitrary<RawBody> {
  const keys = Object.keys(valid);
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('x');
  const json = 'application/json';
  return rawBody(fc.oneof(
    fc.tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => ({ what: `JSON nested ${d} (${k})`, contentType: json, body: deepJson(d, k) })),
    fc.tuple(key, fc.integer({ min: 500, max: 20_000 })).map(([k, d]) => ({ what: `${k} nested ${d}`, contentType: json, body: Buffer.concat([enc(JSON.stringify({ ...valid }).replace(/}$/, `${keys.length ? ',' : ''}"${k}":`)), deepJson(d, 'array'), enc('}')]) })),
    fc.tuple(key, invalidUtf8).map(([k, bad]) => ({ what: `${k} with invalid UTF-8 ${bad.toString('hex')}`, contentType: json, body: Buffer.concat([enc(JSON.stringify({ ...valid, [k]: '' }).replace(`"${k}":""`, `"${k}":"`)), bad, enc('"}')]) })),
    fc.tuple(key, nastyString).map(([k, v]) => ({ what: `${k}=${JSON.stringify(v.slice(0, 40))}`, contentType: json, body: enc(JSON.stringify({ ...valid, [k]: v })) })),
    fc.tuple(key, fc.constantFrom<unknown>(null, [], {}, [[]], true, -1, 1e308, 2 ** 31, '1', [1, 2], { $gt: '' })).map(([k, v]) => ({ what: `${k}=${JSON.stringify(v)}`, contentType: json, body: enc(JSON.stringify({ ...valid, [k]: v })) })),
    fc.constantFrom<RawBody>(
      { what: 'empty JSON body', contentType: json },
      { what: 'JSON null', contentType: json, body: enc('null') },
      { what: 'JSON string', contentType: json, body: enc('"x"') },
      { what: 'JSON number', contentType: json, body: enc('1') },
      { what: 'truncated JSON', contentType: json, body: enc('{"a": [1, 2') },
      { what: 'JSON with a BOM', contentType: json, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), enc('{}')]) },
      { what: 'JSON in UTF-16', contentType: 'application/json; charset=utf-16', body: Buffer.from('{"a":"b"}', 'utf16le') },
      { what: '__proto__ key', contentType: json, body: enc('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}') },
      { what: 'text/plain', contentType: 'text/plain', body: enc('hello') },
      { what: 'application/xml', contentType: 'application/xml', body: enc('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><a>&x;</a>') },
      { what: 'octet-stream', contentType: 'application/octet-stream', body: Buffer.from([0, 1, 2, 255]) },
      { what: 'no content type', body: enc('{"a":1}') },
      { what: 'form-urlencoded', contentType: 'application/x-www-form-urlencoded', body: enc('a=1&a=2&b[c]=3&%zz=1') },
      { what: 'multipart without a boundary', contentType: 'multipart/form-data', body: enc('--x\r\n\r\n') },
      { what: 'multipart, broken', contentType: 'multipart/form-data; boundary=XYZ', body: enc('--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue-without-end') },
      { what: 'a content type of nonsense', contentType: ';;;/===', body: enc('x') },
    ),
  ));
}

/** A multipart body (boundary `B0undary`), well formed or not. */
export const hostileMultipart: fc.Arbitrary<RawBody> = rawBody(fc.oneof(
  fc.constantFrom<RawBody>(
    { what: 'multipart, no parts', contentType: 'multipart/form-data; boundary=B0undary', body: enc('--B0undary--\r\n') },
    { what: 'multipart, empty body', contentType: 'multipart/form-data; boundary=B0undary', body: Buffer.alloc(0) },
    { what: 'multipart, wrong boundary', contentType: 'multipart/form-data; boundary=Other', body: enc('--B0undary\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--B0undary--\r\n') },
    { what: 'multipart, unterminated', contentType: 'multipart/form-data; boundary=B0undary', body: enc('--B0undary\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 never ends') },
    { what: 'multipart, no disposition', contentType: 'multipart/form-data; boundary=B0undary', body: enc('--B0undary\r\n\r\nx\r\n--B0undary--\r\n') },
    { what: 'multipart, header without colon', contentType: 'multipart/form-data; boundary=B0undary', body: enc('--B0undary\r\nGarbage\r\n\r\nx\r\n--B0undary--\r\n') },
    { what: 'multipart, boundary too long', contentType: `multipart/form-data; boundary=${'b'.repeat(300)}`, body: enc(`--${'b'.repeat(300)}--\r\n`) },
  ),
  fc
    .record({
      name: fc.oneof(fc.constantFrom('files', 'file', 'attachments', 'upload', '_csrf', ''), nastyString.map((s) => s.slice(0, 40))),
      filename: fc.oneof(fc.constantFrom('a.pdf', '', '../../x.pdf', 'a\u0000.pdf', '字'.repeat(300) + '.pdf', '.docx', 'x.exe'), nastyString.map((s) => s.slice(0, 60))),
      type: fc.constantFrom('application/pdf', 'text/plain', '', 'application/x-msdownload', 'image/png'),
      bytes: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(new Uint8Array(0)), fc.constant(new TextEncoder().encode('%PDF-1.4\n%%EOF'))),
      count: fc.integer({ min: 1, max: 30 }),
    })
    .map((p) => {
      const part = Buffer.concat([
        enc(`--B0undary\r\nContent-Disposition: form-data; name="${p.name.replace(/"/g, '')}"; filename="${p.filename.replace(/"/g, '')}"\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`),
        Buffer.from(p.bytes),
        enc('\r\n'),
      ]);
      return { what: `multipart ${p.count} × ${p.name}/${p.filename.slice(0, 30)} (${p.type}, ${p.bytes.length} B)`, contentType: 'multipart/form-data; boundary=B0undary', body: Buffer.concat([...Array(p.count).fill(part), enc('--B0undary--\r\n')]) };
    }),
));

/** A form body for `fields` (the page's own), with one to all values replaced or the encoding broken. */
export function hostileFormBody(fields: Record<string, string>, csrf: string): fc.Arbitrary<RawBody> {
  const keys = Object.keys(fields);
  const form = 'application/x-www-form-urlencoded';
  const encode = (o: Record<string, string>) => new URLSearchParams({ _csrf: csrf, ...o }).toString();
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('x');
  return rawBody(fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(key, nastyString), { minLength: 1, maxLength: Math.max(1, keys.length) }).map((pairs) => ({ what: pairs.map(([k, v]) => `${k}=${JSON.stringify(v.slice(0, 30))}`).join(' '), contentType: form, body: enc(encode({ ...fields, ...Object.fromEntries(pairs) })) })) },
    fc.tuple(key, invalidUtf8).map(([k, bad]) => ({ what: `${k} as raw bytes ${bad.toString('hex')}`, contentType: form, body: Buffer.concat([enc(`${encode(fields)}&${encodeURIComponent(k)}=`), bad]) })),
    fc.tuple(key, invalidUtf8).map(([k, bad]) => ({ what: `${k} percent-encoded bytes ${bad.toString('hex')}`, contentType: form, body: enc(`${encode({ ...fields, [k]: '' })}`.replace(`${encodeURIComponent(k)}=`, `${encodeURIComponent(k)}=${[...bad].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`)) })),
    key.map((k) => ({ what: `${k} twice`, contentType: form, body: enc(`${encode(fields)}&${encodeURIComponent(k)}=x&${encodeURIComponent(k)}=y`) })),
    key.map((k) => ({ what: `${k}[] and ${k}[a]`, contentType: form, body: enc(`${encode(fields)}&${encodeURIComponent(k)}[]=1&${encodeURIComponent(k)}[a]=2`) })),
    fc.constantFrom(...keys.length ? keys : ['x']).map((k) => {
      const o = { ...fields };
      delete o[k];
      return { what: `without ${k}`, contentType: form, body: enc(encode(o)) };
    }),
    fc.constantFrom<RawBody>(
      { what: 'only the token', contentType: form, body: enc(encode({})) },
      { what: 'broken percent-encoding', contentType: form, body: enc(`_csrf=${encodeURIComponent(csrf)}&a=%zz%&=&&=x`) },
      { what: 'as JSON', contentType: 'application/json', body: enc(JSON.stringify({ _csrf: csrf, ...fields })) },
      { what: 'as text/plain', contentType: 'text/plain', body: enc(encode(fields)) },
    ),
  ));
}

/** Query strings no client of ours sends. */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'page=-1',
    'page=0',
    'size=1e9',
    'size=1000000000',
    'page=99999999999999999999',
    'page=1.5',
    'page=abc',
    'page=1&page=2',
    'size[]=1',
    'year=2024-02-30',
    'year=-1',
    'year=99999',
    'from=2024-02-30&to=2023-13-01',
    'date=2024-02-30',
    'before=2024-02-30',
    'q=%00',
    'q=%zz',
    'q=%ED%A0%80',
    'status=__proto__',
    '__proto__[x]=1',
    'constructor[prototype][x]=1',
    'agency=%FF',
    'next=//evil.example',
    'version=0',
    'version=-1',
    'cell=..%2F..%2F',
    'sub=abc',
    'format=exe',
  ),
  fc
    .tuple(
      fc.constantFrom('page', 'size', 'year', 'q', 'from', 'to', 'status', 'agency', 'kind', 'sub', 'category', 'version', 'before', 'token', 'format', 'done', 'saved', 'next', 'where', 'reset', 'registered', 'revoked', 'filter', 'sort', 'cell'),
      fc.oneof(nastyString, fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf')),
      fc.boolean(),
    )
    .map(([k, v, twice]) => `${k}=${encodePart(v.slice(0, 2000))}${twice ? `&${k}=${encodePart(v.slice(0, 10))}` : ''}`),
);

/** Path parameter values that are not ids (raw, to be percent-encoded by fill). */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('-1', '0', '1.5', '1e9', '99999999999999999999', '2147483648', 'abc', ' ', '0x1f', '１', 'null', 'undefined', '..', '%', '\u0000', '\ud800', 'a/b', '2024-02-30', '字'.repeat(50)),
  nastyString.map((s) => s.slice(0, 80)),
);

/** Request headers the API reads (idempotency, version, token, content negotiation), with values no client should send. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.constantFrom('idempotency-key', 'gongkai-api-version', 'authorization', 'accept', 'accept-language', 'if-none-match', 'range', 'x-forwarded-for'),
    fc.oneof(
      fc.constantFrom('', ' ', '0', '-1', '1e9', '99999999999999999999', 'Bearer ', 'Bearer gk_' + 'x'.repeat(43), 'Bearer gk_', 'Basic YTpi', 'x'.repeat(300), 'a\tb', '*/*;q=abc', 'application/pdf', 'bytes=-1-', 'bytes=0-99999999999', '"', '1, 2', '2', '::1', '999.1.1.1'),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
      fc.uuid(),
    ),
  )
  .map(([k, v]) => ({ [k]: v }));

// ------------------------------------------------------------------------------------- sending

export interface RawAnswer {
  status: number;
  type: string;
  text: string;
}

/** Sends raw bytes with `client`'s cookies (and CSRF header unless `csrf` is false); never follows redirects. */
export async function sendRaw(client: TestClient, method: string, path: string, body: RawBody = { what: 'none' }, opts: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (body.contentType !== undefined) headers['content-type'] = body.contentType;
  if (client.cookies.size) headers.cookie = client.cookieHeader();
  if (method !== 'GET' && opts.csrf !== false) headers['x-csrf-token'] = client.csrfToken ?? (await client.fetchCsrf());
  // A generous bound: a stall shows up as this abort, long before the test's own time-out.
  const res = await fetch(client.baseUrl + path, { method, headers, body: method === 'GET' ? undefined : (body.body ? new Uint8Array(body.body) : undefined), redirect: 'manual', signal: AbortSignal.timeout(120_000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const CHINESE = /[\u4e00-\u9fff]/;

/** A success, a redirect, or a 4xx that says why in Chinese (JSON `error.message` on /api, an HTML page elsewhere); never a 5xx. */
export function expectAnswered(where: string, path: string, res: RawAnswer) {
  const shown = `${where} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, shown).toBeLessThan(500);
  if (res.status < 400) return;
  if (path.startsWith('/api/') || res.type.includes('application/json')) {
    expect(res.type, shown).toMatch(/application\/json/);
    const err = JSON.parse(res.text).error;
    expect(err?.code, shown).toMatch(/^[a-z][a-z_.]*$/);
    expect(err.message, shown).toMatch(CHINESE);
  } else {
    expect(res.type, shown).toMatch(/text\/html/);
    const message = parse(res.text).querySelector('.error-text, .error, [role=alert], main')?.text ?? '';
    expect(message, shown).toMatch(CHINESE);
  }
}

/**
 * Polls /api/health while `work` runs (issue 16: no input stalls the server for others): every poll
 * must answer 200, and at least one must answer after `work` started, however slow the machine.
 */
export async function whileHealthy<T>(base: string, work: () => Promise<T>): Promise<T & { healthPolls: number }> {
  let done = false;
  let polls = 0;
  const failures: string[] = [];
  const poller = (async () => {
    while (!done) {
      try {
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(60_000) });
        await res.text();
        if (res.status !== 200) failures.push(`health ${res.status}`);
        polls++;
      } catch (err) {
        failures.push(`health: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  try {
    const result = await work();
    return Object.assign(result as object, { healthPolls: polls }) as T & { healthPolls: number };
  } finally {
    done = true;
    await poller;
    expect(failures, 'the server stopped answering /api/health while fuzzed').toEqual([]);
    expect(polls, '/api/health was never answered while fuzzed').toBeGreaterThan(0);
  }
}

/**
 * Row counts of every table but the ones a refused request may legitimately touch: rate-limit counters
 * and sessions (a login or logout is the client's own state). One query, so it is cheap to take often.
 */
export async function rowCounts(db: Db): Promise<string> {
  const tables = (await db.execute(sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('rate_limits', 'sessions') ORDER BY table_name`)) as unknown as { rows: Array<{ name: string }> };
  const union = tables.rows.map((t) => `SELECT '${t.name}' AS t, count(*)::int AS n FROM "${t.name}"`).join(' UNION ALL ');
  const r = (await db.execute(sql.raw(union))) as unknown as { rows: Array<{ t: string; n: number }> };
  return r.rows.map((x) => `${x.t}:${x.n}`).join(' ');
}
