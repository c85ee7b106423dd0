/**
 * Where a string occurs in a page's characters. A PDF stores the characters of a page with their
 * positions and no reliable spaces: a name may wrap at the end of a line (「通化」/「市」) or be
 * printed with a space between letters. A string to redact therefore matches the page's characters
 * with white space ignored on both sides; otherwise exactly (no case folding: redacting 「Li」 must not
 * remove 「LI」 unasked).
 */

const BLANK = /^\s*$/;

/**
 * The occurrences of `needle` in `chars` (one entry per character of the page, blanks included),
 * as [first, last + 1) index ranges into `chars`, left to right, not overlapping.
 */
export function findOccurrences(chars: readonly string[], needle: string): Array<[number, number]> {
  const want = [...needle.replace(/\s+/g, '')];
  if (want.length === 0) return [];
  // The page without its blanks, each kept character remembering its index in `chars`.
  const kept: number[] = [];
  for (let i = 0; i < chars.length; i++) if (!BLANK.test(chars[i])) kept.push(i);
  const out: Array<[number, number]> = [];
  let k = 0;
  while (k + want.length <= kept.length) {
    let j = 0;
    while (j < want.length && chars[kept[k + j]] === want[j]) j++;
    if (j === want.length) {
      out.push([kept[k], kept[k + want.length - 1] + 1]);
      k += want.length;
    } else k++;
  }
  return out;
}
