/**
 * Vitest global setup: ONE migrated PGlite database per test run, dumped to a temp file whose
 * path is provided to the tests as `inject('pgliteDump')`. test/support/db.ts clones it per suite
 * (~0.5 s instead of ~5 s for a fresh PGlite + migrations).
 *
 * It also compiles dist/ (bin/build.mjs) first: the tests that run `bin/gongkai.mjs` run the built
 * command line, as users do, and must never run a build older than the sources under test.
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freshPgliteOptions, wrapPglite } from '../../src/db/index.ts';
import { build } from '../../bin/build.mjs';
import { makeTemplate } from '../../bin/pglite-template.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}

export default async function setup(project: TestProject) {
  await build({ quiet: true });
  await makeTemplate();
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-test-'));
  const client = new PGlite(freshPgliteOptions());
  const database = await wrapPglite(client, { migrate: true });
  const dump = await client.dumpDataDir('gzip');
  const file = path.join(dir, 'migrated.tar.gz');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteDump', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
