/**
 * The console's 区分处理 pages (第三十七条) for one application:
 * - `/console/applications/:id/redaction`: the documents to disclose in part (upload: PDF, DOCX or an
 *   image), their marks, the withheld parts the 部分公开告知书 will list, the handler's proposal and the
 *   reviewer's approval;
 * - `/console/applications/:id/redaction/:documentId`: the page editor — the pages rendered by pdf.js
 *   in the browser (served from pdfjs-dist at /static/pdfjs/), boxes drawn or text selected, each mark
 *   with its basis, what it is and why; the scan for personal numbers, each hit confirmed by a person.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { AppError } from '../../app/errors.ts';
import { loadCase } from '../../app/applications/case.ts';
import { addDocument, approvePartial, caseRedactions, deleteRedaction, proposePartial, type CaseRedactions } from '../../app/redaction/case.ts';
import { can } from '../../app/policies.ts';
import { REDACTION_BASES, redactionBasis, type RedactionBasisId } from '../../domain/redaction/index.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, errorSummary } from './forms.ts';
import { noticeFor, redirect, sendPage } from './render.ts';
import { parseMultipart } from './application-parts.ts';

/** The notices of the redaction page after a redirect (`?done=`). */
const REDACTION_NOTICES: Record<string, string> = { unmarked: '已撤销一处删除标记', proposed: '已提交审核人审批' };

const PDFJS_BUILD = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/build/pdf.min.mjs'));
const CSS = html`<link rel="stylesheet" href="/static/applications.css"><link rel="stylesheet" href="/static/redaction.css">`;

function caseId(request: FastifyRequest): number {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw new AppError(404, 'not_found', '找不到该申请');
  return id;
}

function signedIn(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.currentUser) return true;
  redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
  return false;
}

const field = (body: unknown, k: string) => {
  const v = (body as Record<string, unknown> | undefined)?.[k];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

function marksTable(state: CaseRedactions, doc: CaseRedactions['documents'][number], csrf: string, editable: boolean): SafeHtml {
  if (doc.redactions.length === 0) return html`<p class="meta">尚未标注删除的内容。</p>`;
  return html`<table class="list marks"><thead><tr><th>页</th><th>删除的内容</th><th>依据</th><th>理由</th>${editable ? html`<th></th>` : ''}</tr></thead><tbody>${doc.redactions.map(
    (m) => html`<tr><td>${m.page}</td><td>${m.what}</td><td>${redactionBasis(m.basis as RedactionBasisId).label}</td><td>${m.reason ?? html`<span class="meta">${redactionBasis(m.basis as RedactionBasisId).defaultReason}</span>`}</td>${
      editable
        ? html`<td><form method="post" action="/console/applications/${doc.applicationId}/redaction/${doc.id}/marks/${m.id}/delete">${csrfField(csrf)}<button type="submit" class="secondary">撤销</button></form></td>`
        : ''
    }</tr>`,
  )}</tbody></table>`;
}

async function overviewPage(app: App, request: FastifyRequest, reply: FastifyReply, id: number, error?: string, status = 200) {
  const user = request.currentUser!;
  const c = await loadCase(app.db, id, false);
  const state = await caseRedactions(app.db, user, id, c);
  const target = { agencyPath: c.agencyPath, ownerUserId: c.app.applicantUserId };
  const handler = can(user, 'application.handle', target);
  const reviewer = can(user, 'application.approve', target);
  const decided = Boolean(c.view.decision);
  const q = request.query as Record<string, string>;
  return sendPage(request, reply, {
    title: `区分处理 · ${c.app.number}`,
    status,
    notice: noticeFor(REDACTION_NOTICES, q.done),
    breadcrumbs: [['工作台', '/console'], [`申请 ${c.app.number}`, `/console/applications/${id}`], ['区分处理']],
    body: (csrf) => html`${CSS}<h1>区分处理（第三十七条）· 申请 ${c.app.number}</h1>
${error ? errorSummary({ _form: error }) : ''}
<p class="hint">原件仅工作人员可见；审核人批准答复后，删除了标注内容的文本作为公开的政府信息提供给申请人，部分公开告知书逐页列明不予公开的内容及依据。</p>
${state.documents.map(
  (d) => html`<section class="card redaction-doc"><h2>${d.filename}（${d.pageCount}页）${d.approvedAt ? html` <span class="status-tag">已审批公开</span>` : ''}</h2>
${marksTable(state, d, csrf, handler && !d.approvedAt)}
<p>${handler && !d.approvedAt ? html`<a class="button" href="/console/applications/${id}/redaction/${d.id}">在页面上标注</a> ` : ''}${d.redactions.length ? html`<a class="button" href="/api/redaction/documents/${d.id}/preview">下载区分处理预览</a> ` : ''}<a class="button" href="/api/redaction/documents/${d.id}/source">下载原件</a></p></section>`,
)}
${handler && !decided ? html`<section class="card"><h2>添加要区分处理的文件</h2><form method="post" action="/console/applications/${id}/redaction/documents" enctype="multipart/form-data" class="form">${csrfField(csrf)}
<div class="field"><label for="r-file">文件（PDF、Word .docx 或图片）</label><input id="r-file" name="file" type="file" required accept=".pdf,.docx,.png,.jpg,.jpeg,.tif,.tiff,.bmp,.gif"></div><button type="submit" class="primary">上传</button></form></section>` : ''}
<section class="card"><h2>不予公开的内容（告知书将列明）</h2>${
      state.withheldParts.length
        ? html`<ol class="withheld">${state.withheldParts.map((p) => html`<li>${p.content}：${p.reason}</li>`)}</ol>`
        : html`<p class="meta">暂无。</p>`
    }
${
  handler && !decided && !c.view.pendingDecision && state.withheldParts.length
    ? html`<form method="post" action="/console/applications/${id}/redaction/propose" class="form step-form">${csrfField(csrf)}<h3>拟办：部分公开</h3>
<div class="field"><label for="r-given">予以公开的内容</label><input id="r-given" name="disclosedPart" required maxlength="500"></div>
<div class="field"><label for="r-access">提供方式或获取途径</label><input id="r-access" name="access" required maxlength="500" value="随本告知书提供区分处理后的政府信息"></div>
<button type="submit" class="primary">提交审核人审批</button></form>`
    : ''
}
${state.pendingPartial === 'differs' ? html`<p class="error-summary" role="alert">拟办意见中的不予公开内容与当前删除标记不一致，须退回重新拟办。</p>` : ''}
${
  reviewer && state.pendingPartial === 'matches'
    ? html`<form method="post" action="/console/applications/${id}/redaction/approve" class="form step-form">${csrfField(csrf)}<h3>审批：部分公开及区分处理</h3><p>批准后生成部分公开告知书，并将区分处理后的文件提供给申请人。</p><button type="submit" class="primary">批准答复和区分处理</button></form>`
    : ''
}</section>`,
  });
}

async function editorPage(app: App, request: FastifyRequest, reply: FastifyReply, id: number, documentId: number) {
  const user = request.currentUser!;
  const state = await caseRedactions(app.db, user, id);
  const doc = state.documents.find((d) => d.id === documentId);
  if (!doc) throw new AppError(404, 'not_found', '找不到该文件');
  return sendPage(request, reply, {
    title: `标注 · ${doc.filename}`,
    breadcrumbs: [['工作台', '/console'], ['区分处理', `/console/applications/${id}/redaction`], [doc.filename]],
    body: (csrf) => html`${CSS}<h1>标注删除的内容：${doc.filename}</h1>
<div class="redaction-editor" id="editor" data-document="${doc.id}" data-application="${id}" data-csrf="${csrf}" data-back="/console/applications/${id}/redaction">
<div class="pages" id="pages" aria-label="文件页面"></div>
<aside class="panel">
<fieldset><legend>标注方式</legend>
<label><input type="radio" name="mode" value="box" checked> 框选区域</label>
<label><input type="radio" name="mode" value="text"> 选择文字</label></fieldset>
<div class="field"><label for="m-basis">依据</label><select id="m-basis">${REDACTION_BASES.map((b) => html`<option value="${b.id}">${b.label}</option>`)}</select></div>
<div class="field"><label for="m-what">删除的是什么内容</label><input id="m-what" maxlength="100" placeholder="如：第三方联系方式"></div>
<div class="field"><label for="m-reason">理由（可不填，默认为依据的通用表述）</label><input id="m-reason" maxlength="500"></div>
<div class="field" hidden id="m-law-field"><label for="m-law">禁止公开的法律、行政法规</label><input id="m-law" maxlength="200"></div>
<p class="pending" id="pending">待保存：0处</p>
<button type="button" class="primary" id="save">保存标注</button> <button type="button" class="secondary" id="clear">清除未保存的</button>
<hr><button type="button" class="secondary" id="scan">查找身份证号、手机号、银行账号</button>
<div id="hits"></div>
<p class="status" id="status" role="status"></p>
<p><a href="/console/applications/${id}/redaction">完成，返回</a></p>
</aside></div>
<script type="module" src="/static/redaction-editor.js"></script>`,
  });
}

export async function routes(app: App) {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 12 * 1024 * 1024 }, async (request: FastifyRequest, body: Buffer) =>
    parseMultipart(String(request.headers['content-type']), body),
  );
  // pdf.js for the page editor: its two files, as they are published.
  await app.register(fastifyStatic, {
    root: PDFJS_BUILD,
    prefix: '/static/pdfjs/',
    decorateReply: false,
    maxAge: '1h',
    allowedPath: (p: string) => p === '/pdf.min.mjs' || p === '/pdf.worker.min.mjs',
  });

  app.get('/console/applications/:id/redaction', async (request, reply) => {
    if (!signedIn(request, reply)) return;
    return overviewPage(app, request, reply, caseId(request));
  });

  app.get('/console/applications/:id/redaction/:documentId', async (request, reply) => {
    if (!signedIn(request, reply)) return;
    const documentId = Number((request.params as { documentId: string }).documentId);
    if (!Number.isInteger(documentId) || documentId <= 0 || documentId > 2_147_483_647) throw new AppError(404, 'not_found', '找不到该文件');
    return editorPage(app, request, reply, caseId(request), documentId);
  });

  /** Runs a form's use case; a user error shows the overview again with the message. */
  const act = (run: (request: FastifyRequest, id: number) => Promise<string>) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!signedIn(request, reply)) return;
    const id = caseId(request);
    try {
      return redirect(reply, await run(request, id));
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500 && e.statusCode !== 404) return overviewPage(app, request, reply, id, e.message, e.statusCode);
      throw e;
    }
  };

  app.post(
    '/console/applications/:id/redaction/documents',
    act(async (request, id) => {
      const file = (request.body as Record<string, unknown> | undefined)?.file as { filename: string; contentBase64: string } | undefined;
      if (!file || typeof file !== 'object') throw new AppError(400, 'file_missing', '请选择要上传的文件');
      const doc = await addDocument(app.db, request.currentUser!, id, file, request.ip);
      return `/console/applications/${id}/redaction/${doc.id}`;
    }),
  );

  app.post(
    '/console/applications/:id/redaction/:documentId/marks/:markId/delete',
    act(async (request, id) => {
      const p = request.params as { documentId: string; markId: string };
      const [documentId, markId] = [Number(p.documentId), Number(p.markId)];
      if (![documentId, markId].every((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647)) throw new AppError(404, 'not_found', '找不到该删除标记');
      await deleteRedaction(app.db, request.currentUser!, documentId, markId, request.ip);
      return `/console/applications/${id}/redaction?done=unmarked`;
    }),
  );

  app.post(
    '/console/applications/:id/redaction/propose',
    act(async (request, id) => {
      const disclosedPart = field(request.body, 'disclosedPart');
      const access = field(request.body, 'access');
      if (!disclosedPart || !access) throw new AppError(400, 'validation_failed', '请填写予以公开的内容和提供方式');
      if (disclosedPart.length > 500 || access.length > 500) throw new AppError(400, 'validation_failed', '填写的内容过长（最多500字）');
      await proposePartial(app.db, request.currentUser!, id, { disclosedPart, access }, request.ip);
      return `/console/applications/${id}/redaction?done=proposed`;
    }),
  );

  app.post(
    '/console/applications/:id/redaction/approve',
    act(async (request, id) => {
      await approvePartial(app.db, request.currentUser!, id, request.ip);
      return `/console/applications/${id}?done=partial_approved`;
    }),
  );
}
