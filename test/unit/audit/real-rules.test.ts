/**
 * The reading rules added for real-world layouts (issue 14 follow-up), each on a small hand-made
 * input: a <div> table's empty cell, a 公众号 article's emoji before a heading, table 3 printed as
 * two tables, a row of table 1 printing nothing, and a PDF row with blank columns (leading ones too).
 */
import { describe, expect, it } from 'vitest';
import { layoutPage, type PdfItem } from '../../../src/audit-io/index.ts';
import { readReportText } from '../../../src/domain/audit/index.ts';
import { htmlLines } from '../../../src/domain/audit/tokens.ts';
import { prepareLines } from '../../../src/domain/audit/prepare.ts';
import { renderText } from '../../../src/domain/report/render/index.ts';
import { randomModel } from './generate.ts';

describe('rules for real-world layouts', () => {
  it('a table of <div>s (display:table-row / table-cell, class tr / td): an empty cell is a blank cell', () => {
    const html = `<div class="tr"><div class="td">3.其他</div><div class="td">4</div><div class="td"></div><div class="td">1</div></div>
      <div style="display:table-row"><span style="display:table-cell">总计</span><span style="display:table-cell"> </span><span style="display:table-cell">2</span></div>`;
    expect(htmlLines(html).lines).toEqual(['3.其他', '4', '∅', '1', '总计', '∅', '2']);
  });
  it('a <div class="row"> of layout columns is not a table row (its cells are not marked as cells)', () => {
    expect(htmlLines('<div class="row"><div class="col">正文</div><div class="col"></div></div>').lines).toEqual(['正文']);
  });
  it('emoji and bullets before a line are decoration; a line of nothing else is dropped', () => {
    const doc = prepareLines({ lines: ['📊 一、总体情况', '👇👇👇', '▲ 左右滑动查看完整表格', '正文。'], raw: ['📊 一、总体情况', '👇👇👇', '▲ 左右滑动查看完整表格', '正文。'] });
    expect(doc.lines).toEqual(['一、总体情况', '左右滑动查看完整表格', '正文。']);
    expect(doc.raw[0]).toBe('一、总体情况');
  });
  it('table 3 as two tables (行政复议, then （续表） 行政诉讼 with its own header): 15 cells', () => {
    const m = randomModel(41, { year: 2023 });
    const text = renderText(m).replace('未经复议直接起诉', '（续表）\n单位：件\n行政诉讼\n未经复议直接起诉');
    const got = readReportText(text).model;
    expect(got.appeals).toEqual(m.appeals);
    expect(got.findings.filter((f) => f.where === 'table3')).toEqual([]);
  });
  it('a row of table 1 that prints nothing (its label, then the next row): its cell is blank, and said so', () => {
    const m = randomModel(42, { year: 2023 });
    const lines = renderText(m).split('\n');
    const at = lines.indexOf('行政处罚');
    expect(lines[at + 2]).toBe(String(m.proactive.penalty));
    lines.splice(at + 1, 2); // the number and the blank line after it
    const got = readReportText(lines.join('\n')).model;
    expect(got.proactive.penalty).toBeNull();
    expect(got.proactive.coercion).toBe(m.proactive.coercion);
    expect(got.findings.filter((f) => f.where === 'table1/penalty').map((f) => f.code)).toEqual(['cell.blank']);
  });
});

/** Items of a small page, as pdfjs gives them (baseline y upwards, font size 9). */
const item = (str: string, x: number, y: number, h = 9): PdfItem => ({ str, x, y, w: str.length * (/\d/.test(str) ? h / 2 : h), h });
const row = (label: string, cells: Array<string | null>, y: number) => [item(label, 80, y), ...cells.flatMap((c, i) => (c === null ? [] : [item(c, 300 + 35 * i - c.length * 2.25, y)]))];

describe('layoutPage: blank cells of a PDF placed by the columns of their table', () => {
  it('a row with blanks anywhere (the first column too) gets 「∅」 where its table has a column and it has no number', () => {
    const items = [item('自然人', 290, 700), item('总计', 390, 700), ...row('予以公开', ['1', '2', '3', '6'], 680), ...row('部分公开', [null, '—', null, '7'], 665), ...row('总计', ['8', null, '4', '19'], 650)];
    expect(layoutPage(items).slice(-3)).toEqual(['予以公开  1  2  3  6', '部分公开  ∅  —  ∅  7', '总计  8  ∅  4  19']);
  });
  it('a header line above the numbers starts another table: its columns are not borrowed', () => {
    const items = [...row('规章', ['1', '2', '3'], 700), item('本年处理决定数量', 300, 685), ...row('行政许可', [null, '5', null], 670)];
    expect(layoutPage(items)).toEqual(['规章  1  2  3', '本年处理决定数量', '行政许可  5']);
  });
});
