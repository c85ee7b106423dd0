/**
 * What a case step is (one module per step in this folder, listed once in index.ts): its name and
 * Chinese label, the policy action it needs, its input schema, when the case admits it, the events
 * it appends, the letters it issues, its console form (fields as data, rendered by one renderer:
 * src/server/pages/step-forms.ts) and how its events read in the timeline.
 */
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.ts';
import type { CaseEvent, CaseEventOf, CaseEventType, CaseView } from '../../domain/applications/index.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import type { ClockResult } from '../../domain/clock/index.ts';
import type { LetterData, ReplyLetterKind } from '../../domain/letters/index.ts';
import type { Action, Actor } from '../policies.ts';
import type { LoadedCase } from '../applications/case.ts';

/** What a step's `events` gets: the case before the step, who, when. */
export interface StepContext {
  db: Db;
  actor: Actor;
  c: LoadedCase;
  /** The step's date (the input's, or today). */
  date: IsoDate;
  /** The actor's display name. */
  actorName: string;
}

/** What a step's `letters` gets: the case as it is after the step, and the letter helpers. */
export interface LetterContext {
  tx: DbOrTx;
  before: LoadedCase;
  view: CaseView;
  clock: ClockResult;
  date: IsoDate;
  userId: number;
  /** The receipt date (第三十一条), or the step's date before there is one. */
  receipt: IsoDate;
  /** The data every letter of the case starts from (applicant, agency, dates). */
  base(): Omit<LetterData, 'number'>;
  /** Issues (numbers, stores, records) a letter of the case. */
  issue(kind: ReplyLetterKind, data: Omit<LetterData, 'number'>): Promise<void>;
}

export interface Option {
  value: string;
  label: string;
}

/**
 * A field of a step's console form. `name` is the form field and, unless the step's `fromForm` says
 * otherwise, the input's key; `as` converts the submitted text (`lines`: one array item per line).
 */
export type FormField =
  /** The step's date (today, not after today). */
  | { kind: 'date' }
  /** A line of text; `type: 'date'` a calendar date other than the step's own (e.g. a date set for later). */
  | { kind: 'text'; name: string; label: string; required?: boolean; maxlength?: number; id?: string; type?: 'date'; min?: string }
  | { kind: 'textarea'; name: string; label: string; rows?: number; required?: boolean; id?: string; as?: 'lines' }
  | { kind: 'number'; name: string; label: string; value?: number; min?: number; max?: number; step?: number; required?: boolean }
  | {
      kind: 'select';
      name: string;
      label: string;
      id?: string;
      required?: boolean;
      /** A first empty choice 「请选择」. */
      prompt?: string;
      options?: Option[];
      groups?: Array<{ label: string; options: Option[] }>;
      as?: 'boolean';
    }
  | { kind: 'file'; name: string; label: string }
  /** A paragraph: `text`, then `strong` in bold, then `after`; `hint` in the hint style. */
  | { kind: 'note'; text: string; strong?: string; after?: string; hint?: boolean }
  | { kind: 'fieldset'; legend: string; fields: FormField[] };

/** A step form's choices from the database, by the name of the select that offers them. */
export type StepChoices = Record<string, Option[]>;

export interface FormSpec {
  /** The submit button (default: the step's label). */
  button?: string;
  /** A form with a file (multipart/form-data). */
  multipart?: boolean;
  fields: FormField[];
}

/** The input of a step: its own fields and the optional date every step has. */
export type StepInputOf<S extends z.ZodRawShape> = (keyof S extends never ? unknown : z.infer<z.ZodObject<S>>) & { date?: IsoDate };

export interface StepDefinition<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape> {
  name: N;
  /** The Chinese label (the form's heading, the API's action label, the notice after it was done). */
  label: string;
  /** The policy action it needs (src/app/policies.ts), by who acts. */
  action: Action | ((actor: Actor | null) => Action);
  /** The step's own input fields (zod, Chinese messages); `step` and `date` are added for every step. */
  input: S;
  /** Whether the case admits the step now (domain rules on the derived case). */
  available(view: CaseView): boolean;
  /** Whether it is offered to this actor, beyond the policy (default: yes). */
  offeredTo?(actor: Actor | null, c: LoadedCase): boolean;
  /** May be dated before the last clock event (default false: a step is dated on or after it). */
  backdated?: boolean;
  /**
   * The events it appends, checked by the domain (checkCaseEvent) before anything is written.
   * Throw an AppError (4xx) for what the input cannot be checked against without the case.
   */
  events(ctx: StepContext, input: StepInputOf<S>): CaseEvent[] | Promise<CaseEvent[]>;
  /** Writes the step itself when appending `events` is not all (split, a file); returns created applications. */
  write?(tx: DbOrTx, ctx: StepContext, input: StepInputOf<S>): Promise<{ created?: number[] } | void>;
  /** Issues the letters the step needs, from the case after it. */
  letters?(l: LetterContext, input: StepInputOf<S>): Promise<void>;
  /**
   * Choices the form offers that live in the database (e.g. the agency's handlers), loaded before
   * the form is rendered; the form is also asked without them, to read a posted form back.
   */
  choices?(db: DbOrTx, c: LoadedCase): Promise<StepChoices>;
  /** The console form, from the case (e.g. the open consultations to choose from) and its choices. */
  form(c: LoadedCase, choices?: StepChoices): FormSpec;
  /** Converts the form's fields into the input (default: each field's name, converted by its `as`). */
  fromForm?(fields: Record<string, unknown>): Record<string, unknown>;
  /** How the events it appends read in the timeline: the detail after the event's label. */
  timeline?: { [T in CaseEventType]?: (event: CaseEventOf<T>) => string };
}

/** Declares a step (types its input from its schema). */
export function defineStep<const N extends string, S extends z.ZodRawShape>(step: StepDefinition<N, S>): StepDefinition<N, S> {
  return step;
}
