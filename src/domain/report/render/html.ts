/**
 * The report as an HTML fragment laid out like the national template (regulation.md §1.2–1.4):
 * the six section headings, the three tables with their merged headers, accessible markup
 * (caption, th scope) and, optionally, marked cells for the auditor page.
 */
import { TABLE2_COLUMNS } from '../../taxonomy/index.ts';
import type { Finding, ReportModel, Severity } from '../model.ts';
import { paragraphs, reportBlocks, reportTitle, type Grid } from './layout.ts';
import { escapeHtml } from '../../text/index.ts';

export type CellMark = Severity | { severity: Severity; message?: string };

export interface HtmlOptions {
  /**
   * Cells to mark: key = a cell (`table2/new/natural`), a row (`table2/new`), a column
   * (`table2/*\/natural`) or a whole table (`table2`); value = its severity (and message, shown as title).
   */
  marks?: Record<string, CellMark>;
  /** Include the small default stylesheet (default true). */
  styles?: boolean;
  /** Heading level of the title (default 1; sections get the next level). */
  headingLevel?: 1 | 2 | 3;
}

export { escapeHtml };

/** Marks for `renderHtml` from findings that name a place (`where`); the worse severity wins. */
export function marksFromFindings(findings: Finding[]): Record<string, CellMark> {
  const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
  const marks: Record<string, { severity: Severity; message?: string }> = {};
  for (const f of findings) {
    if (!f.where || !/^table[123]\b/.test(f.where)) continue;
    const old = marks[f.where];
    if (!old || rank[f.severity] > rank[old.severity]) marks[f.where] = { severity: f.severity, message: f.message };
    else if (rank[f.severity] === rank[old.severity]) old.message = [old.message, f.message].filter(Boolean).join('；');
  }
  return marks;
}

/**
 * The mark applying to a cell key (`table2/<row>/<column>`), looking at the cell itself, its row
 * (`table2/<row>`), its column (`table2/*\/<column>`, or `table2/<column>` as the checks write a
 * column-wise identity — 「一+二=三+四」 is checked per column) and its whole table (`table2`).
 */
export function markFor(where: string, marks: Record<string, CellMark> | undefined): { severity: Severity; message?: string } | undefined {
  if (!marks) return undefined;
  const [table, row, col] = where.split('/');
  const candidates = [where];
  if (col !== undefined) candidates.push(`${table}/*/${col}`, `${table}/${row}`);
  if (table === 'table2' && col !== undefined && (TABLE2_COLUMNS as readonly string[]).includes(col)) candidates.push(`${table}/${col}`);
  candidates.push(table);
  for (const key of candidates) {
    if (key === `table2/total` && row === 'total' && col !== 'total') continue; // 'table2/total' names the 总计 column
    const m = marks[key];
    if (m) return typeof m === 'string' ? { severity: m } : m;
  }
  return undefined;
}

const STYLE = `<style>
.gongkai-report{font-family:"FangSong","仿宋","STFangsong","Noto Serif CJK SC",serif;line-height:1.7;max-width:60em}
.gongkai-report h1{font-family:"SimSun","宋体","Noto Serif CJK SC",serif;text-align:center;font-size:1.6em}
.gongkai-report h2{font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-size:1.15em;margin-top:1.4em}
.gongkai-report p{text-indent:2em;margin:.3em 0}
.gongkai-report table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}
.gongkai-report caption{font-weight:bold;padding:.3em}
.gongkai-report th,.gongkai-report td{border:1px solid #333;padding:.25em .4em;text-align:center;vertical-align:middle}
.gongkai-report th{font-weight:normal;background:#f4f4f4}
.gongkai-report th[scope=row]{text-align:left}
.gongkai-report th.subheading{font-weight:bold;background:#e8e8e8}
.gongkai-report td.num{font-variant-numeric:tabular-nums;min-width:2.5em}
.gongkai-report th[scope=col]{min-width:2.5em}
.gongkai-report .mark-error{background:#fdd;outline:2px solid #c00;outline-offset:-2px}
.gongkai-report .mark-warning{background:#ffe9b3;outline:2px solid #c80;outline-offset:-2px}
.gongkai-report .mark-info{background:#e3f0ff}
.gongkai-report td.blank::after{content:"（空）";color:#c00}
</style>`;

export function renderTableHtml(grid: Grid, options: HtmlOptions = {}): string {
  const out: string[] = [`<table class="report-table" id="${grid.id}">`, `<caption>${escapeHtml(grid.caption)}</caption>`];
  const rowHtml = (cells: Grid['rows'][number]) => {
    const parts = cells.map((cell) => {
      const attrs: string[] = [];
      if (cell.rowSpan && cell.rowSpan > 1) attrs.push(`rowspan="${cell.rowSpan}"`);
      if (cell.colSpan && cell.colSpan > 1) attrs.push(`colspan="${cell.colSpan}"`);
      const classes: string[] = [];
      if (cell.header) {
        if (cell.scope) attrs.push(`scope="${cell.scope}"`);
        if (cell.subheading) classes.push('subheading');
        if (classes.length) attrs.push(`class="${classes.join(' ')}"`);
        return `<th${attrs.length ? ' ' + attrs.join(' ') : ''}>${escapeHtml(cell.text)}</th>`;
      }
      classes.push('num');
      if (cell.value === null) classes.push('blank');
      if (cell.where) {
        attrs.push(`data-where="${escapeHtml(cell.where)}"`);
        const mark = markFor(cell.where, options.marks);
        if (mark) {
          classes.push(`mark-${mark.severity}`);
          if (mark.message) attrs.push(`title="${escapeHtml(mark.message)}"`);
        }
      }
      attrs.unshift(`class="${classes.join(' ')}"`);
      return `<td ${attrs.join(' ')}>${escapeHtml(cell.text)}</td>`;
    });
    return `<tr>${parts.join('')}</tr>`;
  };
  if (grid.headerRows > 0) out.push('<thead>', ...grid.rows.slice(0, grid.headerRows).map(rowHtml), '</thead>');
  out.push('<tbody>', ...grid.rows.slice(grid.headerRows).map(rowHtml), '</tbody>', '</table>');
  return out.join('\n');
}

/** The whole report as an HTML fragment (an `<article>`), ready to be placed in a page. */
export function renderHtml(model: ReportModel, options: HtmlOptions = {}): string {
  const h = options.headingLevel ?? 1;
  const out: string[] = [];
  if (options.styles !== false) out.push(STYLE);
  out.push(`<article class="gongkai-report" lang="zh-CN">`, `<h${h}>${escapeHtml(reportTitle(model))}</h${h}>`);
  for (const block of reportBlocks(model)) {
    if (block.kind === 'heading') out.push(`<h${h + 1} id="section-${block.key}">${escapeHtml(block.text)}</h${h + 1}>`);
    else if (block.kind === 'prose') out.push(...paragraphs(block.text).map((p) => `<p>${escapeHtml(p)}</p>`));
    else out.push(renderTableHtml(block.grid, options));
  }
  out.push('</article>');
  return out.join('\n');
}
