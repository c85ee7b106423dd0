/**
 * Where a table breaks across pages (the PDF renderer's pagination), as a pure function of the
 * measured row heights so it can be tested without a PDF:
 * - a page never ends on a row that heads what follows (a sub-heading 「第二十条第（五）项」 or a
 *   column-header row of 表一): the break moves up so that it goes with its rows;
 * - a continued page starts with the rows that head the broken part again (表二/表三's header rows,
 *   or the sub-table's sub-heading and column headers in 表一);
 * - a merged label cell cut by a break keeps, on each side, room for its whole text (it is drawn
 *   again on the new page), so a label is never clipped; the break moves up until it does.
 * When no break satisfies every rule (a row taller than the page), the plain break is taken.
 */

export interface TableRows {
  /** Height of each row of the grid. */
  rowH: number[];
  /** For each row, the rows drawn above it on a continued page that starts with it (header rows). */
  repeat: number[][];
  /** Rows that must not end a page (they head the rows after them). */
  keepWithNext: boolean[];
  /** Merged cells over several rows, with the height their text needs. */
  spans: Array<{ first: number; last: number; need: number }>;
}

export interface PageSpace {
  /** Where the table starts on its first page, the top of a new page, and the lowest usable y. */
  start: number;
  top: number;
  bottom: number;
}

/** Per page, the rows drawn and the y of each (repeated header rows included, in order). */
export type TablePages = Array<Array<{ row: number; y: number; repeated?: true }>>;

export function paginateTable(t: TableRows, space: PageSpace): TablePages {
  const n = t.rowH.length;
  const pages: TablePages = [[]];
  let page = pages[0];
  let y = space.start;
  let firstOnPage = 0; // the first row of the grid's own order on this page (not a repeated one)
  const height = (from: number, to: number) => {
    let h = 0;
    for (let r = from; r < to; r++) h += t.rowH[r];
    return h;
  };
  // A break before row b (rows firstOnPage..b-1 stay) that strands nothing and clips no label.
  const good = (b: number): boolean => {
    if (t.keepWithNext[b - 1]) return false;
    for (const s of t.spans) {
      if (!(s.first < b && b <= s.last)) continue;
      if (height(Math.max(s.first, firstOnPage), b) < s.need) return false;
      if (height(b, s.last + 1) < s.need) return false;
    }
    return true;
  };
  for (let r = 0; r < n; ) {
    const own = page.filter((p) => !p.repeated).length;
    if (own > 0 && y + t.rowH[r] > space.bottom) {
      let b = r;
      while (b > firstOnPage + 1 && !good(b)) b--;
      if (!good(b)) b = r;
      // rows b..r-1 move to the next page
      while (page.length && page[page.length - 1].row >= b) page.pop(); // (repeated rows are above firstOnPage ≤ b)
      page = [];
      pages.push(page);
      y = space.top;
      for (const h of t.repeat[b] ?? []) {
        page.push({ row: h, y, repeated: true });
        y += t.rowH[h];
      }
      firstOnPage = b;
      r = b;
      // a single row taller than the page is still drawn (below the repeated header)
      page.push({ row: r, y });
      y += t.rowH[r];
      r++;
      continue;
    }
    page.push({ row: r, y });
    y += t.rowH[r];
    r++;
  }
  return pages;
}

/** The height a table needs at its start so that nothing there is stranded: up to its first row that may end a page. */
export function startHeight(t: TableRows): number {
  let h = 0;
  for (let r = 0; r < t.rowH.length; r++) {
    h += t.rowH[r];
    if (!t.keepWithNext[r]) break;
  }
  return h;
}
