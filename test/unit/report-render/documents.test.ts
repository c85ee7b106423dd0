/**
 * The DOCX, XLSX and PDF renderings read back give the JSON's numbers, number for number.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileReport } from '../../../src/domain/report/compile.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { renderDocx } from '../../../src/domain/report/render/docx.ts';
import { toJson } from '../../../src/domain/report/render/json.ts';
import { TABLE2_NOTE, reportGrids } from '../../../src/domain/report/render/layout.ts';
import { renderPdf } from '../../../src/domain/report/render/pdf.ts';
import { renderTableText } from '../../../src/domain/report/render/text.ts';
import { XLSX_SHEETS, renderXlsx } from '../../../src/domain/report/render/xlsx.ts';
import { REPORT_SECTIONS, TABLE2_ROW_LABELS } from '../../../src/domain/taxonomy/index.ts';
import { findCjkFont } from '../../../src/lib/cjk-font.ts';
import { seedFacts } from '../report-compile/seed-facts.ts';
import { distinctModel, tableNumbers } from './fixtures.ts';

const HEADINGS = REPORT_SECTIONS.map((s) => `${s.numeral}、${s.heading}`);
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const isNumber = (t: string) => /^\d+(\.\d+)?$/.test(t);

/** Tables of a DOCX: per table, per row, the text of each w:tc. */
function docxTables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1].matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map((tr) =>
      [...tr[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => decode([...tc[1].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))),
    ),
  );
}

describe('renderDocx', () => {
  const model = distinctModel();
  let xml = '';
  let buffer: Buffer;
  beforeAll(async () => {
    buffer = await renderDocx(model);
    xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
  });

  it('is A4 with the 公文 fonts', () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('w:eastAsia="宋体"');
  });

  it('the three tables read back give the JSON numbers, number for number, and the template cells in order', () => {
    const json = JSON.parse(toJson(model)) as ReportModel;
    const expected = tableNumbers(json);
    const tables = docxTables(xml);
    expect(tables.length).toBe(3);
    const grids = reportGrids(model);
    [grids.table1, grids.table2, grids.table3].forEach((grid, i) => {
      const texts = tables[i].flat().filter((t) => t !== '');
      expect(texts).toEqual(renderTableText(grid));
    });
    expect(tables[0].flat().filter(isNumber).map(Number)).toEqual(expected.table1);
    expect(tables[1].flat().filter(isNumber).map(Number)).toEqual(expected.table2);
    expect(tables[2].flat().filter(isNumber).map(Number)).toEqual(expected.table3);
  });

  it('keeps the merges: vertical (vMerge) for the 8 row-spanning cells, gridSpan for the corner and 申请人情况', () => {
    const t2 = docxTables(xml)[1];
    expect(t2[0]).toEqual([TABLE2_NOTE, '申请人情况']);
    expect(t2[1]).toEqual(['', '自然人', '法人或其他组织', '总计']); // the corner continues down
    const tbl2 = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)][1][1];
    expect(tbl2).toContain('<w:gridSpan w:val="3"/>');
    expect(tbl2).toContain('<w:gridSpan w:val="7"/>');
    // corner, 自然人, 总计, 三、本年度办理结果, （三）（四）（五）（六）
    expect((tbl2.match(/<w:vMerge w:val="restart"\/>/g) ?? []).length).toBe(8);
    // every body row ends with its seven numbers
    for (const row of t2.slice(3)) expect(row.slice(-7).every(isNumber)).toBe(true);
  });

  it('mammoth reads the headings and the title', async () => {
    const { value } = await mammoth.extractRawText({ buffer });
    for (const h of HEADINGS) expect(value).toContain(h);
    expect(value).toContain('2023年度政府信息公开工作年度报告');
  });
});

describe('renderXlsx', () => {
  it('three sheets with merged headers; the numbers are numbers and match the JSON', async () => {
    const model = distinctModel();
    const expected = tableNumbers(JSON.parse(toJson(model)));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(model)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(XLSX_SHEETS));
    const numbers = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const out: unknown[] = [];
      ws.eachRow((row) => row.eachCell((cell) => {
        if (!cell.isMerged || cell.master === cell) if (typeof cell.value === 'number' || /^\d+$/.test(String(cell.value))) out.push(cell.value);
      }));
      return out;
    };
    expect(numbers(XLSX_SHEETS.table1)).toEqual(expected.table1);
    expect(numbers(XLSX_SHEETS.table2)).toEqual(expected.table2);
    expect(numbers(XLSX_SHEETS.table3)).toEqual(expected.table3);
    const ws2 = wb.getWorksheet(XLSX_SHEETS.table2)!;
    expect(ws2.getCell('A3').value).toBe(TABLE2_NOTE);
    expect(ws2.getCell('C5').master.address).toBe('A3');
    expect(ws2.getCell('D3').value).toBe('申请人情况');
    expect(ws2.getCell('J3').master.address).toBe('D3');
    expect(ws2.getCell('A27').master.address).toBe('A8'); // 三、本年度办理结果 spans 22 rows
    const ws3 = wb.getWorksheet(XLSX_SHEETS.table3)!;
    expect(ws3.getCell('O3').master.address).toBe('F3'); // 行政诉讼 spans 10 columns
  });
});

describe('renderPdf (needs a CJK font: fonts-noto-cjk, installed by .ci/run; a machine without one fails here)', () => {
  const font = findCjkFont();
  it('is a PDF whose text has the title, the headings, the rows and the numbers', async () => {
    const model = distinctModel();
    const pdf = await renderPdf(model, font);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-'));
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    for (const h of HEADINGS) expect(flat).toContain(h);
    expect(flat).toContain('2023年度政府信息公开工作年度报告');
    const lines = text.split('\n');
    const rowNumbers = (label: string) => {
      const line = lines.find((l) => l.includes(label));
      expect(line, label).toBeDefined();
      return line!.replace(label, '').trim().split(/\s+/).map(Number);
    };
    const a = model.applications;
    for (const row of ['new', 'carried_in', 'total', 'carried_out'] as const) {
      expect(rowNumbers(TABLE2_ROW_LABELS[row])).toEqual(Object.values(a[row]));
    }
    expect(rowNumbers('行政许可')).toEqual([367]);
    expect(rowNumbers('行政事业性收费')).toEqual([1.25]);
    const expected = tableNumbers(model);
    expect(lines.some((l) => l.trim().split(/\s+/).map(Number).join(',') === expected.table3.join(','))).toBe(true);
  });

  it('renders the seed in a few pages and breaks table 2 across pages with its header repeated', async () => {
    const { model } = compileReport(seedFacts);
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-'));
    writeFileSync(join(dir, 'seed.pdf'), await renderPdf(model, font));
    const info = execFileSync('pdfinfo', [join(dir, 'seed.pdf')], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(info).toMatch(/595\.\d* x 841\.\d* pts \(A4\)/);
    const text = execFileSync('pdftotext', [join(dir, 'seed.pdf'), '-'], { encoding: 'utf8' });
    // table 2's header rows are drawn again on the page it continues on
    const headers = text.replace(/\s+/g, '').split('申请人情况').length - 1;
    expect(headers).toBe(2);
  });
});
