/**
 * A report model as a downloadable file: JSON (contracts.md §2), HTML, DOCX, XLSX, PDF (with a CJK
 * font found on this machine, src/lib/cjk-font.ts). Used by the CLI, the console and the portal.
 */
import type { ReportModel } from '../../domain/report/model.ts';
import { renderDocx, renderHtml, renderPdf, renderXlsx, toJson } from '../../domain/report/render/index.ts';
import { reportTitle } from '../../domain/report/render/layout.ts';
import { findCjkFont } from '../../lib/cjk-font.ts';

import { type ExportFormat } from './formats.ts';

export { EXPORT_FORMATS, isExportFormat, type ExportFormat } from './formats.ts';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** A whole HTML document around renderHtml (for `--format html` and downloads). */
export function htmlDocument(model: ReportModel): string {
  const title = reportTitle(model).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n${renderHtml(model)}\n</body>\n</html>\n`;
}

export async function renderReportFile(model: ReportModel, format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(toJson(model) + '\n', 'utf8');
    case 'html':
      return Buffer.from(htmlDocument(model), 'utf8');
    case 'docx':
      return renderDocx(model);
    case 'xlsx':
      return renderXlsx(model);
    case 'pdf': {
      const font = findCjkFont();
      return renderPdf(model, { data: font.data, family: font.family });
    }
  }
}

/** e.g. 通化市政务服务和数字化建设管理局2023年度政府信息公开工作年度报告.docx (ASCII fallback for headers: report-2023.docx). */
export function reportFilename(model: ReportModel, format: ExportFormat, version?: number): string {
  return `${model.agency.name}${model.year ?? ''}年度政府信息公开工作年度报告${version && version > 1 ? `（第${version}版）` : ''}.${format}`;
}

