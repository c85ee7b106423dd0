/** A written case history (contracts.md §6) read into the clock's events, with the field or event named when refused. */
import { describe, expect, it } from 'vitest';
import { checkCaseEvent, deadlineFromHistory, deriveCase, historyEvents, HistoryError, parseCaseHistory, type RecordedEvent } from '../../../src/domain/applications/index.ts';
import { defaultCalendar as cal } from '../../../src/domain/calendar/index.ts';

function refusal(json: unknown): HistoryError {
  try {
    deadlineFromHistory(json, cal);
  } catch (e) {
    if (e instanceof HistoryError) return e;
    throw e;
  }
  throw new Error('expected a HistoryError');
}

describe('parseCaseHistory / historyEvents', () => {
  it('keeps sent and served apart; a letter without served awaits service; fee_notice is the contract name', () => {
    const h = parseCaseHistory({
      channel: 'mail_unsigned',
      received: '2024-09-12',
      events: [
        { type: 'correction_requested', sent: '2024-09-13', served: '2024-09-19', serviceMethod: 'mail' },
        { type: 'fee_notice', sent: '2024-09-20', amount: 100 },
        { type: 'extension_approved', date: '2024-09-23' },
      ],
    });
    expect(historyEvents(h)).toEqual([
      { type: 'submitted', date: '2024-09-12', channel: 'mail_unsigned' },
      { type: 'receipt_confirmed', date: '2024-09-12' },
      { type: 'correction_requested', date: '2024-09-13', served: '2024-09-19', serviceMethod: 'mail' },
      { type: 'fee_notice_sent', date: '2024-09-20', served: null, amount: 100 },
      { type: 'extension_approved', date: '2024-09-23', workingDays: 20 },
    ]);
  });

  it('names the event and the field of a malformed file; refuses unknown fields and types', () => {
    expect(refusal({ channel: 'online', received: '2024-09-12', events: [{ type: 'fee_paid', date: '2024-9-1' }] }).message).toBe('events[0]（fee_paid） 的 date：「2024-9-1」不是 YYYY-MM-DD 格式的真实日期');
    expect(refusal({ channel: 'online', received: '2024-09-12', events: [{ type: 'correction_requested', sent: '2024-09-13', serverd: '2024-09-19' }] }).eventIndex).toBe(0);
    expect(refusal({ channel: 'online', received: '2024-09-12', events: [{ type: 'appeal', date: '2024-09-13' }] }).message).toContain('事件类型「appeal」未知');
    expect(refusal({ channel: 'pigeon', received: '2024-09-12', events: [] }).message).toContain('提交渠道应为');
  });

  it('names the event the law refuses by its index in the file', () => {
    const e = refusal({
      channel: 'in_person',
      received: '2024-03-01',
      events: [
        { type: 'extension_approved', date: '2024-03-05', workingDays: 10 },
        { type: 'extension_approved', date: '2024-03-06', workingDays: 10 },
      ],
    });
    expect(e).toMatchObject({ code: 'extension.twice', eventIndex: 1 });
    expect(e.message).toMatch(/^events\[1\]（extension_approved）：2024-03-06「批准延长答复期限」：答复期限只能延长一次（第三十三条第二款）/);
  });

  it('is the clock of the case page: same due date and warnings as deriveCase on the same events', () => {
    const json = {
      channel: 'online',
      received: '2024-09-12',
      events: [
        { type: 'correction_requested', sent: '2024-09-13', served: '2024-09-19' },
        { type: 'correction_received', date: '2024-10-14' },
        { type: 'correction_requested', sent: '2024-10-15', served: '2024-10-15' },
      ],
    };
    const r = deadlineFromHistory(json, cal);
    const recorded: RecordedEvent[] = historyEvents(parseCaseHistory(json)).map((event, i) => ({ seq: i + 1, event, actorUserId: null }));
    const page = deriveCase(recorded, { calendar: cal }).clock!;
    expect(r.due).toBe(page.dueDate);
    expect(r.due).toBe('2024-11-11');
    expect(r.warnings).toEqual(page.warnings);
    expect(r.periods).toEqual({ correction: '2024-11-05' });
  });
});

describe('recording a service (letter_served) on a case', () => {
  const base: RecordedEvent[] = [
    { seq: 1, event: { type: 'submitted', date: '2024-09-12', channel: 'in_person' }, actorUserId: 10 },
    { seq: 2, event: { type: 'correction_requested', date: '2024-09-13', served: null }, actorUserId: 10 },
  ];
  it('needs its proof, except for 电子送达 (the system\'s own record)', () => {
    expect(checkCaseEvent(base, { type: 'letter_served', date: '2024-09-19', letter: 'correction', method: 'mail' }, 10, { calendar: cal })).toMatchObject({ ok: false, code: 'service.proof' });
    expect(checkCaseEvent(base, { type: 'letter_served', date: '2024-09-19', letter: 'correction', method: 'mail', proof: 'EMS 1234567890' }, 10, { calendar: cal })).toEqual({ ok: true });
    expect(checkCaseEvent(base, { type: 'letter_served', date: '2024-09-19', letter: 'correction', method: 'electronic' }, 10, { calendar: cal })).toEqual({ ok: true });
    // Served the day before the letter was sent: on that day no letter awaited service.
    expect(checkCaseEvent(base, { type: 'letter_served', date: '2024-09-12', letter: 'correction', method: 'electronic' }, 10, { calendar: cal })).toMatchObject({ ok: false, code: 'service.none_pending' });
  });
});
