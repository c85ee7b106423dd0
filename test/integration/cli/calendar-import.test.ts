/**
 * `gongkai calendar import FILE [--notice 文号]` and `gongkai calendar years` as child processes on an
 * embedded database (issue 3). The 2027 schedule here is synthetic, for the test only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-cal-'));
const data = path.join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gongkai(...args: string[]) {
  return run(process.execPath, ['bin/gongkai.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, GONGKAI_DATA_DIR: data, DATABASE_URL: '', GONGKAI_TODAY: '2026-11-27' },
    timeout: 170_000,
  });
}
async function gongkaiFails(...args: string[]) {
  return gongkai(...args).then(
    (r) => {
      throw new Error(`expected failure, got: ${r.stdout}`);
    },
    (e: { code: number; stderr: string }) => e,
  );
}

const json = path.join(dir, '2027.json');
const csv = path.join(dir, '2027.csv');
const badCsv = path.join(dir, 'bad.csv');
writeFileSync(
  json,
  JSON.stringify({
    year: 2027,
    source: { notice: { title: '测试用2027年部分节假日安排（虚构）' } },
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    workdays: [],
  }),
);
writeFileSync(csv, 'date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦\n');
writeFileSync(badCsv, 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n');

describe('gongkai calendar import (child process)', () => {
  beforeAll(async () => {
    await gongkai('migrate');
  }, 180_000);

  it('lists the built-in years with their notice', { timeout: 180_000 }, async () => {
    const r = await gongkai('calendar', 'years');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^2019\t内置\t国务院办公厅关于2019年部分节假日安排的通知/);
  });

  it('adds a year from JSON with the notice number given on the command line; first line = the years stored', { timeout: 300_000 }, async () => {
    const r = await gongkai('calendar', 'import', json, '--notice', '国办发明电〔2099〕1号');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2027');
    expect(lines[1]).toBe('2027年：新增，放假1天、调休上班0天，依据：测试用2027年部分节假日安排（虚构）（国办发明电〔2099〕1号）');
    const years = (await gongkai('calendar', 'years')).stdout.trim().split('\n');
    expect(years.at(-1)).toBe('2027\t录入\t测试用2027年部分节假日安排（虚构）（国办发明电〔2099〕1号）');
  });

  it('corrects it from CSV (the notice is required for CSV)', { timeout: 300_000 }, async () => {
    const missing = await gongkaiFails('calendar', 'import', csv);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('CSV 导入须注明依据的国务院办公厅通知');
    const r = await gongkai('calendar', 'import', csv, '--notice', '国办发明电〔2099〕2号');
    expect(r.stdout.split('\n')[0]).toBe('2027');
    expect(r.stdout).toContain('2027年：更正已录入的安排，放假2天、调休上班0天，依据：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2099〕2号）');
  });

  it('refuses a bad file naming the line, in Chinese, exit 1, and stores nothing', { timeout: 300_000 }, async () => {
    const bad = await gongkaiFails('calendar', 'import', badCsv, '--notice', '国办发明电〔2099〕3号');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/第\s*3\s*行/);
    expect(bad.stderr).toContain('2027-02-30');
    const none = await gongkaiFails('calendar', 'import', path.join(dir, 'nope.json'));
    expect(none.stderr).toContain('文件不存在');
    const years = (await gongkai('calendar', 'years')).stdout;
    expect(years).toContain('国办发明电〔2099〕2号');
    expect(years).not.toContain('国办发明电〔2099〕3号');
  });
});
