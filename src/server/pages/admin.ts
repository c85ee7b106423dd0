/**
 * /console/agencies — administrators manage the agencies they administer (policies `agency.manage`):
 * the tree, a form to add an agency below one they manage, and a form to change an agency's name and
 * its 政府信息公开工作机构 details (Art. 4 of the Regulations; published in the 公开指南). Server-rendered,
 * works without JavaScript.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byOf, type App } from '../app.ts';
import { createAgency, listAgencies, manageableAgencies, updateAgency, type Agency, buildTree, type AgencyNode } from '../../app/agencies.ts';
import { AppError } from '../../app/errors.ts';
import { ROLE_LABELS } from '../../app/policies.ts';
import { createStaff, getStaff, listStaffFor, staffScope, updateStaff } from '../../app/staff.ts';
import { ROLES, type Role } from '../../db/schema.ts';
import { agencyCreateSchema, agencyUpdateSchema, staffCreateSchema } from '../../app/schemas.ts';
import { compactForm, csrfField, errorSummary, selectField, textField, zodErrors, type FieldErrors } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { redirect, sendPage } from './render.ts';

const LABELS: Record<string, string> = {
  code: '机关代码',
  name: '机关名称',
  parentCode: '上级机关',
  officeName: '工作机构名称',
  officePhone: '联系电话',
  officeAddress: '办公地址',
  officeHours: '办公时间',
  officeEmail: '电子邮箱',
};

function denied(request: FastifyRequest, reply: FastifyReply, status = 403) {
  return sendPage(request, reply, {
    title: '无权访问',
    status,
    body: html`<h1>无权访问</h1><p class="error-text">${status === 404 ? '找不到该机关，或您无权管理该机关。' : '只有系统管理员可以管理机关和工作人员。'}</p><p><a href="/console">返回工作台</a></p>`,
  });
}

async function managed(app: App, request: FastifyRequest) {
  const user = request.currentUser;
  const all = await listAgencies(app.db);
  return { user, all, mine: manageableAgencies(all, user) };
}

function officeFields(v: Record<string, string | null | undefined>, errors: FieldErrors): SafeHtml {
  return html`${textField({ name: 'officeName', label: LABELS.officeName, value: v.officeName, errors, maxlength: 100 })}
  ${textField({ name: 'officePhone', label: LABELS.officePhone, value: v.officePhone, errors, type: 'tel', maxlength: 50 })}
  ${textField({ name: 'officeAddress', label: LABELS.officeAddress, value: v.officeAddress, errors, maxlength: 200 })}
  ${textField({ name: 'officeHours', label: LABELS.officeHours, value: v.officeHours, errors, maxlength: 200 })}
  ${textField({ name: 'officeEmail', label: LABELS.officeEmail, value: v.officeEmail, errors, type: 'email' })}`;
}

function treeList(nodes: AgencyNode[], mine: Set<number>): SafeHtml {
  return html`<ul class="agency-tree">${nodes.map(
    (n) => html`<li><span class="name">${n.name}</span> <span class="meta">（${n.code}）</span>${mine.has(n.id) ? html` <a href="/console/agencies/${n.code}">修改</a>` : ''}${n.children.length ? treeList(n.children, mine) : ''}</li>`,
  )}</ul>`;
}

export async function routes(app: App) {
  await userRoutes(app);
  const listPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors: FieldErrors = {}) => {
    const { user, mine } = await managed(app, request);
    if (!user) return redirect(reply, '/login?next=/console/agencies');
    if (mine.length === 0) return denied(request, reply);
    const ids = new Set(mine.map((a) => a.id));
    const roots = buildTree(mine).filter((n) => n.parentId == null || !ids.has(n.parentId));
    const hasErrors = Object.keys(errors).length > 0;
    return sendPage(request, reply, {
      title: '机关管理',
      status: hasErrors ? 400 : 200,
      body: (token) => html`<h1>机关管理</h1>
<section aria-labelledby="tree-h"><h2 id="tree-h">我管理的机关</h2>${treeList(roots, ids)}</section>
<section aria-labelledby="new-h"><h2 id="new-h">新增下级机关</h2>
<form class="form" method="post" action="/console/agencies" novalidate>${csrfField(token)}
  ${errorSummary(errors, LABELS)}
  ${selectField({ name: 'parentCode', label: LABELS.parentCode, value: values.parentCode, errors, required: true, options: mine.map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` })) })}
  ${textField({ name: 'code', label: LABELS.code, value: values.code, errors, required: true, maxlength: 40, hint: '字母、数字、“-”或“_”，例如 220502-jyj' })}
  ${textField({ name: 'name', label: LABELS.name, value: values.name, errors, required: true, maxlength: 100 })}
  ${officeFields(values, errors)}
  <button type="submit" class="primary">新增机关</button>
</form></section>`,
    });
  };

  app.get('/console/agencies', (request, reply) => listPage(request, reply));

  app.post('/console/agencies', async (request, reply) => {
    const { user, mine } = await managed(app, request);
    if (!user) return redirect(reply, '/login?next=/console/agencies');
    if (mine.length === 0) return denied(request, reply);
    const values = compactForm(request.body);
    const parsed = agencyCreateSchema.safeParse(values);
    if (!parsed.success) return listPage(request, reply, values, zodErrors(parsed.error));
    try {
      const a = await createAgency(app.db, parsed.data, byOf(request));
      return redirect(reply, `/console/agencies/${a.code}`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500) {
        const field = e.code === 'forbidden' || (e.details as { field?: string } | undefined)?.field === 'parentCode' ? 'parentCode' : 'code';
        return listPage(request, reply, values, { [field]: e.code === 'forbidden' ? '请选择您管理的上级机关' : e.message });
      }
      throw e;
    }
  });

  const editPage = async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, values?: Record<string, string>, errors: FieldErrors = {}) => {
    const { user, mine } = await managed(app, request);
    if (!user) return redirect(reply, `/login?next=/console/agencies/${encodeURIComponent(request.params.code)}`);
    if (mine.length === 0) return denied(request, reply);
    const a: Agency | undefined = mine.find((x) => x.code === request.params.code);
    if (!a) return denied(request, reply, 404);
    const v: Record<string, string | null | undefined> = values ?? {
      name: a.name,
      officeName: a.officeName,
      officePhone: a.officePhone,
      officeAddress: a.officeAddress,
      officeHours: a.officeHours,
      officeEmail: a.officeEmail,
    };
    const saved = (request.query as Record<string, string> | undefined)?.saved === '1';
    return sendPage(request, reply, {
      title: `修改机关：${a.name}`,
      status: Object.keys(errors).length ? 400 : 200,
      body: (token) => html`<h1>修改机关：${a.name}</h1>
<p class="meta">机关代码：${a.code}　<a href="/agencies/${a.code}">查看公开指南</a>　<a href="/console/agencies">返回机关管理</a></p>
${saved ? html`<p class="notice" role="status">已保存。</p>` : ''}
<form class="form" method="post" action="/console/agencies/${a.code}" novalidate>${csrfField(token)}
  ${errorSummary(errors, LABELS)}
  ${textField({ name: 'name', label: LABELS.name, value: v.name, errors, required: true, maxlength: 100 })}
  <fieldset><legend>政府信息公开工作机构</legend>${officeFields(v, errors)}</fieldset>
  <button type="submit" class="primary">保存</button>
</form>`,
    });
  };

  app.get<{ Params: { code: string } }>('/console/agencies/:code', (request, reply) => editPage(request, reply));

  app.post<{ Params: { code: string } }>('/console/agencies/:code', async (request, reply) => {
    const { user, mine } = await managed(app, request);
    if (!user) return redirect(reply, '/login');
    const a = mine.find((x) => x.code === request.params.code);
    if (!a) return denied(request, reply, mine.length ? 404 : 403);
    const values = compactForm(request.body);
    const parsed = agencyUpdateSchema.safeParse(values);
    if (!parsed.success) return editPage(request, reply, values, zodErrors(parsed.error));
    await updateAgency(app.db, a.code, parsed.data, byOf(request));
    return redirect(reply, `/console/agencies/${a.code}?saved=1`);
  });
}

// ------------------------------------------------------------------------------------------------
// /console/users — staff of the agencies an administrator manages (policies `user.manage`)
// ------------------------------------------------------------------------------------------------

const USER_LABELS: Record<string, string> = { email: '电子邮箱', displayName: '姓名', password: '初始密码', roles: '角色' };

/** Role checkboxes are named `role:<agencyCode>:<role>`. */
function rolesFromForm(values: Record<string, string>): Array<{ agencyCode: string; role: Role }> {
  return Object.keys(values)
    .filter((k) => k.startsWith('role:'))
    .map((k) => {
      const [, agencyCode, role] = k.split(':');
      return { agencyCode, role: role as Role };
    });
}

function roleBoxes(prefix: string, agenciesManaged: Agency[], checked: Set<string>): SafeHtml {
  return html`<fieldset><legend>角色（按机关）</legend>${agenciesManaged.map(
    (a) => html`<fieldset class="role-row"><legend>${a.name}</legend>${ROLES.map((r) => {
      const id = `${prefix}-${a.code}-${r}`;
      return html` <input type="checkbox" id="${id}" name="role:${a.code}:${r}" value="1"${checked.has(`${a.code}:${r}`) ? html` checked` : ''}><label for="${id}">${ROLE_LABELS[r]}</label>`;
    })}</fieldset>`,
  )}</fieldset>`;
}

export async function userRoutes(app: App) {
  const context = async (request: FastifyRequest) => {
    const user = request.currentUser;
    return { user, mine: user ? await staffScope(app.db, byOf(request)) : [] };
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors: FieldErrors = {}, notice?: string) => {
    const { user, mine } = await context(request);
    if (!user) return redirect(reply, '/login?next=/console/users');
    if (mine.length === 0) return denied(request, reply);
    const { staff } = await listStaffFor(app.db, byOf(request));
    const checked = new Set(rolesFromForm(values).map((r) => `${r.agencyCode}:${r.role}`));
    return sendPage(request, reply, {
      title: '工作人员管理',
      notice,
      status: Object.keys(errors).length ? 400 : 200,
      body: (token) => html`<h1>工作人员管理</h1>
<section aria-labelledby="staff-h"><h2 id="staff-h">工作人员</h2>
<table class="staff"><thead><tr><th scope="col">姓名</th><th scope="col">电子邮箱</th><th scope="col">状态</th><th scope="col">角色</th><th scope="col">操作</th></tr></thead>
<tbody>${staff.map(
        (s) => html`<tr data-email="${s.email ?? ''}"><td>${s.displayName}</td><td>${s.email ?? ''}</td><td>${s.active ? '启用' : '已停用'}</td>
  <td>${s.roles.map((r, i) => html`${i ? '；' : ''}${r.agencyName}·${ROLE_LABELS[r.role]}`)}</td>
  <td><form method="post" action="/console/users/${s.id}/roles">${csrfField(token)}${roleBoxes(`u${s.id}`, mine, new Set(s.roles.map((r) => `${r.agencyCode}:${r.role}`)))}<button type="submit">保存角色</button></form>
  ${s.active ? html`<form method="post" action="/console/users/${s.id}/disable">${csrfField(token)}<button type="submit">停用账号</button></form>` : ''}
  ${s.active && s.email ? html`<form method="post" action="/console/users/${s.id}/password-reset">${csrfField(token)}<button type="submit">发送重置密码邮件</button></form>` : ''}</td></tr>`,
      )}</tbody></table></section>
<section aria-labelledby="new-user-h"><h2 id="new-user-h">新增工作人员</h2>
<form class="form" method="post" action="/console/users" novalidate>${csrfField(token)}
  ${errorSummary(errors, USER_LABELS)}
  ${textField({ name: 'email', label: USER_LABELS.email, value: values.email, errors, type: 'email', required: true })}
  ${textField({ name: 'displayName', label: USER_LABELS.displayName, value: values.displayName, errors, required: true, maxlength: 50 })}
  ${textField({ name: 'password', label: USER_LABELS.password, errors, type: 'password', required: true, autocomplete: 'new-password' })}
  ${roleBoxes('new', mine, checked)}
  <button type="submit" class="primary">新增工作人员</button>
</form></section>`,
    });
  };

  app.get<{ Querystring: { reset?: string } }>('/console/users', (request, reply) =>
    page(request, reply, {}, {}, request.query.reset ? '重置密码的邮件已发出，该工作人员的登录已全部退出。' : undefined),
  );

  app.post('/console/users', async (request, reply) => {
    const { user, mine } = await context(request);
    if (!user) return redirect(reply, '/login?next=/console/users');
    if (mine.length === 0) return denied(request, reply);
    const values = compactForm(request.body);
    const parsed = staffCreateSchema.safeParse({ email: values.email ?? '', displayName: values.displayName ?? '', password: values.password ?? '', roles: rolesFromForm(values) });
    if (!parsed.success) return page(request, reply, values, zodErrors(parsed.error));
    try {
      await createStaff(app.db, parsed.data, byOf(request));
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500) return page(request, reply, values, { [e.code === 'forbidden' ? 'roles' : 'email']: e.message });
      throw e;
    }
    return redirect(reply, '/console/users');
  });

  /** The staff user of the URL, or undefined when `by` does not manage one with that id. */
  const target = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2147483647) return undefined;
    return getStaff(app.db, byOf(request), id).catch((e: unknown) => {
      if (e instanceof AppError && e.statusCode === 404) return undefined;
      throw e;
    });
  };

  app.post<{ Params: { id: string } }>('/console/users/:id/roles', async (request, reply) => {
    const { user, mine } = await context(request);
    if (!user) return redirect(reply, '/login');
    if (mine.length === 0) return denied(request, reply);
    const staff = await target(request);
    if (!staff) return denied(request, reply, 404);
    // The boxes are those of the agencies `mine`; the use case keeps the roles held elsewhere.
    const codes = new Set(mine.map((a) => a.code));
    const roles = rolesFromForm(compactForm(request.body)).filter((r) => codes.has(r.agencyCode) && (ROLES as readonly string[]).includes(r.role));
    await updateStaff(app.db, staff.id, { roles }, byOf(request));
    return redirect(reply, '/console/users');
  });

  app.post<{ Params: { id: string } }>('/console/users/:id/disable', async (request, reply) => {
    const { user, mine } = await context(request);
    if (!user) return redirect(reply, '/login');
    if (mine.length === 0) return denied(request, reply);
    const staff = await target(request);
    if (!staff) return denied(request, reply, 404);
    await updateStaff(app.db, staff.id, { active: false }, byOf(request));
    return redirect(reply, '/console/users');
  });
}
