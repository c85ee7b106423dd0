/**
 * MuPDF (the `mupdf` package: Artifex's WebAssembly build, AGPL-3.0-or-later) opened for redaction,
 * and what a page's text is made of for it: each character with its quadrilateral on the page.
 *
 * Page coordinates here are MuPDF's: points (1/72 inch) from the top-left corner of the page as it
 * is displayed (CropBox and /Rotate applied), y downwards — the same space as pdf.js's viewport at
 * scale 1, so a box drawn in the browser needs no conversion but a division by the zoom.
 */
import * as mupdf from 'mupdf';
import { AppError } from '../errors.ts';

export type Rect = [x0: number, y0: number, x1: number, y1: number];
export type Quad = mupdf.Quad;

/** MuPDF's warnings (a damaged file repaired, an odd font), kept rather than printed to the console. */
const warnings: string[] = [];
mupdf.setLog({ error: (m: string) => warnings.push(m), warning: (m: string) => warnings.push(m) });

/** The warnings since the last call. */
export function takeWarnings(): string[] {
  return warnings.splice(0, warnings.length);
}

export const notAPdf = (message: string) => new AppError(422, 'redaction_input', message);

/** Opens a PDF for editing; refuses what is not a PDF, or needs a password, in Chinese. */
export function openPdf(bytes: Uint8Array): mupdf.PDFDocument {
  if (bytes.length < 5 || Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) {
    throw notAPdf('文件不是 PDF（找不到“%PDF-”文件头）');
  }
  let doc: mupdf.Document;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  } catch (err) {
    throw notAPdf(`无法打开这个 PDF：${err instanceof Error ? err.message : String(err)}`);
  }
  const pdf = doc.asPDF();
  if (!pdf) throw notAPdf('文件不是 PDF');
  if (pdf.needsPassword()) throw notAPdf('PDF 已加密，需要密码才能打开：请先去除密码再上传');
  try {
    pdf.countPages();
  } catch (err) {
    throw notAPdf(`PDF 已损坏，无法读取页面：${err instanceof Error ? err.message : String(err)}`);
  }
  return pdf;
}

/**
 * Runs MuPDF's `work` on page `n` (1-based): an error MuPDF raises there (a damaged content stream,
 * a broken font) is the file's fault, not ours — a 422 naming the page.
 */
export function onPage<T>(n: number, work: () => T): T {
  return asFileError(`第${n}页`, work);
}

/** The same for the whole file (`where`: 「文件」). */
export function asFileError<T>(where: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    // A TypeError is a wrong call of ours (a bug), not a damaged file.
    if (err instanceof AppError || err instanceof TypeError || !(err instanceof Error)) throw err;
    throw notAPdf(`${where}已损坏，无法处理：${err.message}`);
  }
}

/** One character of a page: its text and where it is (null for the line breaks we add). */
export interface PageChar {
  c: string;
  quad: Quad | null;
}

/**
 * A page's characters in reading order, a "\n" between lines. Text outside the page's visible area
 * and invisible text (render mode 3, an OCR layer) are included: both are in the file, and
 * text-extraction tools find them, so they must be found here too.
 */
export function pageChars(page: mupdf.PDFPage): PageChar[] {
  const st = page.toStructuredText('preserve-whitespace,clip=no');
  const out: PageChar[] = [];
  st.walk({
    onChar(c, _origin, _font, _size, quad) {
      out.push({ c, quad: [...quad] as Quad });
    },
    endLine() {
      out.push({ c: '\n', quad: null });
    },
  });
  st.destroy();
  return out;
}

export { mupdf };
