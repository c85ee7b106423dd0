import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeClock } from '../../../src/domain/clock/index.ts';
import { compileReport } from '../../../src/domain/report/compile.ts';
import { Province, allocate, toReportFacts } from '../../../bench/lib/generate.ts';

const small = { seed: 7, agencies: 120, applications: 6000, documents: 600 };

describe('bench generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Province(small);
    const b = new Province(small);
    const c = new Province({ ...small, seed: 8 });
    expect(a.agencies).toEqual(b.agencies);
    for (const i of [0, 5, 60, 119]) expect(JSON.stringify(a.agencyData(i))).toBe(JSON.stringify(b.agencyData(i)));
    expect(JSON.stringify(a.agencyData(5))).not.toBe(JSON.stringify(c.agencyData(5)));
    // One agency's data does not depend on which agencies were generated before it.
    const fresh = new Province(small);
    expect(JSON.stringify(fresh.agencyData(60))).toBe(JSON.stringify(a.agencyData(60)));
  });

  it('builds exactly the requested tree, parents first, codes unique', () => {
    const p = new Province(small);
    expect(p.agencies).toHaveLength(120);
    const seen = new Set<string>();
    for (const a of p.agencies) {
      expect(seen.has(a.code)).toBe(false);
      if (a.parentCode !== null) expect(seen.has(a.parentCode)).toBe(true);
      seen.add(a.code);
    }
    expect(p.agencies.filter((a) => a.parentCode === null)).toHaveLength(1);
    expect(new Set(p.agencies.map((a) => a.level))).toEqual(new Set(['province', 'department', 'city', 'county', 'town']));
    expect(p.applicationCounts.reduce((s, n) => s + n, 0)).toBe(small.applications);
  });

  it('produces histories the clock accepts, with the receipt, decision and withdrawal they claim', () => {
    const p = new Province(small);
    let total = 0;
    let carriedOver = 0;
    let withdrawn = 0;
    let lapsed = 0;
    let open = 0;
    const outcomes = new Set<string>();
    for (const data of p) {
      expect(data.applications).toHaveLength(p.applicationCounts[data.agency.index]);
      for (const app of data.applications) {
        total++;
        const clock = computeClock(app.events, { today: p.options.asOf, explain: false });
        expect(clock.receiptDate).toBe(app.receiptDate);
        expect(clock.decision?.date ?? null).toBe(app.decisionDate);
        expect(clock.decision?.outcome ?? null).toBe(app.outcome);
        expect(clock.withdrawnDate).toBe(app.withdrawnDate);
        for (const e of app.events) expect(e.date <= p.options.asOf).toBe(true);
        if (app.outcome) outcomes.add(app.outcome);
        if (app.withdrawnDate) withdrawn++;
        if (app.outcome === 'other.correction_lapsed' || app.outcome === 'other.fee_lapsed') lapsed++;
        if (!app.outcome && !app.withdrawnDate) open++;
        const closed = app.decisionDate ?? app.withdrawnDate;
        if (app.receiptDate && closed && closed.slice(0, 4) > app.receiptDate.slice(0, 4)) carriedOver++;
      }
      for (const appeal of data.appeals) {
        const app = data.applications.find((a) => a.id === appeal.applicationId)!;
        expect(appeal.filedDate > app.decisionDate!).toBe(true);
        // 不予公开 goes to 复议 first (行政复议法第二十三条第一款第四项).
        if (app.outcome!.startsWith('withheld')) expect(appeal.kind).not.toBe('litigation_direct');
        if (appeal.result === 'pending') expect(appeal.concludedDate).toBeNull();
        else expect(appeal.concludedDate! >= appeal.filedDate).toBe(true);
      }
    }
    expect(total).toBe(small.applications);
    expect(outcomes.size).toBeGreaterThanOrEqual(18);
    expect(carriedOver / total).toBeGreaterThan(0.01);
    expect(carriedOver / total).toBeLessThan(0.08);
    expect(withdrawn / total).toBeGreaterThan(0.02);
    expect(lapsed).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);
  });

  it('gives facts whose compiled report balances (一 + 二 = 三 + 四) without errors', () => {
    const p = new Province(small);
    const data = p.agencyData(p.busiestAgency());
    for (const year of p.yearsList) {
      const { model } = compileReport(toReportFacts(data, year));
      expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const t = model.applications;
      expect((t.new.total ?? 0) + (t.carried_in.total ?? 0)).toBe((t.total.total ?? 0) + (t.carried_out.total ?? 0));
    }
  });

  it('allocate splits a total exactly, each share within one of its exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }), (total, weights) => {
        const counts = allocate(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
        counts.forEach((c, i) => expect(Math.abs(c - (total * weights[i]) / sum)).toBeLessThan(1 + 1e-9));
      }),
    );
  });
});
