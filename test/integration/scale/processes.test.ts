/**
 * Two real server processes (`node bin/gongkai.mjs serve`) on one PostgreSQL behave as one (issue
 * 20): started at once on an empty database, they migrate it and load the demo data once; the rate limits hold across both (counted in the database), and a write through one is seen
 * at once through the other (LISTEN/NOTIFY empties the other's page cache; its TTL is set to an hour
 * here so that only the message can explain it). PostgreSQL only (GONGKAI_TEST_DATABASE_URL, as CI's
 * .ci/run sets it): the embedded database admits one process. The same properties on both databases
 * with two apps in one process: rate-limits.test.ts and page-cache.test.ts beside this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIGRATIONS_FOLDER, openDatabase, queryRows, type Database } from '../../../src/db/index.ts';
import { DEMO_AGENCIES } from '../../../src/db/seed/demo.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../../support/db.ts';
import { TestClient } from '../../support/server.ts';
import { mobile, startServerProcess, validIdNumber, type ServerProcess } from '../reliability/harness.ts';

const HOUR_MS = '3600000';
/** A subscriber of the outbox loaded into both servers, recording every run (fixtures/outbox-probe.mjs). */
const PROBE = path.join(import.meta.dirname, 'fixtures/outbox-probe.mjs');

/** A client of `base` holding the same session and CSRF token as `from` (a load balancer sends one visitor anywhere). */
function sameVisitor(from: TestClient, base: string): TestClient {
  const c = new TestClient(base);
  for (const [k, v] of from.cookies) c.cookies.set(k, v);
  c.csrfToken = from.csrfToken;
  return c;
}

describe.runIf(testPostgresUrl())('two server processes on one PostgreSQL (GONGKAI_TEST_DATABASE_URL)', () => {
  let fresh: { url: string; drop(): Promise<void> };
  let one: ServerProcess;
  let two: ServerProcess;
  let database: Database;
  let probeDir: string;
  let probeFile: string;

  beforeAll(async () => {
    fresh = await freshPostgresDatabase(testPostgresUrl()!, 'gk_two');
    probeDir = mkdtempSync(path.join(tmpdir(), 'gongkai-probe-'));
    probeFile = path.join(probeDir, 'deliveries.txt');
    writeFileSync(probeFile, '');
    const env = {
      databaseUrl: fresh.url,
      // From the sources: the probe subscriber (--import) registers into the same outbox module.
      fromSources: true,
      extra: {
        GONGKAI_PAGE_CACHE_TTL_MS: HOUR_MS,
        GONGKAI_SUBMISSION_RATE_LIMIT: '3',
        // Both dispatchers look every 50 ms: they race for every entry.
        GONGKAI_OUTBOX_POLL_MS: '50',
        GONGKAI_TEST_PROBE_FILE: probeFile,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${PROBE}`.trim(),
      },
    };
    // Both at once on the empty database, as a process manager starts them: one migrates and loads
    // the demo data under the start-up lock, the other waits for it.
    [one, two] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    database = await openDatabase({ url: fresh.url, migrate: false });
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await database?.close();
    await fresh?.drop();
    if (probeDir) rmSync(probeDir, { recursive: true, force: true });
  });

  it('started at once on an empty database: both up, migrated once, the demo data loaded once', async () => {
    for (const p of [one, two]) expect((await fetch(`${p.url}/api/health`)).status).toBe(200);
    const [{ n }] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM agencies`);
    expect(n).toBe(DEMO_AGENCIES.length);
    const [{ m }] = await queryRows<{ m: number }>(database.db, sql`SELECT count(*)::int AS m FROM drizzle.__drizzle_migrations`);
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(m).toBe(journal.entries.length);
  });

  it('the login limit holds across both: 10 attempts a minute per client and account in all, not 10 each', async () => {
    const a = new TestClient(one.url);
    const b = new TestClient(two.url);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await (i % 2 ? b : a).post('/api/session/login', { login: 'zhangsan@applicant.demo', password: 'not-the-password-1' })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    expect((await a.post('/api/session/login', { login: 'zhangsan@applicant.demo', password: 'not-the-password-1' })).status).toBe(429);
    const refused = await b.post('/api/session/login', { login: 'zhangsan@applicant.demo', password: 'not-the-password-1' });
    expect(refused.status).toBe(429);
    expect(refused.json().error.message).toMatch(/登录尝试过于频繁/);
  });

  it("the submission limit holds across both: an applicant's 3 in 10 minutes (set for the test) in all", async () => {
    const a = new TestClient(one.url);
    await a.login('company@applicant.demo');
    const b = sameVisitor(a, two.url);
    const submit = (c: TestClient, k: number) =>
      c.post('/api/applications', { agencyCode: '220500-zsj', subject: `两进程限流测试 ${k}`, provisionForm: '电子数据', deliveryMethod: '在线下载' });
    const statuses = [(await submit(a, 1)).status, (await submit(b, 2)).status, (await submit(a, 3)).status];
    expect(statuses).toEqual([201, 201, 201]);
    const fourth = await submit(b, 4);
    expect(fourth.status).toBe(429);
    expect(fourth.json().error.message).toMatch(/提交申请过于频繁/);
    expect((await submit(a, 5)).status).toBe(429);
    const [{ n }] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM applications WHERE subject LIKE '两进程限流测试%'`);
    expect(n).toBe(3);
  });

  it('a document edited through one is shown at once by the other, which had the page in its cache', async () => {
    const [doc] = await queryRows<{ id: number; title: string; category: string | null; written_date: string | null; body: string }>(
      database.db,
      sql`SELECT d.id, d.title, d.category, d.written_date::text AS written_date, d.body FROM documents d JOIN agencies a ON a.id = d.agency_id
          WHERE a.code = '220500-zsj' AND d.status = 'published' ORDER BY d.id LIMIT 1`,
    );
    const visitor = new TestClient(two.url);
    const path = `/documents/${doc.id}`;
    await visitor.get(path);
    expect((await visitor.get(path)).headers.get('x-cache')).toBe('hit');
    const catalog = '/agencies/220500-zsj/catalog';
    await visitor.get(catalog);
    expect((await visitor.get(catalog)).headers.get('x-cache')).toBe('hit');

    const publisher = new TestClient(one.url);
    await publisher.login('publisher@zsj.demo');
    const title = `${doc.title}（经另一进程修订）`;
    const edited = await publisher.patch(`/api/documents/${doc.id}`, {
      title,
      category: doc.category ?? 'other',
      ...(doc.written_date ? { writtenDate: doc.written_date } : {}),
      body: doc.body,
    });
    expect(edited.status).toBe(200);
    // The NOTIFY was sent before the first answered; the second empties its cache when it hears it
    // (milliseconds; the page would otherwise be kept for the hour).
    await expect.poll(async () => (await visitor.get(path)).text, { timeout: 10_000, interval: 50 }).toContain(title);
    expect((await visitor.get(catalog)).text).toContain(title);
  });

  it('every outbox entry is delivered exactly once across both (claimed with FOR UPDATE SKIP LOCKED), whichever process is free', async () => {
    // A new applicant (the demo ones have used their limits above) registers on one and submits on the other.
    const applicant = new TestClient(one.url);
    const registered = await applicant.post('/api/register', {
      applicantType: 'natural', name: '投递测试', email: 'outbox-probe@test.invalid', phone: mobile(20, 1), idNumber: validIdNumber(20, 1), address: '测试路1号', password: 'Probe2024test',
    });
    // Registration answers the same whether or not the account exists (202), then the person signs in.
    expect(registered.status).toBe(202);
    await applicant.login('outbox-probe@test.invalid', 'Probe2024test');
    const submitted = await sameVisitor(applicant, two.url).post('/api/applications', { agencyCode: '220500-zsj', subject: '两进程投递测试', provisionForm: '电子数据', deliveryMethod: '在线下载' });
    expect(submitted.status).toBe(201);
    // Hundreds more entries, written by a third party while both dispatchers poll.
    for (let i = 0; i < 5; i++) {
      await database.db.execute(sql`INSERT INTO outbox (topic, payload) SELECT topic, payload FROM outbox ORDER BY id LIMIT 60`);
    }
    const [{ n }] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM outbox WHERE topic = 'application.event'`);
    expect(n).toBeGreaterThan(60);
    const delivered = async () =>
      (await queryRows<{ d: number }>(database.db, sql`SELECT count(*)::int AS d FROM outbox_deliveries WHERE subscriber = 'test.scale.probe' AND done_at IS NOT NULL`))[0].d;
    await expect.poll(delivered, { timeout: 60_000, interval: 200 }).toBe(n);

    // Every run of the subscriber, committed or not (the effect outside the database): once per entry.
    const runs = readFileSync(probeFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').map(Number));
    const ids = (await queryRows<{ id: number }>(database.db, sql`SELECT id::int AS id FROM outbox WHERE topic = 'application.event' ORDER BY id`)).map((r) => r.id);
    expect(runs.map(([id]) => id).sort((a, b) => a - b)).toEqual(ids);
    // The effect inside the database: one audit entry per outbox entry.
    const audited = await queryRows<{ entity_id: string; k: number }>(
      database.db,
      sql`SELECT entity_id, count(*)::int AS k FROM audit_log WHERE action = 'test.outbox_probe' GROUP BY entity_id`,
    );
    expect(audited.length).toBe(n);
    expect(audited.every((r) => r.k === 1)).toBe(true);
    // Done by the two servers and nobody else.
    const pids = new Set(runs.map(([, pid]) => pid));
    for (const pid of pids) expect([one.child.pid, two.child.pid]).toContain(pid);
  });
});
