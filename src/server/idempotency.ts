/**
 * The `Idempotency-Key` header on the creating API routes (src/app/idempotency.ts): reads and checks
 * the key, fingerprints the request, and answers a replay with `Idempotent-Replayed: true`.
 *
 *   const answer = await idempotent(app.db, idempotencyKeyOf(request, user), present, (record) => useCase(…, { record }));
 *   return sendAnswer(reply, answer);
 *
 * IDEMPOTENT_ROUTES lists the routes that honour it; their OpenAPI operations declare the header.
 */
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { checkKey, fingerprint, IDEMPOTENCY_HEADER, IDEMPOTENCY_HOURS, type IdempotencyKey, type IdempotentAnswer } from '../app/idempotency.ts';
import type { Actor } from '../app/policies.ts';

export const IDEMPOTENT_ROUTES = new Set([
  'POST /api/applications',
  'POST /api/agencies/:code/applications',
  'POST /api/applications/:id/steps',
  'POST /api/appeals',
  'POST /api/agencies/:code/documents',
  'POST /api/documents/:id/attachments',
]);

const headerSchema = z.looseObject({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .optional()
    .describe(`幂等键：重试同一请求时原样发送，${IDEMPOTENCY_HOURS}小时内相同的键与相同的请求只办理一次、得到同一答复（建议使用UUID）`),
});

/** onRoute: declares the header on the routes that honour it (documented in the OpenAPI document). */
export function declareIdempotencyHeader(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.some((m) => IDEMPOTENT_ROUTES.has(`${m} ${route.url}`))) return;
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  if (!schema.headers) route.schema = { ...schema, headers: headerSchema };
}

/** The request's idempotency key, or null when it sends none (400 when malformed). */
export function idempotencyKeyOf(request: FastifyRequest, actor: Actor): IdempotencyKey | null {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  const key = checkKey(Array.isArray(raw) ? raw.join(',') : raw);
  return {
    userId: actor.userId,
    key,
    fingerprint: fingerprint({ method: request.method, route: request.routeOptions.url ?? request.url, params: request.params, body: request.body }),
  };
}

export function sendAnswer(reply: FastifyReply, answer: IdempotentAnswer) {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(answer.status).send(answer.body);
}
