/**
 * Rules of a catalogue document's life (pure): which changes are allowed in which status, what a
 * document needs before it is published, and the 第二十六条 publication deadline.
 *
 * 第二十六条: 「属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
 * 法律、法规对政府信息公开的期限另有规定的，从其规定。」
 *
 * Statuses: draft (not public) → published → repealed (废止: a 规章/规范性文件 that no longer has
 * effect; it stays public, marked 已废止, with its 废止日期) ; published → withdrawn (撤回: taken off
 * the portal, e.g. published by mistake) → published again. Nothing is deleted: every change is a
 * new version (document_versions) and an audit entry.
 */
import type { Calendar, IsoDate } from '../calendar/index.ts';
import type { DocumentKind } from './categories.ts';

export type DocumentStatus = 'draft' | 'published' | 'repealed' | 'withdrawn';
export type DocumentAction = 'create' | 'edit' | 'publish' | 'withdraw' | 'repeal' | 'import';

export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: '草稿（未公开）',
  published: '已公开',
  repealed: '已废止',
  withdrawn: '已撤回',
};

export const DOCUMENT_ACTION_LABELS: Record<DocumentAction, string> = {
  create: '创建',
  edit: '修改',
  publish: '发布',
  withdraw: '撤回',
  repeal: '废止',
  import: '批量导入',
};

/** Statuses in which a document is shown to the public. */
export const PUBLIC_STATUSES: readonly DocumentStatus[] = ['published', 'repealed'];

export function isPublic(status: DocumentStatus): boolean {
  return PUBLIC_STATUSES.includes(status);
}

/** Statuses from which an action may be taken. */
const ALLOWED_FROM: Record<Exclude<DocumentAction, 'create' | 'import'>, readonly DocumentStatus[]> = {
  edit: ['draft', 'published', 'withdrawn'],
  publish: ['draft', 'withdrawn'],
  withdraw: ['published'],
  repeal: ['published'],
};

const REFUSAL: Record<Exclude<DocumentAction, 'create' | 'import'>, string> = {
  edit: '已废止的文件不能再修改（如需更正，请发布新文件）',
  publish: '只有草稿或已撤回的文件可以发布',
  withdraw: '只有已公开的文件可以撤回',
  repeal: '只有已公开的文件可以废止',
};

export interface DocumentFields {
  title: string;
  kind: DocumentKind;
  /** 成文日期 / 形成日期 */
  writtenDate: IsoDate | null;
  publishedDate: IsoDate | null;
  /** 施行日期 (规章、规范性文件) */
  effectiveDate: IsoDate | null;
  /** 废止日期 */
  repealedDate: IsoDate | null;
  docNumber: string | null;
}

/** Why `action` is not allowed on a document in `status` (a Chinese message), or null when it is. */
export function refuseAction(action: Exclude<DocumentAction, 'create' | 'import'>, status: DocumentStatus): string | null {
  return ALLOWED_FROM[action].includes(status) ? null : `${REFUSAL[action]}（当前状态：${DOCUMENT_STATUS_LABELS[status]}）`;
}

/**
 * Problems with a document's dates and fields (Chinese messages; empty when consistent).
 * `forPublication`: also what publishing needs (a 成文日期; a 文号 for 规章 and 规范性文件).
 */
export function checkDocument(d: DocumentFields, opts: { forPublication?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (!d.title.trim()) problems.push('标题不能为空');
  if (d.writtenDate && d.publishedDate && d.publishedDate < d.writtenDate) problems.push('发布日期不能早于成文日期');
  if (d.writtenDate && d.repealedDate && d.repealedDate < d.writtenDate) problems.push('废止日期不能早于成文日期');
  if (d.effectiveDate && d.repealedDate && d.repealedDate < d.effectiveDate) problems.push('废止日期不能早于施行日期');
  if (d.kind === 'other' && (d.effectiveDate || d.repealedDate)) {
    problems.push('施行日期和废止日期只适用于规章和行政规范性文件');
  }
  if (opts.forPublication) {
    if (!d.writtenDate) problems.push('发布前须填写成文日期（第二十六条的期限自形成之日起算）');
    if (d.kind !== 'other' && !d.docNumber?.trim()) problems.push('规章和行政规范性文件发布前须填写文号');
  }
  return problems;
}

/** How many working days 第二十六条 allows between 形成/变更 and publication. */
export const PUBLICATION_WORKING_DAYS = 20;

export type DeadlineState = 'ok' | 'due_soon' | 'due_today' | 'overdue' | 'unknown';

export interface PublicationDeadline {
  /** The last day to publish (the 20th working day after 成文/变更), or null when it cannot be computed. */
  dueDate: IsoDate | null;
  state: DeadlineState;
  /** Working days left from `today` to the due date (negative when overdue), null when unknown. */
  workingDaysLeft: number | null;
  /** A Chinese sentence for the console. */
  message: string;
}

/** Warn this many working days (or fewer) before the 第二十六条 deadline. */
export const WARN_WORKING_DAYS = 5;

/**
 * The 第二十六条 deadline of an unpublished document formed (成文) or changed on `formedDate`, seen
 * on `today`. A date in a year the calendar does not know gives state 'unknown' (never a guess).
 */
export function publicationDeadline(calendar: Calendar, formedDate: IsoDate | null, today: IsoDate): PublicationDeadline {
  if (!formedDate) {
    return { dueDate: null, state: 'unknown', workingDaysLeft: null, message: '未填写成文日期，无法计算第二十六条规定的公开期限' };
  }
  let dueDate: IsoDate;
  let left: number;
  try {
    dueDate = calendar.addWorkingDays(formedDate, PUBLICATION_WORKING_DAYS);
    left = calendar.workingDaysBetween(today, dueDate);
  } catch (err) {
    return { dueDate: null, state: 'unknown', workingDaysLeft: null, message: `无法计算公开期限：${(err as Error).message}` };
  }
  let state: DeadlineState;
  let message: string;
  if (today > dueDate) {
    state = 'overdue';
    message = `已超过第二十六条规定的公开期限（应于 ${dueDate} 前公开，已逾期 ${-left} 个工作日）`;
  } else if (today === dueDate) {
    state = 'due_today';
    message = `今天（${dueDate}）是第二十六条规定的公开期限的最后一天`;
  } else if (left <= WARN_WORKING_DAYS) {
    state = 'due_soon';
    message = `请尽快公开：第二十六条规定的期限为 ${dueDate}，还剩 ${left} 个工作日`;
  } else {
    state = 'ok';
    message = `应于 ${dueDate} 前公开（还剩 ${left} 个工作日）`;
  }
  return { dueDate, state, workingDaysLeft: left, message };
}
