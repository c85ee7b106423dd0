/**
 * Pieces shared by the applicant's and the staff's application pages (src/server/pages/applications.ts,
 * applications-console.ts): multipart forms, the due date block, letters, badges, the timeline.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { LoadedCase } from '../../app/applications/case.ts';
import type { ListItem } from '../../app/applications/queries.ts';
import { timelineOf } from '../../app/applications/timeline.ts';
import { visibleLetters } from '../../app/applications/present.ts';
import type { ApplicantCase } from '../../app/applications/applicant.ts';
import { APPLICANT_LETTER_KINDS, letterServiceOf, letterServiceText } from '../../domain/applications/index.ts';
import type { lettersOf } from '../../db/applications.ts';
import { LETTER_KIND_LABELS, type ReplyLetterKind } from '../../domain/letters/index.ts';
import { html, type SafeHtml } from './html.ts';
import { redirect } from './render.ts';
import { formText } from './step-forms.ts';

export const CSS = html`<link rel="stylesheet" href="/static/applications.css">`;

// ------------------------------------------------------------------ multipart forms

export interface UploadedFile {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/**
 * Parses multipart/form-data with the platform's FormData (fields as strings, files as base64), before
 * CSRF is checked. A field that repeats (`<input type="file" multiple>`) gives the list of its files.
 */
export async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, string | UploadedFile | UploadedFile[]>> {
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const out: Record<string, string | UploadedFile | UploadedFile[]> = {};
  const entries: Array<[string, string | File]> = [];
  form.forEach((v, k) => entries.push([k, v as string | File]));
  for (const [k, v] of entries) {
    if (typeof v === 'string') out[k] = v;
    else if (v.size > 0) {
      const file: UploadedFile = { filename: v.name, contentType: v.type || 'application/octet-stream', contentBase64: Buffer.from(await v.arrayBuffer()).toString('base64') };
      const had = out[k];
      out[k] = had === undefined || typeof had === 'string' ? file : [...(Array.isArray(had) ? had : [had]), file];
    }
  }
  return out;
}

/** The files posted under `name` (none, one, or several), as a list. */
export function postedFiles(body: Record<string, unknown>, name: string): UploadedFile[] {
  const v = body[name];
  if (Array.isArray(v)) return v as UploadedFile[];
  return v && typeof v === 'object' ? [v as UploadedFile] : [];
}

/** A posted text field, trimmed; absent when blank. */
export const field = formText;

export function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => i.message).join('；');
}

export function requireSignedIn(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.currentUser) return true;
  redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
  return false;
}
// ------------------------------------------------------------------ shared pieces

export function badge(i: { badge: ListItem['badge'] }): SafeHtml {
  if (i.badge === 'overdue') return html`<span class="badge overdue">逾期</span>`;
  if (i.badge === 'due_soon') return html`<span class="badge due-soon">即将逾期</span>`;
  if (i.badge === 'calendar_pending') return html`<span class="badge calendar-pending" title="答复期限跨入尚未录入节假日安排的年份">期限待定</span>`;
  return html``;
}

/** The due date of a list row: the date, 「待2027年节假日安排录入后确定」, or the decision date. */
export function dueText(view: LoadedCase['view']): string {
  const k = view.clock;
  if (k?.dueDate) return k.dueDate;
  if (view.pending?.fields.includes('dueDate')) return view.pending.reason;
  return k?.decision ? `已于${k.decision.date}答复` : '—';
}

export function lettersList(c: LoadedCase, rows: Awaited<ReturnType<typeof lettersOf>>, staff: boolean): SafeHtml {
  const list = visibleLetters(rows, staff);
  if (!list.length) return html`<p class="meta">暂无文书。</p>`;
  return html`<ul class="letters">${list.map(
    (l) => html`<li><span class="letter-name">${LETTER_KIND_LABELS[l.kind as ReplyLetterKind] ?? l.kind}</span> <span class="meta">${l.number} · ${l.letterDate}</span>${
      APPLICANT_LETTER_KINDS.has(l.kind) ? html` <span class="meta service">送达：${letterServiceText(letterServiceOf(l, c.recorded, c.view, c.app.channel))}</span>` : ''
    }
      <a href="/api/applications/${c.app.id}/letters/${l.id}.html" target="_blank">查看</a>
      <a href="/api/applications/${c.app.id}/letters/${l.id}.docx">Word</a>
      <a href="/api/applications/${c.app.id}/letters/${l.id}.pdf">PDF</a></li>`,
  )}</ul>`;
}

export function dueBlock(c: LoadedCase): SafeHtml {
  const k = c.view.clock;
  if (!k) return html`<p class="error-text">${c.view.clockError ?? '无法计算答复期限'}</p>`;
  const left =
    k.workingDaysLeft === null ? '' : k.overdue ? `已逾期${-k.workingDaysLeft}个工作日` : `还剩${k.workingDaysLeft}个工作日`;
  return html`<dl class="facts">
  <dt>状态</dt><dd><strong class="status">${c.view.statusLabel}</strong> ${k.overdue ? html`<span class="badge overdue">逾期</span>` : k.dueSoon ? html`<span class="badge due-soon">即将逾期</span>` : ''}</dd>
  <dt>提交日期</dt><dd>${k.submittedDate ?? '—'}</dd>
  <dt>收到申请之日</dt><dd>${k.receiptDate ?? '待确认'}</dd>
  <dt>答复期限</dt><dd>${k.dueDate ? html`<strong>${k.dueDate}</strong>${k.dueDateProvisional ? '（暂定）' : ''} ${left}` : c.view.pending?.fields.includes('dueDate') ? html`<span class="badge calendar-pending">期限待定</span> <strong class="pending-due">${c.view.pending.reason}</strong><br><span class="meta">${c.view.pending.detail}</span>` : k.decision ? `已于${k.decision.date}答复` : k.state === 'awaiting_correction' ? '待补正：自收到补正后的申请之日起重新计算（第三十条）' : k.awaitingService.length ? '待送达：暂停计算的期间自文书送达后方能确定（第三十三条第三款）' : '—'}</dd>
</dl>
<details class="explain"${k.decision ? '' : ' open'}><summary>期限是怎样计算的</summary><ol>${(k.explanation?.lines ?? []).map((l) => html`<li>${l}</li>`)}</ol></details>`;
}

/** The letters addressed to the applicant, each with its date of issue and its 送达 (the applicant's projection). */
export function applicantLetters(a: ApplicantCase): SafeHtml {
  if (!a.letters.length) return html`<p class="meta">暂无文书。</p>`;
  const base = `/api/applications/${a.loaded.app.id}/letters`;
  return html`<table class="list letters-served"><thead><tr><th>文书</th><th>文号</th><th>发出日期</th><th>送达</th><th>下载</th></tr></thead><tbody>${a.letters.map(
    (l) => html`<tr><td class="letter-name">${l.label}</td><td>${l.number}</td><td>${l.date}</td><td class="service ${l.service.status}">${letterServiceText(l.service)}</td>
<td class="downloads"><a href="${base}/${l.id}.html" target="_blank">查看</a> <a href="${base}/${l.id}.pdf">PDF</a> <a href="${base}/${l.id}.docx">Word</a></td></tr>`,
  )}</tbody></table>
<p class="meta">电子送达的文书以到达您账户之日为送达日期，补正、缴费等期限自送达之日起计算；「待送达」的文书，期限自您收到之日起计算。</p>`;
}

/** The applicant's 办理记录: the lines of the applicant's projection only (nothing internal). */
export function applicantTimeline(a: ApplicantCase): SafeHtml {
  return html`<ol class="timeline">${a.timeline.map(
    (t) => html`<li><time>${t.date}</time> <span class="ev">${t.label}</span>${t.detail ? html` <span class="meta">${t.detail}</span>` : ''} <span class="by">· ${t.by}</span></li>`,
  )}</ol>`;
}

/** The staff's timeline of the case (the same lines as the API's, src/app/applications/timeline.ts). */
export function timeline(c: LoadedCase): SafeHtml {
  return html`<ol class="timeline">${timelineOf(c.recorded).map(
    (t) => html`<li><time>${t.date}</time> <span class="ev">${t.label}</span>${t.detail ? html` <span class="meta">${t.detail}</span>` : ''}${t.by ? html` <span class="by">· ${t.by}</span>` : ''}</li>`,
  )}</ol>`;
}
