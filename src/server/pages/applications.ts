/**
 * Pages of 依申请公开 (server-rendered, no JavaScript needed):
 * - applicant: /apply (申请表 of 第二十九条 with attachments), /my/applications (我的申请),
 *   /my/applications/:id (status, due date and its explanation, letters, files; 撤回), the printable
 *   提交回执;
 * - staff: /console/:code/applications (inbox: filters, sorted by due date, 即将逾期/逾期 badges),
 *   /console/:code/applications/new (登记 letters, in-person, fax, e-mail), /console/applications/:id
 *   (the case: timeline, clock explanation, letters, files, duplicates, and a form for each step the
 *   user's role allows — and only those), /console/:code/letter-templates, /console/:code/appeals.
 * Forms post back to these pages; the use cases are those of the API (src/app/applications).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import { lettersOf } from '../../db/applications.ts';
import { handlersAt } from '../../app/staff.ts';
import { AppError } from '../../app/errors.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { csrfField, errorSummary, selectField, textField } from './forms.ts';
import { redirect, sendPage } from './render.ts';
import { CONSOLE_LINKS } from './console.ts';
import { submissionRateLimitConfig } from '../../app/applications/limits.ts';
import { assertCanView, isStaffViewer, loadCase, type LoadedCase } from '../../app/applications/case.ts';
import { duplicatesOf, registerByStaff, submitOnline, attachmentsOf } from '../../app/applications/intake.ts';
import { performStep } from '../../app/applications/steps.ts';
import { allowedSteps, visibleLetters } from '../../app/applications/present.ts';
import { agencyOptions, inbox, myApplications, type ListItem } from '../../app/applications/queries.ts';
import {
  appealSchema,
  DELIVERED_BY,
  DELIVERED_BY_LABELS,
  DELIVERY_METHODS,
  onlineApplicationSchema,
  PROVISION_FORMS,
  staffApplicationSchema,
  stepSchema,
} from '../../app/applications/schemas.ts';
import { listAppeals, recordAppeal } from '../../app/applications/appeals.ts';
import { saveTemplateOverride, templateBody, AGENCY_PROFILE_KIND } from '../../app/applications/letters.ts';
import { CASE_EVENT_LABELS, CASE_STEP_LABELS, type CaseStep } from '../../domain/applications/index.ts';
import {
  APPEAL_KIND_LABELS,
  APPEAL_KINDS,
  APPEAL_RESULT_LABELS,
  APPEAL_RESULTS,
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  CHANNEL_LABELS,
  CHANNELS,
  OUTCOME_GROUPS,
  OUTCOME_LEAVES,
  type Channel,
} from '../../domain/taxonomy/index.ts';
import { LETTER_KIND_LABELS, REPLY_LETTER_KINDS, type ReplyLetterKind } from '../../domain/letters/index.ts';
import { CLOCK_STATE_LABELS } from '../../domain/clock/index.ts';
import { maskIdNumber, maskPhone } from '../../domain/identity/index.ts';
import { listAgencies, pathOf } from '../../app/agencies.ts';
import { can } from '../../app/policies.ts';
import { keepsPublicPages } from './page-cache.ts';

CONSOLE_LINKS.push(
  { label: '依申请公开办理', href: (code) => `/console/${code}/applications`, action: 'application.view' },
  { label: '登记申请', href: (code) => `/console/${code}/applications/new`, action: 'application.register' },
  { label: '复议诉讼案件', href: (code) => `/console/${code}/appeals`, action: 'appeal.view' },
  { label: '答复文书模板', href: (code) => `/console/${code}/letter-templates`, action: 'application.approve' },
);

const CSS = html`<link rel="stylesheet" href="/static/applications.css">`;

// ------------------------------------------------------------------ multipart forms

interface UploadedFile {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** Parses multipart/form-data with the platform's FormData (fields as strings, files as base64), before CSRF is checked. */
export async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, string | UploadedFile>> {
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const out: Record<string, string | UploadedFile> = {};
  const entries: Array<[string, string | File]> = [];
  form.forEach((v, k) => entries.push([k, v as string | File]));
  for (const [k, v] of entries) {
    if (typeof v === 'string') out[k] = v;
    else if (v.size > 0) out[k] = { filename: v.name, contentType: v.type || 'application/octet-stream', contentBase64: Buffer.from(await v.arrayBuffer()).toString('base64') };
  }
  return out;
}

function field(body: unknown, k: string): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[k];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => i.message).join('；');
}

function requireSignedIn(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.currentUser) return true;
  redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
  return false;
}

// ------------------------------------------------------------------ shared pieces

function badge(i: { badge: ListItem['badge'] }): SafeHtml {
  if (i.badge === 'overdue') return html`<span class="badge overdue">逾期</span>`;
  if (i.badge === 'due_soon') return html`<span class="badge due-soon">即将逾期</span>`;
  if (i.badge === 'calendar_pending') return html`<span class="badge calendar-pending" title="答复期限跨入尚未录入节假日安排的年份">期限待定</span>`;
  return html``;
}

/** The due date of a list row: the date, 「待2027年节假日安排录入后确定」, or the decision date. */
function dueText(view: LoadedCase['view']): string {
  const k = view.clock;
  if (k?.dueDate) return k.dueDate;
  if (view.pending?.fields.includes('dueDate')) return view.pending.reason;
  return k?.decision ? `已于${k.decision.date}答复` : '—';
}

function lettersList(c: LoadedCase, rows: Awaited<ReturnType<typeof lettersOf>>, staff: boolean): SafeHtml {
  const list = visibleLetters(rows, staff);
  if (!list.length) return html`<p class="meta">暂无文书。</p>`;
  return html`<ul class="letters">${list.map(
    (l) => html`<li><span class="letter-name">${LETTER_KIND_LABELS[l.kind as ReplyLetterKind] ?? l.kind}</span> <span class="meta">${l.number} · ${l.letterDate}</span>
      <a href="/api/applications/${c.app.id}/letters/${l.id}.html" target="_blank">查看</a>
      <a href="/api/applications/${c.app.id}/letters/${l.id}.docx">Word</a>
      <a href="/api/applications/${c.app.id}/letters/${l.id}.pdf">PDF</a></li>`,
  )}</ul>`;
}

function dueBlock(c: LoadedCase): SafeHtml {
  const k = c.view.clock;
  if (!k) return html`<p class="error-text">${c.view.clockError ?? '无法计算答复期限'}</p>`;
  const left =
    k.workingDaysLeft === null ? '' : k.overdue ? `已逾期${-k.workingDaysLeft}个工作日` : `还剩${k.workingDaysLeft}个工作日`;
  return html`<dl class="facts">
  <dt>状态</dt><dd><strong class="status">${c.view.statusLabel}</strong> ${k.overdue ? html`<span class="badge overdue">逾期</span>` : k.dueSoon ? html`<span class="badge due-soon">即将逾期</span>` : ''}</dd>
  <dt>提交日期</dt><dd>${k.submittedDate ?? '—'}</dd>
  <dt>收到申请之日</dt><dd>${k.receiptDate ?? '待确认'}</dd>
  <dt>答复期限</dt><dd>${k.dueDate ? html`<strong>${k.dueDate}</strong>${k.dueDateProvisional ? '（暂定）' : ''} ${left}` : c.view.pending?.fields.includes('dueDate') ? html`<span class="badge calendar-pending">期限待定</span> <strong class="pending-due">${c.view.pending.reason}</strong><br><span class="meta">${c.view.pending.detail}</span>` : k.decision ? `已于${k.decision.date}答复` : '—'}</dd>
</dl>
<details class="explain"${k.decision ? '' : ' open'}><summary>期限是怎样计算的</summary><ol>${(k.explanation?.lines ?? []).map((l) => html`<li>${l}</li>`)}</ol></details>`;
}

function timeline(c: LoadedCase, staff: boolean): SafeHtml {
  return html`<ol class="timeline">${c.recorded
    .filter((r) => staff || r.event.type !== 'note')
    .map((r) => {
      const e = r.event as unknown as Record<string, unknown>;
      const extra =
        r.event.type === 'decided' || r.event.type === 'decision_proposed'
          ? OUTCOME_LEAVES.find((l) => l.code === e.outcome)?.label
          : r.event.type === 'consultation_sent'
            ? String(e.consultee ?? '')
            : r.event.type === 'extension_requested' || r.event.type === 'extension_approved'
              ? `${e.workingDays}个工作日`
              : r.event.type === 'letter_issued'
                ? `${LETTER_KIND_LABELS[e.kind as ReplyLetterKind] ?? ''} ${String(e.number)}`
                : r.event.type === 'delivered' && e.method
                  ? DELIVERED_BY_LABELS[e.method as (typeof DELIVERED_BY)[number]]
                  : r.event.type === 'split'
                    ? (e.into as string[]).join('、')
                    : '';
      return html`<li><time>${r.event.date}</time> <span class="ev">${CASE_EVENT_LABELS[r.event.type] ?? r.event.type}</span>${extra ? html` <span class="meta">${extra}</span>` : ''}${staff && r.actorName ? html` <span class="by">· ${r.actorName}</span>` : ''}</li>`;
    })}</ol>`;
}

// ------------------------------------------------------------------ applicant pages

function applyForm(request: FastifyRequest, reply: FastifyReply, agencies: Array<{ code: string; name: string }>, input: Record<string, string>, error?: string, status = 200) {
  return sendPage(request, reply, {
    title: '提交政府信息公开申请',
    status,
    breadcrumbs: [['首页', '/'], ['我的申请', '/my/applications'], ['提交申请']],
    body: (csrf) => html`${CSS}<h1>提交政府信息公开申请</h1>
<p class="lead">依据《中华人民共和国政府信息公开条例》第二十九条填写。网上提交的申请，以双方确认之日为收到申请之日（第三十一条第三项），确认前显示“待确认”。</p>
${error ? errorSummary({ _form: error }) : ''}
<form method="post" action="/apply" enctype="multipart/form-data" class="form">
${csrfField(csrf)}
<fieldset><legend>受理机关</legend>
${selectField({ name: 'agencyCode', label: '向哪个机关申请', value: input.agencyCode, required: true, options: agencies.map((a) => ({ value: a.code, label: a.name })) })}
</fieldset>
<fieldset><legend>所需政府信息</legend>
${textField({ name: 'subject', label: '政府信息的名称', value: input.subject, required: true, maxlength: 500, hint: '例如：通化市政务服务大厦物业服务合同' })}
${textField({ name: 'documentNumber', label: '文号（如知道）', value: input.documentNumber, maxlength: 100 })}
<div class="field"><label for="f-description">便于查询的其他特征性描述</label><textarea id="f-description" name="description" rows="3" maxlength="2000">${input.description ?? ''}</textarea></div>
</fieldset>
<fieldset><legend>提供形式和获取方式</legend>
${selectField({ name: 'provisionForm', label: '信息的提供形式', value: input.provisionForm ?? '电子数据', required: true, options: PROVISION_FORMS.map((f) => ({ value: f, label: f })) })}
${selectField({ name: 'deliveryMethod', label: '获取信息的方式', value: input.deliveryMethod ?? '在线下载', required: true, options: DELIVERY_METHODS.map((f) => ({ value: f, label: f })) })}
</fieldset>
<fieldset><legend>附件</legend>
<div class="field"><label for="f-id_copy">身份证明复印件</label><input id="f-id_copy" name="id_copy" type="file"></div>
${textField({ name: 'agentName', label: '代理人姓名（委托他人代为申请时填写）', value: input.agentName, maxlength: 50 })}
<div class="field"><label for="f-authorization">授权委托书（代理人申请时必须上传）</label><input id="f-authorization" name="authorization" type="file"></div>
</fieldset>
<button type="submit" class="primary">提交申请</button>
</form>`,
  });
}

function myList(items: ListItem[]): SafeHtml {
  if (!items.length) return html`<p>您还没有提交过申请。<a href="/apply">提交政府信息公开申请</a></p>`;
  return html`<table class="list"><thead><tr><th>申请编号</th><th>受理机关</th><th>申请内容</th><th>状态</th><th>答复期限</th></tr></thead><tbody>${items.map(
    (i) => html`<tr><td><a href="/my/applications/${i.app.id}">${i.app.number}</a></td><td>${i.agencyName}</td><td>${i.app.subject}</td><td>${i.view.statusLabel}</td><td>${dueText(i.view)} ${badge(i)}</td></tr>`,
  )}</tbody></table>`;
}

async function applicantCasePage(app: App, request: FastifyRequest, reply: FastifyReply, c: LoadedCase, notice?: string, error?: string, status = 200) {
  const user = request.currentUser!;
  const letters = await lettersOf(app.db, c.app.id);
  const steps = allowedSteps(user, c);
  const files = c.view.decision ? c.view.files : [];
  return sendPage(request, reply, {
    title: `申请 ${c.app.number}`,
    status,
    notice,
    breadcrumbs: [['首页', '/'], ['我的申请', '/my/applications'], [c.app.number]],
    body: (csrf) => html`${CSS}<h1>申请 ${c.app.number}</h1>
${error ? errorSummary({ _form: error }) : ''}
<section class="card"><h2>申请内容</h2><dl class="facts">
<dt>受理机关</dt><dd>${c.agency.name}</dd>
<dt>申请人</dt><dd>${c.app.applicantName}</dd>
<dt>所需信息</dt><dd>${c.app.subject}${c.app.description ? html`<br><span class="meta">${c.app.description}</span>` : ''}</dd>
<dt>提供形式 / 获取方式</dt><dd>${c.app.provisionForm ?? '—'} / ${c.app.deliveryMethod ?? '—'}</dd>
</dl>
<p><a href="/my/applications/${c.app.id}/receipt" target="_blank">打印提交回执</a></p></section>
<section class="card"><h2>办理状态和答复期限</h2>${dueBlock(c)}</section>
<section class="card"><h2>文书</h2>${lettersList(c, letters, false)}</section>
<section class="card"><h2>公开的政府信息</h2>${files.length ? html`<ul>${files.map((f) => html`<li><a href="/api/applications/${c.app.id}/files/${f.attachmentId}">${f.filename}</a></li>`)}</ul>` : html`<p class="meta">暂无。</p>`}</section>
<section class="card"><h2>办理记录</h2>${timeline(c, false)}</section>
${steps.includes('withdraw') ? html`<form method="post" action="/my/applications/${c.app.id}/withdraw" class="form">${csrfField(csrf)}<button type="submit" class="secondary">撤回申请</button></form>` : ''}`,
  });
}

// ------------------------------------------------------------------ staff pages

const STATUS_FILTERS: Array<[string, string]> = [
  ['open', '办理中（全部未结）'],
  ...(Object.entries(CLOCK_STATE_LABELS) as Array<[string, string]>),
  ['closed', '已办结'],
];

async function stepForms(app: App, c: LoadedCase, steps: CaseStep[], csrf: string): Promise<SafeHtml> {
  const action = `/console/applications/${c.app.id}/step`;
  const today = c.today;
  const dateField = html`<div class="field"><label>日期<input type="date" name="date" value="${today}" max="${today}"></label></div>`;
  const form = (step: CaseStep, inner: SafeHtml | string, button = CASE_STEP_LABELS[step]) =>
    html`<form method="post" action="${action}" class="step-form" data-step="${step}">${csrfField(csrf)}<input type="hidden" name="step" value="${step}"><h3>${CASE_STEP_LABELS[step]}</h3>${inner}<button type="submit" class="primary">${button}</button></form>`;
  const out: SafeHtml[] = [];
  const openConsultations = c.view.clock?.consultations.filter((x) => x.answered === null) ?? [];
  for (const s of steps) {
    switch (s) {
      case 'confirm':
        out.push(form(s, html`<p class="hint">与申请人确认的日期即收到申请之日（第三十一条）。</p>${dateField}`));
        break;
      case 'assign': {
        // 由我承办, or another handler of the agency (who is then told: src/app/notifications/kinds/assigned.ts).
        const all = await handlersAt(app.db, c.app.agencyId);
        const handlers = all.filter((h) => h.id !== c.view.handlerUserId);
        out.push(form(s, all.length > 1 && handlers.length ? html`<div class="field"><label for="f-handler">承办人</label><select id="f-handler" name="handlerUserId"><option value="">我</option>${handlers.map((h) => html`<option value="${h.id}">${h.displayName}</option>`)}</select></div>` : html`<p class="hint">由我承办。</p>`, all.length > 1 && handlers.length ? '指定承办人' : '由我承办'));
        break;
      }
      case 'correction_request':
        out.push(form(s, html`${dateField}<div class="field"><label for="f-items">需要补正的事项（每行一项，一次性告知，第三十条）</label><textarea id="f-items" name="items" rows="3" required></textarea></div>
<div class="field"><label>补正期限（工作日）<input type="number" name="periodWorkingDays" value="15" min="1" max="15"></label></div>`, '发出补正告知书'));
        break;
      case 'correction_receive':
        out.push(form(s, dateField));
        break;
      case 'consultation_send':
        out.push(form(s, html`${dateField}<div class="field"><label for="f-party">征求谁的意见</label><select id="f-party" name="party"><option value="third_party">第三方（第三十二条）</option><option value="agency">共同制作的行政机关（第三十四条）</option></select></div>
<div class="field"><label for="f-consultee">被征求意见方名称</label><input id="f-consultee" name="consultee" required maxlength="100"></div>
<div class="field"><label for="f-creason">征求意见的原因（告知申请人）</label><input id="f-creason" name="reason" maxlength="500"></div>`, '发出征求意见书'));
        break;
      case 'consultation_answer':
        out.push(form(s, html`${dateField}<div class="field"><label for="f-consultee2">答复方</label><select id="f-consultee2" name="consultee">${openConsultations.map((x) => html`<option value="${x.ref ?? ''}">${x.ref ?? x.sent}</option>`)}</select></div>
<div class="field"><label for="f-opinion">意见</label><select id="f-opinion" name="opinion"><option value="agree">同意公开</option><option value="disagree">不同意公开</option><option value="other">其他</option></select></div>`));
        break;
      case 'fee_notice':
        out.push(form(s, html`${dateField}<div class="field"><label>收费数额（元）<input type="number" name="amountYuan" min="1" step="1" required></label></div>
<div class="field"><label for="f-method">计收方式</label><select id="f-method" name="method"><option value="pieces">按件计收</option><option value="pages">按量计收</option></select></div>
<div class="field"><label for="f-standard">收费标准</label><input id="f-standard" name="standard" required maxlength="500"></div>
<div class="field"><label for="f-payment">缴纳方式</label><input id="f-payment" name="payment" required maxlength="500"></div>`, '发出收费通知书'));
        break;
      case 'fee_paid':
        out.push(form(s, dateField));
        break;
      case 'extension_request':
        out.push(form(s, html`${dateField}<div class="field"><label>延长（工作日，最多20）<input type="number" name="workingDays" value="20" min="1" max="20"></label></div>
<div class="field"><label for="f-ereason">延期理由</label><input id="f-ereason" name="reason" required maxlength="500"></div>`, '提交负责人审批'));
        break;
      case 'extension_decide': {
        const p = c.view.pendingExtension!;
        out.push(form(s, html`<p>承办人申请延长${p.workingDays}个工作日：${p.reason}</p>${dateField}<div class="field"><label for="f-approve">审批意见</label><select id="f-approve" name="approve"><option value="true">同意延期</option><option value="false">不同意</option></select></div>`, '提交审批意见'));
        break;
      }
      case 'decision_propose':
        out.push(form(s, html`${dateField}<div class="field"><label for="f-outcome">办理结果（年度报告表二的一种）</label><select id="f-outcome" name="outcome" required><option value="">请选择</option>${(Object.keys(OUTCOME_GROUPS) as Array<keyof typeof OUTCOME_GROUPS>).map(
          (g) => html`<optgroup label="${OUTCOME_GROUPS[g].numeral}${g === 'partial' ? '部分公开' : OUTCOME_GROUPS[g].label}">${OUTCOME_LEAVES.filter((l) => l.group === g).map((l) => html`<option value="${l.code}">${l.label}（${l.articles.join('、') || '无条文'}）</option>`)}</optgroup>`,
        )}</select></div>
<div class="field"><label for="f-reasonDetail">理由（具体情况）</label><textarea id="f-reasonDetail" name="reasonDetail" rows="2"></textarea></div>
<div class="field"><label for="f-access">获取方式、途径</label><input id="f-access" name="access" maxlength="500"></div>
<fieldset><legend>部分公开（第三十七条）</legend>
<div class="field"><label for="f-disclosedPart">提供的内容</label><input id="f-disclosedPart" name="disclosedPart" maxlength="2000"></div>
<div class="field"><label for="f-withheldContent">不予公开的内容</label><input id="f-withheldContent" name="withheldContent" maxlength="500"></div>
<div class="field"><label for="f-withheldGround">不予公开的理由类别</label><select id="f-withheldGround" name="withheldGround">${OUTCOME_LEAVES.filter((l) => l.group === 'withheld').map((l) => html`<option value="${l.code}">${l.label}</option>`)}<option value="not_government_info">不属于政府信息</option></select></div>
<div class="field"><label for="f-withheldReason">不予公开的具体理由</label><input id="f-withheldReason" name="withheldReason" maxlength="1000"></div>
</fieldset>
<fieldset><legend>其他情形需要的内容</legend>
<div class="field"><label for="f-prohibitingLaw">禁止公开的法律、行政法规</label><input id="f-prohibitingLaw" name="prohibitingLaw" maxlength="200"></div>
<div class="field"><label for="f-specialLaw">对获取信息有特别规定的法律、行政法规</label><input id="f-specialLaw" name="specialLaw" maxlength="200"></div>
<div class="field"><label for="f-otherReason">其他处理：理由</label><input id="f-otherReason" name="otherReason" maxlength="1000"></div>
<div class="field"><label for="f-otherDecision">其他处理：处理决定</label><input id="f-otherDecision" name="otherDecision" maxlength="500"></div>
</fieldset>`, '提交审核人审批'));
        break;
      case 'decision_review': {
        const p = c.view.pendingDecision!;
        const leaf = OUTCOME_LEAVES.find((l) => l.code === p.outcome)!;
        out.push(form(s, html`<p>拟办结果：<strong>${leaf.label}</strong>（依据：${leaf.articles.join('、') || '—'}）</p>
${p.details.disclosedPart ? html`<p>提供：${p.details.disclosedPart}</p>` : ''}
${(p.details.withheldParts ?? []).map((w) => html`<p>不予公开：${w.content}——${w.reason}</p>`)}
${dateField}<div class="field"><label for="f-approve2">审批意见</label><select id="f-approve2" name="approve"><option value="true">同意，生成答复书</option><option value="false">退回重拟</option></select></div>
<div class="field"><label for="f-rreason">退回理由</label><input id="f-rreason" name="reason" maxlength="500"></div>`, '提交审批意见'));
        break;
      }
      case 'deliver':
        out.push(form(s, html`${dateField}<div class="field"><label for="f-dmethod">送达方式</label><select id="f-dmethod" name="method">${DELIVERED_BY.map((m) => html`<option value="${m}">${DELIVERED_BY_LABELS[m]}</option>`)}</select></div>`, '登记送达'));
        break;
      case 'withdraw':
        out.push(form(s, html`<p class="hint">申请人以书面或其他方式撤回申请的，在此登记。</p>${dateField}`));
        break;
      case 'split':
        out.push(form(s, html`<div class="field"><label for="f-parts">拆分后的各项申请内容（每行一项，至少两项）</label><textarea id="f-parts" name="parts" rows="3"></textarea></div>`, '拆分为多件申请'));
        break;
      case 'disclose_file':
        out.push(html`<form method="post" action="${action}" class="step-form" enctype="multipart/form-data" data-step="disclose_file">${csrfField(csrf)}<input type="hidden" name="step" value="disclose_file"><h3>${CASE_STEP_LABELS[s]}</h3><div class="field"><label for="f-file">文件</label><input id="f-file" name="file" type="file" required></div><button type="submit" class="primary">上传</button></form>`);
        break;
    }
  }
  return html`${out}`;
}

async function staffCasePage(app: App, request: FastifyRequest, reply: FastifyReply, c: LoadedCase, notice?: string, error?: string, status = 200) {
  const user = request.currentUser!;
  const [letters, dups, files] = await Promise.all([lettersOf(app.db, c.app.id), duplicatesOf(app.db, c.app), attachmentsOf(app.db, c.app.id)]);
  const steps = allowedSteps(user, c);
  const a = c.app;
  const csrfBody = async (csrf: string) => stepForms(app, c, steps, csrf);
  const token = reply.generateCsrf();
  const forms = await csrfBody(token);
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
<section class="card"><h2>文件</h2>${files.length ? html`<ul>${files.map((f) => html`<li><a href="/api/applications/${a.id}/files/${f.id}">${f.filename}</a> <span class="meta">${f.ownerKind === 'application_disclosed' ? '公开的政府信息' : f.ownerKind.endsWith('authorization') ? '授权委托书' : f.ownerKind.endsWith('id_copy') ? '身份证明' : '申请人附件'}</span></li>`)}</ul>` : html`<p class="meta">暂无文件。</p>`}<p><a href="/console/applications/${a.id}/redaction">区分处理（部分公开，第三十七条）</a></p></section>
<section class="card"><h2>办理记录</h2>${timeline(c, true)}</section>
</div>
<aside class="case-actions" aria-label="可执行的操作"><h2>办理</h2>${steps.length ? forms : html`<p class="meta">当前没有您可以执行的操作。</p>`}</aside>
</div>`,
    ...({} as object),
  });
}

/** Form fields of a step → the step's input (then validated by stepSchema). */
function stepInputFromForm(body: Record<string, unknown>): unknown {
  const f = (k: string) => field(body, k);
  const step = f('step');
  const base: Record<string, unknown> = { step, ...(f('date') ? { date: f('date') } : {}) };
  const num = (k: string) => (f(k) !== undefined ? Number(f(k)) : undefined);
  const lines = (k: string) => (f(k) ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  switch (step) {
    case 'correction_request':
      return { ...base, items: lines('items'), periodWorkingDays: num('periodWorkingDays') };
    case 'consultation_send':
      return { ...base, party: f('party'), consultee: f('consultee'), reason: f('reason') };
    case 'consultation_answer':
      return { ...base, consultee: f('consultee'), opinion: f('opinion') };
    case 'fee_notice':
      return { ...base, amountYuan: num('amountYuan'), method: f('method'), standard: f('standard'), payment: f('payment') };
    case 'extension_request':
      return { ...base, workingDays: num('workingDays'), reason: f('reason') };
    case 'extension_decide':
    case 'decision_review':
      return { ...base, approve: f('approve') === 'true', reason: f('reason') };
    case 'decision_propose': {
      const details: Record<string, unknown> = {};
      for (const k of ['reasonDetail', 'access', 'disclosedPart', 'prohibitingLaw', 'specialLaw', 'otherReason', 'otherDecision']) if (f(k)) details[k] = f(k);
      if (f('withheldContent')) details.withheldParts = [{ content: f('withheldContent'), ground: f('withheldGround'), reason: f('withheldReason') ?? '' }];
      return { ...base, outcome: f('outcome'), details };
    }
    case 'assign':
      return { ...base, ...(f('handlerUserId') ? { handlerUserId: num('handlerUserId') } : {}) };
    case 'deliver':
      return { ...base, method: f('method') };
    case 'split':
      return { ...base, parts: lines('parts').map((subject) => ({ subject })) };
    case 'disclose_file':
      return { ...base, file: body.file };
    default:
      return base;
  }
}

// ------------------------------------------------------------------ routes

export async function routes(app: App) {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 12 * 1024 * 1024 }, async (request: FastifyRequest, body: Buffer) =>
    parseMultipart(String(request.headers['content-type']), body),
  );

  // ---- applicant
  app.get('/apply', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    if (request.currentUser!.kind !== 'applicant') throw new AppError(403, 'forbidden', '在线申请仅供申请人账号使用；工作人员请在工作台“登记申请”中录入');
    const q = request.query as Record<string, string>;
    return applyForm(request, reply, await agencyOptions(app.db), { agencyCode: q.agency ?? '220500-zsj' });
  });

  app.post('/apply', { config: keepsPublicPages(submissionRateLimitConfig()) }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input: Record<string, string> = {};
    for (const k of ['agencyCode', 'subject', 'documentNumber', 'description', 'provisionForm', 'deliveryMethod', 'agentName']) {
      const v = field(body, k);
      if (v) input[k] = v;
    }
    const attachments = (['id_copy', 'authorization'] as const)
      .filter((k) => body[k] && typeof body[k] === 'object')
      .map((k) => ({ ...(body[k] as UploadedFile), purpose: k }));
    const parsed = onlineApplicationSchema.safeParse({ ...input, attachments });
    const agencies = await agencyOptions(app.db);
    if (!parsed.success) return applyForm(request, reply, agencies, input, zodMessage(parsed.error), 400);
    try {
      const row = await submitOnline(app.db, request.currentUser!, parsed.data);
      return redirect(reply, `/my/applications/${row.id}?submitted=1`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500) return applyForm(request, reply, agencies, input, e.message, e.statusCode);
      throw e;
    }
  });

  app.get('/my/applications', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const items = await myApplications(app.db, request.currentUser!);
    return sendPage(request, reply, {
      title: '我的申请',
      breadcrumbs: [['首页', '/'], ['我的申请']],
      body: html`${CSS}<h1>我的申请</h1><p><a class="button" href="/apply">提交新的申请</a></p>${myList(items)}`,
    });
  });

  app.get('/my/applications/:id', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) throw new AppError(404, 'not_found', '找不到该申请');
    const c = await loadCase(app.db, id);
    assertCanView(request.currentUser, c);
    if (c.app.applicantUserId !== request.currentUser!.userId) return redirect(reply, `/console/applications/${id}`);
    const q = request.query as Record<string, string>;
    return applicantCasePage(app, request, reply, c, q.submitted ? `申请已提交，申请编号 ${c.app.number}。待受理机关确认后开始计算答复期限。` : q.done ? '已撤回申请' : undefined);
  });

  app.get('/my/applications/:id/receipt', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const c = await loadCase(app.db, Number((request.params as { id: string }).id), false);
    assertCanView(request.currentUser, c);
    const k = c.view.clock;
    return sendPage(request, reply, {
      title: `提交回执 ${c.app.number}`,
      body: html`${CSS}<article class="receipt"><h1>政府信息公开申请提交回执</h1>
<dl class="facts"><dt>申请编号</dt><dd>${c.app.number}</dd><dt>受理机关</dt><dd>${c.agency.name}</dd><dt>申请人</dt><dd>${c.app.applicantName}</dd>
<dt>所需信息</dt><dd>${c.app.subject}</dd><dt>提交日期</dt><dd>${k?.submittedDate ?? ''}</dd><dt>提交方式</dt><dd>${CHANNEL_LABELS[c.app.channel as Channel]}</dd>
<dt>状态</dt><dd>${c.view.statusLabel}</dd><dt>收到申请之日</dt><dd>${k?.receiptDate ?? '待受理机关确认（第三十一条第三项：以双方确认之日为收到申请之日）'}</dd>
${k?.dueDate ? html`<dt>答复期限</dt><dd>${k.dueDate}</dd>` : c.view.pending?.fields.includes('dueDate') ? html`<dt>答复期限</dt><dd>${c.view.pending.reason}</dd>` : ''}</dl>
<p class="meta">可凭申请编号在“我的申请”中查询办理进度。</p></article>`,
    });
  });

  app.post('/my/applications/:id/withdraw', { config: keepsPublicPages() }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    try {
      await performStep(app.db, request.currentUser!, id, { step: 'withdraw' }, request.ip);
      return redirect(reply, `/my/applications/${id}?done=1`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500 && e.statusCode !== 404) {
        const c = await loadCase(app.db, id);
        return applicantCasePage(app, request, reply, c, undefined, e.message, e.statusCode);
      }
      throw e;
    }
  });

  // ---- staff
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
<p class="meta">共 ${items.length} 件，按答复期限排序。“即将逾期”指剩余不超过3个工作日。</p>
<table class="list inbox"><thead><tr><th>申请编号</th>${filters.below ? html`<th>机关</th>` : ''}<th>申请人</th><th>申请内容</th><th>渠道</th><th>状态</th><th>承办人</th><th>答复期限</th></tr></thead>
<tbody>${items.map(
        (i) => html`<tr class="${i.badge ?? ''}"><td><a href="/console/applications/${i.app.id}">${i.app.number}</a></td>${filters.below ? html`<td>${i.agencyName}</td>` : ''}<td>${i.app.applicantName}</td><td class="subject">${i.app.subject}</td><td>${CHANNEL_LABELS[i.app.channel as Channel]}</td><td>${i.view.statusLabel}</td><td>${i.view.handlerName ?? '—'}</td><td class="due">${i.view.clock?.dueDate ?? (i.view.pending?.fields.includes('dueDate') ? i.view.pending.reason : '—')} ${badge(i)}</td></tr>`,
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
    return staffForm(request, reply, code, { submittedDate: loadToday() });
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
    return staffCasePage(app, request, reply, c, q.registered ? `已登记，申请编号 ${c.app.number}` : q.done ? `已完成：${q.done}` : undefined);
  });

  app.post('/console/applications/:id/step', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = stepSchema.safeParse(stepInputFromForm(body));
    const fail = async (message: string, status: number) => staffCasePage(app, request, reply, await loadCase(app.db, id), undefined, message, status);
    if (!parsed.success) return fail(zodMessage(parsed.error), 400);
    try {
      await performStep(app.db, request.currentUser!, id, parsed.data, request.ip);
      return redirect(reply, `/console/applications/${id}?done=${encodeURIComponent(CASE_STEP_LABELS[parsed.data.step as CaseStep])}`);
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
    const all = await listAgencies(app.db);
    const agency = all.find((a) => a.code === code);
    if (!agency) throw new AppError(404, 'not_found', `找不到机关「${code}」`);
    if (!can(request.currentUser, 'application.approve', { agencyPath: pathOf(all, agency.id) })) throw new AppError(403, 'forbidden', '只有审核人（负责人）可以修改答复文书模板');
    let override: unknown;
    try {
      override = JSON.parse(field(body, 'override') ?? '{}');
    } catch {
      return templatesPage(app, request, reply, kind, '模板应为 JSON 格式，例如 {"title": "……"}', 400, field(body, 'override'));
    }
    try {
      await saveTemplateOverride(app.db, agency.id, kind, override, request.currentUser!.userId);
    } catch (e) {
      if (e instanceof AppError) return templatesPage(app, request, reply, kind, e.message, 400, field(body, 'override'));
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

function loadToday(): string {
  return process.env.GONGKAI_TODAY || new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

async function templatesPage(app: App, request: FastifyRequest, reply: FastifyReply, kindIn?: string, error?: string, status = 200, text?: string) {
  if (!requireSignedIn(request, reply)) return;
  const { code } = request.params as { code: string };
  const q = request.query as Record<string, string>;
  const all = await listAgencies(app.db);
  const agency = all.find((a) => a.code === code);
  if (!agency) throw new AppError(404, 'not_found', `找不到机关「${code}」`);
  if (!can(request.currentUser, 'application.approve', { agencyPath: pathOf(all, agency.id) })) throw new AppError(403, 'forbidden', '只有审核人（负责人）可以修改答复文书模板');
  const kind = kindIn ?? q.kind ?? AGENCY_PROFILE_KIND;
  const current = text ?? JSON.stringify((await templateBody(app.db, agency.id, kind)) ?? {}, null, 2);
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

export { raw };
