/**
 * /audit — the public auditor page (issue 7): anyone uploads published annual reports (several
 * files at once: text, HTML, DOCX, PDF) or pastes a report's text, and sees each report's tables
 * rebuilt with the wrong cells marked, and the findings listed; a summary when several.
 * Works without JavaScript (a multipart form). No login, no CSRF (it changes nothing), rate-limited.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReportModel } from '../../domain/report/model.ts';
import { marksFromFindings, renderHtml } from '../../domain/report/render/index.ts';
import { countSeverities } from '../../domain/report/checks.ts';
import { BASIS_LABELS, inferredCells } from '../../domain/audit/index.ts';
import type { App } from '../app.ts';
import { AppError } from '../../app/errors.ts';
import { auditInputs, auditRouteConfig, MAX_FILE_BYTES, MAX_FILES, readAuditInputs, registerUploads, summarize } from '../audit/upload.ts';
import { SEVERITY_LABELS, whereLabel } from '../../app/reports/labels.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { sendPage } from './render.ts';

const CSS = html`<link rel="stylesheet" href="/static/reports.css">`;

function form(error?: string): SafeHtml {
  return html`<form class="audit-form form" method="post" action="/audit" enctype="multipart/form-data">
  ${error ? html`<div class="error-summary" role="alert"><h2>无法审核</h2><p>${error}</p></div>` : ''}
  <div class="field">
    <label for="f-files">上传报告文件</label>
    <p class="hint" id="f-files-hint">可一次选择多个文件（最多 ${MAX_FILES} 个，每个不超过 ${MAX_FILE_BYTES / 1024 / 1024} MB）：从网页复制的文本、保存的网页（HTML）、Word（DOCX）或带文字层的 PDF。</p>
    <input id="f-files" type="file" name="files" multiple accept=".txt,.text,.htm,.html,.docx,.pdf,text/plain,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-describedby="f-files-hint">
  </div>
  <div class="field">
    <label for="f-text">或粘贴报告全文</label>
    <textarea id="f-text" name="text" rows="8" placeholder="把政府网站上年度报告页面的全部文字复制到这里"></textarea>
  </div>
  <div class="field">
    <label for="f-name">粘贴文字的名称（可选）</label>
    <input id="f-name" name="name" type="text" maxlength="200" placeholder="例如：某某局2023年度报告">
  </div>
  <button type="submit" class="primary">开始审核</button>
</form>`;
}

export function findingsTable(model: ReportModel): SafeHtml {
  if (model.findings.length === 0) return html`<p class="notice">没有发现问题。</p>`;
  return html`<table class="findings">
  <caption class="visually-hidden">审核发现的问题</caption>
  <thead><tr><th scope="col">严重程度</th><th scope="col">代码</th><th scope="col">位置</th><th scope="col">说明</th><th scope="col">应为</th><th scope="col">实为</th></tr></thead>
  <tbody>${model.findings.map(
    (f) => html`<tr class="finding" data-code="${f.code}">
    <td class="sev sev-${f.severity}">${SEVERITY_LABELS[f.severity] ?? f.severity}</td>
    <td><code class="code">${f.code}</code></td>
    <td>${whereLabel(f.where)}</td>
    <td>${f.message}</td>
    <td>${f.expected === undefined ? '' : String(f.expected)}</td>
    <td>${f.found === undefined ? '' : f.found === null ? '（空）' : String(f.found)}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

/** The cells not read as printed but inferred (fused digits split, rows placed by order…), with the basis of each. */
export function inferredTable(model: ReportModel): SafeHtml {
  const inferred = inferredCells(model);
  if (inferred.length === 0) return html``;
  return html`<h3>推算的单元格</h3>
  <p>表格在网页或转换中受损：以下单元格不是照印出的读取，而是按所列依据推算（共 ${inferred.reduce((n, x) => n + x.cells.length, 0)} 格）。</p>
  <table class="findings inferred">
  <caption class="visually-hidden">推算的单元格及其依据</caption>
  <thead><tr><th scope="col">单元格</th><th scope="col">格数</th><th scope="col">推算结果</th><th scope="col">依据</th></tr></thead>
  <tbody>${inferred.map(
    (x) => html`<tr class="inferred-row" data-basis="${x.basis}">
    <td>${x.what}</td>
    <td>${x.cells.length}</td>
    <td>${x.basis === 'ambiguous' || x.basis === 'header' ? '—' : html`<code class="code">${x.values.map((v) => (v === null ? '空' : String(v))).join('|')}</code>`}</td>
    <td>${BASIS_LABELS[x.basis]}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

function result(model: ReportModel, index: number): SafeHtml {
  const c = countSeverities(model.findings);
  const title = model.agency.name ? `${model.agency.name}${model.year ? `${model.year}年度` : ''}` : model.year ? `${model.year}年度报告` : '（未识别机关和年度）';
  return html`<section class="audit-result" id="r${index + 1}" aria-labelledby="r${index + 1}-h">
  <h2 id="r${index + 1}-h">${index + 1}. ${model.file ?? ''}</h2>
  <p class="meta">识别为：${title}　格式：${model.format === '2019' ? '2019 试行格式' : '2021 年格式'}${model.published ? `　发布日期：${model.published}` : ''}</p>
  <p><span class="sev sev-error">错误 ${c.errors}</span>　<span class="sev sev-warning">警告 ${c.warnings}</span>　<span class="sev sev-info">提示 ${c.infos}</span></p>
  <h3>发现的问题</h3>
  ${findingsTable(model)}
  ${inferredTable(model)}
  <h3>重建的表格（有问题的单元格已标出，鼠标停留可看说明）</h3>
  <div class="report-wide">${raw(renderHtml(model, { marks: marksFromFindings(model.findings), styles: false, headingLevel: 3 }))}</div>
</section>`;
}

function summaryTable(models: ReportModel[]): SafeHtml {
  const s = summarize(models);
  return html`<section aria-labelledby="summary-h">
  <h2 id="summary-h">汇总</h2>
  <p>共审核 ${s.files} 份报告${s.unreadable ? `，其中 ${s.unreadable} 份无法读取` : ''}：错误 ${s.errors} 个，警告 ${s.warnings} 个，提示 ${s.infos} 个。</p>
  <table class="summary-table">
    <thead><tr><th scope="col">文件</th><th scope="col">机关</th><th scope="col">年度</th><th scope="col">错误</th><th scope="col">警告</th><th scope="col">提示</th></tr></thead>
    <tbody>${models.map((m, i) => {
      const c = countSeverities(m.findings);
      return html`<tr><td><a href="#r${i + 1}">${m.file ?? ''}</a></td><td>${m.agency.name || '（未识别）'}</td><td>${m.year ?? ''}</td><td>${c.errors}</td><td>${c.warnings}</td><td>${c.infos}</td></tr>`;
    })}</tbody>
  </table>
  ${s.byCode.length ? html`<p>按问题类型：${s.byCode.map((b, i) => html`${i ? '、' : ''}<code class="code">${b.code}</code> ${b.count}`)}</p>` : ''}
</section>`;
}

function page(request: FastifyRequest, reply: FastifyReply, body: SafeHtml, status = 200) {
  return sendPage(request, reply, {
    title: '年度报告审查',
    status,
    breadcrumbs: [['首页', '/'], ['年度报告审查']],
    body: html`${CSS}<h1>政府信息公开工作年度报告审查</h1>
<p class="lead">上传任何机关已发布的政府信息公开工作年度报告，本工具按国家统一格式（国办公开办函〔2021〕30号）重建三张表格，核对勾稽关系、正文数字、章节结构等，并标出有问题的单元格。也可通过接口 <code>POST /api/audit</code> 调用。</p>
${body}`,
  });
}

export async function routes(app: App) {
  await registerUploads(app);
  app.get('/audit', async (request, reply) => page(request, reply, form()));
  app.post('/audit', { config: auditRouteConfig() }, async (request, reply) => {
    let models: ReportModel[];
    try {
      models = await auditInputs(app.auditPool, await readAuditInputs(request));
    } catch (err) {
      if (err instanceof AppError) return page(request, reply, form(err.message), err.statusCode);
      throw err;
    }
    return page(
      request,
      reply,
      html`${models.length > 1 ? summaryTable(models) : ''}
${models.map((m, i) => result(m, i))}
<h2>再审核一份</h2>
${form()}`,
    );
  });
}
