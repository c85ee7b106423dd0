/**
 * Annual report API (issue 6): the same workflow as the console's pages (src/server/pages/reports.ts)
 * as JSON, for scripts outside the code. Thin: validate (zod), call the use case of
 * src/app/reports/service.ts (which authorizes with policies.ts and records the audit log), present.
 *
 *   GET  /api/agencies/:code/reports                    the agency's reports (drafts only to those who may see them)
 *   GET  /api/agencies/:code/reports/:year              one report: the report model (contracts.md §2), findings, status, versions
 *   GET  /api/agencies/:code/reports/:year/cells/:cell  the applications or cases behind a cell (staff)
 *   POST /api/agencies/:code/reports/:year/compile      编制 (save the draft compiled from the data now)
 *   PUT  /api/agencies/:code/reports/:year/sections     正文 一、五、六
 *   POST …/submit  …/return  …/clear  …/publish  …/correct
 *   GET  /api/agencies/:code/report-board?year=YYYY     the 政务公开办's board of the agencies it supervises
 *
 * 《政府信息公开条例》第四十九条 (报送 to the 政府信息公开工作主管部门 and 公布 by 1 月 31 日), 第五十条
 * (the report's content). Workflow refusals answer 409 (`report_state`: the step is not open in this
 * state) or 422 (`report_has_errors`: error findings, listed in `details.findings`).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { byOf, signedInFirst, type App } from '../app.ts';
import { agencyCodeParam, requiredText, textInput } from '../../app/schemas.ts';
import type { ReportModel } from '../../domain/report/model.ts';
import { REPORT_STATUS_LABELS, todayInShanghai, type ReportStatus } from '../../domain/report/workflow.ts';
import {
  cellRecords,
  cellValue,
  clearReport,
  compileDraft,
  publishedVersion,
  publishReport,
  reportList,
  returnReport,
  saveProse,
  startCorrection,
  statusBoard,
  submitReport,
  viewReport,
  mayViewDrafts,
  agencyPlace,
  type By,
  type ReportRow,
  type ReportView,
} from '../../app/reports/service.ts';
import { pageOf, pageQuery, paged } from './contract.ts';
import { BoardItem, CellRecords, Report, ReportListItem } from './report-answers.ts';

const TAGS = ['reports'];
const ok = <T extends z.ZodType>(schema: T) => ({ 200: schema });

const codeSchema = agencyCodeParam();
const yearSchema = z.string().regex(/^\d{4}$/, '报告年度应为四位年份，例如 2024');
const agencyParams = z.object({ code: codeSchema });
const yearParams = z.object({ code: codeSchema, year: yearSchema });
/** A prose section: multi-line, kept as written (its leading 全角 spaces too), at most 20000 characters (saveProse's limit). */
const proseText = (label: string) => textInput(label, { multiline: true, trim: false }).max(20_000, `${label}不能超过 20000 字`);
const sectionsBody = z
  .object({
    overview: proseText('「一、总体情况」').optional(),
    problems: proseText('「五、存在的主要问题及改进情况」').optional(),
    other: proseText('「六、其他需要报告的事项」').optional(),
  })
  .refine((v) => v.overview !== undefined || v.problems !== undefined || v.other !== undefined, '请至少提交一部分正文（overview、problems、other）');
const noteBody = (what: string) => z.object({ note: requiredText(what, 5000, { multiline: true }) });

/** The year of a path (four digits, validated by the schema). */
const yearOf = (v: string) => Number(v);

function presentVersion(r: ReportRow) {
  return {
    version: r.version,
    status: r.status as ReportStatus,
    statusLabel: REPORT_STATUS_LABELS[r.status as ReportStatus],
    publishedDate: r.publishedDate ?? null,
    correctionNote: r.correctionNote ?? null,
  };
}

/** A report as its viewer may see it: the console's view (drafts) for staff who may, else the published version. */
function presentView(view: ReportView) {
  const row = view.row;
  return {
    agency: { code: view.place.agency.code, name: view.place.agency.name },
    year: view.year,
    kind: view.kind,
    version: view.version,
    saved: row !== null,
    status: view.status,
    statusLabel: REPORT_STATUS_LABELS[view.status],
    live: view.live,
    deadline: view.deadline,
    daysLeft: view.daysLeft,
    supervisor: view.place.supervisor ? { code: view.place.supervisor.code, name: view.place.supervisor.name } : null,
    publishedDate: row?.publishedDate ?? null,
    returnNote: view.status === 'returned' ? (row?.returnNote ?? null) : null,
    correctionNote: row?.correctionNote ?? null,
    report: view.model,
    findings: view.model.findings,
    parts: view.parts,
    versions: view.versions.map(presentVersion),
    allowed: view.allowed,
  };
}

function presentPublished(agency: { code: string; name: string }, versions: ReportRow[], row: ReportRow) {
  const model = row.model as ReportModel;
  return {
    agency: { code: agency.code, name: agency.name },
    year: row.year,
    kind: row.kind as 'agency' | 'rollup',
    version: row.version,
    saved: true,
    status: 'published' as const,
    statusLabel: REPORT_STATUS_LABELS.published,
    live: false,
    publishedDate: row.publishedDate ?? null,
    correctionNote: row.correctionNote ?? null,
    /** This version was corrected by a later one (still public, with the later one's 更正说明). */
    superseded: row.version !== versions[0].version,
    report: model,
    findings: model.findings,
    versions: versions.map(presentVersion),
  };
}

export async function routes(app: App) {
  app.get(
    '/api/agencies/:code/reports',
    { schema: { tags: TAGS, summary: '本机关的政府信息公开工作年度报告（各年度、各版本；未公布的只对有权查看者列出）',
        params: agencyParams,
        querystring: pageQuery,
        response: ok(paged(ReportListItem).extend({ agency: z.object({ code: z.string(), name: z.string() }), drafts: z.boolean().describe('是否列出未公布的报告') })),
      },
    },
    async (request) => {
      const { place, drafts, rows } = await reportList(app.db, byOf(request), request.params.code);
      const years = [...new Set(rows.map((r) => r.year))];
      return {
        agency: { code: place.agency.code, name: place.agency.name },
        drafts,
        ...pageOf(years, request.query),
        items: pageOf(years, request.query).items.map((year) => {
          const versions = rows.filter((r) => r.year === year);
          const latestPublished = versions.find((r) => r.status === 'published');
          return {
            year,
            version: versions[0].version,
            status: versions[0].status as ReportStatus,
            statusLabel: REPORT_STATUS_LABELS[versions[0].status as ReportStatus],
            publishedDate: latestPublished?.publishedDate ?? null,
            versions: versions.map(presentVersion),
          };
        }),
      };
    },
  );

  app.get(
    '/api/agencies/:code/reports/:year',
    {
      schema: {
        tags: TAGS,
        summary: '一份年度报告：报告模型、检查发现的问题、状态、各版本（草稿只对有权查看者；已公布的对所有人；version 指定已公布的版本）',
        params: yearParams,
        querystring: z.object({ version: z.string().regex(/^\d{1,6}$/, '版本号应为正整数').optional() }),
        response: ok(Report),
      },
    },
    async (request) => {
      const year = yearOf(request.params.year);
      const b = byOf(request);
      const wanted = request.query.version;
      if (wanted === undefined) {
        const place = await agencyPlace(app.db, request.params.code);
        if (mayViewDrafts(b, place)) return presentView(await viewReport(app.db, b, place.agency.code, year));
      }
      const { agency, versions, row } = await publishedVersion(app.db, request.params.code, year, wanted === undefined ? undefined : Number(wanted));
      return presentPublished(agency, versions, row);
    },
  );

  app.get(
    '/api/agencies/:code/reports/:year/cells/:cell',
    {
      schema: {
        tags: TAGS,
        summary: '报告单元格的来源：表二某格对应的申请、表三某格对应的案件（cell 如 table2/new/natural，需编码）',
        params: yearParams.extend({ cell: textInput('单元格').min(1, '请指定单元格').max(100, '单元格名称过长') }),
        response: ok(CellRecords),
      },
    },
    async (request) => {
      const view = await viewReport(app.db, byOf(request), request.params.code, yearOf(request.params.year));
      const where = request.params.cell;
      const records = await cellRecords(app.db, view, where);
      return { cell: where, value: cellValue(view.model, where) ?? null, live: view.live, version: view.version, ...records };
    },
  );

  const change = <B extends z.ZodType | undefined>(
    method: 'POST' | 'PUT',
    step: string,
    summary: string,
    body: B,
    run: (request: FastifyRequest, code: string, year: number, body: B extends z.ZodType ? z.infer<B> : undefined) => Promise<ReportView>,
    created = false,
  ) =>
    app.route({
      method,
      url: `/api/agencies/:code/reports/:year/${step}`,
      schema: { tags: TAGS, summary, params: yearParams, ...(body ? { body } : {}), response: { [created ? 201 : 200]: Report } },
      preValidation: signedInFirst,
      handler: async (request, reply) => {
        const params = request.params as z.infer<typeof yearParams>;
        const view = await run(request, params.code, yearOf(params.year), request.body as never);
        if (created) reply.code(201);
        return presentView(view);
      },
    });

  change('POST', 'compile', '编制年度报告：按现有数据重新编制并保存草稿（信息公开专员；仅草稿或已退回的报告）', undefined, (r, code, year) => compileDraft(app.db, byOf(r), code, year));
  change('PUT', 'sections', '修改正文（一、总体情况；五、存在的主要问题及改进情况；六、其他需要报告的事项），并重新检查', sectionsBody, (r, code, year, body) =>
    saveProse(app.db, byOf(r), code, year, body),
  );
  change('POST', 'submit', '报送上级政务公开办（审核人；有错误时不能报送，第四十九条）', undefined, (r, code, year) => submitReport(app.db, byOf(r), code, year));
  change('POST', 'return', '退回修改，附退回意见（上级政务公开办）', noteBody('退回意见'), (r, code, year, body) => returnReport(app.db, byOf(r), code, year, body.note));
  change('POST', 'clear', '审查通过（上级政务公开办）', undefined, (r, code, year) => clearReport(app.db, byOf(r), code, year));
  change('POST', 'publish', '在门户网站公布（信息公开专员；须经审查通过；公布后不可修改）', undefined, (r, code, year) => publishReport(app.db, byOf(r), code, year));
  change(
    'POST',
    'correct',
    '更正已公布的年度报告：创建新版本并附更正说明，原版本继续公开',
    noteBody('更正说明'),
    (r, code, year, body) => startCorrection(app.db, byOf(r), code, year, body.note),
    true,
  );

  app.get(
    '/api/agencies/:code/report-board',
    {
      schema: {
        tags: TAGS,
        summary: '政务公开办：下级机关年度报告的报送、公布情况（默认上一年度）',
        params: agencyParams,
        querystring: z.object({ year: yearSchema.optional(), ...pageQuery.shape }),
        response: ok(paged(BoardItem).extend({ agency: z.object({ code: z.string(), name: z.string() }), year: z.number().int() })),
      },
    },
    async (request) => {
      const year = request.query.year ? yearOf(request.query.year) : Number(todayInShanghai(new Date()).slice(0, 4)) - 1;
      const board = await statusBoard(app.db, byOf(request), request.params.code, year);
      return {
        agency: { code: board.place.agency.code, name: board.place.agency.name },
        year,
        ...pageOf(board.rows, request.query),
        items: pageOf(board.rows, request.query).items.map((r) => ({
          agency: { code: r.agency.code, name: r.agency.name },
          status: r.status,
          statusLabel: r.status ? REPORT_STATUS_LABELS[r.status] : '未编制',
          version: r.version,
          deadline: r.deadline,
          publishedDate: r.publishedDate,
          late: r.late,
          daysLeft: r.daysLeft,
        })),
      };
    },
  );
}
