/**
 * Limits on untrusted documents (the auditor's uploads), checked BEFORE the work grows: a DOCX's
 * zip directory (entries, declared sizes) before anything is inflated, then each XML part inflated
 * with a hard output cap (a lying directory cannot get past it) and its nesting depth; a PDF's page
 * count from its page tree before any page is read, then the characters of each page before the
 * tables are laid out; the characters and nesting of text and HTML before they are read.
 *
 * A document over a limit is not an error of the program: `checkDocumentLimits` returns the limit
 * it broke (`LimitBreach`) with a Chinese message naming the limit, and the caller answers 413/422
 * (the server) or reports the file unreadable (the command line). The limits themselves are one
 * table (`DOCUMENT_LIMITS`), stated in the README's security section.
 *
 * Memory and time are bounded by the worker that runs this (src/audit-io/pool.ts): its heap limit
 * and its time budget catch what a declared size cannot (a stream inside a PDF, say).
 */
import { inflateRawSync } from 'node:zlib';
import { decodeText, sniff } from './index.ts';

export const DOCUMENT_LIMITS = {
  /** Entries in a DOCX's zip directory (a real report has 20–60). */
  zipEntries: 2_000,
  /** Sum of the declared uncompressed sizes of all entries (images included). */
  zipTotalBytes: 40 * 1024 * 1024,
  /** One XML part (word/document.xml, …) once inflated. */
  xmlPartBytes: 10 * 1024 * 1024,
  /** Inflated size / compressed size of an XML part over 1 MB; ordinary Word XML compresses 5–30×. */
  xmlRatio: 200,
  /** Nesting of elements in XML or HTML (tables in tables, <div> in <div>). */
  nestingDepth: 256,
  /** Pages of a PDF, from its page tree's /Count. */
  pdfPages: 500,
  /** Characters of text on one PDF page (a dense A4 page holds about 3,000). */
  pdfPageChars: 60_000,
  /** Characters of a whole document (text, HTML, a PDF's text layer): 2 million. */
  documentChars: 2 * 1024 * 1024,
} as const;

export type LimitName = keyof typeof DOCUMENT_LIMITS | 'memory' | 'time';

/** Which limit a document broke, with the HTTP status (413 too large, 422 refused as built) and a Chinese message naming it. */
export interface LimitBreach {
  limit: LimitName;
  status: 413 | 422;
  message: string;
}

const MB = 1024 * 1024;
const mb = (n: number) => `${Math.round((n / MB) * 10) / 10} MB`;

function breach(limit: LimitName, message: string, status: 413 | 422 = 413): LimitBreach {
  return { limit, status, message };
}

/** A breach named in Chinese for the limits that the worker (not this module) enforces. */
export function memoryBreach(name: string, heapMb: number): LimitBreach {
  return breach('memory', `「${name}」处理时超出内存上限（${heapMb} MB），已停止处理。`);
}
export function timeBreach(name: string, seconds: number): LimitBreach {
  return breach('time', `「${name}」处理超出时间上限（${seconds} 秒），已停止处理。`, 422);
}

/** Checks the document's limits; null when it is within all of them. Never throws. */
export async function checkDocumentLimits(name: string, bytes: Uint8Array): Promise<LimitBreach | null> {
  try {
    switch (sniff(name, bytes)) {
      case 'docx':
        return checkDocx(name, bytes);
      case 'pdf':
        return await checkPdf(name, bytes);
      case 'doc':
        return null;
      default:
        return checkText(name, decodeText(bytes));
    }
  } catch {
    // A file too broken to inspect is left to the reader, which says it is unreadable.
    return null;
  }
}

// ---- text and HTML -------------------------------------------------------------------------

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * The deepest nesting of elements in XML or HTML, by a linear scan of the tags (no tree is built).
 * Void elements and self-closing tags do not nest; a closing tag closes one level (tolerant of
 * HTML's unclosed <p> and <li>, which at worst overstate the depth of a broken page).
 */
export function nestingDepth(markup: string, stopAt = Infinity): number {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  for (let m = tag.exec(markup); m; m = tag.exec(markup)) {
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID.has(m[2].toLowerCase())) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    }
  }
  return max;
}

function checkMarkupDepth(name: string, markup: string): LimitBreach | null {
  const L = DOCUMENT_LIMITS.nestingDepth;
  return nestingDepth(markup, L) > L ? breach('nestingDepth', `「${name}」的元素嵌套超过 ${L} 层上限，无法审核。`, 422) : null;
}

function checkText(name: string, text: string): LimitBreach | null {
  const L = DOCUMENT_LIMITS.documentChars;
  if (text.length > L) return breach('documentChars', `「${name}」超过 ${L.toLocaleString('en-US')} 个字符的上限，无法审核。`);
  return text.includes('<') ? checkMarkupDepth(name, text) : null;
}

// ---- DOCX: the zip's central directory, then each XML part with a capped inflate ------------

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

/** The central directory of a zip (APPNOTE 4.3.12, 4.3.16), read without inflating anything; null if there is none. */
export function zipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: the last 0x06054b50 within the final 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  // A ZIP64 directory marks its counts 0xffff: read entries until the signature stops, whatever the count.
  const most = count === 0xffff ? Infinity : count;
  while (entries.length < most && at + 46 <= bytes.length && view.getUint32(at, true) === 0x02014b50) {
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen)),
      method: view.getUint16(at + 10, true),
      compressed: view.getUint32(at + 20, true),
      uncompressed: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    if (entries.length > DOCUMENT_LIMITS.zipEntries) break;
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The entry's stored bytes (after its local header), or null when the header is not where the directory says. */
function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = e.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return bytes.subarray(start, Math.min(bytes.length, start + e.compressed));
}

function checkDocx(name: string, bytes: Uint8Array): LimitBreach | null {
  const L = DOCUMENT_LIMITS;
  const entries = zipDirectory(bytes);
  if (!entries) return null; // not a zip after all: the reader says so
  if (entries.length > L.zipEntries) return breach('zipEntries', `「${name}」压缩包内的文件超过 ${L.zipEntries} 个上限，无法审核。`);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressed;
    if (e.uncompressed === 0xffffffff || total > L.zipTotalBytes)
      return breach('zipTotalBytes', `「${name}」解压后超过 ${mb(L.zipTotalBytes)} 的上限，无法审核。`);
  }
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name)) continue;
    const tooBig = breach('xmlPartBytes', `「${name}」中的 ${e.name} 解压后超过 ${mb(L.xmlPartBytes)} 的上限，无法审核。`);
    if (e.uncompressed > L.xmlPartBytes) return tooBig;
    if (e.uncompressed > MB && e.compressed > 0 && e.uncompressed / e.compressed > L.xmlRatio)
      return breach('xmlRatio', `「${name}」中的 ${e.name} 压缩比超过 ${L.xmlRatio} 倍的上限（疑似压缩炸弹），无法审核。`);
    const data = entryData(bytes, e);
    if (!data) continue;
    let xml: Uint8Array;
    if (e.method === 0) xml = data;
    else if (e.method === 8) {
      try {
        // The directory may lie about the size: the inflate itself stops at the cap.
        xml = inflateRawSync(data, { maxOutputLength: L.xmlPartBytes + 1 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return tooBig;
        continue; // a damaged stream: the reader says so
      }
    } else continue;
    if (xml.length > L.xmlPartBytes) return tooBig;
    const depth = checkMarkupDepth(`${name}（${e.name}）`, new TextDecoder().decode(xml));
    if (depth) return depth;
  }
  return null;
}

// ---- PDF: the page tree's count before any page, then each page's characters ---------------

async function checkPdf(name: string, bytes: Uint8Array): Promise<LimitBreach | null> {
  const L = DOCUMENT_LIMITS;
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    if (doc.numPages > L.pdfPages) return breach('pdfPages', `「${name}」有 ${doc.numPages} 页，超过 ${L.pdfPages} 页的上限，无法审核。`);
    let total = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let chars = 0;
      for (const it of content.items as Array<{ str?: string }>) chars += it.str?.length ?? 0;
      page.cleanup();
      if (chars > L.pdfPageChars) return breach('pdfPageChars', `「${name}」第 ${p} 页的文字超过 ${L.pdfPageChars.toLocaleString('en-US')} 个字符的上限，无法审核。`);
      total += chars;
      if (total > L.documentChars) return breach('documentChars', `「${name}」的文字超过 ${L.documentChars.toLocaleString('en-US')} 个字符的上限，无法审核。`);
    }
    return null;
  } finally {
    await doc.destroy();
  }
}
