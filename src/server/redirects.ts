/**
 * Where a redirect may go when the address comes from the request (`next` after signing in, the
 * 大字版 switch's way back): the ONE rule, used by every such redirect.
 *
 * Only a path of this site: it starts with a single `/`, the next character is not `/` or `\`
 * (a browser reads `//host` and `/\host` as another site), and it holds no control character, no
 * space and no backslash anywhere (browsers drop tabs and newlines from a URL, so `/%09/evil.example`
 * becomes `//evil.example`). A CR or LF is refused outright (400: header injection); anything else
 * not allowed falls back to the page's default. Non-ASCII characters are percent-encoded so the
 * Location header is always valid.
 */
import { AppError } from '../app/errors.ts';

/** The same-site path to redirect to, or null when `value` is not one (the caller uses its default). Throws 400 on CR/LF. */
export function safeRedirectPath(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (/[\r\n]/.test(value) || /%0[ad]/i.test(value)) throw new AppError(400, 'bad_redirect', '跳转地址含有换行符，已拒绝');
  if (value.length > 2000) return null;
  if (!value.startsWith('/') || value[1] === '/' || value[1] === '\\') return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value) || /%(0[0-9a-f]|1[0-9a-f]|7f|5c)/i.test(value)) return null;
  return value.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
}

/** `safeRedirectPath(value)` or the default. */
export function redirectTarget(value: unknown, fallback: string): string {
  return safeRedirectPath(value) ?? fallback;
}
