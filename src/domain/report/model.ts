/**
 * The report model (shared/docs/contracts.md §2): one shape that `report compile` writes and
 * `audit` reads a published report into. Compile and audit are its two directions.
 *
 * A cell is a number, or `null` where a published report leaves it blank or writes 「/」「—」.
 * A compiled report never has a null cell.
 */
import {
  APPEAL_COLUMNS,
  APPEAL_KINDS,
  TABLE2_COLUMNS,
  TABLE2_ROWS,
  type AppealColumn,
  type AppealKind,
  type Table2Column,
  type Table2Row,
} from '../taxonomy/index.ts';
import { TRIAL_TABLE1_CELLS } from '../taxonomy/table1-2019.ts';

export type Cell = number | null;

/** '2021' = 国办公开办函〔2021〕30号; '2019' = the trial format of 国办公开办函〔2019〕60号. */
export type ReportFormat = '2021' | '2019';

export interface DocumentCounts {
  issued: Cell;
  repealed: Cell;
  in_force: Cell;
}

export interface ProactiveTable {
  /** 第二十条第（一）项 规章 */
  rules: DocumentCounts;
  /** 第二十条第（一）项 行政规范性文件 */
  normative: DocumentCounts;
  /** 第二十条第（五）项 行政许可 本年处理决定数量 */
  licensing: Cell;
  /** 第二十条第（六）项 行政处罚 */
  penalty: Cell;
  /** 第二十条第（六）项 行政强制 */
  coercion: Cell;
  /** 第二十条第（八）项 行政事业性收费 本年收费金额（万元） */
  fees_wan_yuan: Cell;
}

/**
 * 表一 of the 2019 trial format (国办公开办函〔2019〕60号; src/domain/taxonomy/table1-2019.ts), cell by
 * cell: row → column → cell (`rules.made`, `licensing.previous`, `procurement.amount_wan_yuan`…).
 * Present in the model only when `format` is '2019' (an addition to contracts.md §2: readers that do
 * not know it keep reading `proactive`, which carries the 2021 projection of the same table).
 */
export type TrialProactiveTable = Record<string, Record<string, Cell>>;

export type ApplicationsTable = Record<Table2Row, Record<Table2Column, Cell>>;
export type AppealsTable = Record<AppealKind, Record<AppealColumn, Cell>>;

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** A finding code of contracts.md §2 (e.g. `identity.balance`) or one added beside them. */
  code: string;
  severity: Severity;
  /** A clear Chinese sentence: what is wrong and what was expected. */
  message: string;
  /** Where: `table2/<row>/<column>`, `table3/<kind>/<column>`, `table1/<item>`, `section/<key>`, `text/<offset>`… */
  where?: string;
  /** The value expected, where one can be computed. */
  expected?: number | string;
  /** The value found. */
  found?: number | string | null;
}

export interface ReportSections {
  overview: string;
  problems: string;
  other: string;
}

export interface ReportModel {
  format: ReportFormat;
  year: number | null;
  agency: { name: string; code?: string };
  proactive: ProactiveTable;
  /** The 2019 trial format's table 1 as printed (only when `format` is '2019'). */
  proactive_2019?: TrialProactiveTable;
  applications: ApplicationsTable;
  appeals: AppealsTable;
  sections: ReportSections;
  findings: Finding[];
  /** Publication date (YYYY-MM-DD) where known: the 发布日期 on a portal page, or when published. */
  published?: string;
  /** The file an audited report was read from (bulk mode). */
  file?: string;
}


/** An applications table with every row and column present, each cell `fill`. */
export function emptyApplications(fill: Cell = 0): ApplicationsTable {
  const table = {} as ApplicationsTable;
  for (const row of TABLE2_ROWS) {
    const cells = {} as Record<Table2Column, Cell>;
    for (const col of TABLE2_COLUMNS) cells[col] = fill;
    table[row] = cells;
  }
  return table;
}

export function emptyAppeals(fill: Cell = 0): AppealsTable {
  const table = {} as AppealsTable;
  for (const kind of APPEAL_KINDS) {
    const cells = {} as Record<AppealColumn, Cell>;
    for (const col of APPEAL_COLUMNS) cells[col] = fill;
    table[kind] = cells;
  }
  return table;
}

export function emptyProactive(fill: Cell = 0): ProactiveTable {
  return {
    rules: { issued: fill, repealed: fill, in_force: fill },
    normative: { issued: fill, repealed: fill, in_force: fill },
    licensing: fill,
    penalty: fill,
    coercion: fill,
    fees_wan_yuan: fill,
  };
}

/** The trial table 1 with every row and column present, each cell `fill`. */
export function emptyTrialProactive(fill: Cell = 0): TrialProactiveTable {
  const table: TrialProactiveTable = {};
  for (const { row, column } of TRIAL_TABLE1_CELLS) (table[row] ??= {})[column.key] = fill;
  return table;
}

/** A report model with every table present and zero (or `fill`) in every cell. */
export function emptyReport(year: number | null, agencyName: string, fill: Cell = 0, format: ReportFormat = '2021'): ReportModel {
  return {
    format,
    year,
    agency: { name: agencyName },
    proactive: emptyProactive(fill),
    ...(format === '2019' ? { proactive_2019: emptyTrialProactive(fill) } : {}),
    applications: emptyApplications(fill),
    appeals: emptyAppeals(fill),
    sections: { overview: '', problems: '', other: '' },
    findings: [],
  };
}
