/**
 * 表一 of the 2019 trial format — 《中华人民共和国政府信息公开工作年度报告格式（试行）》, issued with
 * 国办公开办函〔2019〕60号 (2019-11-23), used for report years 2019 and 2020 (regulation.md §1.7, S2).
 * Its template, verbatim: 「第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章
 * 规范性文件 第二十条第（五）项 信息内容 上一年项目数量 本年增/减 处理决定数量 行政许可 其他对外管理服务事项
 * 第二十条第（六）项 … 行政处罚 行政强制 第二十条第（八）项 信息内容 上一年项目数量 本年增/减 行政事业性收费
 * 第二十条第（九）项 信息内容 采购项目数量 采购总金额 政府集中采购」.
 *
 * As data: five items of 第二十条, each with its columns and rows; every renderer, the compiler and
 * the auditor read the table from here. A cell's key is `table1/<row>/<column>`.
 * The template gives 采购总金额 no unit: Gongkai keeps it in 万元, like the 2021 format's only amount
 * (named policy, `TRIAL_PROCUREMENT_UNIT`), exact to the 分 (src/domain/report/amount.ts).
 */

export const TRIAL_PROCUREMENT_UNIT = '万元';

export interface TrialTable1Column {
  key: string;
  /** The column header as printed in the template. */
  label: string;
  /** An amount in 万元 (six decimals); otherwise a count (本年增/减 may be negative). */
  amount?: boolean;
  /** May be negative (本年增/减). */
  signed?: boolean;
}

export interface TrialTable1Item {
  /** The item of 第二十条 (the sub-table's heading). */
  article20Item: string;
  columns: readonly TrialTable1Column[];
  rows: ReadonlyArray<{ key: string; label: string }>;
}

const ITEMS_COLUMNS: readonly TrialTable1Column[] = [
  { key: 'previous', label: '上一年项目数量' },
  { key: 'change', label: '本年增/减', signed: true },
  { key: 'decisions', label: '处理决定数量' },
];

export const TRIAL_TABLE1: readonly TrialTable1Item[] = [
  {
    article20Item: '第二十条第（一）项',
    columns: [
      { key: 'made', label: '本年新制作数量' },
      { key: 'published', label: '本年新公开数量' },
      { key: 'total', label: '对外公开总数量' },
    ],
    rows: [
      { key: 'rules', label: '规章' },
      { key: 'normative', label: '规范性文件' },
    ],
  },
  {
    article20Item: '第二十条第（五）项',
    columns: ITEMS_COLUMNS,
    rows: [
      { key: 'licensing', label: '行政许可' },
      { key: 'other_services', label: '其他对外管理服务事项' },
    ],
  },
  {
    article20Item: '第二十条第（六）项',
    columns: ITEMS_COLUMNS,
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'coercion', label: '行政强制' },
    ],
  },
  {
    article20Item: '第二十条第（八）项',
    columns: ITEMS_COLUMNS.slice(0, 2),
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
  {
    article20Item: '第二十条第（九）项',
    columns: [
      { key: 'count', label: '采购项目数量' },
      { key: 'amount_wan_yuan', label: '采购总金额', amount: true },
    ],
    rows: [{ key: 'procurement', label: '政府集中采购' }],
  },
];

/** Every (row, column) of the trial table 1, in the order the template prints them. */
export const TRIAL_TABLE1_CELLS: ReadonlyArray<{ row: string; column: TrialTable1Column; item: TrialTable1Item; label: string }> = TRIAL_TABLE1.flatMap((item) =>
  item.rows.flatMap((row) => item.columns.map((column) => ({ row: row.key, column, item, label: row.label }))),
);

/**
 * The figures of the trial table 1 that no document gives, entered per agency and year
 * (`gongkai import figures`, beside the 2021 items `licensing`, `penalty`, `coercion`,
 * `fees_wan_yuan`): the number of 项目 (事项) at the year's end — 上一年项目数量 is last year's entry and
 * 本年增/减 the difference, so neither is typed twice — the 处理决定数量 of 其他对外管理服务事项, and
 * 政府集中采购.
 */
export const TRIAL_FIGURE_ITEMS = [
  'licensing_items',
  'other_services_items',
  'penalty_items',
  'coercion_items',
  'fees_items',
  'other_services',
  'procurement_count',
  'procurement_wan_yuan',
] as const;
export type TrialFigureItem = (typeof TRIAL_FIGURE_ITEMS)[number];

export const TRIAL_FIGURE_LABELS: Record<TrialFigureItem, string> = {
  licensing_items: '行政许可项目数量（年末）',
  other_services_items: '其他对外管理服务事项项目数量（年末）',
  penalty_items: '行政处罚项目数量（年末）',
  coercion_items: '行政强制项目数量（年末）',
  fees_items: '行政事业性收费项目数量（年末）',
  other_services: '其他对外管理服务事项处理决定数量',
  procurement_count: '政府集中采购项目数量',
  procurement_wan_yuan: '政府集中采购总金额（万元）',
};
