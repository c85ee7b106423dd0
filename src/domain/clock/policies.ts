/**
 * The time limits of the clock and the policies Gongkai chose where the national text is silent.
 * Every number and every choice lives here, once (design.md: "a named, documented policy in one place").
 */

/** 第三十三条第二款: 自收到申请之日起20个工作日内予以答复. */
export const REPLY_PERIOD_WD = 20;

/** 第三十三条第二款: 延长的期限最长不得超过20个工作日 (one extension, 经政府信息公开工作机构负责人同意). */
export const MAX_EXTENSION_WD = 20;

/** 第三十条: 自收到申请之日起7个工作日内一次性告知申请人作出补正. */
export const CORRECTION_NOTICE_WD = 7;

/**
 * The applicant's correction period when the notice names none: 《江苏省政府信息公开申请办理答复规范》
 * (forwarded by 国办公开办, 2020): 「合理补正期限可参照征求第三方意见时间，一般不超过15个工作日」.
 */
export const DEFAULT_CORRECTION_PERIOD_WD = 15;

/** 第三十二条 (第三方) and 第三十四条 (其他机关): 自收到征求意见书之日起15个工作日内提出意见. */
export const CONSULTATION_REPLY_WD = 15;

/**
 * POLICY: the consulted party's 15 working days are counted from the day the consultation is sent
 * (the clock does not know when the letter reached them; sending and delivery are usually the same
 * day for the letters of an agency). The time excluded from the reply period (第三十三条第三款:
 * 「征求第三方和其他机关意见所需时间不计算在前款规定的期限内」) is the working days after the sending
 * day up to and including the answer day, or up to the 15-WD limit when no answer comes.
 */
export const CONSULTATION_COUNTED_FROM = 'sending_day' as const;

/**
 * 信息处理费: 「申请人应当在收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请」
 * (四川省财政厅 通知 2021-01-18 restating 国办函〔2020〕109号; regulation.md §3, S6).
 */
export const FEE_PAYMENT_WD = 20;

/**
 * POLICY (the national text of 国办函〔2020〕109号 第五条 ff. could not be retrieved, regulation.md §3):
 * the working days between the fee notice and the payment (or the end of the 20-WD payment period)
 * are excluded from the reply period, like a consultation. Set to false to let the clock run on.
 */
export const FEE_WAIT_EXCLUDED_FROM_DEADLINE = true;

/**
 * POLICY: an application by e-mail is a 数据电文 like one through the internet channel, so its receipt
 * date is the day both sides confirmed (第三十一条第三项 by analogy).
 */
export const EMAIL_RECEIPT_POLICY = 'as_online_confirmation' as const;

/** "Due soon": this many working days or fewer left before the due date. */
export const DUE_SOON_WD = 3;
