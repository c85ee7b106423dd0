/**
 * The scoreboard of issue 14: `node bin/run-ts.mjs test/unit/audit/score-shapes.ts [-v]` prints,
 * for every report-shape fixture, the cells read right, the planted defects found and the false
 * findings (`-v`: which cells are wrong).
 */
import { reportShapes } from '../../support/fixtures.ts';
import { scoreShape } from './shapes.ts';

const verbose = process.argv.includes('-v');
let right = 0;
let total = 0;
for (const fx of reportShapes()) {
  const s = await scoreShape(fx);
  right += s.right;
  total += s.total;
  const pct = ((100 * s.right) / s.total).toFixed(1);
  process.stdout.write(
    `${s.name.padEnd(40)} cells ${String(s.right).padStart(3)}/${s.total} (${pct.padStart(5)}%)  defects ${s.found.length}/${s.found.length + s.missed.length}` +
      `  false identity ${s.falseIdentity.length}  other errors ${s.otherErrors.length}${s.meta.length ? '  meta: ' + s.meta.join('; ') : ''}\n`,
  );
  if (verbose) {
    for (const w of s.wrong.slice(0, 40)) process.stdout.write(`    ✗ ${w}\n`);
    for (const m of s.missed) process.stdout.write(`    missed ${m}\n`);
    for (const m of s.falseIdentity) process.stdout.write(`    false ${m}\n`);
    for (const m of s.otherErrors) process.stdout.write(`    error ${m}\n`);
  }
}
process.stdout.write(`ALL cells ${right}/${total} (${((100 * right) / total).toFixed(1)}%)\n`);
