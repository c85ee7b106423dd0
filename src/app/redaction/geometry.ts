/** Where a redaction goes on a page: characters' boxes, their inner part, one box per line (page space, mupdf.ts). */
import type { PageChar, Quad, Rect } from './mupdf.ts';

export function quadBounds(quads: readonly Quad[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const q of quads) {
    for (let i = 0; i < 8; i += 2) {
      x0 = Math.min(x0, q[i]);
      x1 = Math.max(x1, q[i]);
      y0 = Math.min(y0, q[i + 1]);
      y1 = Math.max(y1, q[i + 1]);
    }
  }
  return [x0, y0, x1, y1];
}

/**
 * How much of a character's box is left out of its redaction, top and bottom, left and right. MuPDF
 * removes every glyph whose box touches a redaction, and a character's box (the font's ascent to
 * descent: 1.45 em for Noto CJK) overlaps the lines above and below at ordinary line spacing, which
 * removed characters of the neighbouring lines. The inner part still meets every glyph of the string
 * (punctuation included) and, measured, spares the next line down to a line spacing of 1.03 em.
 */
const INSET_Y = 0.2;
const INSET_X = 0.05;

/** The inner quads of `chars`, line breaks left out. */
export function innerQuads(chars: readonly PageChar[]): Quad[] {
  return chars.flatMap((ch) => {
    if (!ch.quad) return [];
    const [ulx, uly, urx, ury, llx, lly, lrx, lry] = ch.quad;
    const lerp = (a: number, b: number, t: number) => a + (b - a) * t;
    // Move each edge towards the opposite one (works for rotated text too).
    const top = (t: number) => [lerp(ulx, urx, t), lerp(uly, ury, t)];
    const bottom = (t: number) => [lerp(llx, lrx, t), lerp(lly, lry, t)];
    const inner = (up: number[], down: number[]) => [lerp(up[0], down[0], INSET_Y), lerp(up[1], down[1], INSET_Y), lerp(down[0], up[0], INSET_Y), lerp(down[1], up[1], INSET_Y)];
    const [ax, ay, bx, by] = inner(top(INSET_X), bottom(INSET_X));
    const [cx, cy, dx, dy] = inner(top(1 - INSET_X), bottom(1 - INSET_X));
    return [[ax, ay, cx, cy, bx, by, dx, dy] as Quad];
  });
}

export const rectQuad = ([x0, y0, x1, y1]: Rect): Quad => [x0, y0, x1, y0, x0, y1, x1, y1];

/** The bounds of each run of quads on one line (consecutive quads whose heights overlap). */
export function lineRects(quads: readonly Quad[]): Rect[] {
  const out: Rect[] = [];
  for (const q of quads) {
    const r = quadBounds([q]);
    const last = out[out.length - 1];
    if (last && r[1] < last[3] && r[3] > last[1] && r[0] >= last[0] - 1) {
      out[out.length - 1] = [Math.min(last[0], r[0]), Math.min(last[1], r[1]), Math.max(last[2], r[2]), Math.max(last[3], r[3])];
    } else out.push(r);
  }
  return out;
}

