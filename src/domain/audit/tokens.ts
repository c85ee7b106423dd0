/**
 * Tokenisation of a published report as people find it: one pass over the lines, each line
 * normalised (NFKC: full-width digits and parentheses, nbsp, ideographic space) and cut into
 * text pieces and number cells. Blank cells (「/」「—」「-」「无」, an empty HTML cell) are kept as
 * `null` cells. No regex here can backtrack badly: each is anchored and linear.
 */
import { parseWanYuan } from '../report/amount.ts';
import { parse as parseHtml, NodeType, type Node as HtmlNode, type HTMLElement } from 'node-html-parser';

export type Token =
  | { t: 'text'; s: string; line: number }
  | { t: 'num'; s: string; v: number | null; line: number };

/** What an empty table cell becomes in the line stream (HTML/DOCX): a blank cell. */
export const EMPTY_CELL = '∅';

export function normaliseLine(line: string): string {
  return line.normalize('NFKC').replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

const BLANK_CELL = /^(?:\/+|[-‐‑–—―─－~]+|无|空|∅|\\)$/;
const INTEGER = /^\d+$/;
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$/;
const DECIMAL = /^\d+\.\d+$/;
/** 「5,949.09」: an amount in 万元 with thousands separators (表一's 收费金额). */
const THOUSANDS_DECIMAL = /^\d{1,3}(?:,\d{3})+\.\d{1,6}$/;
const SIGNED = /^[-+−]\d+$/;

/** A piece that is a table cell: its value (null = blank), or undefined when it is text. */
export function cellValue(piece: string): number | null | undefined {
  if (INTEGER.test(piece)) return Number(piece);
  if (BLANK_CELL.test(piece)) return null;
  if (piece === '〇' || piece === '零') return 0;
  if (THOUSANDS.test(piece)) return Number(piece.replace(/,/g, ''));
  if (DECIMAL.test(piece)) return Number(piece);
  if (THOUSANDS_DECIMAL.test(piece)) return parseWanYuan(piece);
  if (SIGNED.test(piece)) return Number(piece.replace('−', '-'));
  return undefined;
}

/**
 * Lines → tokens. A line is cut at spaces and 「|」; adjacent text pieces are glued back (labels such
 * as 「3.危及 “三安全一稳定”」 contain spaces), number pieces become cells. 「1,2,3」 (not a
 * thousands number) is three cells.
 */
export function tokenise(lines: string[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const pieces = line.split(/[ |│┃]+/);
    let text = '';
    // (no closure per line: this runs over every line of every report of a bulk audit)
    for (const piece of pieces) {
      if (!piece) continue;
      const v = cellValue(piece);
      if (v === undefined) {
        const signed = /^\d+[-+−]\d+$/.test(piece); // 「318-65127」: a number run into the signed one after it (the trial table 1's 本年增/减)
        const list = !signed && piece.length < 60 && piece.includes(',') && /^[\d,]+$/.test(piece); // 「1,2,3」
        if (!signed && !list) {
          text += piece;
          continue;
        }
        if (text) out.push({ t: 'text', s: text, line: i });
        text = '';
        if (signed) {
          const at = piece.search(/[-+−]/);
          out.push({ t: 'num', s: piece.slice(0, at), v: Number(piece.slice(0, at)), line: i });
          out.push({ t: 'num', s: piece.slice(at), v: Number(piece.slice(at).replace('−', '-')), line: i });
        } else for (const p of piece.split(',')) if (p) out.push({ t: 'num', s: p, v: Number(p), line: i });
        continue;
      }
      if (text) out.push({ t: 'text', s: text, line: i });
      text = '';
      out.push({ t: 'num', s: piece, v, line: i });
    }
    if (text) out.push({ t: 'text', s: text, line: i });
  }
  return out;
}

/** The lines of a document: normalised (for matching) and as printed (trimmed, for prose), in parallel. */
export interface Lines {
  lines: string[];
  raw: string[];
}

export function trimRaw(line: string): string {
  return line.replace(/^[\s\u00a0\u3000\u200b\ufeff]+|[\s\u00a0\u3000\u200b\ufeff]+$/g, '');
}

/** Plain text → normalised non-empty lines. */
export function textLines(text: string): Lines {
  const out: Lines = { lines: [], raw: [] };
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = normaliseLine(raw);
    if (line) {
      out.lines.push(line);
      out.raw.push(trimRaw(raw));
    }
  }
  return out;
}

const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tbody', 'thead', 'tfoot',
  'tr', 'section', 'article', 'header', 'footer', 'title', 'caption', 'blockquote', 'pre', 'hr', 'dt', 'dd', 'dl',
]);
const ROW_ATTR = /display\s*:\s*table-row|^(?:row|table-row)$/i;
const CELL_ATTR = /display\s*:\s*table-cell|^(?:cell|gridcell|columnheader|rowheader|table-cell)$/i;
const classes = (el: HTMLElement) => (el.getAttribute('class') ?? '').split(/\s+/);
/** A <div> (or <li>…) that a page's style or role makes a table row: display:table-row, role=row, class tr. */
function isGridRow(el: HTMLElement): boolean {
  return ROW_ATTR.test(el.getAttribute('style') ?? '') || ROW_ATTR.test(el.getAttribute('role') ?? '') || classes(el).some((c) => /^(?:tr|table-row|tbl-row)$/i.test(c));
}
function isGridCell(el: HTMLElement): boolean {
  return CELL_ATTR.test(el.getAttribute('style') ?? '') || CELL_ATTR.test(el.getAttribute('role') ?? '') || classes(el).some((c) => /^(?:td|th|table-cell|tbl-cell)$/i.test(c));
}
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object']);

/**
 * HTML (a portal page, or mammoth's DOCX output) → the same lines as copied text: every block and
 * every table cell on its own line; an empty cell of a row that has other content is `∅` (blank);
 * an all-empty row (a spacer) is dropped. rowspan/colspan need no special care: cells come in
 * reading order and the tables are located by their labels.
 */
export function htmlLines(html: string): Lines {
  let root: HTMLElement;
  try {
    root = parseHtml(html, { comment: false, blockTextElements: { script: false, noscript: false, style: false, pre: true } });
  } catch {
    return textLines(html.replace(/<[^>]*>/g, '\n'));
  }
  const out: Lines = { lines: [], raw: [] };
  const push = (text: string) => {
    const line = normaliseLine(text);
    if (line) {
      out.lines.push(line);
      out.raw.push(trimRaw(text).replace(/\s*\n\s*/g, ' '));
    }
  };
  let buffer = '';
  const flush = () => {
    push(buffer);
    buffer = '';
  };
  const cellText = (el: HtmlNode): string => trimRaw(el.textContent ?? '');
  const elements = (el: HTMLElement) => el.childNodes.filter((c) => c.nodeType === NodeType.ELEMENT_NODE) as HTMLElement[];
  const row = (cells: HTMLElement[]) => {
    flush();
    const texts = cells.map(cellText);
    if (texts.every((t) => !t)) return;
    for (const t of texts) push(t || EMPTY_CELL);
  };
  const walk = (node: HtmlNode, depth: number) => {
    if (depth > 200) return;
    if (node.nodeType === NodeType.TEXT_NODE) {
      buffer += (node as unknown as { text: string }).text; // decoded by node-html-parser
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = (el.rawTagName ?? '').toLowerCase();
    if (SKIP.has(tag)) return;
    if (tag === 'tr') return row(elements(el).filter((c) => /^t[dh]$/i.test(c.rawTagName ?? '')));
    // a table built of <div>s (display:table-row / table-cell, role=row / cell, class tr / td): a row of cells too
    if (tag !== 'table' && tag !== 'tbody' && isGridRow(el)) {
      const cells = elements(el);
      if (cells.length > 1 && cells.every(isGridCell)) return row(cells);
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (const child of el.childNodes) walk(child, depth + 1);
    if (block) flush();
  };
  walk(root, 0);
  flush();
  return out;
}


/** Strip numbering (「（一）」「1.」「三、」) at the start, then spaces, quotes and punctuation: the core of a label. */
export function labelCore(s: string): string {
  // The same labels recur in every report of a bulk audit: remember them (bounded).
  const hit = coreCache.get(s);
  if (hit !== undefined) return hit;
  const core = computeLabelCore(s);
  if (coreCache.size >= 20_000) coreCache.clear();
  coreCache.set(s, core);
  return core;
}
const coreCache = new Map<string, string>();

function computeLabelCore(s: string): string {
  let t = s.normalize('NFKC');
  for (let k = 0; k < 3; k++) {
    const before = t;
    t = t.replace(/^\s*(?:\(\s*[一二三四五六七八九十]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*[、.]|\d{1,2}\s*[.、)](?!\d))\s*/, '');
    if (t === before) break;
  }
  return t.replace(/[\s"'“”‘’「」『』《》〈〉()（）\[\]【】、.,，:：;；·•\-—_/]/g, '');
}
