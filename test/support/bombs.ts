/**
 * Hostile documents for the upload routes, generated (never committed): a DOCX whose XML inflates
 * to tens of MB from a small zip, a PDF whose page tree (written by hand) holds tens of thousands
 * of pages, markup nested thousands deep, and a huge text. Each is a valid file of its kind.
 */
import JSZip from 'jszip';
import { renderDocx } from '../../src/domain/report/render/index.ts';
import { compileReport } from '../../src/domain/report/compile.ts';
import { seedFacts } from '../unit/report-compile/seed-facts.ts';

/** A clean compiled report (the seed's facts) as a real DOCX. */
export async function cleanDocx(): Promise<Uint8Array> {
  const m = compileReport({ ...seedFacts, sections: { overview: '总体情况。', problems: '问题。', other: '无。' } }).model;
  return renderDocx(m);
}

/**
 * A real report DOCX whose word/document.xml carries `mb` MB more of paragraphs: DEFLATE level 9
 * brings ~30 MB of repeated XML down to a zip of ~100 KB.
 */
export async function docxBomb(mb = 32): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await cleanDocx());
  const xml = await zip.file('word/document.xml')!.async('string');
  const para = '<w:p><w:r><w:t>二、主动公开政府信息情况 本年新制发件数 0 0 0</w:t></w:r></w:p>';
  const filler = para.repeat(Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(para)));
  zip.file('word/document.xml', xml.replace('<w:body>', `<w:body>${filler}`));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** A DOCX whose document.xml nests `depth` tables inside each other (well under the size limits). */
export async function docxDeep(depth = 20_000): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await cleanDocx());
  const xml = await zip.file('word/document.xml')!.async('string');
  const open = '<w:tbl><w:tr><w:tc>'.repeat(depth);
  const close = '<w:p/></w:tc></w:tr></w:tbl>'.repeat(depth);
  zip.file('word/document.xml', xml.replace('<w:body>', `<w:body>${open}${close}`));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A zip that says in its directory that it holds more entries than any report does. */
export async function docxManyEntries(entries = 5_000): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await cleanDocx());
  for (let i = 0; i < entries; i++) zip.file(`word/media/x${i}.txt`, '');
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * A PDF of `pages` pages, written by hand: one page tree node whose /Kids lists every page, each
 * page sharing one content stream (a line of text in Helvetica). 60,000 pages ≈ 6 MB.
 */
export function pdfBomb(pages = 60_000): Uint8Array {
  const chunks: string[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (s: string) => {
    chunks.push(s);
    length += Buffer.byteLength(s, 'latin1');
  };
  const obj = (n: number, body: string) => {
    offsets[n] = length;
    push(`${n} 0 obj\n${body}\nendobj\n`);
  };
  push('%PDF-1.4\n');
  const first = 5;
  const kids: string[] = [];
  for (let i = 0; i < pages; i++) kids.push(`${first + i} 0 R`);
  const content = 'BT /F1 12 Tf 72 720 Td (2023 annual report page) Tj ET';
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Count ${pages} /Kids [${kids.join(' ')}] >>`);
  obj(3, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  obj(4, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (let i = 0; i < pages; i++) {
    obj(first + i, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>');
  }
  const total = first + pages;
  const xref = length;
  push(`xref\n0 ${total}\n0000000000 65535 f \n`);
  for (let n = 1; n < total; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${total} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.from(chunks.join(''), 'latin1');
}

/** HTML with `depth` nested <div>s around a line of a report. */
export function htmlDeep(depth = 50_000): Uint8Array {
  return Buffer.from(`<!DOCTYPE html><html><body>${'<div>'.repeat(depth)}二、主动公开政府信息情况${'</div>'.repeat(depth)}</body></html>`);
}

/** A text of `chars` characters of report-like lines (over the character limit by default). */
export function hugeText(chars = 3 * 1024 * 1024): Uint8Array {
  const line = '（三）不予公开  1.属于国家秘密  0  0  0  0  0  0  0\n';
  return Buffer.from(line.repeat(Math.ceil(chars / line.length)).slice(0, chars));
}
