/**
 * Console pages of notifications (issue 17): /console/mail — the e-mail queue for administrators
 * (sent, pending, being sent, failed, with the error; a failed message can be sent again);
 * /console/<code>/notification-templates — an agency's wording of its messages (validated, back to
 * the default at any time); POST /console/users/<id>/password-reset — an administrator sends a staff
 * member a reset link and ends their sessions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { byOf, type App } from '../app.ts';
import { AppError } from '../../app/errors.ts';
import { deliveries, DELIVERY_STATUS_LABELS, DELIVERY_STATUSES, retryDelivery, type DeliveryStatus } from '../../app/notifications/deliveries.ts';
import { mailEnabled } from '../../app/notifications/mail.ts';
import { agencyMessageTemplates, saveMessageTemplate } from '../../app/notifications/templates.ts';
import { adminResetStaffPassword } from '../../app/password-reset.ts';
import { isNotificationKind, KINDS, PLACEHOLDERS, type NotificationKind } from '../../domain/notifications/index.ts';
import { compactForm, csrfField, errorSummary, type FieldErrors } from './forms.ts';
import { html } from './html.ts';
import { redirect, sendPage } from './render.ts';
import { shanghaiDateTime } from '../../domain/calendar/index.ts';

const when = (d: Date | string | null) => (d ? shanghaiDateTime(new Date(d)) : '');
const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

async function mailPage(app: App, request: FastifyRequest<{ Querystring: { status?: string } }>, reply: FastifyReply, notice?: string) {
  if (!request.currentUser) return redirect(reply, '/login?next=/console/mail');
  const status = (DELIVERY_STATUSES as readonly string[]).includes(request.query.status ?? '') ? (request.query.status as DeliveryStatus) : undefined;
  const { counts, items } = await deliveries(app.db, request.currentUser, { status });
  return sendPage(request, reply, {
    title: '邮件发送情况',
    notice,
    breadcrumbs: [['工作台', '/console'], ['邮件发送情况']],
    body: (csrf) => html`<h1>邮件发送情况</h1>
<p>${mailEnabled() ? '邮件发送已开通。发送失败的邮件会按退避间隔自动重试；多次失败或被邮件服务器拒收的，标为「发送失败」。' : html`<strong>本平台未配置邮件发送（GONGKAI_SMTP_URL、GONGKAI_MAIL_FROM），不生成邮件。</strong>`}</p>
<nav class="tabs" aria-label="按状态筛选"><a href="/console/mail"${status ? '' : html` aria-current="page"`}>全部</a>${DELIVERY_STATUSES.map(
      (s) => html`<a href="/console/mail?status=${s}"${status === s ? html` aria-current="page"` : ''}>${DELIVERY_STATUS_LABELS[s]}（<span data-count="${s}">${counts[s]}</span>）</a>`,
    )}</nav>
<table class="deliveries"><thead><tr><th scope="col">编号</th><th scope="col">种类</th><th scope="col">收件人</th><th scope="col">标题</th><th scope="col">状态</th><th scope="col">尝试次数</th><th scope="col">时间</th><th scope="col">错误</th><th scope="col">操作</th></tr></thead>
<tbody>${items.map(
      (d) => html`<tr data-status="${d.status}"><td>${d.id}</td><td>${KINDS[d.kind as NotificationKind]?.label ?? d.kind}</td><td>${d.to}</td><td>${d.subject}</td>
<td>${DELIVERY_STATUS_LABELS[d.status]}</td><td>${d.attempts}</td>
<td>${d.status === 'sent' ? html`发送于 ${when(d.sentAt)}` : d.status === 'pending' ? html`下次尝试 ${when(d.nextAttemptAt)}` : html`创建于 ${when(d.createdAt)}`}</td>
<td class="error-text">${d.lastError ?? ''}</td>
<td>${d.status === 'failed' ? html`<form method="post" action="/console/mail/${d.id}/retry">${csrfField(csrf)}<button type="submit">重新发送</button></form>` : ''}</td></tr>`,
    )}</tbody></table>
${items.length === 0 ? html`<p>没有邮件。</p>` : ''}`,
  });
}

async function templatesPage(app: App, request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, errors: FieldErrors = {}, values?: { kind: string; subject: string; body: string }, notice?: string) {
  const user = request.currentUser;
  if (!user) return redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
  const { agency, templates } = await agencyMessageTemplates(app.db, byOf(request), request.params.code);
  // The wording just refused stays in its form, with the faults above it.
  const sections = templates.map((t) => (values?.kind === t.kind ? { ...t, template: values } : t));
  return sendPage(request, reply, {
    title: `${agency.name} · 通知模板`,
    status: Object.keys(errors).length ? 400 : 200,
    notice,
    breadcrumbs: [['工作台', '/console'], [`${agency.name} · 通知模板`]],
    body: (csrf) => html`<h1>通知模板 <small>${agency.name}</small></h1>
<p>邮件和站内消息的标题和正文可按本机关的习惯调整。<code>{{名称}}</code> 处在发送时填入实际内容；每封邮件末尾自动附上退订链接。</p>
${sections.map(
      (s) => html`<section class="card" id="t-${s.kind}" aria-labelledby="h-${s.kind}">
<h2 id="h-${s.kind}">${KINDS[s.kind].label}${s.adjusted ? html` <span class="role">本机关已调整</span>` : ''}</h2>
<form method="post" action="/console/${agency.code}/notification-templates" class="form">${csrfField(csrf)}
<input type="hidden" name="kind" value="${s.kind}">
${values?.kind === s.kind ? errorSummary(errors) : ''}
<p class="hint">可用：${PLACEHOLDERS[s.kind].offered.map((p, i) => html`${i ? '、' : ''}<code>{{${p}}}</code>`)}；必须包含：${PLACEHOLDERS[s.kind].required.map((p, i) => html`${i ? '、' : ''}<code>{{${p}}}</code>`)}</p>
<div class="field"><label for="s-${s.kind}">邮件标题</label><input id="s-${s.kind}" name="subject" value="${s.template.subject}" maxlength="200"></div>
<div class="field"><label for="b-${s.kind}">正文</label><textarea id="b-${s.kind}" name="body" rows="8">${s.template.body}</textarea></div>
<button type="submit" name="action" value="save" class="primary">保存</button> <button type="submit" name="action" value="reset">恢复默认</button>
</form></section>`,
    )}`,
  });
}

export async function routes(app: App) {
  app.get<{ Querystring: { status?: string } }>('/console/mail', async (request, reply) => mailPage(app, request, reply));

  app.post<{ Params: { id: string } }>('/console/mail/:id/retry', async (request, reply) => {
    if (!request.currentUser) return redirect(reply, '/login?next=/console/mail');
    const p = idParam.safeParse(request.params);
    if (!p.success) throw new AppError(404, 'not_found', '找不到该邮件');
    await retryDelivery(app.db, request.currentUser, p.data.id, request.ip);
    return redirect(reply, '/console/mail?status=pending');
  });

  app.get<{ Params: { code: string } }>('/console/:code/notification-templates', async (request, reply) => templatesPage(app, request, reply));

  app.post<{ Params: { code: string } }>('/console/:code/notification-templates', async (request, reply) => {
    const user = request.currentUser;
    if (!user) return redirect(reply, '/login');
    const form = compactForm(request.body);
    const kind = form.kind;
    if (!isNotificationKind(kind)) throw new AppError(400, 'validation_failed', '未知的消息种类');
    const values = { kind, subject: form.subject ?? '', body: form.body ?? '' };
    try {
      await saveMessageTemplate(app.db, byOf(request), request.params.code, kind, form.action === 'reset' ? null : values);
    } catch (err) {
      if (err instanceof AppError && err.code === 'template_invalid') {
        const list = (err.details as { errors?: string[] } | undefined)?.errors ?? [err.message];
        return templatesPage(app, request, reply, { _form: list.join('；') }, values);
      }
      throw err;
    }
    return redirect(reply, `/console/${encodeURIComponent(request.params.code)}/notification-templates#t-${kind}`);
  });

  app.post<{ Params: { id: string } }>('/console/users/:id/password-reset', async (request, reply) => {
    if (!request.currentUser) return redirect(reply, '/login?next=/console/users');
    const p = idParam.safeParse(request.params);
    if (!p.success) throw new AppError(404, 'not_found', '找不到该工作人员账号');
    await adminResetStaffPassword(app.db, { actor: request.currentUser, ip: request.ip }, p.data.id);
    return redirect(reply, '/console/users?reset=1');
  });
}
