import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { parse as parseCsv } from 'csv-parse/sync';
import { runAudit } from '../../../src/cli/audit.ts';
import { renderDocx, renderHtml, renderText } from '../../../src/domain/report/render/index.ts';
import { randomModel } from '../../unit/audit/generate.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { checkReport } from '../../../src/domain/report/checks.ts';
import { APPLICANT_TYPES } from '../../../src/domain/taxonomy/index.ts';
import { SEED_REPORT } from '../../support/fixtures.ts';

const ROOT = path.resolve(__dirname, '../../..');
const SEED = SEED_REPORT;
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/gongkai.mjs'), ...args], { encoding: 'utf8', cwd: ROOT });

let dir: string;
const N = 300;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gongkai-audit-'));
  mkdirSync(path.join(dir, 'sub'));
  for (let i = 0; i < N; i++) {
    const m = randomModel(1000 + i);
    m.agency.name = `测试县第${i}局`;
    const file = path.join(dir, i % 2 ? 'sub' : '', `r${i}.${i % 10 === 0 ? 'html' : 'txt'}`);
    writeFileSync(file, i % 10 === 0 ? renderHtml(m) : renderText(m));
  }
  // one agency over two years whose carry-over does not match; one DOCX
  const y1 = randomModel(7, { year: 2022 });
  const y2 = randomModel(8, { year: 2023 });
  y1.agency.name = y2.agency.name = '连续两年局';
  // y2's 上年结转 = y1's 结转下年度, except one more in 自然人; y2's 新收 (and 予以公开 when needed) keep 一+二=三+四
  const a = y2.applications;
  for (const c of APPLICANT_TYPES) {
    a.carried_in[c] = (y1.applications.carried_out[c] ?? 0) + (c === 'natural' ? 1 : 0);
    let fresh = (a.total[c] ?? 0) + (a.carried_out[c] ?? 0) - (a.carried_in[c] ?? 0);
    if (fresh < 0) {
      a.public[c] = (a.public[c] ?? 0) - fresh;
      a.total[c] = (a.total[c] ?? 0) - fresh;
      fresh = 0;
    }
    a.new[c] = fresh;
  }
  for (const row of Object.keys(a) as Array<keyof typeof a>) a[row].total = APPLICANT_TYPES.reduce((n, c) => n + (a[row][c] ?? 0), 0);
  expect(checkReport(y2).filter((f) => f.severity === 'error')).toEqual([]);
  writeFileSync(path.join(dir, 'chain-2022.txt'), renderText(y1));
  writeFileSync(path.join(dir, 'chain-2023.docx'), await renderDocx(y2));
  (globalThis as { chain?: ReportModel[] }).chain = [y1, y2];
});

describe('gongkai audit in bulk over a folder', () => {
  it('reads a few hundred reports, summary table + details, carry-over chained across years', async () => {
    // How fast is measured in bench/ (a timed assertion fails on a busy machine, not on a slow auditor).
    const run = await runAudit([dir], { progress: false });
    expect(run.models).toHaveLength(N + 2);
    expect(run.failed).toEqual([]);
    expect(run.output.split('\n')[0]).toMatch(/^共审核 302 份报告/);
    expect(run.output).toContain('文件');
    const [y1, y2] = (globalThis as { chain?: ReportModel[] }).chain!;
    const chained = run.models.find((m) => m.file?.endsWith('chain-2023.docx'))!;
    const carry = chained.findings.filter((f) => f.code === 'carryover.mismatch');
    expect(carry.map((f) => f.where)).toEqual(['table2/carried_in/natural', 'table2/carried_in/total']);
    expect(carry.find((f) => f.where === 'table2/carried_in/natural')).toMatchObject({ expected: y1.applications.carried_out.natural, found: y2.applications.carried_in.natural });
    // apart from the chained pair, the generated reports are clean (other.high is a fair warning)
    for (const m of run.models) if (m !== chained) expect(m.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
  it('--format json: an array with each "file"; csv: one row per finding', async () => {
    const json = JSON.parse((await runAudit([dir], { format: 'json' })).output) as ReportModel[];
    expect(json).toHaveLength(N + 2);
    expect(json.every((m) => typeof m.file === 'string')).toBe(true);
    const csv = parseCsv((await runAudit([dir], { format: 'csv' })).output, { columns: true }) as Array<Record<string, string>>;
    expect(csv.some((r) => r.code === 'carryover.mismatch' && r.file.endsWith('chain-2023.docx'))).toBe(true);
    expect(Object.keys(csv[0])).toEqual(['file', 'agency', 'year', 'format', 'code', 'severity', 'where', 'expected', 'found', 'message']);
  });
});

describe('gongkai audit as a command', () => {
  it('one file, text: agency, year, format, then the findings; exit 0 despite findings', () => {
    const r = cli('audit', SEED);
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('机关：（未写明）');
    expect(out[1]).toBe('年度：2023');
    expect(r.stdout).toContain('structure.missing_section');
    expect(r.stdout).toContain('structure.numbering');
  });
  it('one file, json: one model object (no "file")', () => {
    const r = cli('audit', SEED, '--format', 'json');
    const m = JSON.parse(r.stdout) as ReportModel;
    expect(m.year).toBe(2023);
    expect(m.applications.new.natural).toBe(1);
    expect(m.file).toBeUndefined();
  });
  it('--previous: the carry-over against last year’s report', () => {
    const prev = randomModel(3, { year: 2022 });
    prev.applications.carried_out.natural = 5;
    const file = path.join(dir, 'prev.json.txt');
    writeFileSync(file, renderText(prev));
    const r = cli('audit', SEED, '--previous', file, '--format', 'json');
    const m = JSON.parse(r.stdout) as ReportModel;
    expect(m.findings.find((f) => f.code === 'carryover.mismatch' && f.where === 'table2/carried_in/natural')).toMatchObject({ expected: 5, found: 0 });
  });
  it('--out writes the file; html format', () => {
    const out = path.join(dir, 'report.html');
    const r = cli('audit', SEED, '--format', 'html', '--out', out);
    expect(r.status).toBe(0);
    const html = execFileSync('cat', [out], { encoding: 'utf8' });
    expect(html).toContain('<table');
    expect(html).toContain('structure.missing_section');
  });
  it('a file that cannot be read: message in Chinese, exit 1; the others are still audited', () => {
    const bad = path.join(dir, 'old.doc');
    writeFileSync(bad, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    const r = cli('audit', SEED, bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('无法读取');
    expect(r.stdout).toContain('共审核 2 份报告');
    const missing = cli('audit', path.join(dir, 'nope.txt'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('找不到文件或文件夹');
  });
  it('a bad --format is refused in Chinese', () => {
    const r = cli('audit', SEED, '--format', 'xml');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('不支持的输出格式');
  });
});
