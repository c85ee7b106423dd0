/**
 * 我的申请 — one application, as its applicant sees it (/my/applications/:id): everything through the
 * applicant's projection (src/app/applications/applicant.ts): status and due date, what the
 * applicant has to do now (the 补正 while its period runs, the fee and its payment period), the
 * letters with their 送达, the files disclosed, the 办理记录 without anything internal.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { lettersOf } from '../../db/applications.ts';
import { applicantCase, type ApplicantCase } from '../../app/applications/applicant.ts';
import type { LoadedCase } from '../../app/applications/case.ts';
import { attachmentsOf } from '../../app/applications/intake.ts';
import { allowedSteps } from '../../app/applications/present.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, errorSummary } from './forms.ts';
import { sendPage } from './render.ts';
import { applicantLetters, applicantTimeline, CSS, dueBlock } from './application-parts.ts';

function correctionSection(a: ApplicantCase, canSend: boolean, csrf: string, text?: string): SafeHtml {
  const k = a.correction;
  if (!k) return html``;
  const period = k.periodWorkingDays ? `自收到补正告知书之日起${k.periodWorkingDays}个工作日` : '补正告知书所定的期限';
  return html`<section class="card correction" id="correction"><h2>需要您补正</h2>
<p>受理机关于${k.requested}告知补正（《政府信息公开条例》第三十条）。补正告知书${k.served ? html`已于<strong>${k.served}</strong>送达` : html`<strong>待送达</strong>`}。</p>
${k.items.length ? html`<p>需要补正的事项：</p><ol class="items">${k.items.map((i) => html`<li>${i}</li>`)}</ol>` : ''}
<dl class="facts"><dt>补正期限</dt><dd>${k.deadline ? html`<strong>${k.deadline}</strong>（${period}）` : html`${period}（自送达之日起算）`}</dd></dl>
<p class="meta">答复期限自受理机关收到补正后的申请之日起重新计算（第三十条）；在本页提交的补正，以平台收到之日为收到补正之日。无正当理由逾期不补正的，视为放弃申请。</p>
${
  canSend
    ? html`<form method="post" action="/my/applications/${a.loaded.app.id}/correction" enctype="multipart/form-data" class="form" data-form="correction">${csrfField(csrf)}
<div class="field"><label for="f-correction-text">补正内容</label><textarea id="f-correction-text" name="text" rows="5" maxlength="5000">${text ?? ''}</textarea></div>
<div class="field"><label for="f-correction-files">补正材料（可选，最多10个文件，每个不超过10MB）</label><input id="f-correction-files" name="files" type="file" multiple></div>
<button type="submit" class="primary">提交补正</button></form>`
    : html`<p class="error-text">${k.window.open ? '' : k.window.message}</p>`
}</section>`;
}

function feeSection(a: ApplicantCase): SafeHtml {
  const f = a.fee;
  if (!f) return html``;
  return html`<section class="card fee" id="fee"><h2>信息处理费</h2>
<dl class="facts"><dt>收费数额</dt><dd><strong>${f.amount !== null ? `${f.amount}元` : '见收费通知书'}</strong></dd>
<dt>收费通知书</dt><dd>${f.sent}发出，${f.served ? `${f.served}送达` : '待送达'}</dd>
<dt>缴费期限</dt><dd>${f.payBy ? html`<strong>${f.payBy}</strong>（自收到收费通知次日起20个工作日）` : '自收到收费通知次日起20个工作日（送达后确定日期）'}</dd>
${f.payment ? html`<dt>缴纳方式</dt><dd>${f.payment}</dd>` : ''}</dl>
<p class="meta">本平台暂不支持在线缴费，请按收费通知书载明的方式缴纳，缴费后由受理机关登记。逾期未缴纳的，视为放弃申请（国办函〔2020〕109号）。</p></section>`;
}

function ownFiles(a: ApplicantCase, files: ReadonlyArray<{ id: number; filename: string }>): SafeHtml {
  if (!a.correctionsSent.length) return html``;
  const name = (id: number) => files.find((f) => f.id === id)?.filename ?? `附件${id}`;
  return html`<section class="card"><h2>您提交的补正</h2><ul>${a.correctionsSent.map(
    (s) => html`<li>${s.date} 在线提交${s.attachmentIds.length ? html`：${s.attachmentIds.map((id) => html` <a href="/api/applications/${a.loaded.app.id}/files/${id}">${name(id)}</a>`)}` : ''}</li>`,
  )}</ul></section>`;
}

/**
 * The page's body, from the applicant's projection only (pure: the property test renders it with
 * generated histories). `steps`: the steps offered to the applicant now; `files`: the case's
 * attachments (for the names of the applicant's own 补正 files).
 */
export function applicantCaseBody(
  a: ApplicantCase,
  o: { steps: readonly string[]; csrf: string; files: ReadonlyArray<{ id: number; filename: string }>; error?: string; text?: string },
): SafeHtml {
  const c = a.loaded;
  const disclosed = a.view.decision ? a.view.files : [];
  return html`${CSS}<h1>申请 ${c.app.number}</h1>
${o.error ? errorSummary({ _form: o.error }) : ''}
${correctionSection(a, o.steps.includes('correction_receive'), o.csrf, o.text)}
${feeSection(a)}
<section class="card"><h2>申请内容</h2><dl class="facts">
<dt>受理机关</dt><dd>${c.agency.name}</dd>
<dt>申请人</dt><dd>${c.app.applicantName}</dd>
<dt>所需信息</dt><dd>${c.app.subject}${c.app.description ? html`<br><span class="meta">${c.app.description}</span>` : ''}</dd>
<dt>提供形式 / 获取方式</dt><dd>${c.app.provisionForm ?? '—'} / ${c.app.deliveryMethod ?? '—'}</dd>
</dl>
<p><a href="/my/applications/${c.app.id}/receipt" target="_blank">打印提交回执</a></p></section>
<section class="card"><h2>办理状态和答复期限</h2>${dueBlock(c)}</section>
<section class="card"><h2>文书</h2>${applicantLetters(a)}</section>
${ownFiles(a, o.files)}
<section class="card"><h2>公开的政府信息</h2>${disclosed.length ? html`<ul>${disclosed.map((f) => html`<li><a href="/api/applications/${c.app.id}/files/${f.attachmentId}">${f.filename}</a></li>`)}</ul>` : html`<p class="meta">暂无。</p>`}</section>
<section class="card"><h2>办理记录</h2>${applicantTimeline(a)}</section>
${o.steps.includes('withdraw') ? html`<form method="post" action="/my/applications/${c.app.id}/withdraw" class="form">${csrfField(o.csrf)}<button type="submit" class="secondary">撤回申请</button></form>` : ''}`;
}

export async function applicantCasePage(
  app: App,
  request: FastifyRequest,
  reply: FastifyReply,
  c: LoadedCase,
  opts: { notice?: string; error?: string; status?: number; text?: string } = {},
) {
  const user = request.currentUser!;
  const a = applicantCase(c, await lettersOf(app.db, c.app.id));
  // The steps are asked of the case as it is (allowedSteps: the policy, the case's state, the step's own offer).
  const steps = allowedSteps(user, c);
  const files = a.correctionsSent.length ? await attachmentsOf(app.db, c.app.id) : [];
  return sendPage(request, reply, {
    title: `申请 ${c.app.number}`,
    status: opts.status ?? 200,
    notice: opts.notice,
    breadcrumbs: [['首页', '/'], ['我的申请', '/my/applications'], [c.app.number]],
    body: (csrf) => applicantCaseBody(a, { steps, csrf, files, error: opts.error, text: opts.text }),
  });
}
