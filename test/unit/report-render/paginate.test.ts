/** The report PDF's table pagination (src/domain/report/render/paginate.ts), as a pure function. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginateTable, startHeight, type TableRows } from '../../../src/domain/report/render/paginate.ts';

const SPACE = { start: 100, top: 50, bottom: 400 };

/** A random table: 0–3 header rows repeated, in-body heads (keep with next), merged label cells. */
const arbTable = fc
  .record({
    headerRows: fc.integer({ min: 0, max: 3 }),
    body: fc.array(fc.record({ h: fc.integer({ min: 12, max: 40 }), head: fc.boolean() }), { minLength: 1, maxLength: 60 }),
    spans: fc.array(fc.record({ first: fc.nat(), len: fc.integer({ min: 2, max: 8 }), need: fc.integer({ min: 12, max: 24 }) }), { maxLength: 3 }),
  })
  .map(({ headerRows, body, spans }): TableRows => {
    const rowH = [...Array(headerRows).fill(15), ...body.map((b) => b.h)];
    const n = rowH.length;
    const keepWithNext = rowH.map((_, r) => r < headerRows || (r < n - 1 && body[r - headerRows]?.head === true && !body[r - headerRows + 1]?.head));
    const header = Array.from({ length: headerRows }, (_, i) => i);
    return {
      rowH,
      keepWithNext,
      repeat: rowH.map((_, r) => (r < headerRows ? [] : header)),
      spans: spans
        .map((s) => ({ first: headerRows + (s.first % Math.max(1, n - headerRows)), len: s.len, need: s.need }))
        .filter((s) => s.first + s.len - 1 < n)
        .map((s) => ({ first: s.first, last: s.first + s.len - 1, need: s.need })),
    };
  });

describe('paginateTable', () => {
  it('keeps a sub-heading and its column header with their first row, and repeats them on the next page', () => {
    // rows: 0 sub-heading, 1 column head, 2–3 data, 4 sub-heading, 5 column head, 6 data
    const rowH = [20, 20, 20, 20, 20, 20, 20];
    const keepWithNext = [true, true, false, false, true, true, false];
    const repeat = [[], [], [0, 1], [0, 1], [], [], [4, 5]];
    // room for 5 rows on the first page: rows 0–4 would fit, leaving the sub-heading 4 alone
    const pages = paginateTable({ rowH, keepWithNext, repeat, spans: [] }, { start: 300, top: 50, bottom: 400 });
    expect(pages.map((p) => p.map((x) => x.row))).toEqual([[0, 1, 2, 3], [4, 5, 6]]);
    // a data row continued: its sub-table's heads come first
    const cut = paginateTable({ rowH, keepWithNext, repeat, spans: [] }, { start: 340, top: 50, bottom: 400 });
    expect(cut.map((p) => p.map((x) => x.row))).toEqual([[0, 1, 2], [0, 1, 3, 4, 5, 6]]);
    expect(startHeight({ rowH, keepWithNext, repeat, spans: [] })).toBe(60);
  });

  it('moves the break so that a merged label keeps room for its text on both sides', () => {
    const rowH = Array(10).fill(20);
    const spans = [{ first: 2, last: 9, need: 50 }];
    const t = { rowH, keepWithNext: Array(10).fill(false), repeat: rowH.map(() => []), spans };
    // plain break would leave one row (20 < 50) of the merged cell on page 1
    const pages = paginateTable(t, { start: 250, top: 50, bottom: 320 });
    expect(pages[0].map((x) => x.row)).toEqual([0, 1]);
    expect(pages[1][0].row).toBe(2);
  });

  it('property: every row once and in order, rows stay inside the page, no page ends on a heading row, merged labels keep room', () => {
    fc.assert(
      fc.property(arbTable, (t) => {
        const pages = paginateTable(t, SPACE);
        const body = pages.flatMap((p) => p.filter((x) => !x.repeated).map((x) => x.row));
        expect(body).toEqual(t.rowH.map((_, r) => r));
        for (const [k, p] of pages.entries()) {
          for (let i = 1; i < p.length; i++) expect(p[i].y).toBe(p[i - 1].y + t.rowH[p[i - 1].row]);
          const own = p.filter((x) => !x.repeated);
          expect(own.length).toBeGreaterThan(0);
          // repeated rows are the header of the page's first own row
          expect(p.filter((x) => x.repeated).map((x) => x.row)).toEqual(k === 0 ? [] : t.repeat[own[0].row]);
          const last = p[p.length - 1];
          expect(last.y + t.rowH[last.row] <= SPACE.bottom || own.length === 1).toBe(true);
          if (k === pages.length - 1) continue;
          expect(t.keepWithNext[last.row], `page ${k} ends on a heading row`).toBe(false);
          const next = pages[k + 1].find((x) => !x.repeated)!.row;
          for (const s of t.spans) {
            if (!(s.first < next && next <= s.last)) continue;
            const here = own.filter((x) => x.row >= s.first).reduce((h, x) => h + t.rowH[x.row], 0);
            expect(here, 'merged label cut short').toBeGreaterThanOrEqual(s.need);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
