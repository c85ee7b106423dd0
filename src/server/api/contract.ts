/**
 * The API's contract conventions (issue 21), shared by every route module:
 *
 * - Error answers: `{ "error": { "code", "message", "details"? } }` (ErrorResponse; the codes of
 *   src/app/error-codes.ts). app.ts declares them on every /api operation (4XX, 5XX).
 * - Lists: `?page=1&size=20` (size at most 100), answered `{ items, total, page, size }` — the
 *   convention GET /api/search (contracts.md §4) already had.
 * - Answers are serialised through their zod schema: a field the schema does not name never leaves.
 * - Named schemas (`.meta({ id })`) land in `components.schemas` of GET /api/openapi.json.
 */
import { z } from 'zod';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { LISTED_ERROR_CODES, RULE_CODE_PATTERN } from '../../app/error-codes.ts';

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.union([z.enum(LISTED_ERROR_CODES), z.string().regex(new RegExp(RULE_CODE_PATTERN))]).describe('稳定的错误代码（README「API 约定」列出）'),
      message: z.string().describe('给人看的中文说明'),
      details: z.unknown().optional().describe('补充信息，例如 validation_failed 的 issues'),
    }),
  })
  .meta({ id: 'ErrorResponse', description: '错误回答' });

/** The error answers every /api operation declares (added by app.ts). */
export const ERROR_RESPONSES = { '4xx': ErrorResponse, '5xx': ErrorResponse } as const;

// ---------------------------------------------------------------------------------------- paging

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;
const PAGE_MAX = 100_000;

/** `?page=&size=`: page from 1, size 1–100 (default 20); beyond the cap a Chinese 400. */
export const pageQuery = z.object({
  page: z.coerce.number({ error: '页码应为正整数' }).int('页码应为正整数').min(1, '页码应为正整数').max(PAGE_MAX, `页码不能超过 ${PAGE_MAX}`).default(1),
  size: z.coerce
    .number({ error: '每页条数应为正整数' })
    .int('每页条数应为正整数')
    .min(1, '每页条数应为正整数')
    .max(PAGE_SIZE_MAX, `每页条数不能超过 ${PAGE_SIZE_MAX}`)
    .default(PAGE_SIZE_DEFAULT),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** The paged envelope of a list of `item`. */
export const paged = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().describe('符合条件的总条数'),
    page: z.number().int(),
    size: z.number().int(),
  });

/** One page of a list computed in full (a list whose filters are derived, e.g. a case's status). */
export function pageOf<T>(all: readonly T[], q: PageQuery): { items: T[]; total: number; page: number; size: number } {
  const start = (q.page - 1) * q.size;
  return { items: all.slice(start, start + q.size), total: all.length, page: q.page, size: q.size };
}

// ------------------------------------------------------------------------------ other answers

/** A 204 without a body. */
export const NoContent = z.null().describe('无内容');

/** A download: the bytes in one of `types` (not JSON; the serializer never sees them). */
export function binary(types: string[], description: string) {
  return {
    description,
    content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  };
}

/**
 * fastify-type-provider-zod's transform, letting plain OpenAPI response objects (downloads: binary())
 * through as written.
 */
export const transformRoute: typeof jsonSchemaTransform = (input) => {
  const response = (input.schema as { response?: Record<string, unknown> } | undefined)?.response;
  const plain = Object.entries(response ?? {}).filter(([, v]) => v && typeof v === 'object' && 'content' in v && !('_zod' in v));
  if (!plain.length) return jsonSchemaTransform(input);
  const zodOnly = Object.fromEntries(Object.entries(response!).filter(([k]) => !plain.some(([p]) => p === k)));
  const out = jsonSchemaTransform({ ...input, schema: { ...input.schema, response: zodOnly } } as typeof input);
  const schema = out.schema as { response?: Record<string, unknown> };
  schema.response = { ...(schema.response ?? {}), ...Object.fromEntries(plain) };
  return out;
};

/**
 * fastify-type-provider-zod's document transform (named schemas into components), then: the `…Input`
 * twins nothing refers to are dropped, and each answer gets a description of its own.
 */
export const transformDocument: typeof jsonSchemaTransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input) as {
    paths?: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>>;
    components?: { schemas?: Record<string, unknown> };
  };
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(ops)) {
      for (const [status, answer] of Object.entries(op.responses ?? {})) {
        if (answer.description !== 'Default Response') continue;
        answer.description = status.startsWith('2') ? (status === '204' ? '成功（无内容）' : '成功') : status.startsWith('4') ? '请求有误或无权（见 error.code）' : '服务器错误';
      }
    }
  }
  const schemas = doc.components?.schemas ?? {};
  const refersTo = (value: unknown, name: string) => JSON.stringify(value).includes(`"#/components/schemas/${name}"`);
  for (let dropped = true; dropped; ) {
    dropped = false;
    for (const name of Object.keys(schemas)) {
      const others = Object.entries(schemas).filter(([n]) => n !== name);
      if (name.endsWith('Input') && !refersTo(doc.paths, name) && !others.some(([, s]) => refersTo(s, name))) {
        delete schemas[name];
        dropped = true;
      }
    }
  }
  return doc as ReturnType<typeof jsonSchemaTransformObject>;
};

/**
 * For a route whose use case checks the body itself, after its permission check and with its own
 * Chinese messages (src/app/portal): the route's body schema publishes the contract, the body reaches
 * the use case as sent (so a caller without the right is told 403 before anything about the input).
 * Path and query are validated as everywhere.
 */
export const bodyCheckedByUseCase: { validatorCompiler: FastifySchemaCompiler<FastifySchema> } = {
  validatorCompiler: (route) =>
    route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]),
};
