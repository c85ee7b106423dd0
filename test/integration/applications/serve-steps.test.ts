/**
 * The 送达 steps through the use case (performStep) on a real PGlite database with the demo data:
 * 登记送达 of a letter awaiting service, the service method of the letter-sending steps, the fee
 * computed from 109号, the 延期答复告知书.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../support/db.ts';
import type { Database } from '../../../src/db/index.ts';
import { appendEvents } from '../../../src/db/applications.ts';
import { users } from '../../../src/db/schema.ts';
import { loadUser } from '../../../src/app/auth.ts';
import { loadCase } from '../../../src/app/applications/case.ts';
import { registerByStaff } from '../../../src/app/applications/intake.ts';
import { performStep } from '../../../src/app/applications/steps.ts';
import { timelineOf } from '../../../src/app/applications/timeline.ts';
import { AppError } from '../../../src/app/errors.ts';
import type { Actor } from '../../../src/app/policies.ts';
import type { StepInput } from '../../../src/app/steps/index.ts';
import { renderStepForms, stepInputFromForm } from '../../../src/server/pages/step-forms.ts';
import type { CaseEvent } from '../../../src/domain/applications/index.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

let database: Database;
let registrar: Actor;
let handler: Actor;
let reviewer: Actor;

async function actor(email: string): Promise<Actor> {
  const [u] = await database.db.select().from(users).where(eq(users.email, email));
  return loadUser(database.db, u);
}

/** An application handed in on `submitted` (received that day), with `events` appended after. */
async function newCase(submitted: string, events: CaseEvent[] = []): Promise<number> {
  const app = await registerByStaff(database.db, registrar, '220500-zsj', {
    channel: 'in_person',
    submittedDate: submitted,
    applicantType: 'natural',
    applicantName: '张三',
    applicantPhone: '13900000000',
    subject: '物业服务招标文件',
    provisionForm: '纸质',
    deliveryMethod: '邮寄',
    oral: false,
  });
  if (events.length) await appendEvents(database.db, app.id, events, handler.userId);
  return app.id;
}

/** The step's error (code, status), or null when it succeeded. */
async function attempt(who: Actor, id: number, input: StepInput): Promise<{ status: number; code: string; message: string } | null> {
  try {
    await performStep(database.db, who, id, input);
    return null;
  } catch (e) {
    if (e instanceof AppError) return { status: e.statusCode, code: e.code, message: e.message };
    throw e;
  }
}

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
    const id = await newCase('2026-11-02', [{ type: 'correction_requested', date: '2026-11-03', periodWorkingDays: 15, items: ['写明项目名称'], served: null }]);
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
    const line = timelineOf(c.recorded, false).at(-1)!;
    expect([line.label, line.detail]).toEqual(['文书送达', '补正告知书，邮寄送达']);
    // Nothing awaits service any more: the step is no longer offered, and refused.
    expect(await attempt(registrar, id, { step: 'serve_letter', letter: 'correction', method: 'electronic' })).toMatchObject({ status: 409 });
  });

  it('a consultation by its ref; 电子送达 needs no proof; the handler records it too', async () => {
    const id = await newCase('2026-11-02', [
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
