/** 征求意见 (第三十二条 third party, 第三十四条 another agency): the letter to the consultee and the notice to the applicant. */
import { z } from 'zod';
import { isActive, isPending } from '../../domain/applications/index.ts';
import { optText, text } from '../applications/schemas.ts';
import { defaultServiceMethod, serviceMethodField, serviceMethodInput, serviceOnSending } from './service.ts';
import { defineStep } from './types.ts';

export const consultationSend = defineStep({
  name: 'consultation_send',
  label: '征求意见',
  action: 'application.handle',
  input: {
    party: z.enum(['third_party', 'agency'], { error: '请选择征求意见的对象：第三方或其他机关' }),
    consultee: text('被征求意见方名称', 100),
    reason: optText('征求意见的原因', 500),
    serviceMethod: serviceMethodInput,
  },
  available: isActive,
  // The 征求意见书 goes to the third party or the other agency, not to the applicant's account: by post unless chosen otherwise.
  events: ({ c, date }, input) => [
    {
      type: 'consultation_sent',
      date,
      party: input.party,
      ref: input.consultee,
      consultee: input.consultee,
      ...(input.reason ? { reason: input.reason } : {}),
      ...serviceOnSending(input.serviceMethod ?? defaultServiceMethod(c, false), date),
    },
  ],
  async letters(l, input) {
    const n = l.clock.consultations.length - 1;
    await l.issue(input.party === 'agency' ? 'consultation_agency' : 'consultation_third_party', {
      ...l.base(),
      consultee: { name: input.consultee },
      ...(isPending(l.view.pending, `consultations.${n}.limit`) || !l.clock.consultations[n].limit ? {} : { consultationDeadline: l.clock.consultations[n].limit }),
    });
    await l.issue('consultation_notice', { ...l.base(), consultation: input.party, consultationDate: l.date, ...(input.reason ? { consultationReason: input.reason } : {}) });
  },
  form: (c) => ({
    button: '发出征求意见书',
    fields: [
      { kind: 'date' },
      serviceMethodField(defaultServiceMethod(c, false)),
      {
        kind: 'select',
        name: 'party',
        id: 'f-party',
        label: '征求谁的意见',
        options: [
          { value: 'third_party', label: '第三方（第三十二条）' },
          { value: 'agency', label: '共同制作的行政机关（第三十四条）' },
        ],
      },
      { kind: 'text', name: 'consultee', id: 'f-consultee', label: '被征求意见方名称', required: true, maxlength: 100 },
      { kind: 'text', name: 'reason', id: 'f-creason', label: '征求意见的原因（告知申请人）', maxlength: 500 },
    ],
  }),
  timeline: { consultation_sent: (e) => e.consultee ?? '' },
});
