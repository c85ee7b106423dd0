/** 申请延期 (第三十三条第二款): the handler asks the head of the office; another person approves. */
import { z } from 'zod';
import { isActive } from '../../domain/applications/index.ts';
import { text } from '../applications/schemas.ts';
import { defineStep } from './types.ts';

export const extensionRequest = defineStep({
  name: 'extension_request',
  label: '申请延期',
  action: 'application.handle',
  input: {
    workingDays: z.number().int().min(1).max(20, '延长的期限最长不得超过20个工作日（第三十三条第二款）').default(20),
    reason: text('延期理由', 500),
  },
  available: (view) => isActive(view) && !view.clock?.extension && !view.pendingExtension,
  events: ({ date }, input) => [{ type: 'extension_requested', date, workingDays: input.workingDays, reason: input.reason }],
  form: () => ({
    button: '提交负责人审批',
    fields: [
      { kind: 'date' },
      { kind: 'number', name: 'workingDays', label: '延长（工作日，最多20）', value: 20, min: 1, max: 20 },
      { kind: 'text', name: 'reason', id: 'f-ereason', label: '延期理由', required: true, maxlength: 500 },
    ],
  }),
  timeline: { extension_requested: (e) => `${e.workingDays}个工作日` },
});
