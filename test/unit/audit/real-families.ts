/**
 * Test helper (issue 14 follow-up): layouts real portals produce that families.ts does not cover,
 * each a report model rendered into the bytes a person downloads, read through auditBuffer (the
 * auditor's real path: sniffing, mammoth for DOCX, pdf.js for PDF):
 * - `word-html`: Word's 「另存为网页」 — MsoNormal paragraphs, `<o:p>`, one <span> per character in
 *   some labels, `&nbsp;` in empty cells, table 2 split across several <table>s with its header
 *   repeated at each page break (a merged label cut by the break printed again), table 3 as two
 *   tables (行政复议 / 行政诉讼);
 * - `div-html`: a CMS that builds its tables from <div>s (`display:table-row` / `table-cell`);
 * - `wechat`: a 公众号 article copied as text — every cell on its own line, emoji and banners
 *   between the tables, a follow-us footer;
 * - `docx`: a Word file (docx library) with merged header cells, table 3 split into two tables,
 *   the prose in paragraphs;
 * - `pdf`: a PDF made by a Word-like producer (pdfkit), tables as positioned text without rules,
 *   numbers centred in their columns, wrapped labels; `pdf-columns` draws the cells column by column.
 * Number conventions (`numbers`): thousands separators (1,234 / 1，234), full-width digits, or a
 * dash / 「无」 / nothing for zero — which the auditor reads as a blank cell (cell.blank: the format
 * asks for 0, checks.ts), so `expectedModel` nulls those cells.
 */
import PDFDocument from 'pdfkit';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType } from 'docx';
import type { Cell, ReportModel } from '../../../src/domain/report/model.ts';
import { placeGrid, reportBlocks, reportTitle, type Grid, type GridCell, type PlacedCell } from '../../../src/domain/report/render/index.ts';
import { paragraphs } from '../../../src/domain/report/render/layout.ts';
import { findCjkFont } from '../../../src/lib/cjk-font.ts';
import { rng } from '../../support/rng.ts';

export const REAL_FAMILIES = ['word-html', 'div-html', 'wechat', 'docx', 'pdf', 'pdf-columns'] as const;
export type RealFamily = (typeof REAL_FAMILIES)[number];
export const NUMBERS = ['plain', 'thousands', 'thousands-cjk', 'fullwidth', 'dash-zero'] as const;
export type Numbers = (typeof NUMBERS)[number];

export interface RealOptions {
  seed: number;
  numbers?: Numbers;
}

const FULL = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const group3 = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+$)/g, sep);
/** The dashes and words real reports print for 0 (in text, one that shows). */
const ZERO_MARKS = ['—', '-', '/', '无', '－'];

/** A number cell's text under a convention. */
function numberText(cell: GridCell, numbers: Numbers, r: () => number, canBeEmpty: boolean): string {
  const text = cell.text;
  if (cell.value === null || cell.value === undefined) return text;
  if (numbers === 'dash-zero' && cell.value === 0) return canBeEmpty && r() < 0.3 ? '' : ZERO_MARKS[Math.floor(r() * ZERO_MARKS.length)];
  const [int, dec] = text.split('.');
  if (numbers === 'thousands' || numbers === 'thousands-cjk') {
    const s = group3(int, numbers === 'thousands' ? ',' : '，');
    return dec === undefined ? s : `${s}.${dec}`;
  }
  if (numbers === 'fullwidth') return FULL(text);
  return text;
}

/** The model the auditor should read back: under `dash-zero` every 0 cell is blank (null). */
export function expectedModel(m: ReportModel, numbers: Numbers = 'plain'): ReportModel {
  const out = structuredClone(m);
  if (numbers !== 'dash-zero') return out;
  const zero = (o: Record<string, Cell>) => {
    for (const k of Object.keys(o)) if (o[k] === 0) o[k] = null;
  };
  for (const row of Object.values(out.applications)) zero(row as Record<string, Cell>);
  for (const row of Object.values(out.appeals)) zero(row as Record<string, Cell>);
  const p = out.proactive as unknown as Record<string, Cell | Record<string, Cell>>;
  for (const k of Object.keys(p)) {
    const v = p[k];
    if (v !== null && typeof v === 'object') zero(v);
    else if (v === 0) p[k] = null;
  }
  for (const row of Object.values(out.proactive_2019 ?? {})) zero(row as Record<string, Cell>);
  return out;
}

/** The grids' number cells rewritten under the convention (a copy). */
function blocksOf(m: ReportModel, o: RealOptions, canBeEmpty: boolean) {
  const r = rng(o.seed ^ 0x5eed);
  const numbers = o.numbers ?? 'plain';
  return reportBlocks(m).map((b) =>
    b.kind !== 'table' ? b : { ...b, grid: { ...b.grid, rows: b.grid.rows.map((row) => row.map((c) => (c.where ? { ...c, text: numberText(c, numbers, r, canBeEmpty) } : c))) } },
  );
}

/** Table 3 as two tables, as many Word reports print it: 行政复议 (5 columns), 行政诉讼 (10 columns). */
function splitTable3(g: Grid): Grid[] {
  const nums = g.rows[3];
  const heads = g.rows[2].slice(0, 5);
  return [
    { ...g, columns: 5, widths: Array(5).fill(1), headerRows: 2, rows: [[{ text: '行政复议', colSpan: 5, header: true }], heads, nums.slice(0, 5)] },
    {
      ...g,
      columns: 10,
      widths: Array(10).fill(1),
      headerRows: 3,
      rows: [[{ text: '行政诉讼', colSpan: 10, header: true }], [g.rows[1][5], g.rows[1][6]], [...heads, ...heads], nums.slice(5)],
    },
  ];
}

/** Rows [from, to) of a grid as a grid of their own: spans clipped, a cell cut by `from` printed again. */
function sliceGrid(g: Grid, from: number, to: number, withHeader: boolean): Grid {
  const placed = placeGrid(g);
  const rows: GridCell[][] = [];
  const take = (lo: number, hi: number) => {
    for (let r = lo; r < hi; r++) {
      const row = placed
        .filter((p) => (p.row === r || (r === lo && p.row < lo && p.row + p.rowSpan > lo)) && p.row + p.rowSpan > r)
        .sort((a, b) => a.col - b.col)
        .map((p) => ({ ...p.cell, rowSpan: Math.min(p.row + p.rowSpan, hi) - r }));
      rows.push(row);
    }
  };
  if (withHeader) take(0, g.headerRows);
  take(from, to);
  return { ...g, rows, headerRows: withHeader ? g.headerRows : 0 };
}

// ------------------------------------------------------------------ HTML (Word, div)

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const span = (s: string) => `<span style='font-size:10.5pt;font-family:仿宋_GB2312'>${s}</span>`;
/** A label as Word writes it after an edit: one <span> per character (sometimes). */
const perChar = (s: string, r: () => number) => (r() < 0.4 ? [...s].map((c) => span(esc(c))).join('') : span(esc(s)));

function msoCell(c: GridCell, r: () => number): string {
  const attrs = `${c.colSpan ? ` colspan=${c.colSpan}` : ''}${c.rowSpan && c.rowSpan > 1 ? ` rowspan=${c.rowSpan}` : ''}`;
  const inner = c.text === '' ? `<span lang=EN-US><o:p>&nbsp;</o:p></span>` : c.where ? `<span lang=EN-US>${esc(c.text)}<o:p></o:p></span>` : `${perChar(c.text, r)}<o:p></o:p>`;
  return `<td width=57 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'${attrs}><p class=MsoNormal align=center style='text-align:center'>${inner}</p></td>`;
}
const msoTable = (g: Grid, r: () => number) =>
  `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'>\n${g.rows
    .map((row) => ` <tr style='height:15.6pt'>${row.map((c) => msoCell(c, r)).join('')}</tr>`)
    .join('\n')}\n</table>`;
const msoP = (s: string, r: () => number) => `<p class=MsoNormal style='text-indent:32.0pt'>${perChar(s, r)}<span lang=EN-US><o:p></o:p></span></p>`;

function wordHtml(m: ReportModel, o: RealOptions): string {
  const r = rng(o.seed);
  const out = [
    `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">`,
    `<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15 (filtered)"><style><!-- p.MsoNormal {margin:0cm;text-align:justify;font-size:10.5pt;} --></style></head>`,
    `<body lang=ZH-CN style='text-justify-trim:punctuation'><div class=WordSection1>`,
    `<p class=MsoNormal align=center style='text-align:center'><b>${span(esc(reportTitle(m)))}</b><span lang=EN-US><o:p></o:p></span></p>`,
    `<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>`,
  ];
  const pageBreak = `<span lang=EN-US style='font-size:10.5pt'><br clear=all style='page-break-before:always'></span>`;
  for (const b of blocksOf(m, o, true)) {
    if (b.kind === 'heading') out.push(`<p class=MsoNormal style='text-indent:32.0pt'><b>${perChar(b.text, r)}</b><span lang=EN-US><o:p></o:p></span></p>`);
    else if (b.kind === 'prose') out.push(...paragraphs(b.text).map((p) => msoP(p, r)));
    else if (b.grid.id === 'table3') out.push(...splitTable3(b.grid).flatMap((g, i) => [...(i ? [msoP('（续表）', r)] : []), msoTable(g, r)]));
    else if (b.grid.id === 'table2') {
      // page breaks inside table 2: the header repeated on every page
      const cuts = [b.grid.headerRows + 3 + Math.floor(r() * 8), b.grid.headerRows + 14 + Math.floor(r() * 8)].filter(() => r() < 0.8);
      const bounds = [b.grid.headerRows, ...cuts, b.grid.rows.length];
      for (let i = 0; i + 1 < bounds.length; i++) {
        if (i) out.push(pageBreak);
        out.push(msoTable(sliceGrid(b.grid, bounds[i], bounds[i + 1], true), r));
      }
    } else out.push(msoTable(b.grid, r));
  }
  out.push(`<p class=MsoNormal align=right style='text-align:right'>${span(esc(m.agency.name))}</p>`, '</div></body></html>');
  return out.join('\n');
}

function divHtml(m: ReportModel, o: RealOptions): string {
  const out = [`<!DOCTYPE html><html><head><meta name="PubDate" content="${m.published}"><title>${esc(reportTitle(m))}</title></head><body>`];
  out.push(`<div class="nav">首页 &gt; 政务公开 &gt; 年度报告</div><div class="article"><h1>${esc(reportTitle(m))}</h1>`);
  for (const b of blocksOf(m, o, true)) {
    if (b.kind === 'heading') out.push(`<div class="h2"><strong>${esc(b.text)}</strong></div>`);
    else if (b.kind === 'prose') out.push(...paragraphs(b.text).map((p) => `<div class="para">${esc(p)}</div>`));
    else {
      out.push(`<div class="tbl" style="display:table">`);
      for (const row of b.grid.rows)
        out.push(`<div class="tr" style="display:table-row">${row.map((c) => `<div class="td" style="display:table-cell">${esc(c.text)}</div>`).join('')}</div>`);
      out.push('</div>');
    }
  }
  out.push('</div><div class="footer">主办单位：某某市人民政府办公室</div></body></html>');
  return out.join('\n');
}

// ------------------------------------------------------------------ WeChat text

const BANNERS = ['📊', '📌', '🔍', '✅', '👇'];
function wechat(m: ReportModel, o: RealOptions): string {
  const r = rng(o.seed);
  const out = [`${reportTitle(m)}`, `${m.agency.name} ${m.published}`, '点击蓝字 关注我们', ''];
  for (const b of blocksOf(m, o, false)) {
    if (b.kind === 'heading') out.push('', `${BANNERS[Math.floor(r() * BANNERS.length)]} ${b.text}`, '');
    else if (b.kind === 'prose') out.push(...paragraphs(b.text), '');
    else {
      if (r() < 0.5) out.push('👇👇👇', '（表格可左右滑动查看）');
      for (const row of b.grid.rows) for (const c of row) out.push(c.text, ...(r() < 0.3 ? [''] : []));
      if (r() < 0.5) out.push('▲ 左右滑动查看完整表格');
    }
  }
  out.push('', '— END —', '来源：' + m.agency.name, '编辑：政务公开办', '长按识别二维码 关注我们', '分享 收藏 在看 点赞');
  return out.join('\n');
}

// ------------------------------------------------------------------ DOCX

function docxTable(g: Grid): Table {
  const placed = placeGrid(g);
  const rows: TableRow[] = [];
  for (let r = 0; r < g.rows.length; r++) {
    const cells: TableCell[] = [];
    for (let c = 0; c < g.columns; ) {
      const p = placed.find((x) => x.col === c && x.row <= r && x.row + x.rowSpan > r);
      if (!p) {
        c++;
        continue;
      }
      const first = p.row === r;
      cells.push(
        new TableCell({
          columnSpan: p.colSpan > 1 ? p.colSpan : undefined,
          verticalMerge: p.rowSpan > 1 ? (first ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE) : undefined,
          children: [new Paragraph({ alignment: AlignmentType.CENTER, children: first && p.cell.text ? [new TextRun(p.cell.text)] : [] })],
        }),
      );
      c += p.colSpan;
    }
    rows.push(new TableRow({ children: cells }));
  }
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

async function docx(m: ReportModel, o: RealOptions): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: reportTitle(m), bold: true })] })];
  for (const b of blocksOf(m, o, true)) {
    if (b.kind === 'heading') children.push(new Paragraph({ children: [new TextRun({ text: b.text, bold: true })] }));
    else if (b.kind === 'prose') children.push(...paragraphs(b.text).map((p) => new Paragraph({ children: [new TextRun(p)] })));
    else if (b.grid.id === 'table3') for (const g of splitTable3(b.grid)) children.push(docxTable(g), new Paragraph({ children: [] }));
    else children.push(docxTable(b.grid));
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

// ------------------------------------------------------------------ PDF (positioned text)

async function pdf(m: ReportModel, o: RealOptions, byColumn: boolean): Promise<Buffer> {
  const r = rng(o.seed);
  const font = findCjkFont();
  const doc = new PDFDocument({ size: 'A4', margin: 72, info: { Producer: 'Microsoft® Word 2016', Creator: 'Microsoft® Word 2016' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  if (font.family) doc.registerFont('cjk', font.data, font.family);
  else doc.registerFont('cjk', font.data);
  doc.font('cjk');
  const left = 72;
  const width = doc.page.width - 144;
  const bottom = doc.page.height - 72;
  let y = 72;
  const text = (s: string, size: number, indent = 0) => {
    doc.fontSize(size);
    const h = doc.heightOfString(s, { width, indent });
    if (y + h > bottom) (doc.addPage(), (y = 72));
    doc.text(s, left, y, { width, indent, lineGap: 2 });
    y += h + 6;
  };
  text(reportTitle(m), 16);
  const size = 7.5;
  for (const b of blocksOf(m, o, true)) {
    if (b.kind === 'heading') text(b.text, 12, 24);
    else if (b.kind === 'prose') for (const p of paragraphs(b.text)) text(p, 11, 22);
    else {
      const g = b.grid;
      const total = g.widths.reduce((a, c) => a + c, 0);
      const xs = [0];
      for (const w of g.widths) xs.push(xs[xs.length - 1] + (w / total) * width);
      const rowH = 13 + Math.floor(r() * 4);
      const placed = placeGrid(g);
      doc.fontSize(size);
      // row heights: a label that wraps makes its row taller
      // (numbers never wrap: only labels are measured)
      const heights = g.rows.map((_, i) =>
        Math.max(rowH, ...placed.filter((p) => p.row === i && p.rowSpan === 1 && !p.cell.where).map((p) => doc.heightOfString(p.cell.text, { width: xs[p.col + p.colSpan] - xs[p.col] - 4 }) + 4)),
      );
      const tops: number[] = [];
      const pages: number[] = [];
      let page = 0;
      for (const h of heights) {
        if (y + h > bottom) (page++, (y = 72));
        tops.push(y);
        pages.push(page);
        y += h;
      }
      y += 8;
      const draw = (p: PlacedCell) => {
        const last = Math.min(p.row + p.rowSpan - 1, pages.lastIndexOf(pages[p.row]));
        const w = xs[p.col + p.colSpan] - xs[p.col] - 4;
        const h = tops[last] + heights[last] - tops[p.row];
        const th = p.cell.where ? size * 1.2 : doc.heightOfString(p.cell.text, { width: w });
        doc.text(p.cell.text, left + xs[p.col] + 2, tops[p.row] + Math.max(0, (h - th) / 2), { width: w, align: p.cell.where ? 'center' : 'left', lineBreak: true, lineGap: 0 });
      };
      // pdfkit writes to the current page: draw each page's cells while it is current
      const order = [...placed].filter((p) => p.cell.text).sort(byColumn ? (a, b) => a.col - b.col || a.row - b.row : (a, b) => a.row - b.row || a.col - b.col);
      const lastPage = pages[pages.length - 1];
      for (let pg = 0; pg <= lastPage; pg++) {
        if (pg > 0) doc.addPage();
        doc.fontSize(size);
        for (const p of order) if (pages[p.row] === pg) draw(p);
      }
    }
  }
  doc.end();
  return done;
}

// ------------------------------------------------------------------ entry

export interface Rendered {
  name: string;
  bytes: Uint8Array;
}

export async function renderReal(m: ReportModel, family: RealFamily, o: RealOptions): Promise<Rendered> {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  switch (family) {
    case 'word-html':
      return { name: 'report.htm', bytes: utf8(wordHtml(m, o)) };
    case 'div-html':
      return { name: 'report.html', bytes: utf8(divHtml(m, o)) };
    case 'wechat':
      return { name: 'report.txt', bytes: utf8(wechat(m, o)) };
    case 'docx':
      return { name: 'report.docx', bytes: await docx(m, o) };
    case 'pdf':
      return { name: 'report.pdf', bytes: await pdf(m, o, false) };
    case 'pdf-columns':
      return { name: 'report.pdf', bytes: await pdf(m, o, true) };
  }
}
