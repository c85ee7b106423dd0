/**
 * Word rendering of a Letter (docx 9), in 公文 style (GB/T 9704 as far as a reply letter needs it):
 * A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title 二号 (22 pt) 宋体 bold,
 * centred; 文号 centred below it; body 仿宋 三号 (16 pt), fixed 28 pt lines, first line indented
 * two characters; the signature block (seal placeholder, agency, date) right-aligned at the end.
 */
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import type { Letter } from './types.ts';

export const DOCX_FONTS = {
  /** 方正小标宋简体 is the 公文 title face but is not installed everywhere; 宋体 bold is. */
  title: '宋体',
  body: '仿宋',
  latin: 'Times New Roman',
} as const;

const mm = (x: number) => Math.round((x * 1440) / 25.4);
const BODY = 32; // half-points: 16 pt = 三号
const TITLE = 44; // 22 pt = 二号
const LINE = { line: 560, lineRule: LineRuleType.EXACT } as const; // 28 pt
const CHAR = 320; // twips: one 三号 character

function run(text: string, opts: { size?: number; bold?: boolean; face?: string } = {}): TextRun {
  const face = opts.face ?? DOCX_FONTS.body;
  return new TextRun({
    text,
    size: opts.size ?? BODY,
    bold: opts.bold,
    font: { eastAsia: face, ascii: DOCX_FONTS.latin, hAnsi: DOCX_FONTS.latin, hint: 'eastAsia' },
  });
}

export async function letterToDocx(letter: Letter): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240, line: 720, lineRule: LineRuleType.EXACT },
      children: [run(letter.title, { size: TITLE, bold: true, face: DOCX_FONTS.title })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...LINE, after: 280 }, children: [run(letter.number)] }),
    new Paragraph({ spacing: LINE, children: [run(`${letter.recipient}：`)] }),
    ...letter.paragraphs.map(
      (p) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: LINE, indent: { firstLine: 2 * CHAR }, children: [run(p)] }),
    ),
    new Paragraph({ spacing: { ...LINE, before: 560 }, children: [] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: LINE, indent: { right: 6 * CHAR }, children: [run(letter.sealPlaceholder)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: LINE, indent: { right: 2 * CHAR }, children: [run(letter.signer.agency)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: LINE, indent: { right: 2 * CHAR }, children: [run(letter.signer.dateText)] }),
  ];
  const doc = new Document({
    creator: letter.signer.agency,
    title: letter.title,
    description: letter.number,
    styles: { default: { document: { run: { size: BODY, font: { eastAsia: DOCX_FONTS.body, ascii: DOCX_FONTS.latin, hAnsi: DOCX_FONTS.latin } } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
