/**
 * Rate limit of online submissions (POST /api/applications and the /apply form): per signed-in
 * user (or per IP for an anonymous request), SUBMISSION_LIMIT submissions per SUBMISSION_WINDOW.
 * Counted before validation, so a flood of malformed submissions is limited too; counted in the
 * database like every limit (src/server/rate-limit-store.ts).
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export const SUBMISSION_LIMIT = 20;
export const SUBMISSION_WINDOW = '10 minutes';

export function submissionKey(req: FastifyRequest): string {
  return req.currentUser ? `submit:user:${req.currentUser.userId}` : `submit:ip:${req.ip}`;
}

export function submissionRateLimitConfig(max = Number(process.env.GONGKAI_SUBMISSION_RATE_LIMIT) || SUBMISSION_LIMIT) {
  return {
    rateLimit: {
      max,
      timeWindow: SUBMISSION_WINDOW,
      hook: 'preValidation' as const,
      keyGenerator: submissionKey,
      errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string; ttl: number }) =>
        new AppError(
          429,
          'rate_limited',
          `提交申请过于频繁（每10分钟最多${max}件），请在 ${Math.max(1, Math.ceil(ctx.ttl / 60_000))} 分钟后再试`,
        ),
    },
  };
}
