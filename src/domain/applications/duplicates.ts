/**
 * Duplicate detection (重复申请, 第三十六条第六项): when the same applicant asks again for the same
 * information, the handler is shown the earlier applications. A suggestion only — the decision
 * (e.g. 「不予重复处理」) is the handler's, never automatic.
 *
 * Similarity: Dice coefficient of the character bigrams of the normalised subjects (punctuation,
 * spaces and the usual filler words removed). Chinese has no spaces; bigrams match the way people
 * reword the same request (「2023年政务大厦招标文件」 / 「政务大厦2023年度的招标文件」).
 */

const FILLER = /申请公开|请求公开|关于|有关|相关|的|了|和|及|与|年度/g;

export function normaliseSubject(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(FILLER, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

function bigrams(s: string): Map<string, number> {
  const chars = [...s];
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(chars[0], 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** 0 … 1: how alike two request texts are. Symmetric; 1 for texts equal after normalisation. */
export function subjectSimilarity(a: string, b: string): number {
  const x = normaliseSubject(a);
  const y = normaliseSubject(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const ga = bigrams(x);
  const gb = bigrams(y);
  let common = 0;
  let na = 0;
  let nb = 0;
  for (const v of ga.values()) na += v;
  for (const v of gb.values()) nb += v;
  for (const [g, v] of ga) common += Math.min(v, gb.get(g) ?? 0);
  return (2 * common) / (na + nb);
}

/** The threshold above which an earlier application is shown as a possible duplicate. */
export const DUPLICATE_THRESHOLD = 0.6;

export interface DuplicateCandidate {
  id: number;
  number: string;
  subject: string;
  /** Same applicant: the same user account, or the same ID number / credit code, or the same name and phone. */
  applicantUserId: number | null;
  applicantIdNumber?: string | null;
  applicantCreditCode?: string | null;
  applicantName?: string | null;
  applicantPhone?: string | null;
}

export interface DuplicateMatch {
  id: number;
  number: string;
  subject: string;
  similarity: number;
}

function sameApplicant(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  if (a.applicantUserId != null && a.applicantUserId === b.applicantUserId) return true;
  if (a.applicantIdNumber && a.applicantIdNumber === b.applicantIdNumber) return true;
  if (a.applicantCreditCode && a.applicantCreditCode === b.applicantCreditCode) return true;
  if (a.applicantName && a.applicantPhone && a.applicantName === b.applicantName && a.applicantPhone === b.applicantPhone) return true;
  return false;
}

/** The earlier applications of the same applicant that ask for much the same information, most alike first. */
export function findDuplicates(current: DuplicateCandidate, earlier: readonly DuplicateCandidate[], threshold = DUPLICATE_THRESHOLD): DuplicateMatch[] {
  return earlier
    .filter((e) => e.id !== current.id && sameApplicant(current, e))
    .map((e) => ({ id: e.id, number: e.number, subject: e.subject, similarity: subjectSimilarity(current.subject, e.subject) }))
    .filter((m) => m.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || a.number.localeCompare(b.number));
}
