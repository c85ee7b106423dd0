/** The workflow's pure rules (src/domain/report/workflow.ts): states, deadlines (第四十九条, S1 二), supervisor, placeholders. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../../src/domain/report/compile.ts';
import {
  blockingFindings,
  blockingMessage,
  checkPlaceholders,
  daysLeft,
  deadlineLevel,
  publicationDeadline,
  stepRefusal,
  supervisedAgencies,
  supervisingAgency,
  type ReportStatus,
  type WorkflowStep,
} from '../../../src/domain/report/workflow.ts';
import { seedFacts } from '../report-compile/seed-facts.ts';

const STATUSES: ReportStatus[] = ['draft', 'submitted', 'returned', 'cleared', 'published'];
const STEPS: WorkflowStep[] = ['edit', 'submit', 'return', 'clear', 'publish'];

describe('stepRefusal: draft → submitted → (returned | cleared) → published', () => {
  it('supervised: the whole matrix', () => {
    const allowed = (s: ReportStatus) => STEPS.filter((step) => stepRefusal(s, step, true) === null);
    expect(allowed('draft')).toEqual(['edit', 'submit']);
    expect(allowed('returned')).toEqual(['edit', 'submit']);
    expect(allowed('submitted')).toEqual(['return', 'clear']);
    expect(allowed('cleared')).toEqual(['publish']);
    expect(allowed('published')).toEqual([]);
  });
  it('unsupervised (no 政务公开办 above): no submission, the draft is published directly', () => {
    expect(stepRefusal('draft', 'submit', false)).toContain('无需报送');
    expect(stepRefusal('draft', 'publish', false)).toBeNull();
    expect(stepRefusal('published', 'publish', false)).toContain('不能公布');
  });
  it('a published version can never be edited, whatever the supervision', () => {
    for (const supervised of [true, false]) expect(stepRefusal('published', 'edit', supervised)).toContain('只能发布更正版本');
  });
  it('every refusal is a Chinese sentence', () => {
    for (const s of STATUSES) for (const step of STEPS) for (const sup of [true, false]) {
      const r = stepRefusal(s, step, sup);
      if (r !== null) expect(r).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('deadlines', () => {
  it('第四十九条: a department publishes by 1 月 31 日 of the next year', () => {
    expect(deadlineLevel({ code: '220500-zsj', hasChildren: false })).toBe('department');
    expect(publicationDeadline(2023, 'department')).toBe('2024-01-31');
  });
  it('S1 二: roll-ups by 2月20日 (县级), 3月10日 (地市级), 3月31日 (省级)', () => {
    expect(deadlineLevel({ code: '220502', hasChildren: true })).toBe('county');
    expect(deadlineLevel({ code: '220500', hasChildren: true })).toBe('city');
    expect(deadlineLevel({ code: '220000', hasChildren: true })).toBe('province');
    expect(deadlineLevel({ code: 'city-x', hasChildren: true })).toBe('city');
    expect(publicationDeadline(2023, 'county')).toBe('2024-02-20');
    expect(publicationDeadline(2023, 'city')).toBe('2024-03-10');
    expect(publicationDeadline(2023, 'province')).toBe('2024-03-31');
  });
  it('days left are calendar days, across month and leap-year ends', () => {
    expect(daysLeft('2024-01-17', '2024-01-31')).toBe(14);
    expect(daysLeft('2024-01-31', '2024-01-31')).toBe(0);
    expect(daysLeft('2024-02-28', '2024-03-10')).toBe(11); // 2024 is a leap year
    expect(daysLeft('2024-02-01', '2024-01-31')).toBe(-1);
  });
  it('property: daysLeft(a, b) = −daysLeft(b, a), and one day later is one day less', () => {
    const day = fc.integer({ min: 0, max: 20000 }).map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(daysLeft(a, b) + daysLeft(b, a)).toBe(0);
        const next = new Date(Date.parse(a) + 86_400_000).toISOString().slice(0, 10);
        expect(daysLeft(next, b)).toBe(daysLeft(a, b) - 1);
      }),
    );
  });
});

describe('the supervising 政务公开办', () => {
  // 1 city ─ 2 bureau, 3 district ─ 4 district bureau
  const tree = [
    { id: 1, parentId: null },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 1 },
    { id: 4, parentId: 3 },
  ];
  it('is the nearest ancestor with a supervisor, never the agency itself', () => {
    expect(supervisingAgency(tree, new Set([1]), 4)).toBe(1);
    expect(supervisingAgency(tree, new Set([1, 3]), 4)).toBe(3);
    expect(supervisingAgency(tree, new Set([1, 2]), 2)).toBe(1);
    expect(supervisingAgency(tree, new Set([1]), 1)).toBeNull();
  });
  it('what a supervisor covers stops at the next supervisor below', () => {
    expect(supervisedAgencies(tree, new Set([1]), 1)).toEqual([2, 3, 4]);
    expect(supervisedAgencies(tree, new Set([1, 3]), 1)).toEqual([2, 3]);
    expect(supervisedAgencies(tree, new Set([1, 3]), 3)).toEqual([4]);
  });
  it('a cycle in bad data does not loop', () => {
    expect(supervisingAgency([{ id: 1, parentId: 2 }, { id: 2, parentId: 1 }], new Set(), 1)).toBeNull();
  });
});

describe('section.placeholder and what blocks publication', () => {
  it('the first draft (prose.ts) is unfinished in all three prose sections', () => {
    const { model } = compileReport(seedFacts);
    expect(checkPlaceholders(model).map((f) => f.where)).toEqual(['section/overview', 'section/problems', 'section/other']);
    expect(checkPlaceholders(model).every((f) => f.severity === 'error')).toBe(true);
  });
  it('finished prose has none', () => {
    const { model } = compileReport({ ...seedFacts, sections: { overview: '综述。', problems: '问题。', other: '无。' } });
    expect(checkPlaceholders(model)).toEqual([]);
  });
  it('deadline.late is recorded but never blocks; every other error does; warnings never', () => {
    const findings = [
      { code: 'deadline.late', severity: 'error' as const, message: '晚了' },
      { code: 'identity.balance', severity: 'error' as const, message: '不平' },
      { code: 'text.number_mismatch', severity: 'warning' as const, message: '数字不符' },
    ];
    expect(blockingFindings(findings).map((f) => f.code)).toEqual(['identity.balance']);
    expect(blockingMessage('公布', blockingFindings(findings))).toBe('年度报告还有 1 个错误，不能公布：1. 不平');
  });
});
