/**
 * `gongkai report compile` on a real data folder: JSON to stdout (the report model of contracts.md
 * §2), and every format to a file; the DOCX (read by the auditor) and the XLSX (read with exceljs)
 * give back the JSON's numbers. The data: the demo seed plus a varied 2024 of 220500-zsj.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditBuffer } from '../../../src/audit-io/index.ts';
import { openDatabase } from '../../../src/db/index.ts';
import { appeals, applicationEvents, applications } from '../../../src/db/schema.ts';
import { seedDemo } from '../../../src/db/seed/demo.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { XLSX_SHEETS } from '../../../src/domain/report/render/xlsx.ts';
import { APPLICANT_TYPES, OUTCOME_CODES } from '../../../src/domain/taxonomy/index.ts';
import { tableNumbers } from '../../unit/report-render/fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let dataDir: string;
let outDir: string;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin/gongkai.mjs'), ...args], { encoding: 'buffer', cwd: ROOT, env: { ...process.env, GONGKAI_DATA_DIR: dataDir, DATABASE_URL: '' } });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gongkai-report-cli-'));
  outDir = mkdtempSync(path.join(tmpdir(), 'gongkai-report-out-'));
  const database = await openDatabase({ dataDir });
  try {
    const ctx = await seedDemo(database.db);
    const agencyId = ctx.agencies.get('220500-zsj')!;
    // 30 applications of 2024 across applicant types and outcomes; some still open at year end.
    for (let i = 0; i < 30; i++) {
      const [app] = await database.db
        .insert(applications)
        .values({ agencyId, number: `CLI-2024-${i}`, applicantType: APPLICANT_TYPES[i % 6], applicantName: `申请人${i}`, channel: 'in_person', subject: `事项${i}` })
        .returning({ id: applications.id });
      const day = String(1 + (i % 28)).padStart(2, '0');
      const events = [{ type: 'submitted', payload: { date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${day}`, channel: 'in_person' } }];
      if (i % 7 !== 3) events.push({ type: 'decided', payload: { date: `2024-12-${day}`, outcome: OUTCOME_CODES[i % OUTCOME_CODES.length] } as never });
      await database.db.insert(applicationEvents).values(events.map((e, k) => ({ applicationId: app.id, seq: k + 1, type: e.type, payload: e.payload })));
    }
    await database.db.insert(appeals).values([
      { agencyId, kind: 'reconsideration', filedDate: '2024-03-01', concludedDate: '2024-05-01', result: 'upheld' },
      { agencyId, kind: 'litigation_direct', filedDate: '2024-11-01', result: 'pending' },
    ]);
  } finally {
    await database.close();
  }
});

describe('gongkai report compile', () => {
  let json: ReportModel;

  it('writes the report model as JSON to stdout', () => {
    const r = cli('report', 'compile', '--agency', '220500-zsj', '--year', '2024');
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    json = JSON.parse(r.stdout.toString());
    expect(json.year).toBe(2024);
    expect(json.agency).toEqual({ name: '通化市政务服务和数字化建设管理局', code: '220500-zsj' });
    expect(json.applications.new.total).toBe(30);
    expect(json.applications.carried_out.total).toBe(4); // i % 7 === 3: 3, 10, 17, 24
    const a = json.applications;
    expect(a.new.total! + a.carried_in.total!).toBe(a.total.total! + a.carried_out.total!);
    expect(json.appeals.reconsideration.upheld).toBe(1);
    expect(json.appeals.litigation_direct.pending).toBe(1);
    // the 2023 published report is last year's: carried in 0 = its carried out 0
    expect(json.findings.filter((f) => f.code === 'carryover.mismatch')).toEqual([]);
  });

  it('writes each format to a file; DOCX and XLSX read back to the JSON numbers', async () => {
    const expected = tableNumbers(json);
    for (const format of ['json', 'html', 'docx', 'xlsx', 'pdf']) {
      const out = path.join(outDir, `r.${format}`);
      const r = cli('report', 'compile', '--agency', '220500-zsj', '--year', '2024', '--format', format, '--out', out);
      expect(r.status, r.stderr.toString()).toBe(0);
      expect(r.stdout.toString().split('\n')[0]).toBe(out);
      expect(statSync(out).size).toBeGreaterThan(1000);
    }
    expect(JSON.parse(readFileSync(path.join(outDir, 'r.json'), 'utf8')).applications).toEqual(json.applications);
    expect(readFileSync(path.join(outDir, 'r.pdf')).subarray(0, 4).toString()).toBe('%PDF');

    const docx = await auditBuffer('r.docx', readFileSync(path.join(outDir, 'r.docx')));
    expect(tableNumbers(docx)).toEqual(expected);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path.join(outDir, 'r.xlsx')) as never);
    const numbers = (name: string) => {
      const out: unknown[] = [];
      wb.getWorksheet(name)!.eachRow((row) =>
        row.eachCell((cell) => {
          if ((!cell.isMerged || cell.master === cell) && typeof cell.value === 'number') out.push(cell.value);
        }),
      );
      return out;
    };
    expect(numbers(XLSX_SHEETS.table1)).toEqual(expected.table1);
    expect(numbers(XLSX_SHEETS.table2)).toEqual(expected.table2);
    expect(numbers(XLSX_SHEETS.table3)).toEqual(expected.table3);
  });

  it('--published writes the frozen 2023 version with its 发布日期', () => {
    const r = cli('report', 'compile', '--agency', '220500-zsj', '--year', '2023', '--published');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.toString()).published).toBe('2024-01-17');
  });

  it('fails in Chinese on a bad agency, year or format, and on a binary format without --out', () => {
    for (const [args, message] of [
      [['--agency', 'nope', '--year', '2024'], '找不到代码为“nope”的机关'],
      [['--agency', '220500-zsj', '--year', '24'], '报告年度“24”无效'],
      [['--agency', '220500-zsj', '--year', '2024', '--format', 'rtf'], '不支持的格式“rtf”'],
      [['--agency', '220500-zsj', '--year', '2024', '--format', 'docx'], '请用 --out 指定'],
    ] as const) {
      const r = cli('report', 'compile', ...args);
      expect(r.status).toBe(1);
      expect(r.stdout.toString()).toBe('');
      expect(r.stderr.toString()).toContain(message);
    }
  });
});
