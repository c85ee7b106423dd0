/**
 * Annual report pages (issue 6).
 *
 * Staff console (/console/reports/…): the report of an agency and year compiled from the data, its
 * findings at their cells (marked) and sentences, the prose sections 一、五、六 edited in place, the
 * workflow (报送 → 退回 / 审查通过 → 公布; 更正 = a new version), the deadline and days left, every
 * cell of tables 2 and 3 opening the applications or cases behind it, downloads in every format;
 * the supervisor's status board and roll-up.
 *
 * Portal (/agencies/<code>/reports…): the published reports, every version, each as the agency's
 * page with 发布日期 and 点击数, downloads, and older versions with their 更正说明.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { reports } from '../../db/schema.ts';
import { countSeverities } from '../../domain/report/checks.ts';
import type { Finding, ReportModel, ReportSections } from '../../domain/report/model.ts';
import { marksFromFindings, renderHtml } from '../../domain/report/render/index.ts';
import { reportTitle } from '../../domain/report/render/layout.ts';
import { DEADLINE_LEVEL_LABELS, REPORT_STATUS_LABELS, todayInShanghai, type ReportStatus } from '../../domain/report/workflow.ts';
import { APPEAL_KIND_LABELS, APPEAL_RESULT_LABELS, APPLICANT_TYPE_LABELS, CHANNEL_LABELS, type AppealKind, type Channel, type Table2Column } from '../../domain/taxonomy/index.ts';
import { byOf, type App } from '../app.ts';
import { AppError, notFound } from '../../app/errors.ts';
import { getAgencyByCode } from '../../app/agencies.ts';
import { downloadDisposition } from '../../lib/http/disposition.ts';
import { CONTENT_TYPES, isExportFormat, renderReportFile, reportFilename, EXPORT_FORMATS } from '../../app/reports/export.ts';
import { SEVERITY_LABELS, whereLabel } from '../../app/reports/labels.ts';
import {
  cellRecords,
  cellValue,
  clearReport,
  countView,
  publishedReports,
  publishedVersion,
  publishReport,
  returnReport,
  saveProse,
  startCorrection,
  statusBoard,
  submitReport,
  viewReport,
  type By,
  type ReportView,
} from '../../app/reports/service.ts';
import { CONSOLE_LINKS } from './console.ts';
import { csrfField } from './forms.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { noticeFor, redirect, sendPage } from './render.ts';
import { sendPortalPage } from './page-cache.ts';

const CSS = html`<link rel="stylesheet" href="/static/reports.css">`;
const FORMAT_LABELS: Record<string, string> = { docx: 'Word（DOCX）', xlsx: 'Excel（XLSX）', pdf: 'PDF', json: 'JSON（报告模型）', html: 'HTML' };
const PROSE: Array<{ key: keyof ReportSections; heading: string; hint: string }> = [
  { key: 'overview', heading: '一、总体情况', hint: '综述主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况，原则上不超过一千字（国办公开办函〔2021〕30号）。' },
  { key: 'problems', heading: '五、存在的主要问题及改进情况', hint: '实事求是、明确具体；不得与往年雷同。' },
  { key: 'other', heading: '六、其他需要报告的事项', hint: '收取信息处理费的情况在此专门报告。' },
];
const NOTICES: Record<string, string> = {
  saved: '正文已保存，报告已按最新数据重新编制和检查。',
  submitted: '年度报告已报送上级政务公开办。',
  returned: '年度报告已退回修改。',
  cleared: '年度报告已审查通过，可以公布。',
  published: '年度报告已在门户网站公布。',
  correcting: '已创建更正版本：修改后按原流程报送、公布，原版本继续公开。',
};

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new AppError(400, 'bad_request', `报告年度“${value}”无效，应为四位年份`);
  return Number(value);
}

function requireStaff(request: FastifyRequest, reply: FastifyReply): boolean {
  if (!request.currentUser) {
    void redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
    return false;
  }
  return true;
}

function statusBadge(status: ReportStatus | null): SafeHtml {
  if (!status) return html`<span class="badge none">未编制</span>`;
  return html`<span class="badge ${status}">${REPORT_STATUS_LABELS[status]}</span>`;
}

function daysText(days: number): SafeHtml {
  if (days > 0) return html`<span class="days-left">还有 ${days} 天</span>`;
  if (days === 0) return html`<span class="days-left overdue">今天截止</span>`;
  return html`<span class="days-left overdue">已逾期 ${-days} 天</span>`;
}

/** Findings of one prose section: those placed at it, and those quoting a sentence of it. */
function proseFindings(model: ReportModel, key: keyof ReportSections): Finding[] {
  const text = model.sections[key] ?? '';
  return model.findings.filter((f) => {
    if (f.where === `section/${key}`) return true;
    if (f.where?.startsWith('text/')) {
      const excerpt = f.where.slice(5);
      const owner = PROSE.find((p) => (model.sections[p.key] ?? '').includes(excerpt));
      return owner?.key === key && text.includes(excerpt);
    }
    return false;
  });
}

function findingsList(findings: Finding[]): SafeHtml {
  return html`<ul class="prose-findings">${findings.map((f) => html`<li class="sev-${f.severity}" data-code="${f.code}"><strong>${SEVERITY_LABELS[f.severity]}</strong>：${f.message}</li>`)}</ul>`;
}

function findingsTable(findings: Finding[], cellHref?: (where: string) => string | null): SafeHtml {
  if (findings.length === 0) return html`<p class="notice">检查通过：没有发现问题。</p>`;
  return html`<table class="findings" id="findings">
  <thead><tr><th scope="col">严重程度</th><th scope="col">代码</th><th scope="col">位置</th><th scope="col">说明</th><th scope="col">应为</th><th scope="col">实为</th></tr></thead>
  <tbody>${findings.map((f) => {
    const href = f.where && cellHref ? cellHref(f.where) : null;
    return html`<tr class="finding" data-code="${f.code}">
    <td class="sev sev-${f.severity}">${SEVERITY_LABELS[f.severity] ?? f.severity}</td>
    <td><code class="code">${f.code}</code></td>
    <td>${href ? html`<a href="${href}">${whereLabel(f.where)}</a>` : whereLabel(f.where)}</td>
    <td>${f.message}</td>
    <td>${f.expected === undefined ? '' : String(f.expected)}</td>
    <td>${f.found === undefined ? '' : f.found === null ? '（空）' : String(f.found)}</td>
  </tr>`;
  })}</tbody>
</table>`;
}

/** renderHtml with the cells of tables 2 and 3 linked to the page listing what is behind them. */
function linkedReportHtml(model: ReportModel, options: { marks?: boolean; cellBase?: string; headingLevel?: 1 | 2 | 3 }): string {
  let out = renderHtml(model, { styles: false, headingLevel: options.headingLevel ?? 2, marks: options.marks ? marksFromFindings(model.findings) : undefined });
  if (options.cellBase) {
    const base = options.cellBase;
    out = out.replace(/<td ([^>]*data-where="(table[23]\/[\w.]+\/[\w.]+)"[^>]*)>([^<]*)<\/td>/g, (_m, attrs: string, where: string, text: string) =>
      `<td ${attrs}><a href="${base}?where=${encodeURIComponent(where)}" aria-label="${whereLabel(where).replace(/"/g, '&quot;')}：${text}，查看对应的${where.startsWith('table2') ? '申请' : '案件'}">${text}</a></td>`,
    );
  }
  return out;
}

function consoleBase(code: string, year: number) {
  return `/console/reports/${encodeURIComponent(code)}/${year}`;
}

function reportPage(request: FastifyRequest, reply: FastifyReply, view: ReportView, extra: { error?: AppError; notice?: string } = {}) {
  const { place, model, year } = view;
  const code = place.agency.code;
  const base = consoleBase(code, year);
  const c = countSeverities(model.findings);
  const current = view.row;
  const title = `${place.agency.name} ${year}年度政府信息公开工作年度报告`;
  const errorFindings = (extra.error?.details as { findings?: Finding[] } | undefined)?.findings;
  const body = (csrf: string) => html`${CSS}
<h1>${title}</h1>
${extra.error
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="action-error"><h2>操作未完成</h2><p>${extra.error.message.split('：')[0]}${errorFindings ? '：' : ''}</p>${errorFindings ? findingsList(errorFindings) : extra.error.message.includes('：') ? html`<p>${extra.error.message.slice(extra.error.message.indexOf('：') + 1)}</p>` : ''}</div>`
    : ''}
<dl class="status-box">
  <dt>状态</dt><dd>${statusBadge(view.row ? view.status : null)}${view.row ? '' : html` <span class="meta">（尚未保存；下方为按现有数据编制的初稿）</span>`} 第 ${view.version} 版${view.kind === 'rollup' ? '（汇总报告）' : ''}</dd>
  <dt>公布期限</dt><dd>${view.deadline}（${DEADLINE_LEVEL_LABELS[place.level]}）${view.status === 'published' ? html` · 已于 ${current?.publishedDate ?? ''} 公布${(current?.publishedDate ?? '') > view.deadline ? html` <span class="badge late">逾期公布</span>` : ''}` : html` · ${daysText(view.daysLeft)}`}</dd>
  <dt>审查机关</dt><dd>${place.supervisor ? `${place.supervisor.name}（政务公开办）` : '无上级政务公开办：本机关直接公布'}</dd>
  <dt>数据</dt><dd>${view.live ? '按现有办件数据实时编制（报送后冻结）' : '已冻结（报送或公布时的数据，之后办件的变化不影响本版本）'}</dd>
  ${current?.status === 'returned' && current.returnNote ? html`<dt>退回意见</dt><dd class="correction-note">${current.returnNote}</dd>` : ''}
  ${current?.correctionNote ? html`<dt>更正说明</dt><dd class="correction-note">${current.correctionNote}</dd>` : ''}
  <dt>检查结果</dt><dd><span class="sev sev-error">错误 ${c.errors}</span>　<span class="sev sev-warning">警告 ${c.warnings}</span>　<span class="sev sev-info">提示 ${c.infos}</span></dd>
</dl>

${actions(view, csrf)}

<h2 id="findings-h">检查发现的问题</h2>
${findingsTable(model.findings, (where) => (where.startsWith('section/') ? `#prose-${where.slice(8)}` : where.startsWith('table') ? '#report' : where.startsWith('figures/') ? `/console/${encodeURIComponent(code)}/figures?year=${where.split('/')[1]}` : null))}

${view.allowed.edit
    ? html`<h2>正文（一、五、六部分）</h2>
<form class="prose-form form" method="post" action="${base}/prose">${csrfField(csrf)}
${PROSE.map((p) => {
  const fs = proseFindings(model, p.key);
  return html`<div class="field${fs.some((f) => f.severity === 'error') ? ' has-finding' : ''}" id="prose-${p.key}">
  <label for="f-${p.key}">${p.heading}</label>
  <p class="hint">${p.hint}</p>
  ${fs.length ? findingsList(fs) : ''}
  <textarea id="f-${p.key}" name="${p.key}" rows="${p.key === 'overview' ? 14 : 7}">${model.sections[p.key]}</textarea>
</div>`;
})}
<button type="submit" class="primary">保存正文并重新检查</button>
</form>`
    : ''}

<h2>下载</h2>
<ul class="downloads">${EXPORT_FORMATS.map((f) => html`<li><a href="${base}/download/${f}">${FORMAT_LABELS[f]}</a></li>`)}</ul>

${view.parts ? html`<h2>汇总范围</h2><ul>${view.parts.map((p) => html`<li>${p.agencyName}（第 ${p.version} 版，${REPORT_STATUS_LABELS[p.status]}）</li>`)}</ul>` : ''}

<h2 id="report">报告全文${view.kind === 'agency' ? html` <span class="meta">（点击表二、表三的数字可查看对应的申请或案件）</span>` : ''}</h2>
<div class="report-wide">${raw(linkedReportHtml(model, { marks: true, cellBase: view.kind === 'agency' ? `${base}/cell` : undefined }))}</div>

${view.versions.length > 1
    ? html`<h2>各版本</h2><ul class="versions">${view.versions.map((v) => html`<li>第 ${v.version} 版 · ${statusBadge(v.status as ReportStatus)}${v.publishedDate ? ` · 公布于 ${v.publishedDate}` : ''}${v.correctionNote ? ` · 更正说明：${v.correctionNote}` : ''}</li>`)}</ul>`
    : ''}
${view.status === 'published' ? html`<p><a href="/agencies/${encodeURIComponent(code)}/reports/${year}">在门户网站查看</a></p>` : ''}`;
  return sendPage(request, reply, {
    title,
    status: extra.error?.statusCode ?? 200,
    notice: extra.notice,
    breadcrumbs: [['工作台', '/console'], ['年度报告', `/console/reports/${encodeURIComponent(code)}`], [`${year}年度`]],
    body,
  });
}

function actions(view: ReportView, csrf: string): SafeHtml {
  const base = consoleBase(view.place.agency.code, view.year);
  const a = view.allowed;
  const items: SafeHtml[] = [];
  if (a.submit)
    items.push(html`<form method="post" action="${base}/submit">${csrfField(csrf)}<button type="submit" class="primary">报送${view.place.supervisor ? `（${view.place.supervisor.name}）` : ''}</button></form>`);
  if (a.clear) items.push(html`<form method="post" action="${base}/clear">${csrfField(csrf)}<button type="submit" class="primary">审查通过</button></form>`);
  if (a.return)
    items.push(html`<form method="post" action="${base}/return" class="action-form">${csrfField(csrf)}<label for="f-note">退回意见</label><textarea id="f-note" name="note" required maxlength="5000"></textarea><button type="submit" class="secondary">退回修改</button></form>`);
  if (a.publish) items.push(html`<form method="post" action="${base}/publish">${csrfField(csrf)}<button type="submit" class="primary">在门户网站公布</button></form>`);
  if (a.correct)
    items.push(html`<form method="post" action="${base}/correct" class="action-form">${csrfField(csrf)}<label for="f-correction">更正说明</label><textarea id="f-correction" name="note" required maxlength="5000" placeholder="更正了什么、为什么更正"></textarea><button type="submit" class="secondary">发布更正版本</button></form>`);
  return items.length ? html`<div class="actions">${items}</div>` : html``;
}

export async function routes(app: App) {
  if (!CONSOLE_LINKS.some((l) => l.href('x') === '/console/reports/x')) {
    CONSOLE_LINKS.push(
      { label: '政府信息公开工作年度报告', href: (code) => `/console/reports/${encodeURIComponent(code)}`, action: 'report.view' },
      { label: '年度报告报送情况（下级机关）', href: (code) => `/console/reports/${encodeURIComponent(code)}/board`, action: 'report.review' },
    );
  }

  // --- Console: the agency's years -------------------------------------------------------------
  app.get<{ Params: { code: string } }>('/console/reports/:code', async (request, reply) => {
    if (!requireStaff(request, reply)) return reply;
    const thisYear = Number(todayInShanghai(new Date()).slice(0, 4));
    const agency = await getAgencyByCode(app.db, request.params.code);
    // The view of last year authorizes (report.view / rollup / review) and gives the place.
    const last = await viewReport(app.db, byOf(request), agency.code, thisYear - 1);
    const rows = await app.db.select().from(reports).where(eq(reports.agencyId, agency.id));
    const years = [...new Set([thisYear - 1, thisYear - 2, thisYear - 3, ...rows.map((r) => r.year)])].sort((x, y) => y - x);
    const latest = (year: number) => rows.filter((r) => r.year === year).sort((x, y) => y.version - x.version)[0];
    return sendPage(request, reply, {
      title: `${agency.name} 年度报告`,
      breadcrumbs: [['工作台', '/console'], ['年度报告']],
      body: html`${CSS}<h1>${agency.name}：政府信息公开工作年度报告</h1>
<p class="lead">年度报告按本机关的办件、复议诉讼、文件和年度数据自动编制；${DEADLINE_LEVEL_LABELS[last.place.level]}。</p>
<table class="board"><thead><tr><th scope="col">年度</th><th scope="col">状态</th><th scope="col">版本</th><th scope="col">公布期限</th><th scope="col">公布日期</th></tr></thead>
<tbody>${years.map((y) => {
  const r = latest(y);
  return html`<tr><td><a href="/console/reports/${encodeURIComponent(agency.code)}/${y}">${y}年度</a></td><td>${statusBadge((r?.status as ReportStatus) ?? null)}</td><td>${r ? `第 ${r.version} 版` : ''}</td><td>${y + 1}-${last.deadline.slice(5)}</td><td>${r?.publishedDate ?? ''}</td></tr>`;
})}</tbody></table>
${last.place.supervised.length ? html`<p><a href="/console/reports/${encodeURIComponent(agency.code)}/board">下级机关年度报告报送情况</a></p>` : ''}`,
    });
  });

  // --- Console: the supervisor's status board ---------------------------------------------------
  app.get<{ Params: { code: string }; Querystring: { year?: string } }>('/console/reports/:code/board', async (request, reply) => {
    if (!requireStaff(request, reply)) return reply;
    const year = request.query.year ? parseYear(request.query.year) : Number(todayInShanghai(new Date()).slice(0, 4)) - 1;
    const board = await statusBoard(app.db, byOf(request), request.params.code, year);
    const a = board.place.agency;
    const open = board.rows.filter((r) => r.status !== 'published');
    return sendPage(request, reply, {
      title: `${a.name} ${year}年度报告报送情况`,
      breadcrumbs: [['工作台', '/console'], ['年度报告', `/console/reports/${encodeURIComponent(a.code)}`], ['报送情况']],
      body: html`${CSS}<h1>${year}年度报告报送情况</h1>
<p class="lead">${a.name}政务公开办负责审查的 ${board.rows.length} 个机关中，${open.length} 个尚未公布${year}年度报告。</p>
<form method="get" class="form"><label for="f-year">年度</label> <input id="f-year" name="year" type="number" min="2008" max="2100" value="${year}"> <button type="submit" class="secondary">查看</button></form>
<table class="board"><thead><tr><th scope="col">机关</th><th scope="col">状态</th><th scope="col">公布期限</th><th scope="col">公布日期</th><th scope="col">剩余</th></tr></thead>
<tbody>${board.rows.map(
        (r) => html`<tr data-agency="${r.agency.code}"><td><a href="/console/reports/${encodeURIComponent(r.agency.code)}/${year}">${r.agency.name}</a></td><td>${statusBadge(r.status)}${r.version && r.version > 1 ? ` 第 ${r.version} 版` : ''}</td><td>${r.deadline}</td><td>${r.publishedDate ?? ''}${r.publishedDate && r.late ? html` <span class="badge late">逾期</span>` : ''}</td><td>${r.status === 'published' ? '—' : daysText(r.daysLeft)}</td></tr>`,
      )}</tbody></table>
<p><a href="/console/reports/${encodeURIComponent(a.code)}/${year}">${a.name}${year}年度汇总报告</a>（由下级机关已公布或审查通过的报告汇总）</p>`,
    });
  });

  // --- Console: one report -------------------------------------------------------------------------
  app.get<{ Params: { code: string; year: string }; Querystring: { done?: string } }>('/console/reports/:code/:year', async (request, reply) => {
    if (!requireStaff(request, reply)) return reply;
    const view = await viewReport(app.db, byOf(request), request.params.code, parseYear(request.params.year));
    return reportPage(request, reply, view, { notice: noticeFor(NOTICES, request.query.done) });
  });

  app.get<{ Params: { code: string; year: string }; Querystring: { where?: string } }>('/console/reports/:code/:year/cell', async (request, reply) => {
    if (!requireStaff(request, reply)) return reply;
    const year = parseYear(request.params.year);
    const view = await viewReport(app.db, byOf(request), request.params.code, year);
    const where = String(request.query.where ?? '');
    const records = await cellRecords(app.db, view, where);
    const value = cellValue(view.model, where);
    const base = consoleBase(view.place.agency.code, year);
    return sendPage(request, reply, {
      title: `${whereLabel(where)} 的来源`,
      breadcrumbs: [['工作台', '/console'], ['年度报告', `/console/reports/${encodeURIComponent(view.place.agency.code)}`], [`${year}年度`, base], ['单元格来源']],
      body: html`${CSS}<h1>${whereLabel(where)}</h1>
<p class="lead">${view.place.agency.name}${year}年度报告中此格为 <strong>${value == null ? '（空）' : String(value)}</strong>${view.live ? '（按现有数据编制）' : '（报送或公布时冻结的数据）'}，对应以下${records.kind === 'applications' ? '申请' : '案件'}：</p>
${records.kind === 'applications'
  ? records.applications.length
    ? html`<table class="board"><thead><tr><th scope="col">申请编号</th><th scope="col">申请内容</th><th scope="col">申请人类型</th><th scope="col">渠道</th></tr></thead><tbody>${records.applications.map(
        (a) => html`<tr><td><a href="/console/applications/${a.id}">${a.number}</a></td><td>${a.subject}</td><td>${APPLICANT_TYPE_LABELS[a.applicantType as Table2Column] ?? a.applicantType}</td><td>${CHANNEL_LABELS[a.channel as Channel] ?? a.channel}</td></tr>`,
      )}</tbody></table>`
    : html`<p>没有申请（此格为 0）。</p>`
  : records.appeals.length
    ? html`<table class="board"><thead><tr><th scope="col">案号</th><th scope="col">类型</th><th scope="col">立案日期</th><th scope="col">审结日期</th><th scope="col">结果</th><th scope="col">涉及申请</th></tr></thead><tbody>${records.appeals.map(
        (a) => html`<tr><td>${a.number ?? `案件 ${a.id}`}</td><td>${APPEAL_KIND_LABELS[a.kind as AppealKind] ?? a.kind}</td><td>${a.filedDate}</td><td>${a.concludedDate ?? ''}</td><td>${(APPEAL_RESULT_LABELS as Record<string, string>)[a.result] ?? a.result}</td><td>${a.applicationId ? html`<a href="/console/applications/${a.applicationId}">查看申请</a>` : ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p>没有案件（此格为 0）。</p>`}
<p><a href="${base}#report">返回年度报告</a></p>`,
    });
  });

  app.get<{ Params: { code: string; year: string; fmt: string } }>('/console/reports/:code/:year/download/:fmt', async (request, reply) => {
    if (!requireStaff(request, reply)) return reply;
    const fmt = request.params.fmt;
    if (!isExportFormat(fmt)) throw notFound(`不支持的下载格式“${fmt}”`);
    const view = await viewReport(app.db, byOf(request), request.params.code, parseYear(request.params.year));
    const bytes = await renderReportFile(view.model, fmt);
    return reply
      .type(CONTENT_TYPES[fmt])
      .header('content-disposition', downloadDisposition(reportFilename(view.model, fmt, view.version), { fallback: `report-${view.year}.${fmt}` }))
      .send(bytes);
  });

  // --- Console: the workflow's steps --------------------------------------------------------------
  const step = (name: string, run: (request: FastifyRequest, code: string, year: number, body: Record<string, unknown>) => Promise<ReportView>) =>
    app.post<{ Params: { code: string; year: string } }>(`/console/reports/:code/:year/${name}`, async (request, reply) => {
      if (!requireStaff(request, reply)) return reply;
      const year = parseYear(request.params.year);
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        await run(request, request.params.code, year, body);
      } catch (err) {
        if (err instanceof AppError && err.statusCode !== 404) {
          // Show the page again with the reason (and the user's unsaved text for the prose form).
          const view = await viewReport(app.db, byOf(request), request.params.code, year);
          if (name === 'prose') for (const p of PROSE) if (typeof body[p.key] === 'string') view.model.sections[p.key] = body[p.key] as string;
          return reportPage(request, reply, view, { error: err });
        }
        throw err;
      }
      return redirect(reply, `${consoleBase(request.params.code, year)}?done=${DONE[name]}`);
    });
  const DONE: Record<string, string> = { prose: 'saved', submit: 'submitted', return: 'returned', clear: 'cleared', publish: 'published', correct: 'correcting' };
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  step('prose', (r, code, year, body) => {
    const sections: Partial<ReportSections> = {};
    for (const p of PROSE) if (typeof body[p.key] === 'string') sections[p.key] = body[p.key] as string;
    return saveProse(app.db, byOf(r), code, year, sections);
  });
  step('submit', (r, code, year) => submitReport(app.db, byOf(r), code, year));
  step('return', (r, code, year, body) => returnReport(app.db, byOf(r), code, year, text(body.note)));
  step('clear', (r, code, year) => clearReport(app.db, byOf(r), code, year));
  step('publish', (r, code, year) => publishReport(app.db, byOf(r), code, year));
  step('correct', (r, code, year, body) => startCorrection(app.db, byOf(r), code, year, text(body.note)));

  // --- Portal --------------------------------------------------------------------------------------
  // The list is a cached portal page (page-cache.ts); a report's own page counts views in the database, so it is not.
  app.get<{ Params: { code: string } }>('/agencies/:code/reports', (request, reply) =>
    sendPortalPage(request, reply, `/agencies/${encodeURIComponent(request.params.code)}/reports`, async () => {
      const agency = await getAgencyByCode(app.db, request.params.code);
      const rows = await publishedReports(app.db, agency.id);
      const years = [...new Set(rows.map((r) => r.year))];
      const code = encodeURIComponent(agency.code);
      return {
        title: `${agency.name} 政府信息公开工作年度报告`,
        breadcrumbs: [['首页', '/'], [agency.name, `/agencies/${code}`], ['政府信息公开年度报告']],
        body: html`${CSS}<h1>政府信息公开工作年度报告</h1>
<p class="lead">${agency.name}依据《中华人民共和国政府信息公开条例》第四十九条、第五十条公布的年度报告。</p>
${years.length
  ? html`<ul class="versions report-list">${years.map((y) => {
      const versions = rows.filter((r) => r.year === y);
      const latest = versions[0];
      return html`<li><a href="/agencies/${code}/reports/${y}">${y}年度政府信息公开工作年度报告</a> <span class="meta">发布日期：${latest.publishedDate ?? ''}${versions.length > 1 ? `（已更正，共 ${versions.length} 个版本）` : ''}</span></li>`;
      })}</ul>`
  : html`<p>暂无已公布的年度报告。</p>`}`,
      };
    }),
  );

  app.get<{ Params: { code: string; year: string }; Querystring: { version?: string } }>('/agencies/:code/reports/:year', async (request, reply) => {
    const year = parseYear(request.params.year);
    const wanted = request.query.version;
    if (wanted && !/^\d{1,6}$/.test(wanted)) throw notFound(`找不到${year}年度报告的第 ${wanted} 版`);
    const { agency, versions, row } = await publishedVersion(app.db, request.params.code, year, wanted ? Number(wanted) : undefined);
    await countView(app.db, row.id);
    const model = row.model as ReportModel;
    const code = encodeURIComponent(agency.code);
    const base = `/agencies/${code}/reports/${year}`;
    const isLatest = row.version === versions[0].version;
    const late = model.findings.find((f) => f.code === 'deadline.late');
    const correction = versions.find((v) => v.version === row.version + 1)?.correctionNote;
    const article = linkedReportHtml(model, { headingLevel: 1 }).replace(
      '</h1>',
      `</h1>\n<p class="report-meta"><span>发布日期：${row.publishedDate ?? ''}</span><span>点击数：${row.viewCount + 1}</span>${versions.length > 1 ? `<span>第 ${row.version} 版${isLatest ? '（现行版本）' : '（已被更正）'}</span>` : ''}</p>`,
    );
    return sendPage(request, reply, {
      title: reportTitle(model),
      breadcrumbs: [['首页', '/'], [agency.name, `/agencies/${code}`], ['政府信息公开年度报告', `/agencies/${code}/reports`], [`${year}年度`]],
      body: html`${CSS}
${!isLatest ? html`<p class="correction-note" role="note">这是已被更正的第 ${row.version} 版。${correction ? `更正说明：${correction}` : ''} <a href="${base}">查看现行版本</a></p>` : ''}
${row.correctionNote ? html`<p class="correction-note" role="note">更正说明（第 ${row.version} 版）：${row.correctionNote}</p>` : ''}
<div class="report-wide">${raw(article)}</div>
${late ? html`<p class="meta">注：${late.message}</p>` : ''}
<h2>下载</h2>
<ul class="downloads">${(['docx', 'xlsx', 'pdf', 'json'] as const).map((f) => html`<li><a href="${base}/download/${f}?version=${row.version}">${FORMAT_LABELS[f]}</a></li>`)}</ul>
${versions.length > 1
  ? html`<h2>历史版本</h2><ul class="versions">${versions.map((v) => html`<li>${v.version === row.version ? html`<strong>第 ${v.version} 版</strong>` : html`<a href="${base}?version=${v.version}">第 ${v.version} 版</a>`} · 发布日期 ${v.publishedDate ?? ''}${v.correctionNote ? ` · 更正说明：${v.correctionNote}` : ' · 原始版本'}</li>`)}</ul>`
  : ''}`,
    });
  });

  app.get<{ Params: { code: string; year: string; fmt: string }; Querystring: { version?: string } }>('/agencies/:code/reports/:year/download/:fmt', async (request, reply) => {
    const fmt = request.params.fmt;
    if (!isExportFormat(fmt)) throw notFound(`不支持的下载格式“${fmt}”`);
    const agency = await getAgencyByCode(app.db, request.params.code);
    const year = parseYear(request.params.year);
    const versions = (await publishedReports(app.db, agency.id)).filter((r) => r.year === year);
    const row = request.query.version ? versions.find((v) => v.version === Number(request.query.version)) : versions[0];
    if (!row) throw notFound(`${agency.name}尚未公布${year}年度报告`);
    const model = row.model as ReportModel;
    return reply
      .type(CONTENT_TYPES[fmt])
      .header('content-disposition', downloadDisposition(reportFilename(model, fmt, row.version), { fallback: `report-${year}-v${row.version}.${fmt}` }))
      .send(await renderReportFile(model, fmt));
  });

}
