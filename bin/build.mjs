#!/usr/bin/env node
/**
 * Compiles the command line and the server ahead of time (`npm run build`; `npm ci` runs it as
 * `prepare`): src/cli.ts and everything it imports, bundled by esbuild as ES modules, one chunk per
 * lazily imported module, so `gongkai --help` loads only the command definitions.
 * Packages stay in node_modules (not bundled: pdfkit, pdfjs and PGlite read their own files).
 * Files that are not code are found from the project root (src/paths.ts), not from dist/.
 *
 * Each build is a folder of its own, dist/<id>/, and `dist/current` names the one to run; it is
 * switched by a rename, so a build never changes under a process that runs it:
 * - two builds at once (two commands after an edit, two test runs) each write their own folder and
 *   the later rename wins — both folders are whole;
 * - a running server that lazily imports a chunk after a rebuild still finds it in its own folder.
 * The newest KEEP builds are kept; older ones are removed.
 * dist/<id>/inputs.json lists the sources, so bin/gongkai.mjs can tell when the build is older than them.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
const CURRENT = path.join(DIST, 'current');
const KEEP = 5;
const BUILD_ID = /^b\d{13}-[0-9a-f]{8}$/;

/** The folder of the build to run, or null when there is none. */
export function currentBuild() {
  try {
    const id = readFileSync(CURRENT, 'utf8').trim();
    return BUILD_ID.test(id) ? path.join(DIST, id) : null;
  } catch {
    return null;
  }
}

export async function build({ quiet = false } = {}) {
  const started = performance.now();
  const { build: esbuild } = await import('esbuild'); // here, not above: `gongkai --help` does not load it
  const id = `b${String(Date.now()).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
  const outdir = path.join(DIST, id);
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    // The worker threads' task modules are entries of their own (src/paths.ts WORKER_SOURCES): a
    // worker thread loads a file, and the built one runs without tsx (no development dependencies).
    entryPoints: { cli: 'src/cli.ts', 'audit-worker': 'src/audit-io/worker.ts', 'redaction-worker': 'src/app/redaction/worker.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  writeFileSync(path.join(outdir, 'inputs.json'), JSON.stringify(inputs, null, 1) + '\n');
  const draft = `${CURRENT}.${id}`;
  writeFileSync(draft, id + '\n');
  renameSync(draft, CURRENT);
  prune(id);
  if (!quiet) {
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`已编译 ${inputs.length} 个源文件到 dist/${id}/（${ms} ms）\n`);
  }
  return outdir;
}

/** Removes all but the newest KEEP builds (never `keep`, the one just made), and anything else left in dist/. */
function prune(keep) {
  const builds = readdirSync(DIST)
    .filter((f) => BUILD_ID.test(f))
    .sort()
    .reverse();
  for (const old of builds.slice(KEEP)) if (old !== keep) rmSync(path.join(DIST, old), { recursive: true, force: true });
  // Files of the single-folder layout this replaced (dist/cli.js, chunks) and drafts of crashed builds.
  for (const f of readdirSync(DIST)) {
    const full = path.join(DIST, f);
    if (f === 'current' || BUILD_ID.test(f)) continue;
    if (f.startsWith('current.') && statSync(full).mtimeMs > Date.now() - 60_000) continue; // another build's draft
    rmSync(full, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await build();
