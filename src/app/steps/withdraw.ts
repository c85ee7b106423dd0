/** 登记撤回: the applicant withdrew the application (by the applicant online, or recorded by staff). */
import { isOpen } from '../../domain/applications/index.ts';
import { defineStep } from './types.ts';

export const withdraw = defineStep({
  name: 'withdraw',
  label: '登记撤回',
  action: (actor) => (actor?.kind === 'applicant' ? 'application.withdraw_own' : 'application.handle'),
  input: {},
  available: isOpen,
  events: ({ date }) => [{ type: 'withdrawn', date }],
  form: () => ({ fields: [{ kind: 'note', text: '申请人以书面或其他方式撤回申请的，在此登记。', hint: true }, { kind: 'date' }] }),
});
