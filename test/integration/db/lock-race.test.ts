/**
 * Issue 16: two processes taking over a stale data-folder lock at once both got it (6 of 20 tries).
 * Here 20 processes race for a stale lock (its pid dead), again and again: exactly one wins each
 * round and the lock file names the winner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../../src/db/lock.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const RACERS = 20;
const ROUNDS = 10;

interface Racer {
  child: ChildProcess;
  next(): Promise<string>;
}

function racer(): Racer {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), path.join(ROOT, 'test/integration/db/lock-racer.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const queue: string[] = [];
  const waiting: Array<(s: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => (waiting.length ? waiting.shift()!(l) : queue.push(l)));
  return { child, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiting.push(r))) };
}

let racers: Racer[] = [];
let deadPid = 0;
const dirs: string[] = [];

beforeAll(async () => {
  racers = Array.from({ length: RACERS }, racer);
  expect(await Promise.all(racers.map((r) => r.next()))).toEqual(Array(RACERS).fill('ready'));
  const gone = spawn(process.execPath, ['-e', '0']);
  deadPid = gone.pid!;
  await new Promise((r) => gone.on('exit', r));
}, 180_000);

afterAll(() => {
  for (const r of racers) r.child.stdin!.end();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the data-folder lock under a race', () => {
  it(`${RACERS} processes take over a stale lock at once: exactly one wins, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-race-'));
      dirs.push(dir);
      writeFileSync(path.join(dir, LOCK_FILE), String(deadPid));
      for (const r of racers) r.child.stdin!.write(`go ${dir}\n`);
      const answers = await Promise.all(racers.map((r) => r.next()));
      expect(answers.filter((a) => a.startsWith('error'))).toEqual([]);
      const won = answers.flatMap((a, i) => (a === 'won' ? [i] : []));
      winners.push(won.length);
      expect(won, `round ${round}: ${answers.join(',')}`).toHaveLength(1);
      expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(String(racers[won[0]].child.pid));
      racers[won[0]].child.stdin!.write('release\n');
      expect(await racers[won[0]].next()).toBe('released');
    }
    console.log(JSON.stringify({ probe: 'stale lock race', racers: RACERS, rounds: ROUNDS, winnersPerRound: winners }));
  }, 120_000);
});
