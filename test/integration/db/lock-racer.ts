/**
 * One contender of the lock race (lock-race.test.ts): waits on standard input for `go DIR` (try to
 * take the lock on DIR, answer `won` or `locked`) and `release` (let go of a lock it won).
 */
import { createInterface } from 'node:readline';
import { acquireDataDirLock, DataDirLockedError } from '../../../src/db/lock.ts';

let release: (() => void) | null = null;
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
lines.on('line', (line) => {
  const [cmd, dir] = line.split(' ');
  if (cmd === 'go') {
    try {
      release = acquireDataDirLock(dir);
      process.stdout.write('won\n');
    } catch (err) {
      process.stdout.write(err instanceof DataDirLockedError ? 'locked\n' : `error ${(err as Error).message}\n`);
    }
  } else if (cmd === 'release') {
    release?.();
    release = null;
    process.stdout.write('released\n');
  }
});
lines.on('close', () => process.exit(0));
