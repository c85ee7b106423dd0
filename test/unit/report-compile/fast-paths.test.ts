/**
 * The compiler's fast paths (issue 9, performance): isDate reads characters instead of running the
 * pattern, placeApplicationIn takes the year's bounds computed once. Both must give exactly what the
 * obvious definitions give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicationClosure, isDate, placeApplication, placeApplicationIn, yearBounds, type ApplicationFacts } from '../../../src/domain/report/policy.ts';
import { OUTCOME_CODES } from '../../../src/domain/taxonomy/index.ts';

const PATTERN = /^\d{4}-\d{2}-\d{2}$/;

describe('isDate (the form YYYY-MM-DD)', () => {
  it('accepts the form, whether or not the day exists, and nothing else', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-30')).toBe(true); // form only: the day is checked elsewhere
    expect(isDate('2024/02/29')).toBe(false);
    expect(isDate('2024-2-29')).toBe(false);
    expect(isDate('2024-02-29\n')).toBe(false);
    expect(isDate('２０２４-02-29')).toBe(false);
    expect(isDate(20240229)).toBe(false);
    expect(isDate(null)).toBe(false);
  });
  it('agrees with /^\\d{4}-\\d{2}-\\d{2}$/ on date-like strings', () => {
    const ch = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...'0123456789') }, { weight: 1, arbitrary: fc.constantFrom(...'-/ x\n٣９') });
    const s = fc.array(ch, { minLength: 8, maxLength: 11 }).map((a) => {
      // dashes at 4 and 7, except when the first character drawn is a dash (then kept as drawn)
      if (a.length >= 8 && a[0] !== '-') {
        a[4] = '-';
        a[7] = '-';
      }
      return a.join('');
    });
    fc.assert(fc.property(fc.oneof(s, fc.string()), (v) => {
        expect(isDate(v)).toBe(PATTERN.test(v));
      }), { numRuns: 20_000 });
  });
});

describe('placeApplicationIn (bounds computed once)', () => {
  const day = fc.integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2025, 11, 31) }).map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10));
  const facts: fc.Arbitrary<ApplicationFacts> = fc.record({
    id: fc.constant('a1'),
    applicantType: fc.constant('natural' as const),
    receiptDate: fc.option(day, { nil: null }),
    decisionDate: fc.option(day, { nil: null }),
    outcome: fc.option(fc.constantFrom(...OUTCOME_CODES), { nil: null }),
    withdrawnDate: fc.option(day, { nil: null }),
  });
  it('places every application as placeApplication does, in every year', () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: 2021, max: 2025 }), (app, year) => {
        expect(placeApplicationIn(app, yearBounds(year))).toEqual(placeApplication(app, year));
      }),
      { numRuns: 5_000 },
    );
  });
  it('a withdrawal before the decision closes as （六）3.其他 on the withdrawal day; a decision first stands', () => {
    const base = { id: 'a', applicantType: 'natural' as const, receiptDate: '2024-03-01' };
    expect(applicationClosure({ ...base, decisionDate: '2024-03-20', outcome: 'public', withdrawnDate: '2024-03-10' })).toEqual({ date: '2024-03-10', outcome: 'other.other', withdrawn: true });
    expect(applicationClosure({ ...base, decisionDate: '2024-03-05', outcome: 'public', withdrawnDate: '2024-03-10' })).toEqual({ date: '2024-03-05', outcome: 'public', withdrawn: false });
    expect(applicationClosure({ ...base, decisionDate: '2024-03-05', outcome: null })).toBeNull();
  });
});
