/**
 * The console's step forms, from the steps' own form descriptions (src/app/steps, `form`): one
 * renderer for every step, and one reader that turns a posted form back into the step's input
 * (then validated by stepSchema, as the API's body is).
 */
import type { LoadedCase } from '../../app/applications/case.ts';
import { findStep, stepNamed, type CaseStep, type FormField, type StepChoices } from '../../app/steps/index.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField } from './forms.ts';

function fieldHtml(f: FormField, today: string): SafeHtml {
  switch (f.kind) {
    case 'date':
      return html`<div class="field"><label>日期<input type="date" name="date" value="${today}" max="${today}"></label></div>`;
    case 'text': {
      const attrs = html`${f.type ? html` type="${f.type}"` : ''}${f.min ? html` min="${f.min}"` : ''}${f.required ? ' required' : ''}${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}`;
      return f.id
        ? html`<div class="field"><label for="${f.id}">${f.label}</label><input id="${f.id}" name="${f.name}"${attrs}></div>`
        : html`<div class="field"><label>${f.label}<input name="${f.name}"${attrs}></label></div>`;
    }
    case 'textarea': {
      const id = f.id ?? `f-${f.name}`;
      return html`<div class="field"><label for="${id}">${f.label}</label><textarea id="${id}" name="${f.name}" rows="${f.rows ?? 3}"${f.required ? ' required' : ''}></textarea></div>`;
    }
    case 'number': {
      const attr = (k: string, v: number | undefined) => (v === undefined ? '' : html` ${k}="${v}"`);
      return html`<div class="field"><label>${f.label}<input type="number" name="${f.name}"${attr('value', f.value)}${attr('min', f.min)}${attr('max', f.max)}${attr('step', f.step)}${f.required ? ' required' : ''}></label></div>`;
    }
    case 'select': {
      const id = f.id ?? `f-${f.name}`;
      const options = (list: Array<{ value: string; label: string }>) => list.map((o) => html`<option value="${o.value}">${o.label}</option>`);
      return html`<div class="field"><label for="${id}">${f.label}</label><select id="${id}" name="${f.name}"${f.required ? ' required' : ''}>${f.prompt ? html`<option value="">${f.prompt}</option>` : ''}${options(f.options ?? [])}${(f.groups ?? []).map((g) => html`<optgroup label="${g.label}">${options(g.options)}</optgroup>`)}</select></div>`;
    }
    case 'file':
      return html`<div class="field"><label for="f-${f.name}">${f.label}</label><input id="f-${f.name}" name="${f.name}" type="file" required></div>`;
    case 'note':
      return html`<p${f.hint ? html` class="hint"` : ''}>${f.text}${f.strong ? html`<strong>${f.strong}</strong>` : ''}${f.after ?? ''}</p>`;
    case 'fieldset':
      return html`<fieldset><legend>${f.legend}</legend>${f.fields.map((x) => fieldHtml(x, today))}</fieldset>`;
  }
}

/** The forms of `steps` (those the actor may do now) on the case page. */
export function renderStepForms(c: LoadedCase, steps: readonly CaseStep[], csrf: string, choices: Partial<Record<CaseStep, StepChoices>> = {}): SafeHtml {
  const action = `/console/applications/${c.app.id}/step`;
  return html`${steps.map((name) => {
    const step = stepNamed(name);
    const form = step.form(c, choices[name]);
    return html`<form method="post" action="${action}" class="step-form"${form.multipart ? html` enctype="multipart/form-data"` : ''} data-step="${name}">${csrfField(csrf)}<input type="hidden" name="step" value="${name}"><h3>${step.label}</h3>${form.fields.map((f) => fieldHtml(f, c.today))}<button type="submit" class="primary">${form.button ?? step.label}</button></form>`;
  })}`;
}

/** A posted text field, trimmed; absent when blank. */
export function formText(body: unknown, k: string): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[k];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function flatten(fields: readonly FormField[]): FormField[] {
  return fields.flatMap((f) => (f.kind === 'fieldset' ? flatten(f.fields) : [f]));
}

/**
 * A posted step form → the step's input (validated afterwards by stepSchema): each field of the
 * step's form by its name (`lines` → one item per line, numbers and booleans converted), through
 * the step's own `fromForm` when it has one. An unknown step gives just `{ step }` (refused by the schema).
 */
export function stepInputFromForm(body: Record<string, unknown>, c: LoadedCase): unknown {
  const name = formText(body, 'step');
  const date = formText(body, 'date');
  const base: Record<string, unknown> = { step: name, ...(date ? { date } : {}) };
  const step = name ? findStep(name) : undefined;
  if (!step) return base;
  const values: Record<string, unknown> = {};
  for (const f of flatten(step.form(c).fields)) {
    if (f.kind === 'date' || f.kind === 'note' || f.kind === 'fieldset') continue;
    if (f.kind === 'file') {
      values[f.name] = body[f.name];
      continue;
    }
    const v = formText(body, f.name);
    if (f.kind === 'textarea' && f.as === 'lines') values[f.name] = (v ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    else if (f.kind === 'number') values[f.name] = v !== undefined ? Number(v) : undefined;
    else if (f.kind === 'select' && f.as === 'boolean') values[f.name] = v === 'true';
    else values[f.name] = v;
  }
  return { ...base, ...(step.fromForm ? step.fromForm(values) : values) };
}
