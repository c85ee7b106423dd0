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
    (l) => html`<li><span class="letter-name">${LETTER_KIND_LABELS[l.kind as ReplyLetterKind] ?? l.kind}</span> <span class="meta">${l.number} · ${l.letterDate}</span>
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
  <dt>答复期限</dt><dd>${k.dueDate ? html`<strong>${k.dueDate}</strong>${k.dueDateProvisional ? '（暂定）' : ''} ${left}` : c.view.pending?.fields.includes('dueDate') ? html`<span class="badge calendar-pending">期限待定</span> <strong class="pending-due">${c.view.pending.reason}</strong><br><span class="meta">${c.view.pending.detail}</span>` : k.decision ? `已于${k.decision.date}答复` : '—'}</dd>
</dl>
<details class="explain"${k.decision ? '' : ' open'}><summary>期限是怎样计算的</summary><ol>${(k.explanation?.lines ?? []).map((l) => html`<li>${l}</li>`)}</ol></details>`;
}

/** The case's timeline (the same lines as the API's, src/app/applications/timeline.ts). */
export function timeline(c: LoadedCase, staff: boolean): SafeHtml {
  return html`<ol class="timeline">${timelineOf(c.recorded, staff).map(
    (t) => html`<li><time>${t.date}</time> <span class="ev">${t.label}</span>${t.detail ? html` <span class="meta">${t.detail}</span>` : ''}${t.by ? html` <span class="by">· ${t.by}</span>` : ''}</li>`,
  )}</ol>`;
}
