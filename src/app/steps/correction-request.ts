/** 告知补正 (第三十条): the points to correct, told at once, and the applicant's period; the 补正告知书. */
import { z } from 'zod';
import { isActive, isPending } from '../../domain/applications/index.ts';
import { text } from '../applications/schemas.ts';
import { defaultServiceMethod, serviceMethodField, serviceMethodInput, serviceOnSending } from './service.ts';
import { defineStep } from './types.ts';

export const correctionRequest = defineStep({
  name: 'correction_request',
  label: '告知补正',
  action: 'application.handle',
  input: {
    items: z.array(text('补正事项', 500)).min(1, '请列明需要补正的事项（一次性告知）').max(10),
    periodWorkingDays: z.number().int().min(1, '补正期限至少1个工作日').max(15, '补正期限一般不超过15个工作日').default(15),
    serviceMethod: serviceMethodInput,
  },
  available: (view) => isActive(view) && !view.pendingDecision,
  events: ({ c, date }, input) => [
    { type: 'correction_requested', date, periodWorkingDays: input.periodWorkingDays, items: input.items, ...serviceOnSending(input.serviceMethod ?? defaultServiceMethod(c), date) },
  ],
  async letters(l, input) {
    const n = l.clock.corrections.length - 1;
    // A deadline in a calendar year not yet entered, or of a letter not yet served, is left out of the
    // letter: it states 「自收到本告知书之日起N个工作日内」 and no invented date.
    const deadlinePending = isPending(l.view.pending, `corrections.${n}.deadline`);
    await l.issue('correction', {
      ...l.base(),
      correctionItems: input.items,
      correctionPeriodDays: input.periodWorkingDays,
      ...(deadlinePending || !l.clock.corrections[n].deadline ? {} : { correctionDeadline: l.clock.corrections[n].deadline }),
    });
  },
  form: (c) => ({
    button: '发出补正告知书',
    fields: [
      { kind: 'date' },
      serviceMethodField(defaultServiceMethod(c)),
      { kind: 'textarea', name: 'items', id: 'f-items', label: '需要补正的事项（每行一项，一次性告知，第三十条）', rows: 3, required: true, as: 'lines' },
      { kind: 'number', name: 'periodWorkingDays', label: '补正期限（工作日）', value: 15, min: 1, max: 15 },
    ],
  }),
});
