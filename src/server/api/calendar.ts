/**
 * Calendar administration API (issue 3; the root agency's administrators only, policy action `calendar.manage`):
 * GET the years with their source notice, POST a year added or corrected (JSON or CSV text, as the
 * `gongkai calendar import` file). The answer lists the open applications whose dates moved.
 */
import { z } from 'zod';
import { textInput } from '../../app/schemas.ts';
import type { App } from '../app.ts';
import { byOf, requireUser } from '../app.ts';
import { importCalendar, listCalendarYears } from '../../app/calendar/years.ts';

const CalendarYear = z.object({
  year: z.number().int(),
  source: z.string().describe('依据（国务院办公厅通知）'),
  origin: z.enum(['builtin', 'entered']),
  replacesBuiltin: z.boolean(),
  holidays: z.number().int(),
  workdays: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
const CalendarImportOutcome = z.object({
  years: z.array(
    z.object({ year: z.number().int(), source: z.string(), replaced: z.enum(['builtin', 'entered']).nullable(), holidays: z.number().int(), workdays: z.number().int() }),
  ),
  changes: z
    .array(
      z.object({
        applicationId: z.number().int(),
        number: z.string(),
        agencyCode: z.string(),
        agencyName: z.string(),
        field: z.string(),
        fieldLabel: z.string(),
        old: z.string().nullable(),
        new: z.string().nullable(),
        reasons: z.array(z.string()),
      }),
    )
    .describe('日期因此改变的在办申请，每个日期一项'),
});

export const calendarImportSchema = z.object({
  /** The file's text: a YearSchedule JSON (or an array of them) or a CSV `date,kind,name`. */
  text: textInput('节假日安排', { error: '请提供节假日安排（JSON 或 CSV 文本）', multiline: true, trim: false }).min(1, '请提供节假日安排（JSON 或 CSV 文本）').max(200_000, '内容过长'),
  format: z.enum(['json', 'csv'], { error: '格式应为 json 或 csv' }).optional(),
  /** 文号, e.g. 国办发明电〔2026〕7号. */
  notice: textInput('通知文号').max(60, '文号过长').optional(),
  noticeTitle: textInput('通知标题').max(200, '通知标题过长').optional(),
});

export async function routes(app: App) {
  app.get('/api/calendar/years', { schema: { tags: ['calendar'], summary: '工作日历的年份及其依据（系统管理员）', response: { 200: z.object({ years: z.array(CalendarYear) }) } } }, async (request) => {
    requireUser(request);
    return { years: await listCalendarYears(app.db, byOf(request)) };
  });

  app.post(
    '/api/calendar/years',
    { schema: { tags: ['calendar'], summary: '录入或更正某年的放假调休安排（系统管理员）；返回答复期限变化的在办申请', body: calendarImportSchema, response: { 200: CalendarImportOutcome } } },
    async (request) => {
      requireUser(request);
      return importCalendar(app.db, request.body, byOf(request));
    },
  );
}
