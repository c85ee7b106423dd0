/**
 * The counting policy of the annual report: which application, appeal or document goes in which
 * cell of tables 1–3 for a report year. Every rule the compiler applies lives here, once, with the
 * words of the national format (国办公开办函〔2021〕30号, shared/docs/regulation.md §1) beside it.
 * Where the format is silent the choice is ours and is named as such ("Derived").
 *
 * Dates are calendar dates `YYYY-MM-DD` (Asia/Shanghai); comparing them as strings is exact.
 */
import type { AppealColumn, AppealKind, AppealResult, ApplicantType, OutcomeCode } from '../taxonomy/index.ts';

// ---------------------------------------------------------------------------------------------
// Facts: what the database layer derives from each record's events and hands to the compiler.
// ---------------------------------------------------------------------------------------------

export interface ApplicationFacts {
  id: string;
  applicantType: ApplicantType;
  /** 收到申请之日 (条例第三十一条), `YYYY-MM-DD`; `null` = not yet received (awaiting confirmation). */
  receiptDate: string | null;
  /** The date of the final reply (答复), `null` while open. */
  decisionDate: string | null;
  /** The outcome leaf of table 2, `null` while open. */
  outcome: OutcomeCode | null;
  /** The date the applicant withdrew (撤回) the application, if it was withdrawn before a decision. */
  withdrawnDate?: string | null;
}

export interface AppealFacts {
  id: string;
  kind: AppealKind;
  /** 申请复议 / 起诉 date, `YYYY-MM-DD`. */
  filedDate: string;
  /** The date the case was concluded (决定 / 判决 / 裁定), `null` while open. */
  concludedDate: string | null;
  /** The result; `'pending'` while open. */
  result: AppealResult;
  /**
   * This agency is only the 复议机关 named as co-defendant (共同被告) in a suit about another organ's
   * act: such a case is not counted in this agency's report (S1 §1.1（四）).
   */
  coDefendantReviewOrgan?: boolean;
}

export interface DocumentFacts {
  id: string;
  /** `rule` 规章, `normative` 行政规范性文件, `other` (not counted in table 1). */
  kind: 'rule' | 'normative' | 'other';
  issuedDate: string | null;
  repealedDate: string | null;
  /** 发布日期 (the trial format's 本年新公开数量); absent or null = the 成文日期. */
  publishedDate?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Named policies
// ---------------------------------------------------------------------------------------------

/**
 * How table 3 counts cases. The format does not say which cases belong to a year; two readings
 * are in use (Derived):
 * - `filed_in_year` (default): the cases filed in the report year, each under its result at
 *   31 December — 「尚未审结」 if not concluded by then.
 * - `concluded_or_pending`: the cases concluded in the report year (by their result) plus those
 *   filed on or before 31 December and still pending at its end.
 */
export type AppealCountingPolicy = 'filed_in_year' | 'concluded_or_pending';

export interface ReportPolicy {
  appeals: AppealCountingPolicy;
}

export const DEFAULT_POLICY: ReportPolicy = { appeals: 'filed_in_year' };

export const APPEAL_COUNTING_POLICIES: Record<AppealCountingPolicy, string> = {
  filed_in_year: '按本年度新收案件统计，各案件按12月31日的结果计入；至12月31日未审结的计入「尚未审结」',
  concluded_or_pending: '按本年度审结的案件及至12月31日尚未审结的案件统计',
};

// ---------------------------------------------------------------------------------------------
// The report year and its format
// ---------------------------------------------------------------------------------------------

/**
 * Which format a report year is compiled in (named policy; regulation.md §1.7): the trial format of
 * 国办公开办函〔2019〕60号 for the report years 2019 and 2020 — the revised Regulations took effect on
 * 2019-05-15 and 国办公开办函〔2021〕30号 was issued on 2021-09-26, for the 2021 reports — and the
 * 2021 format from then on. Years before 2019 were reported under the old Regulations, whose format
 * (「随原政府信息公开条例的失效而失效」, S1) Gongkai does not hold: they are refused.
 */
export const FIRST_REPORT_YEAR = 2019;
export const LAST_TRIAL_FORMAT_YEAR = 2020;

export function reportFormatFor(year: number): '2019' | '2021' {
  yearBounds(year);
  if (year < FIRST_REPORT_YEAR) {
    throw new Error(
      `${year}年度的年度报告按修订前的《政府信息公开条例》编制，其格式已随原条例失效，本系统不能生成；可生成${FIRST_REPORT_YEAR}年度及以后的报告（${FIRST_REPORT_YEAR}、${LAST_TRIAL_FORMAT_YEAR}年度按国办公开办函〔2019〕60号的试行格式）。`,
    );
  }
  return year <= LAST_TRIAL_FORMAT_YEAR ? '2019' : '2021';
}

/**
 * 对外公开总数量 of the trial table 1 (named policy; the template does not define it): the 规章 or
 * 规范性文件 made public by 31 December and not repealed by then — the same documents as the 2021
 * format's 现行有效件数, which is how the auditor reads the column into the model (`in_force`).
 * 本年新公开数量 counts those whose 发布日期 falls in the year (the 成文日期 where none is recorded).
 */
export const TRIAL_TOTAL_PUBLISHED = 'in_force_at_year_end' as const;

export interface YearBounds {
  /** `YYYY-01-01` */
  first: string;
  /** `YYYY-12-31` — 「各项数据核定时间点为报告年度的12月31日」 (S1 一（二）). */
  last: string;
}

export function yearBounds(year: number): YearBounds {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`报告年度无效：${year}`);
  return { first: `${year}-01-01`, last: `${year}-12-31` };
}

/**
 * True for a string of the form YYYY-MM-DD (the pattern /^\d{4}-\d{2}-\d{2}$/: form only, not whether
 * the day exists). Reads the characters directly: the compiler calls it on every date of every record.
 */
export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 10) return false;
  for (let i = 0; i < 10; i++) {
    const c = value.charCodeAt(i);
    if (i === 4 || i === 7 ? c !== 45 : c < 48 || c > 57) return false;
  }
  return true;
}

function inYear(date: string | null | undefined, y: YearBounds): boolean {
  return date != null && date >= y.first && date <= y.last;
}

// ---------------------------------------------------------------------------------------------
// Table 2 — 收到和处理政府信息公开申请情况
// ---------------------------------------------------------------------------------------------

/** How an application ended: its outcome leaf and the date it left the workload. */
export interface ApplicationClosure {
  date: string;
  outcome: OutcomeCode;
  /** True when the application ended by withdrawal (counted under （六）3.其他). */
  withdrawn: boolean;
}

/**
 * The closure of an application, or `null` while it is open.
 *
 * A withdrawn application 「撤回」 has no row of its own in the format; it is counted under
 * 「（六）其他处理 3.其他」 (`other.other`) in the year of withdrawal (Derived: the format's rows are
 * the final handling results — 「政府信息公开申请的最终处理结果」, S1 一（三） — and a withdrawal is
 * one that none of the named leaves describes). If the application was decided before it was
 * withdrawn, the decision stands.
 *
 * A decision date without an outcome (or the reverse) is incomplete data: the application is
 * treated as still open (the compiler reports it as a finding).
 */
export function applicationClosure(app: ApplicationFacts): ApplicationClosure | null {
  const decided = app.decisionDate != null && app.outcome != null;
  const withdrawn = app.withdrawnDate ?? null;
  if (withdrawn != null && (!decided || withdrawn < app.decisionDate!)) {
    return { date: withdrawn, outcome: 'other.other', withdrawn: true };
  }
  return decided ? { date: app.decisionDate!, outcome: app.outcome!, withdrawn: false } : null;
}

/** Where one application is counted in table 2 of a year. Several flags may be true at once. */
export interface ApplicationPlacement {
  /** 「一、本年新收政府信息公开申请数量」: received in the year. */
  new: boolean;
  /** 「二、上年结转政府信息公开申请数量」: received before the year and still open at its start. */
  carried_in: boolean;
  /** 「三、本年度办理结果」: the leaf, when the application was closed (decided or withdrawn) in the year. */
  outcome: OutcomeCode | null;
  /** 「四、结转下年度继续办理」: received by 31 December and still open then. */
  carried_out: boolean;
}

/**
 * Places one application in table 2 of `year`.
 *
 * These four rules make the format's identity hold by construction, column by column:
 * 「（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）」 (S1 template, table 2).
 * 一 + 二 = the applications received by 31 December and open on 1 January or later;
 * 三 + 四 = the same set, split by whether they closed by 31 December.
 * An application received in Y−1 and decided in Y+1 is thus carried in at Y and carried out at Y.
 *
 * An application without a receipt date (not yet received: 条例第三十一条 — e.g. an online
 * application awaiting 双方确认) is in no row at all. A closure dated before the receipt date is
 * impossible; it is taken as on the receipt date (the compiler reports it).
 */
export function placeApplication(app: ApplicationFacts, year: number): ApplicationPlacement {
  return placeApplicationIn(app, yearBounds(year));
}

/**
 * placeApplication for a year whose bounds are already known (the compiler computes them once per
 * report instead of once per application). Same rules, same result.
 */
export function placeApplicationIn(app: ApplicationFacts, y: YearBounds): ApplicationPlacement {
  const none: ApplicationPlacement = { new: false, carried_in: false, outcome: null, carried_out: false };
  const received = app.receiptDate;
  if (received == null || received > y.last) return none;
  const closure = applicationClosure(app);
  const closedOn = closure ? (closure.date < received ? received : closure.date) : null;
  if (closedOn != null && closedOn < y.first) return none; // closed in an earlier year
  return {
    new: received >= y.first,
    carried_in: received < y.first,
    outcome: closure && closedOn != null && closedOn <= y.last ? closure.outcome : null,
    carried_out: closedOn == null || closedOn > y.last,
  };
}

// ---------------------------------------------------------------------------------------------
// Table 3 — 政府信息公开行政复议、行政诉讼情况
// ---------------------------------------------------------------------------------------------

/**
 * The column of table 3 an appeal is counted in for `year`, or `null` when it is not counted.
 *
 * 「行政复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量，不计算行政复议机关的案件数量。」
 * (S1 一（四）) — a case where this agency is only the co-defendant 复议机关 is never counted.
 *
 * A case counts under its result only if it was concluded on or before 31 December with a final
 * result; otherwise it is 「尚未审结」.
 */
export function placeAppeal(appeal: AppealFacts, year: number, policy: ReportPolicy = DEFAULT_POLICY): AppealColumn | null {
  if (appeal.coDefendantReviewOrgan) return null;
  const y = yearBounds(year);
  const concluded = appeal.result !== 'pending' && appeal.concludedDate != null && appeal.concludedDate <= y.last;
  const resultAtYearEnd: AppealColumn = concluded ? appeal.result : 'pending';
  switch (policy.appeals) {
    case 'filed_in_year':
      return inYear(appeal.filedDate, y) ? resultAtYearEnd : null;
    case 'concluded_or_pending':
      if (appeal.filedDate > y.last) return null;
      if (!concluded) return 'pending';
      return inYear(appeal.concludedDate, y) ? resultAtYearEnd : null;
  }
}

// ---------------------------------------------------------------------------------------------
// Table 1 — 主动公开政府信息情况, 第二十条第（一）项
// ---------------------------------------------------------------------------------------------

export interface DocumentPlacement {
  /** 本年制发件数: issued in the year. */
  issued: boolean;
  /** 本年废止件数: repealed in the year. */
  repealed: boolean;
  /** 现行有效件数: issued on or before 31 December and not repealed by then (「各项数据核定时间点为报告年度的12月31日」). */
  in_force: boolean;
}

export function placeDocument(doc: DocumentFacts, year: number): DocumentPlacement {
  const y = yearBounds(year);
  const issuedByYearEnd = doc.issuedDate != null && doc.issuedDate <= y.last;
  return {
    issued: inYear(doc.issuedDate, y),
    repealed: inYear(doc.repealedDate, y),
    in_force: issuedByYearEnd && (doc.repealedDate == null || doc.repealedDate > y.last),
  };
}
