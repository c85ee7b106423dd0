/**
 * Child process of crash.test.ts: opens the database (a PGlite data folder, or a PostgreSQL URL),
 * dispatches, and kills itself with SIGKILL inside the subscriber's run, after its effect was
 * written and before the delivery commits.
 */
import { openDatabase } from '../../../src/db/index.ts';
import { dispatchOnce } from '../../../src/app/outbox/index.ts';
import { recordingSubscriber } from './helpers.ts';

const [where] = process.argv.slice(2);
const database = await openDatabase(where.startsWith('postgres') ? { url: where, migrate: false } : { dataDir: where, migrate: false });
const s = recordingSubscriber('test.crash');
const run = s.run;
s.run = async (tx, entry) => {
  await run(tx, entry);
  process.stdout.write(`effect ${entry.id}\n`);
  process.kill(process.pid, 'SIGKILL');
};
await dispatchOnce(database.db, { subscribers: [s] });
process.stdout.write('not killed\n');
