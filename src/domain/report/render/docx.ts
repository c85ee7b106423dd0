/**
 * The report as a Word document (docx 9): A4, 公文 conventions (GB/T 9704: 版心 156 × 225 mm,
 * 天头 37 mm, 订口 28 mm; title 小标宋 二号 centred, body 仿宋_GB2312 三号, first-level headings
 * 黑体 三号). Font names are the ones every Word/WPS knows — 「宋体」「仿宋」「黑体」 — since
 * 方正小标宋简体 and 仿宋_GB2312 are not installed everywhere.
 * Tables keep the template's vertical and horizontal merges, with single-line borders.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { ReportModel } from '../model.ts';
import { paragraphs, reportBlocks, reportTitle, type Grid } from './layout.ts';

const FONT = {
  title: '宋体',
  body: '仿宋',
  heading: '黑体',
} as const;
/** Half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt, 小五 9 pt. */
const SIZE = { title: 44, body: 32, table: 21, tableSmall: 18 } as const;

const MM = 56.6929; // twips per millimetre
const PAGE = { width: 11906, height: 16838 }; // A4 in twips
const MARGIN = { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 156 mm

function font(name: string) {
  return { ascii: name === FONT.heading ? 'SimHei' : name === FONT.title ? 'SimSun' : 'FangSong', hAnsi: 'Times New Roman', eastAsia: name, cs: name };
}

function run(text: string, face: string, size: number, bold = false): TextRun {
  return new TextRun({ text, font: font(face), size, bold });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function tableDocx(grid: Grid): Table {
  const totalWeight = grid.widths.reduce((a, b) => a + b, 0);
  const widths = grid.widths.map((w) => Math.floor((w / totalWeight) * TEXT_WIDTH));
  const size = grid.columns > 10 ? SIZE.tableSmall : SIZE.table;
  // Track each cell's starting column to give it the width of the columns it spans.
  const occupied: number[] = Array(grid.columns).fill(0); // rows still covered by a rowSpan above
  const rows = grid.rows.map((cells, rowIndex) => {
    let c = 0;
    const docCells = cells.map((cell) => {
      while (c < grid.columns && occupied[c] > 0) c++;
      const span = cell.colSpan ?? 1;
      const width = widths.slice(c, c + span).reduce((a, b) => a + b, 0);
      for (let j = c; j < c + span; j++) occupied[j] = cell.rowSpan ?? 1;
      c += span;
      const left = cell.header && cell.scope === 'row' && !cell.text.startsWith('（本列');
      return new TableCell({
        children: [
          new Paragraph({
            alignment: left ? AlignmentType.LEFT : AlignmentType.CENTER,
            spacing: { line: 260, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
            children: [run(cell.text, FONT.body, size, cell.subheading === true)],
          }),
        ],
        columnSpan: cell.colSpan,
        rowSpan: cell.rowSpan,
        width: { size: width, type: WidthType.DXA },
        verticalAlign: VerticalAlignTable.CENTER,
        margins: { top: 30, bottom: 30, left: 60, right: 60 },
        borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
      });
    });
    for (let j = 0; j < grid.columns; j++) if (occupied[j] > 0) occupied[j]--;
    // Header rows repeat at the top of each page the table runs onto.
    return new TableRow({ children: docCells, cantSplit: true, tableHeader: rowIndex < grid.headerRows });
  });
  return new Table({
    rows,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
  });
}

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({
    indent: { firstLine: 640 },
    alignment: AlignmentType.JUSTIFIED,
    spacing: { line: 560, lineRule: LineRuleType.EXACT },
    children: [run(text, FONT.body, SIZE.body)],
  });
}

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 300 },
      children: [run(reportTitle(model), FONT.title, SIZE.title, true)],
    }),
  ];
  for (const block of reportBlocks(model)) {
    if (block.kind === 'heading') {
      children.push(
        new Paragraph({
          indent: { firstLine: 640 },
          spacing: { line: 560, lineRule: LineRuleType.EXACT },
          keepNext: true,
          children: [run(block.text, FONT.heading, SIZE.body)],
        }),
      );
    } else if (block.kind === 'prose') {
      children.push(...paragraphs(block.text).map(bodyParagraph));
    } else {
      children.push(tableDocx(block.grid), new Paragraph({ spacing: { after: 120 }, children: [] }));
    }
  }
  const doc = new Document({
    creator: 'Gongkai',
    title: reportTitle(model),
    styles: { default: { document: { run: { font: font(FONT.body), size: SIZE.body } } } },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
