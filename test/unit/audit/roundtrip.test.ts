import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readReportHtml, readReportText } from '../../../src/domain/audit/index.ts';
import { renderDocx, renderHtml, renderText } from '../../../src/domain/report/render/index.ts';
import { auditBuffer } from '../../../src/audit-io/index.ts';
import { arbSeed, randomModel } from './generate.ts';
import { comparable, trialHtml, trialLines } from './helpers.ts';

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
  it('the 2019 trial format as HTML (table rows as <tr>, 「/」 and 「+1」「-2」 cells of the trial table 1)', () => {
    fc.assert(
      fc.property(arbSeed, fc.constantFrom(2019, 2020), (seed, year) => {
        const m = randomModel(seed, { format: '2019', year });
        const read = readReportHtml(trialHtml(m)).model;
        expect(read.format).toBe('2019');
        expect(comparable(read)).toEqual(comparable(m));
        expect(read.findings.filter((f) => f.code !== 'other.high')).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
  it('DOCX (renderDocx → mammoth → HTML → reader)', async () => {
    await fc.assert(
      fc.asyncProperty(arbSeed, async (seed) => {
        const m = randomModel(seed);
        const read = await auditBuffer('r.docx', await renderDocx(m));
        expect(comparable(read)).toEqual(comparable(m));
        expect(read.findings.filter((f) => f.code !== 'other.high')).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
