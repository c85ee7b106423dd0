/** Account pages: 登录, 注册 (自然人 / 法人或其他组织), 退出, 账号设置 (password change). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { authenticate, changePassword, registerApplicant, REGISTRATION_ANSWER } from '../../app/accounts.ts';
import { AppError } from '../../app/errors.ts';
import { endSession, limitLogin, limitPasswordChange, limitRegistration, startSession } from '../api/session.ts';
import { SESSION_COOKIE } from '../../app/auth.ts';
import { PASSWORD_HINT } from '../../app/password-policy.ts';
import {
  ID_DOC_TYPES,
  ID_DOC_TYPE_LABELS,
  loginSchema,
  ORG_TYPES,
  passwordChangeSchema,
  registerSchema,
} from '../../app/schemas.ts';
import { APPLICANT_TYPE_LABELS } from '../../domain/taxonomy/index.ts';
import { maskEmail, maskPhone } from '../../domain/identity/index.ts';
import { appFormErrors, compactForm, csrfField, errorSummary, selectField, textField, zodErrors, type FieldErrors } from './forms.ts';
import { html } from './html.ts';
import { redirect, sendPage } from './render.ts';
import { ROLE_LABELS } from '../../app/policies.ts';
import { keepsPublicPages } from './page-cache.ts';
import { safeRedirectPath } from '../redirects.ts';

/** Only paths of this site are followed after login (src/server/redirects.ts). */
const safeNext = (next: unknown): string => safeRedirectPath(next) ?? '';

function loginPage(request: FastifyRequest, reply: FastifyReply, input: Record<string, string>, errors: FieldErrors, status = 200, notice?: string) {
  return sendPage(request, reply, {
    title: '登录',
    status,
    notice,
    body: (csrf) => html`<h1>登录</h1>
<form method="post" action="/login" class="form narrow" novalidate>
  ${csrfField(csrf)}
  ${input.next ? html`<input type="hidden" name="next" value="${input.next}">` : ''}
  ${errorSummary(errors, { login: '账号', password: '密码' })}
  ${textField({ name: 'login', label: '手机号码或电子邮箱', value: input.login, errors, required: true, autocomplete: 'username' })}
  ${textField({ name: 'password', label: '密码', type: 'password', errors, required: true, autocomplete: 'current-password' })}
  <button type="submit" class="primary">登录</button>
</form>
<p><a href="/password/forgot">忘记密码？</a></p>
<p>还没有账号？<a href="/register">注册申请人账号</a></p>`,
  });
}

const REGISTER_LABELS: Record<string, string> = {
  applicantType: '申请人类型',
  name: '姓名或名称',
  phone: '手机号码',
  email: '电子邮箱',
  idDocType: '证件类型',
  idNumber: '证件号码',
  creditCode: '统一社会信用代码',
  contactName: '联系人',
  address: '通讯地址',
  password: '密码',
};

function registerPage(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: 'natural' | 'org',
  input: Record<string, string>,
  errors: FieldErrors,
  status = 200,
) {
  const natural = kind === 'natural';
  return sendPage(request, reply, {
    title: '注册',
    status,
    body: (csrf) => html`<h1>注册申请人账号</h1>
<nav class="tabs" aria-label="申请人类型">
  <a href="/register?kind=natural"${natural ? html` aria-current="page"` : ''}>自然人</a>
  <a href="/register?kind=org"${!natural ? html` aria-current="page"` : ''}>法人或其他组织</a>
</nav>
<form method="post" action="/register" class="form" novalidate>
  ${csrfField(csrf)}
  <input type="hidden" name="kind" value="${kind}">
  ${errorSummary(errors, REGISTER_LABELS)}
  ${natural
    ? html`<input type="hidden" name="applicantType" value="natural">
  <fieldset><legend>身份信息</legend>
  ${textField({ name: 'name', label: '姓名', value: input.name, errors, required: true, autocomplete: 'name', maxlength: 100 })}
  ${selectField({ name: 'idDocType', label: '证件类型', value: input.idDocType ?? 'resident_id', errors, options: ID_DOC_TYPES.map((t) => ({ value: t, label: ID_DOC_TYPE_LABELS[t] })) })}
  ${textField({ name: 'idNumber', label: '证件号码', value: input.idNumber, errors, required: true, hint: '居民身份证请填写18位号码，末位为X的请填写X', maxlength: 40 })}
  </fieldset>`
    : html`<fieldset><legend>单位信息</legend>
  ${textField({ name: 'name', label: '单位名称', value: input.name, errors, required: true, autocomplete: 'organization', maxlength: 100 })}
  ${selectField({ name: 'applicantType', label: '单位类别', value: input.applicantType ?? '', errors, required: true, options: [{ value: '', label: '请选择' }, ...ORG_TYPES.map((t) => ({ value: t, label: APPLICANT_TYPE_LABELS[t] }))] })}
  ${textField({ name: 'creditCode', label: '统一社会信用代码', value: input.creditCode, errors, required: true, hint: '18位，见营业执照或登记证书', maxlength: 40 })}
  ${textField({ name: 'contactName', label: '联系人', value: input.contactName, errors, maxlength: 50 })}
  </fieldset>`}
  <fieldset><legend>联系方式（至少填写一项，用于登录）</legend>
  ${textField({ name: 'phone', label: '手机号码', type: 'tel', value: input.phone, errors, autocomplete: 'tel', maxlength: 11 })}
  ${textField({ name: 'email', label: '电子邮箱', type: 'email', value: input.email, errors, autocomplete: 'email', maxlength: 200 })}
  ${textField({ name: 'address', label: '通讯地址', value: input.address, errors, autocomplete: 'street-address', maxlength: 200 })}
  </fieldset>
  <fieldset><legend>设置密码</legend>
  ${textField({ name: 'password', label: '密码', type: 'password', errors, required: true, autocomplete: 'new-password', hint: PASSWORD_HINT })}
  </fieldset>
  <button type="submit" class="primary">注册</button>
</form>
<p>已有账号？<a href="/login">登录</a></p>`,
  });
}

function accountPage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors, notice?: string, status = 200) {
  const u = request.currentUser!;
  return sendPage(request, reply, {
    title: '账号设置',
    status,
    notice,
    body: (csrf) => html`<h1>账号设置</h1>
<section class="card" aria-labelledby="me-h">
  <h2 id="me-h">我的账号</h2>
  <dl class="facts">
    <dt>名称</dt><dd>${u.displayName}</dd>
    <dt>账号类型</dt><dd>${u.kind === 'staff' ? '工作人员' : '申请人'}</dd>
    ${u.phone ? html`<dt>手机号码</dt><dd>${maskPhone(u.phone)}</dd>` : ''}
    ${u.email ? html`<dt>电子邮箱</dt><dd>${u.kind === 'staff' ? u.email : maskEmail(u.email)}</dd>` : ''}
    ${u.roleDetails.length ? html`<dt>角色</dt><dd>${u.roleDetails.map((r, i) => html`${i ? '；' : ''}${r.agencyName} ${ROLE_LABELS[r.role]}`)}</dd>` : ''}
  </dl>
</section>
<section class="card" aria-labelledby="pw-h">
  <h2 id="pw-h">修改密码</h2>
  <form method="post" action="/account/password" class="form narrow" novalidate>
    ${csrfField(csrf)}
    ${errorSummary(errors, { currentPassword: '当前密码', newPassword: '新密码' })}
    ${textField({ name: 'currentPassword', label: '当前密码', type: 'password', errors, required: true, autocomplete: 'current-password' })}
    ${textField({ name: 'newPassword', label: '新密码', type: 'password', errors, required: true, autocomplete: 'new-password', hint: PASSWORD_HINT })}
    <button type="submit" class="primary">修改密码</button>
  </form>
</section>
<p><a href="/account/notifications">通知设置</a>：选择接收哪些消息，通过邮件还是站内消息。</p>`,
  });
}

export async function routes(app: App) {
  app.get<{ Querystring: { next?: string; registered?: string } }>('/login', async (request, reply) => {
    if (request.currentUser) return redirect(reply, safeNext(request.query.next) || '/');
    return loginPage(request, reply, { next: safeNext(request.query.next) }, {}, 200, request.query.registered ? REGISTRATION_ANSWER : undefined);
  });

  app.post('/login', { config: keepsPublicPages() }, async (request, reply) => {
    const input = compactForm(request.body);
    const parsed = loginSchema.safeParse(input);
    if (!parsed.success) return loginPage(request, reply, input, zodErrors(parsed.error), 400);
    try {
      await limitLogin(app, request, parsed.data.login);
    } catch (err) {
      if (err instanceof AppError) return loginPage(request, reply, input, { _form: err.message }, err.statusCode);
      throw err;
    }
    const user = await authenticate(app.db, parsed.data.login, parsed.data.password);
    if (!user) return loginPage(request, reply, input, { _form: '账号或密码不正确' }, 401);
    await startSession(app, request, reply, user.id);
    return redirect(reply, safeNext(input.next) || (user.kind === 'staff' ? '/console' : '/'));
  });

  app.post('/logout', { config: keepsPublicPages() }, async (request, reply) => {
    await endSession(app, request, reply);
    return redirect(reply, '/');
  });

  app.get<{ Querystring: { kind?: string } }>('/register', async (request, reply) => {
    return registerPage(request, reply, request.query.kind === 'org' ? 'org' : 'natural', {}, {});
  });

  app.post('/register', { config: keepsPublicPages() }, async (request, reply) => {
    const input = compactForm(request.body);
    const kind = input.kind === 'org' ? 'org' : 'natural';
    if (kind === 'natural') input.applicantType = 'natural';
    else if (input.applicantType === 'natural') delete input.applicantType;
    const parsed = registerSchema.safeParse(input);
    if (!parsed.success) return registerPage(request, reply, kind, input, zodErrors(parsed.error), 400);
    try {
      await limitRegistration(app, request, parsed.data);
      // The same answer whether an account existed or not (src/app/accounts.ts).
      await registerApplicant(app.db, parsed.data, { ip: request.ip });
    } catch (err) {
      const failed = appFormErrors(err);
      if (failed) return registerPage(request, reply, kind, input, failed.errors, failed.status);
      throw err;
    }
    return redirect(reply, '/login?registered=1');
  });

  app.get<{ Querystring: { changed?: string } }>('/account', async (request, reply) => {
    if (!request.currentUser) return redirect(reply, '/login?next=/account');
    const notice = request.query.changed ? '密码已修改，您在其他设备上的登录已全部退出。' : undefined;
    return accountPage(request, reply, {}, notice);
  });

  app.post('/account/password', { config: keepsPublicPages() }, async (request, reply) => {
    const user = request.currentUser;
    if (!user) return redirect(reply, '/login?next=/account');
    const parsed = passwordChangeSchema.safeParse(compactForm(request.body));
    if (!parsed.success) return accountPage(request, reply, zodErrors(parsed.error), undefined, 400);
    try {
      await limitPasswordChange(app, request, user.userId);
      await changePassword(app.db, user.userId, parsed.data.currentPassword, parsed.data.newPassword, { ip: request.ip, keepSessionToken: request.cookies[SESSION_COOKIE] });
    } catch (err) {
      const failed = appFormErrors(err);
      if (failed) return accountPage(request, reply, failed.errors, undefined, failed.status);
      throw err;
    }
    return redirect(reply, '/account?changed=1');
  });
}

