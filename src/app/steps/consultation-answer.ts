/** 收到征求意见答复: the consulted party's answer; the consultation stops pausing the clock. */
import { z } from 'zod';
import { isActive, openConsultations } from '../../domain/applications/index.ts';
import { optText } from '../applications/schemas.ts';
import { defineStep } from './types.ts';

export const consultationAnswer = defineStep({
  name: 'consultation_answer',
  label: '收到征求意见答复',
  action: 'application.handle',
  input: {
    consultee: optText('被征求意见方', 100),
    opinion: z.enum(['agree', 'disagree', 'other']).default('other'),
    note: optText('意见摘要', 1000),
  },
  available: (view) => isActive(view) && openConsultations(view).length > 0,
  events({ c, date }, input) {
    const ref = input.consultee ?? openConsultations(c.view)[0]?.ref;
    return [{ type: 'consultation_answered', date, ...(ref ? { ref } : {}), opinion: input.opinion, ...(input.note ? { note: input.note } : {}) }];
  },
  form: (c) => ({
    fields: [
      { kind: 'date' },
      { kind: 'select', name: 'consultee', id: 'f-consultee2', label: '答复方', options: openConsultations(c.view).map((x) => ({ value: x.ref ?? '', label: x.ref ?? x.sent })) },
      {
        kind: 'select',
        name: 'opinion',
        id: 'f-opinion',
        label: '意见',
        options: [
          { value: 'agree', label: '同意公开' },
          { value: 'disagree', label: '不同意公开' },
          { value: 'other', label: '其他' },
        ],
      },
    ],
  }),
});
