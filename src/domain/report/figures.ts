/**
 * The figures an agency enters for a year: the numbers of 表一 that no document gives, item by item
 * in the format the year is reported in (policy.ts `reportFormatFor`). One list per format, read by
 * the console's figures form, its validation (src/app/portal/schemas.ts), the API and the import's
 * messages; the compiler (compile.ts, trial.ts) reads the same item codes.
 *
 * - The 2021 format (国办公开办函〔2021〕30号, regulation.md §1.2): 第二十条第（五）（六）项 本年处理决定数量 of
 *   行政许可、行政处罚、行政强制 and 第（八）项 本年收费金额（单位：万元）.
 * - The 2019 trial format (国办公开办函〔2019〕60号, report years 2019–2020, §1.7): 处理决定数量 of 行政许可、
 *   其他对外管理服务事项、行政处罚、行政强制; the 项目数量 of （五）（六）（八）项 at the year's end — its
 *   上一年项目数量 is the year before's entry and 本年增/减 the difference (trial.ts), so neither is typed
 *   twice — and 第（九）项 政府集中采购: 采购项目数量 and 采购总金额 (in 万元, TRIAL_PROCUREMENT_UNIT). The
 *   trial table has no 本年收费金额 and no 废止 column.
 * - The year before the first report year (2018) is no report's year, but the first trial report's
 *   上一年项目数量 is its year-end 项目数量 (named policy `YEAR_END_ITEMS_BEFORE_FIRST_REPORT`): those five
 *   items only. Earlier years are refused with `reportFormatFor`'s reason.
 */
import { FIGURE_ITEMS, FIGURES, type FigureItem } from '../taxonomy/index.ts';
import { TRIAL_FIGURE_ITEMS, TRIAL_PROCUREMENT_UNIT, TRIAL_TABLE1, type TrialFigureItem } from '../taxonomy/table1-2019.ts';
import { FIRST_REPORT_YEAR, reportFormatFor } from './policy.ts';

/** Every item an agency can enter, of either format. */
export const ALL_FIGURE_ITEMS = [...FIGURE_ITEMS, ...TRIAL_FIGURE_ITEMS] as const;
export type AnyFigureItem = FigureItem | TrialFigureItem;

export interface FigureField {
  item: AnyFigureItem;
  /** The item of 第二十条 the figure reports (the form's group and the table's sub-heading). */
  article20Item: string;
  /** The row as printed: 「行政许可」. */
  row: string;
  /** What is entered, as the column is printed (or, for 项目数量, what it is derived from). */
  column: string;
  /** 件 / 项: a non-negative whole number; 万元: an amount to six decimals (amount.ts). */
  unit: '件' | '项' | '万元';
  /** Row and column in one, for messages: 「政府集中采购（采购总金额，万元）」. */
  label: string;
}

export type FiguresFormat = '2021' | '2019' | 'year_end_items';

/** The items entered for a year of the format, in the order the table prints them. */
export interface FiguresOfYear {
  year: number;
  format: FiguresFormat;
  fields: readonly FigureField[];
}

const field = (item: AnyFigureItem, article20Item: string, row: string, column: string, unit: FigureField['unit']): FigureField => ({
  item,
  article20Item,
  row,
  column,
  unit,
  label: `${row}（${column}${unit === '万元' ? '，万元' : ''}）`,
});

/** The 2021 format's four figures (taxonomy FIGURES). */
export const FIGURE_FIELDS_2021: readonly FigureField[] = FIGURE_ITEMS.map((item) => {
  const f = FIGURES[item];
  return field(item, f.article20Item, f.label, f.column, f.unit);
});

const trialItem = (article20Item: string) => {
  const found = TRIAL_TABLE1.find((i) => i.article20Item === article20Item);
  if (!found) throw new Error(`试行格式表一没有${article20Item}`);
  return found;
};
const trialRow = (article20Item: string, key: string) => trialItem(article20Item).rows.find((r) => r.key === key)!.label;
const trialColumn = (article20Item: string, key: string) => trialItem(article20Item).columns.find((c) => c.key === key)!.label;

/** 项目数量 at the year's end: what 上一年项目数量 and 本年增/减 are computed from. */
const YEAR_END = '年末项目数量';

/** Rows of （五）（六）（八）项 → the item holding their 项目数量 at a year's end (trial.ts reads them). */
export const TRIAL_ITEM_COUNTS: ReadonlyArray<{ article20Item: string; row: string; item: TrialFigureItem }> = [
  { article20Item: '第二十条第（五）项', row: 'licensing', item: 'licensing_items' },
  { article20Item: '第二十条第（五）项', row: 'other_services', item: 'other_services_items' },
  { article20Item: '第二十条第（六）项', row: 'penalty', item: 'penalty_items' },
  { article20Item: '第二十条第（六）项', row: 'coercion', item: 'coercion_items' },
  { article20Item: '第二十条第（八）项', row: 'fees', item: 'fees_items' },
];

/** Rows of （五）（六）项 → the item holding their 处理决定数量 (行政许可/处罚/强制 are the 2021 items of the same name). */
const TRIAL_DECISIONS: ReadonlyArray<{ article20Item: string; row: string; item: AnyFigureItem }> = [
  { article20Item: '第二十条第（五）项', row: 'licensing', item: 'licensing' },
  { article20Item: '第二十条第（五）项', row: 'other_services', item: 'other_services' },
  { article20Item: '第二十条第（六）项', row: 'penalty', item: 'penalty' },
  { article20Item: '第二十条第（六）项', row: 'coercion', item: 'coercion' },
];

const yearEndField = (c: (typeof TRIAL_ITEM_COUNTS)[number]) => field(c.item, c.article20Item, trialRow(c.article20Item, c.row), YEAR_END, '项');

/** The trial format's items, grouped by row in the template's order: a row's 处理决定数量, then its 年末项目数量. */
export const FIGURE_FIELDS_2019: readonly FigureField[] = [
  ...TRIAL_TABLE1.flatMap((t) =>
    t.rows.flatMap((r) => {
      const decisions = TRIAL_DECISIONS.find((d) => d.article20Item === t.article20Item && d.row === r.key);
      const count = TRIAL_ITEM_COUNTS.find((c) => c.article20Item === t.article20Item && c.row === r.key);
      return [
        ...(decisions ? [field(decisions.item, t.article20Item, r.label, trialColumn(t.article20Item, 'decisions'), '件')] : []),
        ...(count ? [yearEndField(count)] : []),
      ];
    }),
  ),
  field('procurement_count', '第二十条第（九）项', trialRow('第二十条第（九）项', 'procurement'), trialColumn('第二十条第（九）项', 'count'), '项'),
  field('procurement_wan_yuan', '第二十条第（九）项', trialRow('第二十条第（九）项', 'procurement'), trialColumn('第二十条第（九）项', 'amount_wan_yuan'), TRIAL_PROCUREMENT_UNIT),
];

/** Named policy: the year before the first report year holds only the year-end 项目数量 the first trial report reads. */
export const YEAR_END_ITEMS_BEFORE_FIRST_REPORT: readonly FigureField[] = TRIAL_ITEM_COUNTS.map(yearEndField);

/** The items of a format. */
export function figureFieldsOf(format: FiguresFormat): readonly FigureField[] {
  return format === '2021' ? FIGURE_FIELDS_2021 : format === '2019' ? FIGURE_FIELDS_2019 : YEAR_END_ITEMS_BEFORE_FIRST_REPORT;
}

/**
 * The items entered for `year`, in the format its report uses. Throws (with `reportFormatFor`'s
 * Chinese reason) for a year before FIRST_REPORT_YEAR − 1, whose figures no report reads.
 */
export function figuresOfYear(year: number): FiguresOfYear {
  const format: FiguresFormat = year === FIRST_REPORT_YEAR - 1 ? 'year_end_items' : reportFormatFor(year);
  return { year, format, fields: figureFieldsOf(format) };
}

/** Whether an item is an amount in 万元 (six decimals) rather than a whole number. */
export function isAmountItem(item: AnyFigureItem): boolean {
  return [...FIGURE_FIELDS_2021, ...FIGURE_FIELDS_2019].some((f) => f.item === item && f.unit === '万元');
}

/** An item's label for messages, whichever format it belongs to. */
export function figureLabel(item: AnyFigureItem): string {
  return [...FIGURE_FIELDS_2021, ...FIGURE_FIELDS_2019].find((f) => f.item === item)!.label;
}
