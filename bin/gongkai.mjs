#!/usr/bin/env node
// The Gongkai command line: runs the compiled build named by dist/current (bin/build.mjs; `npm ci`
// makes it). When a source file is newer than the build (an edit, a checkout) it is rebuilt first,
// so the command never runs code older than its sources.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, currentBuild } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function upToDate(dir) {
  const entry = path.join(dir, 'cli.js');
  const inputs = path.join(dir, 'inputs.json');
  if (!existsSync(entry) || !existsSync(inputs)) return false;
  const built = statSync(entry).mtimeMs;
  for (const file of JSON.parse(readFileSync(inputs, 'utf8'))) {
    const info = statSync(path.join(root, file), { throwIfNoEntry: false });
    if (!info || info.mtimeMs > built) return false;
  }
  return true;
}

let dir = currentBuild();
if (!dir || !upToDate(dir)) dir = await build({ quiet: true });
await import(pathToFileURL(path.join(dir, 'cli.js')).href);
