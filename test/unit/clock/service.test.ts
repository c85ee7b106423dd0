/**
 * 送达: periods addressed to someone run from the day the letter was served (regulation.md §6):
 * 补正 (第三十条), the third party's 15 working days (第三十二条), the payment period (国办函〔2020〕109号).
 * Dates checked by hand against the 2024 and 2025 schedules (中秋、国庆 2024; 春节 2025).
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendar as cal } from '../../../src/domain/calendar/index.ts';
import { type ClockEvent, ClockError, computeClock, servedOn } from '../../../src/domain/clock/index.ts';

const online = (date: string): ClockEvent[] => [
  { type: 'submitted', date, channel: 'online' },
  { type: 'receipt_confirmed', date },
];
const inPerson = (date: string): ClockEvent => ({ type: 'submitted', date, channel: 'in_person' });

function refused(events: ClockEvent[]): ClockError {
  try {
    computeClock(events);
  } catch (e) {
    if (e instanceof ClockError) return e;
    throw e;
  }
  throw new Error('expected a ClockError');
}

describe('第三十条 补正: the applicant\'s period runs from service (the issue\'s case)', () => {
  // Received online 2024-09-12; notice sent 09-13, signed for by post 09-19.
  // From 09-19: 09-20 1, 09-23…27 2–6, 09-29 (Sun, 国庆调休) 7, 09-30 8, 国庆 10-01…07 off,
  // 10-08…11 9–12, 10-12 (Sat, 调休) 13, 10-14 14, 10-15 15.
  const history: ClockEvent[] = [...online('2024-09-12'), { type: 'correction_requested', date: '2024-09-13', served: '2024-09-19', serviceMethod: 'mail' }];

  it('ends 15 working days after service: 2024-10-15, not 10-11 (counted from sending)', () => {
    const r = computeClock(history);
    expect(r.corrections[0]).toMatchObject({ requested: '2024-09-13', served: '2024-09-19', deadline: '2024-10-15', effective: true });
    expect(cal.addWorkingDays('2024-09-13', 15)).toBe('2024-10-11');
    expect(r.explanation!.lines.join('\n')).toContain('2024-09-19邮寄送达（以回执上注明的收件日期为送达日期）；补正期限自收到告知书之日起15个工作日，至2024-10-15（第三十条）');
  });

  it('refuses closing as 逾期不补正 before 10-16, and only then says the case may be closed', () => {
    for (const day of ['2024-10-11', '2024-10-12', '2024-10-15']) {
      const e = refused([...history, { type: 'decided', date: day, outcome: 'other.correction_lapsed' }]);
      expect(e.code).toBe('decided.correction_not_lapsed');
      expect(e.message).toContain('至2024-10-15，尚未届满');
      expect(computeClock(history, { today: day }).closableAs).toBeNull();
    }
    expect(computeClock(history, { today: '2024-10-16' }).closableAs).toBe('other.correction_lapsed');
    expect(computeClock([...history, { type: 'decided', date: '2024-10-16', outcome: 'other.correction_lapsed' }]).state).toBe('closed_lapsed');
  });

  it('until served, the period is open-ended (待送达) and no lapse closing is possible', () => {
    const waiting: ClockEvent[] = [...online('2024-09-12'), { type: 'correction_requested', date: '2024-09-13', served: null }];
    const r = computeClock(waiting, { today: '2025-06-30' });
    expect(r.state).toBe('awaiting_correction');
    expect(r.corrections[0]).toMatchObject({ served: null, deadline: null });
    expect(r.awaitingService).toEqual([{ letter: 'correction', sent: '2024-09-13' }]);
    expect(r.closableAs).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['service.pending']);
    expect(r.explanation!.lines.join('\n')).toContain('尚待送达');
    expect(refused([...waiting, { type: 'decided', date: '2025-06-30', outcome: 'other.correction_lapsed' }]).code).toBe('decided.correction_not_served');
  });

  it('service recorded later (letter_served) gives the same period as service recorded on the letter', () => {
    const later: ClockEvent[] = [
      ...online('2024-09-12'),
      { type: 'correction_requested', date: '2024-09-13', served: null },
      { type: 'letter_served', date: '2024-09-19', letter: 'correction', method: 'mail', proof: 'EMS 1234567890' },
    ];
    const r = computeClock(later);
    expect(r.corrections[0]).toMatchObject({ served: '2024-09-19', serviceMethod: 'mail', deadline: '2024-10-15' });
    expect(r.awaitingService).toEqual([]);
    // A lapse decided before the service was recorded is refused (the period had not started then).
    const early = refused([
      ...online('2024-09-12'),
      { type: 'correction_requested', date: '2024-09-13', served: null },
      { type: 'decided', date: '2024-10-20', outcome: 'other.correction_lapsed' },
      { type: 'letter_served', date: '2024-10-21', letter: 'correction', method: 'direct' },
    ]);
    expect(early.code).toBe('decided.correction_not_served');
  });

  it('公告送达 counts as served thirty days after publication; the other methods on the day of the act', () => {
    expect(servedOn('public_notice', '2024-09-13')).toBe('2024-10-13');
    for (const m of ['direct', 'mail', 'electronic', 'left'] as const) expect(servedOn(m, '2024-09-13')).toBe('2024-09-13');
    const r = computeClock([
      ...online('2024-09-12'),
      { type: 'correction_requested', date: '2024-09-13', served: null },
      { type: 'letter_served', date: '2024-09-13', letter: 'correction', method: 'public_notice' },
    ]);
    expect(r.corrections[0].served).toBe('2024-10-13');
    expect(r.corrections[0].deadline).toBe(cal.addWorkingDays('2024-10-13', 15));
  });

  it('refuses a service before the sending, twice, or of a letter never sent', () => {
    expect(refused([...online('2024-09-12'), { type: 'correction_requested', date: '2024-09-13', served: '2024-09-12' }]).code).toBe('service.before_sending');
    const once: ClockEvent[] = [...online('2024-09-12'), { type: 'correction_requested', date: '2024-09-13', served: '2024-09-14' }];
    expect(refused([...once, { type: 'letter_served', date: '2024-09-19', letter: 'correction', method: 'mail' }]).code).toBe('service.none_pending');
    expect(refused([...online('2024-09-12'), { type: 'letter_served', date: '2024-09-19', letter: 'fee', method: 'mail' }]).message).toContain('没有待送达的收费通知书');
    expect(refused([...online('2024-09-12'), { type: 'correction_requested', date: '2024-09-13', served: '2024-09-14', serviceMethod: 'pigeon' as never }]).code).toBe('service.method');
  });

  it('a record made before service was tracked (no `served`) is read as served on the day sent (named policy)', () => {
    const legacy = computeClock([...online('2024-09-12'), { type: 'correction_requested', date: '2024-09-13' }]);
    expect(legacy.corrections[0]).toMatchObject({ served: '2024-09-13', deadline: '2024-10-11' });
  });
});

describe('第三十条 一次性告知: a second or late notice is recorded but moves nothing', () => {
  const received = '2024-09-27';
  const base = computeClock([inPerson(received)]).dueDate!;

  it('a second notice while the first is open: warning, the first still governs', () => {
    const r = computeClock([
      inPerson(received),
      { type: 'correction_requested', date: '2024-10-08' },
      { type: 'correction_requested', date: '2024-10-10' },
    ]);
    expect(r.corrections.map((c) => c.effective)).toEqual([true, false]);
    expect(r.corrections[1].ineffective).toBe('second');
    expect(r.warnings).toEqual([{ code: 'correction.second', message: expect.stringContaining('第三十条要求一次性告知补正') }]);
    expect(r.state).toBe('awaiting_correction');
  });

  it('a second notice after the corrected application restarts nothing', () => {
    const once: ClockEvent[] = [inPerson(received), { type: 'correction_requested', date: '2024-10-08' }, { type: 'correction_received', date: '2024-10-21' }];
    const due = computeClock(once).dueDate;
    const twice = computeClock([...once, { type: 'correction_requested', date: '2024-10-23' }, { type: 'correction_received', date: '2024-11-04' }]);
    expect(twice.dueDate).toBe(due);
    expect(twice.restarts).toHaveLength(1);
    expect(twice.state).toBe('in_progress');
    // Nor can the case be closed as lapsed on it.
    const e = refused([...once, { type: 'correction_requested', date: '2024-10-23' }, { type: 'decided', date: '2024-12-20', outcome: 'other.correction_lapsed' }]);
    expect(e.code).toBe('decided.correction_ineffective');
    expect(e.message).toContain('第二次告知');
  });

  it('a notice after the 7th working day (due 2024-10-12) is recorded with a warning; the due date stays', () => {
    const r = computeClock([inPerson(received), { type: 'correction_requested', date: '2024-10-14' }, { type: 'correction_received', date: '2024-10-18' }]);
    expect(r.dueDate).toBe(base);
    expect(r.restarts).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['correction.late_notice']);
    expect(r.explanation!.lines.join('\n')).toContain('已超过第三十条规定的7个工作日（应于2024-10-12前告知）');
    const e = refused([inPerson(received), { type: 'correction_requested', date: '2024-10-14' }, { type: 'decided', date: '2024-12-02', outcome: 'other.correction_lapsed' }]);
    expect(e.code).toBe('decided.correction_ineffective');
  });

  it('an overdue case stays overdue: a notice after the due date hides nothing', () => {
    const r = computeClock([inPerson('2024-03-01'), { type: 'correction_requested', date: '2024-04-08' }], { today: '2024-04-10' });
    expect(r.dueDate).toBe('2024-03-29');
    expect(r.overdue).toBe(true);
    expect(r.state).toBe('in_progress');
  });
});

describe('第三十二条 third party: 15 working days from service; no disclosure while it is open', () => {
  // Received 2024-09-20; letter sent 09-26, served 09-30. From 09-30: 国庆 off, 10-08…11 1–4,
  // 10-12 (Sat, 调休) 5, 10-14…18 6–10, 10-21…25 11–15.
  const history: ClockEvent[] = [inPerson('2024-09-20'), { type: 'consultation_sent', date: '2024-09-26', party: 'third_party', ref: '甲公司', served: '2024-09-30' }];

  it('the third party\'s period ends 2024-10-25; the time excluded runs from sending to that day', () => {
    const r = computeClock(history);
    expect(r.consultations[0]).toMatchObject({ served: '2024-09-30', limit: '2024-10-25' });
    expect(r.pauses[0]).toMatchObject({ from: '2024-09-26', to: '2024-10-25', workingDays: 18 });
    expect(r.dueDate).toBe('2024-11-18');
    expect(r.explanation!.lines.join('\n')).toContain('第三方应自收到之日起15个工作日内提出意见，至2024-10-25（第三十二条）');
  });

  it('refuses a disclosure decision before the answer or the end of the period, not after', () => {
    const e = refused([...history, { type: 'decided', date: '2024-10-25', outcome: 'public' }]);
    expect(e.code).toBe('decided.consultation_open');
    expect(e.message).toContain('第三十二条');
    expect(refused([...history, { type: 'decided', date: '2024-10-10', outcome: 'partial' }]).code).toBe('decided.consultation_open');
    expect(computeClock([...history, { type: 'decided', date: '2024-10-28', outcome: 'public' }]).state).toBe('decided');
    expect(computeClock([...history, { type: 'consultation_answered', date: '2024-10-09', ref: '甲公司' }, { type: 'decided', date: '2024-10-10', outcome: 'public' }]).state).toBe('decided');
    // Withholding to protect the third party harms no one's rights: not refused.
    expect(computeClock([...history, { type: 'decided', date: '2024-10-10', outcome: 'withheld.third_party' }]).state).toBe('decided');
  });

  it('while the letter awaits service the due date is not known (待送达) and no disclosure is possible', () => {
    const waiting: ClockEvent[] = [inPerson('2024-09-20'), { type: 'consultation_sent', date: '2024-09-26', party: 'third_party', served: null }];
    const r = computeClock(waiting, { today: '2024-12-31' });
    expect(r.dueDate).toBeNull();
    expect(r.overdue).toBe(false);
    expect(r.state).toBe('consulting');
    expect(r.awaitingService).toEqual([{ letter: 'consultation', sent: '2024-09-26' }]);
    expect(r.explanation!.lines.join('\n')).toContain('答复期限届满日：待送达');
    expect(refused([...waiting, { type: 'decided', date: '2024-12-31', outcome: 'public' }]).message).toContain('尚待送达');
    const served = computeClock([...waiting, { type: 'letter_served', date: '2024-09-30', letter: 'consultation', method: 'mail' }]);
    expect(served.dueDate).toBe('2024-11-18');
  });

  it('a consultation sent after the due date leaves the due date known even before service', () => {
    const r = computeClock([inPerson('2024-03-01'), { type: 'consultation_sent', date: '2024-04-08', party: 'agency', served: null }], { today: '2024-04-10' });
    expect(r.dueDate).toBe('2024-03-29');
    expect(r.overdue).toBe(true);
  });
});

describe('国办函〔2020〕109号 payment period from service, across 春节 2025', () => {
  // Notice sent 2025-01-20, served 01-24 (Fri). From the next day: 01-26 (Sun, 调休) 1, 01-27 2,
  // 春节 01-28…02-04 off, 02-05…07 3–5, 02-08 (Sat, 调休) 6, 02-10…14 7–11, 02-17…21 12–16, 02-24…27 17–20.
  const history: ClockEvent[] = [inPerson('2025-01-10'), { type: 'fee_notice_sent', date: '2025-01-20', served: '2025-01-24', amount: 100 }];

  it('ends 2025-02-27; closing as 逾期未缴费 is refused until 02-28', () => {
    const r = computeClock(history);
    expect(r.fee).toMatchObject({ sent: '2025-01-20', served: '2025-01-24', payBy: '2025-02-27' });
    expect(refused([...history, { type: 'decided', date: '2025-02-27', outcome: 'other.fee_lapsed' }]).code).toBe('decided.fee_not_lapsed');
    expect(computeClock(history, { today: '2025-02-28' }).closableAs).toBe('other.fee_lapsed');
    expect(computeClock([...history, { type: 'decided', date: '2025-02-28', outcome: 'other.fee_lapsed' }]).state).toBe('closed_lapsed');
  });

  it('an unserved fee notice: no payment deadline, no lapse', () => {
    const waiting: ClockEvent[] = [inPerson('2025-01-10'), { type: 'fee_notice_sent', date: '2025-01-20', served: null }];
    const r = computeClock(waiting, { today: '2025-06-30' });
    expect(r.fee!.payBy).toBeNull();
    expect(r.closableAs).toBeNull();
    expect(refused([...waiting, { type: 'decided', date: '2025-06-30', outcome: 'other.fee_lapsed' }]).code).toBe('decided.fee_not_served');
  });

  it('an amount other than the computed one needs a reason (recorded as a warning)', () => {
    const e = refused([inPerson('2025-01-10'), { type: 'fee_notice_sent', date: '2025-01-20', amount: 50, computedAmount: 100 }]);
    expect(e.code).toBe('fee.override_reason');
    const r = computeClock([inPerson('2025-01-10'), { type: 'fee_notice_sent', date: '2025-01-20', amount: 50, computedAmount: 100, overrideReason: '本省规定减半收取' }]);
    expect(r.warnings).toEqual([{ code: 'fee.amount_override', message: expect.stringContaining('本省规定减半收取') }]);
  });
});
