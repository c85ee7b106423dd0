/**
 * Issue 14, properties: any valid report model rendered in any layout family the web prints reports
 * in (families.ts) — and in combinations (one-row （六）, the page twice, the text cut short) — reads
 * back to the same tables; where the digits are genuinely ambiguous (fused, no separator) the cells
 * are left null and a parse.ambiguous finding lists the readings, the true one among them. Never a
 * wrong number, never an identity finding on a valid model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readReportHtml, readReportText } from '../../../src/domain/audit/index.ts';
import type { Finding, ReportModel } from '../../../src/domain/report/model.ts';
import { APPEAL_COLUMNS, APPEAL_KINDS, TABLE2_COLUMNS, TABLE2_ROWS, type Table2Row } from '../../../src/domain/taxonomy/index.ts';
import { arbSeed, randomModel } from './generate.ts';
import { FAMILIES, renderFamily, withOneRowSix, type Family } from './families.ts';

const read = (family: Family, doc: string) => (family === 'html' ? readReportHtml(doc) : readReportText(doc)).model;

/** The table cells as read agree with the truth, or are null where a finding says why (ambiguous: the truth among the readings). */
function sameOrFlagged(got: ReportModel, truth: ReportModel, cutAfter?: Table2Row) {
  const flagged = (where: string) => got.findings.find((f) => (f.code === 'parse.ambiguous' || f.code === 'parse.unreadable') && f.where === where);
  const cutIndex = cutAfter ? TABLE2_ROWS.indexOf(cutAfter) : TABLE2_ROWS.length;
  for (const [i, r] of TABLE2_ROWS.entries()) {
    const want = TABLE2_COLUMNS.map((c) => (i > cutIndex ? null : truth.applications[r][c]));
    const have = TABLE2_COLUMNS.map((c) => got.applications[r][c]);
    if (have.every((x, k) => x === want[k])) continue;
    const f = flagged(`table2/${r}`);
    expect(f, `table2/${r}: read ${have.join(',')} for ${want.join(',')}`).toBeDefined();
    expect(have.every((x) => x === null)).toBe(true);
    if (f!.code === 'parse.ambiguous') expect(String(f!.expected).split(' / ')).toContain(want.join(','));
  }
  const want3 = APPEAL_KINDS.flatMap((k) => APPEAL_COLUMNS.map((c) => (cutAfter ? null : truth.appeals[k][c])));
  const have3 = APPEAL_KINDS.flatMap((k) => APPEAL_COLUMNS.map((c) => got.appeals[k][c]));
  if (!have3.every((x, k) => x === want3[k])) {
    const f = flagged('table3');
    expect(f, `table3: read ${have3.join(',')} for ${want3.join(',')}`).toBeDefined();
    if (f!.code === 'parse.ambiguous') expect(String(f!.expected).split(' / ')).toContain(want3.join(','));
  }
  for (const k of ['rules', 'normative'] as const)
    if (JSON.stringify(got.proactive[k]) !== JSON.stringify(truth.proactive[k])) expect(flagged(`table1/${k}`), `table1/${k}`).toBeDefined();
  for (const k of ['licensing', 'penalty', 'coercion', 'fees_wan_yuan'] as const) expect(got.proactive[k], k).toBe(truth.proactive[k]);
}

const noFalseFindings = (findings: Finding[]) =>
  expect(findings.filter((f) => /^(identity\.|cell\.blank|structure\.|section\.|text\.)/.test(f.code)).map((f) => `${f.code}@${f.where}: ${f.message}`)).toEqual([]);

describe('layout families: any model in any family reads back (or says exactly what it cannot decide)', () => {
  for (const family of FAMILIES) {
    it(`${family}`, () => {
      fc.assert(
        fc.property(arbSeed, fc.boolean(), fc.boolean(), (seed, single, doubled) => {
          const base = randomModel(seed, { year: 2021 + (seed % 4) });
          const truth = single && family !== 'html' ? withOneRowSix(base) : base; // (the template's HTML always prints （六） as three rows)
          const doc = renderFamily(truth, family, { seed, doubled });
          const got = read(family, doc);
          expect(got.format).toBe('2021');
          expect(got.year).toBe(truth.year);
          expect(got.agency.name).toBe(truth.agency.name);
          sameOrFlagged(got, truth);
          noFalseFindings(got.findings.filter((f) => !(single && f.code === 'structure.heading_wording' && f.where === 'table2/other.other')));
        }),
        { numRuns: family === 'html' ? 15 : 40 },
      );
    });
  }
  it('a text cut inside table 2 (any text family, any row): the rows before it, parse.truncated, nothing reported for what never came', () => {
    const rowsBeforeTotal = TABLE2_ROWS.slice(2, -2);
    fc.assert(
      fc.property(arbSeed, fc.constantFrom(...FAMILIES.filter((f) => f !== 'html')), fc.constantFrom(...rowsBeforeTotal), (seed, family, after) => {
        const truth = randomModel(seed, { year: 2023 });
        const got = read(family, renderFamily(truth, family, { seed, truncateAfter: after }));
        sameOrFlagged(got, truth, after);
        expect(got.findings.map((f) => `${f.code}@${f.where}`)).toContain(`parse.truncated@table2/${after}`);
        noFalseFindings(got.findings);
      }),
      { numRuns: 40 },
    );
  });
});
