/**
 * PDF rendering of a Letter (pdfkit), with an embedded CJK font passed in by the caller (the domain
 * reads no files: `src/lib/cjk-font.ts` finds one). The DOCX's layout, measure for measure (docx.ts):
 * A4, 公文 margins, title 22 pt on a 36 pt line and 12 pt after, 文号 centred on a 28 pt line and 14 pt
 * after, body 16 pt on fixed 28 pt lines with a two-character first-line indent, one empty 28 pt
 * line with 28 pt before it, then the signature block — seal placeholder, agency, date — at the right.
 * The lines are 28 pt whatever the font's own line height (the gap is computed from it), so a
 * letter that fits on one page in Word is one page here too.
 *
 * Keep-with-next (公文 practice: the 成文日期 and 印章 are never on a page without text): the
 * signature block stays on the page that holds the end of the last paragraph. When the block would
 * not fit after it, the last paragraph's last lines (two, or all of a paragraph of three or fewer)
 * go to the next page with the block.
 */
import PDFDocument from 'pdfkit';
import type { Letter } from './types.ts';

/** The font bytes (TTF/OTF/TTC) and, for a collection, the face's PostScript name. */
export interface PdfFont {
  data: Buffer | Uint8Array;
  family?: string;
}

const mm = (x: number) => (x * 72) / 25.4;
const BODY = 16;
const TITLE = 22;
/** The body's fixed line, as the DOCX's (560 twips). */
export const PDF_LINE = 28;
/** The empty line before the signature block (28 pt before it, 28 pt line) and the block's three lines. */
const SIGNATURE_GAP = 2 * PDF_LINE;
const SIGNATURE_LINES = 3;
/** Lines of the last paragraph carried to the next page with the signature block. */
const CARRIED_LINES = 2;

export function letterToPdf(letter: Letter, font: PdfFont): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
      info: { Title: letter.title, Subject: letter.number, Author: letter.signer.agency },
      lang: 'zh-CN',
    } as PDFKit.PDFDocumentOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      doc.registerFont('cjk', Buffer.from(font.data), font.family);
      doc.font('cjk');
      const x = doc.page.margins.left;
      const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      doc.fontSize(TITLE);
      doc.text(letter.title, x, doc.page.margins.top, { width, align: 'center', lineGap: 36 - doc.currentLineHeight(true) });
      doc.y += 12;
      doc.fontSize(BODY);
      // The font's own line height, and the gap that makes every body line 28 pt.
      const lh = doc.currentLineHeight(true);
      const body = { width, lineGap: PDF_LINE - lh };
      doc.text(letter.number, x, doc.y, { ...body, align: 'center' });
      doc.y += 14;
      doc.text(`${letter.recipient}：`, x, doc.y, body);
      const para = { ...body, indent: 2 * BODY, align: 'left' as const };
      const last = letter.paragraphs.length - 1;
      letter.paragraphs.forEach((p, i) => {
        if (i === last) keepWithSignature(doc, p, para, lh);
        doc.text(p, x, doc.y, para);
      });
      // The signature block: on the page where the last paragraph ends (keepWithSignature made room).
      doc.y += SIGNATURE_GAP;
      const sig = { ...body, align: 'right' as const };
      doc.text(letter.sealPlaceholder, x, doc.y, { ...sig, width: width - 6 * BODY });
      doc.text(letter.signer.agency, x, doc.y, { ...sig, width: width - 2 * BODY });
      doc.text(letter.signer.dateText, x, doc.y, { ...sig, width: width - 2 * BODY });
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

/** Lines that fit from `y` to the page's `maxY` (a line at y fits when y + lh ≤ maxY, as pdfkit checks). */
function linesFitting(y: number, maxY: number, lh: number): number {
  return Math.max(0, Math.floor((maxY - lh - y + 0.01) / PDF_LINE) + 1);
}

/**
 * Before the last paragraph: where it would end, and whether the signature block (the gap and its
 * three lines) fits after it there, with at least CARRIED_LINES of the paragraph (all of a shorter
 * one) on that page. If not, one page of the paragraph is shortened so that its last lines flow onto
 * the next page, where the block follows them.
 */
function keepWithSignature(doc: PDFKit.PDFDocument, text: string, opts: PDFKit.Mixins.TextOptions, lh: number): void {
  const n = Math.round(doc.heightOfString(text, opts) / PDF_LINE);
  const block = SIGNATURE_GAP / PDF_LINE + SIGNATURE_LINES;
  const perPage = linesFitting(doc.page.margins.top, doc.page.maxY(), lh);
  const here = linesFitting(doc.y, doc.page.maxY(), lh);
  // The pages the paragraph takes: index 0 is this page (`here` lines), then full pages.
  const last = n <= here ? 0 : Math.ceil((n - here) / perPage);
  const onLast = last === 0 ? n : n - here - (last - 1) * perPage;
  const left = (last === 0 ? here : perPage) - onLast;
  const carry = Math.min(n, CARRIED_LINES);
  if (left >= block && onLast >= carry) return;
  if (left >= block) {
    // A lone last line (a widow) above the block: the page before gives it one more line.
    shorten(doc, last - 1, (last - 1 === 0 ? here : perPage) - (carry - onLast), lh);
  } else {
    // No room for the block: the paragraph's last lines (all of a paragraph of three or fewer) move on.
    const moved = n <= CARRIED_LINES + 1 ? n : carry;
    shorten(doc, last, onLast - moved, lh);
  }
}

/**
 * Limits page `index` of the paragraph (0: the current page; j: the j-th page pdfkit adds for it) to
 * `lines` lines of it; 0 lines on the current page starts the paragraph on a new page.
 */
function shorten(doc: PDFKit.PDFDocument, index: number, lines: number, lh: number): void {
  if (index === 0) {
    if (lines <= 0) doc.addPage();
    else doc.page.margins.bottom = doc.page.height - (doc.y + (lines - 1) * PDF_LINE + lh + 0.5);
    return;
  }
  let added = 0;
  const onPage = () => {
    if (++added !== index) return;
    doc.page.margins.bottom = doc.page.height - (doc.page.margins.top + (lines - 1) * PDF_LINE + lh + 0.5);
    doc.removeListener('pageAdded', onPage);
  };
  doc.on('pageAdded', onPage);
}
