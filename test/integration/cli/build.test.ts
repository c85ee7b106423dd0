/**
 * The ahead-of-time build (bin/build.mjs): each build is a folder of its own and dist/current is
 * switched by a rename, so two builds at once (two commands after an edit, two test runs) both leave
 * a whole build, and a build that a running process uses is still there after the next one.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, currentBuild, DIST } from '../../../bin/build.mjs';

const whole = (dir: string) => ['cli.js', 'audit-worker.js', 'redaction-worker.js', 'inputs.json'].every((f) => existsSync(path.join(dir, f)));

describe('the build', () => {
  it('two builds at once: both folders are whole, the current one is one of them, the earlier build stays', async () => {
    const before = currentBuild();
    expect(before).not.toBeNull();
    const [a, b] = await Promise.all([build({ quiet: true }), build({ quiet: true })]);
    expect(a).not.toBe(b);
    expect(whole(a) && whole(b)).toBe(true);
    expect([a, b]).toContain(currentBuild());
    expect(whole(before!)).toBe(true); // a process started from it still finds its chunks
  }, 180_000);

  it('keeps the newest five builds and removes older ones and leftovers of the old layout', async () => {
    const old = ['b0000000000001-00000000', 'b0000000000002-00000000', 'b0000000000003-00000000', 'b0000000000004-00000000', 'b0000000000005-00000000'];
    for (const d of old) mkdirSync(path.join(DIST, d), { recursive: true });
    mkdirSync(path.join(DIST, 'chunk-OLD.js'), { recursive: true });
    const made = await build({ quiet: true });
    const left = readdirSync(DIST);
    expect(left).toContain(path.basename(made));
    expect(left.filter((f) => old.includes(f))).toEqual([]);
    expect(left).not.toContain('chunk-OLD.js');
    expect(left.filter((f) => /^b\d{13}-/.test(f)).length).toBeLessThanOrEqual(5);
  }, 180_000);
});
