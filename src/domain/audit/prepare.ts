/**
 * The lines of a report as the web prints them, made readable before the tables are looked for:
 * - page furniture removed: page numbers (「— 2 —」「-3-」「第 3 页」), markdown rules (`|---|`),
 *   markdown heading marks (`## `), emoji and bullets before a line (公众号 articles);
 * - a page whose text comes through twice (a portal page with its print copy) read once;
 * - text fused on one line (a page's textContent) cut before and after the statutory headings, and
 *   inside the tables at their labels (table 1, table 2) or between text and digits (table 3), so
 *   that each label and each digit run is a piece of its own.
 * Lines and raw lines stay parallel (a cut line's raw pieces are its normalised pieces).
 */
import { REPORT_SECTIONS, type ReportSectionKey } from '../taxonomy/index.ts';
import { splitDigits, splitTable1Line, splitTable2Line } from './labels.ts';
import type { Lines } from './tokens.ts';

export interface Prepared extends Lines {
  /** The page's text appeared twice; the copy was dropped. */
  doubled: boolean;
}

const PAGE_NUMBER = /^(?:[-—–－~]+\s*\d{1,3}\s*[-—–－~]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)$/;
const MARKDOWN_RULE = /^\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?$|^\|?\s*:?-{3,}:?\s*\|?$/;
const MARKDOWN_HEADING = /^#{1,6}\s+/;
/**
 * Decoration before a line (a 公众号 article's 「📊 一、总体情况」「👇👇👇」「▲ 左右滑动查看」): emoji,
 * their modifiers and the arrows and bullets used as such; a line of nothing else is dropped.
 */
const DECORATION = /^[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\ufe0f\u200d\u20e3▲▼△▽►◄▶◀●○■□◆◇★☆→←↑↓\s]+/u;
const DECORATED = /^[\u2190-\u21ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\ud83c-\ud83e]/;

const HEADINGS = REPORT_SECTIONS.map((s) => s.heading.normalize('NFKC'));
/** A statutory heading with its numeral, anywhere in a line (the numeral may be the wrong one). */
const HEADING_IN_LINE = new RegExp(`[一二三四五六七八九十]、\\s?(?:${HEADINGS.join('|')})`, 'g');
const HEADING_KEY: Array<[RegExp, ReportSectionKey]> = REPORT_SECTIONS.map((s) => [new RegExp(`^[一二三四五六七八九十]、\\s?${s.heading.normalize('NFKC')}`), s.key]);

function clean(doc: Lines): Lines {
  const out: Lines = { lines: [], raw: [] };
  for (let i = 0; i < doc.lines.length; i++) {
    let line = doc.lines[i];
    let raw = doc.raw[i];
    if (DECORATED.test(line)) {
      line = line.replace(DECORATION, '');
      raw = raw.replace(DECORATION, '');
      if (!line) continue;
    }
    const c = line.charCodeAt(0);
    const furniture = c === 0x2d || c === 0x7c || c === 0x23 || c === 0x7e || c === 0x3a || (c >= 0x2010 && c <= 0x2015) || c === 0xff0d || c === 0x7b2c; // - | # ~ : dashes 第
    if (furniture && (PAGE_NUMBER.test(line) || MARKDOWN_RULE.test(line))) continue;
    if (c === 0x23 && MARKDOWN_HEADING.test(line)) {
      line = line.replace(MARKDOWN_HEADING, '');
      raw = raw.replace(/^#{1,6}\s+/, '');
    }
    out.lines.push(line);
    out.raw.push(raw);
  }
  return out;
}

/** A long line that repeats an earlier one (the same page twice on one line each) is dropped. */
function dropCopies(doc: Lines): { doc: Lines; doubled: boolean } {
  const out: Lines = { lines: [], raw: [] };
  let doubled = false;
  const long: string[] = [];
  for (let i = 0; i < doc.lines.length; i++) {
    const line = doc.lines[i];
    if (line.length >= 300) {
      const head = line.slice(0, 200);
      const tail = line.slice(-100);
      if (long.some((l) => l.includes(head) && l.includes(tail))) {
        doubled = true;
        continue;
      }
      long.push(line);
    }
    out.lines.push(line);
    out.raw.push(doc.raw[i]);
  }
  return { doc: out, doubled };
}

/** Cut lines before and after each statutory heading printed inside them. */
function explodeHeadings(doc: Lines): Lines {
  const out: Lines = { lines: [], raw: [] };
  for (let i = 0; i < doc.lines.length; i++) {
    const line = doc.lines[i];
    HEADING_IN_LINE.lastIndex = 0;
    if (line.length < 20 || !HEADING_IN_LINE.test(line)) {
      out.lines.push(line);
      out.raw.push(doc.raw[i]);
      continue;
    }
    HEADING_IN_LINE.lastIndex = 0;
    let last = 0;
    let m: RegExpExecArray | null;
    const pieces: string[] = [];
    while ((m = HEADING_IN_LINE.exec(line))) {
      pieces.push(line.slice(last, m.index), m[0]);
      last = m.index + m[0].length;
    }
    pieces.push(line.slice(last));
    for (const p of pieces.map((s) => s.trim()).filter(Boolean)) {
      out.lines.push(p);
      out.raw.push(p);
    }
  }
  return out;
}

/** The same headings again after the report (a print copy below the page): keep the first copy. */
function dropRepeatedReport(doc: Lines): { doc: Lines; doubled: boolean } {
  const first = doc.lines.findIndex((l) => NUMERAL_START.test(l) && HEADING_KEY.some(([re]) => re.test(l)));
  if (first < 0 || first + 3 >= doc.lines.length) return { doc, doubled: false };
  for (let j = first + 3; j + 2 < doc.lines.length; j++) {
    if (doc.lines[j] === doc.lines[first] && doc.lines[j + 1] === doc.lines[first + 1] && doc.lines[j + 2] === doc.lines[first + 2]) {
      return { doc: { lines: doc.lines.slice(0, j), raw: doc.raw.slice(0, j) }, doubled: true };
    }
  }
  return { doc, doubled: false };
}

/** Digits run into text with no space (「数量749102086二、」): only such lines need cutting. */
const FUSED = /[\u3400-\u9fff)\]）”"][0-9]|[0-9][\u3400-\u9fff(（]/;
const NUMERAL_START = /^[一二三四五六七八九十]、/;

/** Inside the tables, cut fused lines at labels (tables 1 and 2) or between text and digits (table 3). */
function splitTables(doc: Lines): Lines {
  const out: Lines = { lines: [], raw: [] };
  let section: ReportSectionKey | null = null;
  for (let i = 0; i < doc.lines.length; i++) {
    const line = doc.lines[i];
    const heading = NUMERAL_START.test(line) ? HEADING_KEY.find(([re]) => re.test(line)) : undefined;
    if (heading) section = heading[1];
    let pieces: string[] | null = null;
    if (!heading && (section === 'proactive' || section === 'applications' || section === 'appeals') && FUSED.test(line) && !line.includes('。')) {
      if (section === 'proactive') pieces = splitTable1Line(line);
      else if (section === 'applications') pieces = splitTable2Line(line);
      else if (section === 'appeals') pieces = splitDigits(line);
    }
    if (!pieces || pieces.length <= 1) {
      out.lines.push(line);
      out.raw.push(doc.raw[i]);
      continue;
    }
    for (const p of pieces) {
      out.lines.push(p);
      out.raw.push(p);
    }
  }
  return out;
}

export function prepareLines(input: Lines): Prepared {
  const copies = dropCopies(clean(input));
  const repeated = dropRepeatedReport(explodeHeadings(copies.doc));
  const doc = splitTables(repeated.doc);
  return { ...doc, doubled: copies.doubled || repeated.doubled };
}
