/**
 * The list of what was withheld, built from the redactions themselves (第三十七条: the agency
 * 「对不予公开的内容说明理由」): page by page, each kind of content with its basis and reason. It is
 * what `gongkai redact` prints and what the 部分公开告知书 states as its withheld parts, so the letter
 * can never disagree with the file the applicant receives.
 *
 * The list names what was removed (「公民身份号码」), never the removed text itself. Consecutive pages
 * with the same removals on the same basis for the same reason are one entry (「第2—5页」).
 */
import type { WithheldPart } from '../letters/types.ts';
import { REDACTION_BASES, redactionBasis, type RedactionBasis, type RedactionBasisId } from './bases.ts';

/** One removal from a document, as recorded. */
export interface RedactionRecord {
  /** 1-based page number. */
  page: number;
  basis: RedactionBasisId;
  /** What the removed content is (「公民身份号码」, 「第三方企业的报价」), never the content itself. */
  what: string;
  /** The reason in the agency's words; the basis's default reason when empty. */
  reason?: string;
  /** For `prohibited`: the law or administrative regulation that forbids disclosure. */
  law?: string;
}

export interface WithheldEntry {
  firstPage: number;
  lastPage: number;
  basis: RedactionBasis;
  /** What was removed, each kind once, in the order first met, with how many removals. */
  items: Array<{ what: string; count: number }>;
  reason: string;
  law?: string;
}

function pagesText(first: number, last: number): string {
  return first === last ? `第${first}页` : `第${first}—${last}页`;
}

function itemsText(items: WithheldEntry['items']): string {
  return items.map((i) => (i.count > 1 ? `${i.what}（${i.count}处）` : i.what)).join('、');
}

/** 「第3页中的公民身份号码（2处）、手机号码」 */
export function withheldContent(e: WithheldEntry): string {
  return `${pagesText(e.firstPage, e.lastPage)}中的${itemsText(e.items)}`;
}

const key = (basis: RedactionBasisId, reason: string, law: string | undefined) => JSON.stringify([basis, reason, law ?? '']);

/** The withheld entries of `records`, ordered by page, then by basis in the order of the articles. */
export function withheldList(records: readonly RedactionRecord[]): WithheldEntry[] {
  for (const r of records) {
    if (!Number.isInteger(r.page) || r.page < 1) throw new Error(`页码“${r.page}”不是正整数`);
    if (!r.what.trim()) throw new Error(`第${r.page}页的一处删除未写明删除的是什么内容`);
    if (r.basis === 'prohibited' && !r.law?.trim()) throw new Error(`第${r.page}页：依据“法律、行政法规禁止公开”须写明是哪部法律、行政法规`);
  }
  // Page by page: one entry for each (page, basis, reason).
  const perPage = new Map<number, Map<string, WithheldEntry>>();
  for (const r of records) {
    const basis = redactionBasis(r.basis);
    const reason = r.reason?.trim() || basis.defaultReason;
    const law = r.law?.trim() || undefined;
    const page = perPage.get(r.page) ?? new Map<string, WithheldEntry>();
    perPage.set(r.page, page);
    const k = key(r.basis, reason, law);
    const entry = page.get(k) ?? { firstPage: r.page, lastPage: r.page, basis, items: [], reason, law };
    page.set(k, entry);
    const what = r.what.trim();
    const item = entry.items.find((i) => i.what === what);
    if (item) item.count++;
    else entry.items.push({ what, count: 1 });
  }
  const order = (e: WithheldEntry) => BASIS_ORDER.get(e.basis.id) ?? 0;
  const pages = [...perPage.keys()].sort((a, b) => a - b);
  const out: WithheldEntry[] = [];
  // An entry continues the previous page's entry with the same basis, reason and kinds of content.
  let previous = new Map<string, WithheldEntry>();
  for (const p of pages) {
    const current = new Map<string, WithheldEntry>();
    for (const [k, e] of [...perPage.get(p)!].sort((a, b) => order(a[1]) - order(b[1]))) {
      const before = previous.get(k);
      const sameKinds = before && before.items.map((i) => i.what).join('\n') === e.items.map((i) => i.what).join('\n');
      if (before && before.lastPage === p - 1 && sameKinds) {
        before.lastPage = p;
        for (const i of e.items) before.items.find((b) => b.what === i.what)!.count += i.count;
        current.set(k, before);
      } else {
        out.push(e);
        current.set(k, e);
      }
    }
    previous = current;
  }
  return out;
}

const BASIS_ORDER = new Map(REDACTION_BASES.map((b, i) => [b.id, i]));

/** The withheld parts of the 部分公开告知书 (src/domain/letters), one per entry. */
export function withheldParts(entries: readonly WithheldEntry[]): WithheldPart[] {
  return entries.map((e) => ({
    content: withheldContent(e),
    ground: e.basis.ground,
    reason: e.reason,
    ...(e.basis.id === 'prohibited' ? { prohibitingLaw: e.law } : {}),
  }));
}

/** One line of the list per entry: 「第3页中的公民身份号码（2处）——第十五条（个人隐私）：理由」. */
export function withheldLines(entries: readonly WithheldEntry[]): string[] {
  return entries.map((e) => `${withheldContent(e)}——${e.basis.label}：${e.reason}${e.law ? `（${e.law}）` : ''}`);
}
