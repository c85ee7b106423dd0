/**
 * 登记送达 (regulation.md §6): a letter recorded as 待送达 (邮寄, 留置, 公告) was served on its
 * addressee; the period it opens runs from that day. The date is the day of the act (the receipt's
 * date, the day it was left, the day the notice was published); proof is required except for
 * 电子送达, which the system's own record proves.
 *
 * The same step records the service of the notices to the applicant of an application that is not
 * online (申请接收回执, 延期答复告知书, 征求意见告知书, 说明理由告知书, 延迟答复告知书: NOTICE_LETTERS,
 * src/domain/clock/service.ts), each named by its letter. They open no period — the reply period
 * runs from the day the application was received (第三十一条, 第三十三条第二款), the consultation's
 * time from the third party's letter (第三十三条第三款), a deferral to the date set (第三十五条) — so
 * their service moves no deadline: the applicant's page shows its day and method, nothing else.
 */
import { z } from 'zod';
import { lettersAwaitingService, noticesAwaitingService, SERVABLE_LETTER_LABELS, type AwaitingLetter } from '../../domain/applications/index.ts';
import { isNoticeLetter, SERVABLE_LETTERS, SERVICE_DATE_RULES, SERVICE_METHOD_LABELS, SERVICE_METHODS, type ServableLetter, type ServiceMethod } from '../../domain/clock/index.ts';
import { AppError } from '../errors.ts';
import { optText } from '../applications/schemas.ts';
import type { Option } from './types.ts';
import { defineStep } from './types.ts';

const LETTERS = SERVABLE_LETTERS as [ServableLetter, ...ServableLetter[]];

/** A letter awaiting service as the form's choice: `correction`, `fee`, `consultation:<ref>`, `receipt:<letterId>`. */
function letterOption(a: AwaitingLetter): Option {
  if ('letterId' in a) return { value: `${a.letter}:${a.letterId}`, label: `${a.sent}发出的${SERVABLE_LETTER_LABELS[a.letter]}（${a.number}）` };
  return {
    value: a.ref !== undefined ? `${a.letter}:${a.ref}` : a.letter,
    label: `${a.sent}发出的${SERVABLE_LETTER_LABELS[a.letter]}${a.ref ? `（${a.ref}）` : ''}`,
  };
}

/** The form's one choice of letter: the letters awaiting service, with their dates. */
function letterOptions(awaiting: readonly AwaitingLetter[]): Option[] {
  // A case with nothing awaiting service still reads a posted form (the use case then refuses it).
  if (!awaiting.length) return LETTERS.map((l) => ({ value: l, label: SERVABLE_LETTER_LABELS[l] }));
  return awaiting.map(letterOption);
}

export const serveLetter = defineStep({
  name: 'serve_letter',
  label: '登记送达',
  action: 'application.deliver',
  input: {
    letter: z.enum(LETTERS, { error: '请选择送达的文书：补正告知书、征求意见书、收费通知书，或申请接收回执、延期答复告知书等告知书' }),
    ref: optText('征求意见对象', 100),
    /** The notice served (NOTICE_LETTERS); absent: the earliest of its kind awaiting service. */
    letterId: z.number({ error: '请选择送达的文书' }).int({ error: '请选择送达的文书' }).positive({ error: '请选择送达的文书' }).optional(),
    method: z.enum(SERVICE_METHODS as [ServiceMethod, ...ServiceMethod[]], { error: '请选择送达方式' }),
    proof: optText('送达凭证', 500),
  },
  available: (view) => lettersAwaitingService(view).length > 0,
  // A receipt often comes back after later steps were recorded: the day of service may be earlier.
  backdated: true,
  events({ date, c }, input) {
    if (input.method !== 'electronic' && !input.proof) {
      throw new AppError(400, 'service.proof', `请填写${SERVICE_METHOD_LABELS[input.method]}的凭证（送达回证、邮寄回执或快递单号、留置送达记录、公告）`);
    }
    const common = { type: 'letter_served' as const, date, letter: input.letter, method: input.method, ...(input.proof ? { proof: input.proof } : {}) };
    if (!isNoticeLetter(input.letter)) {
      if (input.letterId !== undefined) throw new AppError(400, 'service.letter_id', `${SERVABLE_LETTER_LABELS[input.letter]}的送达不指明文书编号（letterId），征求意见书以征求意见对象（ref）区分`);
      return [{ ...common, ...(input.ref ? { ref: input.ref } : {}) }];
    }
    const letter = input.letter;
    const letterId = input.letterId ?? noticesAwaitingService(c.view).find((a) => a.letter === letter)?.letterId;
    if (letterId === undefined) throw new AppError(409, 'service.none_pending', `没有待送达的${SERVABLE_LETTER_LABELS[letter]}`);
    return [{ ...common, letterId }];
  },
  form: (c) => ({
    button: '登记送达',
    fields: [
      { kind: 'select', name: 'letter', id: 'f-served-letter', label: '送达的文书', options: letterOptions(lettersAwaitingService(c.view)) },
      {
        kind: 'select',
        name: 'method',
        id: 'f-served-method',
        label: '送达方式',
        options: SERVICE_METHODS.map((m) => ({ value: m, label: SERVICE_METHOD_LABELS[m] })),
      },
      { kind: 'date' },
      { kind: 'note', hint: true, text: SERVICE_METHODS.map((m) => `${SERVICE_METHOD_LABELS[m]}：${SERVICE_DATE_RULES[m]}`).join('；') + '。' },
      {
        kind: 'note',
        hint: true,
        text: '补正、征求意见、缴费的期限自送达之日起计算；申请接收回执、延期答复告知书、征求意见告知书等告知书不引起申请人的期限，其送达不改变答复期限（第三十一条、第三十三条）。',
      },
      { kind: 'text', name: 'proof', id: 'f-served-proof', label: '送达凭证（送达回证、回执或快递单号、留置记录、公告；电子送达可不填）', maxlength: 500 },
    ],
  }),
  fromForm(v) {
    const [letter, ...rest] = String(v.letter ?? '').split(':');
    const tail = rest.length ? rest.join(':') : undefined;
    const notice = isNoticeLetter(letter);
    return {
      letter,
      ref: notice ? undefined : tail,
      letterId: notice && tail !== undefined ? Number(tail) : undefined,
      method: v.method,
      proof: typeof v.proof === 'string' && v.proof.trim() ? v.proof : undefined,
    };
  },
  timeline: { letter_served: (e) => `${SERVABLE_LETTER_LABELS[e.letter]}，${SERVICE_METHOD_LABELS[e.method]}` },
});
