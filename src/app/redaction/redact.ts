/**
 * Redacting a PDF for 部分公开 (第三十七条): the content under each redaction is removed for real —
 * the characters from the text layer, the pixels of images, vector drawings that lie wholly under it —
 * and a black box is painted in its place; the rest of each page keeps its text layer. The copy is
 * then stripped of metadata, annotations, attachments and the like (sanitize.ts) and written as a
 * fresh file without earlier revisions. Before it is returned, the written file is opened again and
 * searched: a string still found, or a character left under a box, is a bug and nothing is returned.
 *
 * Redactions are of two kinds: a string, removed wherever it occurs (white space ignored, so a name
 * that wraps at the end of a line is found), or a box on a page (page space of mupdf.ts).
 */
import { describeString, findOccurrences, type RedactionBasisId, type RedactionRecord } from '../../domain/redaction/index.ts';
import { AppError } from '../errors.ts';
import { innerQuads, lineRects, rectQuad } from './geometry.ts';
import { asFileError, mupdf, onPage, openPdf, pageChars, takeWarnings, type Quad, type Rect } from './mupdf.ts';
import { cleanLeftovers } from './leftovers.ts';
import { prepare, stripDocument, writeClean } from './sanitize.ts';

interface Grounds {
  basis: RedactionBasisId;
  reason?: string;
  law?: string;
}

/** Remove every occurrence of `text`. `what` names it in the withheld list (默认: its kind, if a personal number). */
export interface TextTarget extends Grounds {
  text: string;
  what?: string;
}

/** Remove what lies in `rect` on `page` (1-based). */
export interface BoxTarget extends Grounds {
  page: number;
  rect: Rect;
  what: string;
}

export interface Removal extends RedactionRecord {
  kind: 'text' | 'box';
  /** For a string: the string (staff only: never printed in a letter or a log). */
  text?: string;
  /** The areas blacked out (one per line of a string), page space. */
  rects: Rect[];
}

export interface RedactOutcome {
  pdf: Uint8Array;
  removals: Removal[];
  /** Strings asked for and found nowhere. */
  missing: string[];
  pageCount: number;
  /** MuPDF's warnings about the input (a damaged file it repaired, …). */
  warnings: string[];
}

/** Text not given a name: how the withheld list calls it. */
export const UNNAMED_TEXT = '文字内容';
const MAX_TEXT = 500;

const invalid = (message: string) => new AppError(400, 'redaction_invalid', message);

/** A box may lie outside the visible page: text placed there is in the file, and found (scan.ts). */
function checkTargets(texts: readonly TextTarget[], boxes: readonly BoxTarget[], pageCount: number): void {
  if (texts.length === 0 && boxes.length === 0) throw invalid('没有要删除的内容：请给出文字或选框');
  for (const t of texts) {
    const bare = t.text.replace(/\s+/g, '');
    if (!bare) throw invalid('要删除的文字不能为空');
    if (bare.length > MAX_TEXT) throw invalid(`要删除的文字过长（${bare.length}字，最多${MAX_TEXT}字）：较长的段落请用选框`);
  }
  for (const b of boxes) {
    if (!Number.isInteger(b.page) || b.page < 1 || b.page > pageCount) throw invalid(`页码${b.page}不存在：文件共${pageCount}页`);
    const [x0, y0, x1, y1] = b.rect;
    if (![x0, y0, x1, y1].every(Number.isFinite) || x1 - x0 < 0.5 || y1 - y0 < 0.5) {
      throw invalid(`第${b.page}页的选框无效：须给出左上角和右下角坐标，宽和高都大于0`);
    }
    if (!b.what?.trim()) throw invalid(`第${b.page}页的选框未写明删除的是什么内容`);
  }
}

const record = (g: Grounds, page: number, what: string) => ({
  page,
  basis: g.basis,
  what,
  ...(g.reason?.trim() ? { reason: g.reason.trim() } : {}),
  ...(g.law?.trim() ? { law: g.law.trim() } : {}),
});

/**
 * Redacts `bytes`. Throws an AppError (4xx) for a file that is not a readable PDF or a redaction
 * that makes no sense; strings found nowhere are returned in `missing` (the caller decides).
 */
export function redactPdf(bytes: Uint8Array, request: { texts?: readonly TextTarget[]; boxes?: readonly BoxTarget[] }): RedactOutcome {
  const texts = request.texts ?? [];
  const boxes = request.boxes ?? [];
  takeWarnings();
  const doc = openPdf(bytes);
  try {
    const pageCount = doc.countPages();
    checkTargets(texts, boxes, pageCount);
    const { unappliedMarks } = asFileError('文件', () => prepare(doc));
    const removals: Removal[] = [];
    const found = new Set<number>();
    for (let i = 0; i < pageCount; i++) onPage(i + 1, () => {
      const page = doc.loadPage(i);
      const chars = texts.length ? pageChars(page) : [];
      const cs = chars.map((ch) => ch.c);
      texts.forEach((t, ti) => {
        for (const [from, to] of findOccurrences(cs, t.text)) {
          const quads = innerQuads(chars.slice(from, to));
          if (quads.length === 0) continue;
          const annot = page.createAnnotation('Redact');
          // One box per line (no gaps that would count the characters), unless the text is rotated.
          const upright = quads.every((q) => Math.abs(q[1] - q[3]) < 0.01 && Math.abs(q[0] - q[4]) < 0.01);
          annot.setQuadPoints(upright ? lineRects(quads).map(rectQuad) : quads);
          found.add(ti);
          const what = t.what?.trim() || describeString(t.text) || UNNAMED_TEXT;
          removals.push({ ...record(t, i + 1, what), kind: 'text', text: t.text, rects: lineRects(quads) });
        }
      });
      for (const b of boxes.filter((x) => x.page === i + 1)) {
        const annot = page.createAnnotation('Redact');
        annot.setRect(b.rect);
        removals.push({ ...record(b, i + 1, b.what.trim()), kind: 'box', rects: [[...b.rect] as Rect] });
      }
      if (removals.some((r) => r.page === i + 1)) {
        page.applyRedactions(
          true,
          mupdf.PDFPage.REDACT_IMAGE_PIXELS,
          mupdf.PDFPage.REDACT_LINE_ART_REMOVE_IF_COVERED,
          mupdf.PDFPage.REDACT_TEXT_REMOVE,
        );
      }
      page.destroy();
    });
    const pdf = asFileError('文件', () => {
      cleanLeftovers(doc);
      stripDocument(doc);
      doc.subsetFonts();
      return writeClean(doc);
    });
    verify(pdf, texts, removals, pageCount);
    return { pdf, removals, missing: texts.filter((_, i) => !found.has(i)).map((t) => t.text), pageCount, warnings: [
      ...(unappliedMarks ? [`原文件中有${unappliedMarks}处其他软件标注而未执行的涂黑标记，已忽略：其下的内容如须删除，请在此逐一标注并写明依据`] : []),
      ...takeWarnings(),
    ] };
  } finally {
    doc.destroy();
  }
}

const centre = (q: Quad): [number, number] => [(q[0] + q[2] + q[4] + q[6]) / 4, (q[1] + q[3] + q[5] + q[7]) / 4];
const inside = ([x, y]: [number, number], [x0, y0, x1, y1]: Rect) => x > x0 && x < x1 && y > y0 && y < y1;

/** The written copy, read back: no redacted string on any page, no character left under a box. */
function verify(pdf: Uint8Array, texts: readonly TextTarget[], removals: readonly Removal[], pageCount: number): void {
  const doc = openPdf(pdf);
  try {
    if (doc.countPages() !== pageCount) throw new Error(`区分处理后的文件页数不符：${doc.countPages()}，应为${pageCount}`);
    if (doc.countVersions() !== 1) throw new Error('区分处理后的文件仍有增量修订');
    for (let i = 0; i < pageCount; i++) {
      const page = doc.loadPage(i);
      const chars = pageChars(page);
      page.destroy();
      const cs = chars.map((ch) => ch.c);
      for (const t of texts) {
        if (findOccurrences(cs, t.text).length) throw new Error(`区分处理失败：第${i + 1}页仍能找到要删除的文字`);
      }
      const areas = removals.filter((r) => r.page === i + 1).flatMap((r) => r.rects);
      const left = chars.find((ch) => ch.quad && !/\s/.test(ch.c) && areas.some((a) => inside(centre(ch.quad!), a)));
      if (left) throw new Error(`区分处理失败：第${i + 1}页的删除区域内仍有文字`);
    }
  } finally {
    doc.destroy();
  }
}
