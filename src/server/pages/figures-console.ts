/**
 * The figures form of the console (信息公开专员): the numbers of the annual report's 表一 that no
 * document gives, for one year, in the items of the format that year is reported in — the 2021
 * format's 许可/处罚/强制/收费, the 2019 trial format's (report years 2019–2020) decisions, year-end
 * 项目数量 and 政府集中采购, and for 2018 only the year-end 项目数量 the 2019 report reads. The list of
 * items is the domain's (src/domain/report/figures.ts); validation and saving are the use case's
 * (src/app/portal/figures.ts), the same that `gongkai import figures` saves through.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byOf, type App } from '../app.ts';
import { todayInShanghai } from '../../domain/calendar/index.ts';
import { FIRST_REPORT_YEAR } from '../../domain/report/policy.ts';
import type { FigureField, FiguresOfYear } from '../../domain/report/figures.ts';
import { getAgencyByCode, type Agency } from '../../app/agencies.ts';
import { AppError } from '../../app/errors.ts';
import { figuresFormOf, readFigures, saveFigures } from '../../app/portal/figures.ts';
import { CONSOLE_LINKS } from './console.ts';
import { compactForm, csrfField, errorSummary, selectField, textField, type FieldErrors } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { redirect, sendPage } from './render.ts';

CONSOLE_LINKS.push({ label: '年度报告表一数据（许可、处罚、强制、收费等）', href: (code) => `/console/${encodeURIComponent(code)}/figures`, action: 'figures.edit' });

const FORMAT_TITLES: Record<FiguresOfYear['format'], (year: number) => string> = {
  '2021': (y) => `${y}年度报告表一数据`,
  '2019': (y) => `${y}年度报告表一数据（试行格式）`,
  year_end_items: (y) => `${y}年末项目数量`,
};

function formatLead(form: FiguresOfYear): SafeHtml {
  const y = form.year;
  if (form.format === '2021')
    return html`${y}年度报告按国办公开办函〔2021〕30号的格式编制。表一第二十条第（五）（六）项的处理决定数量包括已公开和依法未公开的全部处理决定，第（八）项为本年收费金额（万元，最多六位小数）；核定时间点为该年12月31日。规章和行政规范性文件由“主动公开文件”统计，不在此填报。`;
  if (form.format === '2019')
    return html`${y}年度报告按国办公开办函〔2019〕60号的试行格式编制。表一的「上一年项目数量」取${y - 1}年填报的年末项目数量，「本年增/减」按两年之差计算，无需填写；采购总金额以万元计（最多六位小数）。规章和规范性文件由“主动公开文件”统计，不在此填报。`;
  return html`${y}年不编制年度报告。这里填报的${y}年末项目数量，是${FIRST_REPORT_YEAR}年度报告（试行格式）表一「上一年项目数量」的来源。`;
}

/** The fields grouped under their item of 第二十条, in the table's order. */
function groups(fields: readonly FigureField[]): Array<[string, FigureField[]]> {
  const out = new Map<string, FigureField[]>();
  for (const f of fields) out.set(f.article20Item, [...(out.get(f.article20Item) ?? []), f]);
  return [...out];
}

function staffOnly(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.currentUser) return true;
  redirect(reply, `/login?next=${encodeURIComponent(request.url)}`);
  return false;
}

export async function routes(app: App) {
  const lastYear = () => Number(todayInShanghai(new Date()).slice(0, 4)) - 1;

  async function figuresPage(request: FastifyRequest, reply: FastifyReply, a: Agency, year: number, o: { errors?: FieldErrors; notice?: string; values?: Record<string, string>; status?: number } = {}) {
    const by = byOf(request);
    const current = await readFigures(app.db, by, a.id, year);
    let form: FiguresOfYear | null = null;
    let refused: string | null = null;
    try {
      form = figuresFormOf(year);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refused = err.message;
    }
    const previous = form?.format === '2019' ? await readFigures(app.db, by, a.id, year - 1) : {};
    const years = Array.from({ length: lastYear() + 2 - (FIRST_REPORT_YEAR - 1) }, (_, i) => lastYear() + 1 - i);
    const errors = o.errors ?? {};
    const code = encodeURIComponent(a.code);
    const title = form ? FORMAT_TITLES[form.format](year) : `${year}年数据`;
    const val = (item: FigureField['item']) => o.values?.[item] ?? (current[item] ? String(current[item]!.value) : '');
    const hint = (f: FigureField) => {
      const parts: string[] = [];
      if (f.unit === '万元') parts.push('单位：万元，最多六位小数');
      const before = previous[f.item];
      if (form?.format === '2019' && f.column === '年末项目数量') parts.push(before ? `${year - 1}年末：${before.value}（本年增/减按差额计算）` : `${year - 1}年末尚未填报`);
      const now = current[f.item];
      if (now) parts.push(`上次填报：${now.value}（来源：${now.source ?? '未注明'}）`);
      return parts.join('；') || undefined;
    };
    const missingBefore = form?.format === '2019' && form.fields.some((f) => f.column === '年末项目数量' && !previous[f.item]);
    const reportYear = form?.format === 'year_end_items' ? FIRST_REPORT_YEAR : year;
    const labels = Object.fromEntries([...(form?.fields ?? []).map((f) => [f.item, f.label]), ['source', '数据来源'], ['year', '年度']]);
    return sendPage(request, reply, {
      title: `${title} - ${a.name}`,
      status: o.status ?? (refused ? 400 : undefined),
      notice: o.notice,
      breadcrumbs: [['工作台', '/console'], [a.name], ['年度报告表一数据']],
      body: (csrf) => html`<h1>${title}</h1>
<form method="get" action="/console/${code}/figures" class="inline-search">${selectField({ name: 'year', label: '年度', value: String(year), options: years.map((y) => ({ value: String(y), label: y === FIRST_REPORT_YEAR - 1 ? `${y}年（年末项目数量）` : `${y}年度` })) })}<button type="submit">切换</button></form>
${refused ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>该年度无需填报</h2><p>${refused}</p></div>` : ''}
${form
  ? html`<p class="lead">${formatLead(form)} 请注明数据来源；也可用命令 <code>gongkai import figures 文件.csv</code> 批量导入（项目代码见各栏）。</p>
${missingBefore ? html`<p class="warning" role="status">${year - 1}年末的项目数量尚未全部填报，「上一年项目数量」将按 0 计并在报告中提示。<a href="/console/${code}/figures?year=${year - 1}">填报${year - 1}年末项目数量</a></p>` : ''}
${errorSummary(errors, labels)}
<form method="post" action="/console/${code}/figures?year=${year}" class="form figures-form" data-format="${form.format}">${csrfField(csrf)}
${groups(form.fields).map(
  ([item, fields]) => html`<fieldset><legend>${item}</legend>
${fields.map((f) => html`<div data-item="${f.item}">${textField({ name: f.item, label: `${f.row}：${f.column}${f.unit === '万元' ? '（万元）' : ''}`, value: val(f.item), required: true, errors, hint: hint(f), inputmode: f.unit === '万元' ? 'decimal' : 'numeric', maxlength: 40 })}</div>`)}
</fieldset>`,
)}
<fieldset><legend>数据来源</legend>
${textField({ name: 'source', label: '数据来源', value: o.values?.source ?? Object.values(current)[0]?.source ?? '', required: true, errors, hint: '例如：市政务服务平台统计、执法监督平台导出、财务决算报表', maxlength: 300 })}
</fieldset>
<button type="submit" class="primary">保存</button></form>
<p><a href="/console/reports/${code}/${reportYear}">查看${reportYear}年度报告（按现有数据编制）</a></p>`
  : ''}`,
    });
  }

  app.get<{ Params: { code: string }; Querystring: { year?: string } }>('/console/:code/figures', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const a = await getAgencyByCode(app.db, request.params.code);
    const y = Number(request.query.year);
    const year = Number.isInteger(y) && y >= 2008 && y <= 2100 ? y : lastYear();
    return figuresPage(request, reply, a, year);
  });

  app.post<{ Params: { code: string }; Querystring: { year?: string } }>('/console/:code/figures', async (request, reply) => {
    if (!staffOnly(request, reply)) return reply;
    const a = await getAgencyByCode(app.db, request.params.code);
    const values = compactForm(request.body);
    const y = Number(request.query.year);
    const year = Number.isInteger(y) && y >= 2008 && y <= 2100 ? y : lastYear();
    try {
      await saveFigures(app.db, a.id, request.query.year, values, byOf(request));
      return figuresPage(request, reply, a, year, { notice: '已保存' });
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode !== 400) throw err;
      const d = err.details as { fields?: Record<string, string>; field?: string } | undefined;
      return figuresPage(request, reply, a, year, { errors: d?.fields ?? { [d?.field ?? '_form']: err.message }, values, status: 400 });
    }
  });
}
