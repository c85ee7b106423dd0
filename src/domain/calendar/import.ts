/**
 * Parsing an administrator's calendar import file (pure: text in, YearSchedules or Chinese errors out).
 * `gongkai calendar import FILE` reads the file and stores the years; this module is the parse/validate
 * part. Two formats:
 *
 * 1. JSON — one YearSchedule or an array of them:
 *      { "year": 2027,
 *        "source": { "notice": { "number": "国办发明电〔2026〕N号",
 *                                "title": "国务院办公厅关于2027年部分节假日安排的通知",
 *                                "published": "2026-11-01" } },
 *        "holidays": [ { "date": "2027-01-01", "name": "元旦" }, … ],
 *        "workdays": [ { "date": "2027-02-06", "name": "春节" }, … ] }
 *
 * 2. CSV (UTF-8, header line required, `#` starts a comment line):
 *      date,kind,name
 *      2027-01-01,holiday,元旦
 *      2027-02-06,workday,春节
 *    `kind` is `holiday` (放假, every day off of the block, weekends inside it included) or `workday`
 *    (调休上班日, a Saturday or Sunday). Rows are grouped by the year of their date; the notice the
 *    data comes from is not in the CSV and is passed by the caller (`options.notice`), e.g. from a
 *    `--notice-title` option.
 *
 * The import is all-or-nothing: any bad line rejects the whole file, naming the line and the reason.
 */
import { parse } from 'csv-parse/sync';
import { csvSyntaxMessage } from '../../lib/csv.ts';
import { shown } from '../text/index.ts';
import { isIsoDate } from './date.ts';
import type { ScheduleNotice, YearSchedule } from './types.ts';
import { validateYearSchedule } from './validate.ts';

export type ImportFormat = 'json' | 'csv';
export type ImportResult = { ok: true; schedules: YearSchedule[] } | { ok: false; errors: string[] };

export interface ImportOptions {
  /** Inferred from the text when absent (a leading `{` or `[` means JSON). */
  format?: ImportFormat;
  /** For CSV: the 国务院办公厅 notice the dates come from (required for CSV). */
  notice?: ScheduleNotice;
}

export function detectImportFormat(text: string): ImportFormat {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  return t.startsWith('{') || t.startsWith('[') ? 'json' : 'csv';
}

export function parseCalendarImport(text: string, options: ImportOptions = {}): ImportResult {
  const format = options.format ?? detectImportFormat(text);
  return format === 'json' ? parseJson(text) : parseCsv(text, options.notice);
}

function parseJson(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // V8's message is English and may quote the text; say where instead.
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
    return { ok: false, errors: [`JSON 格式错误${at ? `（第 ${Number(at) + 1} 个字符附近）` : ''}：请检查括号、引号和逗号`] };
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) return { ok: false, errors: ['文件中没有任何年份的安排'] };
  return collect(items.map((item, i) => ({ item, where: items.length > 1 ? `第${i + 1}个年份` : '' })));
}

function parseCsv(text: string, notice: ScheduleNotice | undefined): ImportResult {
  if (!notice || !notice.title?.trim()) {
    return { ok: false, errors: ['CSV 导入须注明依据的国务院办公厅通知（标题，最好连同文号）'] };
  }
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      comment: '#',
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as typeof rows;
  } catch (e) {
    return { ok: false, errors: [`CSV 格式错误：${csvSyntaxMessage(e)}`] };
  }
  const errors: string[] = [];
  if (rows.length === 0) return { ok: false, errors: ['CSV 中没有数据行（表头应为 date,kind,name）'] };
  const header = Object.keys(rows[0].record);
  for (const col of ['date', 'kind', 'name']) {
    if (!header.includes(col)) errors.push(`CSV 表头缺少「${col}」列（表头应为 date,kind,name）`);
  }
  if (errors.length) return { ok: false, errors };
  const byYear = new Map<number, YearSchedule>();
  for (const { record, info } of rows) {
    const line = `第${info.lines}行`;
    const { date, kind, name } = record;
    if (!isIsoDate(date)) {
      errors.push(`${line}：日期「${shown(date)}」不是 YYYY-MM-DD 格式的真实日期`);
      continue;
    }
    if (kind !== 'holiday' && kind !== 'workday') {
      errors.push(`${line}：kind「${shown(kind)}」无效，应为 holiday（放假）或 workday（调休上班）`);
      continue;
    }
    if (!name) {
      errors.push(`${line}：缺少节日名称`);
      continue;
    }
    const year = Number(date.slice(0, 4));
    let s = byYear.get(year);
    if (!s) {
      s = { year, source: { notice: { ...notice } }, holidays: [], workdays: [] };
      byYear.set(year, s);
    }
    (kind === 'holiday' ? s.holidays : s.workdays).push({ date, name });
  }
  if (errors.length) return { ok: false, errors };
  return collect([...byYear.values()].map((item) => ({ item, where: `${item.year}年` })));
}

function collect(items: { item: unknown; where: string }[]): ImportResult {
  const errors: string[] = [];
  const schedules: YearSchedule[] = [];
  const years = new Set<number>();
  for (const { item, where } of items) {
    const r = validateYearSchedule(item);
    if (!r.ok) {
      errors.push(...r.errors.map((e) => (where ? `${where}：${e}` : e)));
      continue;
    }
    if (years.has(r.schedule.year)) errors.push(`${r.schedule.year}年在文件中出现了不止一次`);
    years.add(r.schedule.year);
    schedules.push(r.schedule);
  }
  return errors.length ? { ok: false, errors } : { ok: true, schedules };
}
