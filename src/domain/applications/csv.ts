/**
 * The bulk CSV of applications and appeals (contracts.md §3): row validation and the events an
 * imported application becomes. Pure; the CLI parses the file and the store writes the rows.
 *
 * applications: agency_code, number, applicant_type, channel, received_date, decided_date, outcome
 *   (+ optional applicant_name, subject, submitted_date). An imported application becomes an event
 *   history — `submitted` (and `receipt_confirmed` where 第三十一条 needs a confirmation) on
 *   received_date, `decided` on decided_date — so that status and report cells are still derived
 *   from events. A 「逾期不补正」 or 「逾期未缴费」 outcome also needs the 补正 / fee notice it
 *   lapsed from: it is recorded on the receipt date, flagged `imported`.
 * appeals: agency_code, number, kind, filed_date, concluded_date, result (+ optional application_number,
 *   organ, co_defendant).
 */
import { addCalendarDays, type Calendar, isIsoDate } from '../calendar/index.ts';
import { computeClock, ClockError, type ClockEvent } from '../clock/index.ts';
import { CalendarError, DateInputError } from '../calendar/index.ts';
import {
  APPEAL_KINDS,
  APPEAL_RESULTS,
  APPLICANT_TYPES,
  CHANNELS,
  isOutcomeCode,
  type AppealKind,
  type AppealResult,
  type ApplicantType,
  type Channel,
  type OutcomeCode,
} from '../taxonomy/index.ts';
import { needsConfirmation } from '../clock/index.ts';
import { codePointLabel, findControlCharacter, shown } from '../text/index.ts';

export const APPLICATION_CSV_COLUMNS = ['agency_code', 'number', 'applicant_type', 'channel', 'received_date', 'decided_date', 'outcome'] as const;
export const APPLICATION_CSV_OPTIONAL = ['applicant_name', 'subject', 'submitted_date'] as const;
export const APPEAL_CSV_COLUMNS = ['agency_code', 'number', 'kind', 'filed_date', 'concluded_date', 'result'] as const;
export const APPEAL_CSV_OPTIONAL = ['application_number', 'organ', 'co_defendant'] as const;
/** Free-text columns where a line break or tab is meaningful (a quoted multi-line cell). */
export const APPLICATION_CSV_MULTILINE: readonly string[] = ['subject'];
export const APPEAL_CSV_MULTILINE: readonly string[] = ['organ'];

export interface CsvRecord {
  /** The line of the file where the record starts (the header is line 1). */
  line: number;
  values: Record<string, string | undefined>;
}

export interface ImportError {
  line: number;
  message: string;
}

export interface ApplicationImportRow {
  line: number;
  agencyCode: string;
  number: string;
  applicantType: ApplicantType;
  channel: Channel;
  /** 收到申请之日; null = submitted and not yet confirmed. */
  receivedDate: string | null;
  submittedDate: string;
  decidedDate: string | null;
  outcome: OutcomeCode | null;
  applicantName: string;
  subject: string;
  events: Array<ClockEvent & { imported?: true }>;
}

export interface AppealImportRow {
  line: number;
  agencyCode: string;
  number: string;
  kind: AppealKind;
  filedDate: string;
  concludedDate: string | null;
  result: AppealResult;
  applicationNumber: string | null;
  organ: string | null;
  coDefendant: boolean;
}

/** Missing required columns of a header, as one Chinese message (or null). */
export function checkHeader(header: readonly string[], required: readonly string[], optional: readonly string[]): string | null {
  const missing = required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !required.includes(c) && !optional.includes(c));
  const parts: string[] = [];
  if (missing.length) parts.push(`缺少列：${missing.join('、')}`);
  if (unknown.length) parts.push(`未知的列：${unknown.slice(0, 5).map((c) => shown(c)).join('、')}${unknown.length > 5 ? ` 等 ${unknown.length} 列` : ''}（可用的列：${[...required, ...optional].join('、')}）`);
  return parts.length ? `第1行（表头）${parts.join('；')}` : null;
}

const v = (r: CsvRecord, k: string) => (r.values[k] ?? '').trim();

/**
 * Control characters in a record: never allowed (a NUL cannot even be stored by PostgreSQL); tab
 * and line breaks only in the free-text columns `multiline` (a quoted CSV cell may span lines),
 * not in codes, numbers, dates or names. One Chinese message per offending column.
 */
export function controlCharacterErrors(r: CsvRecord, multiline: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [column, value] of Object.entries(r.values)) {
    if (typeof value !== 'string') continue;
    const bad = findControlCharacter(value, multiline.includes(column));
    if (bad !== undefined) out.push(`列「${shown(column)}」含有不允许的控制字符（${codePointLabel(bad)}），请删除后再导入`);
  }
  return out;
}

function date(r: CsvRecord, k: string, label: string, errors: string[], required: boolean): string | null {
  const s = v(r, k);
  if (!s) {
    if (required) errors.push(`${label}（${k}）不能为空`);
    return null;
  }
  if (!isIsoDate(s)) {
    errors.push(`${label}（${k}）「${shown(s)}」不是 YYYY-MM-DD 格式的真实日期`);
    return null;
  }
  return s;
}

/** The events an imported application becomes (see the module comment). */
export function importedEvents(row: Pick<ApplicationImportRow, 'channel' | 'receivedDate' | 'submittedDate' | 'decidedDate' | 'outcome'>): Array<ClockEvent & { imported?: true }> {
  const events: Array<ClockEvent & { imported?: true }> = [{ type: 'submitted', date: row.submittedDate, channel: row.channel, imported: true }];
  if (row.receivedDate && needsConfirmation(row.channel)) events.push({ type: 'receipt_confirmed', date: row.receivedDate, imported: true });
  if (row.decidedDate && row.outcome && row.receivedDate) {
    if (row.outcome === 'other.correction_lapsed') {
      const deadline = previousDay(row.decidedDate);
      events.push({ type: 'correction_requested', date: row.receivedDate, deadline, imported: true });
    }
    if (row.outcome === 'other.fee_lapsed') events.push({ type: 'fee_notice_sent', date: row.receivedDate, imported: true });
    events.push({ type: 'decided', date: row.decidedDate, outcome: row.outcome, imported: true });
  }
  return events;
}

function previousDay(d: string): string {
  return addCalendarDays(d, -1);
}

/**
 * Validates the records of an applications CSV. All-or-nothing: the caller imports `rows` only
 * when `errors` is empty. `knownAgencies` are the agency codes of the installation; `existing`
 * the `agency_code/number` pairs already stored.
 */
export function validateApplicationRecords(
  records: readonly CsvRecord[],
  opts: { knownAgencies: ReadonlySet<string>; existing: ReadonlySet<string>; calendar: Calendar },
): { rows: ApplicationImportRow[]; errors: ImportError[] } {
  const rows: ApplicationImportRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  for (const r of records) {
    const e: string[] = controlCharacterErrors(r, APPLICATION_CSV_MULTILINE);
    const agencyCode = v(r, 'agency_code');
    if (!agencyCode) e.push('机关代码（agency_code）不能为空');
    else if (!opts.knownAgencies.has(agencyCode)) e.push(`机关代码「${shown(agencyCode)}」不存在（先用 gongkai agency add 新增）`);
    const number = v(r, 'number');
    if (!number) e.push('申请编号（number）不能为空');
    else if (number.length > 60) e.push('申请编号（number）不能超过60个字符');
    const key = `${agencyCode}/${number}`;
    if (number && agencyCode) {
      if (seen.has(key)) e.push(`申请编号「${shown(number)}」与第${seen.get(key)}行重复`);
      else if (opts.existing.has(key)) e.push(`申请编号「${shown(number)}」在机关「${shown(agencyCode)}」已存在`);
      seen.set(key, r.line);
    }
    const applicantType = v(r, 'applicant_type');
    if (!(APPLICANT_TYPES as readonly string[]).includes(applicantType)) {
      e.push(`申请人类型（applicant_type）「${shown(applicantType)}」无效，应为 ${APPLICANT_TYPES.join('、')} 之一`);
    }
    const channel = v(r, 'channel');
    if (!(CHANNELS as readonly string[]).includes(channel)) e.push(`提交渠道（channel）「${shown(channel)}」无效，应为 ${CHANNELS.join('、')} 之一`);
    const receivedDate = date(r, 'received_date', '收到申请日期', e, false);
    const submittedDate = date(r, 'submitted_date', '提交日期', e, false) ?? receivedDate;
    if (!v(r, 'received_date') && !v(r, 'submitted_date')) e.push('收到申请日期（received_date）不能为空（尚待确认的申请请填写提交日期 submitted_date）');
    const decidedDate = date(r, 'decided_date', '答复日期', e, false);
    const outcomeText = v(r, 'outcome');
    let outcome: OutcomeCode | null = null;
    if (outcomeText) {
      if (isOutcomeCode(outcomeText)) outcome = outcomeText;
      else e.push(`办理结果（outcome）「${shown(outcomeText)}」无效，应为年度报告表二的21种结果代码之一（如 public、partial、withheld.third_party）`);
    }
    if (decidedDate && !outcomeText) e.push('有答复日期（decided_date）时须填写办理结果（outcome）');
    if (outcomeText && !v(r, 'decided_date')) e.push('有办理结果（outcome）时须填写答复日期（decided_date）');
    if (decidedDate && !receivedDate && v(r, 'received_date') === '') e.push('已答复的申请须填写收到申请日期（received_date）');
    if (receivedDate && decidedDate && decidedDate < receivedDate) e.push(`答复日期${shown(decidedDate)}早于收到申请日期${shown(receivedDate)}`);
    if (receivedDate && submittedDate && submittedDate > receivedDate) e.push(`提交日期${shown(submittedDate)}晚于收到申请日期${shown(receivedDate)}`);
    if (channel && (CHANNELS as readonly string[]).includes(channel) && receivedDate && submittedDate && submittedDate !== receivedDate && !needsConfirmation(channel as Channel)) {
      e.push(`${channel} 渠道的收到申请之日即提交之日（第三十一条），提交日期与收到日期应相同`);
    }
    const applicantName = v(r, 'applicant_name') || '（导入，未填姓名）';
    const subject = v(r, 'subject') || '（导入，未填申请内容）';
    if (applicantName.length > 100) e.push('申请人姓名或名称（applicant_name）不能超过100个字');
    if (e.length === 0) {
      const row: ApplicationImportRow = {
        line: r.line,
        agencyCode,
        number,
        applicantType: applicantType as ApplicantType,
        channel: channel as Channel,
        receivedDate,
        submittedDate: submittedDate!,
        decidedDate,
        outcome,
        applicantName,
        subject,
        events: [],
      };
      try {
        row.events = importedEvents(row);
        computeClock(row.events, { calendar: opts.calendar, explain: false });
        rows.push(row);
      } catch (err) {
        if (err instanceof ClockError || err instanceof CalendarError || err instanceof DateInputError) e.push(err.message);
        else throw err;
      }
    }
    if (e.length) errors.push({ line: r.line, message: e.join('；') });
  }
  return { rows, errors };
}

export function validateAppealRecords(
  records: readonly CsvRecord[],
  opts: { knownAgencies: ReadonlySet<string>; existing: ReadonlySet<string>; applications: ReadonlySet<string> },
): { rows: AppealImportRow[]; errors: ImportError[] } {
  const rows: AppealImportRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  for (const r of records) {
    const e: string[] = controlCharacterErrors(r, APPEAL_CSV_MULTILINE);
    const agencyCode = v(r, 'agency_code');
    if (!agencyCode) e.push('机关代码（agency_code）不能为空');
    else if (!opts.knownAgencies.has(agencyCode)) e.push(`机关代码「${shown(agencyCode)}」不存在`);
    const number = v(r, 'number');
    if (!number) e.push('案号（number）不能为空');
    const key = `${agencyCode}/${number}`;
    if (number && agencyCode) {
      if (seen.has(key)) e.push(`案号「${shown(number)}」与第${seen.get(key)}行重复`);
      else if (opts.existing.has(key)) e.push(`案号「${shown(number)}」在机关「${shown(agencyCode)}」已存在`);
      seen.set(key, r.line);
    }
    const kind = v(r, 'kind');
    if (!(APPEAL_KINDS as readonly string[]).includes(kind)) e.push(`案件类型（kind）「${shown(kind)}」无效，应为 ${APPEAL_KINDS.join('、')} 之一`);
    const filedDate = date(r, 'filed_date', '申请复议或起诉日期', e, true);
    const concludedDate = date(r, 'concluded_date', '审结日期', e, false);
    const result = v(r, 'result');
    if (!(APPEAL_RESULTS as readonly string[]).includes(result)) e.push(`结果（result）「${shown(result)}」无效，应为 ${APPEAL_RESULTS.join('、')} 之一`);
    if (result === 'pending' && v(r, 'concluded_date')) e.push('尚未审结（pending）的案件不应填写审结日期（concluded_date）');
    if (result && result !== 'pending' && (APPEAL_RESULTS as readonly string[]).includes(result) && !v(r, 'concluded_date')) e.push('已审结的案件须填写审结日期（concluded_date）');
    if (filedDate && concludedDate && concludedDate < filedDate) e.push(`审结日期${shown(concludedDate)}早于申请复议或起诉日期${shown(filedDate)}`);
    const applicationNumber = v(r, 'application_number') || null;
    if (applicationNumber && agencyCode && !opts.applications.has(`${agencyCode}/${applicationNumber}`)) {
      e.push(`关联的申请编号「${shown(applicationNumber)}」在机关「${shown(agencyCode)}」不存在`);
    }
    const co = v(r, 'co_defendant').toLowerCase();
    if (co && !['true', 'false', '1', '0', '是', '否'].includes(co)) e.push(`共同被告（co_defendant）「${shown(co)}」应为 true 或 false`);
    if (e.length) {
      errors.push({ line: r.line, message: e.join('；') });
      continue;
    }
    rows.push({
      line: r.line,
      agencyCode,
      number,
      kind: kind as AppealKind,
      filedDate: filedDate!,
      concludedDate,
      result: result as AppealResult,
      applicationNumber,
      organ: v(r, 'organ') || null,
      coDefendant: ['true', '1', '是'].includes(co),
    });
  }
  return { rows, errors };
}

/** One errors list as the message of a rejected file. */
export function importErrorMessage(file: string, errors: readonly ImportError[]): string {
  const shown = errors.slice(0, 50).map((e) => `第${e.line}行：${e.message}`);
  const more = errors.length > 50 ? `\n……另有${errors.length - 50}行有误` : '';
  return `文件 ${file} 有${errors.length}行不正确，未导入任何数据：\n${shown.join('\n')}${more}`;
}
