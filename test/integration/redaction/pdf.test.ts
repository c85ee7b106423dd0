/**
 * contracts.md §8: a string redacted from a PDF is found by no extraction of the output — the text
 * layer (pdf.js, pdftotext), the content streams inflated and their strings decoded (glyph codes
 * through each font's ToUnicode), metadata and XMP, annotations, attachments, bookmarks, earlier
 * revisions, the file's bytes — while the rest of the text is; images and drawings under a box go.
 * Every check is first shown to find the string in the input, so none of them can pass by being blind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { findCjkFont } from '../../../src/lib/cjk-font.ts';
import { withheldLines, withheldList } from '../../../src/domain/redaction/index.ts';
import { redactPdf, type RedactOutcome } from '../../../src/app/redaction/redact.ts';
import { findEverywhere, images, pdfJsView, popplerView, rawFindings } from '../../support/pdf-forensics.ts';
import {
  IMAGE_BOX,
  KEPT,
  OLD_SECRET,
  SECRETS,
  VECTOR_BOX,
  VECTOR_COLOUR,
  redactionFixture,
} from '../../support/redaction-fixture.ts';

let input: Uint8Array;
let out: RedactOutcome;
const secrets = Object.values(SECRETS);

beforeAll(async () => {
  input = await redactionFixture();
  out = redactPdf(input, {
    texts: [
      { text: SECRETS.id, basis: 'privacy' },
      { text: SECRETS.phone, basis: 'privacy' },
      { text: SECRETS.card, basis: 'privacy' },
      { text: SECRETS.name, basis: 'privacy', what: '申请人姓名' },
    ],
    boxes: [
      { page: 1, rect: IMAGE_BOX, basis: 'trade_secret', what: '企业报价图', reason: '含企业报价，公开会损害其竞争地位' },
      { page: 1, rect: VECTOR_BOX, basis: 'internal_affairs', what: '内部流程图' },
    ],
  });
});

const bare = (s: string) => s.replace(/\s+/g, '');

describe('the input hides the secrets everywhere (so the checks below can fail)', () => {
  it('text layer, metadata, XMP, annotation, attachment, bookmark, raw streams', async () => {
    const js = await pdfJsView(input);
    for (const s of secrets) expect(js.pages[0]).toContain(s);
    expect(js.pages[0]).toContain('1381234'.slice(0, 3)); // 138 1234 5678, spaced
    expect(js.metadata).toContain(SECRETS.name); // Info /Title
    expect(js.metadata).toContain(SECRETS.id); // XMP
    expect(js.annotations).toContain(SECRETS.phone);
    expect(js.attachments).toContain(SECRETS.id);
    expect(js.outline).toContain(SECRETS.name);
    for (const s of secrets) expect(rawFindings(input, s)).not.toEqual([]);
    expect(js.fills[0]).toContain(VECTOR_COLOUR);
  });

  it('has an earlier revision holding a line no longer on page 2', async () => {
    const js = await pdfJsView(input);
    expect(js.pages[1]).not.toContain(OLD_SECRET);
    expect(rawFindings(input, OLD_SECRET)).not.toEqual([]);
    expect(Buffer.from(input).toString('latin1').match(/startxref/g)?.length).toBe(2);
  });
});

describe('the redacted copy', () => {
  it('lets no extraction find any redacted string', async () => {
    for (const s of [...secrets, OLD_SECRET]) expect(await findEverywhere(out.pdf, s), s).toEqual([]);
  });

  it('keeps the rest of the text in the text layer', async () => {
    const js = await pdfJsView(out.pdf);
    const all = js.pages.join('');
    const poppler = popplerView(out.pdf).text;
    for (const k of KEPT) {
      expect(all).toContain(bare(k));
      expect(poppler).toContain(bare(k));
    }
    expect(js.pages[0]).toContain('申请人，公民身份号码，联系电话，开户银行卡号。');
    expect(js.pages[1]).toBe('第二页：本页的其他内容照常公开。电话');
  });

  it('removes the pixels of an image under a box and keeps the rest of the image', () => {
    const count = (rgb: Buffer, [r, g, b]: number[]) => {
      let n = 0;
      for (let i = 0; i + 2 < rgb.length; i += 3) if (rgb[i] === r && rgb[i + 1] === g && rgb[i + 2] === b) n++;
      return n;
    };
    const before = images(input);
    expect(before.length).toBe(1);
    expect(count(before[0].rgb, [255, 0, 0])).toBe(400);
    const after = images(out.pdf);
    expect(after.length).toBe(1);
    expect(count(after[0].rgb, [255, 0, 0])).toBe(0);
    expect(count(after[0].rgb, [0, 0, 255])).toBe(400);
  });

  it('removes a drawing wholly under a box', async () => {
    const js = await pdfJsView(out.pdf);
    expect(js.fills[0]).not.toContain(VECTOR_COLOUR);
  });

  it('has no metadata, annotations, attachments, bookmarks or earlier revisions', async () => {
    const js = await pdfJsView(out.pdf);
    expect(js.metadata).toBe('{"PDFFormatVersion":"1.3","Language":null,"EncryptFilterName":null,"IsLinearized":false,"IsAcroFormPresent":false,"IsXFAPresent":false,"IsCollectionPresent":false,"IsSignaturesPresent":false}');
    expect(js.annotations).toBe('[][]');
    expect(js.attachments).toBe('');
    expect(js.outline).toBe('[]');
    const text = Buffer.from(out.pdf).toString('latin1');
    expect(text.match(/startxref/g)?.length).toBe(1);
    expect(text).not.toMatch(/\/Prev\b|\/Info\b|\/Metadata\b|\/EmbeddedFile|\/Annots\b|\/ActualText/);
    expect(popplerView(out.pdf).info).not.toMatch(/Title|Author|Keywords/);
  });

  it('reports each removal with its page and basis, and the list the letter needs', () => {
    expect(out.missing).toEqual([]);
    expect(out.pageCount).toBe(2);
    expect(withheldLines(withheldList(out.removals))).toEqual([
      '第1页中的公民身份号码（2处）、手机号码（5处）、银行账号、申请人姓名——第十五条（个人隐私）：涉及个人隐私，公开会对第三方合法权益造成损害',
      '第1页中的企业报价图——第十五条（商业秘密）：含企业报价，公开会损害其竞争地位',
      '第1页中的内部流程图——第十六条第一款（内部事务信息）：属于行政机关的内部事务信息',
      '第2页中的手机号码——第十五条（个人隐私）：涉及个人隐私，公开会对第三方合法权益造成损害',
    ]);
  });
});

/** One paragraph of 12 pt CJK text at the given line gap (pdfkit's default line is 1.45 em). */
function paragraph(lineGap: number): Promise<Buffer> {
  const font = findCjkFont();
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.registerFont('cjk', font.data, font.family);
    doc.font('cjk').fontSize(12).text(PROSE, 72, 72, { width: 200, lineGap });
    doc.end();
  });
}
const PROSE = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈';

describe('neighbouring lines', () => {
  it('keep every character down to a line spacing of about 1 em', async () => {
    for (const gap of [0, -3, -5]) {
      const pdf = await paragraph(gap);
      const r = redactPdf(pdf, { texts: [{ text: '寅卯辰巳午未', basis: 'privacy' }] });
      expect((await pdfJsView(r.pdf)).pages[0], `lineGap ${gap}`).toBe(PROSE.replace('寅卯辰巳午未', ''));
    }
  });
});

describe('requests that make no sense', () => {
  it('names strings found nowhere, and refuses bad boxes and files in Chinese', async () => {
    const r = redactPdf(input, { texts: [{ text: '不存在的文字', basis: 'privacy' }, { text: SECRETS.phone, basis: 'privacy' }] });
    expect(r.missing).toEqual(['不存在的文字']);
    expect(() => redactPdf(input, {})).toThrow('没有要删除的内容');
    expect(() => redactPdf(input, { boxes: [{ page: 3, rect: [0, 0, 10, 10], basis: 'privacy', what: '照片' }] })).toThrow('页码3不存在');
    expect(() => redactPdf(input, { boxes: [{ page: 1, rect: [10, 10, 10, 50], basis: 'privacy', what: '照片' }] })).toThrow('选框无效');
    expect(() => redactPdf(Buffer.from('hello'), { texts: [{ text: 'x', basis: 'privacy' }] })).toThrow('不是 PDF');
  });
});
