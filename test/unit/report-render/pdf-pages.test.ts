/**
 * The report PDF page by page (poppler's pdftotext per page): no section heading, table sub-heading or
 * column header is the last line of a page, and every row label is printed whole — for long agency
 * names and prose that pushes each heading towards a page foot, in both formats.
 * Needs a CJK font (fonts-noto-cjk) and poppler-utils, installed by .ci/run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTrialProactive, type ReportModel } from '../../../src/domain/report/model.ts';
import { reportGrids } from '../../../src/domain/report/render/layout.ts';
import { renderPdf } from '../../../src/domain/report/render/pdf.ts';
import { REPORT_SECTIONS } from '../../../src/domain/taxonomy/index.ts';
import { TRIAL_TABLE1 } from '../../../src/domain/taxonomy/table1-2019.ts';
import { findCjkFont } from '../../../src/lib/cjk-font.ts';
import { distinctModel } from './fixtures.ts';

const HEADINGS = REPORT_SECTIONS.map((s) => `${s.numeral}、${s.heading}`);
const SUBHEADINGS = [...new Set(TRIAL_TABLE1.map((t) => t.article20Item))];
const LONG_NAME = '某某省某某市某某区人民政府办公室政务公开与数字政府建设管理服务中心（某某区大数据发展局、某某区政务服务管理局）';

function model(format: '2021' | '2019', paragraphs: number): ReportModel {
  const m = distinctModel();
  m.agency.name = LONG_NAME;
  m.format = format;
  m.year = format === '2019' ? 2020 : 2023;
  m.proactive.fees_wan_yuan = 5949.088667;
  if (format === '2019') {
    m.proactive_2019 = emptyTrialProactive(7);
    m.proactive_2019.procurement.amount_wan_yuan = 5949.088667;
  }
  m.sections.overview = Array.from({ length: paragraphs }, (_, i) => `第${i + 1}段：本机关认真贯彻落实《中华人民共和国政府信息公开条例》，推进决策、执行、管理、服务、结果公开。`).join('\n');
  m.sections.problems = Array.from({ length: paragraphs % 7 }, () => '存在的问题和改进措施的说明文字，用来改变后面标题的位置。').join('\n');
  return m;
}

function pagesOf(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-pages-'));
  const file = join(dir, 'r.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const n = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  return Array.from({ length: n }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', file, '-'], { encoding: 'utf8' }));
}

const lastLine = (page: string) => page.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
const squash = (s: string) => s.replace(/\s+/g, '');

describe('report PDF pages (needs fonts-noto-cjk and poppler-utils)', () => {
  const font = findCjkFont();
  for (const format of ['2021', '2019'] as const) {
    it(`${format} format: no heading or table header ends a page, every label whole, amounts with all decimals`, async () => {
      const labels = new Set<string>();
      for (const grid of Object.values(reportGrids(model(format, 0)))) for (const row of grid.rows) for (const c of row) if (c.header && c.text) labels.add(c.text);
      // prose of 0…34 paragraphs moves every heading and table start over the page foot at some point
      for (let n = 0; n <= 34; n += 2) {
        const pages = pagesOf(await renderPdf(model(format, n), font));
        for (const [k, page] of pages.entries()) {
          const last = squash(lastLine(page));
          if (k === pages.length - 1) continue;
          for (const h of HEADINGS) expect(last, `paragraphs ${n}, page ${k + 1} ends with the heading ${h}`).not.toBe(h);
          for (const s of SUBHEADINGS) expect(last, `paragraphs ${n}, page ${k + 1} ends with ${s}`).not.toBe(s);
          expect(last.startsWith('信息内容'), `paragraphs ${n}, page ${k + 1} ends with a column header: ${last}`).toBe(false);
          expect(last.includes('申请人情况'), `paragraphs ${n}, page ${k + 1} ends with table 2's header`).toBe(false);
        }
        const all = squash(pages.join('\n'));
        expect(all).toContain(squash(LONG_NAME));
        expect(all).toContain('5949.088667');
        // a label may wrap inside its cell: its lines stand one under the other in one column, whole
        const words = wordsOf(await renderPdf(model(format, n), font));
        for (const label of labels) expect(words.some((page) => printedWhole(squash(label), page)), `${label} (paragraphs ${n})`).toBe(true);
      }
    }, 120_000);
  }
});


interface Word {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The words of each page with their boxes (pdftotext -bbox). */
function wordsOf(pdf: Buffer): Word[][] {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-words-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  const html = execFileSync('pdftotext', ['-bbox', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  return html.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5].replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    })),
  );
}

/** Whether `label` is printed on the page: words that continue each other, each on the next line down in the same column. */
function printedWhole(label: string, words: Word[]): boolean {
  const from = (rest: string, above: Word | null): boolean => {
    if (rest === '') return true;
    return words.some((w) => {
      if (!w.text || !rest.startsWith(w.text)) return false;
      if (above) {
        const sameLine = Math.abs(w.y0 - above.y0) < 1 && w.x0 >= above.x1 - 1 && w.x0 - above.x1 < 12; // a space inside the label
        const nextLine = w.y0 > above.y0 + 1 && w.y0 - above.y1 < (above.y1 - above.y0) * 1.2 && w.x0 < above.x1 && w.x1 > above.x0 - (above.x1 - above.x0);
        if (!sameLine && !nextLine) return false;
      }
      return from(rest.slice(w.text.length), w);
    });
  };
  return from(label, null);
}
