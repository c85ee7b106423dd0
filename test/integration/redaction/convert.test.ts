/** Word documents and images made into PDFs to be redacted (convert.ts), and the scan for personal numbers (scan.ts). */
import { describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { sniff, toPdf } from '../../../src/app/redaction/convert.ts';
import { redactPdf } from '../../../src/app/redaction/redact.ts';
import { findEverywhere, images, pdfJsView } from '../../support/pdf-forensics.ts';
import { SECRETS, redactionFixture, twoColourPng } from '../../support/redaction-fixture.ts';
import { scanPdf } from '../../../src/app/redaction/scan.ts';

describe('a Word document', () => {
  it('is laid out as a PDF with a text layer, and its strings are redacted like a PDF’s', async () => {
    const docx = await Packer.toBuffer(
      new Document({
        creator: '王小明',
        sections: [{ children: [new Paragraph({ children: [new TextRun('申请人王小明，联系电话13812345678。这是正常内容。')] }), new Paragraph('Second paragraph.')] }],
      }),
    );
    const { pdf, kind } = toPdf(docx);
    expect(kind).toBe('docx');
    expect((await pdfJsView(pdf)).pages[0]).toBe('申请人王小明，联系电话13812345678。这是正常内容。Secondparagraph.');
    expect(pdf.length).toBeLessThan(200_000); // fonts subset
    const r = redactPdf(pdf, { texts: [{ text: '13812345678', basis: 'privacy' }, { text: '王小明', basis: 'privacy' }] });
    expect(await findEverywhere(r.pdf, '13812345678')).toEqual([]);
    expect(await findEverywhere(r.pdf, '王小明')).toEqual([]);
    expect((await pdfJsView(r.pdf)).pages[0]).toBe('申请人，联系电话。这是正常内容。Secondparagraph.');
  });
});

describe('an image', () => {
  it('becomes a page whose pixels under a box are removed', () => {
    const { pdf, kind } = toPdf(twoColourPng(40, 20));
    expect(kind).toBe('image');
    // 40×20 pixels at 96 dpi: a 30×15 pt page; the left half is red.
    const r = redactPdf(pdf, { boxes: [{ page: 1, rect: [0, 0, 15, 15], basis: 'privacy', what: '照片' }] });
    const [img] = images(r.pdf);
    let red = 0;
    let blue = 0;
    for (let i = 0; i < img.rgb.length; i += 3) {
      if (img.rgb[i] === 255 && img.rgb[i + 1] === 0 && img.rgb[i + 2] === 0) red++;
      if (img.rgb[i] === 0 && img.rgb[i + 1] === 0 && img.rgb[i + 2] === 255) blue++;
    }
    expect(red).toBe(0);
    expect(blue).toBe(400);
  });
});

describe('other files', () => {
  it('are refused with a 415 and a Chinese message', () => {
    expect(() => sniff(Buffer.from('just text'))).toThrow('只能对 PDF、Word（.docx）文档和图片');
    expect(() => toPdf(Buffer.from('PK\x03\x04 not a docx'))).toThrow(expect.objectContaining({ statusCode: 415 }));
  });
});

describe('scanning a PDF for personal numbers', () => {
  it('proposes each number with its areas; confirmed as boxes, they remove exactly those numbers', async () => {
    const input = await redactionFixture();
    const scan = scanPdf(input);
    expect(scan.pages.map((p) => [Math.round(p.width), Math.round(p.height)])).toEqual([[595, 842], [595, 842]]);
    // The invisible OCR line and the text outside the page are found too; the ActualText phone is.
    expect(scan.hits.map((h) => [h.page, h.what, h.text])).toEqual([
      [1, '公民身份号码', SECRETS.id],
      [1, '手机号码', SECRETS.phone],
      [1, '银行账号', SECRETS.card],
      [1, '手机号码', '138 1234 5678'],
      [1, '手机号码', SECRETS.phone],
      [1, '公民身份号码', SECRETS.id],
      [1, '手机号码', SECRETS.phone],
      [1, '手机号码', SECRETS.phone],
      [2, '手机号码', SECRETS.phone],
    ]);
    const boxes = scan.hits.flatMap((h) => h.rects.map((rect) => ({ page: h.page, rect, basis: h.basis, what: h.what })));
    const r = redactPdf(input, { boxes });
    for (const s of [SECRETS.id, SECRETS.phone, SECRETS.card]) expect(await findEverywhere(r.pdf, s)).toEqual([]);
    const text = (await pdfJsView(r.pdf)).pages;
    expect(text[0]).toContain('申请人王小明，公民身份号码，联系电话，开户银行卡号。申请公开本机关2023年度的财政预算执行情况。');
    expect(text[1]).toBe('第二页：本页的其他内容照常公开。电话');
  });
});
