/**
 * The document limits (src/audit-io/limits.ts) without a server: nesting by a linear scan, the zip
 * directory read without inflating, a directory that lies about its sizes caught by the capped
 * inflate, and the CLI's in-process path refusing the same documents.
 */
import { describe, expect, it } from 'vitest';
import { checkDocumentLimits, DOCUMENT_LIMITS, nestingDepth, zipDirectory } from '../../../src/audit-io/limits.ts';
import { auditWithLimits } from '../../../src/audit-io/worker.ts';
import { cleanDocx, docxBomb, htmlDeep } from '../../support/bombs.ts';

describe('nestingDepth', () => {
  it('counts open elements, not void, self-closing or closed ones', () => {
    expect(nestingDepth('<a><b><c/></b><br><img src="x>y"></a>')).toBe(2);
    expect(nestingDepth('<w:p><w:r><w:t>x</w:t></w:r></w:p>')).toBe(3);
    expect(nestingDepth('no tags at all < 3 > 2')).toBe(0);
    expect(nestingDepth('<div>'.repeat(1000), 10)).toBe(11); // stops early
  });
});

describe('zip directory', () => {
  it('lists the entries of a real DOCX with their declared sizes, inflating nothing', async () => {
    const entries = zipDirectory(await cleanDocx())!;
    expect(entries.map((e) => e.name)).toContain('word/document.xml');
    expect(entries.every((e) => e.uncompressed >= 0 && e.compressed >= 0)).toBe(true);
    expect(zipDirectory(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('a directory that understates an XML part is caught by the capped inflate', async () => {
    const bytes = new Uint8Array(await docxBomb(12));
    const view = new DataView(bytes.buffer);
    // rewrite every central directory entry's uncompressed size (offset 24) to 1 KB
    for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 1024, true);
    expect(zipDirectory(bytes)!.every((e) => e.uncompressed === 1024)).toBe(true);
    expect(await checkDocumentLimits('liar.docx', bytes)).toMatchObject({ limit: 'xmlPartBytes', status: 413 });
  });
});

describe('the command line reads with the same limits', () => {
  it('auditWithLimits refuses a bomb naming the limit and reads a clean report', async () => {
    const bomb = await auditWithLimits('bomb.html', htmlDeep(5_000));
    expect(bomb).toMatchObject({ ok: false, breach: { limit: 'nestingDepth', status: 422 } });
    const clean = await auditWithLimits('ok.docx', await cleanDocx());
    expect(clean.ok && clean.model.year).toBe(2023);
    expect(DOCUMENT_LIMITS.pdfPages).toBeLessThan(60_000);
  });
});
