#!/usr/bin/env node
/**
 * A freshly initialised embedded database (PGlite's initdb, nothing else), saved once per PGlite
 * version as node_modules/.cache/gongkai/pglite-VERSION.tar.gz (`npm ci` makes it: `prepare`). A
 * new data folder — the first `npm start`, a test's database, a command on a fresh folder — is
 * loaded from it instead of running initdb again (initdb is most of a first start's time: ~4.5 s of
 * CPU here, several times that on a busy machine). Migrations and data are not in it: they are
 * applied on top, as on any database. Without the file everything still works, only slower.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folder holding package.json above this file: bin/ from the sources, dist/<id>/ when bundled. */
function projectRoot() {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const root = projectRoot();

/** Where the template of the installed PGlite version is (whether or not it exists). */
export function templatePath() {
  const pkg = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8'));
  return path.join(root, 'node_modules', '.cache', 'gongkai', `pglite-${version}.tar.gz`);
}

/** Makes the template unless it exists; returns its path. */
export async function makeTemplate() {
  const file = templatePath();
  if (existsSync(file)) return file;
  const started = performance.now();
  const pg = new PGlite();
  await pg.waitReady;
  const dump = await pg.dumpDataDir('gzip');
  await pg.close();
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole, then renamed: a reader never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  process.stderr.write(`已准备内嵌数据库模板（${Math.round(performance.now() - started)} ms）：${path.relative(root, file)}\n`);
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await makeTemplate();
