/**
 * Report compilation through the database (issue 9):
 *
 * - report.agency-year.db — one agency-year (the busiest agency, last year): Gongkai's compile
 *   (load the agency's applications with their events, derive receipt / decision / withdrawal with
 *   the clock, load appeals, documents and figures, compileReport) against one hand-written SQL
 *   aggregate of the same three tables for that agency (the floor). Target: under 50 ms.
 * - report.province — every agency of the generated province for that year, against one
 *   hand-written SQL aggregate over the whole province. Target: within 1.5× of the SQL.
 *
 * The compile path is `compileAgencyYearFromDb` below, a stand-in written here: at the time of
 * writing no function in src/db or src/server compiled a report from the database. It does what
 * design.md prescribes (state derived from the events only, through computeClock).
 */
import { computeClock } from '../../src/domain/clock/index.ts';
import type { ClockEvent } from '../../src/domain/clock/events.ts';
import { compileReport, type CompiledReport, type ReportFacts } from '../../src/domain/report/compile.ts';
import type { ApplicationFacts } from '../../src/domain/report/policy.ts';
import type { AppealKind, AppealResult, ApplicantType } from '../../src/domain/taxonomy/index.ts';
import type { Database } from '../../src/db/index.ts';
import { Province } from './generate.ts';
import { consume, measure, round, timeResult, type Bench, type BenchContext, type BenchResult } from './harness.ts';
import { loadProvince, openBenchDatabase, rawClient, type RawClient } from './load.ts';

const TARGET_AGENCY_YEAR_MS = 50;
const TARGET_PROVINCE_RATIO = 1.5;

// ------------------------------------------------------------------------------- Gongkai's path

interface AppRow {
  id: number;
  applicant_type: string;
  events: ClockEvent[] | string;
}

/** The facts of one agency-year from the database, state derived from the events by the clock. */
export async function loadAgencyYearFacts(client: RawClient, agencyId: number, year: number, today: string): Promise<ReportFacts> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const [agency, apps, appeals, docs, figs] = await Promise.all([
    client.query<{ code: string; name: string }>('SELECT code, name FROM agencies WHERE id = $1', [agencyId]),
    // Every application that may be in table 2 of the year: received by 31 December and not closed
    // before 1 January. Which ones are is the clock's business; the query only narrows by the
    // submission date (never later than the receipt date) and the closing events' dates.
    client.query<AppRow>(
      `SELECT a.id, a.applicant_type, json_agg(e.payload ORDER BY e.seq) AS events
         FROM applications a JOIN application_events e ON e.application_id = a.id
        WHERE a.agency_id = $1
          AND NOT EXISTS (SELECT 1 FROM application_events s WHERE s.application_id = a.id AND s.type = 'submitted' AND s.payload->>'date' > $3)
          AND NOT EXISTS (SELECT 1 FROM application_events c WHERE c.application_id = a.id AND c.type IN ('decided', 'withdrawn') AND c.payload->>'date' < $2)
        GROUP BY a.id`,
      [agencyId, first, last],
    ),
    client.query<{ id: number; kind: string; filed_date: string; concluded_date: string | null; result: string; original_organ: boolean }>(
      `SELECT id, kind, filed_date::text, concluded_date::text, result, original_organ FROM appeals WHERE agency_id = $1 AND filed_date <= $2`,
      [agencyId, last],
    ),
    client.query<{ id: number; kind: 'rule' | 'normative' | 'other'; written_date: string | null; repealed_date: string | null }>(
      `SELECT id, kind, written_date::text, repealed_date::text FROM documents WHERE agency_id = $1 AND kind <> 'other' AND status <> 'draft'`,
      [agencyId],
    ),
    client.query<{ item: string; value: string | number }>('SELECT item, value FROM figures WHERE agency_id = $1 AND year = $2', [agencyId, year]),
  ]);
  const applications: ApplicationFacts[] = apps.rows.map((r) => {
    const events = (typeof r.events === 'string' ? JSON.parse(r.events) : r.events) as ClockEvent[];
    const clock = computeClock(events, { today, explain: false });
    return {
      id: String(r.id),
      applicantType: r.applicant_type as ApplicantType,
      receiptDate: clock.receiptDate,
      decisionDate: clock.decision?.date ?? null,
      outcome: clock.decision?.outcome ?? null,
      withdrawnDate: clock.withdrawnDate,
    };
  });
  const figures = { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 };
  for (const f of figs.rows) if (f.item in figures) figures[f.item as keyof typeof figures] = Number(f.value);
  return {
    agency: { code: agency.rows[0].code, name: agency.rows[0].name },
    year,
    applications,
    appeals: appeals.rows.map((a) => ({
      id: String(a.id),
      kind: a.kind as AppealKind,
      filedDate: a.filed_date,
      concludedDate: a.concluded_date,
      result: a.result as AppealResult,
      coDefendantReviewOrgan: !a.original_organ,
    })),
    documents: docs.rows.map((d) => ({ id: String(d.id), kind: d.kind, issuedDate: d.written_date, repealedDate: d.repealed_date })),
    figures,
  };
}

export async function compileAgencyYearFromDb(client: RawClient, agencyId: number, year: number, today: string): Promise<CompiledReport> {
  return compileReport(await loadAgencyYearFacts(client, agencyId, year, today));
}

/**
 * Every agency's report of a year in one pass: four queries over the whole province (applications
 * with their events in agency order, appeals, documents, figures), the clock per application, then
 * compileReport per agency. Returns the number of reports and their 一、本年新收 total.
 */
export async function compileProvinceFromDb(
  client: RawClient,
  year: number,
  today: string,
  onReport: (report: CompiledReport) => void = () => {},
): Promise<{ reports: number; newTotal: number }> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const [agencies, apps, appeals, docs, figs] = await Promise.all([
    client.query<{ id: number; code: string; name: string }>('SELECT id, code, name FROM agencies ORDER BY id'),
    client.query<AppRow & { agency_id: number }>(
      `SELECT a.agency_id, a.id, a.applicant_type, json_agg(e.payload ORDER BY e.seq) AS events
         FROM applications a JOIN application_events e ON e.application_id = a.id
        WHERE NOT EXISTS (SELECT 1 FROM application_events s WHERE s.application_id = a.id AND s.type = 'submitted' AND s.payload->>'date' > $2)
          AND NOT EXISTS (SELECT 1 FROM application_events c WHERE c.application_id = a.id AND c.type IN ('decided', 'withdrawn') AND c.payload->>'date' < $1)
        GROUP BY a.id`,
      [first, last],
    ),
    client.query<{ agency_id: number; id: number; kind: string; filed_date: string; concluded_date: string | null; result: string; original_organ: boolean }>(
      `SELECT agency_id, id, kind, filed_date::text, concluded_date::text, result, original_organ FROM appeals WHERE filed_date <= $1`,
      [last],
    ),
    client.query<{ agency_id: number; id: number; kind: 'rule' | 'normative' | 'other'; written_date: string | null; repealed_date: string | null }>(
      `SELECT agency_id, id, kind, written_date::text, repealed_date::text FROM documents WHERE kind <> 'other' AND status <> 'draft'`,
    ),
    client.query<{ agency_id: number; item: string; value: string | number }>('SELECT agency_id, item, value FROM figures WHERE year = $1', [year]),
  ]);
  const facts = new Map<number, ReportFacts>();
  for (const a of agencies.rows) {
    facts.set(a.id, {
      agency: { code: a.code, name: a.name },
      year,
      applications: [],
      appeals: [],
      documents: [],
      figures: { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 },
    });
  }
  for (const r of apps.rows) {
    const events = (typeof r.events === 'string' ? JSON.parse(r.events) : r.events) as ClockEvent[];
    const clock = computeClock(events, { today, explain: false });
    facts.get(r.agency_id)!.applications.push({
      id: String(r.id),
      applicantType: r.applicant_type as ApplicantType,
      receiptDate: clock.receiptDate,
      decisionDate: clock.decision?.date ?? null,
      outcome: clock.decision?.outcome ?? null,
      withdrawnDate: clock.withdrawnDate,
    });
  }
  for (const a of appeals.rows) {
    facts.get(a.agency_id)!.appeals.push({
      id: String(a.id),
      kind: a.kind as AppealKind,
      filedDate: a.filed_date,
      concludedDate: a.concluded_date,
      result: a.result as AppealResult,
      coDefendantReviewOrgan: !a.original_organ,
    });
  }
  for (const d of docs.rows) facts.get(d.agency_id)!.documents.push({ id: String(d.id), kind: d.kind, issuedDate: d.written_date, repealedDate: d.repealed_date });
  for (const f of figs.rows) {
    const fig = facts.get(f.agency_id)!.figures;
    if (f.item in fig) fig[f.item as keyof typeof fig] = Number(f.value);
  }
  let newTotal = 0;
  for (const f of facts.values()) {
    const report = compileReport(f);
    newTotal += report.model.applications.new.total ?? 0;
    onReport(report);
  }
  return { reports: facts.size, newTotal };
}

// ------------------------------------------------------------------------------- a projection

/**
 * What the profile points to (see the README lines of issue 9): most of the province compile is
 * moving every application's events out of the database to replay them in the clock. A projection
 * of the clock's results — one row per application, written when an event is appended, still
 * derived from the events only — removes that. This bench-only table shows the effect; it is not
 * part of the schema.
 */
export async function buildFactsProjection(client: RawClient, today: string): Promise<number> {
  await client.query('DROP TABLE IF EXISTS bench_application_facts');
  await client.query(`CREATE TABLE bench_application_facts (
    application_id int PRIMARY KEY, agency_id int NOT NULL, applicant_type text NOT NULL,
    receipt_date date, decision_date date, outcome text, withdrawn_date date)`);
  const { rows } = await client.query<AppRow & { agency_id: number }>(
    `SELECT a.agency_id, a.id, a.applicant_type, json_agg(e.payload ORDER BY e.seq) AS events
       FROM applications a JOIN application_events e ON e.application_id = a.id GROUP BY a.id`,
  );
  const cols: unknown[][] = [[], [], [], [], [], [], []];
  const flush = async () => {
    await client.query(
      `INSERT INTO bench_application_facts SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::date[], $5::date[], $6::text[], $7::date[])`,
      cols.map((c) => [...c]),
    );
    for (const c of cols) c.length = 0;
  };
  for (const r of rows) {
    const events = (typeof r.events === 'string' ? JSON.parse(r.events) : r.events) as ClockEvent[];
    const clock = computeClock(events, { today, explain: false });
    const values = [r.id, r.agency_id, r.applicant_type, clock.receiptDate, clock.decision?.date ?? null, clock.decision?.outcome ?? null, clock.withdrawnDate];
    values.forEach((v, i) => cols[i].push(v));
    if (cols[0].length >= 10_000) await flush();
  }
  await flush();
  await client.query('CREATE INDEX ON bench_application_facts (receipt_date)');
  await client.query('CREATE INDEX ON bench_application_facts (agency_id, receipt_date)');
  await client.query('ANALYZE bench_application_facts');
  return rows.length;
}

/** compileProvinceFromDb, reading the projection instead of the events (`agencyId`: one agency only). */
export async function compileProvinceFromProjection(client: RawClient, year: number, agencyId?: number): Promise<{ reports: number; newTotal: number }> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const one = agencyId != null;
  const and = (column: string, n: number) => (one ? ` AND ${column} = $${n}` : '');
  const withId = (params: unknown[]) => (one ? [...params, agencyId] : params);
  const [agencies, apps, appeals, docs, figs] = await Promise.all([
    client.query<{ id: number; code: string; name: string }>(`SELECT id, code, name FROM agencies WHERE true${and('id', 1)} ORDER BY id`, withId([])),
    client.query<{ agency_id: number; application_id: number; applicant_type: string; receipt_date: string; decision_date: string | null; outcome: string | null; withdrawn_date: string | null }>(
      `SELECT agency_id, application_id, applicant_type, receipt_date::text, decision_date::text, outcome, withdrawn_date::text
         FROM bench_application_facts
        WHERE receipt_date <= $2::date AND coalesce(least(decision_date, withdrawn_date), 'infinity') >= $1::date${and('agency_id', 3)}`,
      withId([first, last]),
    ),
    client.query<{ agency_id: number; id: number; kind: string; filed_date: string; concluded_date: string | null; result: string; original_organ: boolean }>(
      `SELECT agency_id, id, kind, filed_date::text, concluded_date::text, result, original_organ FROM appeals WHERE filed_date <= $1${and('agency_id', 2)}`,
      withId([last]),
    ),
    client.query<{ agency_id: number; id: number; kind: 'rule' | 'normative' | 'other'; written_date: string | null; repealed_date: string | null }>(
      `SELECT agency_id, id, kind, written_date::text, repealed_date::text FROM documents WHERE kind <> 'other' AND status <> 'draft'${and('agency_id', 1)}`,
      withId([]),
    ),
    client.query<{ agency_id: number; item: string; value: string | number }>(`SELECT agency_id, item, value FROM figures WHERE year = $1${and('agency_id', 2)}`, withId([year])),
  ]);
  const facts = new Map<number, ReportFacts>();
  for (const a of agencies.rows) {
    facts.set(a.id, { agency: { code: a.code, name: a.name }, year, applications: [], appeals: [], documents: [], figures: { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 } });
  }
  for (const r of apps.rows) {
    facts.get(r.agency_id)!.applications.push({
      id: String(r.application_id),
      applicantType: r.applicant_type as ApplicantType,
      receiptDate: r.receipt_date,
      decisionDate: r.decision_date,
      outcome: r.outcome as ApplicationFacts['outcome'],
      withdrawnDate: r.withdrawn_date,
    });
  }
  for (const a of appeals.rows) {
    facts.get(a.agency_id)!.appeals.push({ id: String(a.id), kind: a.kind as AppealKind, filedDate: a.filed_date, concludedDate: a.concluded_date, result: a.result as AppealResult, coDefendantReviewOrgan: !a.original_organ });
  }
  for (const d of docs.rows) facts.get(d.agency_id)!.documents.push({ id: String(d.id), kind: d.kind, issuedDate: d.written_date, repealedDate: d.repealed_date });
  for (const f of figs.rows) {
    const fig = facts.get(f.agency_id)!.figures;
    if (f.item in fig) fig[f.item as keyof typeof fig] = Number(f.value);
  }
  let newTotal = 0;
  for (const f of facts.values()) newTotal += compileReport(f).model.applications.new.total ?? 0;
  return { reports: facts.size, newTotal };
}

/** The floor over the projection: table 2 of every agency by one GROUP BY. */
export async function handSqlOverProjection(client: RawClient, year: number): Promise<{ rows: number; newTotal: number }> {
  const { rows } = await client.query<{ new: number }>(
    `WITH g AS (
       SELECT agency_id, applicant_type, receipt_date AS receipt,
              CASE WHEN withdrawn_date IS NOT NULL AND (decision_date IS NULL OR withdrawn_date < decision_date) THEN withdrawn_date ELSE decision_date END AS closed,
              CASE WHEN withdrawn_date IS NOT NULL AND (decision_date IS NULL OR withdrawn_date < decision_date) THEN 'other.other' ELSE outcome END AS outcome
         FROM bench_application_facts WHERE receipt_date <= $2::date)
     SELECT agency_id, applicant_type, CASE WHEN closed BETWEEN $1::date AND $2::date THEN outcome END AS outcome,
            count(*) FILTER (WHERE receipt >= $1::date)::int AS new, count(*) FILTER (WHERE receipt < $1::date)::int AS carried_in,
            count(*) FILTER (WHERE closed IS NULL OR closed > $2::date)::int AS carried_out
       FROM g WHERE closed IS NULL OR closed >= $1::date GROUP BY 1, 2, 3`,
    [`${year}-01-01`, `${year}-12-31`],
  );
  return { rows: rows.length, newTotal: rows.reduce((s, r) => s + Number(r.new), 0) };
}

// ------------------------------------------------------------------------------- the floor

/**
 * Tables 1–3 of a year by hand-written SQL: receipt date (第三十一条: confirmation where the channel
 * needs one, else submission), closure (decision, or withdrawal before it → （六）3), then one GROUP
 * BY. `agencyId` null = every agency. Returns the number of result rows and the 一、本年新收 total
 * (to check that the floor and Gongkai count the same).
 */
export async function handSqlTables(client: RawClient, year: number, agencyId: number | null): Promise<{ rows: number; newTotal: number }> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const where = agencyId == null ? '' : 'WHERE a.agency_id = $3';
  const params = agencyId == null ? [first, last] : [first, last, agencyId];
  const t2 = await client.query<{ new: number }>(
    `WITH f AS (
       SELECT a.agency_id, a.applicant_type,
              CASE WHEN a.channel IN ('in_person', 'mail_signed')
                   THEN min(e.payload->>'date') FILTER (WHERE e.type = 'submitted')
                   ELSE min(e.payload->>'date') FILTER (WHERE e.type = 'receipt_confirmed') END AS receipt,
              min(e.payload->>'date') FILTER (WHERE e.type = 'decided') AS decided,
              min(e.payload->>'outcome') FILTER (WHERE e.type = 'decided') AS outcome,
              min(e.payload->>'date') FILTER (WHERE e.type = 'withdrawn') AS withdrawn
         FROM applications a JOIN application_events e ON e.application_id = a.id
         ${where}
        GROUP BY a.id),
     g AS (
       SELECT agency_id, applicant_type, receipt,
              CASE WHEN withdrawn IS NOT NULL AND (decided IS NULL OR withdrawn < decided) THEN withdrawn ELSE decided END AS closed,
              CASE WHEN withdrawn IS NOT NULL AND (decided IS NULL OR withdrawn < decided) THEN 'other.other' ELSE outcome END AS outcome
         FROM f WHERE receipt IS NOT NULL AND receipt <= $2)
     SELECT agency_id, applicant_type,
            CASE WHEN closed >= $1 AND closed <= $2 THEN outcome END AS outcome,
            count(*) FILTER (WHERE receipt >= $1)::int AS new,
            count(*) FILTER (WHERE receipt < $1)::int AS carried_in,
            count(*) FILTER (WHERE closed IS NULL OR closed > $2)::int AS carried_out,
            count(*)::int AS n
       FROM g WHERE closed IS NULL OR closed >= $1
      GROUP BY 1, 2, 3`,
    params,
  );
  const t3 = await client.query(
    `SELECT a.agency_id, a.kind,
            CASE WHEN a.result <> 'pending' AND a.concluded_date <= $2::date THEN a.result ELSE 'pending' END AS col, count(*)::int AS n
       FROM appeals a ${where ? `${where} AND` : 'WHERE'} a.original_organ AND a.filed_date BETWEEN $1::date AND $2::date
      GROUP BY 1, 2, 3`,
    params,
  );
  const t1 = await client.query(
    `SELECT a.agency_id, a.kind,
            count(*) FILTER (WHERE a.written_date BETWEEN $1::date AND $2::date)::int AS issued,
            count(*) FILTER (WHERE a.repealed_date BETWEEN $1::date AND $2::date)::int AS repealed,
            count(*) FILTER (WHERE a.written_date <= $2::date AND (a.repealed_date IS NULL OR a.repealed_date > $2::date))::int AS in_force
       FROM documents a ${where ? `${where} AND` : 'WHERE'} a.kind <> 'other' AND a.status <> 'draft'
      GROUP BY 1, 2`,
    params,
  );
  const fig = await client.query(
    `SELECT a.agency_id, a.item, a.value FROM figures a ${where ? `${where} AND` : 'WHERE'} a.year = extract(year FROM $1::date) AND $2::date IS NOT NULL`,
    params,
  );
  const newTotal = t2.rows.reduce((sum, r) => sum + Number(r.new), 0);
  return { rows: t2.rows.length + t3.rows.length + t1.rows.length + fig.rows.length, newTotal };
}

// ------------------------------------------------------------------------------- the benchmarks

interface Loaded {
  database: Database;
  client: RawClient;
  province: Province;
  year: number;
  today: string;
  stats: Awaited<ReturnType<typeof loadProvince>>;
}

let shared: Promise<Loaded> | null = null;

/** One loaded province per run, shared by the database benchmarks (report, search, portal). */
export function loadedProvince(ctx: BenchContext): Promise<Loaded> {
  shared ??= (async () => {
    const province = new Province({
      seed: ctx.seed,
      agencies: ctx.size(5_000, 200),
      applications: ctx.size(1_000_000, 30_000),
      documents: ctx.size(100_000, 4_000),
    });
    const database = await openBenchDatabase(ctx.tmpDir, ctx.databaseUrl);
    ctx.log(`loading the province into ${database.kind} …`);
    const stats = await loadProvince(database, province, {
      onProgress: (done, total) => {
        if (done === total || done % 500 === 0) ctx.log(`  ${done}/${total} agencies`);
      },
    });
    ctx.log(`  loaded in ${(stats.ms / 1000).toFixed(1)} s`);
    return { database, client: rawClient(database), province, year: province.yearsList[province.yearsList.length - 1], today: province.options.asOf, stats };
  })();
  return shared;
}

export async function closeLoadedProvince(): Promise<void> {
  if (!shared) return;
  const l = await shared;
  shared = null;
  await l.database.close();
}

export const dbBenches: Bench[] = [
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
      const subject = await measure(() => compileAgencyYearFromDb(l.client, agencyId, l.year, l.today), { warmup: 2, runs: 11 });
      const model = (subject.value as CompiledReport).model;
      consume(model);
      return [
        timeResult('report.agency-year.db', l.province.applicationCounts[index], subject, baseline, {
          database: l.database.kind,
          agency: l.province.agencies[index].name,
          year: l.year,
          new_in_year: model.applications.new.total,
          agrees_with_sql: model.applications.new.total === (baseline.value as { newTotal: number }).newTotal,
          compile_path: 'bench stand-in (no compile-from-database function in src/ yet)',
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
      const subject = await measure(() => compileProvinceFromDb(l.client, l.year, l.today), { warmup: ctx.quick ? 1 : 0, runs });
      const totalNew = (subject.value as { newTotal: number }).newTotal;
      // The same reports, one agency at a time (four queries per agency), as a console would do it.
      let perAgencyNew = 0;
      const perAgency = await measure(
        async () => {
          perAgencyNew = 0;
          for (let id = 1; id <= n; id++) perAgencyNew += (await compileAgencyYearFromDb(l.client, id, l.year, l.today)).model.applications.new.total ?? 0;
          return perAgencyNew;
        },
        { warmup: 0, runs: 1 },
      );
      const ratio = subject.ms / baseline.ms;
      const out: BenchResult[] = [
        timeResult('report.province', n, subject, baseline, {
          database: l.database.kind,
          applications: l.stats.applications,
          events: l.stats.events,
          year: l.year,
          new_in_year: totalNew,
          agrees_with_sql: totalNew === (baseline.value as { newTotal: number }).newTotal && perAgencyNew === totalNew,
          per_agency_ms: round(perAgency.ms, 1),
          per_agency_ratio: round(perAgency.ms / baseline.ms, 3),
          compile_path: 'bench stand-in (no compile-from-database function in src/ yet)',
          target: `<=${TARGET_PROVINCE_RATIO}x hand-written SQL`,
          pass: ratio <= TARGET_PROVINCE_RATIO,
        }),
      ];
      return out;
    },
  },
  {
    name: 'report.province.projection',
    async run(ctx) {
      const l = await loadedProvince(ctx);
      const t0 = performance.now();
      const projected = await buildFactsProjection(l.client, l.today);
      const buildMs = performance.now() - t0;
      const runs = ctx.quick ? 3 : 1;
      const floorEvents = await measure(() => handSqlTables(l.client, l.year, null), { warmup: 1, runs });
      const floorProjection = await measure(() => handSqlOverProjection(l.client, l.year), { warmup: 1, runs });
      const subject = await measure(() => compileProvinceFromProjection(l.client, l.year), { warmup: 1, runs });
      const totalNew = (subject.value as { newTotal: number }).newTotal;
      const busiest = l.province.busiestAgency() + 1;
      const oneAgency = await measure(() => compileProvinceFromProjection(l.client, l.year, busiest), { warmup: 2, runs: 11 });
      await l.client.query('DROP TABLE bench_application_facts');
      return [
        timeResult('report.province.projection', l.province.agencies.length, subject, floorEvents, {
          database: l.database.kind,
          note: 'bench-only projection table of the clock results (one row per application); not in the schema',
          projection_rows: projected,
          projection_build_ms: round(buildMs, 1),
          floor_over_projection_ms: round(floorProjection.ms, 3),
          ratio_to_floor_over_projection: round(subject.ms / floorProjection.ms, 3),
          agency_year_ms: round(oneAgency.ms, 3),
          agrees_with_sql: totalNew === (floorEvents.value as { newTotal: number }).newTotal && totalNew === (floorProjection.value as { newTotal: number }).newTotal,
          target: `<=${TARGET_PROVINCE_RATIO}x hand-written SQL`,
          pass: subject.ms / floorEvents.ms <= TARGET_PROVINCE_RATIO,
        }),
      ];
    },
  },
];
