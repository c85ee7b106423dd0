import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_YEARS, calendarWith, defaultCalendar as cal, fromDayNumber, toDayNumber } from '../../../src/domain/calendar/index.ts';
import {
  type ClockEvent,
  ClockError,
  checkNewEvent,
  computeClock,
  dueDateChanges,
  receiptDate,
} from '../../../src/domain/clock/index.ts';

const inPerson = (date: string): ClockEvent => ({ type: 'submitted', date, channel: 'in_person' });

function clockError(events: ClockEvent[]): ClockError {
  try {
    computeClock(events);
  } catch (e) {
    if (e instanceof ClockError) return e;
    throw e;
  }
  throw new Error('expected a ClockError');
}

describe('第三十一条 receipt date by channel', () => {
  it('in person and signed mail: the day of submission / signing', () => {
    expect(computeClock([inPerson('2024-03-04')]).receiptDate).toBe('2024-03-04');
    expect(computeClock([{ type: 'submitted', date: '2024-03-04', channel: 'mail_signed' }]).receiptDate).toBe('2024-03-04');
  });
  it('online, fax, ordinary letter, e-mail: the day both sides confirmed', () => {
    for (const channel of ['online', 'fax', 'mail_unsigned', 'email'] as const) {
      const waiting = computeClock([{ type: 'submitted', date: '2024-03-02', channel }]);
      expect(waiting.state).toBe('awaiting_confirmation');
      expect(waiting.stateLabel).toBe('待确认');
      expect(waiting.dueDate).toBeNull();
      const r = computeClock([
        { type: 'submitted', date: '2024-03-02', channel },
        { type: 'receipt_confirmed', date: '2024-03-04' },
      ]);
      expect(r.receiptDate).toBe('2024-03-04');
      expect(r.dueDate).toBe(cal.addWorkingDays('2024-03-04', 20));
    }
    expect(receiptDate('online', '2024-03-02', null)).toBeNull();
    expect(receiptDate('in_person', '2024-03-02')).toBe('2024-03-02');
  });
  it('an ordinary letter not confirmed on the day it arrived is flagged', () => {
    const r = computeClock([
      { type: 'submitted', date: '2024-03-01', channel: 'mail_unsigned' },
      { type: 'receipt_confirmed', date: '2024-03-04' },
    ]);
    expect(r.confirmationLate).toBe(true);
    expect(r.warnings).toEqual([{ code: 'receipt.confirmation_late', message: expect.stringContaining('平常信函应于收到当日与申请人确认') }]);
  });
  it('refuses a confirmation for a channel that needs none, and events before receipt', () => {
    expect(clockError([inPerson('2024-03-04'), { type: 'receipt_confirmed', date: '2024-03-05' }]).code).toBe('confirm.not_needed');
    expect(
      clockError([{ type: 'submitted', date: '2024-03-04', channel: 'online' }, { type: 'decided', date: '2024-03-05', outcome: 'public' }]).message,
    ).toContain('申请尚未确认收到（第三十一条）');
    expect(clockError([{ type: 'decided', date: '2024-03-05', outcome: 'public' }]).code).toBe('event.before_submission');
  });
});

describe('第三十三条 the 20 working days', () => {
  it('starts the day after receipt and skips 国庆 and 春节, counting 调休 days', () => {
    const cases: [string, string][] = [
      ['2023-09-28', '2023-11-01'],
      ['2024-02-08', '2024-03-13'],
      ['2025-01-24', '2025-02-27'],
      ['2024-02-29', '2024-03-28'],
      ['2023-12-15', '2024-01-15'],
    ];
    for (const [received, due] of cases) expect(computeClock([inPerson(received)]).dueDate).toBe(due);
  });
  it('explains itself: 20 counted days, the holidays skipped, the 调休 days counted', () => {
    const r = computeClock([inPerson('2024-02-08')]);
    const x = r.explanation!;
    expect(x.counted).toHaveLength(20);
    expect(x.counted[0]).toBe('2024-02-09');
    expect(x.counted[1]).toBe('2024-02-18');
    expect(x.makeupCounted).toEqual(['2024-02-18']);
    expect(x.skipped.filter((d) => d.kind === 'holiday')).toHaveLength(8);
    expect(x.lines.join('\n')).toContain('2024-02-10 至 2024-02-17 春节放假（8天）');
    expect(x.lines.join('\n')).toContain('答复期限届满日：2024-03-13');
  });
  it('当场答复: decided on the day of receipt', () => {
    const r = computeClock([inPerson('2024-03-04'), { type: 'decided', date: '2024-03-04', outcome: 'public' }]);
    expect(r.decision).toMatchObject({ onTheSpot: true, late: false });
    expect(r.state).toBe('decided');
  });
  it('overdue and due soon as of today', () => {
    const ev = [inPerson('2024-02-08')];
    expect(computeClock(ev, { today: '2024-03-08' })).toMatchObject({ workingDaysLeft: 3, dueSoon: true, overdue: false });
    expect(computeClock(ev, { today: '2024-03-07' })).toMatchObject({ workingDaysLeft: 4, dueSoon: false });
    expect(computeClock(ev, { today: '2024-03-13' })).toMatchObject({ workingDaysLeft: 0, dueSoon: true, overdue: false });
    expect(computeClock(ev, { today: '2024-03-14' })).toMatchObject({ workingDaysLeft: -1, overdue: true, dueSoon: false });
    const late = computeClock([...ev, { type: 'decided', date: '2024-03-14', outcome: 'public' }], { today: '2024-03-20' });
    expect(late.decision!.late).toBe(true);
    expect(late.overdue).toBe(false);
  });
  it('one extension of at most 20 WD, approved before the due date', () => {
    const r = computeClock([inPerson('2024-02-08'), { type: 'extension_approved', date: '2024-03-13', workingDays: 20 }]);
    expect(r.dueDate).toBe(cal.addWorkingDays('2024-03-13', 20));
    expect(r.explanation!.counted).toHaveLength(40);
    expect(
      clockError([inPerson('2024-02-08'), { type: 'extension_approved', date: '2024-03-14', workingDays: 10 }]).message,
    ).toContain('延长答复期限须在期限届满（2024-03-13）前经负责人同意');
    const twice = clockError([
      inPerson('2024-02-08'),
      { type: 'extension_approved', date: '2024-03-01', workingDays: 5 },
      { type: 'extension_approved', date: '2024-03-05', workingDays: 5 },
    ]);
    expect(twice.code).toBe('extension.twice');
    expect(twice.message).toContain('答复期限只能延长一次');
    expect(clockError([inPerson('2024-02-08'), { type: 'extension_approved', date: '2024-03-01', workingDays: 21 }]).code).toBe('extension.too_long');
  });
});

describe('第三十条 补正', () => {
  const received = '2024-09-27';
  it('the notice is due within 7 WD of receipt; a late one is reported', () => {
    // 9/29 (Sun, 调休) 1, 9/30 2, 国庆 10/1–10/7 off, 10/8–10/11 3–6, 10/12 (Sat, 调休) 7
    expect(computeClock([inPerson(received)]).correctionNoticeDue).toBe('2024-10-12');
    const onTime = computeClock([inPerson(received), { type: 'correction_requested', date: '2024-10-12' }]);
    expect(onTime.correctionNoticeLate).toBe(false);
    // A late notice is recorded with a warning but stops nothing: the due date stays (第三十条, ONE_CORRECTION_NOTICE).
    const late = computeClock([inPerson(received), { type: 'correction_requested', date: '2024-10-14' }]);
    expect(late.correctionNoticeLate).toBe(true);
    expect(late.state).toBe('in_progress');
    expect(late.dueDate).toBe(computeClock([inPerson(received)]).dueDate);
    expect(late.warnings.map((w) => w.code)).toEqual(['correction.late_notice']);
  });
  it('restarts the 20 days from the corrected application (not a pause)', () => {
    const r = computeClock([
      inPerson(received),
      { type: 'correction_requested', date: '2024-10-08' },
      { type: 'correction_received', date: '2024-10-21' },
    ]);
    expect(r.periodStart).toBe('2024-10-21');
    expect(r.dueDate).toBe(cal.addWorkingDays('2024-10-21', 20));
    expect(r.restarts).toEqual([{ date: '2024-10-21', reason: expect.stringContaining('重新计算') }]);
    expect(r.state).toBe('in_progress');
  });
  it('lapses after the period the notice set (default 15 WD) and may then be closed', () => {
    const ev: ClockEvent[] = [inPerson(received), { type: 'correction_requested', date: '2024-10-08' }];
    const deadline = cal.addWorkingDays('2024-10-08', 15);
    expect(computeClock(ev).corrections[0].deadline).toBe(deadline);
    expect(computeClock(ev, { today: deadline }).closableAs).toBeNull();
    expect(computeClock(ev, { today: cal.addWorkingDays(deadline, 1) }).closableAs).toBe('other.correction_lapsed');
    expect(clockError([...ev, { type: 'decided', date: deadline, outcome: 'other.correction_lapsed' }]).message).toContain('尚未届满');
    const closed = computeClock([...ev, { type: 'decided', date: cal.addWorkingDays(deadline, 1), outcome: 'other.correction_lapsed' }]);
    expect(closed.state).toBe('closed_lapsed');
    const custom = computeClock([inPerson(received), { type: 'correction_requested', date: '2024-10-08', deadline: '2024-10-18' }]);
    expect(custom.corrections[0].deadline).toBe('2024-10-18');
    const n = computeClock([inPerson(received), { type: 'correction_requested', date: '2024-10-08', periodWorkingDays: 5 }]);
    expect(n.corrections[0].deadline).toBe(cal.addWorkingDays('2024-10-08', 5));
  });
});

describe('第三十二条 / 第三十四条 consultations (time excluded, 第三十三条第三款)', () => {
  it('excludes the working days from sending to the answer', () => {
    const r = computeClock([
      inPerson('2024-03-01'),
      { type: 'consultation_sent', date: '2024-03-05', party: 'third_party' },
      { type: 'consultation_answered', date: '2024-03-12' },
    ]);
    expect(r.pauses[0]).toMatchObject({ kind: 'third_party', workingDays: 5, open: false });
    expect(r.dueDate).toBe(cal.addWorkingDays(cal.addWorkingDays('2024-03-01', 20), 5));
    expect(r.excludedWorkingDays).toBe(5);
  });
  it('without an answer, excludes up to the 15-WD limit', () => {
    const ev: ClockEvent[] = [inPerson('2024-03-01'), { type: 'consultation_sent', date: '2024-03-05', party: 'agency' }];
    const r = computeClock(ev, { today: '2024-03-10' });
    expect(r.state).toBe('consulting');
    expect(r.dueDateProvisional).toBe(true);
    expect(r.consultations[0].limit).toBe(cal.addWorkingDays('2024-03-05', 15));
    expect(r.dueDate).toBe(cal.addWorkingDays(cal.addWorkingDays('2024-03-01', 20), 15));
    const after = computeClock(ev, { today: '2024-04-30' });
    expect(after.state).toBe('in_progress');
    expect(after.dueDate).toBe(r.dueDate);
  });
  it('counts overlapping consultations once', () => {
    const r = computeClock([
      inPerson('2024-03-01'),
      { type: 'consultation_sent', date: '2024-03-05', party: 'third_party', ref: 'A' },
      { type: 'consultation_sent', date: '2024-03-07', party: 'agency', ref: 'B' },
      { type: 'consultation_answered', date: '2024-03-12', ref: 'A' },
      { type: 'consultation_answered', date: '2024-03-14', ref: 'B' },
    ]);
    // union of (03-05, 03-12] and (03-07, 03-14] = 03-06 … 03-14 = 7 working days
    expect(r.excludedWorkingDays).toBe(7);
    expect(r.dueDate).toBe(cal.addWorkingDays(cal.addWorkingDays('2024-03-01', 20), 7));
    expect(r.explanation!.paused).toHaveLength(7);
  });
});

describe('信息处理费 notice (named policy: waiting excluded)', () => {
  it('pauses the clock until payment and lapses after 20 WD', () => {
    const ev: ClockEvent[] = [inPerson('2024-03-01'), { type: 'fee_notice_sent', date: '2024-03-08', amount: 300 }];
    const waiting = computeClock(ev, { today: '2024-03-11' });
    expect(waiting.state).toBe('awaiting_fee');
    expect(waiting.fee!.payBy).toBe(cal.addWorkingDays('2024-03-08', 20));
    const paid = computeClock([...ev, { type: 'fee_paid', date: '2024-03-13' }]);
    expect(paid.excludedWorkingDays).toBe(3);
    expect(paid.state).toBe('in_progress');
    const over = cal.addWorkingDays(waiting.fee!.payBy!, 1);
    expect(computeClock(ev, { today: over }).closableAs).toBe('other.fee_lapsed');
    expect(computeClock([...ev, { type: 'decided', date: over, outcome: 'other.fee_lapsed' }]).state).toBe('closed_lapsed');
    expect(clockError([...ev, { type: 'decided', date: '2024-03-12', outcome: 'other.fee_lapsed' }]).code).toBe('decided.fee_not_lapsed');
  });
});

describe('withdrawal, decision, delivery', () => {
  it('follows the states and refuses events out of order', () => {
    const base: ClockEvent[] = [inPerson('2024-03-01')];
    expect(computeClock([...base, { type: 'withdrawn', date: '2024-03-05' }]).state).toBe('withdrawn');
    const decided: ClockEvent[] = [...base, { type: 'decided', date: '2024-03-20', outcome: 'withheld.state_secret' }];
    expect(computeClock(decided).state).toBe('decided');
    expect(computeClock([...decided, { type: 'delivered', date: '2024-03-21' }])).toMatchObject({ state: 'delivered', stateLabel: '已送达' });
    expect(clockError([...base, { type: 'delivered', date: '2024-03-21' }]).code).toBe('delivered.before_decision');
    expect(clockError([...decided, { type: 'withdrawn', date: '2024-03-22' }]).code).toBe('event.after_decision');
    expect(clockError([...base, { type: 'decided', date: '2024-03-20', outcome: 'nonsense' as never }]).code).toBe('decided.outcome');
    expect(clockError([...base, { type: 'submitted', date: '2024-02-30', channel: 'fax' }]).code).toBe('event.bad_date');
  });
  it('reads events in date order whatever the storage order', () => {
    const a = computeClock([{ type: 'decided', date: '2024-03-20', outcome: 'public' }, inPerson('2024-03-01')]);
    expect(a.state).toBe('decided');
  });
  it('checkNewEvent returns the Chinese message instead of throwing', () => {
    const r = checkNewEvent([inPerson('2024-03-01')], { type: 'extension_approved', date: '2024-03-02', workingDays: 30 });
    expect(r).toMatchObject({ ok: false, code: 'extension.too_long' });
    expect(checkNewEvent([inPerson('2024-03-01')], { type: 'withdrawn', date: '2024-03-02' }).ok).toBe(true);
    expect(checkNewEvent([inPerson('2026-12-20')], { type: 'withdrawn', date: '2026-12-21' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('2027年节假日安排尚未录入'),
    });
  });
});

describe('properties', () => {
  const day = fc.integer({ min: toDayNumber('2019-01-01'), max: toDayNumber('2025-12-31') }).map(fromDayNumber);
  it('a pause of k working days before the due date moves it by exactly k working days', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 30 }), (received, offset, answerAfter) => {
        const base = computeClock([inPerson(received)], { explain: false }).dueDate!;
        const sent = cal.addWorkingDays(received, offset);
        const answered = fromDayNumber(toDayNumber(sent) + answerAfter);
        const r = computeClock(
          [inPerson(received), { type: 'consultation_sent', date: sent, party: 'third_party' }, { type: 'consultation_answered', date: answered }],
          { explain: false },
        );
        const k = r.pauses[0].workingDays!;
        expect(k).toBeLessThanOrEqual(15);
        expect(r.dueDate).toBe(cal.addWorkingDays(base, k));
        expect(cal.workingDaysBetween(base, r.dueDate!)).toBe(k);
      }),
      { numRuns: 300 },
    );
  });
  it('a restart from a later date never gives an earlier due date', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 40 }), (received, notice, after) => {
        const requested = cal.addWorkingDays(received, notice);
        const correctedOn = fromDayNumber(toDayNumber(requested) + after);
        const before = computeClock([inPerson(received)], { explain: false }).dueDate!;
        const r = computeClock(
          [inPerson(received), { type: 'correction_requested', date: requested }, { type: 'correction_received', date: correctedOn }],
          { explain: false },
        );
        expect(r.dueDate! >= before).toBe(true);
        expect(r.dueDate).toBe(cal.addWorkingDays(correctedOn, 20));
      }),
      { numRuns: 300 },
    );
  });
  it('overlapping consultations exclude each working day once; the explanation adds up', () => {
    fc.assert(
      fc.property(day, fc.array(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 })), { maxLength: 4 }), (received, cons) => {
        const events: ClockEvent[] = [inPerson(received)];
        const excluded = new Set<string>();
        cons.forEach(([off, len], i) => {
          const sent = cal.addWorkingDays(received, off);
          const answered = cal.addWorkingDays(sent, Math.min(len, 15));
          events.push({ type: 'consultation_sent', date: sent, party: 'agency', ref: String(i) });
          events.push({ type: 'consultation_answered', date: answered, ref: String(i) });
        });
        const r = computeClock(events);
        for (const p of r.pauses) {
          for (const d of cal.daysBetween(p.from, p.to!)) if (d.workday && d.date <= r.dueDate!) excluded.add(d.date);
        }
        expect(r.explanation!.counted).toHaveLength(20);
        expect(r.excludedWorkingDays).toBe(excluded.size);
        expect(cal.workingDaysBetween(received, r.dueDate!)).toBe(20 + excluded.size);
      }),
      { numRuns: 200 },
    );
  });
});

describe('calendar corrections move due dates (pure)', () => {
  it('reports which due dates moved and the days that changed', () => {
    const y2024 = BUILTIN_YEARS.find((y) => y.year === 2024)!;
    const newCal = calendarWith([{ ...y2024, holidays: [...y2024.holidays, { date: '2024-03-05', name: '测试' }] }]);
    const apps = [
      { id: 'A', events: [inPerson('2024-02-26')] },
      { id: 'B', events: [inPerson('2024-04-01')] },
    ];
    const changes = dueDateChanges(cal, newCal, apps);
    const due = changes.filter((c) => c.field === 'dueDate');
    expect(due).toEqual([
      { id: 'A', field: 'dueDate', old: '2024-03-25', new: '2024-03-26', reasons: ['2024-03-05 由工作日改为法定节假日（测试）'] },
    ]);
    expect(changes.every((c) => c.id === 'A')).toBe(true);
  });
});
