/** The file formats a report is exported in (the command line names them in its help without loading the renderers). */
export const EXPORT_FORMATS = ['json', 'html', 'docx', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}
