/**
 * A PDF's text layer → the lines a person would copy from it, with the tables put back together.
 *
 * pdfjs gives positioned text items. A published report's tables come out of them broken: a row
 * label that wraps in its cell is printed in two or three pieces above and below the row's numbers
 * (which are centred vertically), a merged group cell (「（三）不予公开」, the vertical
 * 「三、本年度办理结果」) is cut into pieces that sit on other rows' lines, and a column header
 * wraps (「商业企」/「业」). `layoutPdfText` rebuilds them from the positions alone:
 *
 * 1. items → lines (same baseline within 0.4 × the font size) → cells (an x gap wider than 0.3 ×
 *    the font size separates two cells);
 * 2. a **row** is a line whose cells end in a run of numbers (a number cell, or 「/」「—」);
 * 3. every text cell of a line without numbers that lies left of a row's numbers goes to the nearest
 *    row (vertically), then is kept there only if it is chained to the row by line-sized steps
 *    (≤ 1.6 × the font size: a cell's wrapped lines are closer than two table rows);
 * 4. the pieces of a row are grouped into columns (overlapping x ranges); the column nearest the
 *    numbers is the row's label (its pieces joined top to bottom), the others are merged group cells,
 *    printed on lines of their own before the row;
 * 5. the remaining narrow cells that overlap in x and follow each other by a line-sized step are one
 *    wrapped cell (a column header) and are joined;
 * 6. a prose line that runs to the right margin continues on the next line unless that one starts a
 *    paragraph (first-line indent) or has another font size: such lines are joined (Chinese has no
 *    space at a line break).
 *
 * The output is plain text in the layout the reader of src/domain/audit already reads (a row: its
 * label, then its numbers separated by two spaces). Pure: no pdfjs here (see `pdfToText`).
 */
import { EMPTY_CELL, cellValue, normaliseLine } from '../domain/audit/tokens.ts';

/** One text item of a page: baseline y (PDF units, upwards), x, width, font size. */
export interface PdfItem {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface PdfCell {
  text: string;
  x: number;
  xEnd: number;
  y: number;
  h: number;
  numeric: boolean;
}

interface PdfLine {
  y: number;
  h: number;
  cells: PdfCell[];
}

/** How far apart (in font sizes) two lines of one wrapped cell may be; two table rows are further apart. */
const WRAP_STEP = 1.6;

function isNumericCell(text: string): boolean {
  const pieces = normaliseLine(text).split(' ').filter(Boolean);
  return pieces.length > 0 && pieces.every((p) => cellValue(p) !== undefined);
}

function toLines(items: PdfItem[]): PdfLine[] {
  const sorted = items.filter((it) => it.str.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0].y - it.y) <= Math.max(2, g[0].h * 0.4)) g.push(it);
    else groups.push([it]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.x - b.x);
    const cells: PdfCell[] = [];
    for (const it of g) {
      const last = cells[cells.length - 1];
      if (last && it.x - last.xEnd <= Math.max(1.5, it.h * 0.3)) {
        last.text += it.str;
        last.xEnd = Math.max(last.xEnd, it.x + it.w);
      } else cells.push({ text: it.str, x: it.x, xEnd: it.x + it.w, y: it.y, h: it.h, numeric: false });
    }
    for (const c of cells) {
      c.text = c.text.trim();
      c.numeric = isNumericCell(c.text);
    }
    return { y: g[0].y, h: Math.max(...g.map((i) => i.h)), cells };
  });
}

/** A row line: text cells, then one or more number cells, nothing after them. */
function firstNumber(line: PdfLine): number {
  const k = line.cells.findIndex((c) => c.numeric);
  if (k < 0) return -1;
  return line.cells.slice(k).every((c) => c.numeric) ? k : -1;
}

const overlaps = (a: { x: number; xEnd: number }, b: { x: number; xEnd: number }) => a.x < b.xEnd - 0.5 && b.x < a.xEnd - 0.5;

/** Group cells into columns: cells whose x ranges overlap (transitively) are one column. */
function columns(cells: PdfCell[]): PdfCell[][] {
  const cols: PdfCell[][] = [];
  for (const c of [...cells].sort((a, b) => a.x - b.x)) {
    const hit = cols.filter((col) => col.some((d) => overlaps(c, d)));
    if (hit.length === 0) cols.push([c]);
    else {
      const merged = hit.flat().concat(c);
      for (const h of hit) cols.splice(cols.indexOf(h), 1);
      cols.push(merged);
    }
  }
  return cols;
}

interface Out {
  y: number;
  x: number;
  xEnd: number;
  h: number;
  text: string;
  /** Prose may be joined with its neighbours; table pieces never are. */
  prose: boolean;
}

interface Row {
  line: PdfLine;
  numX: number;
  pieces: PdfCell[];
}

const centre = (c: PdfCell) => (c.x + c.xEnd) / 2;

/**
 * A blank cell prints nothing, so a row with a blank shows fewer numbers than its table has columns.
 * The rows of one table are consecutive rows with no unplaced text above their numbers between them
 * (a column header or prose ends a table; a merged label's pieces left of the numbers do not); its columns are the clusters of all its rows' number centres.
 * A row with fewer numbers than columns gets 「∅」 in each column none of its numbers sits under —
 * only when each number falls into its own column, in order; otherwise its numbers are left as they
 * are (the reader then says which row it cannot place, and guesses nothing).
 */
function blankColumns(rows: Row[], unplaced: PdfCell[]): (row: Row) => string[] {
  const table = new Map<Row, number>();
  let t = 0;
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    const numX = prev ? Math.min(prev.numX, row.numX) : 0;
    if (prev && unplaced.some((c) => c.y < prev.line.y - 0.3 * c.h && c.y > row.line.y + 0.3 * c.h && c.xEnd > numX)) t++;
    table.set(row, t);
  });
  const nums = (row: Row) => row.line.cells.filter((c) => c.numeric);
  const clusters = new Map<number, Array<{ lo: number; hi: number }>>();
  for (let k = 0; k <= t; k++) {
    const members = rows.filter((r) => table.get(r) === k);
    const h = Math.max(...members.map((r) => r.line.h));
    const xs = members.flatMap((r) => nums(r).map(centre)).sort((a, b) => a - b);
    const out: Array<{ lo: number; hi: number }> = [];
    for (const x of xs) {
      const last = out[out.length - 1];
      if (last && x - last.hi <= h) last.hi = x;
      else out.push({ lo: x, hi: x });
    }
    clusters.set(k, out);
  }
  return (row) => {
    const cells = nums(row);
    const texts = cells.map((c) => normaliseLine(c.text));
    const cols = clusters.get(table.get(row)!)!;
    if (cells.length >= cols.length || cells.length === 0) return texts;
    const slots = cells.map((c) => cols.findIndex((col) => centre(c) >= col.lo - 0.5 && centre(c) <= col.hi + 0.5));
    if (slots.some((s, i) => s < 0 || (i > 0 && s <= slots[i - 1]))) return texts;
    return cols.map((_, k) => (slots.includes(k) ? texts[slots.indexOf(k)] : EMPTY_CELL));
  };
}

/** One page's items → its lines of text, tables rebuilt. */
export function layoutPage(items: PdfItem[]): string[] {
  const lines = toLines(items);
  if (lines.length === 0) return [];
  const left = Math.min(...lines.flatMap((l) => l.cells.map((c) => c.x)));
  const right = Math.max(...lines.flatMap((l) => l.cells.map((c) => c.xEnd)));
  const width = Math.max(1, right - left);

  const rows: Row[] = [];
  const free: PdfCell[] = [];
  for (const line of lines) {
    const k = firstNumber(line);
    if (k >= 0) rows.push({ line, numX: line.cells[k].x, pieces: line.cells.slice(0, k) });
    else free.push(...line.cells);
  }

  // 3. text pieces to the nearest row whose numbers are to their right, if chained to it
  const candidates = new Map<Row, PdfCell[]>();
  const rest: PdfCell[] = [];
  for (const cell of free) {
    let best: Row | null = null;
    let bestDy = Infinity;
    for (const row of rows) {
      if (cell.xEnd > row.numX + 1) continue;
      const dy = Math.abs(cell.y - row.line.y);
      if (dy < bestDy && dy <= 6 * cell.h) {
        best = row;
        bestDy = dy;
      }
    }
    if (best) (candidates.get(best) ?? candidates.set(best, []).get(best)!).push(cell);
    else rest.push(cell);
  }
  const kept = new Map<Row, PdfCell[]>();
  for (const row of rows) {
    const cands = candidates.get(row) ?? [];
    const mine: PdfCell[] = [...row.pieces];
    // walk away from the row's line, up and down, in steps of one wrapped line at most
    for (const dir of [1, -1]) {
      const side = cands.filter((c) => (c.y - row.line.y) * dir > 0).sort((a, b) => (a.y - b.y) * dir);
      let at = row.line.y;
      for (const c of side) {
        if (Math.abs(c.y - at) <= WRAP_STEP * Math.max(c.h, row.line.h)) {
          mine.push(c);
          at = c.y;
        } else rest.push(c);
      }
    }
    kept.set(row, mine);
  }
  const blanks = blankColumns(rows, rest);
  const out: Out[] = [];
  for (const row of rows) {
    const cols = columns(kept.get(row)!).sort((a, b) => Math.min(...a.map((c) => c.x)) - Math.min(...b.map((c) => c.x)));
    const label = cols.pop() ?? [];
    const joinDown = (col: PdfCell[]) =>
      [...col]
        .sort((a, b) => b.y - a.y || a.x - b.x)
        .map((c) => c.text)
        .join('');
    const numbers = blanks(row);
    const y = row.line.y;
    for (const col of cols) out.push({ y, x: 0, xEnd: 0, h: row.line.h, text: joinDown(col), prose: false });
    out.push({ y, x: 1, xEnd: 1, h: row.line.h, text: [joinDown(label), ...numbers].filter(Boolean).join('  '), prose: false });
  }

  // 5. the other cells: narrow ones stacked by line-sized steps are one wrapped cell
  const narrow = (c: PdfCell) => c.xEnd - c.x < 0.5 * width;
  rest.sort((a, b) => b.y - a.y || a.x - b.x);
  const blocks: Array<{ cells: PdfCell[]; x: number; xEnd: number; bottom: number; h: number }> = [];
  for (const c of rest) {
    const block = narrow(c)
      ? blocks.find((b) => b.h === c.h && narrow({ ...c, x: b.x, xEnd: b.xEnd }) && overlaps(b, c) && b.bottom - c.y > 0.3 * c.h && b.bottom - c.y <= WRAP_STEP * c.h)
      : undefined;
    if (block) {
      block.cells.push(c);
      block.x = Math.min(block.x, c.x);
      block.xEnd = Math.max(block.xEnd, c.xEnd);
      block.bottom = c.y;
    } else blocks.push({ cells: [c], x: c.x, xEnd: c.xEnd, bottom: c.y, h: c.h });
  }
  // a line of several cells is table cells: one line each; a line of one cell is prose
  const perLine = new Map<number, number>();
  for (const b of blocks) perLine.set(b.cells[0].y, (perLine.get(b.cells[0].y) ?? 0) + 1);
  for (const b of blocks) {
    const top = b.cells[0];
    out.push({
      y: top.y,
      x: b.x,
      xEnd: b.xEnd,
      h: b.h,
      text: b.cells.map((c) => c.text).join(''),
      prose: b.cells.length === 1 && perLine.get(top.y) === 1,
    });
  }
  out.sort((a, b) => b.y - a.y || a.x - b.x);

  // 6. rejoin prose lines broken at the right margin
  const text: string[] = [];
  let prev: Out | null = null;
  for (const o of out) {
    const reachesMargin = prev !== null && prev.prose && prev.xEnd >= right - 1.5 * prev.h;
    const indented = Math.abs(o.x - (left + 2 * o.h)) < 0.5 * o.h;
    if (reachesMargin && o.prose && prev!.h === o.h && !indented && prev!.y - o.y <= 3 * o.h) {
      text[text.length - 1] += o.text;
      prev = o;
      continue;
    }
    text.push(o.text);
    prev = o;
  }
  return text;
}

/** Every page's items → the document's text (pages in order). */
export function layoutPdfText(pages: PdfItem[][]): string {
  return pages.flatMap((items) => layoutPage(items)).join('\n');
}

/** A PDF's text layer (pdfjs-dist legacy build) → text with its tables rebuilt (`layoutPdfText`). */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 });
  const doc = await task.promise;
  const pages: PdfItem[][] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const it of content.items as Array<{ str?: string; transform?: number[]; width?: number; height?: number }>) {
        if (!it.str || !it.transform) continue;
        const h = Math.abs(it.height || it.transform[3] || 0) || Math.hypot(it.transform[2], it.transform[3]) || 10;
        items.push({ str: it.str, x: it.transform[4], y: it.transform[5], w: it.width ?? 0, h });
      }
      pages.push(items);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return layoutPdfText(pages);
}
