/**
 * Errors a user can cause: an HTTP 4xx with a stable code and a Chinese message. The app's error
 * handler (app.ts) turns them into `{ "error": { "code", "message", "details" } }` for /api and an
 * HTML page elsewhere. Anything else is a bug and answers 500 without details.
 */
import { codeOfStatus, ERROR_CODES, type ErrorCode } from './error-codes.ts';

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    /** A code of src/app/error-codes.ts (or a domain rule code `area.rule`). */
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
export const validationFailed = (message: string, details?: unknown) =>
  new AppError(400, 'validation_failed', message, details);
export const notFound = (message: string) => new AppError(404, 'not_found', message);
export const conflict = (code: ErrorCode, message: string, details?: unknown) => new AppError(409, code, message, details);
export const unauthenticated = () => new AppError(401, 'unauthenticated', '请先登录');

/** Fallback Chinese messages by HTTP status, for framework errors without a message of ours (error-codes.ts). */
export function statusMessage(status: number): [code: ErrorCode, message: string] {
  const code = codeOfStatus(status);
  return [code, ERROR_CODES[code].message];
}
