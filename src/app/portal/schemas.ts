/** Input schemas of the portal (documents, figures, search), shared by the API, the forms and the imports. */
import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar/index.ts';
import { CATEGORY_CODES, DOCUMENT_KINDS } from '../../domain/portal/categories.ts';
import { AmountError, fenToWanYuan, parseWanYuan, wanYuanToFen } from '../../domain/report/amount.ts';
import { FIGURE_ITEMS, FIGURES, type FigureItem } from '../../domain/taxonomy/index.ts';
import { ALL_FIGURE_ITEMS, FIGURE_FIELDS_2019, FIGURE_FIELDS_2021, YEAR_END_ITEMS_BEFORE_FIRST_REPORT, figureLabel, isAmountItem, type AnyFigureItem, type FigureField } from '../../domain/report/figures.ts';
import { FIRST_REPORT_YEAR, LAST_TRIAL_FORMAT_YEAR } from '../../domain/report/policy.ts';
import { textInput } from '../schemas.ts';

export const isoDate = (label: string) =>
  z.string().trim().refine((s) => isIsoDate(s), { message: `${label}应为有效日期，格式 YYYY-MM-DD` });

const optionalDate = (label: string) =>
  z.preprocess((v) => (v === '' ? null : v), isoDate(label).nullable().optional());

export const documentInputSchema = z.object({
  title: textInput('标题', { error: '请填写标题' }).min(1, '请填写标题').max(300, '标题不能超过300个字'),
  docNumber: z.preprocess((v) => (v === '' ? null : v), textInput('文号').max(100, '文号不能超过100个字').nullable().optional()),
  issuer: z.preprocess((v) => (v === '' ? null : v), textInput('发文机关').max(200, '发文机关不能超过200个字').nullable().optional()),
  kind: z.enum(DOCUMENT_KINDS, { message: '文件类型应为 rule（规章）、normative（行政规范性文件）或 other（其他）' }).default('other'),
  category: z.enum(CATEGORY_CODES, { message: `目录类别应为以下之一：${CATEGORY_CODES.join('、')}` }).default('other'),
  /** The agency's own sub-category (src/app/portal/subcategories.ts): when given, `category` is its parent's, not stored. */
  subcategoryId: z.preprocess((v) => (v === '' || v == null ? null : v), z.coerce.number({ message: '子类不正确' }).int('子类不正确').positive('子类不正确').max(2147483647, '子类不正确').nullable().optional()),
  writtenDate: optionalDate('成文日期'),
  effectiveDate: optionalDate('施行日期'),
  repealedDate: optionalDate('废止日期'),
  body: textInput('正文', { multiline: true, trim: false }).max(2_000_000, '正文过长').default(''),
  bodyFormat: z.enum(['html', 'text'], { message: '正文格式应为 html 或 text' }).default('text'),
  note: textInput('修改说明', { multiline: true }).max(500, '修改说明不能超过500个字').optional(),
});
export type DocumentInput = z.input<typeof documentInputSchema>;
export type DocumentInputParsed = z.output<typeof documentInputSchema>;

export const publishSchema = z.object({ publishedDate: optionalDate('发布日期'), note: textInput('说明', { multiline: true }).max(500, '说明不能超过500个字').optional() });
export const withdrawSchema = z.object({ reason: textInput('撤回原因', { error: '请填写撤回原因', multiline: true }).min(1, '请填写撤回原因').max(500, '撤回原因不能超过500个字') });
export const repealSchema = z.object({ repealedDate: isoDate('废止日期'), note: textInput('说明', { multiline: true }).max(500, '说明不能超过500个字').optional() });

export { FIGURE_ITEMS, type FigureItem };
/**
 * Every item `gongkai import figures` takes: the 2021 format's four and the 2019 trial format's
 * (report years 2019–2020). Which items a year's form holds: src/domain/report/figures.ts.
 */
export { ALL_FIGURE_ITEMS, type AnyFigureItem };

export const yearSchema = z.coerce
  .number({ message: '年度应为数字' })
  .int('年度应为整数')
  .min(2008, '年度不能早于2008年')
  .max(2100, '年度不正确');

/**
 * A figure: a whole number (处理决定数量, 项目数量), or an amount in 万元 to six decimals (one 分; real
 * reports print 5949.088667), read as reports print it (「5,949.09」「0.5」) and kept exactly
 * (src/domain/report/amount.ts): more decimals are refused, never rounded. Absent: 「请填写」.
 */
export function figureValue(item: AnyFigureItem) {
  const entered = z.unknown().refine((v) => v !== undefined && v !== null && v !== '', { message: '请填写', abort: true });
  if (isAmountItem(item)) {
    return entered.pipe(
      z.union([z.number(), z.string()], { error: '应为数字' }).transform((v, ctx) => {
        try {
          const n = typeof v === 'number' ? fenToWanYuan(wanYuanToFen(v)) : parseWanYuan(v);
          if (n < 0) ctx.addIssue({ code: 'custom', message: '不能为负数' });
          return n;
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: e instanceof AmountError ? e.message : '应为数字' });
          return z.NEVER;
        }
      }),
    );
  }
  const whole = FIGURES[item as FigureItem] ? '处理决定数量应为整数' : '应为整数';
  return entered.pipe(z.coerce.number({ message: '应为数字' }).min(0, '不能为负数').max(1e12, '数值过大').int(whole));
}

const sourceSchema = textInput('数据来源', { error: '请注明数据来源' }).min(1, '请注明数据来源').max(300, '数据来源不能超过300个字');

/** The input of a year's figures: every item of the year's format (required) and the source. */
export function figuresInputSchemaFor(fields: readonly FigureField[]) {
  return z.object({ ...Object.fromEntries(fields.map((f) => [f.item, figureValue(f.item)])), source: sourceSchema }) as z.ZodType<Partial<Record<AnyFigureItem, number>> & { source: string }>;
}

/** The 2021 format's figures (a year from 2021). */
export const figuresInputSchema = z.object({
  licensing: figureValue('licensing'),
  penalty: figureValue('penalty'),
  coercion: figureValue('coercion'),
  fees_wan_yuan: figureValue('fees_wan_yuan'),
  source: sourceSchema,
});
export type FiguresInput = z.input<typeof figuresInputSchema>;

/**
 * What PUT /api/agencies/{code}/figures/{year} takes, for the OpenAPI document: the items of the
 * year's format (the use case checks them against the year); numbers, or amounts as printed text.
 */
export const figuresBodySchema = z
  .object({
    ...Object.fromEntries(
      ALL_FIGURE_ITEMS.map((item) => [
        item,
        (isAmountItem(item) ? z.union([z.number(), z.string()]) : z.union([z.number().int().min(0), z.string()])).optional().describe(`${figureLabel(item)}`),
      ]),
    ),
    source: z.string().describe('数据来源'),
  })
  .meta({
    id: 'FiguresInput',
    description: `年度报告表一中没有文件可统计的数字。${FIRST_REPORT_YEAR - 1}年只填年末项目数量（${YEAR_END_ITEMS_BEFORE_FIRST_REPORT.map((f) => f.item).join('、')}）；${FIRST_REPORT_YEAR}–${LAST_TRIAL_FORMAT_YEAR}年度按2019年试行格式（${FIGURE_FIELDS_2019.map((f) => f.item).join('、')}）；此后按2021年格式（${FIGURE_FIELDS_2021.map((f) => f.item).join('、')}）。该年格式的每一项都须填写。`,
  });

export const searchQuerySchema = z.object({
  q: textInput('搜索词', { trim: false, multiline: true }).max(200, '搜索词不能超过200个字').default(''),
  agency: textInput('机关代码', { trim: false }).max(100, '机关代码过长').optional(),
  category: z.enum(CATEGORY_CODES, { message: '目录类别不正确' }).optional().or(z.literal('').transform(() => undefined)),
  /** A sub-category's id (the agency's own, under `category`). */
  sub: z.union([z.literal('').transform(() => undefined), z.coerce.number({ message: '子类不正确' }).int('子类不正确').positive('子类不正确').max(2147483647, '子类不正确')]).optional(),
  year: z.union([yearSchema, z.literal('').transform(() => undefined)]).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  size: z.coerce.number().int().min(1).max(100).default(20),
});
