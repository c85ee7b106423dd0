/** DOCX and PDF output read back: every element of the letter is in the file's text. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import JSZip from 'jszip';
import { outcomeLeaf } from '../../../src/domain/taxonomy/index.ts';
import { letterToDocx, letterToPdf, renderLetter, type Letter } from '../../../src/domain/letters/index.ts';
import { findCjkFont } from '../../../src/lib/cjk-font.ts';
import { AGENCY, DECISION_CASES, ID_NUMBER, PROCEDURAL_DATA, decisionData } from './fixtures.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

function letters(): Array<[string, Letter]> {
  const pick = (o: string, v?: string) => DECISION_CASES.find((c) => c.outcome === o && c.variant === v)!;
  const d = (o: string, v?: string) => {
    const c = pick(o, v);
    return renderLetter(outcomeLeaf(c.outcome).letterKind, decisionData(c));
  };
  return [
    ['不予公开', d('withheld.third_party')],
    ['部分公开', d('partial')],
    ['予以公开', d('public', 'provided')],
    ['信息不存在', d('unavailable.not_held', 'not_exist')],
    ['补正告知书', renderLetter('correction', PROCEDURAL_DATA.correction())],
    ['收费通知书', renderLetter('fee_notice', PROCEDURAL_DATA.fee_notice())],
  ];
}

/** What must be in the file: title, 文号, applicant, 法律依据, decision, remedy, agency, date. */
function expectElements(fileText: string, l: Letter) {
  const t = squash(fileText);
  expect(t).toContain(squash(l.title));
  expect(t).toContain(squash(l.number));
  expect(t).toContain(`${l.recipient}：`);
  for (const c of l.basis) expect(t).toContain(squash(c.article || c.law));
  for (const p of l.paragraphs) expect(t).toContain(squash(p));
  if (l.remedy) expect(t).toContain(squash(l.remedy.text));
  expect(t).toContain(squash(AGENCY.name));
  expect(t).toContain(squash(l.signer.dateText));
  expect(t).toContain('（印章）');
  expect(t).not.toContain(ID_NUMBER);
  // the signature block comes last: seal, agency, date
  const seal = t.lastIndexOf('（印章）');
  expect(seal).toBeGreaterThan(t.indexOf(squash(l.paragraphs.at(-1)!)));
  expect(t.lastIndexOf(squash(AGENCY.name))).toBeGreaterThan(seal);
  expect(t.lastIndexOf(squash(l.signer.dateText))).toBeGreaterThan(t.lastIndexOf(squash(AGENCY.name)));
}

describe('letterToDocx', () => {
  it.each(letters())('%s: the text read back by mammoth holds every element', async (_name, l) => {
    const buf = await letterToDocx(l);
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const { value } = await mammoth.extractRawText({ buffer: buf });
    expectElements(value, l);
  });
  it('is A4 in 公文 style: title 二号 centred, body 仿宋 三号 with a two-character indent, signature right-aligned', async () => {
    const l = letters()[0][1];
    const zip = await JSZip.loadAsync(await letterToDocx(l));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pgSz[^>]*w:w="11906"[^>]*w:h="16838"/);
    expect(xml).toMatch(/<w:jc w:val="center"\/>.*?<w:sz w:val="44"\/>.*?政府信息不予公开告知书/s);
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect(xml).toMatch(/<w:ind w:firstLine="640"\/>/);
    expect(xml).toMatch(/<w:jc w:val="right"\/>.*?（印章）/s);
  });
});

describe('letterToPdf', () => {
  const font = findCjkFont();
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-letters-'));
  it.each(letters())('%s: pdftotext reads every element', async (name, l) => {
    const buf = await letterToPdf(l, font);
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, buf);
    const out = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expectElements(out, l);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/yes\s+yes\s+yes/); // embedded subset with ToUnicode
  });
});
