/** 发出收费通知 (国办函〔2020〕109号): the amount, how it was computed, how to pay; the 收费通知书. */
import { z } from 'zod';
import { isActive, isPending } from '../../domain/applications/index.ts';
import { text } from '../applications/schemas.ts';
import { defaultServiceMethod, serviceMethodField, serviceMethodInput, serviceOnSending } from './service.ts';
import { defineStep } from './types.ts';

export const feeNotice = defineStep({
  name: 'fee_notice',
  label: '发出收费通知',
  action: 'application.handle',
  input: {
    amountYuan: z.number().positive('收费数额应大于0').max(1_000_000),
    method: z.enum(['pieces', 'pages']),
    standard: text('收费标准', 500),
    payment: text('缴纳方式', 500),
    serviceMethod: serviceMethodInput,
  },
  available: (view) => isActive(view) && (!view.clock?.fee || view.clock.fee.paid !== null),
  events: ({ c, date }, input) => [
    {
      type: 'fee_notice_sent',
      date,
      amount: input.amountYuan,
      method: input.method,
      standard: input.standard,
      payment: input.payment,
      ...serviceOnSending(input.serviceMethod ?? defaultServiceMethod(c), date),
    },
  ],
  async letters(l, input) {
    await l.issue('fee_notice', {
      ...l.base(),
      fee: {
        amountYuan: input.amountYuan,
        method: input.method,
        standard: input.standard,
        payment: input.payment,
        paymentDeadline: isPending(l.view.pending, 'fee.payBy') ? undefined : (l.clock.fee?.payBy ?? undefined),
      },
    });
  },
  form: (c) => ({
    button: '发出收费通知书',
    fields: [
      { kind: 'date' },
      serviceMethodField(defaultServiceMethod(c)),
      { kind: 'number', name: 'amountYuan', label: '收费数额（元）', min: 1, step: 1, required: true },
      {
        kind: 'select',
        name: 'method',
        id: 'f-method',
        label: '计收方式',
        options: [
          { value: 'pieces', label: '按件计收' },
          { value: 'pages', label: '按量计收' },
        ],
      },
      { kind: 'text', name: 'standard', id: 'f-standard', label: '收费标准', required: true, maxlength: 500 },
      { kind: 'text', name: 'payment', id: 'f-payment', label: '缴纳方式', required: true, maxlength: 500 },
    ],
  }),
});
