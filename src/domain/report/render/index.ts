/** Renderers of a report model: HTML, plain text, DOCX, XLSX, PDF and JSON. All pure. */
export { renderHtml, renderTableHtml, marksFromFindings, markFor, escapeHtml, type HtmlOptions, type CellMark } from './html.ts';
export { renderText, renderTableText } from './text.ts';
export { renderDocx } from './docx.ts';
export { renderXlsx, XLSX_SHEETS, XLSX_GRID_OFFSET } from './xlsx.ts';
export { renderPdf, type PdfFont } from './pdf.ts';
export { toJson, normalizeModel } from './json.ts';
export { reportGrids, reportBlocks, reportTitle, placeGrid, TABLE2_NOTE, type Grid, type GridCell, type PlacedCell } from './layout.ts';
