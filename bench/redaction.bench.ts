/**
 * redaction.pdf — `gongkai redact` on a generated N-page PDF (CJK text, an ID number and a mobile
 * number on every page; seeded): search, apply, clean the fonts' maps, strip, write afresh and read
 * back to verify. Baseline: MuPDF opening the same file, reading every page's text once and writing
 * it afresh (garbage-collected, compressed) — what any search-and-rewrite must do at least.
 */
import PDFDocument from 'pdfkit';
import * as mupdf from 'mupdf';
import { idNumberCheckChar } from '../src/domain/identity/index.ts';
import { findCjkFont } from '../src/lib/cjk-font.ts';
import { redactPdf } from '../src/app/redaction/redact.ts';
import { measure, round, timeResult, type Bench } from './lib/harness.ts';
import { rng } from '../test/support/rng.ts';

function generate(pages: number, seed: number): Promise<{ pdf: Buffer; id: string; phone: string }> {
  const random = rng(seed);
  const body = `2205021990${String(Math.floor(random() * 1e7)).padStart(7, '0')}`.slice(0, 17);
  const id = body + idNumberCheckChar(body);
  const phone = `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  const font = findCjkFont();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), id, phone }));
    doc.on('error', reject);
    doc.registerFont('cjk', font.data, font.family).font('cjk').fontSize(11);
    for (let p = 0; p < pages; p++) {
      if (p) doc.addPage();
      doc.text(`第${p + 1}页。申请人身份证号${id}，联系电话${phone}。`);
      for (let k = 0; k < 20; k++) doc.text(`本机关${2020 + (k % 5)}年度第${k + 1}项政府信息公开工作的情况说明，编号${Math.floor(random() * 1e6)}。`);
    }
    doc.end();
  });
}

export const benches: Bench[] = [
  {
    name: 'redaction.pdf',
    async run(ctx) {
      const pages = ctx.size(100, 20);
      const { pdf, id, phone } = await generate(pages, ctx.seed);
      const baseline = await measure(() => {
        const doc = mupdf.Document.openDocument(pdf, 'application/pdf').asPDF()!;
        for (let i = 0; i < doc.countPages(); i++) doc.loadPage(i).toStructuredText('preserve-whitespace').asText();
        const out = doc.saveToBuffer('garbage=4,compress');
        const n = out.getLength();
        out.destroy();
        doc.destroy();
        return n;
      }, { warmup: 1, runs: 3 });
      const subject = await measure(() => redactPdf(pdf, { texts: [{ text: id, basis: 'privacy' }, { text: phone, basis: 'privacy' }] }).removals.length, { warmup: 1, runs: 3 });
      if (subject.value !== pages * 2) throw new Error(`redaction.pdf: ${String(subject.value)} removals, expected ${pages * 2}`);
      return [timeResult('redaction.pdf', pages, subject, baseline, { pages_per_s: round(pages / (subject.ms / 1000), 1), input_kb: Math.round(pdf.length / 1024) })];
    },
  },
];
export default benches;
