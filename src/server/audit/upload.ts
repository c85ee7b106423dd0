/**
 * The auditor on the web (issue 7): the uploaded files or pasted text of a request → report models
 * (contracts.md §2), one per input. Shared by the page (/audit) and the API (POST /api/audit).
 *
 * Inputs: multipart (`files` — any number up to MAX_FILES, each up to MAX_FILE_BYTES — plus an
 * optional `text` field and its `name`), or JSON / a form `{ "text": "…", "name": "…" }`.
 * Never a 5xx on any bytes: auditBuffer never throws, and what cannot be read becomes a
 * `parse.unreadable` finding; a request the server cannot take is a 4xx with a Chinese message.
 *
 * The documents are read off the main thread, by the app's audit pool (src/audit-io/pool.ts: heap
 * limit, time budget, limits on sizes, entries, pages, characters and nesting checked before the work
 * grows); a document over a limit answers 413 (too large) or 422 (refused as built) naming the limit.
 */
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { isUnreadableDocument } from '../../audit-io/index.ts';
import type { AuditPool } from '../../audit-io/pool.ts';
import { countSeverities } from '../../domain/report/checks.ts';
import { emptyReport, type ReportModel } from '../../domain/report/model.ts';
import { normalizeModel } from '../../domain/report/render/json.ts';
import type { App } from '../app.ts';
import { AppError, badRequest } from '../../app/errors.ts';

export const MAX_FILES = 20;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_TEXT_CHARS = 2 * 1024 * 1024;
/** Requests per minute per client IP (page and API each); GONGKAI_AUDIT_RATE_LIMIT overrides it (read at start). */
export const AUDIT_RATE_LIMIT = 30;

export function auditRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.GONGKAI_AUDIT_RATE_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : AUDIT_RATE_LIMIT;
}

export interface AuditInput {
  name: string;
  bytes: Uint8Array;
}

/** Registers @fastify/multipart in the calling module's scope with the auditor's limits. */
export async function registerUploads(app: App): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 10, fieldSize: MAX_TEXT_CHARS, parts: MAX_FILES + 10 },
  });
}

/** Route config of the page's and the API's POST: no CSRF (nothing changes, no session needed), rate-limited. */
export function auditRouteConfig() {
  const max = auditRateLimit();
  return {
    csrf: false,
    rateLimit: {
      max,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number }) =>
        new AppError(429, 'rate_limited', `审核请求过于频繁（每分钟最多 ${max} 次），请在 ${Math.max(1, Math.ceil(ctx.ttl / 1000))} 秒后再试`),
    },
  };
}

function safeName(name: string | undefined, fallback: string): string {
  const n = (name ?? '').replace(/[\u0000-\u001f]/g, '').trim().slice(0, 200);
  return n || fallback;
}

/** Reads the inputs of a request (multipart, JSON or form). Throws a 4xx AppError when there is nothing to audit. */
export async function readAuditInputs(request: FastifyRequest): Promise<AuditInput[]> {
  const inputs: AuditInput[] = [];
  let text: string | undefined;
  let textName: string | undefined;
  if (request.isMultipart()) {
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (bytes.length === 0 && !part.filename) continue; // the empty file input of a form
          inputs.push({ name: safeName(part.filename, `文件${inputs.length + 1}`), bytes });
        } else if (part.fieldname === 'text') text = String(part.value ?? '');
        else if (part.fieldname === 'name') textName = String(part.value ?? '');
      }
    } catch (err) {
      throw multipartError(err);
    }
  } else {
    const body = request.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object') {
      if (body.text !== undefined && typeof body.text !== 'string') throw badRequest('“text”应为文字（字符串）');
      if (body.name !== undefined && typeof body.name !== 'string') throw badRequest('“name”应为文字（字符串）');
      text = body.text as string | undefined;
      textName = body.name as string | undefined;
    }
  }
  if (text !== undefined && text.trim()) {
    if (text.length > MAX_TEXT_CHARS) throw new AppError(413, 'payload_too_large', `粘贴的文字过长（最多 ${MAX_TEXT_CHARS / 1024 / 1024} MB）`);
    inputs.push({ name: safeName(textName, '粘贴的文字'), bytes: Buffer.from(text, 'utf8') });
  }
  if (inputs.length === 0) throw badRequest('请上传年度报告文件（文本、HTML、DOCX 或 PDF），或粘贴报告全文');
  if (inputs.length > MAX_FILES) throw badRequest(`一次最多审核 ${MAX_FILES} 份报告`);
  return inputs;
}

function multipartError(err: unknown): AppError {
  const e = err as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, 'payload_too_large', `文件过大：每个文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError(413, 'payload_too_large', `一次最多上传 ${MAX_FILES} 个文件`);
    case 'FST_FIELDS_LIMIT':
      return new AppError(413, 'payload_too_large', '表单字段过多');
    default:
      return new AppError(400, 'bad_request', '上传的内容格式不正确（multipart 无法解析），请重新选择文件上传');
  }
}

/** Audits every input in the pool; the models in the contract's key order, each with its `file`. A limit broken: a 4xx AppError. */
export async function auditInputs(pool: AuditPool, inputs: AuditInput[]): Promise<ReportModel[]> {
  const out: ReportModel[] = [];
  for (const input of inputs) {
    let model: ReportModel;
    try {
      const outcome = await pool.audit(input.name, input.bytes);
      if (!outcome.ok) {
        const { limit, status, message } = outcome.breach;
        const code = status === 413 ? 'document_too_large' : status === 422 ? 'document_refused' : status === 429 ? 'busy' : 'unavailable';
        throw new AppError(status, code, message, { limit, file: input.name });
      }
      model = outcome.model;
    } catch (err) {
      if (err instanceof AppError) throw err;
      // The reader never throws by contract; a defect there must still not answer 5xx.
      model = emptyReport(null, '', null);
      model.findings = [{ code: 'parse.unreadable', severity: 'error', message: `无法读取这份文件：${err instanceof Error ? err.message : String(err)}`, where: 'document' }];
    }
    model.file = input.name;
    out.push(normalizeModel(model));
  }
  return out;
}

export interface AuditSummary {
  files: number;
  unreadable: number;
  errors: number;
  warnings: number;
  infos: number;
  byCode: Array<{ code: string; count: number }>;
}

export function summarize(models: ReportModel[]): AuditSummary {
  const byCode = new Map<string, number>();
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const m of models) {
    const c = countSeverities(m.findings);
    errors += c.errors;
    warnings += c.warnings;
    infos += c.infos;
    for (const f of m.findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  }
  return {
    files: models.length,
    unreadable: models.filter(isUnreadableDocument).length,
    errors,
    warnings,
    infos,
    byCode: [...byCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}
