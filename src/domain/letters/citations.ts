/** Citations and the 「依照……的规定」 clause built from them. */
import type { Citation } from './types.ts';

export const REGULATIONS = '《中华人民共和国政府信息公开条例》';
export const FEE_MEASURES = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';
export const RECONSIDERATION_LAW = '《中华人民共和国行政复议法》';
export const RECONSIDERATION_LAW_2017 = '《中华人民共和国行政复议法》（2017年修正）';
export const LITIGATION_LAW = '《中华人民共和国行政诉讼法》';
/**
 * S7, forwarded by 国办公开办 「供工作中参考」 (regulation.md §4.1): the only text for a
 * 确认或重新出具 request, which no article of the Regulations covers. Cited with 「参照」.
 */
export const JIANGSU_NORMS = '国务院办公厅政府信息与政务公开办公室转发的《江苏省政府信息公开申请办理答复规范》';

export function reg(...articles: string[]): Citation[] {
  return articles.map((article) => ({ law: REGULATIONS, article }));
}

export function citationText(c: Citation): string {
  return `${c.law}${c.article}`;
}

/** Removes repeated citations, keeping the first. */
export function dedupe(citations: Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const k = citationText(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * 「依照《A》第十四条、第三十六条第三项和《B》的规定」: provisions of one instrument joined with 、,
 * instruments with 和. `verb` is 依照 for binding texts and 参照 for texts forwarded for reference.
 */
export function basisClause(citations: Citation[], verb: '依照' | '参照' = '依照'): string {
  const groups = new Map<string, string[]>();
  for (const c of dedupe(citations)) {
    const list = groups.get(c.law) ?? [];
    if (c.article) list.push(c.article);
    groups.set(c.law, list);
  }
  const parts = [...groups].map(([law, arts]) => `${law}${arts.join('、')}`);
  return `${verb}${parts.join('和')}的规定`;
}

/** The articles of the Regulations among `citations` (to compare with the taxonomy's). */
export function regulationArticles(citations: Citation[]): string[] {
  return citations.filter((c) => c.law === REGULATIONS).map((c) => c.article);
}
