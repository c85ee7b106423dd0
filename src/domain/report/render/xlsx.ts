/**
 * The report's three tables as an Excel workbook (exceljs): sheets 表一 主动公开, 表二 依申请公开,
 * 表三 复议诉讼, each with a title row and the template's merged headers; numbers are numbers.
 */
import ExcelJS from 'exceljs';
import type { ReportModel } from '../model.ts';
import { placeGrid, reportGrids, reportTitle, type Grid } from './layout.ts';

export const XLSX_SHEETS = { table1: '表一 主动公开', table2: '表二 依申请公开', table3: '表三 复议诉讼' } as const;
/** Rows before the grid on each sheet (title, caption). The grid's row r is sheet row r + 1 + XLSX_GRID_OFFSET. */
export const XLSX_GRID_OFFSET = 2;

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };

function addSheet(workbook: ExcelJS.Workbook, name: string, grid: Grid, title: string): void {
  const ws = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: grid.columns > 10 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const total = grid.widths.reduce((a, b) => a + b, 0);
  const sheetWidth = grid.columns > 10 ? 150 : 120;
  const colWidths = grid.widths.map((w) => Math.max(7, Math.round((w / total) * sheetWidth)));
  ws.columns = colWidths.map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, grid.columns);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { name: '宋体', size: 16, bold: true };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;
  ws.mergeCells(2, 1, 2, grid.columns);
  const caption = ws.getCell(2, 1);
  caption.value = grid.caption;
  caption.font = { name: '黑体', size: 12 };
  caption.alignment = { horizontal: 'left', vertical: 'middle' };

  // Row heights for wrapped text (LibreOffice does not grow them on opening): a CJK character is
  // about two width units of the default font; 15 points a line.
  const heights: number[] = grid.rows.map(() => 18);
  const placedCells = placeGrid(grid);
  for (const placed of placedCells) {
    const width = colWidths.slice(placed.col, placed.col + placed.colSpan).reduce((a, b) => a + b, 0);
    const units = [...placed.cell.text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2.1 : 1.1), 0);
    const lines = Math.max(1, Math.ceil(units / Math.max(1, width - 1)));
    const perRow = (lines * 15 + 4) / placed.rowSpan;
    for (let r = placed.row; r < placed.row + placed.rowSpan; r++) heights[r] = Math.max(heights[r], perRow);
  }
  heights.forEach((h, r) => (ws.getRow(r + 1 + XLSX_GRID_OFFSET).height = h));

  for (const placed of placedCells) {
    const r = placed.row + 1 + XLSX_GRID_OFFSET;
    const c = placed.col + 1;
    if (placed.rowSpan > 1 || placed.colSpan > 1) ws.mergeCells(r, c, r + placed.rowSpan - 1, c + placed.colSpan - 1);
    const cell = ws.getCell(r, c);
    const { cell: g } = placed;
    cell.value = g.header ? g.text : g.value ?? null;
    const left = g.header && g.scope === 'row';
    cell.alignment = { horizontal: left ? 'left' : 'center', vertical: 'middle', wrapText: true };
    cell.font = { name: '仿宋', size: 11, bold: g.subheading === true };
    // an amount shows exactly the decimals it has (5949.088667), a count none
    if (!g.header) cell.numFmt = g.amount && g.text.includes('.') ? `0.${'0'.repeat(g.text.split('.')[1].length)}` : '0';
    // Borders on every covered cell, so merged ranges are outlined.
    for (let i = r; i < r + placed.rowSpan; i++)
      for (let j = c; j < c + placed.colSpan; j++) ws.getCell(i, j).border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
  }
}

export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Gongkai';
  workbook.title = reportTitle(model);
  const grids = reportGrids(model);
  const title = reportTitle(model);
  addSheet(workbook, XLSX_SHEETS.table1, grids.table1, title);
  addSheet(workbook, XLSX_SHEETS.table2, grids.table2, title);
  addSheet(workbook, XLSX_SHEETS.table3, grids.table3, title);
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
