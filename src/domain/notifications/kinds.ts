/**
 * The kinds of message Gongkai sends (issue 17, contracts.md §7): who receives each, whether the law's
 * timing needs it at once (then it goes on any day; the others wait for a working morning), and the
 * channels a recipient has until they choose otherwise.
 */

export const NOTIFICATION_KINDS = [
  'receipt',
  'letter',
  'correction_reminder',
  'fee_reminder',
  'assigned',
  'digest',
  'report_missing',
  'password_reset',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface KindInfo {
  label: string;
  /** Who receives it (the preferences page shows a user the kinds of their audience). */
  audience: 'applicant' | 'staff' | 'anyone';
  /**
   * Sent at once on any day, because a legal time runs from it: the receipt (第三十一条: the 申请编号
   * and the date the agency received the application) and every letter (第三十条 补正, 第三十三条 延期,
   * 第三十六条 答复 — 送达 starts the applicant's periods and remedies). The others are held until the
   * next working morning when produced on a day the calendar says is not a working day.
   */
  urgent: boolean;
  /** Whether an agency may adjust its wording (per-agency template); the others use the installation's. */
  perAgency: boolean;
  /** Whether the recipient may turn the e-mail off (a password reset cannot be unsubscribed: it is asked for). */
  optional: boolean;
  defaults: { email: boolean; inApp: boolean };
}

export const KINDS: Record<NotificationKind, KindInfo> = {
  receipt: { label: '申请受理回执（申请编号）', audience: 'applicant', urgent: true, perAgency: true, optional: true, defaults: { email: true, inApp: true } },
  letter: { label: '寄给您的文书（补正、延期、答复等告知书）', audience: 'applicant', urgent: true, perAgency: true, optional: true, defaults: { email: true, inApp: true } },
  correction_reminder: { label: '补正期限届满前提醒', audience: 'applicant', urgent: false, perAgency: true, optional: true, defaults: { email: true, inApp: true } },
  fee_reminder: { label: '缴费期限届满前提醒', audience: 'applicant', urgent: false, perAgency: true, optional: true, defaults: { email: true, inApp: true } },
  assigned: { label: '指定我承办的申请', audience: 'staff', urgent: false, perAgency: true, optional: true, defaults: { email: true, inApp: true } },
  digest: { label: '每个工作日早晨的待办摘要（即将到期、已逾期、待我审批）', audience: 'staff', urgent: false, perAgency: false, optional: true, defaults: { email: true, inApp: true } },
  report_missing: { label: '下级机关年度报告未报送或未公布（1月15日起）', audience: 'staff', urgent: false, perAgency: false, optional: true, defaults: { email: true, inApp: true } },
  password_reset: { label: '重置密码', audience: 'anyone', urgent: true, perAgency: false, optional: false, defaults: { email: true, inApp: false } },
};

export function isNotificationKind(s: unknown): s is NotificationKind {
  return typeof s === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(s);
}

/** The kinds a user of this kind may set preferences for. */
export function kindsFor(userKind: 'staff' | 'applicant'): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((k) => KINDS[k].optional && (KINDS[k].audience === userKind || KINDS[k].audience === 'anyone'));
}
