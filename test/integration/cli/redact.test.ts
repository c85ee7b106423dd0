/** `gongkai redact` (contracts.md §8), run as a child process on the redaction fixture. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findEverywhere, pdfJsView } from '../../support/pdf-forensics.ts';
import { SECRETS, redactionFixture } from '../../support/redaction-fixture.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-redact-'));
const IN = path.join(dir, 'in.pdf');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => writeFileSync(IN, await redactionFixture()));

const gongkai = (...args: string[]) => run(process.execPath, ['bin/gongkai.mjs', 'redact', ...args], { cwd: ROOT, timeout: 120_000 });
const fails = (...args: string[]) =>
  gongkai(...args).then(
    (r) => {
      throw new Error(`expected failure, got: ${r.stdout}`);
    },
    (e: { code: number; stderr: string }) => e,
  );

describe('gongkai redact', () => {
  it('removes each string and lists the removals page by page with the basis', { timeout: 180_000 }, async () => {
    const out = path.join(dir, 'out.pdf');
    const r = await gongkai(IN, '--text', SECRETS.id, '--text', SECRETS.phone, '--basis', '第十五条（个人隐私）', '--out', out);
    expect(r.stdout).toBe(
      [
        '第1页中的公民身份号码（2处）、手机号码（5处）——第十五条（个人隐私）：涉及个人隐私，公开会对第三方合法权益造成损害',
        '第2页中的手机号码——第十五条（个人隐私）：涉及个人隐私，公开会对第三方合法权益造成损害',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('删除8处');
    const pdf = readFileSync(out);
    expect(await findEverywhere(pdf, SECRETS.id)).toEqual([]);
    expect(await findEverywhere(pdf, SECRETS.phone)).toEqual([]);
    expect((await pdfJsView(pdf)).pages[0]).toContain('申请公开本机关2023年度的财政预算执行情况');

    const json = await gongkai(IN, '--text', SECRETS.name, '--basis', 'privacy', '--what', '申请人姓名', '--reason', '申请人系自然人', '--out', out, '--format', 'json');
    const parsed = JSON.parse(json.stdout);
    expect(parsed.withheld).toEqual([
      { pages: [1, 1], basis: 'privacy', label: '第十五条（个人隐私）', items: [{ what: '申请人姓名', count: 1 }], reason: '申请人系自然人' },
    ]);
    expect(parsed.removals[0]).toMatchObject({ page: 1, basis: 'privacy', what: '申请人姓名' });
    expect(JSON.stringify(parsed)).not.toContain(SECRETS.name);
  });

  it('refuses, writing nothing: a string found nowhere, an ambiguous basis, the input as output, a missing file', { timeout: 240_000 }, async () => {
    const out = path.join(dir, 'none.pdf');
    const missing = await fails(IN, '--text', '13800000000', '--basis', 'privacy', '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('文件中找不到：“13800000000”；未写出');
    expect(existsSync(out)).toBe(false);
    const ambiguous = await fails(IN, '--text', SECRETS.phone, '--basis', '第十五条', '--out', out);
    expect(ambiguous.stderr).toContain('无法确定区分处理的依据“第十五条”');
    expect((await fails(IN, '--text', SECRETS.phone, '--basis', 'privacy', '--out', IN)).stderr).toContain('原件须保留');
    expect((await fails(path.join(dir, 'nope.pdf'), '--text', 'x', '--basis', 'privacy', '--out', out)).stderr).toContain('找不到文件');
    expect(existsSync(out)).toBe(false);
  });
});
