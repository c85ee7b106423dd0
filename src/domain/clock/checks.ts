/**
 * The clock's checks of one event that do not move the clock: how a letter's 送达 is recorded and
 * whether a decision is lawful on its day (第三十条, 第三十二条, 第三十四条, 国办函〔2020〕109号).
 */
import { isIsoDate, type IsoDate } from '../calendar/index.ts';
import { isOutcomeCode } from '../taxonomy/index.ts';
import { CLOCK_EVENT_LABELS, type ClockEvent, type LetterService } from './events.ts';
import { LEGACY_SERVED_ON_SENDING_DAY } from './policies.ts';
import { isServiceMethod, SERVICE_METHOD_LABELS } from './service.ts';
import { ClockError, type ConsultationInfo, type CorrectionInfo, type FeeInfo, type Service } from './types.ts';

export function err(code: string, message: string, index?: number): never {
  throw new ClockError(code, message, index);
}

/** 「2024-02-08「作出答复」」: how an error message names the event (built only when one is thrown). */
export function where(e: ClockEvent): string {
  return `${e.date}「${CLOCK_EVENT_LABELS[e.type]}」`;
}

/** 送达 as recorded on a letter event (events.ts LetterService). */
export function initialService(e: LetterService & { date: IsoDate }, i: number, at: string): Service {
  if (e.served === undefined) return { served: LEGACY_SERVED_ON_SENDING_DAY ? e.date : null };
  if (e.served === null) return { served: null };
  if (!isIsoDate(e.served)) err('service.bad_date', `${at}：送达日期「${String(e.served)}」不是 YYYY-MM-DD 格式的真实日期`, i);
  if (e.served < e.date) err('service.before_sending', `${at}：送达日期${e.served}早于发出日期${e.date}`, i);
  if (e.serviceMethod !== undefined && !isServiceMethod(e.serviceMethod)) {
    err('service.method', `${at}：送达方式「${String(e.serviceMethod)}」未知，应为 ${Object.values(SERVICE_METHOD_LABELS).join('、')} 之一`, i);
  }
  return { served: e.served, ...(e.serviceMethod !== undefined ? { serviceMethod: e.serviceMethod } : {}) };
}

/** Disclosure outcomes a consulted party's rights depend on (第三十二条, 第三十四条). */
const DISCLOSING = new Set(['public', 'partial']);

/** The decision's own rules: a lapse only after the served period ran out; no disclosure over an open consultation. */
export function checkDecision(
  e: Extract<ClockEvent, { type: 'decided' }>,
  i: number,
  open: CorrectionInfo | null,
  corrections: readonly CorrectionInfo[],
  consultations: readonly ConsultationInfo[],
  fee: FeeInfo | null,
): void {
  if (!isOutcomeCode(e.outcome)) err('decided.outcome', `${where(e)}：办理结果「${String(e.outcome)}」不是年度报告表格中的结果类型`, i);
  if (e.outcome === 'other.correction_lapsed') {
    if (!open) {
      const ineffective = corrections.find((c) => c.received === null);
      if (ineffective) {
        err(
          'decided.correction_ineffective',
          `${where(e)}：${ineffective.requested}的补正通知${ineffective.ineffective === 'second' ? '是第二次告知' : `超过7个工作日（应于${ineffective.noticeDue}前）才发出`}，不产生中止答复期限的效果，不能据此以「逾期不补正」终止（第三十条：7个工作日内一次性告知）`,
          i,
        );
      }
      err('decided.no_correction', `${where(e)}：没有待补正的通知，不能以「逾期不补正」终止`, i);
    }
    if (open.deadline === null) {
      err('decided.correction_not_served', `${where(e)}：补正告知书尚待送达，补正期限自申请人收到之日起计算，不能以「逾期不补正」终止（第三十条）`, i);
    }
    if (e.date <= open.deadline) {
      err('decided.correction_not_lapsed', `${where(e)}：补正期限自送达之日（${open.served}）起计算，至${open.deadline}，尚未届满，不能以「逾期不补正」终止（第三十条）`, i);
    }
  }
  if (e.outcome === 'other.fee_lapsed') {
    if (!fee || fee.paid !== null) err('decided.no_fee', `${where(e)}：没有未缴费的收费通知，不能以「逾期未缴费」终止`, i);
    if (fee.payBy === null) err('decided.fee_not_served', `${where(e)}：收费通知尚待送达，缴费期限自收到通知次日起计算，不能以「逾期未缴费」终止`, i);
    if (e.date <= fee.payBy) {
      err('decided.fee_not_lapsed', `${where(e)}：缴费期限自送达之日（${fee.served}）次日起20个工作日，至${fee.payBy}，尚未届满，不能以「逾期未缴费」终止`, i);
    }
  }
  if (DISCLOSING.has(e.outcome)) {
    const c = consultations.find((x) => x.answered === null && (x.limit === null || e.date <= x.limit));
    if (c) {
      const article = c.party === 'third_party' ? '第三十二条' : '第三十四条';
      err(
        'decided.consultation_open',
        `${where(e)}：${c.sent}发出的征求意见${c.limit === null ? '尚待送达' : `的答复期限至${c.limit}`}，尚未收到意见，不能作出公开的决定（${article}：自收到征求意见书之日起15个工作日内提出意见）`,
        i,
      );
    }
  }
}

