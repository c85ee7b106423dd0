/**
 * import — applications per second through `gongkai import applications FILE.csv` (contracts.md
 * §3), run as the command line runs it: a child process on a fresh embedded database (PGlite) in
 * which the agencies already exist. The baseline is what any import pays anyway: starting the
 * command and opening the database (`gongkai agency list` on the same folder) plus parsing the
 * same CSV with csv-parse.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '../src/db/index.ts';
import { Province } from './lib/generate.ts';
import { round, type Bench, type BenchContext } from './lib/harness.ts';
import { rawClient } from './lib/load.ts';

const CLI = path.resolve('bin/gongkai.mjs');

function cli(args: string[], dataDir: string): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, GONGKAI_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const benches: Bench[] = [
  {
    name: 'import',
    async run(ctx: BenchContext) {
      const help = cli(['import', 'applications', '--help'], path.join(ctx.tmpDir, 'no-db'));
      if (help.status !== 0 || !/import applications/.test(help.stdout)) {
        return [{ bench: 'import', skipped: '命令 gongkai import applications 还没有实现' }];
      }
      const n = ctx.size(1_000_000, 20_000);
      const p = new Province({ seed: ctx.seed, agencies: ctx.size(5_000, 100), applications: Math.round(n * 1.06), documents: 0 });
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
      const header = ['agency_code', 'number', 'applicant_type', 'channel', 'received_date', 'decided_date', 'outcome', 'applicant_name', 'subject'];
      fs.writeFileSync(file, stringify([header, ...records]));

      const dataDir = path.join(ctx.tmpDir, 'import-db');
      const database = await openDatabase({ dataDir });
      try {
        const client = rawClient(database);
        const ids = new Map(p.agencies.map((a) => [a.code, a.index + 1]));
        await client.query(
          `INSERT INTO agencies (id, code, name, parent_id) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[])`,
          [p.agencies.map((a) => a.index + 1), p.agencies.map((a) => a.code), p.agencies.map((a) => a.name), p.agencies.map((a) => (a.parentCode ? ids.get(a.parentCode) : null))],
        );
        await client.query(`SELECT setval(pg_get_serial_sequence('agencies', 'id'), (SELECT max(id) FROM agencies))`);
      } finally {
        await database.close();
      }
      const startup = cli(['agency', 'list'], dataDir);
      if (startup.status !== 0) throw new Error(`gongkai agency list 失败：${startup.stderr}`);
      const p0 = performance.now();
      const parsed = parse(fs.readFileSync(file), { columns: true }) as unknown[];
      const parseMs = performance.now() - p0;
      const run = cli(['import', 'applications', file], dataDir);
      if (run.status !== 0) throw new Error(`gongkai import applications 失败：${run.stderr.slice(0, 500)}`);
      const baselineMs = startup.ms + parseMs;
      return [
        {
          bench: 'import',
          n: parsed.length,
          ms: round(run.ms, 1),
          baseline_ms: round(baselineMs, 1),
          ratio: round(run.ms / baselineMs, 3),
          applications_per_s: Math.round(parsed.length / ((run.ms - startup.ms) / 1000)),
          applications_per_s_wall: Math.round(parsed.length / (run.ms / 1000)),
          startup_ms: round(startup.ms, 1),
          csv_parse_ms: round(parseMs, 1),
          file_mb: round(fs.statSync(file).size / 2 ** 20, 2),
          database: 'pglite',
          first_line: run.stdout.split('\n')[0],
        },
      ];
    },
  },
];
export default benches;
