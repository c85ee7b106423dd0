/** The case rules of 依申请公开, with the articles' own cases (第三十条, 第三十一条, 第三十三条, 第三十七条). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkCaseEvent,
  deriveCase,
  findDuplicates,
  subjectSimilarity,
  normaliseSubject,
  applicationFacts,
  validateApplicationRecords,
  validateAppealRecords,
  type CaseEvent,
  type RecordedEvent,
} from '../../../src/domain/applications/index.ts';
// The steps' availability lives with each step (src/app/steps); these tests hold it to the rules.
import { availableSteps } from '../../../src/app/steps/index.ts';
import { defaultCalendar } from '../../../src/domain/calendar/index.ts';
import { placeApplication } from '../../../src/domain/report/policy.ts';

const HANDLER = 10;
const REVIEWER = 20;
const rec = (events: Array<[CaseEvent, number?]>): RecordedEvent[] => events.map(([event, by], i) => ({ seq: i + 1, event, actorUserId: by ?? HANDLER }));
const received: Array<[CaseEvent, number?]> = [[{ type: 'submitted', date: '2024-03-04', channel: 'in_person' }]];
const opts = { calendar: defaultCalendar, today: '2024-03-20' };

describe('derived status and steps', () => {
  it('an online application is 待确认 until confirmed (第三十一条第三项); only confirm or withdraw then', () => {
    const v = deriveCase(rec([[{ type: 'submitted', date: '2024-03-04', channel: 'online' }]]), opts);
    expect(v.statusLabel).toBe('待确认');
    expect(v.clock!.receiptDate).toBeNull();
    expect(availableSteps(v)).toEqual(['confirm', 'assign', 'withdraw', 'split', 'disclose_file']);
  });

  it('in person: received the day it is handed in; due 20 working days later (第三十三条)', () => {
    const v = deriveCase(rec(received), opts);
    expect(v.clock!.receiptDate).toBe('2024-03-04');
    expect(v.clock!.dueDate).toBe('2024-04-01');
    expect(availableSteps(v)).toContain('extension_request');
  });

  it('the status shows a pending extension and a pending decision', () => {
    const v = deriveCase(
      rec([...received, [{ type: 'extension_requested', date: '2024-03-10', workingDays: 10, reason: '档案分散' }], [{ type: 'decision_proposed', date: '2024-03-11', outcome: 'public', details: {} }]]),
      opts,
    );
    expect(v.statusLabel).toBe('办理中（延期待审批、答复待审批）');
    expect(availableSteps(v)).toEqual(expect.arrayContaining(['extension_decide', 'decision_review']));
    expect(availableSteps(v)).not.toContain('decision_propose');
  });

  it('a calendar year not yet entered gives a Chinese reason, not a crash, and the case stays workable (pending.ts)', () => {
    const v = deriveCase(rec([[{ type: 'submitted', date: '2026-12-20', channel: 'in_person' }]]), { calendar: defaultCalendar, today: '2026-12-21' });
    expect(v.clock!.dueDate).toBeNull();
    expect(v.pending!.reason).toBe('待2027年节假日安排录入后确定');
    expect(v.pending!.detail).toContain('2027年');
    expect(availableSteps(v)).toEqual(expect.arrayContaining(['correction_request', 'decision_propose']));
  });
});

describe('checkCaseEvent: the procedural rules', () => {
  const ext: Array<[CaseEvent, number?]> = [...received, [{ type: 'extension_requested', date: '2024-03-10', workingDays: 20, reason: '需要调取档案' }, HANDLER]];

  it('the one who asked for the extension cannot approve it (第三十三条第二款: 经负责人同意)', () => {
    const r = checkCaseEvent(rec(ext), { type: 'extension_approved', date: '2024-03-11', workingDays: 20 }, HANDLER, opts);
    expect(r).toMatchObject({ ok: false, code: 'extension.self_approval' });
    expect(checkCaseEvent(rec(ext), { type: 'extension_approved', date: '2024-03-11', workingDays: 20 }, REVIEWER, opts)).toEqual({ ok: true });
  });

  it('an extension is approved only as requested, once; a second request is refused', () => {
    expect(checkCaseEvent(rec(ext), { type: 'extension_approved', date: '2024-03-11', workingDays: 10 }, REVIEWER, opts)).toMatchObject({ ok: false, code: 'extension.mismatch' });
    const approved = rec([...ext, [{ type: 'extension_approved', date: '2024-03-11', workingDays: 20 }, REVIEWER]]);
    expect(checkCaseEvent(approved, { type: 'extension_requested', date: '2024-03-12', workingDays: 5, reason: 'x' }, HANDLER, opts)).toMatchObject({ ok: false, code: 'extension.twice' });
    expect(checkCaseEvent(rec(received), { type: 'extension_approved', date: '2024-03-11', workingDays: 20 }, REVIEWER, opts)).toMatchObject({ ok: false, code: 'extension.none_pending' });
  });

  it('more than 20 working days, or after the period ran out, is refused', () => {
    expect(checkCaseEvent(rec(received), { type: 'extension_requested', date: '2024-03-10', workingDays: 21, reason: 'x' }, HANDLER, opts)).toMatchObject({ ok: false, code: 'extension.too_long' });
    expect(checkCaseEvent(rec(received), { type: 'extension_requested', date: '2024-04-02', workingDays: 5, reason: 'x' }, HANDLER, opts)).toMatchObject({ ok: false, code: 'extension.late' });
  });

  it('a decision is only the approval of a drafted outcome, by someone else, with the same outcome', () => {
    expect(checkCaseEvent(rec(received), { type: 'decided', date: '2024-03-12', outcome: 'public' }, REVIEWER, opts)).toMatchObject({ ok: false, code: 'decision.none_pending' });
    const drafted = rec([...received, [{ type: 'decision_proposed', date: '2024-03-11', outcome: 'public', details: {} }, HANDLER]]);
    expect(checkCaseEvent(drafted, { type: 'decided', date: '2024-03-12', outcome: 'public' }, HANDLER, opts)).toMatchObject({ ok: false, code: 'decision.self_approval' });
    expect(checkCaseEvent(drafted, { type: 'decided', date: '2024-03-12', outcome: 'partial' }, REVIEWER, opts)).toMatchObject({ ok: false, code: 'decision.mismatch' });
    expect(checkCaseEvent(drafted, { type: 'decided', date: '2024-03-12', outcome: 'public' }, REVIEWER, opts)).toEqual({ ok: true });
  });

  it('a draft needs exactly one outcome of table 2; 部分公开 lists what is given and what is withheld (第三十七条)', () => {
    expect(checkCaseEvent(rec(received), { type: 'decision_proposed', date: '2024-03-11', outcome: '' as never, details: {} }, HANDLER, opts)).toMatchObject({ ok: false, code: 'decision.outcome' });
    expect(checkCaseEvent(rec(received), { type: 'decision_proposed', date: '2024-03-11', outcome: 'partial', details: { disclosedPart: '正文' } }, HANDLER, opts)).toMatchObject({ ok: false, code: 'decision.partial_withheld' });
    expect(
      checkCaseEvent(rec(received), { type: 'decision_proposed', date: '2024-03-11', outcome: 'partial', details: { disclosedPart: '正文', withheldParts: [{ content: '附件', ground: 'withheld.third_party', reason: '商业秘密' }] } }, HANDLER, opts),
    ).toEqual({ ok: true });
  });

  it('逾期不补正 can be drafted only after the correction period lapsed (第三十条)', () => {
    const corr = rec([...received, [{ type: 'correction_requested', date: '2024-03-05', periodWorkingDays: 5 }]]);
    expect(checkCaseEvent(corr, { type: 'decision_proposed', date: '2024-03-12', outcome: 'other.correction_lapsed', details: {} }, HANDLER, opts)).toMatchObject({ ok: false, code: 'decided.correction_not_lapsed' });
    expect(checkCaseEvent(corr, { type: 'decision_proposed', date: '2024-03-13', outcome: 'other.correction_lapsed', details: {} }, HANDLER, { ...opts, today: '2024-03-13' })).toEqual({ ok: true });
  });

  it('nothing after a withdrawal or after a split; the clock rules still apply (a second 当面 submission)', () => {
    const w = rec([...received, [{ type: 'withdrawn', date: '2024-03-06' }]]);
    expect(checkCaseEvent(w, { type: 'assigned', date: '2024-03-07', handlerUserId: 1 }, HANDLER, opts)).toMatchObject({ ok: false, code: 'case.withdrawn' });
    const s = rec([...received, [{ type: 'split', date: '2024-03-06', into: ['A', 'B'] }]]);
    expect(checkCaseEvent(s, { type: 'correction_requested', date: '2024-03-07' }, HANDLER, opts)).toMatchObject({ ok: false, code: 'case.split' });
    expect(checkCaseEvent(rec(received), { type: 'submitted', date: '2024-03-05', channel: 'fax' }, HANDLER, opts)).toMatchObject({ ok: false, code: 'submitted.twice' });
  });
});

describe('year end: carried over from the events (上年结转)', () => {
  it('received 2023-12-20 and decided 2024-01-10 is carried out of 2023 and carried into 2024', () => {
    const events: CaseEvent[] = [
      { type: 'submitted', date: '2023-12-20', channel: 'in_person' },
      { type: 'decided', date: '2024-01-10', outcome: 'public' },
    ];
    const f = applicationFacts('1', 'natural', events);
    expect(f).toMatchObject({ receiptDate: '2023-12-20', decisionDate: '2024-01-10', outcome: 'public' });
    expect(placeApplication(f, 2023)).toEqual({ new: true, carried_in: false, outcome: null, carried_out: true });
    expect(placeApplication(f, 2024)).toEqual({ new: false, carried_in: true, outcome: 'public', carried_out: false });
  });

  it('an online application submitted 2023-12-29 and confirmed 2024-01-02 is new in 2024, not 2023 (第三十一条第三项)', () => {
    const f = applicationFacts('2', 'org.business', [{ type: 'submitted', date: '2023-12-29', channel: 'online' }, { type: 'receipt_confirmed', date: '2024-01-02' }]);
    expect(placeApplication(f, 2023)).toMatchObject({ new: false, carried_out: false });
    expect(placeApplication(f, 2024)).toMatchObject({ new: true, carried_out: true });
  });

  it('facts do not need the calendar of the due date (an open case at the end of the last known year)', () => {
    const f = applicationFacts('3', 'natural', [{ type: 'submitted', date: '2026-12-28', channel: 'in_person' }]);
    expect(f.receiptDate).toBe('2026-12-28');
    expect(placeApplication(f, 2026).carried_out).toBe(true);
  });
});

describe('duplicates (第三十六条第六项): a suggestion, same applicant only', () => {
  const base = { applicantUserId: 7, applicantIdNumber: null, applicantCreditCode: null, applicantName: '张三', applicantPhone: null };
  it('finds a reworded request of the same applicant, not another applicant\'s', () => {
    const cur = { ...base, id: 3, number: 'C', subject: '政务大厦2023年度的招标文件' };
    const earlier = [
      { ...base, id: 1, number: 'A', subject: '2023年政务大厦招标文件' },
      { ...base, id: 2, number: 'B', subject: '市政府常务会议纪要' },
      { ...base, applicantUserId: 8, applicantName: '李四', id: 4, number: 'D', subject: '2023年政务大厦招标文件' },
    ];
    expect(findDuplicates(cur, earlier).map((m) => m.number)).toEqual(['A']);
  });
  it('similarity is symmetric, in [0,1], and 1 for the same text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const s = subjectSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(subjectSimilarity(b, a)).toBeCloseTo(s, 10);
      }),
    );
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (a) => subjectSimilarity(a, a) === (normaliseSubject(a) ? 1 : 0)));
  });
});

describe('CSV rows (contracts.md §3)', () => {
  const ctx = { knownAgencies: new Set(['220500-zsj']), existing: new Set(['220500-zsj/X1']), calendar: defaultCalendar };
  const row = (line: number, v: Record<string, string>) => ({ line, values: { agency_code: '220500-zsj', number: `N${line}`, applicant_type: 'natural', channel: 'in_person', received_date: '2024-03-04', decided_date: '', outcome: '', ...v } });

  it('names every bad line and its reasons in Chinese', () => {
    const { rows, errors } = validateApplicationRecords(
      [
        row(2, {}),
        row(3, { channel: 'pigeon', received_date: '2024-02-30' }),
        row(4, { decided_date: '2024-03-10' }),
        row(5, { number: 'X1' }),
        row(6, { decided_date: '2024-03-01', outcome: 'public' }),
        row(7, { agency_code: 'nowhere', outcome: 'withheld.secret', decided_date: '2024-03-10' }),
      ],
      ctx,
    );
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(errors[0].message).toContain('提交渠道（channel）「pigeon」无效');
    expect(errors[0].message).toContain('不是 YYYY-MM-DD 格式的真实日期');
    expect(errors[1].message).toContain('须填写办理结果');
    expect(errors[2].message).toContain('已存在');
    expect(errors[3].message).toContain('早于收到申请日期');
    expect(errors[4].message).toMatch(/机关代码「nowhere」不存在.*办理结果（outcome）「withheld.secret」无效/);
  });

  it('an imported row is an event history: online rows are confirmed on received_date', () => {
    const { rows } = validateApplicationRecords([row(2, { channel: 'online', decided_date: '2024-03-20', outcome: 'partial' })], ctx);
    expect(rows[0].events.map((e) => e.type)).toEqual(['submitted', 'receipt_confirmed', 'decided']);
  });

  it('逾期未缴费 needs the 20 working days of the fee notice to have run', () => {
    const { errors } = validateApplicationRecords([row(2, { decided_date: '2024-03-20', outcome: 'other.fee_lapsed' })], ctx);
    expect(errors[0].message).toContain('缴费期限');
    const ok = validateApplicationRecords([row(2, { decided_date: '2024-04-20', outcome: 'other.fee_lapsed' })], ctx);
    expect(ok.errors).toEqual([]);
  });

  it('appeals: result and concluded date must agree', () => {
    const base = { agency_code: '220500-zsj', number: 'F1', kind: 'reconsideration', filed_date: '2024-05-01', concluded_date: '', result: 'pending' };
    const r = validateAppealRecords(
      [
        { line: 2, values: base },
        { line: 3, values: { ...base, number: 'F2', result: 'upheld' } },
        { line: 4, values: { ...base, number: 'F3', kind: 'appeal', concluded_date: '2024-04-01', result: 'corrected' } },
      ],
      { knownAgencies: ctx.knownAgencies, existing: new Set(), applications: new Set() },
    );
    expect(r.rows.map((x) => x.line)).toEqual([2]);
    expect(r.errors[0].message).toContain('须填写审结日期');
    expect(r.errors[1].message).toMatch(/案件类型.*早于/);
  });
});
