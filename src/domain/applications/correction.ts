/**
 * Whether the applicant may still send the 补正 (第三十条: 「说明需要补正的事项和合理的补正期限」…
 * 「申请人无正当理由逾期不补正的，视为放弃申请」): the one notice that stopped the reply period awaits
 * the corrected application and its period, counted from the day the notice was served, has not run
 * out. A notice still 待送达 has a period that has not begun: the applicant who has it in hand may
 * answer it at once. After the period the applicant cannot send it online (staff may still record a
 * late 补正 sent with a good reason, 收到补正, with the clock's warning).
 */
import type { IsoDate } from '../calendar/index.ts';
import type { CorrectionInfo } from '../clock/types.ts';
import { isOpen, type CaseView } from './derive.ts';

export type CorrectionWindow = { open: true; correction: CorrectionInfo } | { open: false; code: string; message: string };

export function correctionWindow(view: CaseView, today: IsoDate): CorrectionWindow {
  const c = view.clock?.corrections.find((x) => x.effective && x.received === null);
  if (!isOpen(view) || view.clock?.state !== 'awaiting_correction' || !c) {
    return { open: false, code: 'correction.none_pending', message: '本申请目前没有待补正的事项，无需提交补正' };
  }
  if (c.deadline !== null && today > c.deadline) {
    return {
      open: false,
      code: 'correction.lapsed',
      message: `补正期限已于${c.deadline}届满，不能再在线提交补正（第三十条：申请人无正当理由逾期不补正的，视为放弃申请）；如有正当理由，请与受理机关联系`,
    };
  }
  return { open: true, correction: c };
}
