import { describe, expect, it } from 'vitest';
import { targetSummary } from '../../../bench/lib/harness.ts';

describe('bench summary: every target as a ratio', () => {
  it('takes the ratio against the baseline when there is one, else against the target limit', () => {
    const lines = targetSummary([
      { bench: 'report.province', ms: 179, baseline_ms: 138, ratio: 1.297, target: '<=1.5x hand-written SQL', pass: true },
      { bench: 'report.agency-year', ms: 2.1, target: '<50 ms', pass: true },
      { bench: 'portal.home', rps: 13169, baseline_rps: 14191, ratio: 0.928, target: '>=40% of a constant Fastify route', pass: true },
      { bench: 'load.submit', target: 'zero errors', pass: false },
      { bench: 'clock', ms: 111, baseline_ms: 11.3, ratio: 9.9 },
    ]);
    expect(lines).toEqual([
      { bench: 'report.province', ratio: 1.297, against: 'baseline 138 ms', target: '<=1.5x hand-written SQL', pass: true },
      { bench: 'report.agency-year', ratio: 0.042, against: 'limit 50 ms', target: '<50 ms', pass: true },
      { bench: 'portal.home', ratio: 0.928, against: 'baseline 14191 req/s', target: '>=40% of a constant Fastify route', pass: true },
      { bench: 'load.submit', ratio: null, against: 'no baseline', target: 'zero errors', pass: false },
    ]);
  });
});
