/**
 * The applicant's projection (src/domain/applications/applicant-view.ts): an allow-list per event
 * type, nothing internal in the view, the timeline, the letters or the rendered page — and the same
 * due date as staff see. Property-tested on generated histories full of marker strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicantCase } from '../../../src/app/applications/applicant.ts';
import type { LoadedCase } from '../../../src/app/applications/case.ts';
import { presentCase } from '../../../src/app/applications/present.ts';
import type { LetterRow } from '../../../src/db/applications.ts';
import {
  APPLICANT_EVENTS,
  applicantView,
  CASE_EVENT_SCHEMAS,
  deriveCase,
  letterServiceText,
  type CaseEvent,
  type CaseEventType,
  type RecordedEvent,
} from '../../../src/domain/applications/index.ts';
import { CLOCK_EVENT_LABELS } from '../../../src/domain/clock/index.ts';
import { defaultCalendar, fromDayNumber, isoDayNumber } from '../../../src/domain/calendar/index.ts';
import { applicantCaseBody } from '../../../src/server/pages/applicant-case.ts';
import { allowedSteps } from '../../../src/app/applications/present.ts';

const TODAY = '2024-06-28';
const OWNER = 42;
const SECRET = /秘密|SECRET/;

function loaded(recorded: RecordedEvent[], channel = 'in_person'): LoadedCase {
  const view = deriveCase(recorded, { calendar: defaultCalendar, today: TODAY });
  return {
    app: { id: 7, agencyId: 1, applicantUserId: OWNER, channel, number: '2024000001', applicantName: '张三' },
    agency: { id: 1, code: 'x', name: '通化市某局' },
    agencyPath: [1],
    recorded,
    view,
    calendar: defaultCalendar,
    today: TODAY,
  } as unknown as LoadedCase;
}

const letterRow = (id: number, kind: string, date: string): LetterRow => ({ id, kind, number: `某公开〔2024〕${id}号`, letterDate: date }) as unknown as LetterRow;

describe('the allow-list', () => {
  it('lists every clock event (the applicant sees the same due date) and hides the internal ones', () => {
    for (const t of Object.keys(CLOCK_EVENT_LABELS)) expect(APPLICANT_EVENTS, t).toHaveProperty(t);
    // 第三十五条: the request reaches the applicant as its letter (说明理由告知书); the judgment is internal
    // until it becomes a decision (不合理: a draft for the reviewer) or a 延迟答复 (reply_deferred, shown).
    const hidden = ['assigned', 'extension_requested', 'extension_refused', 'decision_proposed', 'decision_returned', 'note', 'explanation_requested', 'explanation_assessed'] as CaseEventType[];
    for (const t of hidden) {
      expect(Object.hasOwn(APPLICANT_EVENTS, t), t).toBe(false);
    }
    // Every event type is decided on: in the list, or one of the hidden ones above.
    expect(Object.keys(CASE_EVENT_SCHEMAS).length).toBe(Object.keys(APPLICANT_EVENTS).length + hidden.length);
  });

  it('a consultation reads as under way and not counted, without the third party; internal steps are gone', () => {
    const events: CaseEvent[] = [
      { type: 'submitted', date: '2024-06-03', channel: 'in_person' },
      { type: 'assigned', date: '2024-06-03', handlerUserId: 5, handlerName: '王承办' },
      { type: 'consultation_sent', date: '2024-06-04', party: 'third_party', ref: '通化某物业公司', consultee: '通化某物业公司', reason: '涉及商业秘密', served: null },
      { type: 'letter_issued', date: '2024-06-04', letterId: 1, kind: 'consultation_third_party', number: '某公开〔2024〕1号' },
      { type: 'letter_issued', date: '2024-06-04', letterId: 2, kind: 'consultation_notice', number: '某公开〔2024〕2号' },
      { type: 'letter_served', date: '2024-06-07', letter: 'consultation', ref: '通化某物业公司', method: 'mail', proof: 'EMS 秘密回执' },
      { type: 'note', date: '2024-06-07', text: '电话里第三方说不同意' },
      { type: 'extension_requested', date: '2024-06-11', workingDays: 10, reason: '档案多' },
      { type: 'decision_proposed', date: '2024-06-12', outcome: 'public', details: {} },
    ];
    const recorded = events.map((event, i) => ({ seq: i + 1, event, actorUserId: 5, actorName: '王承办' }));
    const letters = [letterRow(1, 'consultation_third_party', '2024-06-04'), letterRow(2, 'consultation_notice', '2024-06-04')];
    const v = applicantView({ recorded, letters, ownerUserId: OWNER, agencyName: '通化市某局', channel: 'in_person' }, { calendar: defaultCalendar, today: TODAY });
    expect(v.timeline.map((t) => [t.label, t.detail, t.by])).toEqual([
      ['提交申请', '当面提交', '通化市某局'],
      ['征求第三方意见（第三十二条，该期间不计入答复期限）', '', '通化市某局'],
      ['发出征求意见告知书（申请人）', '某公开〔2024〕2号', '通化市某局'],
    ]);
    const text = JSON.stringify(v);
    for (const s of ['物业', '王承办', '秘密', '档案', '电话']) expect(text).not.toContain(s);
    expect(v.letters.map((l) => l.kind)).toEqual(['consultation_notice']);
    // The same due date and pause as staff see.
    const full = deriveCase(recorded, { calendar: defaultCalendar, today: TODAY });
    expect(v.view.clock!.dueDate).toBe(full.clock!.dueDate);
    expect(v.view.clock!.excludedWorkingDays).toBe(full.clock!.excludedWorkingDays);
    expect(v.view.statusLabel).toBe('征求意见中');
    expect(full.statusLabel).toContain('答复待审批');
  });

  it('each letter with its 送达: served, 待送达, or sent by post with the day not recorded', () => {
    const events: CaseEvent[] = [
      { type: 'submitted', date: '2024-06-03', channel: 'online' },
      { type: 'receipt_confirmed', date: '2024-06-03' },
      { type: 'correction_requested', date: '2024-06-04', periodWorkingDays: 10, items: ['写明年份'], served: '2024-06-04', serviceMethod: 'electronic' },
      { type: 'letter_issued', date: '2024-06-04', letterId: 1, kind: 'correction', number: 'n1' },
      { type: 'correction_received', date: '2024-06-06', channel: 'online', text: '2023年', attachmentIds: [9] },
      { type: 'fee_notice_sent', date: '2024-06-07', amount: 100, served: null, payment: '银行转账' },
      { type: 'letter_issued', date: '2024-06-07', letterId: 2, kind: 'fee_notice', number: 'n2' },
      { type: 'letter_served', date: '2024-06-12', letter: 'fee', method: 'mail', proof: 'EMS1' },
      { type: 'letter_issued', date: '2024-06-13', letterId: 3, kind: 'extension', number: 'n3' },
    ];
    const recorded = events.map((event, i) => ({ seq: i + 1, event, actorUserId: i === 4 ? OWNER : 5 }));
    const letters = [letterRow(1, 'correction', '2024-06-04'), letterRow(2, 'fee_notice', '2024-06-07'), letterRow(3, 'extension', '2024-06-13')];
    const online = applicantView({ recorded, letters, ownerUserId: OWNER, agencyName: '某局', channel: 'online' }, { calendar: defaultCalendar, today: TODAY });
    expect(online.letters.map((l) => letterServiceText(l.service))).toEqual(['2024-06-04 电子送达', '2024-06-12 邮寄送达', '2024-06-13 电子送达']);
    expect(online.timeline.find((t) => t.type === 'correction_received')).toMatchObject({ by: '本人', detail: '在线提交，附件1个' });
    const offline = applicantView({ recorded, letters, ownerUserId: OWNER, agencyName: '某局', channel: 'mail_signed' }, { calendar: defaultCalendar, today: TODAY });
    expect(letterServiceText(offline.letters[2].service)).toBe('邮寄送达（送达日期未登记）');
    // Before the 登记送达 the fee notice is 待送达.
    const before = applicantView({ recorded: recorded.slice(0, 7), letters: letters.slice(0, 2), ownerUserId: OWNER, agencyName: '某局', channel: 'online' }, { calendar: defaultCalendar, today: '2024-06-10' });
    expect(before.letters[1].service).toEqual({ status: 'pending' });
  });
});

// ------------------------------------------------------------------ property

const secret = fc.string({ minLength: 1, maxLength: 6 }).map((s) => `秘密${s.replace(/[<>&"']/g, '')}SECRET`);
const day = (start: string, n: number) => fromDayNumber(isoDayNumber(start) + n);

/** A case history with internal facts carrying marker strings in every place one could hide. */
const history = fc
  .record({
    staff: secret,
    note: secret,
    names: fc.array(secret, { minLength: 0, maxLength: 3 }),
    answered: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    correction: fc.boolean(),
    correctionReceived: fc.boolean(),
    feePaid: fc.boolean(),
    extension: fc.constantFrom('none', 'refused', 'approved'),
    draft: fc.option(secret, { nil: undefined }),
    fee: fc.option(secret, { nil: undefined }),
    decided: fc.boolean(),
    unknownType: fc.boolean(),
    served: fc.constantFrom<'electronic' | 'mail' | null>('electronic', 'mail', null),
    receiptServed: fc.boolean(),
  })
  .map((h) => {
    const events: Array<{ event: CaseEvent; actor: number; name: string }> = [];
    let d = 0;
    const start = '2024-03-04';
    /** An event of the history, dated the current day (a distributive Omit: each type keeps its fields). */
    type Undated = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'date'> : never) : never;
    const add = (e: Undated, actor = 5) => events.push({ event: { ...e, date: day(start, d) } as CaseEvent, actor, name: h.staff });
    add({ type: 'submitted', channel: 'in_person' });
    add({ type: 'letter_issued', letterId: 2, kind: 'receipt', number: 'r1' });
    // The 回执's 登记送达: its proof (a marker) stays internal.
    if (h.receiptServed) add({ type: 'letter_served', letter: 'receipt', letterId: 2, method: 'mail', proof: `${h.note}回执` });
    add({ type: 'assigned', handlerUserId: 5, handlerName: h.staff });
    add({ type: 'note', text: h.note });
    if (h.correction) {
      d += 1;
      add({ type: 'correction_requested', items: ['写明年份'], periodWorkingDays: 5, ...(h.served ? { served: day(start, d), serviceMethod: h.served } : { served: null }) });
      add({ type: 'letter_issued', letterId: 1, kind: 'correction', number: 'c1' });
      if (h.correctionReceived) {
        d += 2;
        add({ type: 'correction_received', channel: 'online', text: '补正', attachmentIds: [3] }, OWNER);
      }
    }
    // While the 补正 is awaited the reply period does not run: no extension, no decision (the page shows the 补正 form).
    const waiting = h.correction && !h.correctionReceived;
    h.names.forEach((n, i) => {
      d += 1;
      add({ type: 'consultation_sent', party: i % 2 ? 'agency' : 'third_party', ref: n, consultee: n, reason: `${n}的理由`, served: null });
      add({ type: 'letter_issued', letterId: 10 + i, kind: 'consultation_third_party', number: `q${i}` });
      add({ type: 'letter_served', letter: 'consultation', ref: n, method: 'mail', proof: `${n}回执` });
    });
    h.names.forEach((n, i) => {
      if (!h.answered[i]) return;
      d += 1;
      add({ type: 'consultation_answered', ref: n, opinion: 'disagree', note: `${n}说不同意` });
    });
    if (h.fee) {
      d += 1;
      add({ type: 'fee_notice_sent', amount: 300, computedAmount: 100, overrideReason: h.fee, served: day(start, d), serviceMethod: 'direct', payment: '银行转账' });
      if (h.feePaid) {
        d += 1;
        add({ type: 'fee_paid' });
      }
    }
    if (h.extension !== 'none' && !waiting) {
      d += 1;
      add({ type: 'extension_requested', workingDays: 10, reason: `${h.note}理由` });
      add(h.extension === 'refused' ? { type: 'extension_refused', reason: h.note } : { type: 'extension_approved', workingDays: 10, approvedBy: h.staff }, 6);
    }
    if (h.draft) {
      d += 1;
      add({ type: 'decision_proposed', outcome: 'unavailable.not_held', details: { reasonDetail: h.draft } });
      add({ type: 'decision_returned', reason: h.draft }, 6);
    }
    if (h.unknownType) add({ type: 'future_internal_thing', text: h.note } as never);
    if (h.decided && !waiting && (!h.fee || h.feePaid) && h.names.every((_, i) => h.answered[i])) {
      d += 1;
      add({ type: 'decided', outcome: 'unavailable.not_held', details: { reasonDetail: h.draft ?? h.note } }, 6);
      add({ type: 'letter_issued', letterId: 99, kind: 'not_exist', number: 'd1' }, 6);
    }
    const recorded: RecordedEvent[] = events.map((e, i) => ({ seq: i + 1, event: e.event, actorUserId: e.actor, actorName: e.name, recordedAt: '2024-03-04T08:00:00Z' }));
    const letters = events.flatMap((e) => (e.event.type === 'letter_issued' ? [letterRow(e.event.letterId, e.event.kind, e.event.date)] : []));
    return { recorded, letters };
  });

describe('the applicant sees nothing internal (property)', () => {
  it('no marker in the view, the API answer or the page; the same due date and state as staff see', () => {
    // What the generated pages showed (so the property is not vacuous: each part was rendered with markers around).
    const seen = { correctionForm: 0, fee: 0, consultation: 0, decided: 0, clockError: 0 };
    fc.assert(
      fc.property(history, ({ recorded, letters }) => {
        const c = loaded(recorded);
        const a = applicantCase(c, letters);
        const api = presentCase(c, { userId: OWNER, kind: 'applicant', roles: [] }, letters, false);
        // Rendered: the whole body of the applicant's page (the layout around it shows no case data).
        const actor = { userId: OWNER, kind: 'applicant' as const, roles: [] };
        const page = String(applicantCaseBody(a, { steps: allowedSteps(actor, c), csrf: 't', files: [{ id: 3, filename: '补正.pdf' }] }));
        expect(page).toContain('办理记录');
        if (page.includes('data-form="correction"')) seen.correctionForm++;
        if (page.includes('id="fee"')) seen.fee++;
        if (page.includes('征求第三方意见')) seen.consultation++;
        if (a.view.decision) seen.decided++;
        if (!a.view.clock) seen.clockError++;
        for (const [what, out] of [['view', JSON.stringify({ ...a, loaded: undefined })], ['api', JSON.stringify(api)], ['page', page]] as const) {
          expect(out, what).not.toMatch(SECRET);
        }
        expect(a.view.clock?.dueDate ?? null).toBe(c.view.clock?.dueDate ?? null);
        expect(a.view.clock?.state ?? null).toBe(c.view.clock?.state ?? null);
        expect(a.view.clock?.excludedWorkingDays ?? null).toBe(c.view.clock?.excludedWorkingDays ?? null);
        // Nobody's name but the agency's and 本人.
        expect(new Set(a.timeline.map((t) => t.by))).toSatisfy((s: Set<string>) => [...s].every((b) => b === '本人' || b === '通化市某局'));
      }),
      { numRuns: 300, seed: 150015 },
    );
    expect(seen.correctionForm).toBeGreaterThan(10);
    expect(seen.fee).toBeGreaterThan(10);
    expect(seen.consultation).toBeGreaterThan(10);
    expect(seen.decided).toBeGreaterThan(10);
    console.log(JSON.stringify({ probe: 'applicant view', runs: 300, ...seen }));
  });

  it('the staff see the markers (the generator does hide them somewhere)', () => {
    fc.assert(
      fc.property(history, ({ recorded, letters }) => {
        const c = loaded(recorded);
        const staff = presentCase(c, { userId: 5, kind: 'staff', roles: [] }, letters, true);
        expect(JSON.stringify(staff)).toMatch(SECRET);
      }),
      { numRuns: 50, seed: 150016 },
    );
  });
});
