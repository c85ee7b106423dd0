/**
 * sendPage(): renders a page inside layout() with the signed-in user and, where a form needs it, a fresh CSRF token.
 *
 *   app.get('/x', async (request, reply) => sendPage(request, reply, { title: 'X', body: (csrf) => html`…${csrfField(csrf)}…` }));
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { layout, TEXT_SIZE_COOKIE, type LayoutOptions } from './layout.ts';
import type { SafeHtml } from './html.ts';

export interface PageOptions extends Omit<LayoutOptions, 'user' | 'csrfToken' | 'body'> {
  /** The content, given the CSRF token for the page's forms. */
  body: SafeHtml | ((csrfToken: string) => SafeHtml);
  status?: number;
}

/** The page's HTML: layout() with the signed-in user, the CSRF token where a form needs one, the 大字版 cookie. */
export function renderPage(request: FastifyRequest, reply: FastifyReply, o: PageOptions): string {
  // A token only where a form needs one: the page's own (body given as a function) or the 退出 form
  // of a signed-in user. An anonymous page without forms sets no CSRF cookie (issue 9: the token
  // was a measurable part of every public page).
  const csrfToken = typeof o.body === 'function' || request.currentUser ? reply.generateCsrf() : undefined;
  const body = typeof o.body === 'function' ? o.body(csrfToken!) : o.body;
  return layout({
    ...o,
    body,
    user: request.currentUser,
    csrfToken,
    largeText: o.largeText ?? request.cookies?.[TEXT_SIZE_COOKIE] === 'large',
    path: o.path ?? request.url,
  });
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, o: PageOptions) {
  return reply
    .code(o.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderPage(request, reply, o));
}

/** Redirect after a successful POST (303 See Other). */
export function redirect(reply: FastifyReply, to: string) {
  return reply.code(303).header('location', to).send();
}

/**
 * The notice a page shows after a redirect (`?done=KEY`): the page's own text for a known key, else
 * none — never the query's text (a crafted link must not put words in the page) and never an
 * inherited property (`?done=constructor`).
 */
export function noticeFor(notices: Readonly<Record<string, string>>, key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(notices, key) ? notices[key] : undefined;
}
