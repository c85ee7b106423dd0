/** Test helpers: render a model in the seed's layout (via the compiler's renderText) and damage it. */
import { TRIAL_TABLE1 } from '../../../src/domain/taxonomy/table1-2019.ts';
import { renderText } from '../../../src/domain/report/render/index.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { TABLE2_ROW_LABELS, type Table2Row } from '../../../src/domain/taxonomy/index.ts';

/** The non-empty lines of the rendered text (one cell per line, like the seed). */
export function lines(model: ReportModel): string[] {
  return renderText(model).split('\n').filter((l) => l.trim());
}

/** Index of the label line of a table-2 row. */
export function rowLine(ls: string[], row: Table2Row): number {
  const label = TABLE2_ROW_LABELS[row];
  const from = row === 'other.other' ? ls.findIndex((l) => l.startsWith('2.申请人逾期')) : 0;
  const i = ls.indexOf(label, from);
  if (i < 0) throw new Error(`no line for ${row}`);
  return i;
}

/** A copy of the model without what a page does not carry (findings, publication date, file). */
export function comparable(m: ReportModel): unknown {
  const { findings: _f, published: _p, file: _file, ...rest } = m;
  return rest;
}

/**
 * The 2019 trial layout (regulation.md §1.7) as the compiler renders it for a 2019 model — trial
 * table 1 and a single （六）其他处理 row — with 本年增/减 written as many reports do: 「+3」「-2」「0」.
 */
export function trialLines(model: ReportModel): string[] {
  const ls = lines(model);
  const signed = new Set(TRIAL_TABLE1.flatMap((item) => item.rows.flatMap((row) => item.columns.filter((c) => c.signed).map(() => row.label))));
  // the cell after a row label and its 上一年项目数量 is its 本年增/减
  return ls.map((l, i) => (i >= 2 && signed.has(ls[i - 2]) && /^\d+$/.test(l) && l !== '0' ? `+${l}` : l));
}

/** The PDF-style layout: each row of a table on one line, its label then its numbers (two spaces apart). */
export function rowPerLine(model: ReportModel): string[] {
  const out: string[] = [];
  for (const l of lines(model)) {
    if (/^\d+$/.test(l) && out.length) out[out.length - 1] += '  ' + l;
    else out.push(l);
  }
  return out;
}

/** In the PDF-style layout: the index of each table-2 row's line, in the order of `rows`. */
export function rowLineIndices(ls: string[], rows: readonly Table2Row[]): number[] {
  let from = 0;
  return rows.map((row) => {
    const i = ls.findIndex((l, k) => k >= from && l.startsWith(TABLE2_ROW_LABELS[row] + '  '));
    if (i < 0) throw new Error(`no line for ${row}`);
    from = i + 1;
    return i;
  });
}

/**
 * The 2019 trial layout as a portal page's HTML: the lines of `trialLines`, every table row a <tr>
 * (its label cell, then one cell per number — 「/」 and signed numbers included), the rest <p>.
 */
export function trialHtml(model: ReportModel): string {
  const ls = trialLines(model);
  const isCell = (l: string) => /^(?:[-+]?\d+(?:\.\d+)?|\/)$/.test(l);
  const out: string[] = ['<html><body><article>'];
  let table = false;
  for (let i = 0; i < ls.length; i++) {
    if (i + 1 < ls.length && isCell(ls[i + 1]) && !isCell(ls[i])) {
      const cells = [ls[i]];
      while (i + 1 < ls.length && isCell(ls[i + 1])) cells.push(ls[++i]);
      if (!table) out.push('<table border="1">');
      table = true;
      out.push(`<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
      continue;
    }
    if (table) out.push('</table>');
    table = false;
    out.push(`<p>${ls[i].replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
  }
  if (table) out.push('</table>');
  out.push('</article></body></html>');
  return out.join('\n');
}
