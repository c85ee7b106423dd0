/**
 * Control characters in what people type: never part of a name, a number or a text of the
 * 政府信息公开 record (a NUL cannot even be stored by PostgreSQL). Tab and line breaks belong only in
 * free text that may span lines (a description, a reason, a document's body). Shared by the CSV
 * imports (src/domain/applications/csv.ts) and the input schemas of the routes (src/app/schemas.ts).
 */

/** C0 control characters and DEL, except tab, line feed and carriage return (tested separately). */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Tab and line breaks: allowed only in multi-line free text. */
export const LINE_BREAK_OR_TAB = /[\t\n\r]/;

/**
 * The first control character of `value` that it may not hold, or undefined. `multiline` allows tab
 * and line breaks; otherwise they are refused inside the value (at its ends they are whitespace the
 * caller trims).
 */
export function findControlCharacter(value: string, multiline = false): string | undefined {
  return value.match(CONTROL_CHARACTER)?.[0] ?? (multiline ? undefined : value.trim().match(LINE_BREAK_OR_TAB)?.[0]);
}

/** 「U+0000」: how a message names a character nobody can see. */
export function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values (the one escape of the project). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A value a person entered, quoted in a message: at most `max` characters (a broken file may hold megabytes in one cell). */
export function shown(value: string, max = 40): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max).join('')}…（共 ${chars.length} 个字符）` : value;
}
