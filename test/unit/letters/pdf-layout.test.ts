/**
 * The letter PDF's page layout (src/domain/letters/pdf.ts), read back per page with poppler's
 * pdftotext: the signature block (seal placeholder, agency, date) is on the page that holds the end
 * of the last paragraph — never alone at the top of a page — whatever the body's length; a letter
 * whose lines fit on one page (28 pt lines, as the DOCX) is one page.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { letterToPdf, renderLetter, type Letter } from '../../../src/domain/letters/index.ts';
import { findCjkFont } from '../../../src/lib/cjk-font.ts';
import { PROCEDURAL_DATA } from './fixtures.ts';

const font = findCjkFont();
const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-layout-'));
const squash = (s: string) => s.replace(/\s+/g, '');
let seq = 0;

/** The text of each page of the letter's PDF. */
async function pages(letter: Letter): Promise<string[]> {
  const file = join(dir, `l${++seq}.pdf`);
  writeFileSync(file, await letterToPdf(letter, font));
  const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  return Array.from({ length: n }, (_, i) => squash(execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' })));
}

const FILLER = '本机关经检索查找，相关档案由本机关档案室保管，需逐卷调取核对后方能确定是否存在所申请的政府信息';
const text = (len: number, end: string) => (FILLER.repeat(Math.ceil(len / FILLER.length) + 1).slice(0, Math.max(0, len - end.length)) + end);

/** A letter whose body paragraphs have the given lengths (characters); the last ends with a marker. */
function letterOf(lengths: number[]): Letter {
  const base = renderLetter('extension', PROCEDURAL_DATA.extension());
  const paragraphs = lengths.map((len, i) => text(len, i === lengths.length - 1 ? '特此告知末段。' : `第${i + 1}段完。`));
  return { ...base, paragraphs };
}

/** Every page holds text besides the signature block; the block is on the last page, with the last paragraph's end. */
function expectKeptTogether(ps: string[]): void {
  const sig = ps.findIndex((p) => p.includes('2024年3月15日'));
  expect(sig).toBe(ps.length - 1);
  expect(ps[sig]).toContain('（印章）');
  expect(ps[sig]).toContain('通化市政务服务和数字化建设管理局');
  expect(ps[sig]).toContain('特此告知末段。');
  // Never a lone last line: two lines of the paragraph, or all of a shorter one, come with the block.
  expect(ps[sig].indexOf('特此告知末段。')).toBeGreaterThanOrEqual(Math.min(20, ps[sig].indexOf('（印章）') - 7));
  const withoutSignature = ps[sig].replace('（印章）', '').replace('通化市政务服务和数字化建设管理局', '').replace('2024年3月15日', '');
  expect(withoutSignature.length).toBeGreaterThan(0);
}

describe('letter PDF: the signature block stays with the last paragraph', () => {
  it('a short letter is one page', async () => {
    const ps = await pages(renderLetter('extension', PROCEDURAL_DATA.extension()));
    expect(ps).toHaveLength(1);
    expectKeptTogether(await pages(letterOf([60, 120, 8])));
  });

  it('as many lines as the DOCX holds on one page: one page; one line more: two (28 pt lines, 27 characters)', async () => {
    // A4 less the margins holds 638 pt: title 36+12, 文号 28+14, salutation 28, the gap 56 and the
    // block 84 leave 13 lines of 28 pt for the paragraphs (the DOCX's exact line spacing).
    const lines = (k: number) => '政'.repeat(25 + 27 * (k - 1)); // the first line is indented two characters
    const base = renderLetter('extension', PROCEDURAL_DATA.extension());
    expect(await pages({ ...base, paragraphs: [lines(6), lines(6), '特此告知末段。'] })).toHaveLength(1);
    const two = await pages({ ...base, paragraphs: [lines(6), lines(7), '特此告知末段。'] });
    expect(two).toHaveLength(2);
    expectKeptTogether(two);
  });

  it('bodies growing across the page boundary, a one-line last paragraph (sweep)', async () => {
    // 27 characters a line: step by about a line through the end of page one and into page two.
    let pagesSeen = new Set<number>();
    let previous = 0;
    for (let len = 100; len <= 700; len += 27) {
      const ps = await pages(letterOf([80, len, 7]));
      expectKeptTogether(ps);
      expect(ps.length).toBeGreaterThanOrEqual(previous);
      previous = ps.length;
      pagesSeen.add(ps.length);
    }
    expect([...pagesSeen].sort()).toEqual([1, 2]);
    pagesSeen = new Set();
  });

  it('any paragraph lengths, a last paragraph of any length (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 7, max: 1400 }), async (body, last) => {
        expectKeptTogether(await pages(letterOf([...body, last])));
      }),
      { numRuns: 20 },
    );
  });
});
