/**
 * What the database benchmarks share (issue 9): the generated province loaded once per run into
 * Gongkai's own schema (`loadedProvince`, used by report, search and portal), and the floor the
 * report benchmarks are compared with: tables 1–3 of a year by one hand-written SQL aggregate
 * (`handSqlTables`).
 *
 * Gongkai's own compile-from-database path is NOT here: the benchmarks call the product's
 * `loadFacts` (src/app/reports/facts.ts → src/db/applications.ts loadReportFacts) and
 * `compileReport` (see bench/report.bench.ts).
 */
import type { Database } from '../../src/db/index.ts';
import { Province } from './generate.ts';
import type { BenchContext } from './harness.ts';
import { loadProvince, openBenchDatabase, rawClient, type RawClient } from './load.ts';

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

// ------------------------------------------------------------------------------- the loaded province

export interface Loaded {
  database: Database;
  client: RawClient;
  province: Province;
  year: number;
  today: string;
  stats: Awaited<ReturnType<typeof loadProvince>>;
}

let shared: Promise<Loaded> | null = null;

/**
 * One loaded province per run, shared by the database benchmarks (report, search, portal): 5,000
 * agencies, 1,000,000 applications, 100,000 documents (quick: 200, 30,000, 4,000).
 * GONGKAI_BENCH_PROVINCE_APPLICATIONS overrides the number of applications (a search-only run does not
 * need the million the report benches do; their figures are then not the issue's).
 */
export function loadedProvince(ctx: BenchContext): Promise<Loaded> {
  shared ??= (async () => {
    const province = new Province({
      seed: ctx.seed,
      agencies: ctx.size(5_000, 200),
      // GONGKAI_BENCH_PROVINCE_APPLICATIONS: fewer applications for a run that only measures search (the documents stay).
      applications: Number(process.env.GONGKAI_BENCH_PROVINCE_APPLICATIONS) || ctx.size(1_000_000, 30_000),
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

