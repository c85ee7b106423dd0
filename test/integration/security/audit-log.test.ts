/**
 * Audit trail (issue 8): every staff change is in audit_log with who, when, what and from where;
 * the log refuses UPDATE, DELETE and TRUNCATE on both databases; and no API route changes or
 * removes an entry (walking every route of the OpenAPI document as an administrator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '../../../src/db/index.ts';
import { recordAudit } from '../../../src/db/audit.ts';
import { describeDatabases } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { example, fillPath, loadRoutes, query } from './openapi.ts';

/** The database's own message (drizzle wraps it in "Failed query: …" with the driver error as cause). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return `${e.message} ${e.cause?.message ?? ''}`;
  }
  return 'NOT REFUSED';
}

async function auditRows(db: Db) {
  return db.select().from(schema.auditLog).orderBy(asc(schema.auditLog.id));
}

describeDatabases('audit_log is append-only', (t) => {
  it('refuses UPDATE, DELETE and TRUNCATE with a clear message, and keeps the rows', async () => {
    await recordAudit(t.db, { actorUserId: null, action: 'test.entry', entity: 'test', entityId: 1, detail: { a: 1 }, ip: '127.0.0.1' });
    const before = await auditRows(t.db);
    expect(before.length).toBeGreaterThan(0);
    expect(await refusal(t.db.execute(sql`UPDATE audit_log SET action = 'forged'`))).toMatch(/只能追加记录，不能修改或删除/);
    expect(await refusal(t.db.execute(sql`DELETE FROM audit_log`))).toMatch(/只能追加记录/);
    expect(await refusal(t.db.execute(sql`TRUNCATE audit_log`))).toMatch(/只能追加记录/);
    expect(await refusal(t.db.update(schema.auditLog).set({ ip: '10.0.0.1' }).where(eq(schema.auditLog.id, before[0].id)))).toMatch(/只能追加记录/);
    expect(await auditRows(t.db)).toEqual(before);
  });

  it('refuses the same on application_events (the case history)', async () => {
    const [a] = await t.db.select().from(schema.agencies).limit(1);
    const [app] = await t.db
      .insert(schema.applications)
      .values({ agencyId: a.id, number: `AUDIT-${Date.now()}`, applicantType: 'natural', applicantName: '测试', channel: 'online', subject: '测试' })
      .returning();
    await t.db.insert(schema.applicationEvents).values({ applicationId: app.id, seq: 1, type: 'submitted', payload: { date: '2024-03-01' } });
    expect(await refusal(t.db.execute(sql`UPDATE application_events SET type = 'x' WHERE application_id = ${app.id}`))).toMatch(/只能追加记录/);
    expect(await refusal(t.db.execute(sql`DELETE FROM application_events WHERE application_id = ${app.id}`))).toMatch(/只能追加记录/);
  });
}, { demo: true });

describe('audit trail over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('records who, when, what and from where for staff changes (agencies, users)', async () => {
    const admin = server.client();
    const me = (await admin.login('admin@city.demo')).user;
    const t0 = Date.now();
    const code = `audit-${Date.now().toString(36)}`;
    expect((await admin.post('/api/agencies', { code, name: '审计测试局', parentCode: '220500' })).status).toBe(201);
    const created = await admin.post('/api/users', { email: `${code}@test.invalid`, displayName: '审计测试', password: 'Audit2024x', roles: [{ agencyCode: code, role: 'handler' }] });
    expect(created.status).toBe(201);
    expect((await admin.patch(`/api/users/${created.json().user.id}`, { active: false })).status).toBe(200);
    const rows = (await auditRows(server.database.db)).filter((r) => r.at.getTime() >= t0 - 1000 && r.actorUserId === me.id);
    const actions = rows.map((r) => r.action);
    expect(actions.some((a) => a.startsWith('agency.'))).toBe(true);
    expect(actions.filter((a) => a.startsWith('user.')).length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.ip).toBe('127.0.0.1');
      expect(r.entity).toBeTruthy();
      expect(Math.abs(r.at.getTime() - Date.now())).toBeLessThan(120_000);
    }
    // A password never reaches the log.
    expect(JSON.stringify(rows)).not.toContain('Audit2024x');
  });

  it('no API route changes or removes an existing entry (every route, as an administrator)', async () => {
    const admin = server.client();
    await admin.login('admin@city.demo');
    const before = await auditRows(server.database.db);
    expect(before.length).toBeGreaterThan(0);
    const routes = await loadRoutes(server.app);
    for (const r of routes.filter((x) => !/logout/.test(x.path))) {
      await admin.request(r.method, fillPath(r) + query(r), r.method === 'GET' ? {} : { json: example(r.body) ?? {} });
    }
    const after = await auditRows(server.database.db);
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
