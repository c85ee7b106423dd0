import { afterEach, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from '../../../src/db/lock.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'gongkai-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('data folder lock', () => {
  it('refuses a second lock in the same process and frees it on release', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    acquireDataDirLock(dir)();
  });

  it('takes over a stale lock whose process is dead', async () => {
    const dir = tempDir();
    // A pid that certainly existed and is now gone: a child that has exited.
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(path.join(dir, LOCK_FILE), String(deadPid));
    const release = acquireDataDirLock(dir);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('a second process (the CLI) is refused at once with a Chinese message while the folder is held', async () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    try {
      const started = Date.now();
      const err = await run(process.execPath, ['bin/gongkai.mjs', 'agency', 'list'], {
        cwd: ROOT,
        env: { ...process.env, GONGKAI_DATA_DIR: dir, DATABASE_URL: '' },
        timeout: 30_000,
      }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err).not.toBeNull();
      expect(err!.code).toBe(1);
      expect(err!.stderr).toContain(`数据目录 ${dir} 正被进程 ${process.pid} 使用`);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      release();
    }
  });
});
