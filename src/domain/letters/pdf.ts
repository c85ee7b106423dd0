/**
 * PDF rendering of a Letter (pdfkit), with an embedded CJK font passed in by the caller (the domain
 * reads no files: `src/lib/cjk-font.ts` finds one). Same layout as the DOCX: A4, 公文 margins, title
 * 22 pt centred, 文号 centred, body 16 pt with 28 pt lines and a two-character first-line indent,
 * the seal placeholder above the agency and the date at the bottom right.
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
const LINE_GAP = 28 - BODY * 1.2; // 28 pt lines, as in the DOCX

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
      doc.fontSize(22).text(letter.title, { align: 'center' });
      doc.moveDown(0.4);
      doc.fontSize(BODY).text(letter.number, { align: 'center' });
      doc.moveDown(1);
      doc.text(`${letter.recipient}：`, { lineGap: LINE_GAP });
      for (const p of letter.paragraphs) doc.text(p, { indent: 2 * BODY, lineGap: LINE_GAP, align: 'left' });
      doc.moveDown(2);
      // Keep the signature block together: start a page if fewer than 4 lines remain.
      const blockHeight = 4 * 28;
      if (doc.y + blockHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      const x = doc.page.margins.left;
      doc.text(letter.sealPlaceholder, x, doc.y, { width: width - 6 * BODY, align: 'right', lineGap: LINE_GAP });
      doc.text(letter.signer.agency, x, doc.y, { width: width - 2 * BODY, align: 'right', lineGap: LINE_GAP });
      doc.text(letter.signer.dateText, x, doc.y, { width: width - 2 * BODY, align: 'right', lineGap: LINE_GAP });
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
