/**
 * The API's own description drives the security and fuzz tests: every route of
 * `GET /api/openapi.json`, a plausible valid example of each input built from its JSON schema, and
 * fast-check arbitraries of hostile inputs. Routes added by anyone show up here automatically.
 */
import fc from 'fast-check';
import type { App } from '../../../src/server/app.ts';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  additionalProperties?: unknown;
};

export interface Route {
  method: string;
  /** OpenAPI path, e.g. /api/users/{id} */
  path: string;
  summary: string;
  body?: JsonSchema;
  bodyType?: string;
  params: Array<{ name: string; in: string; required: boolean; schema: JsonSchema }>;
  key: string;
}

export function routesOf(doc: { paths: Record<string, Record<string, any>> }): Route[] {
  const out: Route[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      out.push({
        method: m.toUpperCase(),
        path: p,
        summary: op.summary ?? '',
        body: bodyType ? content[bodyType].schema : undefined,
        bodyType,
        params: (op.parameters ?? []).map((x: any) => ({ name: x.name, in: x.in, required: !!x.required, schema: x.schema ?? {} })),
        key: `${m.toUpperCase()} ${p}`,
      });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

export async function loadRoutes(app: App): Promise<Route[]> {
  await app.ready();
  return routesOf(app.swagger() as never);
}

let counter = 0;
/** A unique suffix for generated values (codes, e-mails) within a run. */
export function unique(): string {
  counter++;
  return `${Date.now().toString(36)}${counter}`;
}

/** GB 11643 check character (same rule as src/domain/identity; recomputed here to stay independent). */
function idCheck(body: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return '10X98765432'[s % 11];
}
export function validIdNumber(n: number): string {
  const body = `2205021985${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return body + idCheck(body);
}

/** Value hints by field name, for the fields whose validity a JSON schema cannot express. */
export function hint(name: string): unknown {
  const n = name.toLowerCase();
  const u = unique();
  if (n === 'agencycode' || n === 'parentcode' || n === 'agency') return '220500-zsj';
  if (n === 'code') return `sec-${u}`.slice(0, 40);
  if (n.includes('email') || n === 'login') return `sec-${u}@test.invalid`;
  if (n.includes('phone') || n === 'mobile') return `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  if (n.endsWith('idnumber')) return validIdNumber(Math.floor(Math.random() * 100000));
  if (n.includes('password')) return 'Gongkai2024!x';
  if (n === 'applicanttype') return 'natural';
  if (n === 'channel') return 'online';
  if (n.endsWith('date') || n === 'date' || n === 'received' || n === 'from' || n === 'to') return '2024-03-01';
  if (n === 'year') return 2023;
  return undefined;
}

/** Optional fields an example fills in (identity and contact fields that other rules require one of). */
const OPTIONAL_FILLED = /^(email|phone|idNumber|agencyCode|applicantPhone|applicantEmail|applicantIdNumber)$/;

/** A plausible valid instance of `schema` (required fields only, plus hinted optional ones). */
export function example(schema: JsonSchema | undefined, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const h = hint(name);
  if (h !== undefined) return h;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) return example(alt.find((s) => s.type !== 'null') ?? alt[0], name);
  if (schema.allOf?.length) return example(Object.assign({}, ...schema.allOf), name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(k) || OPTIONAL_FILLED.test(k)) o[k] = example(s, k);
      }
      return o;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => example(schema.items, name));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string': {
      if (schema.format === 'email') return `sec-${unique()}@test.invalid`;
      if (schema.format === 'date') return '2024-03-01';
      if (schema.format === 'date-time') return '2024-03-01T08:00:00+08:00';
      if (schema.pattern) {
        try {
          return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 42 })[0];
        } catch {
          /* fall through */
        }
      }
      const min = schema.minLength ?? 1;
      return '测试'.padEnd(Math.max(min, 2), '字').slice(0, schema.maxLength ?? 100);
    }
    default:
      return {};
  }
}

/** Fills `{name}` path parameters (existing-looking ids and codes). */
export function fillPath(route: Route, values: Record<string, string> = {}): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? (/code/i.test(name) ? '220500-zsj' : /file/i.test(name) ? '1.pdf' : /year/i.test(name) ? '2023' : '1')));
}

/** A query string with the required query parameters. */
export function query(route: Route): string {
  const q = route.params.filter((p) => p.in === 'query' && p.required);
  if (!q.length) return '';
  return `?${new URLSearchParams(q.map((p) => [p.name, String(example(p.schema, p.name))])).toString()}`;
}

// ----------------------------------------------------------------------------- hostile inputs

const FULLWIDTH_DIGITS = '０１２３４５６７８９';
export const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u0000\u0001\u001f\u007f',
    '\r\n\t',
    "' OR 1=1 --",
    "'); DROP TABLE users; --",
    '"; SELECT pg_sleep(5); --',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '{{7*7}}${7*7}',
    '../../../../etc/passwd',
    '2023-02-29',
    '2024-13-01',
    '2024-02-30',
    '0000-00-00',
    '99999-01-01',
    '２０２４－０３－０１',
    FULLWIDTH_DIGITS,
    '１３８００００００００',
    '\u202e\u200b\ufeff',
    '𠀀𠀁𪚥',
    'NaN',
    '-1',
    '1e309',
    '__proto__',
    'constructor',
  ),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => 'あ'.repeat(n)),
  fc.integer({ min: 1, max: 5 }).map((n) => FULLWIDTH_DIGITS.repeat(n)),
);

export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 2 ** 31, -(2 ** 31) - 1, 1e308, true, false, null),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ __proto__: { admin: true } }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

/** A body for `schema`: its valid example with one to all fields replaced by hostile values, or garbage. */
export function hostileBody(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const base = (example(schema) ?? {}) as Record<string, unknown>;
  const keys = Object.keys(schema?.properties ?? {});
  const mutated =
    keys.length === 0
      ? fc.constant(base)
      : fc
          .array(fc.tuple(fc.constantFrom(...keys), hostileScalar), { minLength: 1, maxLength: Math.max(1, keys.length) })
          .map((pairs) => {
            const b: Record<string, unknown> = typeof base === 'object' && base ? { ...base } : {};
            for (const [k, v] of pairs) b[k] = v;
            return b;
          });
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: hostileScalar },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 5 }) },
  );
}

/** True when `text` is a Chinese message (at least one CJK character). */
export function isChinese(text: unknown): boolean {
  return typeof text === 'string' && /[\u4e00-\u9fff]/.test(text);
}

/**
 * Routes anyone may use without signing in. Everything else must refuse an anonymous caller.
 * (第二十二条 公开指南, 主动公开 documents and search, published reports, the auditor — audit.use is public.)
 */
export const PUBLIC_ROUTES: RegExp[] = [
  /^GET \/api\/health$/,
  /^GET \/api\/session\/csrf$/,
  /^POST \/api\/session\/(login|logout)$/,
  /^POST \/api\/register$/,
  /^GET \/api\/agencies(\/.*)?$/,
  /^GET \/api\/search(\/.*)?$/,
  /^GET \/api\/(portal|public|catalogue|documents)(\/.*)?$/,
  /^GET \/api\/reports\/published(\/.*)?$/,
  /^GET \/api\/agencies\/\{[^}]+\}\/(reports|documents|catalogue)(\/.*)?$/,
  /^(GET|POST) \/api\/audit(\/.*)?$/,
  /^GET \/api\/(calendar|deadline|fees)(\/.*)?$/,
];
export const isPublic = (r: Route) => PUBLIC_ROUTES.some((re) => re.test(r.key));
