/**
 * The case steps, each defined once in its own module of this folder (types.ts says what a step
 * is). Every consumer loops over STEPS: the API's step route and its OpenAPI schema (`stepSchema`,
 * a discriminated union on `step`), the console's forms (src/server/pages/step-forms.ts), the
 * timeline (src/app/applications/timeline.ts), the policies (`stepAction`), and `performStep`.
 *
 * To add a step: write `src/app/steps/<step>.ts` with `defineStep({...})` and its test, and add it
 * to STEPS below (the order is the order the console offers them in).
 */
import { z } from 'zod';
import type { CaseView } from '../../domain/applications/index.ts';
import type { Action, Actor } from '../policies.ts';
import { dateSchema } from '../applications/schemas.ts';
import { assign } from './assign.ts';
import { confirm } from './confirm.ts';
import { consultationAnswer } from './consultation-answer.ts';
import { consultationSend } from './consultation-send.ts';
import { correctionReceive } from './correction-receive.ts';
import { correctionRequest } from './correction-request.ts';
import { decisionPropose } from './decision-propose.ts';
import { decisionReview } from './decision-review.ts';
import { deliver } from './deliver.ts';
import { discloseFile } from './disclose-file.ts';
import { extensionDecide } from './extension-decide.ts';
import { extensionRequest } from './extension-request.ts';
import { explanationAssess } from './explanation-assess.ts';
import { explanationRequest } from './explanation-request.ts';
import { feeNotice } from './fee-notice.ts';
import { feePaid } from './fee-paid.ts';
import { serveLetter } from './serve-letter.ts';
import { split } from './split.ts';
import { withdraw } from './withdraw.ts';
import type { StepDefinition, StepInputOf } from './types.ts';
import type { StepChoices } from './types.ts';
import type { DbOrTx } from '../../db/index.ts';
import type { LoadedCase } from '../applications/case.ts';

export const STEPS = [
  confirm,
  assign,
  correctionRequest,
  correctionReceive,
  consultationSend,
  consultationAnswer,
  feeNotice,
  feePaid,
  serveLetter,
  extensionRequest,
  extensionDecide,
  explanationRequest,
  explanationAssess,
  decisionPropose,
  decisionReview,
  deliver,
  withdraw,
  split,
  discloseFile,
] as const;

type AnyStep = (typeof STEPS)[number];
/** The name of a step, e.g. `correction_request`. */
export type CaseStep = AnyStep['name'];

const BY_NAME = new Map<string, StepDefinition>(STEPS.map((s) => [s.name, s as unknown as StepDefinition]));
if (BY_NAME.size !== STEPS.length) throw new Error('办理步骤的名称重复');

/** The step of that name (every name of CaseStep has one). */
export function stepNamed(name: CaseStep): StepDefinition {
  return BY_NAME.get(name)!;
}

/** The step of that name, if there is one (a name from outside: a form, a request). */
export function findStep(name: string): StepDefinition | undefined {
  return BY_NAME.get(name);
}

export const CASE_STEP_LABELS = Object.fromEntries(STEPS.map((s) => [s.name, s.label])) as Record<CaseStep, string>;

/** The steps the case admits in its present state, in the registry's order (the policies filter further by role). */
export function availableSteps(view: CaseView): CaseStep[] {
  if (!view.clock) return [];
  return STEPS.filter((s) => s.available(view)).map((s) => s.name);
}

/** The policy action a step needs, for this actor. */
export function stepAction(step: CaseStep, actor: Actor | null): Action {
  const a = stepNamed(step).action;
  return typeof a === 'function' ? a(actor) : a;
}

/** The input of a step: `{ step, date?, …the step's own fields }`. */
export type StepInput = AnyStep extends infer S ? (S extends AnyStep ? { step: S['name'] } & StepInputOf<S['input']> : never) : never;

/** The input of every step (the API's body, what the forms give): a discriminated union on `step`. */
export const stepSchema: z.ZodType<StepInput> = z.discriminatedUnion(
  'step',
  STEPS.map((s) => z.object({ step: z.literal(s.name), date: dateSchema.optional(), ...s.input })) as unknown as [z.ZodObject, ...z.ZodObject[]],
  { error: '未知的办理步骤' },
) as unknown as z.ZodType<StepInput>;

export { defineStep, type StepDefinition, type FormField, type FormSpec, type StepChoices, type StepContext, type LetterContext } from './types.ts';

/** The database choices of the forms of `steps` (src/app/steps/types.ts `choices`). */
export async function stepChoices(db: DbOrTx, c: LoadedCase, steps: readonly CaseStep[]): Promise<Partial<Record<CaseStep, StepChoices>>> {
  const out: Partial<Record<CaseStep, StepChoices>> = {};
  for (const name of steps) {
    const step = stepNamed(name);
    if (step.choices) out[name] = await step.choices(db, c);
  }
  return out;
}
