/**
 * Folding for search: what a reader types and what a document says match when they differ only in
 * 全角/半角 or 繁体/简体 forms. The same fold is applied to the text when it is indexed and to the
 * query, so 「政務公開」 finds 「政务公开」 (and the other way round), and 「ＰＤＦ」「２０２３」 find
 * 「pdf」「2023」.
 *
 * The fold is one character for one character (so a position in the folded text is the position in
 * the original, and the database's `translate()` does the same in SQL):
 * - ASCII capitals → lower case (as before);
 * - full-width letters and digits (Ａ–Ｚ, ａ–ｚ, ０–９) → ASCII (lower case). Full-width punctuation and
 *   the ideographic space are left alone: they only separate runs, folded or not, and leaving them
 *   keeps the common text (every Chinese sentence has a 「，」) out of the slow path of the SQL twin;
 * - CJK compatibility ideographs → their unified ideographs, traditional → simplified characters:
 *   the character tables of OpenCC (`opencc-js`, TSCharacters and CJK_Compatibility_Ideographs),
 *   keeping the pairs whose two sides are both ideographs the index knows (src/lib/search/bigram.ts),
 *   followed to their end (A→B, B→C gives A→C) so that folding twice changes nothing.
 * Character tables, not phrases: 「乾隆」 folds to 「干隆」 in the text and in the query alike, so it still
 * finds itself; what folding adds is recall.
 *
 * The SQL twin (`gongkai_fold`, drizzle/0011_search_folding.sql) holds FOLD_FROM and FOLD_TO as they
 * are here; a unit test checks that the migration's strings are these. Pure: no I/O.
 */
import tsCharacters from 'opencc-js/dict/TSCharacters';
import compatibilityIdeographs from 'opencc-js/dict/CJK_Compatibility_Ideographs';

/** The ideographs the index knows (bigram.ts's CJK runs). */
const INDEXED_CJK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/u;

function pairs(dict: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of dict.split('|')) {
    const [from, to] = entry.split(' ');
    if (from && to && from !== to && INDEXED_CJK.test(from) && INDEXED_CJK.test(to)) out.push([from, to]);
  }
  return out;
}

function buildMap(): Map<string, string> {
  const map = new Map<string, string>();
  for (let c = 0x41; c <= 0x5a; c++) map.set(String.fromCharCode(c), String.fromCharCode(c + 32));
  for (let c = 0xff01; c <= 0xff5e; c++) {
    const ascii = c - 0xfee0;
    const letterOrDigit = (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5a) || (ascii >= 0x61 && ascii <= 0x7a);
    if (letterOrDigit) map.set(String.fromCharCode(c), String.fromCharCode(ascii >= 0x41 && ascii <= 0x5a ? ascii + 32 : ascii));
  }
  // Compatibility first: a compatibility ideograph folds to its unified form, then on to simplified.
  for (const [from, to] of [...pairs(compatibilityIdeographs), ...pairs(tsCharacters)]) if (!map.has(from)) map.set(from, to);
  // Follow chains to their end; a character in a cycle is left as it is.
  for (const [from] of map) {
    let to = map.get(from)!;
    const seen = new Set([from]);
    while (map.has(to) && !seen.has(to)) {
      seen.add(to);
      to = map.get(to)!;
    }
    if (seen.has(to)) map.delete(from);
    else map.set(from, to);
  }
  return map;
}

const MAP = buildMap();

/** The characters folded and what each becomes (same length, one character each): the SQL twin's translate() arguments. */
export const FOLD_FROM = [...MAP.keys()].join('');
export const FOLD_TO = [...MAP.values()].join('');

const FOLDABLE = new RegExp(`[${[...MAP.keys()].map((c) => (/[\\\]^-]/.test(c) ? `\\${c}` : c)).join('')}]`, 'u');
const FOLDABLE_G = new RegExp(FOLDABLE.source, 'gu');

/** The text folded for search (a text with nothing to fold is returned as is). */
export function fold(text: string): string {
  return FOLDABLE.test(text) ? text.replace(FOLDABLE_G, (c) => MAP.get(c)!) : text;
}
