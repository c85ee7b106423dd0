/**
 * 第三十三条第二款: the extension is valid and its letter is issued even while the new due date waits
 * for next year's calendar (it then states 「延长20个工作日」); 第三十五条: a reasonable later reply date.
 */
import { describe, expect, it } from 'vitest';
import { checkCaseEvent, deriveCase, extensionLetterFacts, type CaseEvent, type RecordedEvent } from '../../../src/domain/applications/index.ts';
import { defaultCalendar as cal } from '../../../src/domain/calendar/index.ts';
import { type ClockEvent, ClockError, computeClock } from '../../../src/domain/clock/index.ts';

const HANDLER = 10;
const REVIEWER = 20;
const rec = (events: Array<[CaseEvent, number?]>): RecordedEvent[] => events.map(([event, by], i) => ({ seq: i + 1, event, actorUserId: by ?? HANDLER }));

describe('延期答复告知书 when the new due date falls in a year not yet entered', () => {
  // Received 2026-12-01: due 2026-12-29; 20 more working days end in 2027, whose schedule is not entered.
  const opts = { calendar: cal, today: '2026-12-03' };
  const requested = rec([
    [{ type: 'submitted', date: '2026-12-01', channel: 'in_person' }],
    [{ type: 'extension_requested', date: '2026-12-03', workingDays: 20, reason: '需调取多个部门的档案' }],
  ]);
  const approve: CaseEvent = { type: 'extension_approved', date: '2026-12-03', workingDays: 20, approvedBy: '赵审核' };

  it('the approval is accepted (the year missing refuses nothing)', () => {
    expect(deriveCase(requested, opts).clock!.dueDate).toBe('2026-12-29');
    expect(checkCaseEvent(requested, approve, REVIEWER, opts)).toEqual({ ok: true });
  });

  it('the letter states 「延长20个工作日」 and no date, with the reason the date is not known', () => {
    const v = deriveCase([...requested, { seq: 3, event: approve, actorUserId: REVIEWER }], opts);
    expect(v.clock!.dueDate).toBeNull();
    expect(extensionLetterFacts(v)).toEqual({
      approved: '2026-12-03',
      workingDays: 20,
      extended: '延长20个工作日',
      reason: '需调取多个部门的档案',
      newDueDate: null,
      newDueDatePending: '待2027年节假日安排录入后确定',
    });
  });

  it('with the year known, the letter has the new date', () => {
    const v = deriveCase(
      rec([
        [{ type: 'submitted', date: '2024-09-12', channel: 'in_person' }],
        [{ type: 'extension_requested', date: '2024-10-08', workingDays: 20, reason: '档案分散' }],
        [{ type: 'extension_approved', date: '2024-10-09', workingDays: 20 }, REVIEWER],
      ]),
      { calendar: cal },
    );
    expect(extensionLetterFacts(v)).toMatchObject({ extended: '延长20个工作日', newDueDate: cal.addWorkingDays('2024-09-12', 40), newDueDatePending: null });
  });

  it('no extension, no letter facts', () => {
    expect(extensionLetterFacts(deriveCase(requested, opts))).toBeNull();
  });
});

describe('第三十五条 延迟答复: a reasonable later date, set before the period ends', () => {
  const received: ClockEvent = { type: 'submitted', date: '2024-03-01', channel: 'in_person' };
  // Due 2024-03-29 (20 working days, March 2024 has no holiday).
  const defer = (date: string, until: string, explanationRequested = '2024-03-05'): ClockEvent => ({
    type: 'reply_deferred',
    date,
    until,
    reason: '一个月内提出120件申请',
    explanationRequested,
  });
  function refused(events: ClockEvent[]): string {
    try {
      computeClock(events);
    } catch (e) {
      if (e instanceof ClockError) return e.code;
      throw e;
    }
    return 'accepted';
  }

  it('replaces the due date with the date set and says so, citing the article', () => {
    const r = computeClock([received, defer('2024-03-20', '2024-05-31')]);
    expect(r.dueDate).toBe('2024-05-31');
    expect(r.deferral).toEqual({ date: '2024-03-20', until: '2024-05-31', reason: '一个月内提出120件申请' });
    const text = r.explanation!.lines.join('\n');
    expect(text).toContain('确定延迟答复的合理期限至2024-05-31并告知申请人（第三十五条）');
    expect(text).toContain('答复期限届满日：2024-05-31（第三十五条确定的延迟答复期限）');
  });

  it('refuses a deferral after the period ended, not later than it, on a rest day, without asking for reasons, or twice; and an extension after it', () => {
    expect(refused([received, defer('2024-04-01', '2024-05-31')])).toBe('deferral.late');
    expect(refused([received, defer('2024-03-20', '2024-03-29')])).toBe('deferral.not_later');
    expect(refused([received, defer('2024-03-20', '2024-06-01')])).toBe('deferral.not_workday');
    expect(refused([received, defer('2024-03-20', '2024-05-31', '2024-03-21')])).toBe('deferral.no_explanation_request');
    expect(refused([received, defer('2024-03-20', '2024-05-31'), defer('2024-03-21', '2024-06-28')])).toBe('deferral.twice');
    expect(refused([received, defer('2024-03-20', '2024-05-31'), { type: 'extension_approved', date: '2024-03-21', workingDays: 20 }])).toBe('extension.after_deferral');
  });
});
