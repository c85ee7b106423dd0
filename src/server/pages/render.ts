/**
 * sendPage(): renders a page inside layout() with the signed-in user and a fresh CSRF token.
 *
 *   app.get('/x', async (request, reply) => sendPage(request, reply, { title: 'X', body: (csrf) => html`…${csrfField(csrf)}…` }));
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { layout, type LayoutOptions } from './layout.ts';
import type { SafeHtml } from './html.ts';

export interface PageOptions extends Omit<LayoutOptions, 'user' | 'csrfToken' | 'body'> {
  /** The content, given the CSRF token for the page's forms. */
  body: SafeHtml | ((csrfToken: string) => SafeHtml);
  status?: number;
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, o: PageOptions) {
  const csrfToken = reply.generateCsrf();
  const body = typeof o.body === 'function' ? o.body(csrfToken) : o.body;
  return reply
    .code(o.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(layout({ ...o, body, user: request.currentUser, csrfToken }));
}

/** Redirect after a successful POST (303 See Other). */
export function redirect(reply: FastifyReply, to: string) {
  return reply.code(303).header('location', to).send();
}
