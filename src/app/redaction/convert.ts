/**
 * Documents that are not PDF, made into a PDF to be redacted: a Word document (DOCX) is laid out by
 * MuPDF's own reader — the text keeps its text layer, so strings can be searched and redacted, but
 * the layout is MuPDF's, not Word's — and an image (PNG, JPEG, TIFF, BMP, GIF) becomes a page of its
 * own, redacted by boxes (its pixels under a box are removed). Only what MuPDF lays out reaches the
 * PDF: a DOCX's comments and document properties do not.
 */
import { AppError } from '../errors.ts';
import { asFileError, mupdf } from './mupdf.ts';
import { sniffFile } from '../../lib/files/sniff.ts';

export type SourceKind = 'pdf' | 'docx' | 'image';

export const unsupported = () =>
  new AppError(415, 'redaction_unsupported', '只能对 PDF、Word（.docx）文档和图片（PNG、JPEG、TIFF、BMP、GIF）作区分处理');

/** What a file is, by its first bytes (not by its name): src/lib/files/sniff.ts, less what cannot be redacted (XLSX). */
export function sniff(bytes: Uint8Array): { kind: SourceKind; mime: string } {
  const found = sniffFile(bytes);
  if (!found || found.kind === 'xlsx') throw unsupported();
  return { kind: found.kind, mime: found.mime };
}

/** The document as a PDF (a PDF is returned as it is). */
export function toPdf(bytes: Uint8Array): { pdf: Uint8Array; kind: SourceKind } {
  const { kind, mime } = sniff(bytes);
  if (kind === 'pdf') return { pdf: bytes, kind };
  let src: mupdf.Document;
  try {
    src = mupdf.Document.openDocument(bytes, mime);
  } catch (err) {
    throw new AppError(422, 'redaction_input', `无法读取这个${kind === 'docx' ? 'Word 文档' : '图片'}：${err instanceof Error ? err.message : String(err)}`);
  }
  return asFileError(kind === 'docx' ? 'Word 文档' : '图片', () => render(src, kind));
}

function render(src: mupdf.Document, kind: SourceKind): { pdf: Uint8Array; kind: SourceKind } {
  const out = new mupdf.Buffer();
  const writer = new mupdf.DocumentWriter(out, 'pdf', '');
  try {
    const pages = src.countPages();
    for (let i = 0; i < pages; i++) {
      const page = src.loadPage(i);
      const device = writer.beginPage(page.getBounds());
      page.run(device, mupdf.Matrix.identity);
      writer.endPage();
      page.destroy();
    }
    writer.close();
    // MuPDF embeds whole fonts (its CJK fallback is megabytes): keep the glyphs used.
    const pdf = mupdf.Document.openDocument(out.asUint8Array(), 'application/pdf').asPDF()!;
    try {
      pdf.subsetFonts();
      const saved = pdf.saveToBuffer('garbage=4,compress');
      const result = saved.asUint8Array().slice();
      saved.destroy();
      return { pdf: result, kind };
    } finally {
      pdf.destroy();
    }
  } finally {
    writer.destroy();
    out.destroy();
    src.destroy();
  }
}
