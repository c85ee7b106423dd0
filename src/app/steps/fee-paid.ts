/** 登记缴费: the applicant paid the 信息处理费; the clock runs again. */
import { feeUnpaid, isActive } from '../../domain/applications/index.ts';
import { defineStep } from './types.ts';

export const feePaid = defineStep({
  name: 'fee_paid',
  label: '登记缴费',
  action: 'application.handle',
  input: {},
  available: (view) => isActive(view) && feeUnpaid(view),
  events: ({ date }) => [{ type: 'fee_paid', date }],
  form: () => ({ fields: [{ kind: 'date' }] }),
});
