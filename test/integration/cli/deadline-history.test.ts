/**
 * `gongkai deadline --history FILE.json [--format json]` (contracts.md §6), run as a child process on
 * held-out histories. Every expected date was counted by hand on the 2024/2025 schedules
 * (中秋、国庆 2024; 春节 2025), not taken from the program.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes the history and runs the real command line on it (one child process at a time: the machine is shared). */
function deadline(history: unknown, ...flags: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const file = path.join(dir, `h${++n}.json`);
  writeFileSync(file, typeof history === 'string' ? history : JSON.stringify(history));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/gongkai.mjs', 'deadline', '--history', file, ...flags], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'America/Los_Angeles' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const T = { timeout: 120_000 };

describe('gongkai deadline --history', () => {
  it('served later than sent: the 补正 period runs from service; the period restarts on the corrected application', T, async () => {
    // Received online 2024-09-12; notice sent 09-13, served 09-19 → 补正 period ends 10-15 (from 09-13 it would be 10-11).
    // Corrected application 10-14: 20 working days from it: 10-15…18 1–4, 10-21…25 5–9, 10-28…11-01 10–14, 11-04…08 15–19, 11-11 20.
    const r = await deadline(
      {
        channel: 'online',
        received: '2024-09-12',
        events: [
          { type: 'correction_requested', sent: '2024-09-13', served: '2024-09-19' },
          { type: 'correction_received', date: '2024-10-14' },
        ],
      },
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ due: '2024-11-11', periods: { correction: '2024-10-15' }, warnings: [] });
  });

  it('a lapse closing before the served period ran out is refused on standard error, naming the event', T, async () => {
    const r = await deadline({
      channel: 'online',
      received: '2024-09-12',
      events: [
        { type: 'correction_requested', sent: '2024-09-13', served: '2024-09-19' },
        { type: 'decided', date: '2024-10-15', outcome: 'other.correction_lapsed' },
      ],
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('events[1]（decided）');
    expect(r.stderr).toContain('2024-10-15，尚未届满');
  });

  it('a late 补正 and a second one are recorded with warnings and do not move the due date', T, async () => {
    // Received in person 2024-09-27 (Fri): notice due by 10-12 (09-29 Sun 调休 1, 09-30 2, 10-08…11 3–6, 10-12 Sat 调休 7).
    // Due: 1–2 as above, 10-08…12 3–7, 10-14…18 8–12, 10-21…25 13–17, 10-28…30 18–20 → 2024-10-30, whatever the notices.
    const r = await deadline({
      channel: 'in_person',
      received: '2024-09-27',
      events: [
        { type: 'correction_requested', sent: '2024-10-14', served: '2024-10-14' },
        { type: 'correction_received', date: '2024-10-18' },
        { type: 'correction_requested', sent: '2024-10-21', served: '2024-10-22' },
      ],
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2024-10-30');
    expect(r.stdout).toContain('注意（correction.late_notice）：补正通知应于2024-10-12前发出');
    expect(r.stdout).toContain('注意（correction.second）');
    expect(r.stdout).toContain('第三十条');
  });

  it('a third party across 国庆 2024: its 15 working days from service, the time excluded, no disclosure before', T, async () => {
    // Received 2024-09-20. Letter sent 09-26, served 09-30: 10-08…11 1–4, 10-12 (Sat 调休) 5, 10-14…18 6–10, 10-21…25 11–15 → 10-25.
    // Reply period: 09-23…26 1–4, then paused (09-27, 09-29 调休, 09-30, 10-08…25: 18 working days), 10-28… → 20th on 11-18.
    const history = { channel: 'in_person', received: '2024-09-20', events: [{ type: 'consultation_sent', sent: '2024-09-26', served: '2024-09-30', ref: '甲公司' }] };
    const [ok, refused] = await Promise.all([
      deadline(history, '--format', 'json'),
      deadline({ ...history, events: [...history.events, { type: 'decided', date: '2024-10-25', outcome: 'public' }] }),
    ]);
    expect(JSON.parse(ok.stdout)).toEqual({ due: '2024-11-18', periods: { consultation: '2024-10-25' }, warnings: [] });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('events[1]（decided）');
    expect(refused.stderr).toContain('第三十二条');
  });

  it('a fee across 春节 2025: the payment period from service; the wait excluded (named policy)', T, async () => {
    // Received 2025-01-10 (Fri): 01-13…17 1–5, 01-20 6. Notice sent 01-20, served 01-24: payment by 02-27
    // (01-26 Sun 调休 1, 01-27 2, 春节 01-28…02-04, 02-05…07 3–5, 02-08 Sat 调休 6, …, 02-24…27 17–20).
    // Paid 02-20: the clock resumes 02-21 7, 02-24…28 8–12, 03-03…07 13–17, 03-10…12 18–20 → 2025-03-12.
    const r = await deadline(
      {
        channel: 'in_person',
        received: '2025-01-10',
        events: [
          { type: 'fee_notice', sent: '2025-01-20', served: '2025-01-24', amount: 100 },
          { type: 'fee_paid', date: '2025-02-20' },
        ],
      },
      '--format',
      'json',
    );
    expect(JSON.parse(r.stdout)).toEqual({ due: '2025-03-12', periods: { fee: '2025-02-27' }, warnings: [] });
  });

  it('letters awaiting service: the periods are open (待送达), the due date not known yet', T, async () => {
    const r = await deadline(
      { channel: 'in_person', received: '2024-09-20', events: [{ type: 'consultation_sent', sent: '2024-09-26' }] },
      '--format',
      'json',
    );
    const out = JSON.parse(r.stdout);
    expect(out.due).toBeNull();
    expect(out.periods).toEqual({ consultation: null });
    expect(out.warnings.map((w: { code: string }) => w.code)).toEqual(['service.pending']);
  });

  it('an extension into a year whose calendar is not entered is valid; the due date waits for it', T, async () => {
    // Received 2026-12-01: due 2026-12-29; extended by 20 working days on 12-03, the new date lies in 2027.
    const r = await deadline({ channel: 'in_person', received: '2026-12-01', events: [{ type: 'extension_approved', date: '2026-12-03' }] });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('');
    expect(r.stdout).toContain('注意（calendar.pending）：待2027年节假日安排录入后确定');
  });

  it('refuses a file that is not a history, naming the field', T, async () => {
    const r = await deadline({ channel: 'online', received: '2024-09-12', events: [{ type: 'correction_requested', sent: '2024-09-31' }] });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('events[0]（correction_requested） 的 sent：「2024-09-31」不是 YYYY-MM-DD 格式的真实日期');
    const bad = await deadline('{ not json');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('不是有效的 JSON');
  });
});
