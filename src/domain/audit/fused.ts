/**
 * Fused digits: a page or a PDF extraction can run the digits of adjacent cells together
 * (「640020470」 for 64,0,0,2,0,4,70). The split is recoverable only with the identities: we
 * enumerate every split of the pieces into the number of cells due and keep those the caller's
 * constraint accepts (regulation.md §5).
 */

/** Every way to cut `digits` into exactly `parts` numbers without leading zeros (「0」 alone is fine). */
function splitsOf(digits: string, parts: number, limit: number): number[][] {
  const out: number[][] = [];
  const current: number[] = [];
  const go = (pos: number, left: number) => {
    if (out.length >= limit) return;
    if (left === 0) {
      if (pos === digits.length) out.push([...current]);
      return;
    }
    const remaining = digits.length - pos;
    if (remaining < left) return;
    const maxLen = digits[pos] === '0' ? 1 : Math.min(remaining - (left - 1), 9);
    for (let len = 1; len <= maxLen; len++) {
      current.push(Number(digits.slice(pos, pos + len)));
      go(pos + len, left - 1);
      current.pop();
    }
  };
  go(0, parts);
  return out;
}

/**
 * The candidate rows of `count` cells that the pieces can be read as: each piece is a blank (null,
 * one cell) or a digit string cut into one or more cells. Returns at most `limit` candidates
 * (accepted by `accept`), and `exhausted` = false when the search was cut short.
 */
export function fusedCandidates(
  pieces: Array<{ s: string; v: number | null }>,
  count: number,
  accept: (cells: Array<number | null>) => boolean,
  limit = 50,
): { candidates: Array<Array<number | null>>; exhausted: boolean } {
  const candidates: Array<Array<number | null>> = [];
  let budget = 200_000;
  const current: Array<number | null> = [];
  const digitsLeft = (from: number) => {
    let n = 0;
    for (let i = from; i < pieces.length; i++) n += pieces[i].v === null ? 1 : pieces[i].s.length;
    return n;
  };
  const go = (index: number) => {
    if (candidates.length >= limit || budget-- <= 0) return;
    if (index === pieces.length) {
      if (current.length === count && accept(current)) candidates.push([...current]);
      return;
    }
    const piece = pieces[index];
    const left = count - current.length;
    const piecesLeft = pieces.length - index;
    if (left < piecesLeft) return;
    if (piece.v === null || !/^\d+$/.test(piece.s)) {
      current.push(piece.v);
      go(index + 1);
      current.pop();
      return;
    }
    const maxParts = Math.min(piece.s.length, left - (piecesLeft - 1));
    if (digitsLeft(index) < left) return;
    for (let parts = 1; parts <= maxParts; parts++) {
      for (const split of splitsOf(piece.s, parts, 5000)) {
        current.push(...split);
        go(index + 1);
        current.length -= split.length;
        if (candidates.length >= limit || budget <= 0) return;
      }
    }
  };
  go(0);
  return { candidates, exhausted: budget > 0 && candidates.length < limit };
}
