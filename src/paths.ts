/**
 * Folders of the installation that are not code: the migrations (`drizzle/`) and the web assets
 * (`src/web/static/`). Found from the project's root — the folder holding package.json above this
 * file — so they are the same whether this runs from `src/` (tsx: tests, development) or from the
 * build in `dist/` (`npm start`, `gongkai`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** The worker threads' task modules: each is an entry of the build (bin/build.mjs) of the same name. */
export const WORKER_SOURCES = {
  'audit-worker': 'src/audit-io/worker.ts',
  'redaction-worker': 'src/app/redaction/worker.ts',
} as const;

/**
 * What a piscina pool of `name` loads in its worker threads: the built entry (dist/<id>/NAME.js) when this
 * runs from the build, else src/lib/ts-worker.mjs, which registers tsx and imports the source module.
 */
export function workerScript(name: keyof typeof WORKER_SOURCES): { filename: string; workerData?: { module: string } } {
  // The build's own folder (dist/<id>/, bin/build.mjs): the chunk holding this code sits beside its entries.
  if (FROM_BUILD) return { filename: pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), `${name}.js`)).href };
  return {
    filename: pathToFileURL(path.join(PROJECT_ROOT, 'src', 'lib', 'ts-worker.mjs')).href,
    workerData: { module: pathToFileURL(path.join(PROJECT_ROOT, WORKER_SOURCES[name])).href },
  };
}
