/**
 * 审批答复: the reviewer approves the drafted outcome (the decision, 第三十六条/第三十七条, and its
 * reply letter) or sends it back with a reason (退回重拟). The reply to an online application goes to
 * the applicant's account (defaultServiceMethod, the named policy of src/domain/clock/service.ts) and
 * is served there the day it arrives — the day it is approved and issued (电子送达, regulation.md §6:
 * 「以送达信息到达受送达人特定系统的日期为送达日期」), not the day the applicant opens it: its 送达
 * is recorded with the decision. Other replies wait for 登记送达 (deliver.ts).
 */
import { z } from 'zod';
import { isOpen, type CaseView } from '../../domain/applications/index.ts';
import type { LetterData } from '../../domain/letters/index.ts';
import { outcomeLeaf } from '../../domain/taxonomy/index.ts';
import { AppError } from '../errors.ts';
import { optText } from '../applications/schemas.ts';
import { defaultServiceMethod } from './service.ts';
import { defineStep, type FormField } from './types.ts';

export const decisionReview = defineStep({
  name: 'decision_review',
  label: '审批答复',
  action: 'application.approve',
  input: { approve: z.boolean({ error: '请选择同意或退回' }), reason: optText('退回理由', 500) },
  available: (view) => isOpen(view) && !!view.pendingDecision,
  events({ c, date }, input) {
    const p = c.view.pendingDecision;
    if (!p) throw new AppError(409, 'decision.none_pending', '没有等待审批的答复意见');
    if (input.approve) {
      const online = defaultServiceMethod(c) === 'electronic';
      return [{ type: 'decided', date, outcome: p.outcome, details: p.details }, ...(online ? [{ type: 'delivered' as const, date, method: 'online' as const }] : [])];
    }
    if (!input.reason) throw new AppError(400, 'decision.return_reason', '请写明退回的理由');
    return [{ type: 'decision_returned', date, reason: input.reason }];
  },
  async letters(l, input) {
    if (input.approve && l.view.decision) await l.issue(outcomeLeaf(l.view.decision.outcome).letterKind, decisionLetterData(l.base(), l.view));
  },
  form(c) {
    const p = c.view.pendingDecision;
    const leaf = p ? outcomeLeaf(p.outcome) : null;
    const summary: FormField[] =
      p && leaf
        ? [
            { kind: 'note', text: '拟办结果：', strong: leaf.label, after: `（依据：${leaf.articles.join('、') || '—'}）` },
            ...(p.details.disclosedPart ? [{ kind: 'note' as const, text: `提供：${p.details.disclosedPart}` }] : []),
            ...(p.details.withheldParts ?? []).map((w) => ({ kind: 'note' as const, text: `不予公开：${w.content}——${w.reason}` })),
          ]
        : [];
    return {
      button: '提交审批意见',
      fields: [
        ...summary,
        { kind: 'date' },
        {
          kind: 'select',
          name: 'approve',
          id: 'f-approve2',
          label: '审批意见',
          as: 'boolean',
          options: [
            { value: 'true', label: '同意，生成答复书' },
            { value: 'false', label: '退回重拟' },
          ],
        },
        { kind: 'text', name: 'reason', id: 'f-rreason', label: '退回理由', maxlength: 500 },
      ],
    };
  },
  timeline: { decided: (e) => outcomeLeaf(e.outcome).label },
});

/** The decision letter's data: the approved details, the 补正 and fee dates it cites, the defaults of its variant. */
function decisionLetterData(base: Omit<LetterData, 'number'>, view: CaseView): Omit<LetterData, 'number'> {
  const decision = view.decision!;
  const clock = view.clock!;
  const d = decision.details;
  const lastCorrection = clock.corrections[clock.corrections.length - 1];
  const out: Omit<LetterData, 'number'> = {
    ...base,
    outcome: decision.outcome,
    ...d,
    ...(lastCorrection ? { correctionNoticeDate: lastCorrection.requested } : {}),
    ...(lastCorrection?.received ? { correctionReceivedDate: lastCorrection.received } : {}),
    ...(clock.fee ? { feeNoticeDate: clock.fee.sent } : {}),
    // 第三十五条: the 不予处理 letter states the day reasons were asked for.
    ...(view.explanation && !d.explanationRequestDate ? { explanationRequestDate: view.explanation.requested } : {}),
  };
  if (decision.outcome === 'withheld.third_party' && d.thirdPartyConsulted === undefined) out.thirdPartyConsulted = view.consultations.some((x) => x.party === 'third_party');
  if (decision.outcome === 'public' && !d.variant) out.variant = 'provided';
  if (decision.outcome === 'unavailable.not_held' && !d.variant) out.variant = 'not_exist';
  return out;
}
