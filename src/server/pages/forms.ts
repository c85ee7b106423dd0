/**
 * Form helpers for server-rendered pages: labelled fields that keep the user's input and show the
 * field's error, an error summary, and the CSRF hidden field every form must carry.
 *
 *   const errors: FieldErrors = { phone: '请填写正确的手机号码' };
 *   html`<form method="post" action="/register">${csrfField(token)}
 *     ${errorSummary(errors)}
 *     ${textField({ name: 'phone', label: '手机号码', value: input.phone, errors })}
 *     <button type="submit">注册</button></form>`
 *
 * `zodErrors(result.error)` turns a zod error into FieldErrors.
 */
import type { z } from 'zod';
import { AppError } from '../../app/errors.ts';
import { html, type SafeHtml } from './html.ts';

export type FieldErrors = Record<string, string | undefined>;

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** The first message per field (path joined with '.'); `_form` for errors of the whole form. */
export function zodErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

/**
 * A user's error from a use case (an AppError below 500) as the form's errors: on the field the
 * use case names (`details.field`), else on the whole form. Null for anything else (a bug: rethrow).
 */
export function appFormErrors(err: unknown): { errors: FieldErrors; status: number } | null {
  if (!(err instanceof AppError) || err.statusCode >= 500) return null;
  const field = (err.details as { field?: string } | undefined)?.field ?? '_form';
  return { errors: { [field]: err.message }, status: err.statusCode };
}

/** Form bodies: blank strings become absent, so optional fields validate as absent. */
export function compactForm(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === '_csrf') continue;
      const s = Array.isArray(v) ? String(v[0] ?? '') : v == null ? '' : String(v);
      if (s.trim() !== '') out[k] = s;
    }
  }
  return out;
}

export function errorSummary(errors: FieldErrors, labels: Record<string, string> = {}): SafeHtml {
  const entries = Object.entries(errors).filter(([, m]) => m);
  if (entries.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1">
  <h2>提交未成功，请修改以下内容：</h2>
  <ul>${entries.map(([k, m]) => (k === '_form' ? html`<li>${m}</li>` : html`<li><a href="#f-${k}">${labels[k] ? `${labels[k]}：` : ''}${m}</a></li>`))}</ul>
</div>`;
}

interface FieldOptions {
  name: string;
  label: string;
  value?: string | null;
  errors?: FieldErrors;
  type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'date';
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  maxlength?: number;
  /** The phone keyboard to show (numbers: 'numeric', amounts: 'decimal'). */
  inputmode?: 'numeric' | 'decimal';
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `f-${name}-hint` : '', error ? `f-${name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function textField(o: FieldOptions): SafeHtml {
  const error = o.errors?.[o.name];
  const by = describedBy(o.name, o.hint, error);
  const keep = o.type !== 'password';
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="f-${o.name}">${o.label}${o.required ? html`<span class="req" aria-hidden="true">*</span>` : ''}</label>
  ${o.hint ? html`<p class="hint" id="f-${o.name}-hint">${o.hint}</p>` : ''}
  ${error ? html`<p class="error" id="f-${o.name}-error">${error}</p>` : ''}
  <input id="f-${o.name}" name="${o.name}" type="${o.type ?? 'text'}"${keep && o.value ? html` value="${o.value}"` : ''}${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${by ? html` aria-describedby="${by}"` : ''}${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

export function selectField(
  o: Omit<FieldOptions, 'type' | 'autocomplete' | 'maxlength'> & { options: ReadonlyArray<{ value: string; label: string }> },
): SafeHtml {
  const error = o.errors?.[o.name];
  const by = describedBy(o.name, o.hint, error);
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="f-${o.name}">${o.label}${o.required ? html`<span class="req" aria-hidden="true">*</span>` : ''}</label>
  ${o.hint ? html`<p class="hint" id="f-${o.name}-hint">${o.hint}</p>` : ''}
  ${error ? html`<p class="error" id="f-${o.name}-error">${error}</p>` : ''}
  <select id="f-${o.name}" name="${o.name}"${o.required ? html` required` : ''}${by ? html` aria-describedby="${by}"` : ''}>
    ${o.options.map((opt) => html`<option value="${opt.value}"${opt.value === (o.value ?? '') ? html` selected` : ''}>${opt.label}</option>`)}
  </select>
</div>`;
}
