/**
 * Looking for a string in a PDF by every means a curious reader has, independently of the library
 * that redacted it: pdf.js (text layer, metadata and XMP, annotations, attachments, bookmarks),
 * poppler's pdftotext, and the raw file — every stream found in the bytes inflated (content streams,
 * object streams, XMP, embedded files, earlier revisions left in the file), every string in them
 * decoded (literal and hex; Latin-1, UTF-16BE, and the glyph codes of each font's ToUnicode map, so
 * that 「张三」 written as CID codes <0012 0013> is found too), searched with the strings of a stream
 * run together (a redactor may split what it keeps into pieces).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';

/** Every stream's data in the file's bytes, inflated where it inflates, plus the file itself. */
export function allStreams(pdf: Uint8Array): Buffer[] {
  const buf = Buffer.from(pdf);
  const out: Buffer[] = [buf];
  const text = buf.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = buf.subarray(start, end);
    out.push(raw);
    for (const cut of [0, 1, 2]) {
      try {
        out.push(zlib.inflateSync(raw.subarray(0, raw.length - cut)));
        break;
      } catch {
        try {
          out.push(zlib.inflateSync(raw.subarray(0, raw.length - cut), { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
          break;
        } catch {
          /* not deflated, or not at this length */
        }
      }
    }
  }
  return out;
}

/** The bytes of every literal ( … ) and hex < … > string in `data`, in order. */
export function pdfStrings(data: Buffer): Buffer[] {
  const s = data.toString('latin1');
  const out: Buffer[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<' && s[i + 1] !== '<') {
      const end = s.indexOf('>', i);
      if (end < 0) break;
      const hex = s.slice(i + 1, end).replace(/\s+/g, '');
      if (/^[0-9a-fA-F]*$/.test(hex)) out.push(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
      i = end;
    } else if (c === '<') i++;
    else if (c === '(') {
      const bytes: number[] = [];
      let depth = 1;
      let j = i + 1;
      for (; j < s.length && depth > 0; j++) {
        const d = s[j];
        if (d === '\\') {
          const n = s[++j];
          const oct = /^[0-7]{1,3}/.exec(s.slice(j, j + 3));
          if (oct) {
            bytes.push(parseInt(oct[0], 8) & 0xff);
            j += oct[0].length - 1;
          } else if (n === 'n') bytes.push(10);
          else if (n === 'r') bytes.push(13);
          else if (n === 't') bytes.push(9);
          else if (n === 'b') bytes.push(8);
          else if (n === 'f') bytes.push(12);
          else if (n === '\r' || n === '\n') continue;
          else bytes.push(n.charCodeAt(0));
        } else {
          if (d === '(') depth++;
          if (d === ')' && --depth === 0) break;
          bytes.push(d.charCodeAt(0));
        }
      }
      out.push(Buffer.from(bytes));
      i = j;
    }
  }
  return out;
}

/** unicode text → code bytes, from every ToUnicode CMap (bfchar and bfrange) among `streams`. */
export function toUnicodeMaps(streams: Buffer[]): Array<Map<string, Buffer>> {
  const maps: Array<Map<string, Buffer>> = [];
  const u16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const st of streams) {
    const s = st.toString('latin1');
    if (!s.includes('begincmap')) continue;
    const map = new Map<string, Buffer>();
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(u16(m[2]), Buffer.from(m[1], 'hex'));
    }
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g)) {
        const lo = parseInt(m[1], 16);
        const hi = parseInt(m[2], 16);
        const width = m[1].length / 2;
        const code = (n: number) => Buffer.from(n.toString(16).padStart(width * 2, '0'), 'hex');
        if (m[3].startsWith('[')) {
          [...m[3].matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, k) => map.set(u16(d[1]), code(lo + k)));
        } else {
          const base = parseInt(m[3].slice(1, -1), 16);
          for (let n = lo; n <= hi && n - lo < 65536; n++) map.set(String.fromCharCode(base + n - lo), code(n));
        }
      }
    }
    if (map.size) maps.push(map);
  }
  return maps;
}

/** The byte sequences `secret` may be stored as: three text encodings, then its glyph codes in each font. */
export function encodings(secret: string, maps: Array<Map<string, Buffer>>): Buffer[] {
  // The first three are text encodings (UTF-8, UTF-16BE, Latin-1 or UTF-8 again), then glyph codes.
  const out = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le').swap16(), Buffer.from(secret, 'utf8')];
  for (const map of maps) {
    const codes = [...secret].map((c) => map.get(c));
    if (codes.every(Boolean)) out.push(Buffer.concat(codes as Buffer[]));
  }
  return out;
}

/** Where the raw file holds `secret`: in its bytes, a stream's bytes, or a stream's strings run together. */
export function rawFindings(pdf: Uint8Array, secret: string): string[] {
  const streams = allStreams(pdf);
  const needles = encodings(secret, toUnicodeMaps(streams));
  const [text, ...glyphs] = [needles.slice(0, 3), ...needles.slice(3)];
  const found: string[] = [];
  streams.forEach((st, i) => {
    const where = i === 0 ? 'file bytes' : `stream ${i}`;
    const lower = st.toString('latin1').toLowerCase().replace(/\s+/g, '');
    if (text.some((n) => st.includes(n)) || text.some((n) => lower.includes(n.toString('hex')))) found.push(where);
    // Glyph codes are small numbers that a font program's tables may hold by chance: they are
    // looked for in the strings of content streams (text objects) only.
    const strings = Buffer.concat(pdfStrings(st));
    const isContent = /\bBT\b[\s\S]*\bET\b/.test(st.toString('latin1'));
    if (text.some((n) => strings.includes(n)) || (isContent && glyphs.some((n) => strings.includes(n)))) found.push(`${where}: strings`);
  });
  return found;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: PdfJs | undefined;
const pdfjs = async () => (pdfjsModule ??= await import('pdfjs-dist/legacy/build/pdf.mjs'));

export interface PdfJsView {
  /** Each page's text items joined, blanks removed. */
  pages: string[];
  metadata: string;
  annotations: string;
  attachments: string;
  outline: string;
  /** Fill colours of the filled paths on each page (to see vector drawings go). */
  fills: string[][];
}

/** What pdf.js reads from `pdf`. */
export async function pdfJsView(pdf: Uint8Array): Promise<PdfJsView> {
  const lib = await pdfjs();
  const doc = await lib.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    const fills: string[][] = [];
    let annotations = '';
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const tc = await page.getTextContent();
      pages.push(tc.items.map((it) => ('str' in it ? it.str : '')).join('').replace(/\s+/g, ''));
      annotations += JSON.stringify(await page.getAnnotations());
      const ops = await page.getOperatorList();
      const stack: string[] = [];
      let fill = '#000000';
      const used: string[] = [];
      ops.fnArray.forEach((fn, k) => {
        const args = ops.argsArray[k];
        if (fn === lib.OPS.save) stack.push(fill);
        else if (fn === lib.OPS.restore) fill = stack.pop() ?? fill;
        else if (fn === lib.OPS.setFillRGBColor) fill = typeof args[0] === 'string' ? args[0] : `#${[...args].map((v: number) => v.toString(16).padStart(2, '0')).join('')}`;
        else if (fn === lib.OPS.fill || fn === lib.OPS.eoFill || fn === lib.OPS.fillStroke || fn === lib.OPS.eoFillStroke) used.push(fill);
      });
      fills.push(used);
    }
    const meta = await doc.getMetadata();
    const metadata = JSON.stringify(meta.info) + (meta.metadata ? meta.metadata.getRaw() : '');
    const att = ((await doc.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>;
    const attachments = Object.values(att)
      .map((a) => JSON.stringify(a.filename) + Buffer.from(a.content).toString('utf8'))
      .join('\n');
    const outline = JSON.stringify((await doc.getOutline()) ?? []);
    return { pages, metadata, annotations, attachments, outline, fills };
  } finally {
    await doc.destroy();
  }
}

/** poppler's view: pdftotext of the whole file (blanks removed) and pdfinfo's metadata. */
export function popplerView(pdf: Uint8Array): { text: string; info: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-forensics-'));
  try {
    const file = join(dir, 'f.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    const info = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    return { text, info };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The images of a PDF as RGB pixel arrays (poppler's pdfimages, PPM). */
export function images(pdf: Uint8Array): Array<{ width: number; height: number; rgb: Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-images-'));
  try {
    const file = join(dir, 'f.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdfimages', [file, join(dir, 'img')]);
    const out: Array<{ width: number; height: number; rgb: Buffer }> = [];
    for (const n of readdirSync(dir).filter((f) => f.endsWith('.ppm')).sort()) {
      const data = readFileSync(join(dir, n));
      const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.toString('latin1', 0, 50));
      if (!header) continue;
      out.push({ width: Number(header[1]), height: Number(header[2]), rgb: data.subarray(header[0].length) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every place pdf.js, poppler and the raw file show `secret` (blanks ignored in extracted text). */
export async function findEverywhere(pdf: Uint8Array, secret: string): Promise<string[]> {
  const bare = secret.replace(/\s+/g, '');
  const js = await pdfJsView(pdf);
  const pop = popplerView(pdf);
  const found: string[] = [];
  js.pages.forEach((t, i) => t.includes(bare) && found.push(`pdf.js text, page ${i + 1}`));
  if (js.metadata.includes(secret)) found.push('pdf.js metadata');
  if (js.annotations.includes(secret)) found.push('pdf.js annotations');
  if (js.attachments.includes(secret)) found.push('pdf.js attachments');
  if (js.outline.includes(secret)) found.push('pdf.js outline');
  if (pop.text.includes(bare)) found.push('pdftotext');
  if (pop.info.includes(secret)) found.push('pdfinfo');
  return [...found, ...rawFindings(pdf, secret)];
}
