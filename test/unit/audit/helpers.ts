/** Test helpers: render a model in the seed's layout (via the compiler's renderText) and damage it. */
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

/** The 2019 trial layout (regulation.md §1.7): trial table 1 and a single （六）其他处理 row. */
export function trialLines(model: ReportModel): string[] {
  const ls = lines(model);
  const p = model.proactive;
  const t1Start = ls.indexOf('第二十条第（一）项');
  const t1End = ls.findIndex((l) => l.startsWith('三、收到和处理'));
  const v = (x: number | null) => (x === null ? '/' : String(x));
  const table1 = [
    '第二十条第（一）项', '信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量',
    '规章', v(p.rules.issued), v(p.rules.issued), v(p.rules.in_force),
    '规范性文件', v(p.normative.issued), v(p.normative.issued), v(p.normative.in_force),
    '第二十条第（五）项', '信息内容', '上一年项目数量', '本年增/减', '处理决定数量',
    '行政许可', '12', '-2', v(p.licensing), '其他对外管理服务事项', '3', '0', '5',
    '第二十条第（六）项', '信息内容', '上一年项目数量', '本年增/减', '处理决定数量',
    '行政处罚', '40', '+1', v(p.penalty), '行政强制', '2', '0', v(p.coercion),
    '第二十条第（八）项', '信息内容', '上一年项目数量', '本年增/减', '行政事业性收费', '4', '0',
    '第二十条第（九）项', '信息内容', '采购项目数量', '采购总金额', '政府集中采购', '10', '345.6',
  ];
  const out = [...ls.slice(0, t1Start), ...table1, ...ls.slice(t1End)];
  const six = out.indexOf('（六）其他处理');
  const seven = out.indexOf('（七）总计');
  const other = out.slice(out.indexOf('3.其他', six) + 1, seven);
  return [...out.slice(0, six + 1), ...other, ...out.slice(seven)];
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
