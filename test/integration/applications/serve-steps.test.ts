/**
 * The 送达 steps through the use case (performStep) on a real PGlite database with the demo data:
 * 登记送达 of a letter awaiting service, the service method of the letter-sending steps, the fee
 * computed from 109号, the 延期答复告知书.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../../support/db.ts';
import { caseFixture } from '../../support/cases.ts';
import type { Database } from '../../../src/db/index.ts';
import { applicationLetters as letters } from '../../../src/db/schema.ts';
import { loadCase } from '../../../src/app/applications/case.ts';
import { timelineOf } from '../../../src/app/applications/timeline.ts';
import type { Actor } from '../../../src/app/policies.ts';
import type { StepInput } from '../../../src/app/steps/index.ts';
import { renderStepForms, stepInputFromForm } from '../../../src/server/pages/step-forms.ts';
import { feeForApplication } from '../../../src/domain/fees/index.ts';
import { stepChoices } from '../../../src/app/steps/index.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

let database: Database;
let registrar: Actor;
let handler: Actor;
let reviewer: Actor;
const { actor, newCase, onlineCase, attempt, lastLetter } = caseFixture(() => database.db);

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  registrar = await actor('registrar@zsj.demo');
  handler = await actor('handler@zsj.demo');
  reviewer = await actor('reviewer@zsj.demo');
});
afterAll(async () => {
  await database?.close();
});

describe('登记送达 (serve_letter)', () => {
  it('records the service of a mailed 补正告知书; its period then runs from the day served', async () => {
    const id = await newCase([{ type: 'correction_requested', date: '2026-11-03', periodWorkingDays: 15, items: ['写明项目名称'], served: null }]);
    let c = await loadCase(database.db, id);
    expect(c.view.clock!.awaitingService).toEqual([{ letter: 'correction', sent: '2026-11-03' }]);
    expect(c.view.clock!.corrections[0].deadline).toBeNull();

    // Proof is required for 邮寄送达 (a 400 in Chinese, nothing written); the reviewer may not record it.
    const noProof = await attempt(registrar, id, { step: 'serve_letter', date: '2026-11-06', letter: 'correction', method: 'mail' });
    expect(noProof).toMatchObject({ status: 400, code: 'service.proof' });
    expect(noProof!.message).toContain('邮寄送达的凭证');
    expect((await attempt(reviewer, id, { step: 'serve_letter', date: '2026-11-06', letter: 'correction', method: 'mail', proof: 'EMS1234' }))?.status).toBe(403);
    // Not the letter awaiting service: refused by the clock.
    expect(await attempt(registrar, id, { step: 'serve_letter', date: '2026-11-06', letter: 'fee', method: 'mail', proof: 'EMS1234' })).toMatchObject({ status: 409, code: 'service.none_pending' });

    expect(await attempt(registrar, id, { step: 'serve_letter', date: '2026-11-06', letter: 'correction', method: 'mail', proof: 'EMS1234' })).toBeNull();
    c = await loadCase(database.db, id);
    expect(c.view.clock!.awaitingService).toEqual([]);
    expect(c.view.clock!.corrections[0]).toMatchObject({ served: '2026-11-06', serviceMethod: 'mail' });
    // 15 working days from the day after 11-06 (11-09 … 11-27).
    expect(c.view.clock!.corrections[0].deadline).toBe('2026-11-27');
    const line = timelineOf(c.recorded).at(-1)!;
    expect([line.label, line.detail]).toEqual(['文书送达', '补正告知书，邮寄送达']);
    // Nothing awaits service any more: the step is no longer offered, and refused.
    expect(await attempt(registrar, id, { step: 'serve_letter', letter: 'correction', method: 'electronic' })).toMatchObject({ status: 409 });
  });

  it('a consultation by its ref; 电子送达 needs no proof; the handler records it too', async () => {
    const id = await newCase([
      { type: 'consultation_sent', date: '2026-11-03', party: 'third_party', ref: '甲公司', consultee: '甲公司', served: null },
      { type: 'consultation_sent', date: '2026-11-03', party: 'third_party', ref: '乙公司', consultee: '乙公司', served: null },
    ]);
    // The form offers each letter awaiting service; the chosen one reads back with its ref.
    const form = renderStepForms(await loadCase(database.db, id), ['serve_letter'], 't').toString();
    expect(form).toContain('<option value="consultation:乙公司">2026-11-03发出的征求意见书（乙公司）</option>');
    const input = stepInputFromForm({ step: 'serve_letter', date: '2026-11-04', letter: 'consultation:乙公司', method: 'electronic', proof: '' }, await loadCase(database.db, id));
    expect(input).toEqual({ step: 'serve_letter', date: '2026-11-04', letter: 'consultation', ref: '乙公司', method: 'electronic', proof: undefined });
    expect(await attempt(handler, id, input as StepInput)).toBeNull();
    const c = await loadCase(database.db, id);
    expect(c.view.clock!.awaitingService).toEqual([{ letter: 'consultation', sent: '2026-11-03', ref: '甲公司' }]);
    expect(c.view.clock!.consultations.find((x) => x.ref === '乙公司')).toMatchObject({ served: '2026-11-04', serviceMethod: 'electronic' });
  });
});

describe('the 送达方式 of the letter-sending steps', () => {
  it('邮寄 (the default for a letter or in-person application) leaves the 补正告知书 待送达, with no invented date', async () => {
    const id = await newCase();
    expect(await attempt(handler, id, { step: 'correction_request', date: '2026-11-03', items: ['写明项目名称'], periodWorkingDays: 15 })).toBeNull();
    const c = await loadCase(database.db, id);
    expect(c.recorded.at(-2)!.event).toMatchObject({ type: 'correction_requested', served: null });
    expect(c.view.clock!.awaitingService).toEqual([{ letter: 'correction', sent: '2026-11-03' }]);
    const text = await lastLetter(id, 'correction');
    expect(text).toContain('自收到本告知书之日起15个工作日内向本机关提交');
    expect(text).not.toMatch(/（即.*前）/);
    // The form offers 邮寄 first for this case.
    expect(renderStepForms(c, ['correction_request'], 't').toString()).toMatch(/name="serviceMethod"[^>]*><option value="mail">邮寄送达/);
  });

  it('直接送达 is served the day of the step: the deadline is known and printed', async () => {
    const id = await newCase();
    expect(await attempt(handler, id, { step: 'correction_request', date: '2026-11-03', items: ['写明项目名称'], periodWorkingDays: 15, serviceMethod: 'direct' })).toBeNull();
    const c = await loadCase(database.db, id);
    expect(c.view.clock!.corrections[0]).toMatchObject({ served: '2026-11-03', serviceMethod: 'direct', deadline: '2026-11-24' });
    expect(c.view.clock!.awaitingService).toEqual([]);
    expect(await lastLetter(id, 'correction')).toContain('（即2026年11月24日前）');
  });

  it('a 收费通知书 by 公告 and a 征求意见书 by 留置 wait for 登记送达; their letters state no date', async () => {
    const id = await newCase();
    expect(await attempt(handler, id, { step: 'consultation_send', date: '2026-11-03', party: 'third_party', consultee: '甲公司', serviceMethod: 'left' })).toBeNull();
    expect(await attempt(handler, id, { step: 'fee_notice', date: '2026-11-03', method: 'pages', pages: 200, standard: '按量计收', payment: '银行转账', serviceMethod: 'public_notice' })).toBeNull();
    const c = await loadCase(database.db, id);
    expect(c.view.clock!.awaitingService.map((a) => a.letter)).toEqual(['consultation', 'fee']);
    expect(await lastLetter(id, 'consultation_third_party')).not.toContain('（即');
    const fee = await lastLetter(id, 'fee_notice');
    expect(fee).toContain('自收到本通知次日起20个工作日内缴纳费用');
    expect(fee).not.toContain('（即');
  });

  it('an online application defaults to 电子送达: served on sending', async () => {
    const id = await onlineCase();
    const c0 = await loadCase(database.db, id);
    expect(renderStepForms(c0, ['fee_notice'], 't').toString()).toMatch(/name="serviceMethod"[^>]*><option value="electronic">电子送达/);
    // The 征求意见书 goes to the third party, not to the applicant's account: still by post.
    expect(renderStepForms(c0, ['consultation_send'], 't').toString()).toMatch(/name="serviceMethod"[^>]*><option value="mail">邮寄送达/);
  });
});

describe('延期答复告知书 (extension_decide)', () => {
  it('is issued when approved while the new due date is not known (a 征求意见书 awaiting service): 延长N个工作日, no date', async () => {
    const id = await newCase();
    expect(await attempt(handler, id, { step: 'consultation_send', date: '2026-11-03', party: 'third_party', consultee: '甲公司' })).toBeNull();
    expect(await attempt(handler, id, { step: 'extension_request', date: '2026-11-04', workingDays: 20, reason: '需要调取档案' })).toBeNull();
    expect(await attempt(reviewer, id, { step: 'extension_decide', date: '2026-11-05', approve: true })).toBeNull();
    const c = await loadCase(database.db, id);
    expect(c.view.clock!.dueDate).toBeNull();
    const text = await lastLetter(id, 'extension');
    expect(text).toContain('答复期限延长20个工作日，本机关将于延长后的答复期限届满前作出答复');
    expect(text).not.toMatch(/将于\d{4}年/);
  });

  it('states the new date when it is known; a refusal issues nothing', async () => {
    const id = await newCase();
    expect(await attempt(handler, id, { step: 'extension_request', date: '2026-11-04', workingDays: 10, reason: '需要调取档案' })).toBeNull();
    expect(await attempt(reviewer, id, { step: 'extension_decide', date: '2026-11-05', approve: true })).toBeNull();
    const due = (await loadCase(database.db, id)).view.clock!.dueDate!;
    expect(due).toMatch(/^2026-12-/);
    const [, m, d] = due.split('-').map(Number);
    expect(await lastLetter(id, 'extension')).toContain(`答复期限延长10个工作日，本机关将于2026年${m}月${d}日前作出答复`);

    const other = await newCase();
    expect(await attempt(handler, other, { step: 'extension_request', date: '2026-11-04', workingDays: 10, reason: '需要调取档案' })).toBeNull();
    expect(await attempt(reviewer, other, { step: 'extension_decide', date: '2026-11-05', approve: false })).toBeNull();
    expect((await database.db.select().from(letters).where(eq(letters.applicationId, other))).map((r) => r.kind)).not.toContain('extension');
  });
});

describe('收费通知 (fee_notice): the amount computed from 109号', () => {
  const base = { step: 'fee_notice' as const, date: '2026-11-20', method: 'pieces' as const, standard: '按件计收', payment: '银行转账', serviceMethod: 'electronic' as const };

  it('按件 counts the applicant’s other applications to the agency received in the same 自然月; a different amount needs a reason', async () => {
    // Eleven earlier applications of the same person (same ID number) this month, one of last month, one of another person.
    const person = async (submitted: string, idNumber: string) => {
      const id = await newCase([], { submitted });
      await database.db.execute(sql`update applications set applicant_id_number = ${idNumber} where id = ${id}`);
      return id;
    };
    for (let i = 0; i < 11; i++) await person('2026-11-02', '220502199001010011');
    await person('2026-10-30', '220502199001010011');
    await person('2026-11-03', '220502199001010022');
    const id = await person('2026-11-04', '220502199001010011');
    const expected = feeForApplication({ method: 'pieces', pieces: 1, received: '2026-11-04', seq: id, others: Array.from({ length: 11 }, (_, i) => ({ received: '2026-11-02', pieces: 1, seq: i + 1 })) });
    expect(expected.amount).toBeGreaterThan(0);

    // The form shows the computed amount as its default.
    const c = await loadCase(database.db, id);
    const choices = await stepChoices(database.db, c, ['fee_notice']);
    const form = renderStepForms(c, ['fee_notice'], 't', choices).toString();
    expect(form).toMatch(new RegExp(`name="amountYuan"[^>]*value="${expected.amount}"`));

    const typed = await attempt(handler, id, { ...base, amountYuan: expected.amount + 10 });
    expect(typed).toMatchObject({ status: 400, code: 'fee.override_reason' });
    expect(typed!.message).toContain(`与按国办函〔2020〕109号计算的${expected.amount}元不一致`);

    expect(await attempt(handler, id, base)).toBeNull();
    const e = (await loadCase(database.db, id)).recorded.findLast((r) => r.event.type === 'fee_notice_sent')!.event;
    expect(e).toMatchObject({ amount: expected.amount, computedAmount: expected.amount });
    expect(e).not.toHaveProperty('overrideReason');
    expect(await lastLetter(id, 'fee_notice')).toContain(`${expected.amount}`);
  });

  it('an override with its reason is recorded; the first applications of a month cost nothing and no notice is sent', async () => {
    const id = await newCase();
    expect(await attempt(handler, id, base)).toMatchObject({ status: 400, code: 'fee.none' });
    expect(await attempt(handler, id, { ...base, amountYuan: 30, overrideReason: '按本省规定按量收取复制费' })).toBeNull();
    const e = (await loadCase(database.db, id)).recorded.findLast((r) => r.event.type === 'fee_notice_sent')!.event;
    expect(e).toMatchObject({ amount: 30, computedAmount: 0, overrideReason: '按本省规定按量收取复制费' });
  });

  it('按量 needs the pages', async () => {
    const id = await newCase();
    expect(await attempt(handler, id, { ...base, method: 'pages' })).toMatchObject({ status: 400, code: 'fee.pages' });
    expect(await attempt(handler, id, { ...base, method: 'pages', pages: 200 })).toBeNull();
    const e = (await loadCase(database.db, id)).recorded.findLast((r) => r.event.type === 'fee_notice_sent')!.event;
    const amount = feeForApplication({ method: 'pages', pages: 200 }).amount;
    expect(e).toMatchObject({ amount, computedAmount: amount, method: 'pages' });
  });
});
