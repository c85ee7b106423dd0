/**
 * The legal bases of a redaction (区分处理, 第三十七条): every removal from a disclosed document is
 * tied to the exemption that justifies it, so that the 部分公开告知书 can 「对不予公开的内容说明理由」.
 *
 * Each basis is one of the grounds a letter's withheld part may have (`WithheldPart['ground']` in
 * src/domain/letters): the 不予公开 leaves of table 2 (第十四条, 第十五条, 第十六条) and 「不属于政府信息」
 * (第二条 read with 第三十七条). 第十五条 names two kinds of third-party information, 商业秘密 and
 * 个人隐私; a redaction states which, though both count as the one leaf 「4.保护第三方合法权益」.
 * 第十六条 has three: 内部事务 (第一款), 过程性信息 and 行政执法案卷 (第二款).
 * `withheld.inquiry` (第三十六条第七项) is a way of access, not a reason to black out a passage: it is
 * not a redaction basis.
 */
import type { WithheldPart } from '../letters/types.ts';

/** The quoted articles (regulation.md §2). */
export const ARTICLE_TEXT = {
  第十四条:
    '依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。',
  第十五条:
    '涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。',
  第十六条第一款: '行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。',
  第十六条第二款:
    '行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，可以不予公开。法律、法规、规章规定上述信息应当公开的，从其规定。',
  第三十七条:
    '申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的内容说明理由。',
} as const;
export type ArticleRef = keyof typeof ARTICLE_TEXT;

export const REDACTION_BASIS_IDS = [
  'state_secret',
  'prohibited',
  'security_stability',
  'privacy',
  'trade_secret',
  'internal_affairs',
  'process_info',
  'enforcement_file',
  'not_government_info',
] as const;
export type RedactionBasisId = (typeof REDACTION_BASIS_IDS)[number];

export interface RedactionBasis {
  id: RedactionBasisId;
  /** How staff and the letter name it, e.g. 「第十五条（个人隐私）」. */
  label: string;
  /** The provision, as cited (条/款). */
  article: ArticleRef;
  /** The words of the provision this basis rests on. */
  words: string;
  /** The ground of the letter's withheld part (src/domain/letters). */
  ground: WithheldPart['ground'];
  /** The reason a letter states when the person redacting gave none (第三十七条: 「说明理由」). */
  defaultReason: string;
}

const basis = (
  id: RedactionBasisId,
  label: string,
  article: ArticleRef,
  words: string,
  ground: WithheldPart['ground'],
  defaultReason: string,
): RedactionBasis => {
  if (!ARTICLE_TEXT[article].includes(words)) throw new Error(`${id}: 「${words}」不在${article}中`);
  return { id, label, article, words, ground, defaultReason };
};

/** Every basis, in the order of the articles (and of table 2's rows （三）1–7). */
export const REDACTION_BASES: readonly RedactionBasis[] = [
  basis('state_secret', '第十四条（国家秘密）', '第十四条', '依法确定为国家秘密的政府信息', 'withheld.state_secret', '属于依法确定为国家秘密的政府信息'),
  basis('prohibited', '第十四条（法律、行政法规禁止公开）', '第十四条', '法律、行政法规禁止公开的政府信息', 'withheld.prohibited', '属于法律、行政法规禁止公开的政府信息'),
  basis(
    'security_stability',
    '第十四条（危及国家安全、公共安全、经济安全、社会稳定）',
    '第十四条',
    '公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息',
    'withheld.security_stability',
    '公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  ),
  basis('privacy', '第十五条（个人隐私）', '第十五条', '个人隐私', 'withheld.third_party', '涉及个人隐私，公开会对第三方合法权益造成损害'),
  basis('trade_secret', '第十五条（商业秘密）', '第十五条', '商业秘密', 'withheld.third_party', '涉及商业秘密，公开会对第三方合法权益造成损害'),
  basis('internal_affairs', '第十六条第一款（内部事务信息）', '第十六条第一款', '行政机关的内部事务信息', 'withheld.internal_affairs', '属于行政机关的内部事务信息'),
  basis(
    'process_info',
    '第十六条第二款（过程性信息）',
    '第十六条第二款',
    '讨论记录、过程稿、磋商信函、请示报告等过程性信息',
    'withheld.process_info',
    '属于行政机关在履行行政管理职能过程中形成的过程性信息',
  ),
  basis('enforcement_file', '第十六条第二款（行政执法案卷信息）', '第十六条第二款', '行政执法案卷信息', 'withheld.enforcement_file', '属于行政执法案卷信息'),
  basis('not_government_info', '第三十七条（不属于政府信息）', '第三十七条', '不属于政府信息的内容', 'not_government_info', '不属于政府信息'),
];

const BY_ID = new Map(REDACTION_BASES.map((b) => [b.id, b]));

export function redactionBasis(id: RedactionBasisId): RedactionBasis {
  const b = BY_ID.get(id);
  if (!b) throw new Error(`未知的区分处理依据“${id}”`);
  return b;
}

export function isRedactionBasisId(value: string): value is RedactionBasisId {
  return BY_ID.has(value as RedactionBasisId);
}

/** Short names people type (「个人隐私」, 「15-隐私」): the basis they mean, when only one fits. */
const ALIASES: Array<[RegExp, RedactionBasisId]> = [
  [/国家秘密|国家机密/, 'state_secret'],
  [/禁止公开/, 'prohibited'],
  [/安全|稳定/, 'security_stability'],
  [/隐私|个人信息/, 'privacy'],
  [/商业秘密|商密/, 'trade_secret'],
  [/内部事务|人事|后勤|内部工作流程/, 'internal_affairs'],
  [/过程性|讨论记录|过程稿|磋商|请示/, 'process_info'],
  [/执法案卷|案卷/, 'enforcement_file'],
  [/不属于政府信息|非政府信息/, 'not_government_info'],
];

/** The provisions a bare article number may mean, for the message when it is ambiguous. */
const BY_ARTICLE: Array<[RegExp, RedactionBasisId[]]> = [
  [/^(第?十四条?|14)$/, ['state_secret', 'prohibited', 'security_stability']],
  [/^(第?十五条?|15)$/, ['privacy', 'trade_secret']],
  [/^(第?十六条?|16)$/, ['internal_affairs', 'process_info', 'enforcement_file']],
  [/^(第?十六条?第一款|16\.1|16-1)$/, ['internal_affairs']],
  [/^(第?三十七条?|37)$/, ['not_government_info']],
];

export type BasisParse = { ok: true; basis: RedactionBasis } | { ok: false; message: string };

/**
 * Reads a basis as a person writes it: an id (`privacy`), a label (「第十五条（个人隐私）」), a short
 * name (「个人隐私」), or an article when it has a single meaning here (「第三十七条」). An article with
 * several (「第十五条」: 个人隐私 or 商业秘密?) is refused with the choices named.
 */
export function parseRedactionBasis(input: string): BasisParse {
  const text = input.trim().replace(/\s+/g, '').replace(/[()]/g, (c) => (c === '(' ? '（' : '）'));
  if (!text) return { ok: false, message: '请写明区分处理的依据（如“第十五条（个人隐私）”）' };
  if (isRedactionBasisId(text)) return { ok: true, basis: redactionBasis(text) };
  const byLabel = REDACTION_BASES.find((b) => b.label === text);
  if (byLabel) return { ok: true, basis: byLabel };
  const named = ALIASES.filter(([re]) => re.test(text)).map(([, id]) => id);
  if (named.length === 1) return { ok: true, basis: redactionBasis(named[0]) };
  const article = BY_ARTICLE.find(([re]) => re.test(text));
  if (article && article[1].length === 1) return { ok: true, basis: redactionBasis(article[1][0]) };
  const choices = (article ? article[1] : named.length ? named : REDACTION_BASIS_IDS).map((id) => `${id}「${redactionBasis(id).label}」`);
  return { ok: false, message: `无法确定区分处理的依据“${input.trim()}”，请从以下选择一项：${choices.join('、')}` };
}
