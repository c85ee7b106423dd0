/**
 * `gongkai serve --workers N` (src/cli/workers.ts): N server processes on one port (Node's cluster),
 * on PostgreSQL; refused on the embedded database, which admits one process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseWorkers } from '../../../src/cli/workers.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../../support/db.ts';
import { TestClient } from '../../support/server.ts';
import { ROOT, startServerProcess, type ServerProcess } from '../reliability/harness.ts';

/** The worker processes of the primary `pid`. */
function workersOf(pid: number): number[] {
  const r = spawnSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

async function retryOnReset<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= 2) throw err;
    }
  }
}

describe('--workers', () => {
  it('reads a count or auto, and refuses anything else in Chinese', () => {
    expect(parseWorkers(undefined)).toBe(1);
    expect(parseWorkers('3')).toBe(3);
    expect(parseWorkers('auto')).toBeGreaterThanOrEqual(1);
    expect(() => parseWorkers('0')).toThrow(/进程数/);
    expect(() => parseWorkers('two')).toThrow(/进程数/);
  });

  it('is refused on the embedded database, saying why', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-workers-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dir };
      delete env.DATABASE_URL;
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/gongkai.mjs'), 'serve', '--workers', '2', '--port', '0'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/多个服务进程（--workers）需要 PostgreSQL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(testPostgresUrl())('serve --workers 2 on PostgreSQL (GONGKAI_TEST_DATABASE_URL)', () => {
  let fresh: { url: string; drop(): Promise<void> };
  let server: ServerProcess;

  beforeAll(async () => {
    fresh = await freshPostgresDatabase(testPostgresUrl()!, 'gk_workers');
    server = await startServerProcess({ databaseUrl: fresh.url, args: ['--workers', '2'] });
  });
  afterAll(async () => {
    await server?.stop();
    await fresh?.drop();
  });

  it('two workers serve one port; a worker that dies is started again; SIGTERM stops them all', async () => {
    await expect.poll(() => workersOf(server.child.pid!).length, { timeout: 60_000 }).toBe(2);
    // Both workers ready (each prints its own line), not only the first one the harness waited for.
    await expect.poll(() => server.output().match(/已启动：/g)?.length ?? 0, { timeout: 120_000 }).toBe(2);
    const c = new TestClient(server.url);
    expect((await c.get('/api/health')).status).toBe(200);
    await c.login('handler@zsj.demo');
    const [victim, survivor] = workersOf(server.child.pid!);
    process.kill(victim, 'SIGKILL');
    // The other worker goes on serving the same session meanwhile (a kept-alive connection of the
    // killed worker is reset once: a new one reaches the survivor); the primary starts a new worker.
    expect(await retryOnReset(() => c.get('/api/session/me').then((r) => r.status))).toBe(200);
    await expect
      .poll(() => workersOf(server.child.pid!), { timeout: 60_000 })
      .toSatisfy((pids: number[]) => pids.length === 2 && pids.includes(survivor) && !pids.includes(victim));
    await expect.poll(() => server.output(), { timeout: 60_000 }).toMatch(/已退出（SIGKILL），正在重新启动一个/);
    const pids = workersOf(server.child.pid!);
    await server.stop();
    for (const pid of pids) expect(() => execFileSync('kill', ['-0', String(pid)], { stdio: 'ignore' })).toThrow();
  });
});
