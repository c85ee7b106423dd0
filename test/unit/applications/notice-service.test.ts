/**
 * The 登记送达 of the notices to the applicant that open no period (申请接收回执, 延期答复告知书,
 * 征求意见告知书 …: NOTICE_LETTERS, src/domain/clock/service.ts; src/domain/applications/letter-service.ts):
 * which await service, the case's rules (once, not before the letter, not an online application's,
 * a letter of the case), the event's schema, what the letters and the applicant's projection show,
 * and that the due date does not move.
 */
import { describe, expect, it } from 'vitest';
import {
  applicantView,
  checkCaseEvent,
  CASE_EVENT_SCHEMAS,
  deriveCase,
  letterServiceOf,
  letterServiceText,
  lettersAwaitingService,
  noticesAwaitingService,
  type CaseEvent,
  type RecordedEvent,
} from '../../../src/domain/applications/index.ts';
import { defaultCalendar } from '../../../src/domain/calendar/index.ts';
import { serveLetter } from '../../../src/app/steps/serve-letter.ts';
import type { LoadedCase } from '../../../src/app/applications/case.ts';

const TODAY = '2026-11-27';
const opts = { calendar: defaultCalendar, today: TODAY };

/** A letter application signed for on 2026-11-02 (received that day, 第三十一条), its 回执 issued, then `more`. */
function history(more: CaseEvent[] = [], channel: 'mail_signed' | 'online' = 'mail_signed'): RecordedEvent[] {
  const events: CaseEvent[] = [
    { type: 'submitted', date: '2026-11-02', channel },
    ...(channel === 'online' ? [{ type: 'receipt_confirmed', date: '2026-11-02' } as const] : []),
    { type: 'letter_issued', date: '2026-11-02', letterId: 11, kind: 'receipt', number: '通政数公开〔2026〕11号' },
    ...more,
  ];
  return events.map((event, i) => ({ seq: i + 1, event, actorUserId: 5 }));
}
const receiptServed = (date: string, method: 'mail' | 'direct' | 'public_notice' = 'mail'): CaseEvent => ({
  type: 'letter_served',
  date,
  letter: 'receipt',
  letterId: 11,
  method,
  proof: 'EMS1234567890',
});
const check = (recorded: RecordedEvent[], e: CaseEvent) => checkCaseEvent(recorded, e, 5, opts);

describe('which notices await 登记送达', () => {
  it('the 回执 of a letter application, with its date and number, until its service is recorded', () => {
    const view = deriveCase(history(), opts);
    expect(noticesAwaitingService(view)).toEqual([{ letter: 'receipt', letterId: 11, number: '通政数公开〔2026〕11号', sent: '2026-11-02' }]);
    expect(lettersAwaitingService(view)).toHaveLength(1);
    const served = deriveCase(history([receiptServed('2026-11-05')]), opts);
    expect(noticesAwaitingService(served)).toEqual([]);
    expect(served.letters[0].service).toEqual({ served: '2026-11-05', method: 'mail' });
  });

  it('none for an online application (served 电子送达 as issued), nor after a withdrawal', () => {
    expect(noticesAwaitingService(deriveCase(history([], 'online'), opts))).toEqual([]);
    expect(noticesAwaitingService(deriveCase(history([{ type: 'withdrawn', date: '2026-11-03' }]), opts))).toEqual([]);
  });

  it('still after the decision (a 回执 signed for comes back late); the clock’s letters first, then the notices', () => {
    const decided = deriveCase(
      history([
        { type: 'decision_proposed', date: '2026-11-04', outcome: 'public', details: {} },
        { type: 'decided', date: '2026-11-05', outcome: 'public' },
      ]),
      opts,
    );
    expect(lettersAwaitingService(decided).map((a) => a.letter)).toEqual(['receipt']);
    const both = deriveCase(
      history([
        { type: 'correction_requested', date: '2026-11-03', periodWorkingDays: 15, served: null },
        { type: 'letter_issued', date: '2026-11-03', letterId: 12, kind: 'correction', number: 'c' },
      ]),
      opts,
    );
    expect(lettersAwaitingService(both).map((a) => a.letter)).toEqual(['correction', 'receipt']);
  });
});

describe('the case’s rules for a notice’s service', () => {
  it('recorded once: a second 登记送达 is refused in Chinese', () => {
    expect(check(history(), receiptServed('2026-11-05'))).toEqual({ ok: true });
    const twice = check(history([receiptServed('2026-11-05')]), receiptServed('2026-11-06', 'direct'));
    expect(twice).toEqual({ ok: false, code: 'service.twice', message: '该申请接收回执（通政数公开〔2026〕11号）已于2026-11-05邮寄送达，不能重复登记送达' });
  });

  it('not before the letter was issued; a letter of the case, of that kind; not an online application’s', () => {
    expect(check(history(), receiptServed('2026-11-01'))).toMatchObject({ ok: false, code: 'service.before_sending', message: '送达日期2026-11-01早于申请接收回执（通政数公开〔2026〕11号）的发出日期2026-11-02' });
    expect(check(history(), { ...receiptServed('2026-11-05'), letterId: 99 } as CaseEvent)).toMatchObject({ ok: false, code: 'service.no_letter' });
    expect(check(history(), { ...receiptServed('2026-11-05'), letter: 'extension' } as CaseEvent)).toMatchObject({ ok: false, code: 'service.no_letter' });
    const online = check(history([], 'online'), receiptServed('2026-11-05'));
    expect(online).toMatchObject({ ok: false, code: 'service.twice' });
    expect(!online.ok && online.message).toContain('电子送达');
  });

  it('proof required except for 电子送达, as for every letter', () => {
    const { proof: _, ...bare } = receiptServed('2026-11-05') as Extract<CaseEvent, { type: 'letter_served' }>;
    expect(check(history(), bare)).toMatchObject({ ok: false, code: 'service.proof' });
    expect(check(history(), { ...bare, method: 'electronic' })).toEqual({ ok: true });
  });

  it('moves no date: the due date, state and periods are those without it (第三十一条, 第三十三条)', () => {
    const before = deriveCase(history([{ type: 'letter_issued', date: '2026-11-10', letterId: 13, kind: 'extension', number: 'e' }]), opts);
    const after = deriveCase(
      history([
        { type: 'letter_issued', date: '2026-11-10', letterId: 13, kind: 'extension', number: 'e' },
        receiptServed('2026-11-20', 'public_notice'),
        { type: 'letter_served', date: '2026-11-12', letter: 'extension', letterId: 13, method: 'direct', proof: '送达回证' },
      ]),
      opts,
    );
    expect(after.clock).toEqual(before.clock);
    expect(after.clock!.dueDate).toBe('2026-11-30');
  });
});

describe('the event’s schema', () => {
  const schema = CASE_EVENT_SCHEMAS.letter_served;
  it('a notice names its letter; the letters opening a period do not', () => {
    expect(schema.safeParse(receiptServed('2026-11-05')).success).toBe(true);
    const { letterId: _, ...unnamed } = receiptServed('2026-11-05') as Extract<CaseEvent, { type: 'letter_served' }>;
    expect(schema.safeParse(unnamed).success).toBe(false);
    expect(schema.safeParse({ type: 'letter_served', date: '2026-11-05', letter: 'fee', method: 'mail', letterId: 3 }).success).toBe(false);
    expect(schema.safeParse({ type: 'letter_served', date: '2026-11-05', letter: 'fee', method: 'mail' }).success).toBe(true);
    expect(schema.safeParse({ ...receiptServed('2026-11-05'), letter: 'disclosure' }).success).toBe(false);
  });
});

describe('what the letters and the applicant show', () => {
  const letter = { id: 11, kind: 'receipt', letterDate: '2026-11-02' };
  it('「邮寄送达（送达日期未登记）」 until recorded, then the day and method; 公告 thirty days after publication', () => {
    const before = history();
    expect(letterServiceText(letterServiceOf(letter, before, deriveCase(before, opts), 'mail_signed'))).toBe('邮寄送达（送达日期未登记）');
    const mailed = history([receiptServed('2026-11-05')]);
    expect(letterServiceText(letterServiceOf(letter, mailed, deriveCase(mailed, opts), 'mail_signed'))).toBe('2026-11-05 邮寄送达');
    const published = history([receiptServed('2026-11-05', 'public_notice')]);
    expect(letterServiceText(letterServiceOf(letter, published, deriveCase(published, opts), 'mail_signed'))).toBe('2026-12-05 公告送达');
  });

  it('the applicant’s projection keeps the service (not its proof) and shows it in the 办理记录 and the letter list', () => {
    const recorded = history([receiptServed('2026-11-05')]);
    const v = applicantView({ recorded, letters: [{ id: 11, kind: 'receipt', number: '通政数公开〔2026〕11号', letterDate: '2026-11-02' }], ownerUserId: 42, agencyName: '某局', channel: 'mail_signed' }, opts);
    expect(v.recorded.at(-1)!.event).toEqual({ type: 'letter_served', date: '2026-11-05', letter: 'receipt', method: 'mail', letterId: 11 });
    expect(v.timeline.at(-1)).toMatchObject({ label: '申请接收回执送达', detail: '邮寄送达', date: '2026-11-05', by: '某局' });
    expect(letterServiceText(v.letters[0].service)).toBe('2026-11-05 邮寄送达');
    expect(JSON.stringify(v)).not.toContain('EMS1234567890');
  });
});

describe('the step’s form (serve_letter)', () => {
  const c = (recorded: RecordedEvent[]) => ({ recorded, view: deriveCase(recorded, opts), app: { channel: 'mail_signed' } }) as unknown as LoadedCase;
  it('lists only the letters awaiting service, each with its date; a choice reads back as the letter and its id', () => {
    const recorded = history([
      { type: 'letter_issued', date: '2026-11-10', letterId: 13, kind: 'extension', number: '通政数公开〔2026〕13号' },
      { type: 'letter_served', date: '2026-11-12', letter: 'extension', letterId: 13, method: 'direct', proof: '送达回证' },
    ]);
    const select = serveLetter.form(c(recorded)).fields.find((f) => f.kind === 'select' && f.name === 'letter');
    expect(select).toMatchObject({ options: [{ value: 'receipt:11', label: '2026-11-02发出的申请接收回执（通政数公开〔2026〕11号）' }] });
    expect(serveLetter.fromForm!({ letter: 'receipt:11', method: 'mail', proof: 'EMS1' })).toEqual({ letter: 'receipt', letterId: 11, method: 'mail', proof: 'EMS1' });
    expect(serveLetter.available(deriveCase(recorded, opts))).toBe(true);
    expect(serveLetter.available(deriveCase(history([receiptServed('2026-11-05')]), opts))).toBe(false);
  });

  it('names the earliest notice of its kind awaiting service when the API gives no letterId; refuses a letterId for a 补正告知书', async () => {
    const recorded = history();
    const ctx = { c: c(recorded), date: '2026-11-05' } as Parameters<typeof serveLetter.events>[0];
    expect(await serveLetter.events(ctx, { letter: 'receipt', method: 'mail', proof: 'EMS1' })).toEqual([
      { type: 'letter_served', date: '2026-11-05', letter: 'receipt', letterId: 11, method: 'mail', proof: 'EMS1' },
    ]);
    await expect(async () => serveLetter.events(ctx, { letter: 'extension', method: 'mail', proof: 'EMS1' })).rejects.toMatchObject({ statusCode: 409, code: 'service.none_pending' });
    await expect(async () => serveLetter.events(ctx, { letter: 'correction', letterId: 11, method: 'mail', proof: 'EMS1' })).rejects.toMatchObject({ statusCode: 400, code: 'service.letter_id' });
  });
});
