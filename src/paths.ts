/**
 * Folders of the installation that are not code: the migrations (`drizzle/`) and the web assets
 * (`src/web/static/`). Found from the project's root — the folder holding package.json above this
 * file — so they are the same whether this runs from `src/` (tsx: tests, development) or from the
 * build in `dist/` (`npm start`, `gongkai`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`找不到 Gongkai 的安装目录（${fileURLToPath(import.meta.url)} 之上没有 package.json）`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = projectRoot();
export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, 'drizzle');
export const STATIC_ROOT = path.join(PROJECT_ROOT, 'src', 'web', 'static');
/** Whether this code runs from the build in dist/ (bin/build.mjs) rather than from the sources through tsx. */
const FROM_BUILD = fileURLToPath(import.meta.url).startsWith(path.join(PROJECT_ROOT, 'dist') + path.sep);
/**
 * The audit pool's worker thread (src/audit-io/pool.ts), a file of its own: the built entry
 * (dist/audit-worker.js) when this runs from the build, else the sources through tsx.
 */
export const AUDIT_WORKER = FROM_BUILD
  ? path.join(PROJECT_ROOT, 'dist', 'audit-worker.js')
  : path.join(PROJECT_ROOT, 'src', 'audit-io', 'worker-entry.mjs');
