/**
 * The step registry (src/app/steps): each step defined once, and every consumer agreeing with it —
 * the input schema, the policy action, the console form (rendered by one renderer, read back by one
 * reader into an input the schema accepts), the timeline.
 */
import { describe, expect, it } from 'vitest';
import { CASE_STEP_LABELS, STEPS, availableSteps, findStep, stepAction, stepSchema, type CaseStep } from '../../../src/app/steps/index.ts';
import { ACTION_LIST, type Actor } from '../../../src/app/policies.ts';
import type { LoadedCase } from '../../../src/app/applications/case.ts';
import { timelineOf } from '../../../src/app/applications/timeline.ts';
import { deriveCase, type CaseEvent, type RecordedEvent } from '../../../src/domain/applications/index.ts';
import { defaultCalendar } from '../../../src/domain/calendar/index.ts';
import { renderStepForms, stepInputFromForm } from '../../../src/server/pages/step-forms.ts';

const TODAY = '2024-03-20';
const PARTIAL = '（二）部分公开（区分处理的，只计这一情形，不计其他情形）';
const rec = (events: CaseEvent[]): RecordedEvent[] => events.map((event, i) => ({ seq: i + 1, event, actorUserId: i % 2 ? 10 : 20, actorName: '王五' }));

/** A case with an open consultation, an unpaid fee, a pending extension and a pending decision: every form has something to show. */
function busyCase(): LoadedCase {
  const recorded = rec([
    { type: 'submitted', date: '2024-03-04', channel: 'in_person' },
    { type: 'consultation_sent', date: '2024-03-05', party: 'third_party', ref: '某公司', consultee: '某公司' },
    { type: 'fee_notice_sent', date: '2024-03-06', amount: 100, method: 'pieces', standard: '按件', payment: '转账' },
    { type: 'extension_requested', date: '2024-03-07', workingDays: 10, reason: '档案较多' },
    { type: 'decision_proposed', date: '2024-03-08', outcome: 'partial', details: { disclosedPart: '正文', withheldParts: [{ content: '报价', ground: 'withheld.third_party', reason: '商业秘密' }] } },
  ]);
  const view = deriveCase(recorded, { calendar: defaultCalendar, today: TODAY });
  return { app: { id: 7, agencyId: 1, applicantUserId: null }, agency: { id: 1, code: 'x', name: '某局' }, agencyPath: [1], recorded, view, calendar: defaultCalendar, today: TODAY } as unknown as LoadedCase;
}

/** What a person would type into each field of a rendered form. */
function fill(formHtml: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const m of formHtml.matchAll(/<(input|textarea|select)\b[^>]*\bname="([^"]+)"[^>]*>/g)) {
    const [tag, kind, name] = m;
    if (name === '_csrf' || name in body) continue;
    if (/type="hidden"/.test(tag)) body[name] = /value="([^"]*)"/.exec(tag)![1];
    else if (/type="file"/.test(tag)) body[name] = { filename: '结果.pdf', contentType: 'application/pdf', contentBase64: 'JVBERg==' };
    else if (/type="date"/.test(tag)) body[name] = TODAY;
    else if (/type="number"/.test(tag)) body[name] = /value="(\d+)"/.exec(tag)?.[1] ?? '5';
    else if (kind === 'select') {
      const rest = formHtml.slice(m.index! + tag.length);
      body[name] = [...rest.matchAll(/<option value="([^"]*)"/g)].map((o) => o[1]).find((v) => v !== '') ?? '';
    } else body[name] = kind === 'textarea' ? '第一项\n第二项' : '某内容';
  }
  return body;
}

describe('the step registry', () => {
  it('defines each step once, with a Chinese label and a policy action', () => {
    const names = STEPS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of STEPS) {
      expect(CASE_STEP_LABELS[s.name]).toMatch(/^[\u4e00-\u9fa5]+$/);
      expect(findStep(s.name)).toBe(s);
      for (const actor of [null, { kind: 'applicant' } as Actor, { kind: 'staff' } as Actor]) expect(ACTION_LIST).toContain(stepAction(s.name, actor));
    }
    expect(stepAction('withdraw', { kind: 'applicant' } as Actor)).toBe('application.withdraw_own');
    expect(stepAction('decision_review', null)).toBe('application.approve');
    expect(findStep('approve_everything')).toBeUndefined();
  });

  it('the API schema is one union over the registry: each step by name, an unknown one refused in Chinese', () => {
    for (const s of STEPS) {
      const r = stepSchema.safeParse({ step: s.name });
      // A step with required fields is refused for them, never as an unknown step.
      if (!r.success) expect(r.error.issues.map((i) => i.message)).not.toContain('未知的办理步骤');
    }
    const r = stepSchema.safeParse({ step: 'approve_everything' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe('未知的办理步骤');
  });

  it('the busy case admits the steps of its state, in the registry order', () => {
    expect(availableSteps(busyCase().view)).toEqual(['assign', 'consultation_send', 'consultation_answer', 'fee_paid', 'extension_decide', 'decision_review', 'withdraw', 'disclose_file']);
  });

  it.each(STEPS.map((s) => [s.name] as [CaseStep]))('%s: its console form, filled in, reads back into an input its schema accepts', (name) => {
    const c = busyCase();
    const formHtml = renderStepForms(c, [name], 'token').toString();
    expect(formHtml).toContain(`data-step="${name}"`);
    expect(formHtml).toContain(`<h3>${CASE_STEP_LABELS[name]}</h3>`);
    const input = stepInputFromForm(fill(formHtml), c);
    const parsed = stepSchema.safeParse(input);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data!.step).toBe(name);
  });

  it('the forms show the case: the pending extension and decision, the open consultation', () => {
    const c = busyCase();
    expect(renderStepForms(c, ['extension_decide'], 't').toString()).toContain('承办人申请延长10个工作日：档案较多');
    const review = renderStepForms(c, ['decision_review'], 't').toString();
    expect(review).toContain('拟办结果：<strong>（二）部分公开（区分处理的，只计这一情形，不计其他情形）</strong>（依据：第三十七条）');
    expect(review).toContain('不予公开：报价——商业秘密');
    expect(renderStepForms(c, ['consultation_answer'], 't').toString()).toContain('<option value="某公司">某公司</option>');
  });

  it('a form posted for a step the case does not admit still reads (the use case refuses it), never throws', () => {
    const c = { ...busyCase(), view: deriveCase(rec([{ type: 'submitted', date: '2024-03-04', channel: 'in_person' }]), { calendar: defaultCalendar, today: TODAY }) };
    expect(stepInputFromForm({ step: 'decision_review', approve: 'true' }, c)).toEqual({ step: 'decision_review', approve: true, reason: undefined });
    expect(stepInputFromForm({ step: 'nonsense' }, c)).toEqual({ step: 'nonsense' });
  });

  it('the staff timeline reads each event as the step that appends it describes it (the applicant has a projection of his own)', () => {
    const recorded = rec([
      ...busyCase().recorded.map((r) => r.event),
      { type: 'decided', date: '2024-03-09', outcome: 'partial' },
      { type: 'letter_issued', date: '2024-03-09', letterId: 1, kind: 'partial_disclosure', number: '某公开〔2024〕第1号' },
      { type: 'delivered', date: '2024-03-10', method: 'email' },
      { type: 'note', date: '2024-03-10', text: '已电话告知' },
    ]);
    const staff = timelineOf(recorded);
    expect(staff.map((t) => [t.label, t.detail])).toEqual([
      ['提交申请', ''],
      ['发出征求意见', '某公司'],
      ['发出收费通知', ''],
      ['申请延长答复期限', '10个工作日'],
      ['拟定答复意见', PARTIAL],
      ['作出答复', PARTIAL],
      ['生成文书', '部分公开告知书 某公开〔2024〕第1号'],
      ['送达答复', '电子邮件送达'],
      ['备注', ''],
    ]);
    expect(staff[1].by).toBe('王五');
  });
});
