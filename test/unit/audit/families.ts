/**
 * Test helper (issue 14): a report model rendered in the layout families the web prints reports in
 * (shared/fixtures/report-shapes/README.md), and combinations of them — so that the property tests
 * cover the families, not only the nine fixtures:
 * - `fused`: a page's textContent — no separators left, a label running into its digits, the next
 *   label's ordinal sticking to the last digit, optionally the whole page twice;
 * - `markdown`: a converter's per-row tables with placeholder headers (数据1…数据6), ASCII brackets,
 *   `1. 属于…` with a space, 「-」 header blocks, an invented header over the last rows;
 * - `layout`: `pdftotext -layout` — runs of spaces of varying width, page numbers (`-3-`) among the
 *   rows, wrapped labels with their numbers on a later line, spaced-out group labels;
 * - `fragments`: PDF-to-markdown — page footers (`— 2 —`), a block of labels followed by a block of
 *   unlabelled number rows, label fragments;
 * - `html`: the CMS page — the template's merged cells, every cell a nested <p><span>, &nbsp;
 *   padding, some full-width digits, portal chrome and a related link to another year's report.
 * Options: `oneRowSix` (（六）其他处理 printed as one row: the model's two other leaves null) and
 * `truncateAfter` (the text stops after that row of table 2).
 */
import { renderHtml } from '../../../src/domain/report/render/index.ts';
import type { Cell, ReportModel } from '../../../src/domain/report/model.ts';
import {
  APPEAL_COLUMNS,
  APPEAL_KINDS,
  OUTCOME_GROUPS,
  OUTCOME_LEAVES,
  REPORT_SECTIONS,
  TABLE2_COLUMNS,
  TABLE2_ROWS,
  TABLE2_ROW_LABELS,
  type Table2Row,
} from '../../../src/domain/taxonomy/index.ts';
import { rng } from '../../support/rng.ts';

export const FAMILIES = ['fused', 'markdown', 'layout', 'fragments', 'html'] as const;
export type Family = (typeof FAMILIES)[number];

export interface FamilyOptions {
  seed: number;
  /** The page's text twice (fused, layout). */
  doubled?: boolean;
  /** The text stops right after this row of table 2 (not html). */
  truncateAfter?: Table2Row;
}

/** The model as a report printing （六） as one row: its two other leaves are not printed (null), 3.其他 holds the row. */
export function withOneRowSix(m: ReportModel): ReportModel {
  const out = structuredClone(m);
  const a = out.applications;
  for (const c of TABLE2_COLUMNS) {
    const sum = [a['other.correction_lapsed'][c], a['other.fee_lapsed'][c], a['other.other'][c]].reduce<number>((s, x) => s + (x ?? 0), 0);
    a['other.other'][c] = sum;
    a['other.correction_lapsed'][c] = null;
    a['other.fee_lapsed'][c] = null;
  }
  return out;
}

const v = (x: Cell) => (x === null ? '/' : String(x));
const oneRow = (m: ReportModel) => m.applications['other.correction_lapsed'].total === null;

interface Row {
  row: Table2Row;
  label: string;
  /** Group label printed before this row (（三）不予公开…), if it starts a group. */
  group?: string;
  cells: string[];
}

/** Table 2's printed rows in order (one row for （六） when the model has it so). */
function table2Rows(m: ReportModel): Row[] {
  const out: Row[] = [];
  const single = oneRow(m);
  let lastGroup = '';
  for (const r of TABLE2_ROWS) {
    if (single && (r === 'other.correction_lapsed' || r === 'other.fee_lapsed')) continue;
    const leaf = OUTCOME_LEAVES.find((l) => l.code === r);
    let label = TABLE2_ROW_LABELS[r];
    let group: string | undefined;
    if (leaf && leaf.group !== 'public' && leaf.group !== 'partial' && leaf.group !== lastGroup) {
      const g = OUTCOME_GROUPS[leaf.group];
      group = `${g.numeral}${g.label}`;
    }
    if (single && r === 'other.other') {
      label = '（六）其他处理';
      group = undefined;
    }
    if (leaf) lastGroup = leaf.group;
    out.push({ row: r, label, group, cells: TABLE2_COLUMNS.map((c) => v(m.applications[r][c])) });
  }
  return out;
}

function table1Rows(m: ReportModel): Array<[string, string[]]> {
  const p = m.proactive;
  return [
    ['规章', [v(p.rules.issued), v(p.rules.repealed), v(p.rules.in_force)]],
    ['行政规范性文件', [v(p.normative.issued), v(p.normative.repealed), v(p.normative.in_force)]],
    ['行政许可', [v(p.licensing)]],
    ['行政处罚', [v(p.penalty)]],
    ['行政强制', [v(p.coercion)]],
    ['行政事业性收费', [v(p.fees_wan_yuan)]],
  ];
}

const appeals = (m: ReportModel) => APPEAL_KINDS.flatMap((k) => APPEAL_COLUMNS.map((c) => v(m.appeals[k][c])));
const title = (m: ReportModel) => `${m.agency.name}${m.year}年政府信息公开工作年度报告`;
/** The prose of section 一 states table 1's counts, as real reports do (the only witness of a fused table 1). */
const overview = (m: ReportModel) =>
  `${m.sections.overview}本年制发行政规范性文件${v(m.proactive.normative.issued)}件，废止${v(m.proactive.normative.repealed)}件，现行有效${v(m.proactive.normative.in_force)}件；制发规章${v(m.proactive.rules.issued)}件，废止规章${v(m.proactive.rules.repealed)}件，现行有效规章${v(m.proactive.rules.in_force)}件。`;
const heading = (key: string) => {
  const s = REPORT_SECTIONS.find((x) => x.key === key)!;
  return `${s.numeral}、${s.heading}`;
};
const T1_HEAD = '第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数';
const T3_HEAD = '行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计';

/** Text up to and including the row `after` of table 2 (the rows are printed by `line`). */
function cut<T>(rows: T[], isLast: (r: T) => boolean): { rows: T[]; cut: boolean } {
  const i = rows.findIndex(isLast);
  return i < 0 ? { rows, cut: false } : { rows: rows.slice(0, i + 1), cut: true };
}

function fused(m: ReportModel, o: FamilyOptions): string {
  const r = rng(o.seed);
  const sp = () => (r() < 0.2 ? ' ' : '');
  const parts: string[] = [`当前位置：首页 政务公开 政府信息公开年报 ${title(m)} 来源：${m.agency.name} 发布时间：${m.published} 打印 `];
  parts.push(`本报告所列数据统计期限为${m.year}年1月1日至${m.year}年12月31日。`);
  parts.push(heading('overview'), overview(m), heading('proactive'), T1_HEAD);
  for (const [label, cells] of table1Rows(m)) parts.push(label + sp() + cells.join(''));
  parts.push(heading('applications'), '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他');
  const { rows, cut: stopped } = cut(table2Rows(m), (x) => x.row === o.truncateAfter);
  for (const x of rows) {
    if (x.row === 'public') parts.push('三、本年度办理结果');
    parts.push((x.group ?? '') + x.label + sp() + x.cells.join(''));
  }
  if (!stopped) {
    parts.push(' ', heading('appeals'), T3_HEAD, appeals(m).join(''), ' ', heading('problems'), m.sections.problems, heading('other'), m.sections.other);
  }
  const page = parts.join('');
  return o.doubled && !stopped ? `${page}\n${page.slice(page.indexOf(title(m)))}` : page;
}

function markdown(m: ReportModel, o: FamilyOptions): string {
  const md = (s: string) => s.normalize('NFKC').replace(/(\d)\.(?=\S)/, '$1. ');
  const out: string[] = [`# ${m.agency.name} ${m.year} 年 政府信息公开工作年度报告`, '', m.agency.name, `(${m.published?.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')})`, ''];
  out.push(`## ${heading('overview')}`, '', overview(m), '', `## ${heading('proactive')}`, '', '### 第二十条第（一）项', '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |', '|---|---|---|---|');
  const t1 = table1Rows(m);
  for (const [label, cells] of t1.slice(0, 2)) out.push(`| ${label} | ${cells.join(' | ')} |`);
  for (const [label, cells] of t1.slice(2)) out.push('', '| 信息内容 | 本年处理决定数量 |', '|---|---|', `| ${label} | ${cells[0]} |`);
  out.push('', `## ${heading('applications')}`, '', '### 申请人情况 (自然人)', '| (数据项目) | 数量 |', '|---|---|', '| - | - |', '');
  const head = ['| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |', '|---|---|---|---|---|---|---|---|'];
  const invented = ['| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |', '|---|---|---|---|---|---|---|---|'];
  const { rows, cut: stopped } = cut(table2Rows(m), (x) => x.row === o.truncateAfter);
  rows.forEach((x, i) => {
    if (x.group) out.push('', `### ${md(x.group)}`);
    else if (i < 4) out.push('', `### ${md(x.label)}`);
    if (x.row !== 'total' && x.row !== 'carried_out') out.push(...(i >= rows.length - 3 && rows.length > 22 ? invented : head));
    out.push(`| ${md(x.label).replace(/^(?:[一二三四]、|\(一\)|\(二\))/, '')} | ${x.cells.join(' | ')} |`);
  });
  if (!stopped) {
    out.push('', `## ${heading('appeals')}`);
    const a = appeals(m);
    ['行政复议', '行政诉讼（未经复议直接起诉）', '行政诉讼（复议后起诉）'].forEach((k, g) =>
      out.push('', `### ${k}`, '| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |', '|---|---|---|---|---|', `| ${a.slice(g * 5, g * 5 + 5).join(' | ')} |`),
    );
    out.push('', `## ${heading('problems')}`, '', m.sections.problems, '', heading('other'), '', m.sections.other, '', m.agency.name);
  }
  return out.join('\n');
}

function layout(m: ReportModel, o: FamilyOptions): string {
  const r = rng(o.seed);
  const gap = () => ' '.repeat(2 + Math.floor(r() * 6));
  let page = 1;
  const out: string[] = [`            ${m.agency.name}`, `      ${m.year} 年政府信息公开工作年度报告`, ''];
  const maybePage = () => {
    if (r() < 0.12) out.push('', `${' '.repeat(30)}-${page++}-`, '');
  };
  out.push(`   ${heading('overview')}`, `   ${overview(m)}`, `   ${heading('proactive')}`, '        信息内容   本年制发件数    本年废止件数    现行有效件数');
  for (const [label, cells] of table1Rows(m)) out.push(label + gap() + cells.join(gap()));
  out.push(`   ${heading('applications')}`, '        申请人情况', '        法人或其他组织', '（本列数据的勾稽关系为：第一项加第二项之和， 等', '于第三项加第四项之和）', '      自然人   商业 科研 社会 法律   总计', '           企业 机构 公益 服务 其他', '                组织 机构');
  const { rows, cut: stopped } = cut(table2Rows(m), (x) => x.row === o.truncateAfter);
  for (const x of rows) {
    if (x.row === 'public') out.push(' 三 、本 年 度办 理 结果');
    if (x.group && r() < 0.5) out.push(`     ${x.group}`);
    const prefix = x.group && !out[out.length - 1].includes(x.group) ? `${x.group}   ` : '';
    if (x.label.length > 14 && r() < 0.5) {
      // a wrapped label: its numbers on the line after its second part
      const k = 6 + Math.floor(r() * (x.label.length - 8));
      out.push(`      ${prefix}${x.label.slice(0, k)}`, `      ${x.label.slice(k)}`, `${' '.repeat(30)}${x.cells.join(gap())}`);
    } else out.push(`      ${prefix}${x.label}${gap()}${x.cells.join(gap())}`);
    maybePage();
  }
  if (!stopped) {
    out.push(`     ${heading('appeals')}`, '          行政复议                              行政诉讼', '结果   结果     其他   尚未       总 计', '维持   纠正     结果   审结', '');
    out.push(` ${appeals(m).join(gap())}`, `     ${heading('problems')}`, `     ${m.sections.problems}`, `  ${heading('other')}`, ` ${m.sections.other}`, '', `${' '.repeat(40)}${m.agency.name}`);
  }
  const text = out.join('\n');
  return o.doubled && !stopped ? `${text}\n${text}` : text;
}

function fragments(m: ReportModel, o: FamilyOptions): string {
  const r = rng(o.seed);
  const out: string[] = ['正文', `${m.year} 年${m.agency.name}政府信息公开工作`, '年度报告', heading('overview'), overview(m), '— 1 —', heading('proactive')];
  out.push('| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |', '|---|---|---|---|');
  for (const [label, cells] of table1Rows(m)) out.push(`| ${label} | ${cells.join(' | ')} |`);
  out.push('', heading('applications'), '申请人情况', '法人或其他组织', '自然人总计', '商业企科研机社会公法律服', '其他', '业构益组织务机构', '## 表2 收到和处理政府信息公开申请情况');
  const { rows, cut: stopped } = cut(table2Rows(m), (x) => x.row === o.truncateAfter);
  // one block of labels followed by a block of their number rows (at least two rows), somewhere after 二
  const from = 2 + Math.floor(r() * Math.max(1, rows.length - 5));
  const size = 2 + Math.floor(r() * 5);
  const numbersRow = (x: Row) => `| ${x.cells.join(' | ')} |`;
  for (let i = 0; i < rows.length; i++) {
    if (i === from) {
      const block = rows.slice(i, Math.min(rows.length, i + size));
      for (const x of block) {
        if (x.group) out.push(x.group.slice(0, 4), x.group.slice(4));
        out.push(x.label.length > 14 ? x.label.slice(0, 12) : x.label, ...(x.label.length > 14 ? [x.label.slice(12)] : []));
      }
      for (const x of block) out.push(numbersRow(x));
      out.push('— 2 —');
      i += block.length - 1;
      continue;
    }
    const x = rows[i];
    out.push(`| ${x.label} | ${x.cells.join(' | ')} |`);
  }
  if (!stopped) {
    out.push('', heading('appeals'), '行政复议行政诉讼', '结果结果其他尚未未经复议直接起诉复议后起诉', `| ${appeals(m).join(' | ')} |`, '— 3 —', '', heading('problems'), m.sections.problems, '', heading('other'), m.sections.other);
  }
  return out.join('\n');
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

function html(m: ReportModel, o: FamilyOptions): string {
  const r = rng(o.seed);
  const body = renderHtml(m, { styles: false })
    .replace(/<(td|th)([^>]*)>([^<]*)<\/\1>/g, (_all, tag: string, attrs: string, text: string) => {
      const shown = /^\d+$/.test(text) && r() < 0.1 ? FULL_WIDTH(text) : text;
      const pad = /^\d+$/.test(text) && r() < 0.3 ? '&nbsp;' : '';
      const inner = /^\d+$/.test(text) && r() < 0.1 ? `<b>${shown}</b>` : shown;
      return `<${tag}${attrs}><p class="MsoNormal"><span style="font-size:12pt">${pad}${inner}${pad}</span></p></${tag}>`;
    });
  return [
    `<html><head><meta name="PubDate" content="${m.published} 10:12"><title>${title(m)}</title></head><body>`,
    '<div class="topbar"><a href="/login">登录</a> | <a href="/register">注册</a></div>',
    '<div class="location">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>',
    `<table class="meta"><tr><td>索引号：000000000/${(m.year ?? 2023) + 1}-00012</td><td>发布机构：${m.agency.name}</td></tr></table>`,
    `<div class="info">点击数：1386 字号：大 中 小</div>`,
    `<div id="zoom">${body}</div>`,
    `<div class="related">相关链接：<a href="/old">${m.agency.name}${(m.year ?? 2023) - 1}年政府信息公开工作年度报告</a></div>`,
    '<div class="footer">网站标识码：0000000000 ICP备00000000号</div></body></html>',
  ].join('\n');
}

/** The model rendered in a family (HTML for `html`, text otherwise). */
export function renderFamily(m: ReportModel, family: Family, o: FamilyOptions): string {
  switch (family) {
    case 'fused':
      return fused(m, o);
    case 'markdown':
      return markdown(m, o);
    case 'layout':
      return layout(m, o);
    case 'fragments':
      return fragments(m, o);
    case 'html':
      return html(m, o);
  }
}
