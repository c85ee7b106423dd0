#!/usr/bin/env node
/**
 * Compiles the command line and the server ahead of time (`npm run build`; `npm ci` runs it as
 * `prepare`): src/cli.ts and everything it imports, bundled by esbuild into dist/ as ES modules,
 * one chunk per lazily imported module, so `gongkai --help` loads only the command definitions.
 * Packages stay in node_modules (not bundled: pdfkit, pdfjs and PGlite read their own files).
 * Files that are not code are found from the project root (src/paths.ts), not from dist/.
 * dist/inputs.json lists the sources, so bin/gongkai.mjs can tell when the build is older than them.
 */
import { build as esbuild } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const ENTRY = path.join(DIST, 'cli.js');
export const INPUTS = path.join(DIST, 'inputs.json');

export async function build({ quiet = false } = {}) {
  const started = performance.now();
  rmSync(DIST, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    // The worker threads' task modules are entries of their own (src/paths.ts WORKER_SOURCES): a
    // worker thread loads a file, and the built one runs without tsx (no development dependencies).
    entryPoints: { cli: 'src/cli.ts', 'audit-worker': 'src/audit-io/worker.ts', 'redaction-worker': 'src/app/redaction/worker.ts' },
    outdir: 'dist',
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
  writeFileSync(INPUTS, JSON.stringify(inputs, null, 1) + '\n');
  if (!quiet) {
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`已编译 ${inputs.length} 个源文件到 dist/（${ms} ms）\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await build();
