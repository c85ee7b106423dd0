/**
 * The remedy paragraph of a letter: 申请人复议诉讼的权利和期限 (one of the mandatory elements of
 * 《江苏省政府信息公开申请办理答复规范》, regulation.md §4.1), right for the outcome and the date.
 *
 * Sources (regulation.md §4.3):
 * - 行政复议法（2023年修订，2024年1月1日施行）第二十条第一款: 「……可以自知道或者应当知道该行政行为之日起
 *   六十日内提出行政复议申请……」. Before 2024-01-01 the 2017 text applies: 第九条第一款, the same sixty
 *   days (「自知道该具体行政行为之日起六十日内」).
 * - 第二十三条: 「有下列情形之一的，申请人应当先向行政复议机关申请行政复议，对行政复议决定不服的，可以再
 *   依法向人民法院提起行政诉讼：……（四）申请政府信息公开，行政机关不予公开；……对前款规定的情形，行政
 *   机关在作出行政行为时应当告知公民、法人或者其他组织先向行政复议机关申请行政复议。」 → 复议前置.
 * - 复议机关: 第二十四条 (本级人民政府 for a department; 上一级人民政府 for a local government; a province
 *   for itself), 第二十五条 (国务院部门 for itself), 第二十七条 (vertical systems → 上一级主管部门).
 *   Before 2024 (2017 text) a department's act could go, at the applicant's choice, to the 本级人民政府
 *   or the 上一级主管部门: both are named when the agency data has both.
 * - 行政诉讼法第四十六条第一款: 直接起诉 within 六个月; 第四十五条: after 复议, within 十五日 of the
 *   复议决定书.
 *
 * Which letters state a remedy (REMEDY_BY_KIND): every decision letter (each is a 行政行为 that ends the
 * application) and the 收费通知书 (it imposes a payment). The receipt, the 补正告知书, the 延期答复告知书,
 * the 征求意见 letters and the 说明理由告知书 and 延迟答复告知书 of 第三十五条 state none: they are steps of the procedure that decide nothing by
 * themselves; the decision that follows them carries the remedy (a 补正 left unanswered ends in a
 * 不再处理 letter that states it).
 */
import { LITIGATION_LAW, RECONSIDERATION_LAW, RECONSIDERATION_LAW_2017 } from './citations.ts';
import type { Citation, LetterAgency, PartialRemedyPolicy, Remedy, ReplyLetterKind } from './types.ts';

/** 行政复议法（2023）takes effect: decisions dated on or after this day get 复议前置 for 不予公开. */
export const RECONSIDERATION_LAW_2023_EFFECTIVE = '2024-01-01';

export const REMEDY_BY_KIND: Record<ReplyLetterKind, boolean> = {
  receipt: false,
  correction: false,
  extension: false,
  consultation_third_party: false,
  consultation_agency: false,
  consultation_notice: false,
  fee_notice: true,
  explanation_request: false,
  deferral: false,
  disclosure: true,
  partial_disclosure: true,
  non_disclosure: true,
  not_exist: true,
  no_creation: true,
  unclear: true,
  not_handled: true,
  termination: true,
};

/**
 * 部分公开 and 复议前置 — a named policy, because the law does not settle it. 第二十三条第一款第四项 names
 * 「申请政府信息公开，行政机关不予公开」; a 部分公开 (第三十七条) is a 不予公开 as to its withheld part, but S8
 * does not say so explicitly.
 * - `reconsideration_first_for_withheld_part` (DEFAULT): the withheld part is a 不予公开, so for it the
 *   letter tells the applicant to apply for 复议 first; for the rest it offers both routes. This is
 *   the safer reading: telling an applicant he may sue directly, when a court may later hold that
 *   复议前置 applied, would cost him his remedy.
 * - `both_routes`: treat the letter as a whole as a disclosure and offer both routes.
 */
export const DEFAULT_PARTIAL_REMEDY_POLICY: PartialRemedyPolicy = 'reconsideration_first_for_withheld_part';

/**
 * The 收费通知书's remedy — what is challenged is the fee decision itself (its basis, standard and
 * amount: a 行政行为 that imposes a payment), from the day the notice is received, so during the
 * payment period: the applicant need neither pay first nor wait for the application to be closed
 * for non-payment. Issue 15 cites 国办函〔2021〕132号 for this; its text is not quoted in
 * regulation.md and could not be retrieved, so the wording rests on the periods §4.3 quotes
 * (行政复议法第二十条第一款: 六十日; 行政诉讼法第四十六条第一款: 六个月) and is never 复议前置 (a fee is not a
 * 不予公开, 第二十三条第一款第四项).
 */
export const FEE_NOTICE_REMEDY = {
  /** What the applicant may challenge, as the letter names it. */
  subject: '本通知收取信息处理费的决定（收费的依据、标准和数额）',
  /** When: the periods run from receipt of the notice, which the payment period lies within. */
  when: '在缴费期限内即可提出',
} as const;

export function isAfterReconsiderationReform(date: string): boolean {
  return date >= RECONSIDERATION_LAW_2023_EFFECTIVE;
}

function need(value: string | undefined, message: string): string {
  if (!value || !value.trim()) throw new Error(message);
  return value.trim();
}

/** The 复议机关 named in the letter, from the agency data (行政复议法第二十四条、第二十五条、第二十七条). */
export function reconsiderationOrgan(agency: LetterAgency, date: string): string {
  const after = isAfterReconsiderationReform(date);
  switch (agency.kind) {
    case 'department': {
      const gov = need(
        agency.governmentName,
        `缺少复议机关：${agency.name}是人民政府工作部门，须提供本级人民政府名称（行政复议法第二十四条第一款第一项）`,
      );
      // 2017 text: at the applicant's choice, 本级人民政府 or 上一级主管部门.
      if (!after && agency.superiorAuthorityName?.trim()) return `${gov}或者${agency.superiorAuthorityName.trim()}`;
      return gov;
    }
    case 'local_government':
      return need(
        agency.superiorGovernmentName,
        `缺少复议机关：${agency.name}是地方人民政府，须提供上一级人民政府名称（行政复议法第二十四条第一款第二项）`,
      );
    case 'vertical':
      return need(
        agency.superiorAuthorityName,
        `缺少复议机关：${agency.name}实行垂直领导，须提供上一级主管部门名称（行政复议法第二十七条）`,
      );
    case 'provincial_government':
    case 'state_council_department':
      return agency.name;
    default:
      throw new Error(`未知的机关类型：${String((agency as { kind: unknown }).kind)}`);
  }
}

export type WithheldScope = 'none' | 'all' | 'part';

export interface RemedyInput {
  agency: LetterAgency;
  /** The letter's date (YYYY-MM-DD): decides which 行政复议法 applies. */
  date: string;
  /** Whether the decision withholds: nothing, all (不予公开), or a part (部分公开). */
  withheld: WithheldScope;
  partialPolicy?: PartialRemedyPolicy;
  /** 「本告知书」「本通知」…: what the applicant received. */
  documentName?: string;
  /** What is challenged, when it is not the whole document (the fee notice: FEE_NOTICE_REMEDY). */
  subject?: string;
  /** A clause after the routes (the fee notice: 「在缴费期限内即可提出」). */
  when?: string;
}

export function remedyFor(input: RemedyInput): Remedy {
  const { agency, date, withheld } = input;
  const doc = input.documentName ?? '本告知书';
  const organ = reconsiderationOrgan(agency, date);
  const court = agency.courtName?.trim() || '有管辖权的人民法院';
  const after = isAfterReconsiderationReform(date);
  const policy = input.partialPolicy ?? DEFAULT_PARTIAL_REMEDY_POLICY;

  const periodCitation: Citation = after
    ? { law: RECONSIDERATION_LAW, article: '第二十条第一款' }
    : { law: RECONSIDERATION_LAW_2017, article: '第九条第一款' };
  const directSuit: Citation = { law: LITIGATION_LAW, article: '第四十六条第一款' };
  const firstCitation: Citation = { law: RECONSIDERATION_LAW, article: '第二十三条第一款第四项' };
  const suitAfter: Citation = { law: LITIGATION_LAW, article: '第四十五条' };

  const both = `可以自收到${doc}之日起六十日内向${organ}申请行政复议，也可以自收到${doc}之日起六个月内向${court}提起行政诉讼`;
  const first =
    `依照${RECONSIDERATION_LAW}第二十三条第一款第四项的规定，应当先自收到${doc}之日起六十日内向${organ}申请行政复议；` +
    `对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼`;

  if (after && withheld === 'all') {
    return {
      mode: 'reconsideration_first',
      reconsiderationOrgan: organ,
      court,
      text: `如对${doc}不服，${first}。`,
      citations: [firstCitation, periodCitation, suitAfter],
    };
  }
  if (after && withheld === 'part' && policy === 'reconsideration_first_for_withheld_part') {
    return {
      mode: 'split',
      reconsiderationOrgan: organ,
      court,
      text: `对${doc}中不予公开的部分不服的，${first}。对${doc}其他内容不服的，${both}。`,
      citations: [firstCitation, periodCitation, suitAfter, directSuit],
    };
  }
  return {
    mode: 'both',
    reconsiderationOrgan: organ,
    court,
    text: `如对${input.subject ?? doc}不服，${both}${input.when ? `；${input.when}` : ''}。`,
    citations: [periodCitation, directSuit],
  };
}
