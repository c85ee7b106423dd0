import { expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { agencies, auditLog, applicationEvents, applications, staffRoles, users } from '../../../src/db/schema.ts';
import { recordAudit } from '../../../src/db/audit.ts';
import { queryRows } from '../../../src/db/index.ts';
import { DEMO_AGENCIES, DEMO_APPLICANTS, DEMO_STAFF, seedDemo } from '../../../src/db/seed/demo.ts';

const TABLES = [
  'agencies', 'users', 'applicant_profiles', 'staff_roles', 'sessions', 'applications', 'application_events',
  'attachments', 'appeals', 'documents', 'document_versions', 'figures', 'reports', 'calendar_years',
  'letter_templates', 'audit_log',
];

describeDatabases('migrations and schema', (t) => {
  it('creates every table of the schema', async () => {
    const rows = await queryRows<{ table_name: string }>(t.db, sql`select table_name from information_schema.tables where table_schema = 'public'`);
    const names = rows.map((r) => r.table_name);
    for (const table of TABLES) expect(names).toContain(table);
  });

  it('has no status or deadline column on applications (they are derived from events)', async () => {
    const rows = await queryRows<{ column_name: string }>(
      t.db,
      sql`select column_name from information_schema.columns where table_name = 'applications' and table_schema = 'public'`,
    );
    const cols = rows.map((r) => r.column_name);
    expect(cols).toContain('agency_id');
    expect(cols.some((c) => /status|deadline|due/.test(c))).toBe(false);
  });

  it('count(*)::int is a number on both drivers', async () => {
    const [row] = await queryRows<{ n: unknown }>(t.db, sql`select count(*)::int as n from generate_series(1, 5)`);
    expect(typeof row.n).toBe('number');
    expect(row.n).toBe(5);
  });

  it('loads the demo data idempotently', async () => {
    await seedDemo(t.db);
    await seedDemo(t.db);
    const [a] = await t.db.select({ n: count() }).from(agencies);
    expect(a.n).toBe(DEMO_AGENCIES.length);
    const [u] = await t.db.select({ n: count() }).from(users);
    expect(u.n).toBe(DEMO_STAFF.length + DEMO_APPLICANTS.length);
    const [r] = await t.db.select({ n: count() }).from(staffRoles);
    expect(r.n).toBe(DEMO_STAFF.reduce((s, x) => s + x.roles.length, 0));
    const [zsj] = await t.db.select().from(agencies).where(eq(agencies.code, '220500-zsj'));
    expect(zsj.officeName).toBe('通化市政务服务和数字化建设管理局办公室');
    const [city] = await t.db.select().from(agencies).where(eq(agencies.code, '220500'));
    expect(zsj.parentId).toBe(city.id);
  });

  it('keeps the audit log append-only: UPDATE and DELETE raise', async () => {
    await recordAudit(t.db, { actorUserId: null, action: 'test.write', entity: 'test', entityId: 1, detail: { a: 1 } });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'test.write'));
    expect(rows).toHaveLength(1);
    expect(rows[0].detail).toEqual({ a: 1 });
    await expect(t.db.update(auditLog).set({ action: 'x' }).where(eq(auditLog.id, rows[0].id))).rejects.toThrow();
    await expect(t.db.delete(auditLog).where(eq(auditLog.id, rows[0].id))).rejects.toThrow();
    await expect(t.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    const after = await t.db.select().from(auditLog).where(eq(auditLog.action, 'test.write'));
    expect(after).toHaveLength(1);
  });

  it('keeps application events append-only and numbers unique per agency', async () => {
    const [zsj] = await t.db.select().from(agencies).where(eq(agencies.code, '220500-zsj'));
    const [czj] = await t.db.select().from(agencies).where(eq(agencies.code, '220500-czj'));
    const base = { applicantType: 'natural', applicantName: '张三', channel: 'online', subject: '测试' };
    const [app] = await t.db.insert(applications).values({ ...base, agencyId: zsj.id, number: '2024-0001' }).returning();
    // The same number at another agency is fine; twice at one agency is not.
    await t.db.insert(applications).values({ ...base, agencyId: czj.id, number: '2024-0001' });
    await expect(t.db.insert(applications).values({ ...base, agencyId: zsj.id, number: '2024-0001' })).rejects.toThrow();
    const [ev] = await t.db
      .insert(applicationEvents)
      .values({ applicationId: app.id, seq: 1, type: 'received', payload: { receiptDate: '2024-03-01' } })
      .returning();
    expect(ev.payload).toEqual({ receiptDate: '2024-03-01' });
    await expect(t.db.update(applicationEvents).set({ type: 'x' }).where(eq(applicationEvents.id, ev.id))).rejects.toThrow();
    await expect(t.db.delete(applicationEvents).where(eq(applicationEvents.id, ev.id))).rejects.toThrow();
  });

  it('stores calendar dates as YYYY-MM-DD strings', async () => {
    const [zsj] = await t.db.select().from(agencies).where(eq(agencies.code, '220500-zsj'));
    const { appeals } = await import('../../../src/db/schema.ts');
    const [row] = await t.db
      .insert(appeals)
      .values({ agencyId: zsj.id, kind: 'reconsideration', filedDate: '2024-02-29', result: 'pending' })
      .returning();
    expect(row.filedDate).toBe('2024-02-29');
  });
});
