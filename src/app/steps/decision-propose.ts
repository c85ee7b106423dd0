/** 拟定答复 (第三十六条, 第三十七条): the handler drafts exactly one outcome leaf of table 2 and its letter's facts, for a reviewer to approve. */
import { z } from 'zod';
import { isOpen, isReceived } from '../../domain/applications/index.ts';
import { OUTCOME_CODES, OUTCOME_GROUPS, OUTCOME_LEAVES, outcomeLeaf, type OutcomeCode } from '../../domain/taxonomy/index.ts';
import { decisionDetailsSchema } from '../applications/schemas.ts';
import { defineStep, type FormField } from './types.ts';

const DETAIL_FIELDS = ['reasonDetail', 'access', 'disclosedPart', 'prohibitingLaw', 'specialLaw', 'otherReason', 'otherDecision'] as const;
const text = (name: string, label: string, maxlength: number): FormField => ({ kind: 'text', name, id: `f-${name}`, label, maxlength });

export const decisionPropose = defineStep({
  name: 'decision_propose',
  label: '拟定答复',
  action: 'application.handle',
  input: {
    outcome: z.enum(OUTCOME_CODES as [OutcomeCode, ...OutcomeCode[]], { error: '请选择办理结果（表二的21种结果之一）' }),
    details: decisionDetailsSchema,
  },
  available: (view) => isOpen(view) && isReceived(view) && !view.pendingDecision,
  events: ({ date }, input) => [{ type: 'decision_proposed', date, outcome: input.outcome, details: input.details }],
  form: () => ({
    button: '提交审核人审批',
    fields: [
      { kind: 'date' },
      {
        kind: 'select',
        name: 'outcome',
        id: 'f-outcome',
        label: '办理结果（年度报告表二的一种）',
        required: true,
        prompt: '请选择',
        groups: (Object.keys(OUTCOME_GROUPS) as Array<keyof typeof OUTCOME_GROUPS>).map((g) => ({
          label: `${OUTCOME_GROUPS[g].numeral}${g === 'partial' ? '部分公开' : OUTCOME_GROUPS[g].label}`,
          options: OUTCOME_LEAVES.filter((l) => l.group === g).map((l) => ({ value: l.code, label: `${l.label}（${l.articles.join('、') || '无条文'}）` })),
        })),
      },
      { kind: 'textarea', name: 'reasonDetail', id: 'f-reasonDetail', label: '理由（具体情况）', rows: 2 },
      text('access', '获取方式、途径', 500),
      {
        kind: 'fieldset',
        legend: '部分公开（第三十七条）',
        fields: [
          text('disclosedPart', '提供的内容', 2000),
          text('withheldContent', '不予公开的内容', 500),
          {
            kind: 'select',
            name: 'withheldGround',
            id: 'f-withheldGround',
            label: '不予公开的理由类别',
            options: [...OUTCOME_LEAVES.filter((l) => l.group === 'withheld').map((l) => ({ value: l.code, label: l.label })), { value: 'not_government_info', label: '不属于政府信息' }],
          },
          text('withheldReason', '不予公开的具体理由', 1000),
        ],
      },
      {
        kind: 'fieldset',
        legend: '其他情形需要的内容',
        fields: [
          text('prohibitingLaw', '禁止公开的法律、行政法规', 200),
          text('specialLaw', '对获取信息有特别规定的法律、行政法规', 200),
          text('otherReason', '其他处理：理由', 1000),
          text('otherDecision', '其他处理：处理决定', 500),
        ],
      },
    ],
  }),
  fromForm(f) {
    const details: Record<string, unknown> = {};
    for (const k of DETAIL_FIELDS) if (f[k] !== undefined) details[k] = f[k];
    if (f.withheldContent !== undefined) details.withheldParts = [{ content: f.withheldContent, ground: f.withheldGround, reason: f.withheldReason ?? '' }];
    return { outcome: f.outcome, details };
  },
  timeline: { decision_proposed: (e) => outcomeLeaf(e.outcome).label },
});
