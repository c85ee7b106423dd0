/**
 * Chinese full-text search by character bigrams (design.md, "Chinese search over 100,000 documents"):
 * no extension, works on PGlite and PostgreSQL, finds a two-character word anywhere in a long text.
 *
 * Indexing: the text is folded (src/lib/search/fold.ts: 全角 → 半角, 繁体 → 简体, capitals → lower case)
 * and cut into runs of CJK ideographs and runs of ASCII letters/digits;
 * every CJK run contributes each of its characters (unigrams) and each pair of neighbours (bigrams);
 * every letter/digit run contributes itself (at most MAX_WORD characters). Everything else
 * (punctuation, spaces, HTML tags and entities) only separates runs.
 *
 * Querying: each whitespace-separated term of the query must match. A term matches when all of its
 * lexemes are in the document (its bigrams, or the unigram of a one-character run, and its words,
 * prefix-matched); a term made of more than one lexeme is then checked as a substring of the text, so
 * bigrams that occur apart do not make a false match ("exact").
 *
 * The SAME rules exist once more in SQL (drizzle/0004_portal_search.sql, `gongkai_search_vector`) so that
 * rows written by any path (bulk loads, raw SQL) are indexed by the database trigger; a property test
 * checks that both give the same lexemes. Change both or neither.
 *
 * Pure: no I/O.
 */

import { fold } from './fold.ts';

/** CJK Unified Ideographs, Extension A and Compatibility Ideographs. */
const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const RUN_RE = new RegExp(`[${CJK}]+|[a-z0-9]+`, 'g');
const CJK_RUN_RE = new RegExp(`^[${CJK}]+$`);
/** Longest letter/digit word kept in the index (longer runs are cut). */
export const MAX_WORD = 64;

/** Weights of the fields in the stored tsvector: title A, 文号 B, body D (ts_rank's defaults 1.0/0.4/0.1). */
export const FIELD_WEIGHTS = { title: 'A', docNumber: 'B', body: 'D' } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;
const FIELD_POSITION: Record<SearchField, number> = { title: 1, docNumber: 2, body: 3 };

/** Removes HTML tags and character entities (they only separate runs). */
export function stripMarkup(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/&[a-zA-Z0-9#]+;/g, ' ');
}

/** The runs of a text, folded: CJK runs and letter/digit runs, in order. */
export function runs(text: string): string[] {
  return fold(stripMarkup(text)).match(RUN_RE) ?? [];
}

export function isCjkRun(run: string): boolean {
  return CJK_RUN_RE.test(run);
}

/** Splits a string into code points (CJK Extension B+ are surrogate pairs in UTF-16). */
function chars(run: string): string[] {
  return Array.from(run);
}

/** The lexemes a text contributes to the index, with how often each occurs (in first-seen order). */
export function lexemeCounts(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (lx: string) => out.set(lx, (out.get(lx) ?? 0) + 1);
  for (const run of runs(text)) {
    if (isCjkRun(run)) {
      const cs = chars(run);
      for (let i = 0; i < cs.length; i++) {
        add(cs[i]);
        if (i + 1 < cs.length) add(cs[i] + cs[i + 1]);
      }
    } else {
      add(run.slice(0, MAX_WORD));
    }
  }
  return out;
}

/** The lexemes a text contributes to the index (unique, in first-seen order). */
export function indexLexemes(text: string): string[] {
  return [...lexemeCounts(text).keys()];
}


function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The tsvector literal (cast it with `::tsvector`) of a document's fields: every lexeme once, with one
 * position per field it occurs in (title 1, 文号 2, body 3) weighted A, B and D. (The vector only
 * finds candidates: ranking reads the title and the text, never the vector — see search.ts.)
 */
export function documentVectorLiteral(fields: Partial<Record<SearchField, string | null | undefined>>): string {
  const positions = new Map<string, string[]>();
  for (const field of ['title', 'docNumber', 'body'] as const) {
    const text = fields[field];
    if (!text) continue;
    for (const lx of lexemeCounts(text).keys()) {
      const list = positions.get(lx) ?? [];
      list.push(`${FIELD_POSITION[field]}${FIELD_WEIGHTS[field]}`);
      positions.set(lx, list);
    }
  }
  return [...positions].map(([lx, pos]) => `${quoteLexeme(lx)}:${pos.join(',')}`).join(' ');
}

export interface QueryTerm {
  /** The term as typed (trimmed), folded (fold.ts): what the substring check looks for in the folded text. */
  text: string;
  /** Lexemes that must all be present (CJK bigrams/unigrams). */
  lexemes: string[];
  /** Letter/digit words, prefix-matched. */
  words: string[];
  /** Whether the term needs the substring check (more than one lexeme). */
  recheck: boolean;
}

/** Longest query accepted (characters). */
export const MAX_QUERY = 100;

/**
 * Parses a user's query into terms (whitespace-separated; a term without any CJK character, letter
 * or digit is dropped). Returns [] for a query with nothing searchable.
 */
export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const raw of query.slice(0, MAX_QUERY).split(/[\s\u3000]+/)) {
    const text = fold(raw.trim());
    if (!text || seen.has(text)) continue;
    const lexemes = new Set<string>();
    const words = new Set<string>();
    for (const run of runs(text)) {
      if (isCjkRun(run)) {
        const cs = chars(run);
        if (cs.length === 1) lexemes.add(cs[0]);
        for (let i = 0; i + 1 < cs.length; i++) lexemes.add(cs[i] + cs[i + 1]);
      } else {
        words.add(run.slice(0, MAX_WORD));
      }
    }
    if (lexemes.size + words.size === 0) continue;
    seen.add(text);
    const onlyOne = lexemes.size + words.size === 1 && text === [...lexemes, ...words][0];
    terms.push({ text, lexemes: [...lexemes], words: [...words], recheck: !onlyOne });
  }
  return terms;
}

/** The tsquery text (cast with `::tsquery`) requiring every lexeme of every term: AND of all. */
export function tsqueryText(terms: readonly QueryTerm[]): string {
  const parts: string[] = [];
  for (const t of terms) {
    for (const lx of t.lexemes) parts.push(quoteLexeme(lx));
    for (const w of t.words) parts.push(`${quoteLexeme(w)}:*`);
  }
  return parts.join(' & ');
}

export interface HighlightPart {
  text: string;
  hit: boolean;
}

/**
 * Cuts `text` into parts, marking every occurrence of a term (folded: case, 全角/半角 and 繁简 aside), longest first.
 * Rendering escapes each part and wraps hits in <mark>.
 */
export function highlight(text: string, terms: readonly string[]): HighlightPart[] {
  const needles = [...new Set(terms.map((t) => fold(t)).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (needles.length === 0 || !text) return text ? [{ text, hit: false }] : [];
  // The fold keeps every character's place (one for one), so positions in `lower` are positions in `text`.
  const lower = fold(text);
  const parts: HighlightPart[] = [];
  let i = 0;
  let plainFrom = 0;
  while (i < text.length) {
    const n = needles.find((nd) => lower.startsWith(nd, i));
    if (n) {
      if (plainFrom < i) parts.push({ text: text.slice(plainFrom, i), hit: false });
      parts.push({ text: text.slice(i, i + n.length), hit: true });
      i += n.length;
      plainFrom = i;
    } else i++;
  }
  if (plainFrom < text.length) parts.push({ text: text.slice(plainFrom), hit: false });
  return parts;
}

/**
 * A snippet of about `length` characters of plain `text` around the first occurrence of any term
 * (the start of the text when none occurs), with … where it was cut.
 */
export function snippet(text: string, terms: readonly string[], length = 120): string {
  const plain = stripMarkup(text).replace(/\s+/g, ' ').trim();
  const lower = fold(plain);
  let first = -1;
  for (const t of terms) {
    const at = lower.indexOf(fold(t));
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  if (plain.length <= length) return plain;
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 3));
  const end = Math.min(plain.length, start + length);
  return `${start > 0 ? '…' : ''}${plain.slice(start, end)}${end < plain.length ? '…' : ''}`;
}
