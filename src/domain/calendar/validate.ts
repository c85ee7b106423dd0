/**
 * Validation of a YearSchedule (a year added or corrected by an administrator, or a built-in file),
 * with Chinese messages. Rules:
 *  - year is an integer between 1990 and 2100;
 *  - the notice's title is given (every year's data cites the 国务院办公厅 notice it comes from);
 *  - every date is a real date written YYYY-MM-DD and lies in that year;
 *  - at least one holiday; no date listed twice; no date both a holiday and a make-up working day;
 *  - make-up working days (调休上班日) are Saturdays or Sundays — a weekday is a working day anyway;
 *  - every day has a festival name.
 */
import { z } from 'zod';
import { isIsoDate, weekdayLabel, isWeekend } from './date.ts';
import type { YearSchedule } from './types.ts';
import { findControlCharacter } from '../text/index.ts';

/** A text of the file holds no control character (a NUL cannot even be stored by the database). */
const noControl = (label: string) => [(s: string) => findControlCharacter(s) === undefined, `${label}不能包含控制字符`] as const;

const isoDate = z.string({ error: '日期应为文字 YYYY-MM-DD' }).refine(isIsoDate, {
  error: (iss) => `「${String(iss.input)}」不是 YYYY-MM-DD 格式的真实日期`,
});

const scheduleDaySchema = z.object({
  date: isoDate,
  name: z.string({ error: '缺少节日名称' }).trim().min(1, '节日名称不能为空').refine(...noControl('节日名称')),
});

const noticeSchema = z.object({
  number: z.string().trim().min(1, '文号不能为空字符串').refine(...noControl('文号')).optional(),
  title: z.string({ error: '缺少通知标题' }).trim().min(1, '通知标题不能为空').refine(...noControl('通知标题')),
  published: isoDate.optional(),
  summary: z.string().refine((s) => findControlCharacter(s, true) === undefined, '通知摘要不能包含控制字符').optional(),
});

export const yearScheduleSchema = z
  .object({
    year: z
      .number({ error: '年份应为数字' })
      .int('年份应为整数')
      .min(1990, '年份不能早于1990年')
      .max(2100, '年份不能晚于2100年'),
    source: z.object(
      {
        notice: noticeSchema,
        amendments: z.array(noticeSchema).optional(),
        note: z.string().refine((s) => findControlCharacter(s, true) === undefined, '说明不能包含控制字符').optional(),
      },
      { error: '缺少依据（国务院办公厅关于该年部分节假日安排的通知）' },
    ),
    holidays: z.array(scheduleDaySchema, { error: '缺少放假日列表' }).min(1, '至少要列出一个放假日'),
    workdays: z.array(scheduleDaySchema, { error: '缺少调休上班日列表（没有时写空列表）' }),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, 'holiday' | 'workday'>();
    const check = (list: { date: string }[], kind: 'holiday' | 'workday') => {
      list.forEach((d, i) => {
        const path = [kind === 'holiday' ? 'holidays' : 'workdays', i, 'date'];
        const what = kind === 'holiday' ? '放假日' : '调休上班日';
        if (Number(d.date.slice(0, 4)) !== s.year) {
          ctx.addIssue({ code: 'custom', path, message: `${what} ${d.date} 不在${s.year}年内` });
        }
        const prev = seen.get(d.date);
        if (prev === kind) {
          ctx.addIssue({ code: 'custom', path, message: `${what} ${d.date} 重复列出` });
        } else if (prev) {
          ctx.addIssue({ code: 'custom', path, message: `${d.date} 既是放假日又是调休上班日` });
        }
        seen.set(d.date, kind);
        if (kind === 'workday' && !isWeekend(d.date)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `调休上班日 ${d.date} 是${weekdayLabel(d.date)}，调休上班日只能是星期六或星期日`,
          });
        }
      });
    };
    check(s.holidays, 'holiday');
    check(s.workdays, 'workday');
  });

const PATH_LABELS: Record<string, string> = {
  year: '年份',
  source: '依据',
  notice: '通知',
  amendments: '修改通知',
  title: '标题',
  number: '文号',
  published: '发布日期',
  holidays: '放假日',
  workdays: '调休上班日',
  date: '日期',
  name: '名称',
};

function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `第${p + 1}条` : (PATH_LABELS[String(p)] ?? String(p))))
    .join('·');
}

export type ScheduleCheck = { ok: true; schedule: YearSchedule } | { ok: false; errors: string[] };

/** Validates an unknown value as a YearSchedule; every problem is reported, in Chinese. */
export function validateYearSchedule(input: unknown): ScheduleCheck {
  const r = yearScheduleSchema.safeParse(input);
  if (r.success) return { ok: true, schedule: r.data as YearSchedule };
  return {
    ok: false,
    errors: r.error.issues.map((iss) => (iss.path.length ? `${describePath(iss.path)}：${iss.message}` : iss.message)),
  };
}
