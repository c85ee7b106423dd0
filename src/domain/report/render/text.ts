/**
 * The report as plain text, as a person gets it by copying the portal page: title, section
 * headings, prose paragraphs and every table cell on its own line (like the seed), row by row.
 * The auditor reads this back.
 */
import type { ReportModel } from '../model.ts';
import { paragraphs, reportBlocks, reportTitle, type Grid } from './layout.ts';

export function renderTableText(grid: Grid): string[] {
  return grid.rows.flatMap((cells) => cells.map((c) => c.text));
}

export function renderText(model: ReportModel): string {
  const lines: string[] = [reportTitle(model), ''];
  for (const block of reportBlocks(model)) {
    if (block.kind === 'heading') lines.push(block.text, '');
    else if (block.kind === 'prose') for (const p of paragraphs(block.text)) lines.push(p, '');
    else for (const t of renderTableText(block.grid)) lines.push(t, '');
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}
