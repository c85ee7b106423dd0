import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { auditBuffer, decodeText, sniff } from '../../../src/audit-io/index.ts';
import { renderDocx, renderHtml, renderText } from '../../../src/domain/report/render/index.ts';
import { randomModel } from './generate.ts';
import { comparable } from './helpers.ts';
import { SEED_REPORT } from '../../support/fixtures.ts';

const SEED = readFileSync(SEED_REPORT, 'utf8');
const enc = new TextEncoder();

describe('auditBuffer: sniffing and decoding', () => {
  it('sniffs PDF, DOCX, old DOC, HTML and text by magic bytes, name and content', () => {
    expect(sniff('a.bin', enc.encode('%PDF-1.7 …'))).toBe('pdf');
    expect(sniff('a.bin', new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toBe('docx');
    expect(sniff('a.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toBe('doc');
    expect(sniff('page.htm', enc.encode('年度报告'))).toBe('html');
    expect(sniff('page.txt', enc.encode('<!DOCTYPE html><html><body>x</body></html>'))).toBe('html');
    expect(sniff('r.txt', enc.encode(SEED))).toBe('text');
  });
  it('GBK text (older portals) and UTF-8 with BOM read the same as UTF-8', async () => {
    // 「年度报告」 in GBK
    expect(decodeText(new Uint8Array([0xc4, 0xea, 0xb6, 0xc8, 0xb1, 0xa8, 0xb8, 0xe6]))).toBe('年度报告');
    const bom = await auditBuffer('seed.txt', new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(SEED)]));
    const plain = await auditBuffer('seed.txt', enc.encode(SEED));
    expect(comparable(bom)).toEqual(comparable(plain));
    expect(plain.applications.new.natural).toBe(1);
    expect(plain.file).toBe('seed.txt');
  });
  it('DOCX (renderDocx → mammoth → HTML) and HTML round trip', async () => {
    for (const seed of [1, 2, 3]) {
      const m = randomModel(seed);
      const docx = await auditBuffer('r.docx', await renderDocx(m));
      expect(comparable(docx)).toEqual(comparable(m));
      expect(docx.findings.filter((f) => f.code !== 'other.high')).toEqual([]);
      const html = await auditBuffer('r.html', enc.encode(renderHtml(m)));
      expect(comparable(html)).toEqual(comparable(m));
    }
  });
  it('an old .doc or a broken PDF/DOCX gives a model that says it is unreadable (no exception)', async () => {
    const doc = await auditBuffer('old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]));
    expect(doc.findings).toMatchObject([{ code: 'parse.unreadable', where: 'document' }]);
    expect(doc.findings[0].message).toContain('.doc');
    const pdf = await auditBuffer('x.pdf', enc.encode('%PDF-1.4 garbage'));
    expect(pdf.findings[0]).toMatchObject({ code: 'parse.unreadable', where: 'document' });
    const docx = await auditBuffer('x.docx', new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]));
    expect(docx.findings[0]).toMatchObject({ code: 'parse.unreadable', where: 'document' });
  });
  it('property: arbitrary bytes → a model with findings, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('a.txt', 'a.html', 'a.pdf', 'a.docx', 'a'), async (bytes, name) => {
        const m = await auditBuffer(name, bytes);
        expect(m.findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
  it('plain text from renderText through the buffer path', async () => {
    const m = randomModel(77);
    expect(comparable(await auditBuffer('r.txt', enc.encode(renderText(m))))).toEqual(comparable(m));
  });
});

describe('auditBuffer: PDF text layer (see pdf.test.ts for the round-trip property)', () => {
  it('reads the title, the year, every row (wrapped labels rejoined) and table 3', async () => {
    const { findCjkFont } = await import('../../../src/lib/cjk-font.ts');
    const { renderPdf } = await import('../../../src/domain/report/render/index.ts');
    const m = randomModel(3);
    const read = await auditBuffer('r.pdf', await renderPdf(m, findCjkFont()));
    expect(read.year).toBe(m.year);
    expect(read.agency.name).toBe(m.agency.name);
    expect(read.applications.new).toEqual(m.applications.new);
    expect(read.applications).toEqual(m.applications);
    expect(read.appeals).toEqual(m.appeals);
    expect(read.proactive).toEqual(m.proactive);
  });
});
