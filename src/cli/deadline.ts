/**
 * `gongkai deadline --history FILE.json [--format json]` (contracts.md §6): a written case history
 * through the clock of the application pages (deadlineFromHistory). First line of standard output:
 * the due date (empty when there is none yet), then the periods, the warnings and the explanation;
 * with `--format json` one object `{ due, periods, warnings }`. A history the law does not allow is
 * refused on standard error, naming the event.
 */
import { readFile } from 'node:fs/promises';
import type { Calendar } from '../domain/calendar/index.ts';

const PERIOD_LABELS = { correction: '补正期限（第三十条）', consultation: '征求意见期限（第三十二条、第三十四条）', fee: '缴费期限（国办函〔2020〕109号）' } as const;

export async function deadlineFromHistoryFile(file: string, format: 'text' | 'json', calendar: Calendar): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`无法读取文件 ${file}：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} 不是有效的 JSON：${(e as Error).message}`);
  }
  // Loaded here, not at the top: `gongkai --help` should load no validation library.
  const { deadlineFromHistory } = await import('../domain/applications/history.ts');
  const r = deadlineFromHistory(json, calendar);
  if (format === 'json') return `${JSON.stringify({ due: r.due, periods: r.periods, warnings: r.warnings })}\n`;
  const lines = [
    ...Object.entries(r.periods).map(([k, v]) => `${PERIOD_LABELS[k as keyof typeof PERIOD_LABELS]}：${v ?? '待送达'}`),
    ...r.warnings.map((w) => `注意（${w.code}）：${w.message}`),
    ...(r.clock.explanation?.lines ?? []),
  ];
  return `${r.due ?? ''}\n${lines.join('\n')}\n`;
}
