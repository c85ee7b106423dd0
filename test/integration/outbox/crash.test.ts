/**
 * The outbox survives crashes: entries committed while no dispatcher ran (a crash right after the
 * commit, simulated by closing the database without dispatching) are delivered, once, after the
 * database is opened again; and a process killed (SIGKILL) inside a subscriber's run, after the
 * subscriber wrote its effect, leaves no effect and the entry pending — delivered once afterwards.
 * On a PGlite data folder and, when GONGKAI_TEST_DATABASE_URL is set, on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { appendEvents } from '../../../src/db/applications.ts';
import { openDatabase, type Database } from '../../../src/db/index.ts';
import { dispatchOnce } from '../../../src/app/outbox/index.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../../support/db.ts';
import { createEffectsTable, effectCounts, newApplication, pendingCount, recordingSubscriber } from './helpers.ts';

const quiet = { onError: () => {} };

interface Place {
  /** A PGlite data folder or a PostgreSQL URL. */
  where: string;
  open(): Promise<Database>;
  remove(): Promise<void>;
}

/** A migrated PGlite data folder (the test run's template, written to disk). */
async function pgliteFolder(): Promise<Place> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-outbox-'));
  const client = new PGlite(dir, { loadDataDir: new Blob([readFileSync(inject('pgliteDump'))], { type: 'application/x-gzip' }) });
  await client.waitReady;
  await client.close();
  return { where: dir, open: () => openDatabase({ dataDir: dir, migrate: false }), remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Place> {
  const fresh = await freshPostgresDatabase(testPostgresUrl()!, 'gk_outbox_crash');
  await (await openDatabase({ url: fresh.url })).close();
  return { where: fresh.url, open: () => openDatabase({ url: fresh.url, migrate: false }), remove: () => fresh.drop() };
}

const places: Array<[string, () => Promise<Place>]> = [['pglite', pgliteFolder], ...(testPostgresUrl() ? [['postgres', postgres] as [string, () => Promise<Place>]] : [])];

/** Writes two events (committed), then closes the database without dispatching: the "crash". */
async function writeAndCrash(place: Place): Promise<void> {
  const database = await place.open();
  await createEffectsTable(database.db);
  const id = await newApplication(database.db);
  await database.db.transaction((tx) => appendEvents(tx, id, [{ type: 'submitted', date: '2026-03-02', channel: 'in_person' }, { type: 'receipt_confirmed', date: '2026-03-03' }], null));
  await database.close();
}

for (const [kind, make] of places) {
  describe(`outbox across crashes [${kind}]`, () => {
    it('entries committed before a crash are delivered once after the database is opened again', async () => {
      const place = await make();
      try {
        await writeAndCrash(place);
        let database = await place.open();
        expect(await pendingCount(database.db)).toBe(2);
        const s = recordingSubscriber('test.restart');
        expect(await dispatchOnce(database.db, { subscribers: [s], ...quiet })).toEqual({ entries: 2, delivered: 2, failed: 0 });
        await database.close();
        database = await place.open();
        expect(await dispatchOnce(database.db, { subscribers: [s], ...quiet })).toEqual({ entries: 0, delivered: 0, failed: 0 });
        expect([...(await effectCounts(database.db)).values()]).toEqual([1, 1]);
        await database.close();
      } finally {
        await place.remove();
      }
    });

    it('a process killed inside a subscriber leaves no effect; the entry is delivered once afterwards', async () => {
      const place = await make();
      try {
        await writeAndCrash(place);
        const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/integration/outbox/crash-child.ts', place.where], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
        expect(signal, out).toBe('SIGKILL');
        expect(out).toMatch(/^effect \d+$/m);
        const database = await place.open();
        try {
          expect(await effectCounts(database.db)).toEqual(new Map());
          expect(await pendingCount(database.db)).toBe(2);
          const s = recordingSubscriber('test.crash');
          expect(await dispatchOnce(database.db, { subscribers: [s], ...quiet })).toEqual({ entries: 2, delivered: 2, failed: 0 });
          expect([...(await effectCounts(database.db)).values()]).toEqual([1, 1]);
        } finally {
          await database.close();
        }
      } finally {
        await place.remove();
      }
    });
  });
}
