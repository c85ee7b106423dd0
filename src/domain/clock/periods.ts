/**
 * The periods addressed to someone, each running 「自收到…之日起」 — from the day its letter was served
 * (service.ts), that day not counted. Null while the letter awaits service: the period has not begun
 * and no date may be invented for it (the letter says 「自收到之日起」).
 */
import type { Calendar, IsoDate } from '../calendar/index.ts';
import { CONSULTATION_REPLY_WD, FEE_PAYMENT_WD } from './policies.ts';

/**
 * 第三十条: the applicant's last day to send the correction — `periodWorkingDays` working days after
 * the day the notice was served, or the date the notice itself set.
 */
export function correctionDeadline(
  cal: Calendar,
  served: IsoDate | null,
  spec: { deadline?: IsoDate; periodWorkingDays: number | null },
): IsoDate | null {
  if (served === null) return null;
  if (spec.deadline !== undefined) return spec.deadline;
  return cal.addWorkingDays(served, spec.periodWorkingDays ?? 0);
}

/** 第三十二条 (第三方), 第三十四条 (其他机关): 「自收到征求意见书之日起15个工作日内提出意见」. */
export function consultationLimit(cal: Calendar, served: IsoDate | null): IsoDate | null {
  return served === null ? null : cal.addWorkingDays(served, CONSULTATION_REPLY_WD);
}

/** 国办函〔2020〕109号 (as restated, regulation.md §3): 「在收到收费通知次日起20个工作日内缴纳费用」. */
export function feePayBy(cal: Calendar, served: IsoDate | null): IsoDate | null {
  return served === null ? null : cal.addWorkingDays(served, FEE_PAYMENT_WD);
}
