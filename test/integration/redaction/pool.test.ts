/**
 * MuPDF's work in the redaction pool's worker threads (src/app/redaction/pool.ts): the same results
 * as in the calling thread, a user's error crossing the thread boundary as the same AppError, and a
 * document over its time budget ended with a Chinese 422 instead of holding the server.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/app/errors.ts';
import { holdPdfPool, pdfTools } from '../../../src/app/redaction/pool.ts';
import { scanPdf } from '../../../src/app/redaction/scan.ts';
import { redactionFixture, twoColourPng } from '../../support/redaction-fixture.ts';

const release = holdPdfPool();
afterAll(release);
afterEach(() => {
  delete process.env.GONGKAI_REDACTION_TIMEOUT_MS;
});

describe('the redaction pool', () => {
  it('ends a document over its time budget with 422 naming the budget; the next one is handled', async () => {
    // First in this file: no worker has started yet, and starting one (loading MuPDF) takes far longer.
    process.env.GONGKAI_REDACTION_TIMEOUT_MS = '1';
    const pdf = await redactionFixture();
    const late = await pdfTools.scanPdf(pdf).catch((e: unknown) => e);
    expect(late).toMatchObject({ statusCode: 422, code: 'redaction_time' });
    expect((late as AppError).message).toContain('处理该文件超出时间上限');
    delete process.env.GONGKAI_REDACTION_TIMEOUT_MS;
    expect((await pdfTools.scanPdf(pdf)).pages.length).toBeGreaterThan(0);
  });
  it('gives what MuPDF gives in the calling thread', async () => {
    const pdf = await redactionFixture();
    expect(await pdfTools.scanPdf(pdf)).toEqual(scanPdf(pdf));
    const image = await pdfTools.toPdf(twoColourPng(40, 20));
    expect(image.kind).toBe('image');
    expect(Buffer.from(image.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it('brings a user error back as the same AppError (415, Chinese)', async () => {
    const refused = await pdfTools.toPdf(Buffer.from('not a document at all')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ statusCode: 415, code: 'redaction_unsupported' });
    expect((refused as AppError).message).toContain('只能对 PDF、Word（.docx）文档和图片');
  });

});
