/** 收到补正 (第三十条): the corrected application arrived; the reply period starts again. */
import { isOpen } from '../../domain/applications/index.ts';
import { defineStep } from './types.ts';

export const correctionReceive = defineStep({
  name: 'correction_receive',
  label: '收到补正',
  action: 'application.handle',
  input: {},
  available: (view) => isOpen(view) && view.clock?.state === 'awaiting_correction',
  events: ({ date }) => [{ type: 'correction_received', date }],
  form: () => ({ fields: [{ kind: 'date' }] }),
});
