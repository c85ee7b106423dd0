import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../../src/domain/report/checks.ts';
import { compileReport, type ReportFacts } from '../../../src/domain/report/compile.ts';
import type { ApplicationFacts } from '../../../src/domain/report/policy.ts';
import {
  APPEAL_COLUMNS,
  APPEAL_KINDS,
  APPEAL_RESULTS,
  APPLICANT_TYPES,
  OUTCOME_CODES,
  TABLE2_COLUMNS,
  TABLE2_ROWS,
} from '../../../src/domain/taxonomy/index.ts';

const ZERO = { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 };
const facts = (p: Partial<ReportFacts>): ReportFacts => ({
  agency: { name: '测试局', code: 'test' },
  year: 2023,
  applications: [],
  appeals: [],
  documents: [],
  figures: ZERO,
  ...p,
});

describe('compileReport', () => {
  it('counts by applicant column, fills 总计, and lists the applications behind each cell', () => {
    const { model, sources } = compileReport(
      facts({
        applications: [
          { id: 'A1', applicantType: 'natural', receiptDate: '2023-02-01', decisionDate: '2023-02-20', outcome: 'public' },
          { id: 'A2', applicantType: 'org.business', receiptDate: '2023-03-01', decisionDate: '2023-03-25', outcome: 'withheld.third_party' },
          { id: 'A3', applicantType: 'org.legal_service', receiptDate: '2022-12-28', decisionDate: '2023-01-15', outcome: 'partial' },
          { id: 'A4', applicantType: 'natural', receiptDate: '2023-12-25', decisionDate: null, outcome: null },
          { id: 'A5', applicantType: 'natural', receiptDate: '2023-06-01', decisionDate: null, outcome: null, withdrawnDate: '2023-06-05' },
          { id: 'A6', applicantType: 'natural', receiptDate: null, decisionDate: null, outcome: null },
        ],
      }),
    );
    const a = model.applications;
    expect(a.new).toMatchObject({ natural: 3, 'org.business': 1, 'org.legal_service': 0, total: 4 });
    expect(a.carried_in).toMatchObject({ 'org.legal_service': 1, total: 1 });
    expect(a.public.natural).toBe(1);
    expect(a['withheld.third_party']['org.business']).toBe(1);
    expect(a.partial['org.legal_service']).toBe(1);
    expect(a['other.other'].natural).toBe(1);
    expect(a.total).toMatchObject({ natural: 2, 'org.business': 1, 'org.legal_service': 1, total: 4 });
    expect(a.carried_out).toMatchObject({ natural: 1, total: 1 });
    expect(sources['table2/new/natural'].sort()).toEqual(['A1', 'A4', 'A5']);
    expect(sources['table2/carried_out/total']).toEqual(['A4']);
    expect(sources['table2/other.other/natural']).toEqual(['A5']);
    expect(sources['table2/withheld.state_secret/total']).toEqual([]);
    expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('table 3: filed in the year by result at 31 December; co-defendant 复议机关 cases excluded; sources per cell', () => {
    const appeals: ReportFacts['appeals'] = [
      { id: 'R1', kind: 'reconsideration', filedDate: '2023-03-01', concludedDate: '2023-05-01', result: 'upheld' },
      { id: 'R2', kind: 'reconsideration', filedDate: '2023-11-01', concludedDate: '2024-01-20', result: 'corrected' },
      { id: 'L1', kind: 'litigation_direct', filedDate: '2023-04-01', concludedDate: '2023-10-01', result: 'other' },
      { id: 'L2', kind: 'litigation_after_reconsideration', filedDate: '2023-08-01', concludedDate: null, result: 'pending', coDefendantReviewOrgan: true },
      { id: 'L3', kind: 'litigation_after_reconsideration', filedDate: '2022-08-01', concludedDate: '2023-02-01', result: 'upheld' },
    ];
    const { model, sources } = compileReport(facts({ appeals }));
    expect(model.appeals.reconsideration).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 });
    expect(model.appeals.litigation_direct).toEqual({ upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 });
    expect(model.appeals.litigation_after_reconsideration).toEqual({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 });
    expect(sources['table3/reconsideration/pending']).toEqual(['R2']);
    const alt = compileReport(facts({ appeals }), { appeals: 'concluded_or_pending' }).model;
    expect(alt.appeals.litigation_after_reconsideration).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
    expect(alt.appeals.reconsideration).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 });
  });

  it('table 1 from the documents and the figures', () => {
    const { model, sources } = compileReport(
      facts({
        documents: [
          { id: 'D1', kind: 'rule', issuedDate: '2023-03-01', repealedDate: null },
          { id: 'D2', kind: 'normative', issuedDate: '2019-03-01', repealedDate: '2023-09-01' },
          { id: 'D3', kind: 'normative', issuedDate: '2021-03-01', repealedDate: null },
          { id: 'D4', kind: 'other', issuedDate: '2023-03-01', repealedDate: null },
        ],
        figures: { licensing: 367, penalty: 12, coercion: 3, fees_wan_yuan: 1.25 },
      }),
    );
    expect(model.proactive).toEqual({
      rules: { issued: 1, repealed: 0, in_force: 1 },
      normative: { issued: 0, repealed: 1, in_force: 1 },
      licensing: 367,
      penalty: 12,
      coercion: 3,
      fees_wan_yuan: 1.25,
    });
    expect(sources['table1/normative/repealed']).toEqual(['D2']);
  });

  it('keeps the agency prose it is given and drafts the rest', () => {
    const { model } = compileReport(facts({ sections: { problems: '本机关撰写的问题与改进。' }, feesCollectedYuan: 300 }));
    expect(model.sections.problems).toBe('本机关撰写的问题与改进。');
    expect(model.sections.overview).toContain('本年新收政府信息公开申请0件');
    expect(model.sections.other).toContain('收取信息处理费300元');
  });

  it('reports incomplete records as findings instead of failing', () => {
    const { model } = compileReport(
      facts({
        applications: [
          { id: 'X1', applicantType: 'natural', receiptDate: '2023-02-01', decisionDate: '2023-02-05', outcome: null },
          { id: 'X2', applicantType: 'natural', receiptDate: '2023-02-10', decisionDate: '2023-02-01', outcome: 'public' },
        ],
      }),
    );
    expect(model.findings.filter((f) => f.code === 'facts.incomplete').map((f) => f.where)).toEqual(['application/X1', 'application/X2']);
    expect(model.applications.public.total).toBe(1);
    expect(model.applications.carried_out.total).toBe(1);
  });

  it('refuses facts it cannot count, in Chinese', () => {
    expect(() => compileReport(facts({ year: 23 }))).toThrow(/报告年度无效/);
    expect(() =>
      compileReport(facts({ applications: [{ id: 'B', applicantType: 'alien' as never, receiptDate: '2023-01-01', decisionDate: null, outcome: null }] })),
    ).toThrow(/申请人类型无效/);
    expect(() =>
      compileReport(facts({ applications: [{ id: 'B', applicantType: 'natural', receiptDate: '2023/01/01', decisionDate: null, outcome: null }] })),
    ).toThrow(/收到申请日期格式无效/);
    expect(() => compileReport(facts({ figures: { ...ZERO, penalty: -1 } }))).toThrow(/行政处罚/);
  });

  it('passes last year\'s report to the carry-over check', () => {
    const prev = compileReport(facts({ year: 2022 })).model;
    prev.applications.carried_out.natural = 2;
    prev.applications.carried_out.total = 2;
    const { model } = compileReport(facts({ previous: prev }));
    expect(model.findings.map((f) => f.code)).toContain('carryover.mismatch');
  });
});

// ---------------------------------------------------------------- properties

const DAY0 = Date.UTC(2021, 6, 1); // 2021-07-01 … about four years of days
const iso = (day: number) => new Date(DAY0 + day * 86_400_000).toISOString().slice(0, 10);

const arbApplication = (i: number) =>
  fc
    .record({
      type: fc.constantFrom(...APPLICANT_TYPES),
      received: fc.option(fc.integer({ min: 0, max: 1400 }), { nil: null, freq: 8 }),
      decidedAfter: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null, freq: 3 }),
      withdrawnAfter: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null, freq: 1 }),
      outcome: fc.constantFrom(...OUTCOME_CODES),
    })
    .map(
      (r): ApplicationFacts => ({
        id: `A${i}`,
        applicantType: r.type,
        receiptDate: r.received == null ? null : iso(r.received),
        decisionDate: r.received == null || r.decidedAfter == null ? null : iso(r.received + r.decidedAfter),
        outcome: r.received == null || r.decidedAfter == null ? null : r.outcome,
        withdrawnDate: r.received == null || r.withdrawnAfter == null ? null : iso(r.received + r.withdrawnAfter),
      }),
    );

const arbApplications = fc.integer({ min: 0, max: 60 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbApplication(i))));

const arbAppeals = fc.array(
  fc.record({
    kind: fc.constantFrom(...APPEAL_KINDS),
    filed: fc.integer({ min: 0, max: 1400 }),
    after: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    result: fc.constantFrom(...APPEAL_RESULTS.filter((r) => r !== 'pending')),
    co: fc.boolean(),
  }),
  { maxLength: 20 },
);

describe('properties: by construction the identities hold over random case histories', () => {
  it('for years 2022–2024: checkReport finds no error, 一+二 = （七）+四 per column, and year Y carries in what Y−1 carried out', () => {
    fc.assert(
      fc.property(arbApplications, arbAppeals, (applications, rawAppeals) => {
        const appeals = rawAppeals.map((a, i) => ({
          id: `C${i}`,
          kind: a.kind,
          filedDate: iso(a.filed),
          concludedDate: a.after == null ? null : iso(a.filed + a.after),
          result: a.after == null ? ('pending' as const) : a.result,
          coDefendantReviewOrgan: a.co,
        }));
        let previous: ReturnType<typeof compileReport>['model'] | undefined;
        for (const year of [2022, 2023, 2024]) {
          const { model, sources } = compileReport(facts({ year, applications, appeals, previous }));
          expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
          expect(checkReport(model, { previous }).filter((f) => f.severity === 'error')).toEqual([]);
          const a = model.applications;
          for (const col of TABLE2_COLUMNS) {
            expect(a.new[col]! + a.carried_in[col]!).toBe(a.total[col]! + a.carried_out[col]!);
            expect(OUTCOME_CODES.reduce((s, r) => s + a[r][col]!, 0)).toBe(a.total[col]);
            if (previous) expect(a.carried_in[col]).toBe(previous.applications.carried_out[col]);
          }
          for (const row of TABLE2_ROWS) {
            expect(APPLICANT_TYPES.reduce((s, c) => s + a[row][c]!, 0)).toBe(a[row].total);
            for (const col of TABLE2_COLUMNS) expect(sources[`table2/${row}/${col}`].length).toBe(a[row][col]);
          }
          for (const kind of APPEAL_KINDS) {
            expect(APPEAL_RESULTS.reduce((s, c) => s + model.appeals[kind][c]!, 0)).toBe(model.appeals[kind].total);
            for (const col of APPEAL_COLUMNS) expect(sources[`table3/${kind}/${col}`].length).toBe(model.appeals[kind][col]);
          }
          // Every application received by 31 December and open at 1 January is in exactly 一 or 二, and in exactly 三 or 四.
          const ids = (row: string) => new Set(sources[`table2/${row}/total`]);
          const left = new Set([...ids('new'), ...ids('carried_in')]);
          const right = new Set([...ids('total'), ...ids('carried_out')]);
          expect([...left].sort()).toEqual([...right].sort());
          previous = model;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an application received in Y−1 and decided in Y+1 is carried in and carried out at Y (and the year balances)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 184, max: 548 }), fc.integer({ min: 915, max: 1279 }), fc.constantFrom(...APPLICANT_TYPES), (r, d, type) => {
        // day 184 = 2022-01-01 … 548 = 2022-12-31; 915 = 2024-01-01 … 1279 = 2024-12-30
        const app: ApplicationFacts = { id: 'L', applicantType: type, receiptDate: iso(r), decisionDate: iso(d), outcome: 'public' };
        const { model } = compileReport(facts({ year: 2023, applications: [app] }));
        expect(model.applications.carried_in[type]).toBe(1);
        expect(model.applications.carried_out[type]).toBe(1);
        expect(model.applications.new.total).toBe(0);
        expect(model.applications.total.total).toBe(0);
      }),
    );
  });
});
