/**
 * A PDF's pages and the personal numbers on them (src/domain/redaction/patterns.ts), each with the
 * areas it covers, for a person to confirm one by one: a confirmed hit becomes a box redaction over
 * exactly those areas, not a search for its text elsewhere.
 */
import { PATTERN_LABELS, findOccurrences, findPersonalNumbers, type PatternHit, type PatternKind, type RedactionBasisId } from '../../domain/redaction/index.ts';
import { innerQuads, lineRects } from './geometry.ts';
import { onPage, openPdf, pageChars, takeWarnings, type Rect } from './mupdf.ts';

export interface ScanHit {
  page: number;
  kind: PatternKind;
  /** 「公民身份号码」… */
  what: string;
  text: string;
  certainty: PatternHit['certainty'];
  basis: RedactionBasisId;
  rects: Rect[];
}

export interface PdfScan {
  /** Each page's size in points (page space: as displayed, CropBox and rotation applied). */
  pages: Array<{ width: number; height: number }>;
  hits: ScanHit[];
}

export function scanPdf(bytes: Uint8Array): PdfScan {
  takeWarnings();
  const doc = openPdf(bytes);
  try {
    const pages: PdfScan['pages'] = [];
    const hits: ScanHit[] = [];
    const count = doc.countPages();
    for (let i = 0; i < count; i++) {
      const chars = onPage(i + 1, () => {
        const page = doc.loadPage(i);
        const [x0, y0, x1, y1] = page.getBounds();
        pages.push({ width: x1 - x0, height: y1 - y0 });
        const cs = pageChars(page);
        page.destroy();
        return cs;
      });
      // The page's text, and for each UTF-16 unit of it the character it belongs to.
      const owner: number[] = [];
      chars.forEach((ch, k) => {
        for (let u = 0; u < ch.c.length; u++) owner.push(k);
      });
      for (const hit of findPersonalNumbers(chars.map((ch) => ch.c).join(''))) {
        const quads = innerQuads(chars.slice(owner[hit.start], owner[hit.end - 1] + 1));
        if (quads.length === 0) continue;
        hits.push({ page: i + 1, kind: hit.kind, what: PATTERN_LABELS[hit.kind], text: hit.text, certainty: hit.certainty, basis: hit.basis, rects: lineRects(quads) });
      }
    }
    return { pages, hits };
  } finally {
    doc.destroy();
  }
}

const overlap = (a: Rect, b: Rect) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));

/**
 * Text selected in the browser, made exact: pdf.js lays its selectable text over the page in the
 * browser's fonts, so a selection's rectangles only approximately cover the PDF's glyphs (they can
 * take in half a neighbour). The occurrence of `text` on the page that the rectangles cover most is
 * taken, and its characters' own areas returned; undefined when no occurrence lies under them.
 */
export function snapSelection(bytes: Uint8Array, page: number, text: string, rects: readonly Rect[]): Rect[] | undefined {
  const doc = openPdf(bytes);
  try {
    if (page < 1 || page > doc.countPages()) return undefined;
    const p = doc.loadPage(page - 1);
    const chars = pageChars(p);
    p.destroy();
    let best: { area: number; rects: Rect[] } | undefined;
    for (const [from, to] of findOccurrences(chars.map((ch) => ch.c), text)) {
      const own = lineRects(innerQuads(chars.slice(from, to)));
      const area = own.reduce((sum, r) => sum + rects.reduce((s, q) => s + overlap(r, q), 0), 0);
      if (area > 0 && (!best || area > best.area)) best = { area, rects: own };
    }
    return best?.rects;
  } finally {
    doc.destroy();
  }
}
