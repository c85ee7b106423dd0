/**
 * What an uploaded file is, by its first bytes (never by its name or the browser's type): PDF, Word
 * (DOCX), Excel (XLSX) and images (PNG, JPEG, TIFF, BMP, GIF). Shared by the uploads that keep files:
 * documents to redact (src/app/redaction/convert.ts) and a catalogue document's attachments
 * (src/app/portal/attachments.ts).
 *
 * A DOCX or XLSX is a ZIP (PK\x03\x04) holding `word/document.xml` or `xl/workbook.xml`; one that holds
 * a VBA project (`vbaProject.bin`, a macro-enabled .docm/.xlsm renamed) is reported as `macros`.
 */
export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'image';

export interface Sniffed {
  kind: FileKind;
  mime: string;
  /** The extensions a file of this type may have (lower case, with the dot). */
  extensions: readonly string[];
  /** What to call it in a message. */
  label: string;
  /** An Office file with a VBA project in it. */
  macros?: boolean;
}

const IMAGES: Array<[string, string, readonly string[], (b: Uint8Array) => boolean]> = [
  ['image/png', 'PNG 图片', ['.png'], (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', 'JPEG 图片', ['.jpg', '.jpeg'], (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/tiff', 'TIFF 图片', ['.tif', '.tiff'], (b) => (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)],
  ['image/bmp', 'BMP 图片', ['.bmp'], (b) => b[0] === 0x42 && b[1] === 0x4d],
  ['image/gif', 'GIF 图片', ['.gif'], (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46],
];

/** The file's type, or null when it is none of these. */
export function sniffFile(bytes: Uint8Array): Sniffed | null {
  const head = Buffer.from(bytes.subarray(0, 1024));
  if (head.indexOf('%PDF-') >= 0) return { kind: 'pdf', mime: 'application/pdf', extensions: ['.pdf'], label: 'PDF 文档' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const macros = all.indexOf('vbaProject.bin') >= 0;
    if (all.indexOf('word/document.xml') >= 0) {
      return { kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['.docx'], label: 'Word 文档', macros };
    }
    if (all.indexOf('xl/workbook.xml') >= 0) {
      return { kind: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['.xlsx'], label: 'Excel 表格', macros };
    }
    return null;
  }
  const image = IMAGES.find(([, , , test]) => test(bytes));
  return image ? { kind: 'image', mime: image[0], extensions: image[2], label: image[1] } : null;
}
