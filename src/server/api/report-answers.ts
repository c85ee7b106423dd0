/**
 * The report model of contracts.md §2 and the annual report API's answers (src/server/api/reports.ts,
 * src/server/api/audit.ts) as zod schemas: what the OpenAPI document publishes and what the
 * serializer lets out.
 */
import { z } from 'zod';
import { APPEAL_COLUMNS, APPEAL_KINDS, TABLE2_COLUMNS, TABLE2_ROWS } from '../../domain/taxonomy/index.ts';

const cell = z.number().nullable().describe('空白或「/」为 null');
const row = <K extends readonly [string, ...string[]]>(keys: K) => z.object(Object.fromEntries(keys.map((k) => [k, cell])) as { [P in K[number]]: typeof cell });
const counts = z.object({ issued: cell, repealed: cell, in_force: cell });

export const Finding = z
  .object({
    code: z.string().describe('contracts.md §2 的发现代码，如 identity.balance'),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
    where: z.string().optional(),
    expected: z.union([z.number(), z.string()]).optional(),
    found: z.union([z.number(), z.string()]).nullable().optional(),
  })
  .meta({ id: 'Finding', description: '检查发现的问题' });

const table2Row = row(TABLE2_COLUMNS as unknown as readonly [string, ...string[]]);
const appealRow = row(APPEAL_COLUMNS as unknown as readonly [string, ...string[]]);

export const ReportModel = z
  .object({
    format: z.enum(['2021', '2019']),
    year: z.number().nullable(),
    agency: z.object({ name: z.string(), code: z.string().optional() }),
    proactive: z.object({ rules: counts, normative: counts, licensing: cell, penalty: cell, coercion: cell, fees_wan_yuan: cell }),
    proactive_2019: z
      .record(z.string(), z.record(z.string(), cell))
      .optional()
      .describe('2019 年试行格式的表一（行 → 列 → 数），仅 format 为 2019 时'),
    applications: z.object(Object.fromEntries(TABLE2_ROWS.map((r) => [r, table2Row])) as Record<(typeof TABLE2_ROWS)[number], typeof table2Row>),
    appeals: z.object(Object.fromEntries(APPEAL_KINDS.map((k) => [k, appealRow])) as Record<(typeof APPEAL_KINDS)[number], typeof appealRow>),
    sections: z.object({ overview: z.string(), problems: z.string(), other: z.string() }),
    findings: z.array(Finding),
    published: z.string().optional().describe('发布日期 YYYY-MM-DD（已知时）'),
    file: z.string().optional().describe('批量审核时：读取的文件'),
  })
  .meta({ id: 'ReportModel', description: '年度报告模型（contracts.md §2）' });

const status = z.enum(['draft', 'submitted', 'returned', 'cleared', 'published']);
const agencyRef = z.object({ code: z.string(), name: z.string() });

export const ReportVersion = z.object({
  version: z.number().int(),
  status,
  statusLabel: z.string(),
  publishedDate: z.string().nullable(),
  correctionNote: z.string().nullable(),
});

/** One report as its viewer may see it: the working view (staff who may see drafts) or a published version. */
export const Report = z
  .object({
    agency: agencyRef,
    year: z.number().int(),
    kind: z.enum(['agency', 'rollup']),
    version: z.number().int(),
    saved: z.boolean(),
    status,
    statusLabel: z.string(),
    live: z.boolean().describe('表格是否按现有数据实时编制（草稿、已退回）'),
    deadline: z.string().optional(),
    daysLeft: z.number().int().optional(),
    supervisor: agencyRef.nullable().optional(),
    publishedDate: z.string().nullable(),
    returnNote: z.string().nullable().optional(),
    correctionNote: z.string().nullable(),
    superseded: z.boolean().optional().describe('已被更正的版本'),
    report: ReportModel,
    findings: z.array(Finding),
    parts: z.array(z.object({ agencyCode: z.string(), agencyName: z.string(), version: z.number().int(), status })).nullable().optional(),
    versions: z.array(ReportVersion),
    allowed: z.record(z.string(), z.boolean()).optional().describe('当前用户现在可以执行的步骤'),
  })
  .meta({ id: 'Report', description: '一份年度报告' });

export const ReportListItem = z.object({
  year: z.number().int(),
  version: z.number().int(),
  status,
  statusLabel: z.string(),
  publishedDate: z.string().nullable(),
  versions: z.array(ReportVersion),
});

export const CellRecords = z.object({
  cell: z.string(),
  value: z.number().nullable(),
  live: z.boolean(),
  version: z.number().int(),
  kind: z.enum(['applications', 'appeals']),
  known: z.boolean(),
  applications: z.array(z.object({ id: z.number().int(), number: z.string(), subject: z.string(), applicantType: z.string(), channel: z.string() })),
  appeals: z.array(
    z.object({
      id: z.number().int(),
      number: z.string().nullable(),
      kind: z.string(),
      filedDate: z.string(),
      concludedDate: z.string().nullable(),
      result: z.string(),
      applicationId: z.number().int().nullable(),
    }),
  ),
});

export const BoardItem = z.object({
  agency: agencyRef,
  status: status.nullable(),
  statusLabel: z.string(),
  version: z.number().int().nullable(),
  deadline: z.string(),
  publishedDate: z.string().nullable(),
  late: z.boolean(),
  daysLeft: z.number().int(),
});
