import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readReportHtml, readReportText } from '../../../src/domain/audit/index.ts';
import { renderHtml, renderText } from '../../../src/domain/report/render/index.ts';
import { arbSeed, randomModel } from './generate.ts';
import { comparable, trialLines } from './helpers.ts';

const noErrors = (findings: { severity: string }[]) => findings.filter((f) => f.severity === 'error');

describe('round trip: compiler renders → auditor reads back the same model, with no error', () => {
  it('plain text (renderText)', () => {
    fc.assert(
      fc.property(arbSeed, (seed) => {
        const m = randomModel(seed);
        const read = readReportText(renderText(m)).model;
        expect(comparable(read)).toEqual(comparable(m));
        expect(noErrors(read.findings)).toEqual([]);
        // only the warning a real report of these numbers deserves may appear
        expect(read.findings.filter((f) => f.code !== 'other.high')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
  it('HTML (renderHtml)', () => {
    fc.assert(
      fc.property(arbSeed, (seed) => {
        const m = randomModel(seed);
        const read = readReportHtml(renderHtml(m)).model;
        expect(comparable(read)).toEqual(comparable(m));
        expect(read.findings.filter((f) => f.code !== 'other.high')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
  it('the 2019 trial format (single （六）其他处理 row, trial table 1) is detected and read', () => {
    fc.assert(
      fc.property(arbSeed, (seed) => {
        const m = randomModel(seed, { format: '2019', year: 2020 });
        const read = readReportText(trialLines(m).join('\n')).model;
        expect(read.format).toBe('2019');
        expect(comparable(read)).toEqual(comparable(m));
        expect(read.findings.filter((f) => f.code !== 'other.high')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
