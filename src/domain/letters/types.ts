/**
 * The reply letters (答复文书) of an application: their kinds, the data a letter is made from and
 * the structured `Letter` every renderer (DOCX, PDF, HTML, text) prints.
 *
 * Decision letters are the taxonomy's `LetterKind`s (one per family of outcome leaves); procedural
 * letters are those of the 宿政办函〔2021〕21号 list of forms (regulation.md §4.2, S10).
 */
import type { ApplicantType, Channel, LetterKind, OutcomeCode } from '../taxonomy/index.ts';

/** Procedural letters (S10's forms 2, 3, 4, 5, 6, 8, 10, 12, and the 延迟答复 of 第三十五条). */
export const PROCEDURAL_LETTER_KINDS = [
  'receipt', // 政府信息公开申请接收回执
  'correction', // 补正告知书 (第三十条)
  'extension', // 延期答复告知书 (第三十三条第二款)
  'consultation_third_party', // 征求意见书 给第三方 (第三十二条)
  'consultation_agency', // 征求意见书 给共同制作机关 (第三十四条)
  'consultation_notice', // 征求意见告知书 给申请人 (第三十三条第三款)
  'fee_notice', // 收费通知书 (第四十二条, 国办函〔2020〕109号)
  'explanation_request', // 说明理由告知书 (第三十五条; S10 form 4)
  'deferral', // 延迟答复告知书 (第三十五条)
] as const;
export type ProceduralLetterKind = (typeof PROCEDURAL_LETTER_KINDS)[number];

/** Decision letters: the taxonomy's letter kinds, one per family of outcome leaves. */
export const DECISION_LETTER_KINDS = [
  'disclosure',
  'partial_disclosure',
  'non_disclosure',
  'not_exist',
  'no_creation',
  'unclear',
  'not_handled',
  'termination',
] as const satisfies readonly LetterKind[];

export type ReplyLetterKind = ProceduralLetterKind | LetterKind;
export const REPLY_LETTER_KINDS: readonly ReplyLetterKind[] = [...PROCEDURAL_LETTER_KINDS, ...DECISION_LETTER_KINDS];

export const LETTER_KIND_LABELS: Record<ReplyLetterKind, string> = {
  receipt: '申请接收回执',
  correction: '补正告知书',
  extension: '延期答复告知书',
  consultation_third_party: '征求意见书（第三方）',
  consultation_agency: '征求意见书（共同制作机关）',
  consultation_notice: '征求意见告知书（申请人）',
  fee_notice: '收费通知书',
  explanation_request: '说明理由告知书',
  deferral: '延迟答复告知书',
  disclosure: '予以公开告知书',
  partial_disclosure: '部分公开告知书',
  non_disclosure: '不予公开告知书',
  not_exist: '信息不存在或非本机关负责公开告知书',
  no_creation: '无法提供（需另行制作）告知书',
  unclear: '无法提供（补正后仍不明确）告知书',
  not_handled: '不予处理告知书',
  termination: '不再处理告知书',
};

export function isDecisionKind(kind: ReplyLetterKind): kind is LetterKind {
  return (DECISION_LETTER_KINDS as readonly string[]).includes(kind);
}

export function isReplyLetterKind(kind: string): kind is ReplyLetterKind {
  return (REPLY_LETTER_KINDS as readonly string[]).includes(kind);
}

/**
 * What kind of organ answers: decides the 复议机关 (行政复议法 2023 第二十四条、第二十五条、第二十七条).
 * - `department`: a 县级以上地方人民政府工作部门 → 本级人民政府 (第二十四条第一款第一项)
 * - `local_government`: a 地方人民政府 below the province → 上一级人民政府 (第二十四条第一款第二项)
 * - `provincial_government`: 省、自治区、直辖市人民政府 → itself (第二十四条第二款)
 * - `state_council_department`: 国务院部门 → itself (第二十五条第一项)
 * - `vertical`: 海关、金融、外汇管理等垂直领导机关、税务和国家安全机关 → 上一级主管部门 (第二十七条)
 */
export type AgencyKind = 'department' | 'local_government' | 'provincial_government' | 'state_council_department' | 'vertical';

export interface LetterAgency {
  /** 答复主体: the organ's full name, printed in the signature. */
  name: string;
  /** The organ's 文号 prefix (机关代字), e.g. 「通政数公开」. */
  numberPrefix: string;
  kind: AgencyKind;
  /** For a department: the 本级人民政府 (e.g. 「通化市人民政府」). */
  governmentName?: string;
  /** For a local government: the 上一级人民政府. */
  superiorGovernmentName?: string;
  /** For a vertical organ: the 上一级主管部门 (before 2024 also a department's alternative 复议机关). */
  superiorAuthorityName?: string;
  /** The court to sue in (行政诉讼法第十八条: where the organ is); default 「有管辖权的人民法院」. */
  courtName?: string;
  /** The 政府信息公开工作机构's contact (address, telephone), printed where a template asks. */
  contact?: string;
}

/** A citation: an instrument and a provision in it (条/款/项), e.g. 第三十六条第三项. */
export interface Citation {
  /** The instrument with its book-title marks, e.g. 《中华人民共和国政府信息公开条例》. */
  law: string;
  /** 条/款/项, e.g. 「第三十六条第三项」; empty when the instrument is cited as a whole. */
  article: string;
}

/** The outcome leaves answered with a 不予公开 letter (（三）1–8), usable as withheld parts of 部分公开. */
export type WithheldCode = Extract<OutcomeCode, `withheld.${string}`>;

/** A part withheld in a 部分公开 (第三十七条): what, why, on which basis. */
export interface WithheldPart {
  /** What is withheld, e.g. 「第3页中的个人身份证号码」. */
  content: string;
  /** The ground: a 不予公开 leaf, or 「不属于政府信息」 (第三十七条, 第二条). */
  ground: WithheldCode | 'not_government_info';
  /** The specific reason, in the agency's words (第三十七条: 「对不予公开的内容说明理由」). */
  reason: string;
  /** For `withheld.prohibited`: the law or administrative regulation that forbids disclosure. */
  prohibitingLaw?: string;
  /** For `withheld.inquiry`: the law with the special rules of access (第三十六条第七项). */
  specialLaw?: string;
}

/** How the 部分公开 remedy is stated: see `PARTIAL_REMEDY_POLICIES` in remedy.ts. */
export type PartialRemedyPolicy = 'reconsideration_first_for_withheld_part' | 'both_routes';

/**
 * Variants of a decision leaf that cite different items:
 * `public`: `already_public` (第三十六条第一项) | `provided` (第三十六条第二项);
 * `unavailable.not_held`: `not_exist` (第三十六条第四项) | `not_responsible` (第三十六条第五项).
 */
export type DecisionVariant = 'already_public' | 'provided' | 'not_exist' | 'not_responsible';

export interface LetterApplicant {
  /** 申请人姓名（名称）, printed in full: the letter goes to the applicant. */
  name: string;
  type?: ApplicantType;
  /** Accepted (it comes with the application) but never printed in a letter. */
  idNumber?: string;
  /** Delivery data: carried on the Letter only as the delivery method needs it. */
  address?: string;
  postcode?: string;
  email?: string;
  phone?: string;
}

export type DeliveryMethod = 'in_person' | 'mail' | 'email' | 'online' | 'fax';

/** Everything a letter may be made from. Each kind's template says which fields it needs. */
export interface LetterData {
  agency: LetterAgency;
  applicant: LetterApplicant;
  /** 文号: the sequence number (and year, default the letter date's year). */
  number: { seq: number; year?: number };
  /** 答复日期 / the letter's date (YYYY-MM-DD). */
  date: string;
  /** 收到申请之日 (第三十一条), YYYY-MM-DD. */
  receiptDate: string;
  /** What was asked: the 申请内容 as the applicant described it. */
  request: string;
  applicationNumber?: string;
  channel?: Channel;
  delivery?: DeliveryMethod;

  // ---- decision letters ----
  outcome?: OutcomeCode;
  variant?: DecisionVariant;
  /** The agency's own specific reason, added after the statutory finding. */
  reasonDetail?: string;
  /** Further facts of the procedure, each a sentence (e.g. 补正、征求意见 history). */
  facts?: string[];
  /** 获取方式、途径 (第三十六条第一项、第二项; 第三十九条第二款). */
  access?: string;
  /** 获取时间 (第三十六条第二项). */
  accessTime?: string;
  /** 部分公开: what is given. */
  disclosedPart?: string;
  /** 部分公开: what is withheld, why, on which basis. */
  withheldParts?: WithheldPart[];
  partialRemedyPolicy?: PartialRemedyPolicy;
  /** `withheld.prohibited`: the law or administrative regulation that forbids disclosure. */
  prohibitingLaw?: string;
  /** `withheld.inquiry`: the law with special rules of access, e.g. 《不动产登记暂行条例》. */
  specialLaw?: string;
  /** `withheld.third_party`: the third party was consulted in writing (第三十二条) and refused. */
  thirdPartyConsulted?: boolean;
  /** 第三十六条第五项: the organ responsible, where it can be determined. */
  competentAgency?: { name: string; contact?: string };
  /** 第三十六条第六项: the earlier reply. */
  previousReply?: { date: string; number?: string };
  /** 第三十五条: when the applicant was asked to explain. */
  explanationRequestDate?: string;
  /** 第三十五条: why the number or frequency of the applications clearly exceeds a reasonable range. */
  explanationGrounds?: string;
  /** 第三十五条: the reasonable later date the agency set for its reply (延迟答复). */
  deferredUntil?: string;
  /** 第三十九条第一款: where the 信访、投诉、举报 can be made. */
  petitionChannel?: string;
  /** 补正: the notice's date, the answer's date, the period given. */
  correctionNoticeDate?: string;
  correctionReceivedDate?: string;
  /** 补正期限 in working days; default 15 (S7: 「一般不超过15个工作日」). */
  correctionPeriodDays?: number;
  /** 逾期未缴费: the fee notice's date. */
  feeNoticeDate?: string;
  /** `other.other`: the agency states the reason, the basis and the decision itself. */
  otherReason?: string;
  otherBasis?: Citation[];
  otherDecision?: string;

  // ---- procedural letters ----
  /** Due date of the reply (from the clock), YYYY-MM-DD. */
  dueDate?: string;
  /** 补正事项, each one item (一次性告知). */
  correctionItems?: string[];
  correctionDeadline?: string;
  extensionReason?: string;
  /** Working days of the extension, 1–20 (第三十三条第二款); default 20. */
  extensionDays?: number;
  newDueDate?: string;
  /**
   * The new due date cannot be known yet (a calendar year not entered, a letter awaiting service:
   * extensionLetterFacts): the letter is issued anyway, states the extension in working days and
   * no date (第三十三条第二款). Set only without `newDueDate`.
   */
  newDueDatePending?: boolean;
  /** The addressee of a 征求意见书 (the third party, or the co-producing organ). */
  consultee?: { name: string };
  /** For the applicant's 征求意见告知书: whom the agency consulted. */
  consultation?: 'third_party' | 'agency';
  consultationDate?: string;
  consultationDeadline?: string;
  consultationReason?: string;
  /** 收费通知书. */
  fee?: {
    /** Amount in 元. */
    amountYuan: number;
    /** 按件 (第四条) or 按量 (第五条). */
    method?: 'pieces' | 'pages';
    /** The standard applied, in words (e.g. the fees calculator's explanation). */
    standard: string;
    /** 缴纳方式. */
    payment: string;
    paymentDeadline?: string;
  };
}

export interface Remedy {
  /**
   * `both`: 复议 or 诉讼; `reconsideration_first`: 复议前置 (行政复议法第二十三条);
   * `split`: 部分公开 — 复议前置 for the withheld part, both routes for the rest.
   */
  mode: 'both' | 'reconsideration_first' | 'split';
  reconsiderationOrgan: string;
  court: string;
  text: string;
  citations: Citation[];
}

export interface Letter {
  kind: ReplyLetterKind;
  outcome?: OutcomeCode;
  variant?: DecisionVariant;
  title: string;
  /** 文号, e.g. 「通政数公开〔2024〕第12号」. */
  number: string;
  /** The addressee, printed as the salutation 「张三：」. */
  recipient: string;
  /** Body paragraphs, in order (the remedy paragraph among them, where due). */
  paragraphs: string[];
  /** Every provision the letter rests on (法律依据), in the order cited. */
  basis: Citation[];
  /** The remedy stated, or null for a letter that states none (see REMEDY_BY_KIND). */
  remedy: Remedy | null;
  signer: { agency: string; date: string; dateText: string };
  /** Where the seal goes: printed above the agency name and date, bottom right. */
  sealPlaceholder: string;
  /** Delivery data, only what the delivery method needs (never an ID number). */
  delivery?: { method: DeliveryMethod; address?: string; postcode?: string; email?: string };
}
