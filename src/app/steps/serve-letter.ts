/**
 * 登记送达 (regulation.md §6): a letter recorded as 待送达 (邮寄, 留置, 公告) was served on its
 * addressee; the period it opens runs from that day. The date is the day of the act (the receipt's
 * date, the day it was left, the day the notice was published); proof is required except for
 * 电子送达, which the system's own record proves.
 */
import { z } from 'zod';
import { isOpen } from '../../domain/applications/index.ts';
import { SERVED_LETTER_LABELS, SERVICE_DATE_RULES, SERVICE_METHOD_LABELS, SERVICE_METHODS, type ServedLetter, type ServiceMethod } from '../../domain/clock/index.ts';
import { AppError } from '../errors.ts';
import { optText } from '../applications/schemas.ts';
import type { Option } from './types.ts';
import { defineStep } from './types.ts';

const LETTERS = Object.keys(SERVED_LETTER_LABELS) as [ServedLetter, ...ServedLetter[]];

/** The form's one choice of letter: `correction`, `fee`, or `consultation:<ref>`. */
function letterOptions(awaiting: ReadonlyArray<{ letter: ServedLetter; sent: string; ref?: string }>): Option[] {
  // A case with nothing awaiting service still reads a posted form (the use case then refuses it).
  if (!awaiting.length) return LETTERS.map((l) => ({ value: l, label: SERVED_LETTER_LABELS[l] }));
  return awaiting.map((a) => ({
    value: a.ref !== undefined ? `${a.letter}:${a.ref}` : a.letter,
    label: `${a.sent}发出的${SERVED_LETTER_LABELS[a.letter]}${a.ref ? `（${a.ref}）` : ''}`,
  }));
}

export const serveLetter = defineStep({
  name: 'serve_letter',
  label: '登记送达',
  action: 'application.deliver',
  input: {
    letter: z.enum(LETTERS, { error: '请选择送达的文书：补正告知书、征求意见书或收费通知书' }),
    ref: optText('征求意见对象', 100),
    method: z.enum(SERVICE_METHODS as [ServiceMethod, ...ServiceMethod[]], { error: '请选择送达方式' }),
    proof: optText('送达凭证', 500),
  },
  available: (view) => isOpen(view) && (view.clock?.awaitingService.length ?? 0) > 0,
  // A receipt often comes back after later steps were recorded: the day of service may be earlier.
  backdated: true,
  events({ date }, input) {
    if (input.method !== 'electronic' && !input.proof) {
      throw new AppError(400, 'service.proof', `请填写${SERVICE_METHOD_LABELS[input.method]}的凭证（送达回证、邮寄回执或快递单号、留置送达记录、公告）`);
    }
    return [
      {
        type: 'letter_served',
        date,
        letter: input.letter,
        method: input.method,
        ...(input.ref ? { ref: input.ref } : {}),
        ...(input.proof ? { proof: input.proof } : {}),
      },
    ];
  },
  form: (c) => ({
    button: '登记送达',
    fields: [
      { kind: 'select', name: 'letter', id: 'f-served-letter', label: '送达的文书', options: letterOptions(c.view.clock?.awaitingService ?? []) },
      {
        kind: 'select',
        name: 'method',
        id: 'f-served-method',
        label: '送达方式',
        options: SERVICE_METHODS.map((m) => ({ value: m, label: SERVICE_METHOD_LABELS[m] })),
      },
      { kind: 'date' },
      { kind: 'note', hint: true, text: SERVICE_METHODS.map((m) => `${SERVICE_METHOD_LABELS[m]}：${SERVICE_DATE_RULES[m]}`).join('；') + '。' },
      { kind: 'text', name: 'proof', id: 'f-served-proof', label: '送达凭证（送达回证、回执或快递单号、留置记录、公告；电子送达可不填）', maxlength: 500 },
    ],
  }),
  fromForm(v) {
    const [letter, ...rest] = String(v.letter ?? '').split(':');
    return { letter, ref: rest.length ? rest.join(':') : undefined, method: v.method, proof: typeof v.proof === 'string' && v.proof.trim() ? v.proof : undefined };
  },
  timeline: { letter_served: (e) => `${SERVED_LETTER_LABELS[e.letter]}，${SERVICE_METHOD_LABELS[e.method]}` },
});
