/** 确认收到申请 (第三十一条): the day confirmed with the applicant is the day the application was received; the receipt (回执) is issued. */
import { issueReceipt } from '../applications/intake.ts';
import { defineStep } from './types.ts';

export const confirm = defineStep({
  name: 'confirm',
  label: '确认收到申请',
  action: 'application.confirm',
  input: {},
  available: (view) => view.clock?.state === 'awaiting_confirmation',
  events: ({ date }) => [{ type: 'receipt_confirmed', date }],
  letters: async (l) => issueReceipt(l.tx, l.before.app, l.receipt, l.clock.dueDate, l.userId),
  form: () => ({ fields: [{ kind: 'note', text: '与申请人确认的日期即收到申请之日（第三十一条）。', hint: true }, { kind: 'date' }] }),
});
