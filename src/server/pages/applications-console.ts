/**
 * The staff's application pages: the inbox (/console/:code/applications: filters, sorted by due
 * date, 即将逾期/逾期 badges), 登记 (/console/:code/applications/new: letters, in-person, fax,
 * e-mail), the case (/console/applications/:id: timeline, clock explanation, letters, files,
 * duplicates, and the form of each step the user's role allows — and only those, rendered from the
 * steps' own descriptions by step-forms.ts), letter templates and appeals. Forms post back to these
 * pages; the use cases are those of the API (src/app/applications).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byOf, type App } from '../app.ts';
import { lettersOf } from '../../db/applications.ts';
import { AppError } from '../../app/errors.ts';
import { html } from './html.ts';
import { csrfField, errorSummary, selectField, textField } from './forms.ts';
import { noticeFor, redirect, sendPage } from './render.ts';
import { assertCanView, isStaffViewer, loadCase, today, type LoadedCase } from '../../app/applications/case.ts';
import { duplicatesOf, registerByStaff, attachmentsOf } from '../../app/applications/intake.ts';
import { performStep } from '../../app/applications/steps.ts';
import { allowedSteps } from '../../app/applications/present.ts';
import { inbox } from '../../app/applications/queries.ts';
import { appealSchema, DELIVERY_METHODS, PROVISION_FORMS, staffApplicationSchema } from '../../app/applications/schemas.ts';
import { CASE_STEP_LABELS, stepChoices, stepSchema } from '../../app/steps/index.ts';

/** The notices a case page shows after a redirect (`?done=`): a step done, or a redaction approved. Never the query's own text. */
const CASE_NOTICES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CASE_STEP_LABELS).map(([step, label]) => [step, `已完成：${label}`])),
  partial_approved: '已批准部分公开及区分处理',
};
import { listAppeals, recordAppeal } from '../../app/applications/appeals.ts';
import { agencyLetterTemplate, saveAgencyLetterTemplate, AGENCY_PROFILE_KIND } from '../../app/applications/letters.ts';
import {
  APPEAL_KIND_LABELS,
  APPEAL_KINDS,
  APPEAL_RESULT_LABELS,
  APPEAL_RESULTS,
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
} from '../../domain/taxonomy/index.ts';
import { LETTER_KIND_LABELS, REPLY_LETTER_KINDS } from '../../domain/letters/index.ts';
import { CLOCK_STATE_LABELS } from '../../domain/clock/index.ts';
import { maskIdNumber, maskPhone } from '../../domain/identity/index.ts';
import { listAgencies, pathOf } from '../../app/agencies.ts';
import { can } from '../../app/policies.ts';
import { badge, CSS, dueBlock, field, lettersList, requireSignedIn, timeline, zodMessage } from './application-parts.ts';
import { renderStepForms, stepInputFromForm } from './step-forms.ts';

// ------------------------------------------------------------------ staff pages

const STATUS_FILTERS: Array<[string, string]> = [
  ['open', '办理中（全部未结）'],
  ...(Object.entries(CLOCK_STATE_LABELS) as Array<[string, string]>),
  ['closed', '已办结'],
  ['closable', '可结案（申请人逾期未补正、未缴费）'],
];


async function staffCasePage(app: App, request: FastifyRequest, reply: FastifyReply, c: LoadedCase, notice?: string, error?: string, status = 200) {
  const user = request.currentUser!;
  const [letters, dups, files] = await Promise.all([lettersOf(app.db, c.app.id), duplicatesOf(app.db, c.app), attachmentsOf(app.db, c.app.id)]);
  const steps = allowedSteps(user, c);
  const a = c.app;
  const forms = renderStepForms(c, steps, reply.generateCsrf(), await stepChoices(app.db, c, steps));
  return sendPage(request, reply, {
    title: `申请 ${a.number}`,
    status,
    notice,
    breadcrumbs: [['工作台', '/console'], ['依申请公开办理', `/console/${c.agency.code}/applications`], [a.number]],
    body: html`${CSS}<h1>申请 ${a.number} <span class="status-tag">${c.view.statusLabel}</span></h1>
${error ? errorSummary({ _form: error }) : ''}
${dups.length ? html`<div class="dup-warning" role="note"><strong>提示：同一申请人此前提出过相似的申请</strong>（仅供参考，是否属于重复申请由承办人判断，第三十六条第六项）：<ul>${dups.map((d) => html`<li><a href="/console/applications/${d.id}">${d.number}</a> ${d.subject}（相似度${Math.round(d.similarity * 100)}%）</li>`)}</ul></div>` : ''}
<div class="case-grid">
<div class="case-main">
<section class="card"><h2>申请内容</h2><dl class="facts">
<dt>受理机关</dt><dd>${c.agency.name}</dd>
<dt>申请人</dt><dd>${a.applicantName}（${APPLICANT_TYPE_LABELS[a.applicantType as keyof typeof APPLICANT_TYPE_LABELS] ?? a.applicantType}）</dd>
<dt>证件号码</dt><dd>${a.applicantIdNumber ? maskIdNumber(a.applicantIdNumber) : a.applicantCreditCode ?? '—'}</dd>
<dt>联系电话</dt><dd>${a.applicantPhone ? maskPhone(a.applicantPhone) : '—'}</dd>
<dt>提交渠道</dt><dd>${CHANNEL_LABELS[a.channel as Channel] ?? a.channel}</dd>
<dt>所需信息</dt><dd>${a.subject}${a.description ? html`<br><span class="meta">${a.description}</span>` : ''}</dd>
<dt>提供形式 / 获取方式</dt><dd>${a.provisionForm ?? '—'} / ${a.deliveryMethod ?? '—'}</dd>
<dt>承办人</dt><dd>${c.view.handlerName ?? '未指定'}</dd>
${c.view.splitFrom ? html`<dt>拆分自</dt><dd>${c.view.splitFrom}</dd>` : ''}
${c.view.splitInto.length ? html`<dt>已拆分为</dt><dd>${c.view.splitInto.join('、')}</dd>` : ''}
</dl></section>
<section class="card"><h2>答复期限</h2>${dueBlock(c)}</section>
<section class="card"><h2>文书</h2>${lettersList(c, letters, true)}</section>
<section class="card"><h2>文件</h2>${files.length ? html`<ul>${files.map((f) => html`<li><a href="/api/applications/${a.id}/files/${f.id}">${f.filename}</a> <span class="meta">${f.ownerKind === 'application_disclosed' ? '公开的政府信息' : f.ownerKind.endsWith('authorization') ? '授权委托书' : f.ownerKind.endsWith('id_copy') ? '身份证明' : f.ownerKind.endsWith(':correction') ? '补正材料' : '申请人附件'}</span></li>`)}</ul>` : html`<p class="meta">暂无文件。</p>`}<p><a href="/console/applications/${a.id}/redaction">区分处理（部分公开，第三十七条）</a></p></section>
<section class="card"><h2>办理记录</h2>${timeline(c)}</section>
</div>
<aside class="case-actions" aria-label="可执行的操作"><h2>办理</h2>${steps.length ? forms : html`<p class="meta">当前没有您可以执行的操作。</p>`}</aside>
</div>`,
    ...({} as object),
  });
}


export async function consoleRoutes(app: App) {
  app.get('/console/:code/applications', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const { code } = request.params as { code: string };
    const q = request.query as Record<string, string>;
    const user = request.currentUser!;
    const filters = {
      status: (q.status || 'open') as never,
      handler: q.handler === 'me' ? user.userId : q.handler === 'none' ? ('none' as const) : undefined,
      channel: q.channel || undefined,
      applicantType: q.applicantType || undefined,
      below: q.below === '1',
    };
    const items = await inbox(app.db, user, code, filters);
    const all = await listAgencies(app.db);
    const agency = all.find((a) => a.code === code)!;
    const hasBelow = all.some((a) => a.parentId === agency.id) && can(user, 'application.view', { agencyPath: pathOf(all, agency.id) }) &&
      user.roles.some((r) => r.role === 'supervisor');
    const opt = (v: string, label: string, cur?: string) => html`<option value="${v}"${v === (cur ?? '') ? ' selected' : ''}>${label}</option>`;
    return sendPage(request, reply, {
      title: `依申请公开办理 - ${agency.name}`,
      breadcrumbs: [['工作台', '/console'], ['依申请公开办理']],
      body: html`${CSS}<h1>依申请公开办理 <span class="meta">${agency.name}</span></h1>
<form method="get" class="filters" aria-label="筛选">
<label>状态 <select name="status">${STATUS_FILTERS.map(([v, l]) => opt(v, l, q.status || 'open'))}</select></label>
<label>承办人 <select name="handler">${opt('', '全部', q.handler)}${opt('me', '我承办的', q.handler)}${opt('none', '未指定', q.handler)}</select></label>
<label>渠道 <select name="channel">${opt('', '全部', q.channel)}${CHANNELS.map((c) => opt(c, CHANNEL_LABELS[c], q.channel))}</select></label>
<label>申请人类型 <select name="applicantType">${opt('', '全部', q.applicantType)}${APPLICANT_TYPES.map((t) => opt(t, APPLICANT_TYPE_LABELS[t], q.applicantType))}</select></label>
${hasBelow ? html`<label><input type="checkbox" name="below" value="1"${q.below === '1' ? ' checked' : ''}> 含下级机关</label>` : ''}
<button type="submit">筛选</button>
${can(user, 'application.register', { agencyPath: pathOf(all, agency.id) }) ? html`<a class="button" href="/console/${code}/applications/new">登记申请</a>` : ''}
</form>
<p class="meta">共 ${items.length} 件，按答复期限排序。“即将逾期”指剩余不超过3个工作日；“可结案”指申请人的补正期限或缴费期限（自送达之日起计算）已届满而未补正、未缴费，可按第三十条或国办函〔2020〕109号终止办理。</p>
<table class="list inbox"><thead><tr><th>申请编号</th>${filters.below ? html`<th>机关</th>` : ''}<th>申请人</th><th>申请内容</th><th>渠道</th><th>状态</th><th>承办人</th><th>答复期限</th></tr></thead>
<tbody>${items.map(
        (i) => html`<tr class="${i.badge ?? ''}"><td><a href="/console/applications/${i.app.id}">${i.app.number}</a></td>${filters.below ? html`<td>${i.agencyName}</td>` : ''}<td>${i.app.applicantName}</td><td class="subject">${i.app.subject}</td><td>${CHANNEL_LABELS[i.app.channel as Channel]}</td><td>${i.view.statusLabel}${i.closable ? html` <span class="badge closable" title="${i.closable.rule}">${i.closable.label}</span>` : ''}</td><td>${i.view.handlerName ?? '—'}</td><td class="due">${i.view.clock?.dueDate ?? (i.view.pending?.fields.includes('dueDate') ? i.view.pending.reason : '—')} ${badge(i)}</td></tr>`,
      )}</tbody></table>`,
    });
  });

  const staffForm = (request: FastifyRequest, reply: FastifyReply, code: string, input: Record<string, string>, error?: string, status = 200) =>
    sendPage(request, reply, {
      title: '登记申请',
      status,
      breadcrumbs: [['工作台', '/console'], ['依申请公开办理', `/console/${code}/applications`], ['登记申请']],
      body: (csrf) => html`${CSS}<h1>登记申请</h1>
<p class="lead">信函、当面（含口头申请由工作人员代为填写）、传真、电子邮件提交的申请在此登记。收到申请之日按第三十一条确定：当面提交和签收的邮件为收到之日；平常信函、传真、电子邮件为与申请人确认之日。</p>
${error ? errorSummary({ _form: error }) : ''}
<form method="post" action="/console/${code}/applications/new" class="form">${csrfField(csrf)}
<fieldset><legend>收到</legend>
${selectField({ name: 'channel', label: '提交渠道', value: input.channel, required: true, options: CHANNELS.filter((c) => c !== 'online').map((c) => ({ value: c, label: CHANNEL_LABELS[c] })) })}
${textField({ name: 'submittedDate', label: '收到日期', type: 'date', value: input.submittedDate, required: true })}
${textField({ name: 'confirmedDate', label: '与申请人确认的日期（平常信函、传真、电子邮件）', type: 'date', value: input.confirmedDate })}
<div class="field"><label><input type="checkbox" name="oral" value="1"${input.oral ? ' checked' : ''}> 口头申请，由工作人员代为填写（第二十九条第一款）</label></div>
</fieldset>
<fieldset><legend>申请人</legend>
${selectField({ name: 'applicantType', label: '申请人类型', value: input.applicantType, required: true, options: APPLICANT_TYPES.map((t) => ({ value: t, label: t === 'natural' ? '自然人' : `法人或其他组织（${APPLICANT_TYPE_LABELS[t]}）` })) })}
${textField({ name: 'applicantName', label: '姓名或名称', value: input.applicantName, required: true })}
${textField({ name: 'applicantIdNumber', label: '身份证件号码', value: input.applicantIdNumber })}
${textField({ name: 'applicantCreditCode', label: '统一社会信用代码', value: input.applicantCreditCode })}
${textField({ name: 'applicantPhone', label: '联系电话', value: input.applicantPhone })}
${textField({ name: 'applicantEmail', label: '电子邮箱', value: input.applicantEmail })}
${textField({ name: 'applicantAddress', label: '通讯地址', value: input.applicantAddress })}
</fieldset>
<fieldset><legend>所需政府信息</legend>
${textField({ name: 'subject', label: '政府信息的名称', value: input.subject, required: true })}
${textField({ name: 'documentNumber', label: '文号', value: input.documentNumber })}
${textField({ name: 'description', label: '特征性描述', value: input.description })}
${selectField({ name: 'provisionForm', label: '提供形式', value: input.provisionForm ?? '纸质', options: PROVISION_FORMS.map((f) => ({ value: f, label: f })) })}
${selectField({ name: 'deliveryMethod', label: '获取方式', value: input.deliveryMethod ?? '邮寄', options: DELIVERY_METHODS.map((f) => ({ value: f, label: f })) })}
</fieldset>
<button type="submit" class="primary">登记</button></form>`,
    });

  app.get('/console/:code/applications/new', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const { code } = request.params as { code: string };
    return staffForm(request, reply, code, { submittedDate: today() });
  });

  app.post('/console/:code/applications/new', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input: Record<string, string> = {};
    for (const k of Object.keys(body)) if (k !== '_csrf' && field(body, k)) input[k] = field(body, k)!;
    const parsed = staffApplicationSchema.safeParse({ ...input, oral: input.oral === '1' });
    if (!parsed.success) return staffForm(request, reply, code, input, zodMessage(parsed.error), 400);
    try {
      const row = await registerByStaff(app.db, request.currentUser!, code, parsed.data, request.ip);
      return redirect(reply, `/console/applications/${row.id}?registered=1`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500) return staffForm(request, reply, code, input, e.message, e.statusCode);
      throw e;
    }
  });

  app.get('/console/applications/:id', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) throw new AppError(404, 'not_found', '找不到该申请');
    const c = await loadCase(app.db, id);
    assertCanView(request.currentUser, c);
    if (!isStaffViewer(request.currentUser, c)) return redirect(reply, `/my/applications/${id}`);
    const q = request.query as Record<string, string>;
    return staffCasePage(app, request, reply, c, q.registered ? `已登记，申请编号 ${c.app.number}` : noticeFor(CASE_NOTICES, q.done));
  });

  app.post('/console/applications/:id/step', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = stepSchema.safeParse(stepInputFromForm(body, await loadCase(app.db, id)));
    const fail = async (message: string, status: number) => staffCasePage(app, request, reply, await loadCase(app.db, id), undefined, message, status);
    if (!parsed.success) return fail(zodMessage(parsed.error), 400);
    try {
      await performStep(app.db, request.currentUser!, id, parsed.data, request.ip);
      return redirect(reply, `/console/applications/${id}?done=${parsed.data.step}`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500 && e.statusCode !== 404) return fail(e.message, e.statusCode);
      if ((e as { statusCode?: number }).statusCode === 403) return fail((e as Error).message, 403);
      throw e;
    }
  });

  // ---- letter templates
  app.get('/console/:code/letter-templates', async (request, reply) => templatesPage(app, request, reply));
  app.post('/console/:code/letter-templates', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const kind = field(body, 'kind') ?? '';
    let override: unknown;
    try {
      override = JSON.parse(field(body, 'override') ?? '{}');
    } catch {
      return templatesPage(app, request, reply, kind, '模板应为 JSON 格式，例如 {"title": "……"}', 400, field(body, 'override'));
    }
    try {
      await saveAgencyLetterTemplate(app.db, byOf(request), code, kind, override);
    } catch (e) {
      if (e instanceof AppError && e.statusCode === 400) return templatesPage(app, request, reply, kind, e.message, 400, field(body, 'override'));
      throw e;
    }
    return redirect(reply, `/console/${code}/letter-templates?kind=${kind}&saved=1`);
  });

  // ---- appeals
  app.get('/console/:code/appeals', async (request, reply) => appealsPage(app, request, reply));
  app.post('/console/:code/appeals', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input: Record<string, unknown> = { agencyCode: code };
    for (const k of ['applicationNumber', 'number', 'kind', 'organ', 'filedDate', 'result', 'concludedDate', 'note']) if (field(body, k)) input[k] = field(body, k);
    input.coDefendant = field(body, 'coDefendant') === '1';
    const parsed = appealSchema.safeParse(input);
    if (!parsed.success) return appealsPage(app, request, reply, zodMessage(parsed.error), 400);
    try {
      await recordAppeal(app.db, request.currentUser!, parsed.data, request.ip);
    } catch (e) {
      if (e instanceof AppError) return appealsPage(app, request, reply, e.message, e.statusCode);
      throw e;
    }
    return redirect(reply, `/console/${code}/appeals?saved=1`);
  });
}


async function templatesPage(app: App, request: FastifyRequest, reply: FastifyReply, kindIn?: string, error?: string, status = 200, text?: string) {
  if (!requireSignedIn(request, reply)) return;
  const { code } = request.params as { code: string };
  const q = request.query as Record<string, string>;
  const kind = kindIn ?? q.kind ?? AGENCY_PROFILE_KIND;
  const { agency, override } = await agencyLetterTemplate(app.db, byOf(request), code, kind);
  const current = text ?? JSON.stringify(override ?? {}, null, 2);
  const kinds: Array<[string, string]> = [[AGENCY_PROFILE_KIND, '机关文书设置（机关代字、复议机关、法院）'], ...REPLY_LETTER_KINDS.map((k) => [k, LETTER_KIND_LABELS[k]] as [string, string])];
  return sendPage(request, reply, {
    title: '答复文书模板',
    status,
    notice: q.saved ? '模板已保存，之后生成的文书使用新模板' : undefined,
    breadcrumbs: [['工作台', '/console'], ['答复文书模板']],
    body: (csrf) => html`${CSS}<h1>答复文书模板 <span class="meta">${agency.name}</span></h1>
<p class="lead">只写需要改动的部分（JSON），其余沿用默认模板。标题、文号、申请人、申请事实、法律依据、处理决定、复议诉讼的权利和期限是答复书的必备要素，不能删除。</p>
<ul class="links">${kinds.map(([k, l]) => html`<li><a href="?kind=${k}"${k === kind ? ' aria-current="page"' : ''}>${l}</a></li>`)}</ul>
${error ? errorSummary({ _form: error }) : ''}
<form method="post" action="/console/${code}/letter-templates" class="form">${csrfField(csrf)}<input type="hidden" name="kind" value="${kind}">
<div class="field"><label for="f-override">${kinds.find(([k]) => k === kind)?.[1] ?? kind}</label><textarea id="f-override" name="override" rows="12" class="code">${current}</textarea></div>
<button type="submit" class="primary">保存</button></form>`,
  });
}

async function appealsPage(app: App, request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) {
  if (!requireSignedIn(request, reply)) return;
  const { code } = request.params as { code: string };
  const q = request.query as Record<string, string>;
  const rows = await listAppeals(app.db, request.currentUser!, code);
  return sendPage(request, reply, {
    title: '行政复议、行政诉讼案件',
    status,
    notice: q.saved ? '已登记' : undefined,
    breadcrumbs: [['工作台', '/console'], ['复议诉讼案件']],
    body: (csrf) => html`${CSS}<h1>行政复议、行政诉讼案件</h1>
<table class="list"><thead><tr><th>案号</th><th>类型</th><th>复议机关或法院</th><th>收案日期</th><th>结果</th><th>审结日期</th><th>共同被告</th></tr></thead><tbody>${rows.map(
      (r) => html`<tr><td>${r.number ?? '—'}</td><td>${APPEAL_KIND_LABELS[r.kind as keyof typeof APPEAL_KIND_LABELS]}</td><td>${r.organ ?? '—'}</td><td>${r.filedDate}</td><td>${APPEAL_RESULT_LABELS[r.result as keyof typeof APPEAL_RESULT_LABELS]}</td><td>${r.concludedDate ?? '—'}</td><td>${r.originalOrgan ? '否' : '是（复议机关作共同被告，不计入本机关）'}</td></tr>`,
    )}</tbody></table>
<h2>登记案件</h2>
${error ? errorSummary({ _form: error }) : ''}
<form method="post" action="/console/${code}/appeals" class="form">${csrfField(csrf)}
${selectField({ name: 'kind', label: '类型', required: true, options: APPEAL_KINDS.map((k) => ({ value: k, label: APPEAL_KIND_LABELS[k] })) })}
${textField({ name: 'applicationNumber', label: '关联的申请编号（较早的案件可不填）' })}
${textField({ name: 'number', label: '案号' })}
${textField({ name: 'organ', label: '复议机关或法院' })}
${textField({ name: 'filedDate', label: '申请复议或起诉日期', type: 'date', required: true })}
${selectField({ name: 'result', label: '结果', options: APPEAL_RESULTS.map((k) => ({ value: k, label: APPEAL_RESULT_LABELS[k] })) })}
${textField({ name: 'concludedDate', label: '审结日期', type: 'date' })}
<div class="field"><label><input type="checkbox" name="coDefendant" value="1"> 本机关仅作为复议机关被列为共同被告</label></div>
<button type="submit" class="primary">登记</button></form>`,
  });
}

