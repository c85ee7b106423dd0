/**
 * The scoreboard of the real-world layout families (real-families.ts):
 * `node bin/run-ts.mjs test/unit/audit/score-real.ts [runs] [-v] [2019] [family…] [convention…]` prints, per family and
 * number convention, the cells read right, the cells read as a wrong number (must be 0), the cells
 * left blank with a finding naming them, those left blank silently, the false findings on valid
 * models and the planted defects found.
 */
import { NUMBERS, REAL_FAMILIES, type RealFamily } from './real-families.ts';
import { scoreFamily } from './real-score.ts';

const args = process.argv.slice(2);
const verbose = args.includes('-v');
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 6);
const only = args.filter((a) => (REAL_FAMILIES as readonly string[]).includes(a)) as RealFamily[];
const trial = args.includes('2019');
const conventions = NUMBERS.filter((n) => args.includes(n));
const seeds = Array.from({ length: runs }, (_, i) => 1000 + i * 7919);
for (const family of only.length ? only : REAL_FAMILIES) {
  for (const numbers of conventions.length ? conventions : NUMBERS) {
    const s = await scoreFamily(family, numbers, seeds, trial ? '2019' : '2021');
    process.stdout.write(
      `${(family + (trial ? '/2019' : '')).padEnd(17)} ${numbers.padEnd(14)} cells ${String(s.right).padStart(4)}/${s.total} (${((100 * s.right) / s.total).toFixed(1).padStart(5)}%)` +
        `  wrong ${s.wrongNumber}  flagged ${s.flagged}  silent ${s.silent}  false ${s.falseFindings}  defects ${s.found}/${s.defects}\n`,
    );
    if (verbose) for (const e of s.examples.slice(0, 8)) process.stdout.write(`    ${e}\n`);
  }
}
