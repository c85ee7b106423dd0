/**
 * Errors a user can cause: an HTTP 4xx with a stable code and a Chinese message. The app's error
 * handler (app.ts) turns them into `{ "error": { "code", "message", "details" } }` for /api and an
 * HTML page elsewhere. Anything else is a bug and answers 500 without details.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
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
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const unauthenticated = () => new AppError(401, 'unauthenticated', '请先登录');

/** Fallback Chinese messages by HTTP status, for framework errors without a message of ours. */
export const STATUS_MESSAGES: Record<number, [code: string, message: string]> = {
  400: ['bad_request', '请求格式不正确'],
  401: ['unauthenticated', '请先登录'],
  403: ['forbidden', '您没有权限执行此操作'],
  404: ['not_found', '找不到您要访问的内容'],
  405: ['method_not_allowed', '不支持该请求方法'],
  406: ['not_acceptable', '无法提供所要求的格式'],
  409: ['conflict', '与现有数据冲突'],
  413: ['payload_too_large', '提交的内容过大'],
  415: ['unsupported_media_type', '不支持该内容类型'],
  429: ['rate_limited', '请求过于频繁，请稍后再试'],
  500: ['internal_error', '服务器内部错误，请稍后再试'],
};
