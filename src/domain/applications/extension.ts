/**
 * What the 延期答复告知书 needs (第三十三条第二款): the letter is issued whenever an extension is
 * approved — also while the new due date waits for a calendar year not yet entered or for the
 * service of a letter that pauses the period; it then states 「延长N个工作日」 and no invented date,
 * and says why the date is not stated yet. Pure.
 */
import type { IsoDate } from '../calendar/index.ts';
import { SERVED_LETTER_LABELS } from '../clock/index.ts';
import type { CaseView } from './derive.ts';
import { isPending } from './pending.ts';

export interface ExtensionLetterFacts {
  /** The day the head of the office approved it. */
  approved: IsoDate;
  workingDays: number;
  /** 「延长20个工作日」: what the letter states in every case. */
  extended: string;
  reason: string;
  /** The new last day to reply, or null when it cannot be known yet. */
  newDueDate: IsoDate | null;
  /** Why newDueDate is null, e.g. 「待2027年节假日安排录入后确定」; null when it is known. */
  newDueDatePending: string | null;
}

export function extensionLetterFacts(view: CaseView): ExtensionLetterFacts | null {
  const ext = view.clock?.extension;
  if (!view.clock || !ext) return null;
  const due = view.clock.dueDate;
  let pending: string | null = null;
  if (due === null) {
    if (isPending(view.pending, 'dueDate')) pending = view.pending!.reason;
    else if (view.clock.awaitingService.length) {
      pending = `待${view.clock.awaitingService.map((a) => SERVED_LETTER_LABELS[a.letter]).join('、')}送达后确定`;
    } else pending = '待确定';
  }
  return {
    approved: ext.approved,
    workingDays: ext.workingDays,
    extended: `延长${ext.workingDays}个工作日`,
    reason: view.approvedExtension?.reason ?? '',
    newDueDate: due,
    newDueDatePending: pending,
  };
}
