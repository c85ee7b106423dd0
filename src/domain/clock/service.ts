/**
 * 送达 — when an agency's letter counts as received by its addressee (regulation.md §6).
 *
 * The Regulations fix when an application is received (第三十一条) but not when the agency's own
 * letters are. The periods those letters open are addressed to someone and run 「自收到…之日起」:
 * the applicant's 补正 period (第三十条), the third party's or other agency's 15 working days
 * (第三十二条, 第三十四条), the payment period (国办函〔2020〕109号, 「收到收费通知次日起20个工作日」).
 * So each runs from the day the letter was served, not the day it was sent. The day of service by
 * each method follows the service rules of the 民事诉讼法, which agencies and courts apply by analogy.
 */
import { fromDayNumber, isoDayNumber, type IsoDate } from '../calendar/date.ts';

/** How a letter was served. */
export type ServiceMethod = 'direct' | 'mail' | 'electronic' | 'left' | 'public_notice';
export const SERVICE_METHODS: readonly ServiceMethod[] = ['direct', 'mail', 'electronic', 'left', 'public_notice'];

export const SERVICE_METHOD_LABELS: Record<ServiceMethod, string> = {
  direct: '直接送达',
  mail: '邮寄送达',
  electronic: '电子送达',
  left: '留置送达',
  public_notice: '公告送达',
};

/** What the date recorded for each method is (the form's hint and the explanation's wording). */
export const SERVICE_DATE_RULES: Record<ServiceMethod, string> = {
  direct: '以受送达人在送达回证上签收的日期为送达日期',
  mail: '以回执上注明的收件日期为送达日期',
  electronic: '以送达信息到达受送达人特定系统（账户、电子邮箱）的日期为送达日期',
  left: '以留置之日为送达日期',
  public_notice: '自发出公告之日起经过三十日，即视为送达',
};

/** 公告送达: 「自发出公告之日起，经过三十日，即视为送达」 (民事诉讼法, by analogy; since the 2021 revision). */
export const PUBLIC_NOTICE_DAYS = 30;

/** The letters whose periods run from their service. */
export type ServedLetter = 'correction' | 'consultation' | 'fee';
export const SERVED_LETTER_LABELS: Record<ServedLetter, string> = {
  correction: '补正告知书',
  consultation: '征求意见书',
  fee: '收费通知书',
};

/**
 * The letters to the applicant that open no period: their service is recorded (when, how, the proof)
 * and shown to the applicant, but moves no date, so the clock reads past it (computeClock). Why, for
 * each (the article that fixes the date the letter might seem to start):
 */
export const NOTICE_LETTERS = {
  /** 第三十一条 fixes the day the application was received by how it arrived; 第三十三条第二款's 20
   * working days run 「自收到申请之日起」, not from the day the applicant received its 回执. */
  receipt: '第三十一条',
  /** 第三十三条第二款: the extension is 「经…负责人同意并告知申请人」 and continues the same period from
   * the day the application was received; telling the applicant starts nothing. */
  extension: '第三十三条第二款',
  /** 第三十三条第三款: the time not counted is the consultation's, which runs from the service of the
   * 征求意见书 on the third party or the other agency (第三十二条, 第三十四条: `consultation` above), not
   * from the applicant's 征求意见告知书. */
  consultation_notice: '第三十三条第三款',
  /** 第三十五条 sets no period for the applicant's reasons (EXPLANATION_REQUEST_STOPS_CLOCK: the reply
   * period runs on). */
  explanation_request: '第三十五条',
  /** 第三十五条: the later reply date is a date the agency sets, not a period from the letter's service. */
  deferral: '第三十五条',
} as const;
export type NoticeLetter = keyof typeof NOTICE_LETTERS;
export const NOTICE_LETTER_KINDS = Object.keys(NOTICE_LETTERS) as NoticeLetter[];

export function isNoticeLetter(letter: unknown): letter is NoticeLetter {
  return typeof letter === 'string' && Object.hasOwn(NOTICE_LETTERS, letter);
}

/** Every letter whose service 登记送达 records: those opening a period, and the notices. */
export type ServableLetter = ServedLetter | NoticeLetter;
export const SERVABLE_LETTERS: readonly ServableLetter[] = [...(Object.keys(SERVED_LETTER_LABELS) as ServedLetter[]), ...NOTICE_LETTER_KINDS];

/**
 * POLICY (the default 送达方式 of a letter): a letter to the applicant of an online application goes
 * to the applicant's account (电子送达: the applicant applied through it, 第二十九条 「数据电文」), served
 * on the day it reaches the account, which is the day it is issued — not the day the applicant opens it
 * (「以送达信息到达受送达人特定系统的日期为送达日期」, SERVICE_DATE_RULES.electronic); any other letter
 * goes by post (邮寄送达, served on the day on the receipt). Staff may choose another method per letter.
 */
export function defaultServiceMethodFor(channel: string, toApplicant = true): ServiceMethod {
  return toApplicant && channel === 'online' ? 'electronic' : 'mail';
}

export function isServiceMethod(m: unknown): m is ServiceMethod {
  return typeof m === 'string' && (SERVICE_METHODS as readonly string[]).includes(m);
}

/**
 * The day a letter counts as served, from the day of the act recorded for its method: the same day
 * for 直接送达 (signature), 邮寄送达 (the receipt's date), 电子送达 (arrival in the account or
 * mailbox) and 留置送达; thirty calendar days after publication for 公告送达.
 */
export function servedOn(method: ServiceMethod, actDate: IsoDate): IsoDate {
  if (method === 'public_notice') return fromDayNumber(isoDayNumber(actDate) + PUBLIC_NOTICE_DAYS);
  return actDate;
}
