/**
 * Test helper: the properties of real-families.test.ts and real-pdf.test.ts. Issue 14 follow-up, properties over the layouts real portals produce (real-families.ts), read
 * through the auditor's real path (auditBuffer: sniffing, mammoth, pdf.js):
 * - any valid model, in any of these layouts and any number convention, reads back cell for cell
 *   (a zero printed as 「—」「无」 or nothing is a blank cell, reported as cell.blank); where a cell
 *   cannot be read, a finding names it — never a wrong number, never a silent gap;
 * - a planted arithmetic defect (a leaf one higher than its totals) is found;
 * - no identity, structure or section finding on a valid model.
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { arbSeed, randomModel } from './generate.ts';
import { NUMBERS, expectedModel, type Numbers, type RealFamily } from './real-families.ts';
import { defectFound, falseFindings, readReal, scoreCells, withDefect } from './real-score.ts';

/** Layouts that print a blank cell as nothing at all, with nothing to place it by but positions. */
const POSITIONAL = new Set<RealFamily>(['pdf', 'pdf-columns']);

export async function roundTrip(family: RealFamily, seed: number, numbers: Numbers, format: '2021' | '2019') {
  const m = randomModel(seed, format === '2019' ? { format, year: 2019 + (seed % 2) } : { year: 2021 + (seed % 4) });
  const truth = expectedModel(m, numbers);
  const got = await readReal(m, family, seed, numbers);
  expect(got.format).toBe(format);
  expect(got.year).toBe(m.year);
  expect(got.agency.name).toBe(m.agency.name);
  const s = scoreCells(truth, got);
  expect(s.wrongNumber, 'cells read as another number').toEqual([]);
  expect(s.silent, 'cells left blank with no finding naming them').toEqual([]);
  // every cell is read, except (PDF, zeros printed as nothing) where a finding says which cannot be placed
  if (!(POSITIONAL.has(family) && numbers === 'dash-zero')) {
    expect(s.flagged).toEqual([]);
    expect(falseFindings(got, truth)).toEqual([]);
  } else expect(falseFindings(got, truth).filter((f) => !f.startsWith('parse.unreadable@table'))).toEqual([]);
  return m;
}

/**
 * Property: any model in `family`, any number convention, reads back; with a planted defect (every
 * other run, one rendering a run) the defective model reads back as printed and the defect is found.
 */
export async function checkFamily(family: RealFamily, numRuns: number, format: '2021' | '2019' = '2021') {
  await fc.assert(
    fc.asyncProperty(arbSeed, fc.constantFrom(...NUMBERS), fc.boolean(), async (seed, numbers, defect) => {
      if (!defect || format === '2019') return void (await roundTrip(family, seed, numbers, format));
      const d = withDefect(randomModel(seed, { year: 2021 + (seed % 4) }), seed);
      const bad = await readReal(d.model, family, seed, numbers);
      const s = scoreCells(expectedModel(d.model, numbers), bad);
      expect(s.wrongNumber, 'cells read as another number').toEqual([]);
      if (!(POSITIONAL.has(family) && numbers === 'dash-zero')) expect(s.flagged).toEqual([]);
      // (with zeros printed as blanks, an identity over a blank cell is not checked: the blank is the finding)
      if (numbers !== 'dash-zero' || s.right === s.total)
        expect(defectFound(bad, d) || (numbers === 'dash-zero' && blankInDefect(bad, d.where)), `${d.code}@${d.where} not found in ${bad.findings.map((f) => `${f.code}@${f.where}`).join(', ')}`).toBe(true);
    }),
    { numRuns },
  );
}

/** A cell.blank finding in the defect's row (table 2) or kind (table 3): the identity there cannot be checked. */
const blankInDefect = (m: ReportModel, where: string) => m.findings.some((f) => f.code === 'cell.blank' && (f.where ?? '').startsWith(where));
