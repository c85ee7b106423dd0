/**
 * Performing a handling step of an application (the steps themselves: src/app/steps, one module
 * each). For every step the same: the policy decides who may (policies.ts, the step's action), the
 * domain decides whether the case admits it (checkCaseEvent: procedural rules + the clock, on the
 * events the step would append), then ONE transaction appends the events by the named user (which
 * publishes them to the outbox), issues the letters the step needs, and records the audit entry.
 * A user error is a Chinese 4xx and nothing is written.
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { appendEvents, loadRecorded } from '../../db/applications.ts';
import { recordAudit } from '../../db/audit.ts';
import { users } from '../../db/schema.ts';
import { checkCaseEvent, deriveCase, isClockEvent, type CaseEvent } from '../../domain/applications/index.ts';
import { AppError } from '../errors.ts';
import { ruleCode } from '../error-codes.ts';
import type { Actor } from '../policies.ts';
import { stepAction, stepNamed, type StepInput } from '../steps/index.ts';
import type { LetterContext, StepContext, StepDefinition, StepInputOf } from '../steps/types.ts';
import { assertCan, loadCase, type LoadedCase } from './case.ts';
import { baseLetterData, issueLetter, letterAgency } from './letters.ts';
import type { RecordAnswer } from '../idempotency.ts';

export interface StepResult {
  applicationId: number;
  /** Ids of applications created by a split. */
  created?: number[];
  letters: number[];
}

async function actorName(db: DbOrTx, userId: number): Promise<string> {
  const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return u?.name ?? '';
}

/** Performs one step on application `id` as `actor`. */
export async function performStep(db: Db, actor: Actor, id: number, input: StepInput, ip?: string, opts: { record?: RecordAnswer<StepResult> } = {}): Promise<StepResult> {
  const step = stepNamed(input.step);
  const c = await loadCase(db, id, false);
  assertCan(actor, stepAction(input.step, actor), c);
  const date = input.date ?? c.today;
  if (date > c.today) throw new AppError(400, 'date_future', '日期不能晚于今天');
  // Events are read in date order: a step may not be dated before the last step already recorded.
  const last = c.recorded.filter((r) => isClockEvent(r.event)).map((r) => r.event.date).sort().at(-1);
  if (last && date < last && !step.backdated) throw new AppError(409, 'date_before_last', `日期${date}早于上一个办理环节（${last}），请核对日期`);
  const ctx: StepContext = { db, actor, c, date, actorName: await actorName(db, actor.userId) };
  const stepInput = input as StepInputOf<StepDefinition['input']>;

  // The events of the step, checked before anything is written.
  const events: CaseEvent[] = await step.events(ctx, stepInput);
  let probe = c.recorded;
  for (const e of events) {
    const r = checkCaseEvent(probe, e, actor.userId, { calendar: c.calendar, today: c.today });
    if (!r.ok) throw new AppError(409, ruleCode(r.code), r.message);
    probe = [...probe, { seq: probe.length + 1, event: e, actorUserId: actor.userId }];
  }

  return db.transaction(async (tx) => {
    const result: StepResult = { applicationId: id, letters: [] };
    if (step.write) {
      const written = await step.write(tx, ctx, stepInput);
      if (written?.created) result.created = written.created;
    } else {
      await appendEvents(tx, id, events, actor.userId);
    }
    if (step.letters) result.letters = await issueStepLetters(tx, step, c, stepInput, date, actor.userId);
    await recordAudit(tx, { actorUserId: actor.userId, action: `application.${input.step}`, entity: 'application', entityId: id, detail: { number: c.app.number }, ip });
    // An Idempotency-Key's answer, in the step's own transaction (src/app/idempotency.ts).
    await opts.record?.(tx, result);
    return result;
  });
}

/** Runs the step's `letters` on the case as it is after the step; returns the ids of the letters issued. */
async function issueStepLetters(tx: DbOrTx, step: StepDefinition, before: LoadedCase, input: StepInputOf<StepDefinition['input']>, date: string, userId: number): Promise<number[]> {
  const recorded = await loadRecorded(tx, before.app.id);
  const view = deriveCase(recorded, { calendar: before.calendar, today: before.today, explain: false });
  const clock = view.clock;
  if (!clock) return [];
  const agency = await letterAgency(tx, before.app.agencyId);
  const receipt = clock.receiptDate ?? date;
  const ids: number[] = [];
  const l: LetterContext = {
    tx,
    before,
    view,
    clock,
    date,
    userId,
    receipt,
    base: () => baseLetterData(before.app, agency, date, receipt),
    issue: async (kind, data) => {
      ids.push((await issueLetter(tx, before.app, kind, data, userId)).row.id);
    },
  };
  await step.letters!(l, input);
  return ids;
}
