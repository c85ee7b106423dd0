#!/usr/bin/env node
// The Gongkai command line: runs the compiled build in dist/ (bin/build.mjs; `npm ci` makes it).
// When a source file is newer than the build (an edit, a checkout) it is rebuilt first, so the
// command never runs code older than its sources.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'dist', 'cli.js');

function stale() {
  const inputs = path.join(root, 'dist', 'inputs.json');
  if (!existsSync(entry) || !existsSync(inputs)) return true;
  const built = statSync(entry).mtimeMs;
  for (const file of JSON.parse(readFileSync(inputs, 'utf8'))) {
    const info = statSync(path.join(root, file), { throwIfNoEntry: false });
    if (!info || info.mtimeMs > built) return true;
  }
  return false;
}

if (stale()) await (await import('./build.mjs')).build({ quiet: true });
await import(pathToFileURL(entry).href);
