/** 审批延期 (第三十三条第二款): the head of the office approves or refuses; an approval issues the 延期答复告知书. */
import { z } from 'zod';
import { extensionLetterFacts, isOpen } from '../../domain/applications/index.ts';
import { optText } from '../applications/schemas.ts';
import { defineStep } from './types.ts';

export const extensionDecide = defineStep({
  name: 'extension_decide',
  label: '审批延期',
  action: 'application.approve',
  input: { approve: z.boolean({ error: '请选择同意或不同意' }), reason: optText('意见', 500) },
  available: (view) => isOpen(view) && !!view.pendingExtension,
  events({ c, date, actorName }, input) {
    if (input.approve) return [{ type: 'extension_approved', date, workingDays: c.view.pendingExtension?.workingDays ?? 0, approvedBy: actorName }];
    return [{ type: 'extension_refused', date, ...(input.reason ? { reason: input.reason } : {}) }];
  },
  async letters(l, input) {
    // Issued whenever it is approved, also while the new due date waits for next year's calendar or
    // for a letter's service: it then states 「延长N个工作日」 and no date (extensionLetterFacts).
    const facts = input.approve ? extensionLetterFacts(l.view) : null;
    if (!facts) return;
    await l.issue('extension', {
      ...l.base(),
      extensionReason: facts.reason,
      extensionDays: facts.workingDays,
      ...(facts.newDueDate ? { newDueDate: facts.newDueDate } : { newDueDatePending: true }),
    });
  },
  form(c) {
    const p = c.view.pendingExtension;
    return {
      button: '提交审批意见',
      fields: [
        ...(p ? [{ kind: 'note' as const, text: `承办人申请延长${p.workingDays}个工作日：${p.reason}` }] : []),
        { kind: 'date' },
        {
          kind: 'select',
          name: 'approve',
          id: 'f-approve',
          label: '审批意见',
          as: 'boolean',
          options: [
            { value: 'true', label: '同意延期' },
            { value: 'false', label: '不同意' },
          ],
        },
      ],
    };
  },
  timeline: { extension_approved: (e) => `${e.workingDays}个工作日` },
});
