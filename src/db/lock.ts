/**
 * An exclusive lock on a PGlite data folder. PGlite does not lock its folder and two processes on
 * one folder silently corrupt it, so Gongkai holds `gongkai.lock` (created with O_EXCL, holding the
 * pid). A lock whose pid is dead is stale and taken over; a live one makes the second process fail
 * at once with a Chinese message — it never waits.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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

/** Takes the lock on `dataDir` (creating the folder) and returns its release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', () => {
          for (const f of held) {
            try {
              unlinkSync(f);
            } catch {
              /* already gone */
            }
          }
        });
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(file);
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = NaN;
      try {
        pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      } catch {
        /* vanished between open and read: retry */
        continue;
      }
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid ? held.has(file) : alive(pid))) {
        throw new DataDirLockedError(dir, pid);
      }
      // Stale: its process is gone (or the file is garbage). Take it over.
      try {
        unlinkSync(file);
      } catch {
        /* someone else removed it */
      }
    }
  }
  throw new Error(`无法锁定数据目录 ${dir}，请稍后重试`);
}
