/**
 * Every bad input answered (issue 8): property-based fuzzing (fast-check) of every API route of the
 * OpenAPI document from its own schema — wrong types, huge strings, control characters, 全角数字,
 * impossible dates, SQL and HTML injection, oversized bodies and mislabelled uploads. Every answer
 * is a success or a 4xx with a stable code and a Chinese message, never a 5xx, and a rejected
 * request leaves every table exactly as it was. Also the CSV imports (line-numbered, all or
 * nothing) and the auditor (`auditBuffer` never throws on any byte sequence).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/db/index.ts';
import { listTables } from '../../../src/db/backup.ts';
import { createTestDatabase } from '../../support/db.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { fillPath, hostileBody, hostileString, isChinese, loadRoutes, query, type Route } from './openapi.ts';
import { importAppealsCsv, importApplicationsCsv } from '../../../src/app/applications/import.ts';
import { importDocumentsCsv, importFiguresCsv } from '../../../src/app/portal/import.ts';

const RUNS = Number(process.env.GONGKAI_FUZZ_RUNS ?? 25);

/**
 * One digest of every table's content (row order independent) — but the rate-limit counters
 * (rate_limits): they count requests, refused ones too, and are no data a request writes.
 */
export async function databaseDigest(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const t of await listTables(db)) {
    if (t.name === 'rate_limits') continue;
    const r = (await db.execute(sql.raw(`SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM "${t.name}" x`))) as unknown as {
      rows: Array<{ n: number; h: string }>;
    };
    parts.push(`${t.name}:${r.rows[0].n}:${r.rows[0].h}`);
  }
  return parts.join('\n');
}

let server: TestServer;
let routes: Route[];
const findings: string[] = [];

afterAll(() => {
  if (findings.length) console.log(`[fuzz] findings:\n${findings.join('\n')}`);
});

/** Checks one answer; returns whether it was a rejection (4xx). */
function checkAnswer(route: Route, input: unknown, res: { status: number; text: string; headers: Headers }): boolean {
  const where = `${route.key} ← ${JSON.stringify(input)?.slice(0, 300)}`;
  expect(res.status, `${where} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type') ?? '', where).toMatch(/application\/json/);
    const err = JSON.parse(res.text).error;
    expect(err.code, where).toMatch(/^[a-z][a-z_.]*$/);
    expect(isChinese(err.message), `${where}: ${err.message}`).toBe(true);
    return true;
  }
  return false;
}

async function fuzzRoute(route: Route, client: TestClient, label: string) {
  const pathParams = route.params.filter((p) => p.in === 'path');
  const queryParams = route.params.filter((p) => p.in === 'query');
  const arb = fc.record({
    body: route.body ? hostileBody(route.body) : fc.constant(undefined),
    path: fc.array(fc.oneof(hostileString, fc.constantFrom('1', '0', '-1', '99999999999', '220500-zsj')), { minLength: pathParams.length, maxLength: pathParams.length }),
    query: fc.array(fc.tuple(fc.constantFrom(...queryParams.map((p) => p.name), 'x'), hostileString), { maxLength: 3 }),
  });
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      const values = Object.fromEntries(pathParams.map((p, i) => [p.name, String(input.path[i]).slice(0, 500)]));
      let url = fillPath(route, values);
      const q = new URLSearchParams(input.query.map(([k, v]) => [k, v.slice(0, 500)])).toString();
      url += q ? `?${q}` : query(route).replace(/^\?/, '?');
      const before = route.method === 'GET' ? '' : await databaseDigest(server.database.db);
      const res = await client.request(route.method, url, route.method === 'GET' ? {} : { json: input.body ?? {} });
      const rejected = checkAnswer(route, input, res);
      if (route.method !== 'GET' && rejected) {
        // The session table is the client's own state (a login or logout changes it); everything else must not move.
        const after = await databaseDigest(server.database.db);
        const strip = (d: string) => d.split('\n').filter((l) => !l.startsWith('sessions:')).join('\n');
        expect(strip(after), `${route.key} [${label}] rejected with ${res.status} but changed the database`).toBe(strip(before));
      }
    }),
    { numRuns: RUNS, endOnFailure: true, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
  );
}

describe('fuzzing every API route from its OpenAPI schema', () => {
  beforeAll(async () => {
    // The fuzzer sends far more than a person would: lift the public auditor's per-IP limit for this
    // server so that the size and type checks below are what answers (the limit has its own test).
    process.env.GONGKAI_AUDIT_RATE_LIMIT = '100000';
    server = await startTestServer();
    routes = await loadRoutes(server.app);
  });
  afterAll(async () => server?.close());

  it('answers hostile input from an anonymous caller with a 4xx (Chinese, stable code) or a success, never a 5xx', async () => {
    const anon = server.client();
    for (const r of routes) await fuzzRoute(r, anon, 'anonymous');
  }, 600_000);

  it('the same for a signed-in administrator (past the permission checks, into validation and the use cases)', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    for (const r of routes.filter((x) => !/logout|password/.test(x.path))) await fuzzRoute(r, admin, 'administrator');
  }, 600_000);

  it('the same for a signed-in applicant', async () => {
    const applicant = server.client();
    await applicant.login('zhangsan@applicant.demo');
    for (const r of routes.filter((x) => !/logout|password/.test(x.path))) await fuzzRoute(r, applicant, 'applicant');
  }, 600_000);

  it('refuses oversized bodies (413), malformed JSON (400) and wrong content types (415) on every state-changing route', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    const before = await databaseDigest(server.database.db);
    // 15 MB: over every route's limit (10 MB; 14 MB for the attachment upload, a 10 MB file in Base64).
    const huge = JSON.stringify({ name: 'あ'.repeat(5 * 1024 * 1024) });
    for (const r of routes.filter((x) => x.method !== 'GET' && !/logout/.test(x.path))) {
      const big = await admin.request(r.method, fillPath(r), { headers: { 'content-type': 'application/json' }, json: JSON.parse(huge) });
      expect(big.status, `${r.key} 15 MB`).toBe(413);
      expect(isChinese(big.json().error.message)).toBe(true);
      const bad = await admin.request(r.method, fillPath(r), { headers: { 'content-type': 'application/json' }, json: undefined, form: undefined });
      expect(bad.status, r.key).toBeLessThan(500);
      const res = await fetch(server.url + fillPath(r), {
        method: r.method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrfToken!, cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        body: '{"broken": ',
      });
      expect(res.status, `${r.key} malformed JSON`).toBe(400);
      const mislabelled = await fetch(server.url + fillPath(r), {
        method: r.method,
        headers: { 'content-type': 'text/html', 'x-csrf-token': admin.csrfToken!, cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        body: '<script>alert(1)</script>',
      });
      expect([400, 403, 415], `${r.key} text/html body`).toContain(mislabelled.status);
      const body = await mislabelled.json();
      expect(isChinese(body.error.message)).toBe(true);
    }
    expect(await databaseDigest(server.database.db)).toBe(before);
  }, 300_000);
});

// ---------------------------------------------------------------------------- CSV imports

type Importer = { name: string; columns: string[]; run(db: Db, text: string): Promise<unknown> };

function importers(): Importer[] {
  const system = { actor: null, system: true, ip: '127.0.0.1' };
  return [
    { name: 'applications', columns: ['agency_code', 'number', 'applicant_type', 'channel', 'received_date', 'decided_date', 'outcome'], run: (db, t) => importApplicationsCsv(db, t, 'fuzz.csv') },
    { name: 'appeals', columns: ['agency_code', 'number', 'kind', 'filed_date', 'concluded_date', 'result'], run: (db, t) => importAppealsCsv(db, t, 'fuzz.csv') },
    { name: 'documents', columns: ['agency_code', 'title', 'doc_number', 'kind', 'issued_date', 'repealed_date', 'published_date', 'category', 'body'], run: (db, t) => importDocumentsCsv(db, t, system, '2024-06-01') },
    { name: 'figures', columns: ['agency_code', 'year', 'item', 'value'], run: (db, t) => importFiguresCsv(db, t, system, 'fuzz') },
  ];
}

const VALID_ROW: Record<string, string> = {
  agency_code: '220500-zsj',
  number: 'F-1',
  applicant_type: 'natural',
  channel: 'online',
  received_date: '2024-03-01',
  decided_date: '2024-03-20',
  outcome: 'public',
  kind: 'other',
  filed_date: '2024-04-01',
  concluded_date: '',
  result: 'pending',
  title: '测试文件',
  doc_number: '通政发〔2024〕1号',
  issued_date: '2024-01-02',
  repealed_date: '',
  published_date: '2024-01-03',
  category: '',
  body: '正文',
  year: '2023',
  item: 'licensing',
  value: '12',
};

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

describe('fuzzing the CSV imports', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const d = await createTestDatabase({ demo: true });
    db = d.db;
    close = d.close;
  });
  afterAll(async () => close?.());

  it('rejects a file with one bad row anywhere, naming its line, and imports nothing of it', async () => {
    const list = importers();
    expect(list.map((i) => i.name)).toEqual(['applications', 'appeals', 'documents', 'figures']);
    for (const imp of list) {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 5 }),
          fc.nat(),
          fc.constantFrom(...imp.columns),
          hostileString,
          async (goodRows, badAt, column, value) => {
            const rows = Array.from({ length: goodRows }, (_, i) => imp.columns.map((c) => (c === 'number' ? `F-${Date.now()}-${i}` : c === 'title' ? `测试文件${i}` : (VALID_ROW[c] ?? ''))));
            const bad = badAt % (goodRows + 1);
            const badRow = imp.columns.map((c) => (c === column ? value : c === 'number' ? `F-bad-${Date.now()}` : (VALID_ROW[c] ?? '')));
            rows.splice(bad, 0, badRow);
            const text = [imp.columns.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n');
            const before = await databaseDigest(db);
            try {
              await imp.run(db, text);
              return; // the "hostile" value was acceptable after all: the whole file went in
            } catch (err) {
              const e = err as Error;
              expect(e.constructor.name, `${imp.name}: ${e.message}`).toBe('ImportError');
              expect(isChinese(e.message), e.message).toBe(true);
              // The bad row is on line bad + 2 (line 1 is the header); a message about the file as a whole names no line.
              if (!/表头|不是有效的 CSV|CSV 格式错误/.test(e.message)) expect(e.message, `${imp.name}: should name the line`).toMatch(/第\s*\d+\s*行/);
              expect(await databaseDigest(db), `${imp.name}: a rejected file changed the database`).toBe(before);
            }
          },
        ),
        { numRuns: RUNS * 2, endOnFailure: true },
      );
    }
  }, 600_000);

  it('rejects arbitrary text without crashing', async () => {
    for (const imp of importers()) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom('', '\uFEFF', '"unterminated', 'a,b\n1,2,3')), async (text) => {
          const before = await databaseDigest(db);
          try {
            await imp.run(db, text);
          } catch (err) {
            expect((err as Error).constructor.name, `${imp.name}: ${(err as Error).message}`).toBe('ImportError');
            expect(isChinese((err as Error).message)).toBe(true);
            expect(await databaseDigest(db)).toBe(before);
          }
        }),
        { numRuns: RUNS * 2, endOnFailure: true },
      );
    }
  }, 600_000);
});

// ---------------------------------------------------------------------------- the auditor

describe('fuzzing the auditor', () => {
  it('auditBuffer never throws, whatever the bytes and the file name', async () => {
    const { auditBuffer } = await import('../../../src/audit-io/index.ts');
    const names = fc.constantFrom('report.txt', 'report.html', 'report.docx', 'report.pdf', 'report.doc', 'noext', '年报.HTM');
    const prefixes = fc.constantFrom(
      new Uint8Array(0),
      new TextEncoder().encode('%PDF-1.4\n'),
      new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      new TextEncoder().encode('<html><body><table><tr><td>一、总体情况'),
      new Uint8Array([0xef, 0xbb, 0xbf]),
      new Uint8Array([0xff, 0xfe]),
    );
    await fc.assert(
      fc.asyncProperty(names, prefixes, fc.uint8Array({ maxLength: 3000 }), async (name, prefix, bytes) => {
        const all = new Uint8Array(prefix.length + bytes.length);
        all.set(prefix);
        all.set(bytes, prefix.length);
        const model = await auditBuffer(name, all);
        expect(model).toBeTypeOf('object');
        expect(Array.isArray(model.findings)).toBe(true);
      }),
      { numRuns: RUNS * 20, endOnFailure: true },
    );
  }, 600_000);
});
