/**
 * The PDF text layer (issue 7, gap 1): the compiler's PDF (renderPdf, CJK font embedded) read back
 * by the auditor gives the same model — wrapped row labels, merged group cells, wrapped column
 * headers and prose broken at the right margin are all put back together from the item positions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditBuffer, layoutPage, type PdfItem } from '../../../src/audit-io/index.ts';
import { renderPdf } from '../../../src/domain/report/render/index.ts';
import { findCjkFont } from '../../../src/lib/cjk-font.ts';
import { arbSeed, randomModel } from './generate.ts';
import { comparable } from './helpers.ts';

const font = findCjkFont();

describe('PDF round trip: renderPdf → auditBuffer gives back the same model, with no finding', () => {
  it('property (a handful of runs: ~0.5 s a PDF)', async () => {
    await fc.assert(
      fc.asyncProperty(arbSeed, async (seed) => {
        const m = randomModel(seed);
        const read = await auditBuffer('r.pdf', await renderPdf(m, font));
        expect(comparable(read)).toEqual(comparable(m));
        expect(read.findings.filter((f) => f.code !== 'other.high')).toEqual([]);
      }),
      { numRuns: 6 },
    );
  });
  it('a blank (null) cell of table 2 leaves an empty cell in the PDF: read as blank by its column position', async () => {
    const m = randomModel(8);
    m.applications['not_handled.duplicate']['org.research'] = null;
    const read = await auditBuffer('r.pdf', await renderPdf(m, font));
    expect(read.applications['not_handled.duplicate']['org.research']).toBeNull();
    expect(read.applications['not_handled.duplicate'].natural).toBe(m.applications['not_handled.duplicate'].natural);
    expect(read.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}@${f.where}`)).toEqual(['cell.blank@table2/not_handled.duplicate/org.research']);
  });
});

/** Items of a small page, as pdfjs gives them (baseline y upwards, font size 9). */
const item = (str: string, x: number, y: number, h = 9): PdfItem => ({ str, x, y, w: str.length * h, h });

describe('layoutPage: the rules on hand-made pages', () => {
  it('a label wrapped around its numbers (centred) is rejoined; a merged group cell goes on its own line', () => {
    const items = [
      item('（二）部分公开（区分处理的，只计这', 113, 615.4),
      ...['0', '0', '6', '0', '0', '1', '7'].map((n, i) => item(n, 289 + 35 * i, 608.9)),
      item('一情形，不计其他情形）', 113, 602.3),
      item('（三）不', 114, 516.7),
      item('4.保护第三方合法权益', 157, 513.2),
      ...['0', '0', '0', '0', '0', '0', '0'].map((n, i) => item(n, 289 + 35 * i, 513.2)),
    ];
    expect(layoutPage(items)).toEqual([
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）  0  0  6  0  0  1  7',
      '（三）不',
      '4.保护第三方合法权益  0  0  0  0  0  0  0',
    ]);
  });
  it('a header two rows above a row is not part of its label (rows are further apart than wrapped lines)', () => {
    const items = [item('信息内容', 136, 407.6), item('本年处理决定数量', 339, 407.6), item('行政许可', 82, 388.5), item('0', 373, 388.5)];
    expect(layoutPage(items)).toEqual(['信息内容', '本年处理决定数量', '行政许可  0']);
  });
  it('a wrapped column header is joined; prose broken at the right margin is joined, a new paragraph is not', () => {
    const items = [
      item('商业企', 313, 748), item('业', 322, 735), item('科研机', 349, 748), item('构', 358, 735),
      { str: '坚持以公开为常态、不公开为例外，主动公开、依申请公开和政府信息管', x: 105, y: 594.6, w: 416, h: 13 },
      { str: '理工作有序开展。', x: 79, y: 570.8, w: 104, h: 13 },
      { str: '下一段。', x: 105, y: 547, w: 52, h: 13 },
    ];
    expect(layoutPage(items)).toEqual(['商业企业', '科研机构', '坚持以公开为常态、不公开为例外，主动公开、依申请公开和政府信息管理工作有序开展。', '下一段。']);
  });
});
