/** One schema per case event type (src/domain/applications/events.ts): what may be stored, and the loud refusal of anything else. */
import { describe, expect, it } from 'vitest';
import { CASE_EVENT_LABELS, CASE_EVENT_SCHEMAS, CaseEventError, parseCaseEvent, type CaseEvent } from '../../../src/domain/applications/index.ts';
import { CLOCK_EVENT_LABELS } from '../../../src/domain/clock/index.ts';

/** One event of every type, with every field the case file records. */
const EXAMPLES: CaseEvent[] = [
  { type: 'submitted', date: '2026-03-02', channel: 'mail_unsigned' },
  { type: 'receipt_confirmed', date: '2026-03-03' },
  { type: 'correction_requested', date: '2026-03-04', periodWorkingDays: 10, items: ['请写明文件名称'], served: null },
  { type: 'correction_received', date: '2026-03-10' },
  { type: 'consultation_sent', date: '2026-03-11', party: 'third_party', ref: '某公司', consultee: '某公司', reason: '涉及商业秘密' },
  { type: 'consultation_answered', date: '2026-03-12', ref: '某公司', opinion: 'disagree', note: '不同意' },
  { type: 'fee_notice_sent', date: '2026-03-13', amount: 100, computedAmount: 100, method: 'pieces', standard: '按件计收', payment: '银行转账', served: '2026-03-13', serviceMethod: 'direct' },
  { type: 'fee_paid', date: '2026-03-14' },
  { type: 'letter_served', date: '2026-03-14', letter: 'fee', method: 'mail', proof: 'EMS1234567890' },
  { type: 'reply_deferred', date: '2026-03-15', until: '2026-05-15', reason: '申请数量明显超过合理范围', explanationRequested: '2026-03-10' },
  { type: 'extension_requested', date: '2026-03-15', workingDays: 20, reason: '需要检索的档案较多' },
  { type: 'extension_refused', date: '2026-03-16', reason: '理由不充分' },
  { type: 'extension_approved', date: '2026-03-16', workingDays: 20, approvedBy: '李四' },
  { type: 'assigned', date: '2026-03-03', handlerUserId: 7, handlerName: '王五' },
  { type: 'decision_proposed', date: '2026-03-17', outcome: 'partial', details: { disclosedPart: '正文', withheldParts: [{ content: '附件', ground: 'withheld.third_party', reason: '商业秘密' }] } },
  { type: 'decision_returned', date: '2026-03-18', reason: '请补充理由' },
  { type: 'decided', date: '2026-03-19', outcome: 'public', details: { variant: 'provided', access: '随告知书提供' } },
  { type: 'letter_issued', date: '2026-03-19', letterId: 3, kind: 'disclosure', number: '通政数公开〔2026〕第3号' },
  { type: 'file_disclosed', date: '2026-03-19', attachmentId: 9, filename: '合同.pdf' },
  { type: 'delivered', date: '2026-03-20', method: 'email' },
  { type: 'withdrawn', date: '2026-03-21' },
  { type: 'correction_requested', date: '2026-03-06', served: null, periodWorkingDays: 15, items: ['申请内容不明确'] },
  { type: 'letter_served', date: '2026-03-09', letter: 'correction', method: 'mail', proof: 'EMS 1234567890' },
  { type: 'fee_notice_sent', date: '2026-03-12', served: '2026-03-12', serviceMethod: 'electronic', amount: 100, computedAmount: 100 },
  { type: 'reply_deferred', date: '2026-03-16', until: '2026-05-29', reason: '申请数量明显超过合理范围，申请人说明了理由', explanationRequested: '2026-03-10' },
  { type: 'explanation_requested', date: '2026-03-10', grounds: '一个月内提出申请120件' },
  { type: 'explanation_assessed', date: '2026-03-16', conclusion: 'reasonable_deferred', statement: '课题研究需要' },
  { type: 'split', date: '2026-03-05', into: ['202600002', '202600003'] },
  { type: 'split_from', date: '2026-03-05', parentNumber: '202600001' },
  { type: 'note', date: '2026-03-05', text: '电话联系申请人' },
  { type: 'decided', date: '2025-06-30', outcome: 'other.correction_lapsed', imported: true },
];

describe('case event schemas', () => {
  it('every event type has one schema and one label, and the clock events are among them', () => {
    expect(Object.keys(CASE_EVENT_SCHEMAS).sort()).toEqual(Object.keys(CASE_EVENT_LABELS).sort());
    for (const t of Object.keys(CLOCK_EVENT_LABELS)) expect(Object.keys(CASE_EVENT_SCHEMAS)).toContain(t);
    expect(new Set(EXAMPLES.map((e) => e.type))).toEqual(new Set(Object.keys(CASE_EVENT_SCHEMAS)));
  });

  it('reads back every event as it was written, through JSON (as stored)', () => {
    for (const e of EXAMPLES) expect(parseCaseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it.each([
    [{ type: 'consultation_sent', date: '2026-03-11', party: 'third_party', consulte: '错字' }, /consulte/],
    [{ type: 'decided', date: '2026-02-30', outcome: 'public' }, /date：应为 YYYY-MM-DD 格式的真实日期/],
    [{ type: 'decided', date: '2026-03-01', outcome: 'approved' }, /outcome/],
    [{ type: 'assigned', date: '2026-03-01' }, /handlerUserId/],
    [{ type: 'delivered', date: '2026-03-01', method: 'pigeon' }, /method/],
    [{ type: 'decided', date: '2026-03-01', outcome: 'partial', details: { withheldParts: [{ content: 'x', ground: 'public', reason: 'y' }] } }, /details\.withheldParts\.0\.ground/],
  ])('refuses %j loudly, naming the field', (value, field) => {
    expect(() => parseCaseEvent(value, '申请 5 的第 2 个办理事件')).toThrow(CaseEventError);
    expect(() => parseCaseEvent(value, '申请 5 的第 2 个办理事件')).toThrow(/^申请 5 的第 2 个办理事件（[a-z_]+）不符合其格式：/);
    expect(() => parseCaseEvent(value)).toThrow(field);
  });

  it('refuses an unknown type, naming it', () => {
    expect(() => parseCaseEvent({ type: 'approved', date: '2026-03-01' }, '申请 5 的第 2 个办理事件')).toThrow('申请 5 的第 2 个办理事件的类型「approved」不是已知的办理事件');
    expect(() => parseCaseEvent(null)).toThrow(CaseEventError);
  });
});
