/**
 * /console/tokens — administrators create, list and revoke the API tokens of machine clients
 * (src/app/api-tokens.ts; policies `token.manage`). A new token is shown once, on the page that
 * answers its creation (never in a URL, never again); the list shows its first characters, scope,
 * actions, expiry and last use. Server-rendered, works without JavaScript (the 复制 button is an
 * addition: src/web/static/api-tokens.js).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byOf, type App } from '../app.ts';
import { createApiToken, listApiTokens, revokeApiToken, tokenAgencies, type ApiTokenView } from '../../app/api-tokens.ts';
import { AppError } from '../../app/errors.ts';
import { ACTIONS, TOKEN_ACTIONS } from '../../app/policies.ts';
import { compactForm, csrfField, errorSummary, selectField, textField, zodErrors, type FieldErrors } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { redirect, sendPage } from './render.ts';
import { apiTokenCreateSchema } from '../../app/api-tokens.ts';

const LABELS: Record<string, string> = { name: '令牌名称', agencyCode: '适用机关', actions: '允许的操作', expiresOn: '有效期至' };
const STATE: Record<ApiTokenView['state'], string> = { active: '有效', expired: '已过期', revoked: '已撤销' };

const when = (d: Date | null) =>
  d ? new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';

/** The last day a token works (its expiry is the end of that day, Beijing time). */
const lastDay = (d: Date | null) => (d ? new Date(new Date(d).getTime() - 1000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }) : '长期');

function tokenTable(tokens: ApiTokenView[], token: string): SafeHtml {
  if (tokens.length === 0) return html`<p>尚未创建接口令牌。</p>`;
  return html`<table class="tokens"><thead><tr><th scope="col">名称</th><th scope="col">令牌开头</th><th scope="col">适用机关</th><th scope="col">允许的操作</th><th scope="col">有效期至</th><th scope="col">最近使用</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
<tbody>${tokens.map(
    (t) => html`<tr data-token-id="${String(t.id)}"><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${t.agency.name}${t.includeSubtree ? '及下级机关' : ''}</td>
  <td>${t.actions.map((a, i) => html`${i ? '；' : ''}${a.label}`)}</td><td class="expires">${lastDay(t.expiresAt)}</td><td class="last-used">${when(t.lastUsedAt)}</td><td class="state">${STATE[t.state]}</td>
  <td>${t.state === 'revoked' ? '' : html`<form method="post" action="/console/tokens/${String(t.id)}/revoke">${csrfField(token)}<button type="submit">撤销</button></form>`}</td></tr>`,
  )}</tbody></table>`;
}

function actionBoxes(checked: Set<string>, errors: FieldErrors): SafeHtml {
  const error = errors.actions;
  return html`<fieldset class="field${error ? ' has-error' : ''}" id="f-actions"><legend>${LABELS.actions}<span class="req" aria-hidden="true">*</span></legend>
  ${error ? html`<p class="error">${error}</p>` : ''}
  <div class="checks">${TOKEN_ACTIONS.map((a) => html`<div><input type="checkbox" id="a-${a}" name="action:${a}" value="1"${checked.has(a) ? html` checked` : ''}><label for="a-${a}">${ACTIONS[a]}</label></div>`)}</div>
</fieldset>`;
}

export async function routes(app: App) {
  const page = async (request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors; created?: { token: string; view: ApiTokenView }; revoked?: number } = {}) => {
    const user = request.currentUser;
    if (!user) return redirect(reply, '/login?next=/console/tokens');
    const mine = await tokenAgencies(app.db, byOf(request));
    if (mine.length === 0) {
      return sendPage(request, reply, { title: '无权访问', status: 403, body: html`<h1>无权访问</h1><p class="error-text">只有系统管理员可以管理接口令牌。</p><p><a href="/console">返回工作台</a></p>` });
    }
    const tokens = await listApiTokens(app.db, byOf(request));
    const revoked = o.revoked ? tokens.find((t) => t.id === o.revoked && t.state === 'revoked') : undefined;
    const values = o.values ?? {};
    const errors = o.errors ?? {};
    const checked = new Set(Object.keys(values).filter((k) => k.startsWith('action:')).map((k) => k.slice(7)));
    return sendPage(request, reply, {
      title: '接口令牌',
      head: html`<link rel="stylesheet" href="/static/api-tokens.css">`,
      notice: revoked ? `已撤销接口令牌「${revoked.name}」，使用它的请求将被拒绝。` : undefined,
      status: Object.keys(errors).length ? 400 : o.created ? 201 : 200,
      body: (csrf) => html`<h1>接口令牌</h1>
<p class="lead">供12345热线、政务服务平台等系统调用本平台接口（<code>Authorization: Bearer gk_…</code>）。令牌只能在所选机关范围内执行所选操作，所做的一切记入操作日志。</p>
${o.created
  ? html`<section class="notice created-token" role="status" aria-labelledby="created-h"><h2 id="created-h">已创建接口令牌「${o.created.view.name}」</h2>
<p><strong>请立即复制并妥善保存：令牌只显示这一次</strong>，本平台不保存令牌本身，之后无法再次查看；遗失的，请撤销后重新创建。</p>
<p><label for="new-token">令牌</label> <input id="new-token" class="token-value" type="text" readonly value="${o.created.token}" size="50"> <button type="button" class="copy-token" data-target="new-token" hidden>复制</button> <span class="copy-status" aria-live="polite"></span></p></section>`
  : ''}
<section aria-labelledby="list-h"><h2 id="list-h">已创建的令牌</h2>${tokenTable(tokens, csrf)}</section>
<section aria-labelledby="new-h"><h2 id="new-h">创建令牌</h2>
<form class="form" method="post" action="/console/tokens" novalidate>${csrfField(csrf)}
  ${errorSummary(errors, LABELS)}
  ${textField({ name: 'name', label: LABELS.name, value: values.name, errors, required: true, maxlength: 60, hint: '例如：12345热线、省政务服务平台' })}
  ${selectField({ name: 'agencyCode', label: LABELS.agencyCode, value: values.agencyCode, errors, required: true, options: mine.map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` })) })}
  <div class="field check"><input type="checkbox" id="f-includeSubtree" name="includeSubtree" value="1"${values.includeSubtree ? html` checked` : ''}><label for="f-includeSubtree">也适用于该机关的下级机关</label></div>
  ${actionBoxes(checked, errors)}
  ${textField({ name: 'expiresOn', label: LABELS.expiresOn, value: values.expiresOn, errors, type: 'date', hint: '留空则长期有效，直至撤销' })}
  <button type="submit" class="primary">创建令牌</button>
</form></section>
<script type="module" src="/static/api-tokens.js"></script>`,
    });
  };

  app.get<{ Querystring: { revoked?: string } }>('/console/tokens', (request, reply) => page(request, reply, { revoked: Number(request.query.revoked) || undefined }));

  app.post('/console/tokens', async (request, reply) => {
    if (!request.currentUser) return redirect(reply, '/login?next=/console/tokens');
    const values = compactForm(request.body);
    const input = {
      name: values.name ?? '',
      agencyCode: values.agencyCode ?? '',
      includeSubtree: values.includeSubtree === '1',
      actions: Object.keys(values).filter((k) => k.startsWith('action:')).map((k) => k.slice(7)),
      expiresOn: values.expiresOn,
    };
    const parsed = apiTokenCreateSchema.safeParse(input);
    if (!parsed.success) return page(request, reply, { values, errors: zodErrors(parsed.error) });
    try {
      const created = await createApiToken(app.db, byOf(request), parsed.data);
      return page(request, reply, { created });
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500) {
        const field = (e.details as { field?: string } | undefined)?.field ?? 'agencyCode';
        return page(request, reply, { values, errors: { [field]: e.message } });
      }
      throw e;
    }
  });

  app.post<{ Params: { id: string } }>('/console/tokens/:id/revoke', async (request, reply) => {
    if (!request.currentUser) return redirect(reply, '/login?next=/console/tokens');
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2147483647) throw new AppError(404, 'not_found', '找不到该接口令牌');
    await revokeApiToken(app.db, byOf(request), id);
    return redirect(reply, `/console/tokens?revoked=${id}`);
  });
}
