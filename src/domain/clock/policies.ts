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
 * The consulted party's 15 working days run 「自收到征求意见书之日起」 (第三十二条, 第三十四条): from the
 * day the letter was served on it (service.ts). The time excluded from the reply period (第三十三条第三款:
 * 「征求第三方和其他机关意见所需时间不计算在前款规定的期限内」) is the working days after the sending
 * day up to and including the answer day, or up to the end of the consulted party's period when no
 * answer comes; while the letter awaits service that end is not known.
 */
export const CONSULTATION_COUNTED_FROM = 'service_day' as const;

/**
 * POLICY: a letter recorded before 送达 was tracked (no `served` field at all) is read as served on the
 * day it was sent — what the clock assumed for those records when they were made, so their dates do
 * not move. A letter recorded now says `served: null` until its service is recorded.
 */
export const LEGACY_SERVED_ON_SENDING_DAY = true;

/**
 * POLICY: the 7 working days of 第三十条 (「自收到申请之日起7个工作日内一次性告知」) bind the agency's act,
 * so a notice is on time when it was SENT by the 7th working day (its service may come later).
 */
export const CORRECTION_NOTICE_TIMED_BY = 'sending_day' as const;

/**
 * 第三十条 「一次性告知」: one 补正 notice stops the reply period and restarts it from the corrected
 * application. A second notice, or one sent after the 7 working days, is recorded (with a warning)
 * but stops and restarts nothing, and the case cannot be closed as 逾期不补正 on it: the agency had
 * one chance to ask, in time. (The Jiangsu norms S7: 「补正原则上不超过一次」; after an unclear
 * correction the outcome is （四）3, not a second notice.)
 */
export const ONE_CORRECTION_NOTICE = true;

/**
 * 信息处理费: 「申请人应当在收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请」
 * (四川省财政厅 通知 2021-01-18 restating 国办函〔2020〕109号; regulation.md §3, S6): counted from the
 * day the notice was served, that day not counted.
 */
export const FEE_PAYMENT_WD = 20;

/**
 * POLICY (the national text of 国办函〔2020〕109号 第五条 ff. could not be retrieved, regulation.md §3):
 * the working days after the fee notice was sent up to the payment (or the end of the 20-WD payment
 * period, which runs from service) are excluded from the reply period, like a consultation. Set to
 * false to let the clock run on.
 */
export const FEE_WAIT_EXCLUDED_FROM_DEADLINE = true;

/**
 * POLICY: an application by e-mail is a 数据电文 like one through the internet channel, so its receipt
 * date is the day both sides confirmed (第三十一条第三项 by analogy).
 */
export const EMAIL_RECEIPT_POLICY = 'as_online_confirmation' as const;

/**
 * POLICY: a 补正 the applicant sends online from 我的申请 (through the agency's own platform) is
 * received on the day it arrives there. 第三十条 runs the reply period 「自行政机关收到补正的申请之日起」;
 * the confirmation of 第三十一条第三项 (互联网渠道: 以双方确认之日为收到申请之日) settles whether and when an
 * application reached the agency at all, which for a case already received and a 补正 arriving in the
 * case's own record the platform shows to both sides at once (the applicant sees 「已收到补正」 on the
 * day). It is the counterpart of 电子送达 in the other direction (regulation.md §6: the day it reaches the
 * addressee's system). Staff record a 补正 that arrives by post or in person on the day it arrives.
 */
export const ONLINE_CORRECTION_RECEIVED_ON = 'arrival_day' as const;

/** "Due soon": this many working days or fewer left before the due date. */
export const DUE_SOON_WD = 3;

/**
 * POLICY (第三十五条 is silent on it): asking the applicant to state reasons (「可以要求申请人说明理由」)
 * neither stops nor excludes time from the reply period of 第三十三条 — the Regulations name the
 * periods that do (补正 第三十条, consultation 第三十三条第三款) and this is not one of them. An agency
 * that finds the reasons reasonable but cannot reply in time sets a later date (延迟答复) before the
 * period ends (the clock refuses one set after it: `deferral.late`).
 */
export const EXPLANATION_REQUEST_STOPS_CLOCK = false;

/**
 * POLICY (第三十五条: 「可以确定延迟答复的合理期限并告知申请人」, no bound stated): the 延迟答复 date is a
 * working day after 第三十三条's due date, fixed and told before that date ends; no maximum length is
 * imposed (the article leaves 「合理」 to the agency), and it replaces the extension of 第三十三条第二款
 * (no extension after it).
 */
export const DEFERRAL_MAX_WD: number | null = null;
