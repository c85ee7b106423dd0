/**
 * /console/calendar — the working-day calendar for administrators (issue 3): the years the
 * installation knows with their source notice (built-in or entered), and a form to add or correct a
 * year (paste or upload JSON / CSV). Validation errors are shown in Chinese; after an import the
 * page lists the open applications whose dates moved (each also recorded in the audit log).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byOf, type App } from '../app.ts';
import { AppError } from '../../app/errors.ts';
import { decodeCsv } from '../../lib/csv.ts';
import { todayInShanghai } from '../../domain/calendar/index.ts';
import { CONSOLE_LINKS } from './console.ts';
import { csrfField, errorSummary } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { redirect, sendPage } from './render.ts';
import { CalendarImportError, importCalendar, listCalendarYears, type CalendarImportOutcome } from '../../app/calendar/years.ts';

if (!CONSOLE_LINKS.some((l) => l.href('x') === '/console/calendar')) {
  CONSOLE_LINKS.push({ label: '工作日历（节假日安排）', href: () => '/console/calendar', action: 'calendar.manage' });
}

const CSS = html`<link rel="stylesheet" href="/static/applications.css">`;

interface FormInput {
  text?: string;
  notice?: string;
  noticeTitle?: string;
  format?: string;
}

/** multipart/form-data (the uploaded file as text) or a urlencoded form. */
async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, string>> {
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const out: Record<string, string> = {};
  const entries: Array<[string, string | File]> = [];
  form.forEach((v, k) => entries.push([k, v as string | File]));
  for (const [k, v] of entries) {
    if (typeof v === 'string') out[k] = v;
    else if (v.size > 0) {
      // UTF-8 (with or without BOM) or GBK/GB18030 as Excel saves it; anything else refused in Chinese.
      try {
        out[k] = decodeCsv(new Uint8Array(await v.arrayBuffer()), v.name || '上传的文件').text;
      } catch (err) {
        throw new AppError(400, 'unknown_encoding', (err as Error).message);
      }
    }
  }
  return out;
}

async function guard(app: App, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (!request.currentUser) {
    redirect(reply, `/login?next=${encodeURIComponent('/console/calendar')}`);
    return false;
  }
  return true;
}

function changesTable(r: CalendarImportOutcome): SafeHtml {
  if (!r.changes.length) return html`<p>没有在办申请的答复期限因此变化。</p>`;
  return html`<table class="list calendar-changes"><caption>期限发生变化的在办申请（已逐件记入操作日志）</caption>
<thead><tr><th>机关</th><th>申请编号</th><th>日期</th><th>原日期</th><th>新日期</th><th>原因</th></tr></thead><tbody>${r.changes.map(
    (c) => html`<tr><td>${c.agencyName}</td><td><a href="/console/applications/${c.applicationId}">${c.number}</a></td><td>${c.fieldLabel}</td><td>${c.old ?? '待定（该年安排未录入）'}</td><td>${c.new ?? '待定'}</td><td>${c.reasons.length ? html`<ul>${c.reasons.map((x) => html`<li>${x}</li>`)}</ul>` : '—'}</td></tr>`,
  )}</tbody></table>`;
}

async function page(app: App, request: FastifyRequest, reply: FastifyReply, o: { input?: FormInput; errors?: string[]; result?: CalendarImportOutcome; status?: number }) {
  const years = await listCalendarYears(app.db, byOf(request));
  const input = o.input ?? {};
  return sendPage(request, reply, {
    title: '工作日历',
    status: o.status,
    breadcrumbs: [['工作台', '/console'], ['工作日历']],
    body: (csrf) => html`${CSS}<h1>工作日历（法定节假日与调休）</h1>
<p class="lead">答复期限按工作日计算（第三十三条）。每年的放假调休安排以国务院办公厅通知为准；某年尚未录入时，跨入该年的期限显示为“待录入后确定”，录入后自动计算。</p>
${o.result ? html`<section class="card" role="status"><h2>已录入 ${o.result.years.map((y) => `${y.year}年`).join('、')}</h2>
<ul>${o.result.years.map((y) => html`<li>${y.year}年：${y.replaced === 'builtin' ? '更正内置安排' : y.replaced === 'entered' ? '更正已录入的安排' : '新增'}，放假${y.holidays}天、调休上班${y.workdays}天；依据：${y.source}</li>`)}</ul>
${changesTable(o.result)}</section>` : ''}
<section><h2>已有年份</h2>
<table class="list"><thead><tr><th>年份</th><th>来源</th><th>依据</th><th>放假天数</th><th>调休上班</th><th>录入</th></tr></thead><tbody>${years.map(
      (y) => html`<tr><td>${y.year}</td><td>${y.origin === 'builtin' ? '内置' : y.replacesBuiltin ? '录入（更正内置）' : '录入'}</td><td>${y.source}</td><td>${y.holidays}</td><td>${y.workdays}</td><td>${y.updatedAt ? `${todayInShanghai(new Date(y.updatedAt))} ${y.updatedBy ?? '命令行'}` : '—'}</td></tr>`,
    )}</tbody></table></section>
<section><h2>录入或更正一年</h2>
${o.errors?.length ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>未录入，请修改以下内容：</h2><ul>${o.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : errorSummary({})}
<form method="post" action="/console/calendar" enctype="multipart/form-data" class="form">
${csrfField(csrf)}
<div class="field"><label for="f-notice">通知文号（CSV 必填，JSON 可在文件内写明）</label><input id="f-notice" name="notice" type="text" maxlength="60" value="${input.notice ?? ''}" placeholder="国办发明电〔2026〕7号"></div>
<div class="field"><label for="f-noticeTitle">通知标题（可不填：国务院办公厅关于YYYY年部分节假日安排的通知）</label><input id="f-noticeTitle" name="noticeTitle" type="text" maxlength="200" value="${input.noticeTitle ?? ''}"></div>
<div class="field"><label for="f-file">上传文件（JSON 或 CSV）</label><input id="f-file" name="file" type="file" accept=".json,.csv,text/csv,application/json"></div>
<div class="field"><label for="f-text">或粘贴内容</label><textarea id="f-text" name="text" rows="10">${input.text ?? ''}</textarea>
<p class="hint">CSV 表头为 <code>date,kind,name</code>，kind 为 holiday（放假，含放假期间的周末）或 workday（调休上班日，只能是周六或周日），例如：<code>2027-01-01,holiday,元旦</code></p></div>
<button type="submit" class="primary">录入</button>
</form></section>`,
  });
}

export async function routes(app: App) {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, async (request: FastifyRequest, body: Buffer) =>
    parseMultipart(String(request.headers['content-type']), body),
  );

  app.get('/console/calendar', async (request, reply) => {
    if (!(await guard(app, request, reply))) return;
    return page(app, request, reply, {});
  });

  app.post('/console/calendar', async (request, reply) => {
    if (!(await guard(app, request, reply))) return;
    const body = (request.body ?? {}) as Record<string, string>;
    const input: FormInput = {
      text: (body.file && body.file.trim() ? body.file : body.text) ?? '',
      notice: body.notice?.trim() || undefined,
      noticeTitle: body.noticeTitle?.trim() || undefined,
    };
    try {
      const result = await importCalendar(app.db, { text: input.text ?? '', notice: input.notice, noticeTitle: input.noticeTitle }, byOf(request));
      return page(app, request, reply, { result });
    } catch (e) {
      if (e instanceof CalendarImportError) return page(app, request, reply, { input, errors: e.errors, status: 400 });
      if (e instanceof AppError && e.statusCode < 500) return page(app, request, reply, { input, errors: [e.message], status: e.statusCode });
      throw e;
    }
  });
}
