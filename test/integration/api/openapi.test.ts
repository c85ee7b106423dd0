/**
 * The served OpenAPI document is a contract integrators can build on (issue 21): it validates with
 * a real validator, every operation declares its request, its success answer and its error answers,
 * named schemas live in components, and answers leave through their schema (no field leaks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { z } from 'zod';
import { buildApp, type App } from '../../../src/server/app.ts';
import { LISTED_ERROR_CODES } from '../../../src/app/error-codes.ts';
import { createTestDatabase } from '../../support/db.ts';
import type { Database } from '../../../src/db/index.ts';

type Operation = {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let database: Database;
let app: App;
let doc: Doc;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({ db: database.db });
  // A route whose handler answers a field its schema does not name (registered like any API route).
  app.get(
    '/api/contract-probe',
    { schema: { response: { 200: z.object({ kept: z.string(), nested: z.object({ a: z.number() }) }) } } },
    async () => ({ kept: 'yes', secret: 'passwordHash', nested: { a: 1, idNumber: '220502198501010011' } }) as never,
  );
  await app.ready();
  doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })));

describe('GET /api/openapi.json', () => {
  it('validates with swagger-parser (every $ref resolves)', async () => {
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    expect(api.info.title).toContain('Gongkai');
  });

  it('names its shared and recursive schemas in components (no generated schema0)', () => {
    const names = Object.keys(doc.components.schemas);
    for (const n of ['AgencyNode', 'Agency', 'Application', 'ApplicationListItem', 'ErrorResponse', 'ReportModel', 'Report', 'Document']) expect(names).toContain(n);
    expect(JSON.stringify(doc)).not.toMatch(/schemas\/schema\d/);
    const node = doc.components.schemas.AgencyNode as { properties: { children: { items: { $ref: string } } } };
    expect(node.properties.children.items.$ref).toBe('#/components/schemas/AgencyNode');
  });

  it('every operation declares a 2xx answer with a schema and the error answer', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const { key, op } of ops) {
      const success = Object.entries(op.responses).filter(([s]) => /^2/.test(s));
      const described = success.some(([s, r]) => s === '204' || Object.values(r.content ?? {}).some((c) => c.schema));
      if (!described) missing.push(`${key}: no 2xx schema`);
      const error = op.responses['4XX']?.content?.['application/json']?.schema as { $ref?: string } | undefined;
      if (error?.$ref !== '#/components/schemas/ErrorResponse') missing.push(`${key}: no 4XX ErrorResponse`);
    }
    expect(missing).toEqual([]);
  });

  it('every operation that takes a body declares it', () => {
    // The steps of a workflow that need no input (the path says everything).
    const NO_BODY = [
      'POST /api/session/logout',
      'POST /api/applications/{id}/redaction/approve',
      'POST /api/tokens/{id}/revoke',
      ...['compile', 'submit', 'clear', 'publish'].map((s) => `POST /api/agencies/{code}/reports/{year}/${s}`),
    ];
    const without = operations()
      .filter(({ key, op }) => /^(POST|PUT|PATCH) /.test(key) && !op.requestBody)
      .map((o) => o.key);
    expect(without.sort()).toEqual(NO_BODY.sort());
  });

  it('every path parameter is declared', () => {
    const missing: string[] = [];
    for (const { key, path, op } of operations()) {
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name)) missing.push(`${key}: {${name}}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('enumerates the stable error codes of src/app/error-codes.ts', () => {
    const error = doc.components.schemas.ErrorResponse as { properties: { error: { properties: { code: { anyOf: Array<{ enum?: string[]; pattern?: string }> } } } } };
    const alternatives = error.properties.error.properties.code.anyOf;
    expect(alternatives.find((a) => a.enum)?.enum).toEqual(LISTED_ERROR_CODES);
    expect(alternatives.some((a) => a.pattern)).toBe(true);
  });

  it('lists are paged: ?page=&size= with { items, total, page, size }', () => {
    for (const key of ['GET /api/agencies', 'GET /api/users', 'GET /api/my/applications', 'GET /api/agencies/{code}/applications', 'GET /api/agencies/{code}/appeals', 'GET /api/agencies/{code}/reports', 'GET /api/agencies/{code}/documents', 'GET /api/search']) {
      const op = operations().find((o) => o.key === key)!.op;
      expect(op.parameters?.map((p) => p.name), key).toEqual(expect.arrayContaining(['page', 'size']));
      const answer = op.responses['200'].content?.['application/json']?.schema as { $ref?: string };
      const schema = JSON.stringify(answer.$ref ? doc.components.schemas[answer.$ref.split('/').pop()!] : answer);
      for (const field of ['items', 'total', 'page', 'size']) expect(schema, key).toContain(`"${field}"`);
    }
  });
});

describe('answers leave through their schema', () => {
  it('a field the response schema does not name never appears', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/contract-probe' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ kept: 'yes', nested: { a: 1 } });
    expect(res.body).not.toContain('passwordHash');
    expect(res.body).not.toContain('220502198501010011');
  });

  it('an error answer has the ErrorResponse shape with a listed code', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/agencies?size=101' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/每页条数不能超过 100/);
    expect(LISTED_ERROR_CODES).toContain(body.error.code);
  });
});
