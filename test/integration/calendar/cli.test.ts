/** Runs `gongkai calendar|deadline|fees` as a child process: answer on the first line, Chinese errors, exit 1. */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = (...args: string[]) => spawnSync('node', ['bin/gongkai.mjs', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: 'America/Los_Angeles' } });
const first = (...args: string[]) => execFileSync('node', ['bin/gongkai.mjs', ...args], { cwd: root, encoding: 'utf8' }).split('\n')[0];

describe('gongkai calendar / deadline / fees', () => {
  it('answers on the first line', () => {
    expect(first('calendar', 'add', '2024-02-08', '20')).toBe('2024-03-13');
    expect(first('calendar', 'is-workday', '2024-02-18')).toBe('true');
    expect(first('calendar', 'is-workday', '2024-02-12')).toBe('false');
    expect(first('fees', '--pieces', '35', '--already', '2')).toBe('3400');
    expect(first('fees', '--pages', '101')).toBe('720');
  });
  it('deadline explains itself, whatever the server time zone', () => {
    const r = run('deadline', '--received', '2023-09-28', '--channel', 'online');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2023-11-01');
    expect(r.stdout).toContain('国庆节放假');
    expect(r.stdout).toContain('第三十一条第三项');
  });
  it('bad input: Chinese message on stderr, exit 1', () => {
    for (const [args, msg] of [
      [['calendar', 'add', '2023-02-29', '5'], '不是一个真实存在的日期'],
      [['calendar', 'add', '2028-03-01', '5'], '2028年节假日安排尚未录入'],
      [['calendar', 'add', '2024-03-01', '-3'], '无效'],
      [['deadline', '--received', '2026-12-20'], '2027年节假日安排尚未录入'],
      [['deadline', '--received', '2024-03-01', '--channel', 'pigeon'], '提交渠道「pigeon」未知'],
      [['fees', '--pieces', '3', '--pages', '40'], '只能选择按件'],
    ] as [string[], string][]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(msg);
      expect(r.stdout).toBe('');
    }
  });
});
