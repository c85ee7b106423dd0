/**
 * The console's part of the catalogue beyond the documents themselves (portal-console.ts):
 * - an agency's own sub-categories of its 公开目录 (/console/:code/catalogue; catalogue.manage, its
 *   administrators): add, rename, move under another category of 第二十条, reorder, remove when empty;
 * - a document's attachments on its edit page: upload (multipart) and remove (document.publish).
 * Every permission and rule is in the use cases (src/app/portal/subcategories.ts, attachments.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byOf, type App } from '../app.ts';
import { getAgencyByCode, type Agency } from '../../app/agencies.ts';
import { AppError } from '../../app/errors.ts';
import { ForbiddenError } from '../../app/policies.ts';
import { addAttachment, attachmentsForEditing, ATTACHMENT_POLICY, removeAttachment } from '../../app/portal/attachments.ts';
import type { DocumentRow } from '../../app/portal/documents.ts';
import { createSubcategory, deleteSubcategory, listSubcategories, mayManageCatalogue, updateSubcategory } from '../../app/portal/subcategories.ts';
import { CATEGORIES, categoryOf } from '../../domain/portal/categories.ts';
import { parseMultipart, postedFiles } from './application-parts.ts';
import { CONSOLE_LINKS } from './console.ts';
import { compactForm, csrfField, selectField, textField } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { redirect, sendPage } from './render.ts';

CONSOLE_LINKS.push({ label: '公开目录子类', href: (code) => `/console/${encodeURIComponent(code)}/catalogue`, action: 'catalogue.manage' });

const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c.code, label: c.label }));

/** The attachments block of a document's edit page (list, remove, upload): rendered with the page's CSRF token. */
export async function attachmentsSection(app: App, request: FastifyRequest, doc: DocumentRow): Promise<(csrf: string) => SafeHtml> {
  const files = await attachmentsForEditing(app.db, byOf(request), doc.id);
  const base = `/console/documents/${doc.id}/attachments`;
  return (csrf) => html`<section class="card attachments" aria-labelledby="att-h"><h2 id="att-h">附件（${files.length}）</h2>
${files.length ? html`<ul class="attachment-list">${files.map((f) => html`<li><a href="/documents/${doc.id}/attachments/${f.id}">${f.filename}</a> <span class="meta">${Math.max(1, Math.round(f.size / 1024))} KB</span>
<form method="post" action="${base}/${f.id}/remove" class="inline-form">${csrfField(csrf)}<button type="submit" class="secondary">删除附件</button></form></li>`)}</ul>` : html`<p class="meta">暂无附件。</p>`}
${doc.status !== 'repealed' ? html`<form method="post" action="${base}" enctype="multipart/form-data" class="form upload-form">${csrfField(csrf)}
<div class="field"><label for="f-file">上传附件</label><p class="hint" id="f-file-hint">可上传${ATTACHMENT_POLICY.accepted}，每个不超过10MB；发布后公众可在文件页面下载。</p>
<input id="f-file" name="file" type="file" required aria-describedby="f-file-hint" accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.tif,.tiff,.bmp"></div>
<button type="submit" class="primary">上传</button></form>` : ''}
</section>`;
}

function staffOnly(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.currentUser) return true;
  redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
  return false;
}

function docId(request: FastifyRequest): number {
  const n = Number((request.params as { id: string }).id);
  return Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : -1;
}

export async function routes(app: App) {
  // The attachment upload's form (files as base64), up to a little over the 10 MB a file may have.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 12 * 1024 * 1024 }, async (request: FastifyRequest, body: Buffer) =>
    parseMultipart(String(request.headers['content-type']), body),
  );

  /** Runs a document's attachment change; a user error is a page of its own with its 4xx and a way back. */
  const onDocument = (run: (request: FastifyRequest, id: number) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!staffOnly(request, reply)) return reply;
    const id = docId(request);
    try {
      await run(request, id);
      return redirect(reply, `/console/documents/${id}/edit?saved=1#att-h`);
    } catch (e) {
      if (!(e instanceof AppError) || e.statusCode >= 500 || e instanceof ForbiddenError || e.statusCode === 404) throw e;
      return sendPage(request, reply, {
        title: '附件操作未成功',
        status: e.statusCode,
        breadcrumbs: [['工作台', '/console'], ['编辑文件', `/console/documents/${id}/edit`], ['附件']],
        body: html`<h1>附件操作未成功</h1><div class="error-summary" role="alert" tabindex="-1"><p>${e.message}</p></div><p><a href="/console/documents/${id}/edit#att-h">返回文件</a></p>`,
      });
    }
  };

  app.post(
    '/console/documents/:id/attachments',
    onDocument(async (request, id) => {
      const files = postedFiles((request.body ?? {}) as Record<string, unknown>, 'file');
      if (files.length === 0) throw new AppError(400, 'file_missing', '请选择要上传的附件');
      if (files.length > 1) throw new AppError(400, 'file_too_many', '请一次上传一个附件');
      return addAttachment(app.db, byOf(request), id, files[0]);
    }),
  );

  app.post(
    '/console/documents/:id/attachments/:aid/remove',
    onDocument(async (request, id) => {
      await removeAttachment(app.db, byOf(request), id, Number((request.params as { aid: string }).aid));
      return '已删除附件';
    }),
  );

  async function cataloguePage(request: FastifyRequest, reply: FastifyReply, a: Agency, o: { error?: string; notice?: string; status?: number } = {}) {
    if (!(await mayManageCatalogue(app.db, byOf(request), a.id))) throw new ForbiddenError('catalogue.manage', false);
    const subs = await listSubcategories(app.db, a.id);
    const code = encodeURIComponent(a.code);
    return sendPage(request, reply, {
      title: `公开目录子类 - ${a.name}`,
      status: o.status,
      notice: o.notice,
      breadcrumbs: [['工作台', '/console'], [a.name], ['公开目录子类']],
      body: (csrf) => html`<h1>公开目录子类</h1>
<p class="lead">${a.name}可以在《政府信息公开条例》第二十条的每个目录类别下设置本机关自己的子类（如“工作动态”“通知公告”“政策解读”）。归入子类的文件，其法定类别即子类所属的类别；子类改归其他类别时，其下文件随之改归。导入文件时，category 列可写子类名称，或写成“类别/子类”（如 other/工作动态）新建子类。</p>
${o.error ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>提交未成功</h2><p>${o.error}</p></div>` : ''}
<section class="card" aria-labelledby="new-h"><h2 id="new-h">新增子类</h2>
<form method="post" action="/console/${code}/catalogue" class="form">${csrfField(csrf)}
${textField({ name: 'name', label: '子类名称', required: true, maxlength: 30 })}
${selectField({ name: 'parentCategory', label: '所属类别（第二十条）', value: 'other', options: CATEGORY_OPTIONS })}
${textField({ name: 'position', label: '排序', value: '0', hint: '数字小的排在前面' })}
<button type="submit" class="primary">新增</button></form></section>
<section aria-labelledby="list-h"><h2 id="list-h">已设置的子类（${subs.length}）</h2>
${subs.length ? html`<table class="data subcategory-table"><caption class="visually-hidden">本机关的公开目录子类</caption><thead><tr><th scope="col">所属类别</th><th scope="col">名称、类别、排序</th><th scope="col">删除</th></tr></thead><tbody>
${subs.map((s) => html`<tr><td>${categoryOf(s.parentCategory).label}</td><td><form method="post" action="/console/${code}/catalogue/${s.id}" class="inline-form">${csrfField(csrf)}
<label class="visually-hidden" for="n-${s.id}">名称</label><input id="n-${s.id}" name="name" value="${s.name}" maxlength="30" required>
<label class="visually-hidden" for="p-${s.id}">所属类别</label><select id="p-${s.id}" name="parentCategory">${CATEGORY_OPTIONS.map((c) => html`<option value="${c.value}"${c.value === s.parentCategory ? html` selected` : ''}>${c.label}</option>`)}</select>
<label class="visually-hidden" for="o-${s.id}">排序</label><input id="o-${s.id}" name="position" value="${String(s.position)}" size="4" inputmode="numeric">
<button type="submit" class="secondary">保存</button></form></td>
<td><form method="post" action="/console/${code}/catalogue/${s.id}/delete" class="inline-form">${csrfField(csrf)}<button type="submit" class="secondary">删除</button></form></td></tr>`)}
</tbody></table>` : html`<p>尚未设置子类：文件直接归入第二十条的类别。</p>`}</section>`,
    });
  }

  app.get<{ Params: { code: string }; Querystring: { done?: string } }>('/console/:code/catalogue', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const a = await getAgencyByCode(app.db, request.params.code);
    return cataloguePage(request, reply, a, { notice: request.query.done ? '已保存' : undefined });
  });

  /** Runs a change of the sub-categories; a user error shows the page again with its 4xx. */
  const onCatalogue = (run: (request: FastifyRequest, a: Agency, id: number) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!staffOnly(request, reply)) return reply;
    const a = await getAgencyByCode(app.db, (request.params as { code: string }).code);
    const id = Number((request.params as { id?: string }).id ?? 0);
    try {
      await run(request, a, Number.isInteger(id) ? id : -1);
      return redirect(reply, `/console/${encodeURIComponent(a.code)}/catalogue?done=1`);
    } catch (e) {
      if (!(e instanceof AppError) || e.statusCode >= 500 || e instanceof ForbiddenError) throw e;
      return cataloguePage(request, reply, a, { error: e.message, status: e.statusCode });
    }
  };

  app.post('/console/:code/catalogue', onCatalogue((request, a) => createSubcategory(app.db, byOf(request), a.id, compactForm(request.body))));
  app.post('/console/:code/catalogue/:id', onCatalogue((request, a, id) => updateSubcategory(app.db, byOf(request), a.id, id, compactForm(request.body))));
  app.post('/console/:code/catalogue/:id/delete', onCatalogue((request, a, id) => deleteSubcategory(app.db, byOf(request), a.id, id)));
}
