import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gongkai(...args: string[]) {
  return run(process.execPath, ['bin/gongkai.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, GONGKAI_DATA_DIR: dir, DATABASE_URL: '' },
    // A child process opening the embedded database takes seconds, more when the machine is loaded.
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

describe('gongkai agency add / list (child process)', () => {
  // Several child processes per test: a realistic limit for a loaded machine.
  it('migrates, adds a tree of agencies and lists them as code<TAB>name', { timeout: 300_000 }, async () => {
    const migrated = await gongkai('migrate');
    expect(migrated.stdout).toContain('数据库已是最新结构');
    await gongkai('agency', 'add', '--code', '220500', '--name', '通化市人民政府');
    const added = await gongkai('agency', 'add', '--code', '220500-zsj', '--name', '通化市政务服务和数字化建设管理局', '--parent', '220500');
    expect(added.stdout.split('\n')[0]).toBe('220500-zsj\t通化市政务服务和数字化建设管理局');
    const list = await gongkai('agency', 'list');
    expect(list.stdout).toBe('220500\t通化市人民政府\n220500-zsj\t通化市政务服务和数字化建设管理局\n');
  });

  it('refuses a duplicate code, an unknown parent and a bad code, in Chinese, exit 1', { timeout: 300_000 }, async () => {
    const dup = await gongkaiFails('agency', 'add', '--code', '220500', '--name', '重复');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('机关代码“220500”已存在');
    const orphan = await gongkaiFails('agency', 'add', '--code', 'x1', '--name', '孤儿', '--parent', 'nope');
    expect(orphan.stderr).toContain('上级机关“nope”不存在');
    const bad = await gongkaiFails('agency', 'add', '--code', '有 空格', '--name', '坏代码');
    expect(bad.stderr).toContain('机关代码只能包含');
  });

  it('seed --demo loads the demo tree and is idempotent', { timeout: 300_000 }, async () => {
    await gongkai('seed', '--demo');
    const second = await gongkai('seed', '--demo');
    expect(second.stdout).toContain('演示数据已载入');
    const list = (await gongkai('agency', 'list')).stdout.trim().split('\n');
    expect(list).toContain('220502-jyj\t东昌区教育局');
    expect(list.filter((l) => l.startsWith('220500\t'))).toHaveLength(1);
  });
});
