/**
 * Compile → render → audit: the auditor (src/domain/audit) reads our text and HTML back into the
 * same tables, with no finding. Compile and audit are the two directions of one model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHtml, auditText } from '../../../src/domain/audit/read.ts';
import { compileReport } from '../../../src/domain/report/compile.ts';
import { renderHtml } from '../../../src/domain/report/render/html.ts';
import { normalizeModel } from '../../../src/domain/report/render/json.ts';
import { renderText } from '../../../src/domain/report/render/text.ts';
import { APPLICANT_TYPES, OUTCOME_CODES } from '../../../src/domain/taxonomy/index.ts';

const DAY0 = Date.UTC(2022, 6, 1);
const iso = (day: number) => new Date(DAY0 + day * 86_400_000).toISOString().slice(0, 10);

describe('the auditor reads our renderings back', () => {
  it('text and HTML give back the three tables of random compiled reports, with no finding of their own', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom(...APPLICANT_TYPES),
            received: fc.integer({ min: 0, max: 700 }),
            after: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
            outcome: fc.constantFrom(...OUTCOME_CODES),
          }),
          { maxLength: 40 },
        ),
        fc.nat(5000),
        (apps, licensing) => {
          const { model } = compileReport({
            agency: { name: '回读测试局', code: 'rt' },
            year: 2023,
            applications: apps.map((a, i) => ({
              id: String(i),
              applicantType: a.type,
              receiptDate: iso(a.received),
              decisionDate: a.after == null ? null : iso(a.received + a.after),
              outcome: a.after == null ? null : a.outcome,
            })),
            appeals: [],
            documents: [],
            figures: { licensing, penalty: 0, coercion: 0, fees_wan_yuan: 0 },
          });
          const ours = normalizeModel(model);
          for (const back of [auditText(renderText(model)), auditHtml(renderHtml(model))]) {
            const read = normalizeModel(back);
            expect(read.proactive).toEqual(ours.proactive);
            expect(read.applications).toEqual(ours.applications);
            expect(read.appeals).toEqual(ours.appeals);
            // No finding of the reading itself: only what the compiled report already says (e.g. other.high).
            const known = new Set(model.findings.map((f) => f.code));
            expect(back.findings.filter((f) => f.severity !== 'info' && !known.has(f.code))).toEqual([]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
