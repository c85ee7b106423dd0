/** 登记送达: the decision was delivered to the applicant, and how. */
import { z } from 'zod';
import { awaitingDelivery, DELIVERED_BY, DELIVERED_BY_LABELS } from '../../domain/applications/index.ts';
import { defineStep } from './types.ts';

export const deliver = defineStep({
  name: 'deliver', // the API's `step`
  label: '登记送达', // heading, action label, notice
  action: 'application.deliver', // who may (src/app/policies.ts)
  input: { method: z.enum(DELIVERED_BY, { error: '请选择送达方式' }) }, // + `date`, for every step
  available: awaitingDelivery, // when the case admits it (a domain rule)
  events: ({ date }, input) => [{ type: 'delivered', date, method: input.method }],
  form: () => ({
    fields: [{ kind: 'date' }, { kind: 'select', name: 'method', id: 'f-dmethod', label: '送达方式', options: DELIVERED_BY.map((m) => ({ value: m, label: DELIVERED_BY_LABELS[m] })) }],
  }),
  timeline: { delivered: (e) => (e.method ? DELIVERED_BY_LABELS[e.method] : '') },
});
