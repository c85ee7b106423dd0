/**
 * report.agency-year — compileReport for one agency-year (the busiest agency of the generated
 * province, in its last year) in memory, against a hand-written tally of the same table-2 cells
 * (the floor in memory). Target: under 50 ms.
 *
 * report.agency-year.db and report.province — through the database: see ./lib/report-db.ts.
 */
import { compileReport, type ReportFacts } from '../src/domain/report/compile.ts';
import { Province, toReportFacts } from './lib/generate.ts';
import { consume, measure, round, timeResult, type Bench, type BenchResult } from './lib/harness.ts';
import { dbBenches } from './lib/report-db.ts';

const TARGET_AGENCY_YEAR_MS = 50;

/** The floor: table 2 counted by hand in one pass (no sources, no checks, no prose). */
export function tallyTable2(facts: ReportFacts): Map<string, number> {
  const first = `${facts.year}-01-01`;
  const last = `${facts.year}-12-31`;
  const cells = new Map<string, number>();
  const inc = (row: string, col: string) => {
    const k = `${row}/${col}`;
    cells.set(k, (cells.get(k) ?? 0) + 1);
  };
  for (const a of facts.applications) {
    const r = a.receiptDate;
    if (r == null || r > last) continue;
    const w = a.withdrawnDate ?? null;
    const closed = w != null && (a.decisionDate == null || w < a.decisionDate) ? w : a.decisionDate;
    const outcome = w != null && closed === w ? 'other.other' : a.outcome;
    if (closed != null && closed < first) continue;
    inc(r >= first ? 'new' : 'carried_in', a.applicantType);
    if (closed != null && closed <= last && outcome) inc(outcome, a.applicantType);
    else inc('carried_out', a.applicantType);
  }
  return cells;
}

export const benches: Bench[] = [
  {
    name: 'report.agency-year',
    async run(ctx) {
      const agencies = ctx.size(5_000, 500);
      const applications = ctx.size(1_000_000, 100_000);
      const p = new Province({ seed: ctx.seed, agencies, applications });
      const i = p.busiestAgency();
      const data = p.agencyData(i);
      const year = p.yearsList[p.yearsList.length - 1];
      const facts = toReportFacts(data, year);
      const baseline = await measure(() => tallyTable2(facts), { warmup: 3, runs: 21 });
      const subject = await measure(() => compileReport(facts), { warmup: 3, runs: 21 });
      consume(subject.value);
      const out: BenchResult[] = [
        timeResult('report.agency-year', facts.applications.length, subject, baseline, {
          where: 'memory',
          agency: data.agency.name,
          year,
          new_in_year: (subject.value as ReturnType<typeof compileReport>).model.applications.new.total,
          target: `<${TARGET_AGENCY_YEAR_MS} ms`,
          pass: subject.ms < TARGET_AGENCY_YEAR_MS,
          p_max_ms: round(Math.max(...subject.samples), 3),
        }),
      ];
      return out;
    },
  },
  ...dbBenches,
];
export default benches;
