/**
 * 审查申请理由 (第三十五条): 「行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是
 * 无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。」
 *
 * One of three conclusions (src/domain/applications/excessive.ts):
 * - 不合理: the 不予处理 of row （五）4 is drafted (decision_proposed, not_handled.excessive) and goes to
 *   the reviewer like every decision; its letter cites 第三十五条 and the day reasons were asked for.
 * - 合理: handled as any application, within 第三十三条's period.
 * - 合理但无法按期答复: the agency sets the later date (reply_deferred: the clock's due date becomes it)
 *   and the 延迟答复告知书 tells the applicant.
 */
import { z } from 'zod';
import { EXPLANATION_CONCLUSION_LABELS, EXPLANATION_CONCLUSIONS, isOpen, type CaseEvent } from '../../domain/applications/index.ts';
import { AppError } from '../errors.ts';
import { dateSchema, optText } from '../applications/schemas.ts';
import { defineStep } from './types.ts';

export const explanationAssess = defineStep({
  name: 'explanation_assess',
  label: '审查申请理由',
  action: 'application.handle',
  input: {
    conclusion: z.enum(EXPLANATION_CONCLUSIONS, { error: '请选择审查结论' }),
    statement: optText('申请人说明的理由', 1000),
    until: dateSchema.optional(),
  },
  available: (view) => isOpen(view) && !!view.explanation && !view.explanation.assessed,
  events({ c, date }, input) {
    const asked = c.view.explanation;
    if (!asked) throw new AppError(409, 'explanation.none', '尚未要求申请人说明理由（第三十五条）');
    const assessed: CaseEvent = { type: 'explanation_assessed', date, conclusion: input.conclusion, ...(input.statement ? { statement: input.statement } : {}) };
    switch (input.conclusion) {
      case 'unreasonable':
        return [
          assessed,
          { type: 'decision_proposed', date, outcome: 'not_handled.excessive', details: { explanationRequestDate: asked.requested, ...(input.statement ? { reasonDetail: `您说明的理由为：${input.statement}。` } : {}) } },
        ];
      case 'reasonable':
        if (input.until) throw new AppError(400, 'deferral.not_deferred', '认定能在第三十三条规定的期限内答复的，不确定延迟答复期限');
        return [assessed];
      case 'reasonable_deferred':
        if (!input.until) throw new AppError(400, 'deferral.until', '请确定延迟答复的合理期限（第三十五条）');
        return [assessed, { type: 'reply_deferred', date, until: input.until, reason: asked.grounds, explanationRequested: asked.requested }];
    }
  },
  async letters(l, input) {
    const d = l.clock.deferral;
    const asked = l.view.explanation;
    if (input.conclusion !== 'reasonable_deferred' || !d || !asked) return;
    await l.issue('deferral', { ...l.base(), explanationGrounds: asked.grounds, explanationRequestDate: asked.requested, deferredUntil: d.until });
  },
  form(c) {
    const asked = c.view.explanation;
    const due = c.view.clock?.dueDate;
    return {
      button: '提交审查结论',
      fields: [
        ...(asked ? [{ kind: 'note' as const, text: `${asked.requested}已要求申请人说明理由：${asked.grounds}` }] : []),
        { kind: 'date' },
        { kind: 'textarea', name: 'statement', id: 'f-statement', label: '申请人说明的理由（未说明的留空）', rows: 2 },
        {
          kind: 'select',
          name: 'conclusion',
          id: 'f-conclusion',
          label: '审查结论（第三十五条）',
          required: true,
          prompt: '请选择',
          options: EXPLANATION_CONCLUSIONS.map((v) => ({ value: v, label: EXPLANATION_CONCLUSION_LABELS[v] })),
        },
        { kind: 'text', type: 'date', name: 'until', id: 'f-until', label: '延迟答复的合理期限（仅“无法在期限内答复”时填写）', ...(due ? { min: due } : {}) },
        {
          kind: 'note',
          hint: true,
          text: `认定不合理的，拟定「不予处理（无正当理由大量反复申请）」交审核人审批；延迟答复的期限应为晚于第三十三条规定期限${due ? `（${due}）` : ''}的工作日，并在该期限届满前确定。`,
        },
      ],
    };
  },
  timeline: {
    explanation_assessed: (e) => EXPLANATION_CONCLUSION_LABELS[e.conclusion],
    reply_deferred: (e) => `延迟至${e.until}答复`,
  },
});
