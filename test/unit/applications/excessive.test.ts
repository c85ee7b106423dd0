/**
 * 第三十五条's order of acts in the domain (src/domain/applications/excessive.ts, checked by
 * checkCaseEvent): reasons are asked for once, after receipt and not while 补正 is awaited; judged
 * once; a 「无正当理由大量反复申请」 draft needs the judgment 不合理, a 延迟答复 the judgment 合理但无法按期答复.
 */
import { describe, expect, it } from 'vitest';
import { checkCaseEvent, deriveCase, explanationOf, type CaseEvent, type RecordedEvent } from '../../../src/domain/applications/index.ts';

const rec = (events: CaseEvent[]): RecordedEvent[] => events.map((event, i) => ({ seq: i + 1, event, actorUserId: 1 }));
const received: CaseEvent = { type: 'submitted', date: '2024-03-01', channel: 'in_person' }; // due 2024-03-29
const asked: CaseEvent = { type: 'explanation_requested', date: '2024-03-05', grounds: '一个月内申请120件' };
const code = (events: CaseEvent[], e: CaseEvent) => {
  const r = checkCaseEvent(rec(events), e, 2);
  return r.ok ? 'ok' : r.code;
};

describe('第三十五条 in the domain', () => {
  it('asks once, after receipt, not while a 补正 is awaited, with grounds', () => {
    expect(code([received], asked)).toBe('ok');
    expect(code([received, asked], { ...asked, date: '2024-03-06' })).toBe('explanation.twice');
    expect(code([received], { ...asked, grounds: '  ' })).toBe('explanation.grounds');
    expect(code([{ type: 'submitted', date: '2024-03-01', channel: 'online' }], asked)).toBe('event.before_receipt');
    expect(code([received, { type: 'correction_requested', date: '2024-03-04', periodWorkingDays: 15, served: '2024-03-04', serviceMethod: 'direct' }], asked)).toBe(
      'explanation.awaiting_correction',
    );
  });

  it('judges once, after asking; the draft and the deferral follow the judgment the article ties them to', () => {
    const judge = (conclusion: 'unreasonable' | 'reasonable' | 'reasonable_deferred'): CaseEvent => ({ type: 'explanation_assessed', date: '2024-03-12', conclusion });
    const excessive: CaseEvent = { type: 'decision_proposed', date: '2024-03-12', outcome: 'not_handled.excessive', details: {} };
    const defer: CaseEvent = { type: 'reply_deferred', date: '2024-03-12', until: '2024-05-31', reason: '一个月内申请120件', explanationRequested: '2024-03-05' };
    expect(code([received], judge('reasonable'))).toBe('explanation.none');
    expect(code([received, asked], { ...judge('reasonable'), date: '2024-03-04' })).toBe('explanation.before_request');
    expect(code([received, asked, judge('reasonable')], judge('unreasonable'))).toBe('explanation.assessed_twice');
    expect(code([received], excessive)).toBe('decision.excessive_unassessed');
    expect(code([received, asked, judge('reasonable')], excessive)).toBe('decision.excessive_unassessed');
    expect(code([received, asked, judge('unreasonable')], excessive)).toBe('ok');
    expect(code([received, asked, judge('reasonable')], defer)).toBe('deferral.not_assessed');
    expect(code([received, asked, judge('reasonable_deferred')], { ...defer, explanationRequested: '2024-03-04' })).toBe('deferral.request_date');
    expect(code([received, asked, judge('reasonable_deferred')], defer)).toBe('ok');
    // The clock's own rule still applies: a deferral must be later than 第三十三条's date.
    expect(code([received, asked, judge('reasonable_deferred')], { ...defer, until: '2024-03-28' })).toBe('deferral.not_later');
  });

  it('the case view and its explanation say what happened, citing the article; asking moves no date', () => {
    const events: CaseEvent[] = [received, asked, { type: 'explanation_assessed', date: '2024-03-12', conclusion: 'reasonable', statement: '学术研究' }];
    const v = deriveCase(rec(events), { today: '2024-03-13' });
    expect(explanationOf(events)).toEqual({ requested: '2024-03-05', grounds: '一个月内申请120件', assessed: { date: '2024-03-12', conclusion: 'reasonable', statement: '学术研究' } });
    expect(v.clock!.dueDate).toBe(deriveCase(rec([received]), { today: '2024-03-13' }).clock!.dueDate);
    const lines = v.clock!.explanation!.lines.join('\n');
    expect(lines).toContain('2024-03-05 申请数量、频次明显超过合理范围（一个月内申请120件），要求申请人说明理由（第三十五条）');
    expect(lines).toContain('2024-03-12 审查申请理由（申请人说明：学术研究）：认为申请理由合理，在第三十三条规定的期限内答复（第三十五条）');
  });
});
