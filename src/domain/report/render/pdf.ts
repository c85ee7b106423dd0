/**
 * The report as a PDF (pdfkit): A4 with 公文 margins, the CJK font embedded (the caller passes the
 * font bytes, e.g. from src/lib/cjk-font.ts — the domain does no I/O), tables drawn with lines.
 * Every cell's text is measured with the font at the cell's width and wrapped; rows grow to hold it.
 * Where a table breaks (paginate.ts): never after a row that heads what follows, the heading rows
 * repeated on the continued page, a merged label cut by the break drawn again with room for its text.
 * A section heading stays with the start of what follows it (a table's head and first row, or two
 * lines of prose).
 */
import PDFDocument from 'pdfkit';
import type { ReportModel } from '../model.ts';
import { paragraphs, placeGrid, reportBlocks, reportTitle, type Grid, type PlacedCell } from './layout.ts';
import { paginateTable, startHeight, type TableRows } from './paginate.ts';

export interface PdfFont {
  data: Buffer;
  /** For a font collection (.ttc): the face's PostScript name. */
  family?: string;
}

const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const SIZE = { title: 20, heading: 15, body: 13, table: 9, tableSmall: 7.5 };

type Doc = PDFKit.PDFDocument;

export async function renderPdf(model: ReportModel, font: PdfFont): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    info: { Title: reportTitle(model), Creator: 'Gongkai', Producer: 'Gongkai' },
    lang: 'zh-CN',
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.family) doc.registerFont('cjk', font.data, font.family);
  else doc.registerFont('cjk', font.data);
  doc.font('cjk');

  const width = doc.page.width - MARGINS.left - MARGINS.right;
  doc.fontSize(SIZE.title).text(reportTitle(model), MARGINS.left, doc.y, { align: 'center', width, lineGap: 4 });
  doc.moveDown(0.8);
  const blocks = reportBlocks(model);
  blocks.forEach((block, i) => {
    if (block.kind === 'heading') {
      // keep a heading with the start of what follows: the table's head and first row, or two lines of prose
      const next = blocks[i + 1];
      doc.fontSize(SIZE.heading);
      const own = 4 + doc.heightOfString(block.text, { width, indent: SIZE.heading * 2, lineGap: 6 }) + SIZE.heading * 0.3;
      const after = next?.kind === 'table' ? startHeight(measureTable(doc, next.grid).rows) : next?.kind === 'prose' ? 2 * (SIZE.body + 5) + 4 : 0;
      ensureSpace(doc, own + after);
      doc.fontSize(SIZE.heading).text(block.text, MARGINS.left, doc.y + 4, { width, indent: SIZE.heading * 2, lineGap: 6 });
      doc.moveDown(0.3);
    } else if (block.kind === 'prose') {
      doc.fontSize(SIZE.body);
      for (const p of paragraphs(block.text)) {
        doc.text(p, MARGINS.left, doc.y, { width, indent: SIZE.body * 2, align: 'justify', lineGap: 5, paragraphGap: 2 });
      }
      doc.moveDown(0.3);
    } else {
      drawTable(doc, measureTable(doc, block.grid));
      doc.moveDown(0.6);
    }
  });
  doc.end();
  return finished;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGINS.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

interface MeasuredTable {
  grid: Grid;
  placed: PlacedCell[];
  colW: number[];
  colX: number[];
  size: number;
  rows: TableRows;
}

const PAD = 3;

/** Row heights from the text of each cell, measured with the font at the cell's width (labels wrap, never clip). */
function measureTable(doc: Doc, grid: Grid): MeasuredTable {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const totalWeight = grid.widths.reduce((a, b) => a + b, 0);
  const colW = grid.widths.map((w) => (w / totalWeight) * width);
  const colX = colW.map((_, i) => MARGINS.left + colW.slice(0, i).reduce((a, b) => a + b, 0));
  const size = grid.columns > 10 ? SIZE.tableSmall : SIZE.table;
  doc.fontSize(size);
  const placed = placeGrid(grid);
  const spanWidth = (col: number, span: number) => colW.slice(col, col + span).reduce((a, b) => a + b, 0);
  const textHeight = (text: string, w: number) => (text ? doc.heightOfString(text, { width: w - 2 * PAD }) : 0) + 2 * PAD;

  // Row heights: the tallest single-row cell; a taller merged cell stretches its last row.
  const rowH: number[] = grid.rows.map(() => size + 2 * PAD + 3);
  for (const p of placed) if (p.rowSpan === 1) rowH[p.row] = Math.max(rowH[p.row], textHeight(p.cell.text, spanWidth(p.col, p.colSpan)));
  const spans: TableRows['spans'] = [];
  for (const p of placed) {
    if (p.rowSpan === 1) continue;
    const have = rowH.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0);
    const need = textHeight(p.cell.text, spanWidth(p.col, p.colSpan));
    if (need > have) rowH[p.row + p.rowSpan - 1] += need - have;
    spans.push({ first: p.row, last: p.row + p.rowSpan - 1, need });
  }
  // Rows that head what follows: the header rows, and 表一's sub-headings and column headers.
  const heads = grid.rows.map((cells, r) => r < grid.headerRows || cells.every((c) => c.header && (c.subheading || c.scope === 'col' || c.scope === 'colgroup')));
  const header = Array.from({ length: grid.headerRows }, (_, i) => i);
  const repeat = grid.rows.map((_, r) => {
    if (r < grid.headerRows) return [];
    if (heads[r]) return header;
    let k = r - 1;
    while (k >= grid.headerRows && !heads[k]) k--;
    const run: number[] = [];
    while (k >= grid.headerRows && heads[k]) run.unshift(k--);
    return [...header, ...run];
  });
  return { grid, placed, colW, colX, size, rows: { rowH, repeat, keepWithNext: heads, spans } };
}

function drawTable(doc: Doc, t: MeasuredTable): void {
  const { grid, placed, colW, colX, size } = t;
  const spanWidth = (col: number, span: number) => colW.slice(col, col + span).reduce((a, b) => a + b, 0);
  if (doc.y + startHeight(t.rows) > bottom(doc)) doc.addPage();
  const pages = paginateTable(t.rows, { start: doc.y, top: MARGINS.top, bottom: bottom(doc) });
  doc.fontSize(size).lineWidth(0.6).strokeColor('#000000').fillColor('#000000');
  let y = doc.y;
  pages.forEach((list, k) => {
    if (k > 0) doc.addPage();
    const rows = new Map(list.map((p) => [p.row, p.y]));
    for (const p of placed) {
      const shown: number[] = [];
      for (let r = p.row; r < p.row + p.rowSpan; r++) if (rows.has(r)) shown.push(r);
      if (shown.length === 0) continue;
      const y0 = rows.get(shown[0])!;
      const h = shown.reduce((s, r) => s + t.rows.rowH[r], 0);
      const x0 = colX[p.col];
      const w = spanWidth(p.col, p.colSpan);
      if (p.cell.header) doc.save().rect(x0, y0, w, h).fill(p.cell.subheading ? '#e6e6e6' : '#f3f3f3').restore();
      doc.rect(x0, y0, w, h).stroke();
      if (!p.cell.text) continue;
      const th = doc.heightOfString(p.cell.text, { width: w - 2 * PAD });
      const align = p.cell.header && p.cell.scope === 'row' ? 'left' : 'center';
      // The pagination leaves every cell room for its text; the clip only guards a row taller than a page.
      doc.save().rect(x0, y0, w, h).clip();
      doc.text(p.cell.text, x0 + PAD, y0 + Math.max(PAD, (h - th) / 2), { width: w - 2 * PAD, align, lineBreak: true, height: Math.max(h, th) });
      doc.restore();
    }
    const last = list[list.length - 1];
    y = last ? last.y + t.rows.rowH[last.row] : y;
  });
  doc.x = MARGINS.left;
  doc.y = y + 4;
}
