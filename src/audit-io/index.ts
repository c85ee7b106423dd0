/**
 * The auditor's input side: bytes of a file (a page saved as text or HTML, a DOCX, a PDF with a
 * text layer) → the report model. The file type is sniffed from the magic bytes and the name;
 * text may be UTF-8 (with or without BOM), UTF-16 or GBK/GB18030 (older portals).
 * The reading itself is the pure domain reader (src/domain/audit); this layer only converts.
 *
 * `auditBuffer` never throws: a file that cannot be decoded gives a model whose findings say so
 * (`parse.unreadable` at `document`).
 */
import mammoth from 'mammoth';
import { emptyReport, type ReportModel } from '../domain/report/model.ts';
import { readReportHtml, readReportText, type ReadOptions } from '../domain/audit/index.ts';
import { pdfToText } from './pdf.ts';

export type AuditOptions = Omit<ReadOptions, 'file'>;

export type SniffedKind = 'pdf' | 'docx' | 'doc' | 'html' | 'text';

/** What kind of document the bytes are (magic bytes first, then the name, then the content). */
export function sniff(name: string, bytes: Uint8Array): SniffedKind {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf'; // %PDF
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'docx'; // PK zip
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'doc'; // OLE (Word 97)
  const lower = name.toLowerCase();
  if (/\.(html?|xhtml|shtml)$/.test(lower)) return 'html';
  if (/\.docx$/.test(lower) || /\.pdf$/.test(lower)) return 'text'; // misnamed: read what it is
  const head = decodeText(b.subarray(0, 4096)).slice(0, 4096);
  if (/<(?:!doctype html|html|body|table|div|p|meta)[\s>]/i.test(head)) return 'html';
  return 'text';
}

/** Bytes → string: BOMs, then strict UTF-8, then GB18030 (a superset of GBK) as used by older portals. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030').decode(bytes);
    } catch {
      return new TextDecoder('utf-8').decode(bytes);
    }
  }
}

/** DOCX → HTML (mammoth keeps tables as <table>). */
export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return result.value;
}

export { pdfToText, layoutPdfText, layoutPage, type PdfItem } from './pdf.ts';

function unreadable(name: string, message: string): ReportModel {
  const model = emptyReport(null, '', null);
  model.file = name;
  model.findings = [{ code: 'parse.unreadable', severity: 'error', message, where: 'document' }];
  return model;
}

/** True when the model is the answer for a document that could not be decoded at all. */
export function isUnreadableDocument(model: ReportModel): boolean {
  return model.findings.some((f) => f.code === 'parse.unreadable' && f.where === 'document');
}

/**
 * Audit a file's bytes: sniff the type, convert to text/HTML, read into the report model and
 * check it. For the web page and API (the lead wires it) and for `gongkai audit`.
 */
export async function auditBuffer(name: string, bytes: Uint8Array, options: AuditOptions = {}): Promise<ReportModel> {
  const read = { ...options, file: name };
  const kind = sniff(name, bytes);
  try {
    switch (kind) {
      case 'pdf': {
        const text = await pdfToText(bytes);
        if (!text.trim()) return unreadable(name, 'PDF 没有文字层（可能是扫描件），无法读取；请先做文字识别（OCR）。');
        return readReportText(text, read).model;
      }
      case 'docx':
        return readReportHtml(await docxToHtml(bytes), read).model;
      case 'doc':
        return unreadable(name, '不支持旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后再审核。');
      case 'html':
        return readReportHtml(decodeText(bytes), read).model;
      default:
        return readReportText(decodeText(bytes), read).model;
    }
  } catch (err) {
    const what = kind === 'pdf' ? 'PDF' : kind === 'docx' ? 'DOCX' : '文件';
    return unreadable(name, `无法读取这个${what}：${err instanceof Error ? err.message : String(err)}`);
  }
}
