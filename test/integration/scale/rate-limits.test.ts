/**
 * Rate limits counted in the database (issue 20): the counter (src/db/rate-limits.ts), the plugin's
 * store over it (src/server/rate-limit-store.ts), and the limit holding across two apps on one
 * database — on PGlite, and on PostgreSQL (two pools) when GONGKAI_TEST_DATABASE_URL is set.
 * The same across two real server processes: test/integration/scale/processes.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../src/db/index.ts';
import { hitRateLimit, rateLimitKey, sweepRateLimits } from '../../../src/db/rate-limits.ts';
import { databaseRateLimitStore } from '../../../src/server/rate-limit-store.ts';
import { describeDatabases, databaseKinds } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { sharedDatabase, type SharedDatabase } from './support.ts';
import { describe } from 'vitest';

describeDatabases('rate-limit counters in the database', (t) => {
  it('counts every concurrent hit exactly once (the upsert is atomic)', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => hitRateLimit(t.db, 'test', 'concurrent', 60_000)));
    expect(results.map((r) => r.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const r of results) {
      expect(r.ttlMs).toBeGreaterThan(0);
      expect(r.ttlMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('keeps limits and keys apart', async () => {
    await hitRateLimit(t.db, 'ns-a', 'k', 60_000);
    expect((await hitRateLimit(t.db, 'ns-a', 'k', 60_000)).hits).toBe(2);
    expect((await hitRateLimit(t.db, 'ns-b', 'k', 60_000)).hits).toBe(1);
    expect((await hitRateLimit(t.db, 'ns-a', 'other', 60_000)).hits).toBe(1);
  });

  it('starts a window that has ended again at 1, and keeps the window of a live one', async () => {
    await hitRateLimit(t.db, 'test', 'window', 60_000);
    const second = await hitRateLimit(t.db, 'test', 'window', 60_000);
    expect(second.hits).toBe(2);
    await t.db.execute(sql`UPDATE rate_limits SET expires_at = now() - interval '1 second' WHERE key = ${rateLimitKey('test', 'window')}`);
    const restarted = await hitRateLimit(t.db, 'test', 'window', 60_000);
    expect(restarted.hits).toBe(1);
    expect(restarted.ttlMs).toBeGreaterThan(59_000);
  });

  it('with continueExceeding, a hit beyond the limit starts the window again', async () => {
    const k = 'continue';
    for (let i = 0; i < 3; i++) await hitRateLimit(t.db, 'test', k, 60_000, { max: 3, restartWhenExceeded: true });
    await t.db.execute(sql`UPDATE rate_limits SET expires_at = now() + interval '5 seconds' WHERE key = ${rateLimitKey('test', k)}`);
    const over = await hitRateLimit(t.db, 'test', k, 60_000, { max: 3, restartWhenExceeded: true });
    expect(over.hits).toBe(4);
    expect(over.ttlMs).toBeGreaterThan(50_000);
    // Without it the window is kept.
    await t.db.execute(sql`UPDATE rate_limits SET expires_at = now() + interval '5 seconds' WHERE key = ${rateLimitKey('test', k)}`);
    expect((await hitRateLimit(t.db, 'test', k, 60_000, { max: 3 })).ttlMs).toBeLessThanOrEqual(5_000);
  });

  it('stores no client key in the clear', async () => {
    await hitRateLimit(t.db, 'POST /api/session/login', 'login:10.1.2.3:zhangsan@applicant.demo', 60_000);
    const rows = await queryRows<{ key: string }>(t.db, sql`SELECT key FROM rate_limits`);
    for (const r of rows) {
      expect(r.key).toMatch(/^[0-9a-f]{64}$/);
      expect(r.key).not.toContain('zhangsan');
    }
  });

  it('sweeps the rows whose window has ended, and only those', async () => {
    await hitRateLimit(t.db, 'sweep', 'old', 60_000);
    await hitRateLimit(t.db, 'sweep', 'live', 60_000);
    await t.db.execute(sql`UPDATE rate_limits SET expires_at = now() - interval '1 second' WHERE key = ${rateLimitKey('sweep', 'old')}`);
    expect(await sweepRateLimits(t.db)).toBeGreaterThanOrEqual(1);
    const keys = (await queryRows<{ key: string }>(t.db, sql`SELECT key FROM rate_limits`)).map((r) => r.key);
    expect(keys).not.toContain(rateLimitKey('sweep', 'old'));
    expect(keys).toContain(rateLimitKey('sweep', 'live'));
  });

  it('the plugin store: a namespace per route, shared by a groupId, swept by a hit once the interval has passed', async () => {
    let clock = 1_000_000;
    const Store = databaseRateLimitStore(t.db, { sweepEveryMs: 60_000, now: () => clock });
    const root = new Store({});
    const incr = (s: ReturnType<typeof root.child>, key: string) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) => s.incr(key, (err, r) => (err ? reject(err) : resolve(r!)), 60_000, 5));
    const login = root.child({ routeInfo: { method: 'POST', url: '/x/login' } });
    const page = root.child({ routeInfo: { method: 'POST', url: '/x/page' } });
    expect((await incr(login, 'ip')).current).toBe(1);
    expect((await incr(login, 'ip')).current).toBe(2);
    expect((await incr(page, 'ip')).current).toBe(1);
    const g1 = root.child({ groupId: 'shared-x', routeInfo: { method: 'POST', url: '/x/one' } });
    const g2 = root.child({ groupId: 'shared-x', routeInfo: { method: 'POST', url: '/x/two' } });
    await incr(g1, 'ip');
    expect((await incr(g2, 'ip')).current).toBe(2);
    expect(() => root.child({ exponentialBackoff: true })).toThrow(/exponentialBackoff/);

    await t.db.execute(sql`UPDATE rate_limits SET expires_at = now() - interval '1 second' WHERE key = ${rateLimitKey('POST /x/page', 'ip')}`);
    await incr(login, 'ip'); // within the interval: no sweep
    expect((await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM rate_limits WHERE key = ${rateLimitKey('POST /x/page', 'ip')}`))[0].n).toBe(1);
    clock += 60_000;
    await incr(login, 'ip'); // the first hit after the interval sweeps
    expect((await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM rate_limits WHERE key = ${rateLimitKey('POST /x/page', 'ip')}`))[0].n).toBe(0);
  });
});

for (const kind of databaseKinds()) {
  describe(`the login limit holds across two apps on one database [${kind}]`, () => {
    let shared: SharedDatabase;
    let one: TestServer;
    let two: TestServer;
    beforeAll(async () => {
      shared = await sharedDatabase(kind);
      one = await startTestServer({ database: shared.a });
      two = await startTestServer({ database: shared.b });
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await shared?.close();
    });

    it('10 attempts a minute per client and account, counted together: the 11th is refused by either', async () => {
      const a = one.client();
      const b = two.client();
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await (i % 2 === 0 ? a : b).post('/api/session/login', { login: 'nobody@example.cn', password: 'wrong-password-1' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual(Array(10).fill(401));
      const fromA = await a.post('/api/session/login', { login: 'nobody@example.cn', password: 'wrong-password-1' });
      const fromB = await b.post('/api/session/login', { login: 'nobody@example.cn', password: 'wrong-password-1' });
      expect(fromA.status).toBe(429);
      expect(fromB.status).toBe(429);
      expect(fromB.json().error.code).toBe('rate_limited');
      expect(fromB.json().error.message).toMatch(/登录尝试过于频繁/);
      // Another account from the same client is counted apart.
      expect((await b.post('/api/session/login', { login: 'somebody@example.cn', password: 'wrong-password-1' })).status).toBe(401);
    });
  });
}
