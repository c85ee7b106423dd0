/**
 * report.agency-year — compileReport for one agency-year (the busiest agency of the generated
 * province, in its last year) in memory, against a hand-written tally of the same table-2 cells
 * (the floor in memory). Target: under 50 ms.
 *
 * Through the database, on the loaded province (./lib/report-db.ts), Gongkai's own path: `loadFacts`
 * (src/app/reports/facts.ts: the applications' events through src/db/applications.ts
 * loadReportFacts, the clock per application, appeals, documents, figures) then `compileReport` —
 * what `compileNow` (src/app/reports/service.ts) does for a draft. The floor is one hand-written
 * SQL aggregate of the same three tables (handSqlTables).
 * - report.agency-year.db — the busiest agency, last year. Target: under 50 ms.
 * - report.province — every agency of the province for that year: the facts of all agencies read
 *   in one pass (src/app/reports/facts.ts loadFactsForAgencies, the same facts as loadFacts per
 *   agency), then each agency's compileReport (a supervisor's roll-up adds up the published
 *   reports; this is the cost of drafting every agency's report at once).
 *   Target: within 1.5× of the SQL aggregate over the whole province.
 */
import { compileReport, type CompiledReport, type ReportFacts } from '../src/domain/report/compile.ts';
import { asc } from 'drizzle-orm';
import { agencies } from '../src/db/schema.ts';
import { loadFacts, loadFactsForAgencies } from '../src/app/reports/facts.ts';
import { agencyPlace, compileNow } from '../src/app/reports/service.ts';
import { Province, toReportFacts } from './lib/generate.ts';
import { consume, loadAverage, measure, round, timeResult, type Bench, type BenchResult } from './lib/harness.ts';
import { handSqlTables, loadedProvince } from './lib/report-db.ts';

const TARGET_AGENCY_YEAR_MS = 50;
const TARGET_PROVINCE_RATIO = 1.5;

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
  {
    name: 'report.load',
    async run(ctx) {
      const l = await loadedProvince(ctx);
      const s = l.stats;
      const rows = s.agencies + s.applications + s.events + s.appeals + s.documents + s.figures;
      return [
        {
          bench: 'report.load',
          n: s.applications,
          ms: round(s.ms, 1),
          database: l.database.kind,
          rows,
          rows_per_s: Math.round(rows / (s.ms / 1000)),
          agencies: s.agencies,
          events: s.events,
          appeals: s.appeals,
          documents: s.documents,
        },
      ];
    },
  },
  {
    name: 'report.agency-year.db',
    async run(ctx) {
      const l = await loadedProvince(ctx);
      const index = l.province.busiestAgency();
      const agencyId = index + 1;
      const baseline = await measure(() => handSqlTables(l.client, l.year, agencyId), { warmup: 2, runs: 11 });
      const subject = await measure(async () => compileReport((await loadFacts(l.database.db, agencyId, l.year)).facts), { warmup: 2, runs: 11 });
      const model = (subject.value as CompiledReport).model;
      consume(model);
      // The same through compileNow (adds last year's published report and the placeholder checks).
      const place = await agencyPlace(l.database.db, l.province.agencies[index].code);
      const viaService = await measure(() => compileNow(l.database.db, place, l.year), { warmup: 1, runs: 5 });
      return [
        timeResult('report.agency-year.db', l.province.applicationCounts[index], subject, baseline, {
          database: l.database.kind,
          agency: l.province.agencies[index].name,
          year: l.year,
          new_in_year: model.applications.new.total,
          agrees_with_sql: model.applications.new.total === (baseline.value as { newTotal: number }).newTotal,
          compile_path: 'loadFacts + compileReport (src/app/reports/facts.ts)',
          compile_now_ms: round(viaService.ms, 3),
          target: `<${TARGET_AGENCY_YEAR_MS} ms`,
          pass: subject.ms < TARGET_AGENCY_YEAR_MS,
        }),
      ];
    },
  },
  {
    name: 'report.province',
    async run(ctx) {
      const l = await loadedProvince(ctx);
      const n = l.province.agencies.length;
      const runs = ctx.quick ? 3 : 1;
      const baseline = await measure(() => handSqlTables(l.client, l.year, null), { warmup: 1, runs });
      let newTotal = 0;
      let loadMs = 0;
      const subject = await measure(
        async () => {
          newTotal = 0;
          // The facts of every agency in one pass (loadFactsForAgencies: a query per area, not per
          // agency), then each agency's compile.
          const db = l.database.db;
          const t0 = performance.now();
          const rows = await db.select({ id: agencies.id }).from(agencies).orderBy(asc(agencies.id));
          const byAgency = await loadFactsForAgencies(db, rows.map((a) => a.id), l.year);
          loadMs = performance.now() - t0;
          for (const facts of byAgency.values()) newTotal += compileReport(facts).model.applications.new.total ?? 0;
          return newTotal;
        },
        { warmup: ctx.quick ? 1 : 0, runs },
      );
      const ratio = subject.ms / baseline.ms;
      return [
        timeResult('report.province', n, subject, baseline, {
          database: l.database.kind,
          applications: l.stats.applications,
          events: l.stats.events,
          year: l.year,
          new_in_year: newTotal,
          agrees_with_sql: newTotal === (baseline.value as { newTotal: number }).newTotal,
          compile_path: 'loadFactsForAgencies (all agencies, one pass) + compileReport per agency',
          // Of the last run: time in loadFactsForAgencies (queries, JSON, clock) vs compileReport.
          load_facts_ms: round(loadMs, 1),
          compile_ms: round(subject.samples[subject.samples.length - 1] - loadMs, 1),
          load_average: loadAverage(),
          target: `<=${TARGET_PROVINCE_RATIO}x hand-written SQL`,
          pass: ratio <= TARGET_PROVINCE_RATIO,
        }),
      ];
    },
  },
];
export default benches;
