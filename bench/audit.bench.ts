/**
 * audit.text — the auditor over plain-text reports, one core: N files written by renderText from
 * compiled models of a generated province, each read from disk and audited the way
 * `gongkai audit` does it (auditBuffer: decode, sniff, read, check), against a baseline that only
 * reads the same files and splits them into lines. Target: over 1,000 reports/s.
 */
import fs from 'node:fs';
import path from 'node:path';
import { auditBuffer } from '../src/audit-io/index.ts';
import { compileReport } from '../src/domain/report/compile.ts';
import { renderText } from '../src/domain/report/render/text.ts';
import { Province, toReportFacts } from './lib/generate.ts';
import { consume, measure, round, timeResult, type Bench } from './lib/harness.ts';

const TARGET_REPORTS_PER_S = 1000;

export const benches: Bench[] = [
  {
    name: 'audit.text',
    async run(ctx) {
      const n = ctx.size(10_000, 2_000);
      const p = new Province({ seed: ctx.seed, agencies: Math.ceil(n / 3), applications: n * 40, documents: n * 5 });
      const dir = path.join(ctx.tmpDir, 'audit');
      fs.mkdirSync(dir, { recursive: true });
      const files: string[] = [];
      outer: for (const data of p) {
        for (const year of p.yearsList) {
          const file = path.join(dir, `${data.agency.code}-${year}.txt`);
          fs.writeFileSync(file, renderText(compileReport(toReportFacts(data, year)).model));
          files.push(file);
          if (files.length >= n) break outer;
        }
      }
      const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
      const baseline = await measure(
        () => {
          let lines = 0;
          for (const f of files) lines += fs.readFileSync(f).toString('utf8').split(/\r\n|\r|\n/).length;
          return lines;
        },
        { warmup: 1, runs: 5 },
      );
      let errors = 0;
      const subject = await measure(
        async () => {
          errors = 0;
          for (const f of files) {
            const model = await auditBuffer(path.basename(f), fs.readFileSync(f));
            if (model.findings.some((x) => x.severity === 'error')) errors++;
          }
          return errors;
        },
        { warmup: 1, runs: 3 },
      );
      consume(baseline.value);
      const perS = files.length / (subject.ms / 1000);
      return [
        timeResult('audit.text', files.length, subject, baseline, {
          reports_per_s: Math.round(perS),
          per_report_ms: round(subject.ms / files.length, 3),
          mean_file_kb: round(bytes / files.length / 1024, 1),
          // A clean compiled report read back must give no error finding.
          reports_with_errors: errors,
          target: `>${TARGET_REPORTS_PER_S} reports/s per core`,
          pass: perS > TARGET_REPORTS_PER_S,
        }),
      ];
    },
  },
];
export default benches;
