/**
 * The publisher's console (信息公开专员): an agency's documents with the 第二十六条 warning (publish
 * within 20 working days of 成文/变更), create / edit / publish / withdraw / repeal. The year figures
 * of table 1 have their own page (figures-console.ts).
 *
 * Every permission is decided by the use cases (src/app/portal): document.view_draft to see the list, document.publish
 * to change documents.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byOf, type App } from '../app.ts';
import { calendarYears } from '../../db/schema.ts';
import { calendarWith, todayInShanghai, type Calendar, type YearSchedule } from '../../domain/calendar/index.ts';
import { CATEGORIES, DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, categoryOf } from '../../domain/portal/categories.ts';
import { DOCUMENT_STATUS_LABELS, publicationDeadline, refuseAction } from '../../domain/portal/documents.ts';
import { getAgencyByCode, type Agency } from '../../app/agencies.ts';
import { AppError } from '../../app/errors.ts';
import { authorizePublishing, createDocument, documentForEditing, publishDocument, repealDocument, staffCatalogue, updateDocument, withdrawDocument, type DocumentRow } from '../../app/portal/documents.ts';
import { CONSOLE_LINKS } from './console.ts';
import { listSubcategories, type SubcategoryRow } from '../../app/portal/subcategories.ts';
import { attachmentsSection } from './catalogue-console.ts';
import { compactForm, csrfField, selectField, textField } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { redirect, sendPage } from './render.ts';

CONSOLE_LINKS.push(
  { label: '主动公开文件', href: (code) => `/console/${encodeURIComponent(code)}/documents`, action: 'document.view_draft' },
);

async function loadCalendar(app: App): Promise<Calendar> {
  const rows = await app.db.select({ schedule: calendarYears.schedule }).from(calendarYears);
  try {
    return calendarWith(rows.map((r) => r.schedule as YearSchedule));
  } catch {
    return calendarWith([]);
  }
}

function staffOnly(request: FastifyRequest, reply: FastifyReply): boolean {
  if (!request.currentUser) {
    redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
    return false;
  }
  return true;
}

const STATE_CLASS: Record<string, string> = { overdue: 'deadline-overdue', due_today: 'deadline-overdue', due_soon: 'deadline-soon', ok: 'deadline-ok', unknown: 'deadline-unknown' };

function documentForm(o: { action: string; csrf: string; doc?: Partial<DocumentRow>; error?: string; submit: string; subs: readonly SubcategoryRow[] }): SafeHtml {
  const d = o.doc ?? {};
  const bodyText = d.body ?? '';
  return html`<form method="post" action="${o.action}" class="form">${csrfField(o.csrf)}
${o.error ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>提交未成功，请修改以下内容：</h2><p>${o.error}</p></div>` : ''}
<fieldset><legend>文件信息</legend>
${textField({ name: 'title', label: '标题', value: d.title, required: true, maxlength: 300 })}
${textField({ name: 'docNumber', label: '文号', value: d.docNumber, hint: '规章、行政规范性文件发布前必须填写', maxlength: 100 })}
${textField({ name: 'issuer', label: '发文机关', value: d.issuer, hint: '不填则为本机关', maxlength: 200 })}
${selectField({ name: 'kind', label: '文件类型', value: d.kind ?? 'other', options: DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] })), hint: '规章和行政规范性文件计入年度报告第二十条第（一）项' })}
${selectField({ name: 'category', label: '公开目录类别', value: d.category ?? 'other', options: CATEGORIES.map((c) => ({ value: c.code, label: c.label })), hint: o.subs.length ? '选择了子类时，以子类所属的类别为准' : undefined })}
${o.subs.length ? selectField({ name: 'subcategoryId', label: '本机关的子类', value: d.subcategoryId ? String(d.subcategoryId) : '', options: [{ value: '', label: '（不分子类，直接归入上面的类别）' }, ...o.subs.map((s) => ({ value: String(s.id), label: `${categoryOf(s.parentCategory).label} › ${s.name}` }))] }) : ''}
</fieldset>
<fieldset><legend>日期</legend>
${textField({ name: 'writtenDate', label: '成文日期', type: 'date', value: d.writtenDate, hint: '第二十六条：应自形成或者变更之日起20个工作日内公开' })}
${textField({ name: 'effectiveDate', label: '施行日期', type: 'date', value: d.effectiveDate, hint: '仅规章、行政规范性文件' })}
${textField({ name: 'repealedDate', label: '废止日期', type: 'date', value: d.repealedDate, hint: '仅规章、行政规范性文件；已公开的文件请用“废止”操作' })}
</fieldset>
<fieldset><legend>正文</legend>
<div class="field"><label for="f-body">正文</label><p class="hint" id="f-body-hint">按“正文格式”理解：纯文本时空行分段；HTML 时只保留安全的标签（段落、标题、列表、表格、链接等）。</p>
<textarea id="f-body" name="body" rows="14" aria-describedby="f-body-hint">${bodyText}</textarea></div>
${selectField({ name: 'bodyFormat', label: '正文格式', value: d.body ? 'html' : 'text', options: [{ value: 'text', label: '纯文本（空行分段）' }, { value: 'html', label: 'HTML（自动清理不安全内容）' }] })}
${textField({ name: 'note', label: '修改说明', hint: '记入版本历史', maxlength: 500 })}
</fieldset>
<button type="submit" class="primary">${o.submit}</button></form>`;
}

function formError(err: unknown): string {
  if (err instanceof AppError) return err.message;
  throw err;
}

export async function routes(app: App) {
  app.get<{ Params: { code: string } }>('/console/:code/documents', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const a = await getAgencyByCode(app.db, request.params.code);
    const { items, mayPublish } = await staffCatalogue(app.db, byOf(request), a.id, { limit: 500 });
    const calendar = await loadCalendar(app);
    const today = todayInShanghai(new Date());
    const drafts = items.filter((d) => d.status === 'draft');
    const others = items.filter((d) => d.status !== 'draft');
    const code = encodeURIComponent(a.code);
    const warnings = drafts.map((d) => ({ d, deadline: publicationDeadline(calendar, d.writtenDate, today) }));
    const urgent = warnings.filter((w) => w.deadline.state === 'overdue' || w.deadline.state === 'due_today' || w.deadline.state === 'due_soon');
    return sendPage(request, reply, {
      title: `主动公开文件 - ${a.name}`,
      breadcrumbs: [['工作台', '/console'], [a.name], ['主动公开文件']],
      body: html`<h1>主动公开文件</h1><p class="lead">${a.name}</p>
${urgent.length ? html`<div class="warning" role="alert"><h2>第二十六条公开期限提醒</h2><ul>${urgent.map((w) => html`<li><a href="/console/documents/${w.d.id}/edit">${w.d.title}</a>：${w.deadline.message}</li>`)}</ul></div>` : ''}
${mayPublish ? html`<p><a class="button" href="/console/${code}/documents/new">新建文件</a></p>` : ''}
<section aria-labelledby="drafts-h"><h2 id="drafts-h">待公开（草稿，${drafts.length}）</h2>
${drafts.length ? html`<table class="data"><caption class="visually-hidden">草稿及其公开期限</caption><thead><tr><th scope="col">标题</th><th scope="col">成文日期</th><th scope="col">第二十六条期限</th></tr></thead><tbody>
${warnings.map((w) => html`<tr><td><a href="/console/documents/${w.d.id}/edit">${w.d.title}</a></td><td>${w.d.writtenDate ?? '—'}</td><td class="${STATE_CLASS[w.deadline.state]}">${w.deadline.message}</td></tr>`)}</tbody></table>` : html`<p>没有待公开的文件。</p>`}</section>
<section aria-labelledby="pub-h"><h2 id="pub-h">已公开、已废止、已撤回（${others.length}）</h2>
${others.length ? html`<table class="data"><caption class="visually-hidden">已处理的文件</caption><thead><tr><th scope="col">标题</th><th scope="col">类别</th><th scope="col">状态</th><th scope="col">发布日期</th><th scope="col">点击数</th></tr></thead><tbody>
${others.map((d) => html`<tr><td><a href="/console/documents/${d.id}/edit">${d.title}</a></td><td>${categoryOf(d.category).label}</td><td>${DOCUMENT_STATUS_LABELS[d.status]}</td><td>${d.publishedDate ?? '—'}</td><td>${d.viewCount}</td></tr>`)}</tbody></table>` : html`<p>暂无。</p>`}</section>`,
    });
  });

  app.get<{ Params: { code: string } }>('/console/:code/documents/new', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const a = await getAgencyByCode(app.db, request.params.code);
    await authorizePublishing(app.db, byOf(request), a.id);
    const subs = await listSubcategories(app.db, a.id);
    return sendPage(request, reply, {
      title: '新建文件',
      breadcrumbs: [['工作台', '/console'], ['主动公开文件', `/console/${encodeURIComponent(a.code)}/documents`], ['新建文件']],
      body: (csrf) => html`<h1>新建文件</h1>${documentForm({ action: `/console/${encodeURIComponent(a.code)}/documents`, csrf, submit: '保存草稿', subs })}`,
    });
  });

  app.post<{ Params: { code: string } }>('/console/:code/documents', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const a = await getAgencyByCode(app.db, request.params.code);
    const input = compactForm(request.body);
    try {
      const d = await createDocument(app.db, a.id, input, byOf(request));
      return redirect(reply, `/console/documents/${d.id}/edit?saved=1`);
    } catch (err) {
      const error = formError(err);
      const subs = await listSubcategories(app.db, a.id);
      return sendPage(request, reply, {
        title: '新建文件',
        status: 400,
        body: (csrf) => html`<h1>新建文件</h1>${documentForm({ action: `/console/${encodeURIComponent(a.code)}/documents`, csrf, error, submit: '保存草稿', subs, doc: { ...(input as Partial<DocumentRow>), body: input.body ?? '' } })}`,
      });
    }
  });

  async function editPage(request: FastifyRequest, reply: FastifyReply, doc: DocumentRow, agency: Agency, o: { error?: string; notice?: string; status?: number } = {}) {
    const calendar = await loadCalendar(app);
    const deadline = doc.status === 'draft' ? publicationDeadline(calendar, doc.writtenDate, todayInShanghai(new Date())) : null;
    const base = `/console/documents/${doc.id}`;
    const may = (a: 'publish' | 'withdraw' | 'repeal') => refuseAction(a, doc.status) === null && (a !== 'repeal' || doc.kind !== 'other');
    const subs = await listSubcategories(app.db, doc.agencyId);
    const files = await attachmentsSection(app, request, doc);
    return sendPage(request, reply, {
      title: `编辑：${doc.title}`,
      status: o.status,
      notice: o.notice,
      breadcrumbs: [['工作台', '/console'], ['主动公开文件', `/console/${encodeURIComponent(agency.code)}/documents`], [doc.title]],
      body: (csrf) => html`<h1>${doc.title}</h1>
<p class="lead">状态：${DOCUMENT_STATUS_LABELS[doc.status]}${doc.publishedDate ? `，发布日期 ${doc.publishedDate}` : ''} · <a href="/documents/${doc.id}">查看页面</a> · <a href="/documents/${doc.id}/versions">版本历史</a></p>
${deadline ? html`<p class="${STATE_CLASS[deadline.state]} deadline" role="status">${deadline.message}</p>` : ''}
${o.error ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>操作未成功</h2><p>${o.error}</p></div>` : ''}
<div class="actions">
${may('publish') ? html`<form method="post" action="${base}/publish" class="action-form">${csrfField(csrf)}${textField({ name: 'publishedDate', label: '发布日期', type: 'date', value: todayInShanghai(new Date()) })}<button type="submit" class="primary">发布</button></form>` : ''}
${may('withdraw') ? html`<form method="post" action="${base}/withdraw" class="action-form">${csrfField(csrf)}${textField({ name: 'reason', label: '撤回原因', required: true, maxlength: 500 })}<button type="submit">撤回</button></form>` : ''}
${may('repeal') ? html`<form method="post" action="${base}/repeal" class="action-form">${csrfField(csrf)}${textField({ name: 'repealedDate', label: '废止日期', type: 'date', required: true })}<button type="submit">废止</button></form>` : ''}
</div>
${files(csrf)}
${refuseAction('edit', doc.status) === null ? html`<h2>修改</h2>${documentForm({ action: base, csrf, doc, submit: '保存修改', subs })}` : html`<p>已废止的文件不能再修改。</p>`}`,
    });
  }

  async function loadForEdit(request: FastifyRequest, id: string) {
    const doc = await documentForEditing(app.db, byOf(request), Number(id) || -1);
    const [agency] = await app.db.query.agencies.findMany({ where: (t, { eq }) => eq(t.id, doc.agencyId) });
    return { doc, agency };
  }

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>('/console/documents/:id/edit', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const { doc, agency } = await loadForEdit(request, request.params.id);
    return editPage(request, reply, doc, agency, { notice: request.query.saved ? '已保存' : undefined });
  });

  app.post<{ Params: { id: string } }>('/console/documents/:id', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const { doc, agency } = await loadForEdit(request, request.params.id);
    try {
      await updateDocument(app.db, doc.id, compactForm(request.body), byOf(request));
      return redirect(reply, `/console/documents/${doc.id}/edit?saved=1`);
    } catch (err) {
      return editPage(request, reply, doc, agency, { error: formError(err), status: 400 });
    }
  });

  for (const action of ['publish', 'withdraw', 'repeal'] as const) {
    app.post<{ Params: { id: string } }>(`/console/documents/:id/${action}`, async (request, reply) => {
      if (!staffOnly(request, reply)) return reply;
      const { doc, agency } = await loadForEdit(request, request.params.id);
      const fn = action === 'publish' ? publishDocument : action === 'withdraw' ? withdrawDocument : repealDocument;
      try {
        await fn(app.db, doc.id, compactForm(request.body) as never, byOf(request));
        return redirect(reply, `/console/documents/${doc.id}/edit?saved=1`);
      } catch (err) {
        return editPage(request, reply, doc, agency, { error: formError(err), status: err instanceof AppError ? err.statusCode : 400 });
      }
    });
  }
}
