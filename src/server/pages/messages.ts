/**
 * Pages of the notifications a person sees (issue 17): 站内消息 (/messages: newest first, open one,
 * mark as read), 通知设置 (/account/notifications: which messages by which channel), the unsubscribe
 * link of every e-mail (/unsubscribe, works without signing in; RFC 8058 one-click POST too), and
 * password reset by e-mail (/password/forgot → mail → /password/reset).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import { AppError } from '../../app/errors.ts';
import { listMessages, markAllRead, markRead } from '../../app/notifications/messages.ts';
import { ownerOfUser, preferencesOf, savePreferences, unsubscribe } from '../../app/notifications/preferences.ts';
import { readUnsubscribeToken } from '../../app/notifications/unsubscribe.ts';
import { mailEnabled } from '../../app/notifications/mail.ts';
import { MAIL_OFF_MESSAGE, requestPasswordReset, resetPassword, resetTokenUser } from '../../app/password-reset.ts';
import { passwordSchema } from '../../app/schemas.ts';
import { PASSWORD_HINT } from '../../app/password-policy.ts';
import { KINDS, kindsFor } from '../../domain/notifications/index.ts';
import { appFormErrors, compactForm, csrfField, errorSummary, textField, type FieldErrors } from './forms.ts';
import { html } from './html.ts';
import { redirect, sendPage } from './render.ts';
import { shanghaiDateTime } from '../../domain/calendar/index.ts';
import { keepsPublicPages } from './page-cache.ts';

const when = (d: Date | string | null) => (d ? shanghaiDateTime(new Date(d)) : '');

/** Only local paths are followed from a message. */
function localPath(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : null;
}

function signInFirst(request: FastifyRequest, reply: FastifyReply, next: string) {
  if (request.currentUser) return false;
  redirect(reply, `/login?next=${encodeURIComponent(next)}`);
  return true;
}

async function messagesPage(app: App, request: FastifyRequest<{ Querystring: { before?: string } }>, reply: FastifyReply) {
  if (signInFirst(request, reply, '/messages')) return;
  const user = request.currentUser!;
  const before = Number(request.query.before);
  const { items, more } = await listMessages(app.db, user, Number.isSafeInteger(before) && before > 0 && before < 2 ** 53 ? before : undefined);
  const unread = user.unreadMessages ?? 0;
  return sendPage(request, reply, {
    title: '站内消息',
    breadcrumbs: [['首页', '/'], ['站内消息']],
    body: (csrf) => html`<h1>站内消息</h1>
<p class="meta">${unread ? `${unread} 条未读` : '没有未读消息'} · <a href="/account/notifications">通知设置</a></p>
${unread ? html`<form method="post" action="/messages/read-all">${csrfField(csrf)}<button type="submit">全部标为已读</button></form>` : ''}
${items.length === 0 ? html`<p>还没有消息。</p>` : ''}
<ol class="messages">${items.map(
      (m) => html`<li class="message${m.readAt ? '' : ' unread'}" data-kind="${m.kind}">
  <h2>${m.readAt ? '' : html`<span class="badge-new">未读</span> `}${m.subject}</h2>
  <p class="meta">${when(m.createdAt)} · ${KINDS[m.kind as keyof typeof KINDS]?.label ?? m.kind}</p>
  <div class="message-body">${m.body}</div>
  <div class="message-actions">
    ${localPath(m.link) ? html`<form method="post" action="/messages/${m.id}/open">${csrfField(csrf)}<button type="submit" class="primary">查看</button></form>` : ''}
    ${m.readAt ? '' : html`<form method="post" action="/messages/${m.id}/read">${csrfField(csrf)}<button type="submit">标为已读</button></form>`}
  </div>
</li>`,
    )}</ol>
${more ? html`<p><a href="/messages?before=${items[items.length - 1].id}">更早的消息</a></p>` : ''}`,
  });
}

const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 53 - 1) });

async function preferencesPage(app: App, request: FastifyRequest, reply: FastifyReply, notice?: string, status = 200) {
  const user = request.currentUser!;
  const prefs = await preferencesOf(app.db, ownerOfUser(user.userId));
  const kinds = kindsFor(user.kind);
  return sendPage(request, reply, {
    title: '通知设置',
    status,
    notice,
    breadcrumbs: [['首页', '/'], ['账号设置', '/account'], ['通知设置']],
    body: (csrf) => html`<h1>通知设置</h1>
<p>选择您希望收到的消息和方式。${mailEnabled() ? html`邮件发往您账号的电子邮箱${user.email ? html`（${user.email}）` : html`（<strong>您的账号没有电子邮箱，收不到邮件</strong>）`}。` : html`本平台目前未开通邮件发送，消息只在站内显示。`}</p>
<form method="post" action="/account/notifications" class="form">${csrfField(csrf)}
<table class="preferences"><thead><tr><th scope="col">消息</th><th scope="col">电子邮件</th><th scope="col">站内消息</th></tr></thead>
<tbody>${kinds.map(
      (k) => html`<tr><th scope="row">${KINDS[k].label}</th>
  <td><input type="checkbox" name="${k}.email" id="p-${k}-email" value="1" aria-label="${KINDS[k].label}：电子邮件"${prefs[k].email ? html` checked` : ''}></td>
  <td><input type="checkbox" name="${k}.inApp" id="p-${k}-inapp" value="1" aria-label="${KINDS[k].label}：站内消息"${prefs[k].inApp ? html` checked` : ''}></td></tr>`,
    )}</tbody></table>
<p class="hint">重置密码的邮件总会发送。</p>
<button type="submit" class="primary">保存</button>
</form>`,
  });
}

function unsubscribePage(request: FastifyRequest, reply: FastifyReply, token: string, valid: boolean, label: string) {
  return sendPage(request, reply, {
    title: '退订邮件',
    status: valid ? 200 : 400,
    body: (csrf) =>
      valid
        ? html`<h1>退订邮件</h1><p>确认后，您将不再收到「${label}」的电子邮件（站内消息不受影响，可随时在通知设置中恢复）。</p>
<form method="post" action="/unsubscribe">${csrfField(csrf)}<input type="hidden" name="token" value="${token}"><button type="submit" class="primary">确认退订</button></form>`
        : html`<h1>退订邮件</h1><p class="error-text">退订链接无效，请使用邮件中的完整链接，或登录后在通知设置中修改。</p>`,
  });
}

function forgotPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors, status = 200, notice?: string) {
  return sendPage(request, reply, {
    title: '忘记密码',
    status,
    notice,
    body: (csrf) => mailEnabled() ? html`<h1>忘记密码</h1>
<p>填写注册时使用的电子邮箱，我们会把重置密码的链接发到这个邮箱。</p>
<form method="post" action="/password/forgot" class="form narrow" novalidate>${csrfField(csrf)}
  ${errorSummary(errors, { email: '电子邮箱' })}
  ${textField({ name: 'email', label: '电子邮箱', type: 'email', value: values.email, errors, required: true, autocomplete: 'email' })}
  <button type="submit" class="primary">发送重置链接</button>
</form>
<p><a href="/login">返回登录</a></p>` : html`<h1>忘记密码</h1><p class="error-text">${MAIL_OFF_MESSAGE}。</p><p><a href="/login">返回登录</a></p>`,
  });
}

function resetPage(request: FastifyRequest, reply: FastifyReply, token: string, errors: FieldErrors, status = 200) {
  return sendPage(request, reply, {
    title: '设置新密码',
    status,
    body: (csrf) => html`<h1>设置新密码</h1>
<form method="post" action="/password/reset" class="form narrow" novalidate>${csrfField(csrf)}
  <input type="hidden" name="token" value="${token}">
  ${errorSummary(errors, { newPassword: '新密码', confirm: '确认新密码' })}
  ${textField({ name: 'newPassword', label: '新密码', type: 'password', errors, required: true, autocomplete: 'new-password', hint: PASSWORD_HINT })}
  ${textField({ name: 'confirm', label: '确认新密码', type: 'password', errors, required: true, autocomplete: 'new-password' })}
  <button type="submit" class="primary">设置新密码</button>
</form>`,
  });
}

const invalidLink = html`<h1>设置新密码</h1><p class="error-text">重置密码的链接无效、已使用或已过期。</p><p><a href="/password/forgot">重新申请</a></p>`;

/** The signed token is the authority (no session): a mail client's one-click POST (RFC 8058) carries no CSRF token. */
const UNSUBSCRIBE_CONFIG = { csrf: false, keepsPublicPages: true };

export async function routes(app: App) {
  app.get<{ Querystring: { before?: string } }>('/messages', async (request, reply) => messagesPage(app, request, reply));

  app.post('/messages/:id/read', { config: keepsPublicPages() }, async (request, reply) => {
    if (signInFirst(request, reply, '/messages')) return;
    const p = idParam.safeParse(request.params);
    if (!p.success) throw new AppError(404, 'not_found', '找不到该消息');
    await markRead(app.db, request.currentUser!, p.data.id);
    return redirect(reply, '/messages');
  });

  app.post('/messages/:id/open', { config: keepsPublicPages() }, async (request, reply) => {
    if (signInFirst(request, reply, '/messages')) return;
    const p = idParam.safeParse(request.params);
    if (!p.success) throw new AppError(404, 'not_found', '找不到该消息');
    const m = await markRead(app.db, request.currentUser!, p.data.id);
    return redirect(reply, localPath(m.link) ?? '/messages');
  });

  app.post('/messages/read-all', { config: keepsPublicPages() }, async (request, reply) => {
    if (signInFirst(request, reply, '/messages')) return;
    await markAllRead(app.db, request.currentUser!);
    return redirect(reply, '/messages');
  });

  app.get<{ Querystring: { saved?: string } }>('/account/notifications', async (request, reply) => {
    if (signInFirst(request, reply, '/account/notifications')) return;
    return preferencesPage(app, request, reply, request.query.saved ? '通知设置已保存。' : undefined);
  });

  app.post('/account/notifications', { config: keepsPublicPages() }, async (request, reply) => {
    if (signInFirst(request, reply, '/account/notifications')) return;
    const user = request.currentUser!;
    const form = compactForm(request.body);
    const choices = Object.fromEntries(kindsFor(user.kind).map((k) => [k, { email: form[`${k}.email`] === '1', inApp: form[`${k}.inApp`] === '1' }]));
    await savePreferences(app.db, user, choices);
    return redirect(reply, '/account/notifications?saved=1');
  });

  app.get<{ Querystring: { token?: string } }>('/unsubscribe', async (request, reply) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    const claim = await readUnsubscribeToken(app.db, token);
    return unsubscribePage(request, reply, token, claim !== null, claim ? (claim.kind === 'all' ? '全部通知' : KINDS[claim.kind].label) : '');
  });

  app.post('/unsubscribe', { config: UNSUBSCRIBE_CONFIG }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? body.token : typeof query.token === 'string' ? query.token : '';
    const claim = await readUnsubscribeToken(app.db, token);
    if (!claim) return unsubscribePage(request, reply, '', false, '');
    const kinds = await unsubscribe(app.db, claim);
    return sendPage(request, reply, {
      title: '已退订',
      body: html`<h1>已退订</h1><p>您将不再收到以下电子邮件：${kinds.map((k, i) => html`${i ? '、' : ''}「${KINDS[k].label}」`)}。</p>
<p>登录后可在 <a href="/account/notifications">通知设置</a> 中随时恢复。</p>`,
    });
  });

  app.get('/password/forgot', async (request, reply) => forgotPage(request, reply, {}, {}));

  app.post(
    '/password/forgot',
    { config: keepsPublicPages({ rateLimit: { max: 5, timeWindow: '10 minutes', hook: 'preHandler' as const, errorResponseBuilder: () => new AppError(429, 'rate_limited', '申请过于频繁，请10分钟后再试') } }) },
    async (request, reply) => {
      const values = compactForm(request.body);
      const parsed = z.object({ email: z.email('请填写正确的电子邮箱').max(254) }).safeParse(values);
      if (!parsed.success) return forgotPage(request, reply, values, { email: '请填写正确的电子邮箱' }, 400);
      try {
        await requestPasswordReset(app.db, parsed.data.email, { ip: request.ip });
      } catch (err) {
        if (err instanceof AppError && err.statusCode < 500) return forgotPage(request, reply, values, { _form: err.message }, err.statusCode);
        throw err;
      }
      return forgotPage(request, reply, {}, {}, 200, '如果该邮箱注册过账号，重置密码的链接已发出，请查收邮件（1小时内有效）。');
    },
  );

  app.get<{ Querystring: { token?: string } }>('/password/reset', async (request, reply) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    if ((await resetTokenUser(app.db, token)) === null) return sendPage(request, reply, { title: '设置新密码', status: 400, body: invalidLink });
    return resetPage(request, reply, token, {});
  });

  app.post('/password/reset', { config: keepsPublicPages() }, async (request, reply) => {
    const form = compactForm(request.body);
    const token = form.token ?? '';
    const p = passwordSchema.safeParse(form.newPassword ?? '');
    if (!p.success) return resetPage(request, reply, token, { newPassword: p.error.issues[0]?.message ?? '密码不符合要求' }, 400);
    if (form.confirm !== form.newPassword) return resetPage(request, reply, token, { confirm: '两次填写的新密码不一致' }, 400);
    try {
      await resetPassword(app.db, token, p.data, { ip: request.ip });
    } catch (err) {
      if (err instanceof AppError && err.code === 'reset_link_invalid') return sendPage(request, reply, { title: '设置新密码', status: 400, body: invalidLink });
      // The password policy (src/app/password-policy.ts: not the account's own name, phone …) on the form.
      const failed = appFormErrors(err);
      if (failed) return resetPage(request, reply, token, failed.errors, failed.status);
      throw err;
    }
    return sendPage(request, reply, {
      title: '密码已重置',
      body: html`<h1>密码已重置</h1><p>新密码已生效，您在所有设备上的登录都已退出。</p><p><a href="/login" class="primary">用新密码登录</a></p>`,
    });
  });
}
