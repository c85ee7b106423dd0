/**
 * POST /api/audit — the auditor as an API (issue 7). Public, no login, no CSRF (it changes nothing),
 * rate-limited per IP. Body: multipart (`files`, optional `text` + `name`) or JSON
 * `{ "text": "…", "name": "…" }`. Answer: the report model (contracts.md §2) for one input, a JSON
 * array of them (each with its `file`) for several. Never a 5xx on any bytes.
 */
import { z } from 'zod';
import type { App } from '../app.ts';
import { ReportModel } from './report-answers.ts';
import { bodyCheckedByUseCase } from './contract.ts';
import { auditInputs, auditRouteConfig, readAuditInputs, registerUploads } from '../audit/upload.ts';

export async function routes(app: App) {
  await registerUploads(app);
  app.post(
    '/api/audit',
    {
      config: auditRouteConfig(),
      // The uploads reader checks the body (JSON or multipart) and its limits; the schema publishes the JSON form.
      ...bodyCheckedByUseCase,
      schema: {
        summary: '审核已发布的政府信息公开工作年度报告',
        description:
          'multipart/form-data（字段 files，可多个；或字段 text 与 name）或 JSON {"text","name"}。一份报告返回报告模型（contracts.md §2），多份返回数组。',
        tags: ['audit'],
        body: z.object({ text: z.string().describe('报告的文字（HTML、文本或 Markdown）'), name: z.string().optional().describe('文件名（用于判断格式）') }),
        response: { 200: z.union([ReportModel, z.array(ReportModel)]).describe('一份报告：报告模型；多份：数组（各带 file）') },
      },
    },
    async (request, reply) => {
      const inputs = await readAuditInputs(request);
      const models = await auditInputs(app.auditPool, inputs);
      return reply.type('application/json; charset=utf-8').send(models.length === 1 ? models[0] : models);
    },
  );
}
