/**
 * The report as a PDF (pdfkit): A4 with 公文 margins, the CJK font embedded (the caller passes the
 * font bytes, e.g. from src/lib/cjk-font.ts — the domain does no I/O), tables drawn with lines.
 * A table that does not fit on the page continues on the next one with its header rows repeated;
 * a merged label cell cut by the break is drawn again on the new page.
 */
import PDFDocument from 'pdfkit';
import type { ReportModel } from '../model.ts';
import { paragraphs, placeGrid, reportBlocks, reportTitle, type Grid } from './layout.ts';

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
  for (const block of reportBlocks(model)) {
    if (block.kind === 'heading') {
      ensureSpace(doc, SIZE.heading * 9); // keep a heading with the start of what follows
      doc.fontSize(SIZE.heading).text(block.text, MARGINS.left, doc.y + 4, { width, indent: SIZE.heading * 2, lineGap: 6 });
      doc.moveDown(0.3);
    } else if (block.kind === 'prose') {
      doc.fontSize(SIZE.body);
      for (const p of paragraphs(block.text)) {
        doc.text(p, MARGINS.left, doc.y, { width, indent: SIZE.body * 2, align: 'justify', lineGap: 5, paragraphGap: 2 });
      }
      doc.moveDown(0.3);
    } else {
      drawTable(doc, block.grid);
      doc.moveDown(0.6);
    }
  }
  doc.end();
  return finished;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGINS.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function drawTable(doc: Doc, grid: Grid): void {
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const totalWeight = grid.widths.reduce((a, b) => a + b, 0);
  const colW = grid.widths.map((w) => (w / totalWeight) * width);
  const colX = colW.map((_, i) => left + colW.slice(0, i).reduce((a, b) => a + b, 0));
  const size = grid.columns > 10 ? SIZE.tableSmall : SIZE.table;
  const pad = 3;
  doc.fontSize(size);
  const placed = placeGrid(grid);
  const spanWidth = (col: number, span: number) => colW.slice(col, col + span).reduce((a, b) => a + b, 0);
  const textHeight = (text: string, w: number) => (text ? doc.heightOfString(text, { width: w - 2 * pad }) : 0) + 2 * pad;

  // Row heights: the tallest single-row cell; a taller merged cell stretches its last row.
  const rowH: number[] = grid.rows.map(() => size + 2 * pad + 3);
  for (const p of placed) if (p.rowSpan === 1) rowH[p.row] = Math.max(rowH[p.row], textHeight(p.cell.text, spanWidth(p.col, p.colSpan)));
  for (const p of placed) {
    if (p.rowSpan === 1) continue;
    const have = rowH.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0);
    const need = textHeight(p.cell.text, spanWidth(p.col, p.colSpan));
    if (need > have) rowH[p.row + p.rowSpan - 1] += need - have;
  }

  // Pagination: each page lists the rows it shows and their tops; header rows repeat.
  const header = Array.from({ length: grid.headerRows }, (_, i) => i);
  const headerH = header.reduce((s, r) => s + rowH[r], 0);
  const pages: Array<Map<number, number>> = [];
  const top = MARGINS.top;
  let y = doc.y;
  const firstBody = grid.headerRows < grid.rows.length ? rowH[grid.headerRows] : 0;
  if (y + headerH + firstBody > bottom(doc)) {
    doc.addPage();
    y = top;
  }
  let page = new Map<number, number>();
  pages.push(page);
  for (const r of header) {
    page.set(r, y);
    y += rowH[r];
  }
  for (let r = grid.headerRows; r < grid.rows.length; r++) {
    if (y + rowH[r] > bottom(doc) && page.size > grid.headerRows) {
      page = new Map();
      pages.push(page);
      y = top;
      for (const h of header) {
        page.set(h, y);
        y += rowH[h];
      }
    }
    page.set(r, y);
    y += rowH[r];
  }

  doc.lineWidth(0.6).strokeColor('#000000').fillColor('#000000');
  pages.forEach((rows, k) => {
    if (k > 0) doc.addPage();
    for (const p of placed) {
      const shown: number[] = [];
      for (let r = p.row; r < p.row + p.rowSpan; r++) if (rows.has(r)) shown.push(r);
      if (shown.length === 0) continue;
      const y0 = rows.get(shown[0])!;
      const h = shown.reduce((s, r) => s + rowH[r], 0);
      const x0 = colX[p.col];
      const w = spanWidth(p.col, p.colSpan);
      if (p.cell.header) doc.save().rect(x0, y0, w, h).fill(p.cell.subheading ? '#e6e6e6' : '#f3f3f3').restore();
      doc.rect(x0, y0, w, h).stroke();
      if (!p.cell.text) continue;
      const th = doc.heightOfString(p.cell.text, { width: w - 2 * pad });
      const align = p.cell.header && p.cell.scope === 'row' ? 'left' : 'center';
      // A merged cell cut by a page break may be lower than its text: clip to the cell.
      doc.save().rect(x0, y0, w, h).clip();
      doc.text(p.cell.text, x0 + pad, y0 + Math.max(pad, (h - th) / 2), { width: w - 2 * pad, align, lineBreak: true, height: Math.max(h, th) });
      doc.restore();
    }
  });
  doc.x = left;
  doc.y = y + 4;
}
