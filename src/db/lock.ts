/**
 * An exclusive lock on a PGlite data folder. PGlite does not lock its folder and two processes on
 * one folder silently corrupt it, so Gongkai holds `gongkai.lock` (created atomically, already
 * holding the pid). A lock whose pid is dead is stale and taken over; a live one makes the second process fail
 * at once with a Chinese message — it never waits.
 *
 * Taking over a stale lock is atomic: only the holder of `gongkai.lock.takeover` (itself created
 * atomically) may remove a stale lock, and it looks again, under that guard, that the lock is still
 * the stale one before removing it; then it creates its own like anyone else. Without
 * the guard, two processes that both read the stale pid could each remove the other's fresh lock
 * and both "win" (issue 16: 6 of 20 races). A guard left by a process that died while taking over
 * is itself stale (its pid is dead) and removed.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'gongkai.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被进程 ${pid} 使用（内嵌数据库同一时间只允许一个进程打开）。` +
        '请先停止该进程（例如正在运行的服务器），或改用 DATABASE_URL 连接 PostgreSQL 服务器。',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const held = new Set<string>();
let exitHookInstalled = false;

/** The pid in a lock file, or null when the file is gone; NaN when it holds no pid. */
function readPid(file: string): number | null {
  try {
    return Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return null;
  }
}

/**
 * Creates `file` holding this pid, or answers false when it exists. The pid is written to a private
 * file first and hard-linked into place (link fails when the name exists), so nobody ever reads the
 * lock empty: with open-then-write, a reader between the two saw no pid, took the fresh lock for a
 * stale one and removed it (CI: two winners of twenty).
 */
function createWithPid(file: string): boolean {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, String(process.pid), { flag: 'wx' });
  try {
    linkSync(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    removeIfThere(draft);
  }
}

function removeIfThere(file: string) {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(pause, 0, 0, ms);

/** Takes the lock on `dataDir` (creating the folder) and returns its release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const guard = `${file}.takeover`;
  const isLive = (pid: number | null) => pid !== null && Number.isInteger(pid) && pid > 0 && (pid === process.pid ? held.has(file) : alive(pid));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (createWithPid(file)) return holding(file);
    const pid = readPid(file);
    if (pid === null) continue; // vanished between open and read: retry
    if (isLive(pid)) throw new DataDirLockedError(dir, pid);
    // Stale: take it over, one process at a time.
    if (!createWithPid(guard)) {
      const guardPid = readPid(guard);
      if (guardPid !== null && !isLive(guardPid) && guardPid !== process.pid) removeIfThere(guard); // its taker died
      sleep(5 + Math.floor(Math.random() * 10));
      continue;
    }
    try {
      const now = readPid(file);
      if (now !== null && isLive(now)) continue; // someone else got it meanwhile: see it at the top
      removeIfThere(file);
      if (createWithPid(file)) return holding(file);
    } finally {
      removeIfThere(guard);
    }
  }
  throw new Error(`无法锁定数据目录 ${dir}，请稍后重试`);
}

function holding(file: string): () => void {
  held.add(file);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const f of held) removeIfThere(f);
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(file);
    removeIfThere(file);
  };
}
