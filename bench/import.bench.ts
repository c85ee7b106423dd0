/**
 * import — applications per second through the product's import (contracts.md §3):
 * - direct: `importApplicationsCsv(db, text)` (src/app/applications/import.ts) on a fresh
 *   embedded database (PGlite) in which the agencies already exist — validation, the clock, one
 *   transaction; the baseline is the floor of the same work: csv-parse of the file plus one
 *   INSERT … SELECT FROM unnest() of the same application rows into another fresh database;
 * - cli: `gongkai import applications FILE.csv` as a child process on a part of the same file (the
 *   end-to-end figure: start, open the database, import, close); its baseline is the command's start
 *   and database opening alone (`gongkai agency list` on the same folder).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { openDatabase, type Database } from '../src/db/index.ts';
import { importApplicationsCsv } from '../src/app/applications/import.ts';
import { Province } from './lib/generate.ts';
import { round, type Bench, type BenchContext } from './lib/harness.ts';
import { rawClient } from './lib/load.ts';

const CLI = path.resolve('bin/gongkai.mjs');
const HEADER = ['agency_code', 'number', 'applicant_type', 'channel', 'received_date', 'decided_date', 'outcome', 'applicant_name', 'subject'];

function cli(args: string[], dataDir: string): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, GONGKAI_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh embedded database in `dir` holding the province's agencies (ids = index + 1). */
async function databaseWithAgencies(dir: string, p: Province): Promise<Database> {
  const database = await openDatabase({ dataDir: dir });
  const client = rawClient(database);
  const ids = new Map(p.agencies.map((a) => [a.code, a.index + 1]));
  await client.query(
    `INSERT INTO agencies (id, code, name, parent_id) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[])`,
    [p.agencies.map((a) => a.index + 1), p.agencies.map((a) => a.code), p.agencies.map((a) => a.name), p.agencies.map((a) => (a.parentCode ? ids.get(a.parentCode) : null))],
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('agencies', 'id'), (SELECT max(id) FROM agencies))`);
  return database;
}

export const benches: Bench[] = [
  {
    name: 'import',
    async run(ctx: BenchContext) {
      const n = ctx.size(100_000, 5_000);
      const cliRows = ctx.size(20_000, 1_000);
      const p = new Province({ seed: ctx.seed, agencies: ctx.size(2_000, 100), applications: Math.round(n * 1.06), documents: 0 });
      const records: string[][] = [];
      for (const data of p) {
        for (const a of data.applications) {
          if (!a.receiptDate || records.length >= n) continue;
          const withdrawnFirst = a.withdrawnDate != null;
          records.push([
            a.agencyCode,
            a.number,
            a.applicantType,
            a.channel,
            a.receiptDate,
            withdrawnFirst ? a.withdrawnDate! : (a.decisionDate ?? ''),
            withdrawnFirst ? 'other.other' : (a.outcome ?? ''),
            a.applicantName,
            a.subject,
          ]);
        }
      }
      const file = path.join(ctx.tmpDir, 'applications.csv');
      const text = stringify([HEADER, ...records]);
      fs.writeFileSync(file, text);
      const out = [];

      // Direct call.
      const direct = await databaseWithAgencies(path.join(ctx.tmpDir, 'import-direct'), p);
      let imported = 0;
      let directMs = 0;
      try {
        ctx.log(`  importApplicationsCsv: ${records.length} rows …`);
        const t0 = performance.now();
        imported = await importApplicationsCsv(direct.db, text, file);
        directMs = performance.now() - t0;
        const { rows } = await rawClient(direct).query<{ n: number; e: number }>('SELECT (SELECT count(*) FROM applications)::int AS n, (SELECT count(*) FROM application_events)::int AS e');
        if (rows[0].n !== records.length) throw new Error(`导入后有 ${rows[0].n} 件申请，应为 ${records.length} 件`);
      } finally {
        await direct.close();
      }
      // The floor: parse the file, write the same application rows in one statement.
      const floorDb = await databaseWithAgencies(path.join(ctx.tmpDir, 'import-floor'), p);
      let floorMs = 0;
      let parseMs = 0;
      try {
        const ids = new Map(p.agencies.map((a) => [a.code, a.index + 1]));
        const t0 = performance.now();
        const parsed = parse(text, { columns: true }) as Array<Record<string, string>>;
        parseMs = performance.now() - t0;
        await rawClient(floorDb).query(
          `INSERT INTO applications (agency_id, number, applicant_type, applicant_name, channel, subject)
           SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
          [parsed.map((r) => ids.get(r.agency_code)), parsed.map((r) => r.number), parsed.map((r) => r.applicant_type), parsed.map((r) => r.applicant_name), parsed.map((r) => r.channel), parsed.map((r) => r.subject)],
        );
        floorMs = performance.now() - t0;
      } finally {
        await floorDb.close();
      }
      out.push({
        bench: 'import',
        n: imported,
        ms: round(directMs, 1),
        baseline_ms: round(floorMs, 1),
        ratio: round(directMs / floorMs, 3),
        applications_per_s: Math.round(imported / (directMs / 1000)),
        path: 'importApplicationsCsv (src/app/applications/import.ts)',
        baseline: 'csv-parse + one INSERT … unnest() of the application rows',
        csv_parse_ms: round(parseMs, 1),
        file_mb: round(fs.statSync(file).size / 2 ** 20, 2),
        database: 'pglite',
      });

      // One command-line run, end to end, on the first rows of the same file.
      const part = path.join(ctx.tmpDir, 'applications-part.csv');
      fs.writeFileSync(part, stringify([HEADER, ...records.slice(0, cliRows)]));
      const cliDir = path.join(ctx.tmpDir, 'import-cli');
      await (await databaseWithAgencies(cliDir, p)).close();
      const startup = cli(['agency', 'list'], cliDir);
      if (startup.status !== 0) throw new Error(`gongkai agency list 失败：${startup.stderr}`);
      ctx.log(`  gongkai import applications: ${Math.min(cliRows, records.length)} rows …`);
      const run = cli(['import', 'applications', part], cliDir);
      if (run.status !== 0) throw new Error(`gongkai import applications 失败：${run.stderr.slice(0, 500)}`);
      const count = Number(run.stdout.split('\n')[0]);
      out.push({
        bench: 'import.cli',
        n: count,
        ms: round(run.ms, 1),
        baseline_ms: round(startup.ms, 1),
        ratio: round(run.ms / startup.ms, 3),
        applications_per_s: Math.round(count / ((run.ms - startup.ms) / 1000)),
        applications_per_s_wall: Math.round(count / (run.ms / 1000)),
        baseline: 'gongkai agency list (start + open the database)',
        first_line: run.stdout.split('\n')[0],
        database: 'pglite',
      });
      return out;
    },
  },
];
export default benches;
