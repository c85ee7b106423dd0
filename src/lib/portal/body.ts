/**
 * A document's body: what publishers type or paste becomes SAFE HTML before it is stored. Never is
 * unsafe HTML stored (no script, no event handler, no style, no javascript: link, no iframe).
 *
 *   bodyFromInput('第一段\n\n第二段', 'text')   → '<p>第一段</p>\n<p>第二段</p>'
 *   bodyFromInput('<p onclick="x()">正文</p><script>…</script>', 'html') → '<p>正文</p>'
 *   bodyToText(html)                             → plain text (entities decoded) for snippets and feeds
 *
 * Sanitising uses sanitize-html with an allow-list (a safe subset for official documents: headings,
 * paragraphs, lists, tables, emphasis, links to http(s)/mailto and site-relative paths).
 */
import sanitizeHtml from 'sanitize-html';
import { parse } from 'node-html-parser';
import { escapeHtml } from '../../domain/text/index.ts';

export type BodyFormat = 'html' | 'text';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup',
    'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'hr', 'a', 'span', 'div',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // h1 is the page's own title: a pasted h1 becomes an h2, keeping one h1 per page (WCAG headings).
  transformTags: { h1: 'h2' },
  disallowedTagsMode: 'discard',
  // Text inside dropped elements such as <script>/<style> is dropped too (sanitize-html default list).
};

/** Safe HTML from a publisher's HTML (anything outside the allow-list is removed). */
export function sanitizeBodyHtml(input: string): string {
  return sanitizeHtml(input, OPTIONS).trim();
}

/**
 * Plain paragraphs → HTML: a blank line (or, when the text has no blank line, each line) starts a
 * new paragraph; single line breaks inside a paragraph become <br>.
 */
export function paragraphsToHtml(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n').trim();
  if (!normalised) return '';
  const blocks = /\n\s*\n/.test(normalised) ? normalised.split(/\n\s*\n/) : normalised.split('\n');
  return blocks
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => `<p>${b.split('\n').map((l) => escapeHtml(l.trim())).join('<br>')}</p>`)
    .join('\n');
}

/** The body to store, from input in either format. */
export function bodyFromInput(input: string, format: BodyFormat): string {
  return format === 'html' ? sanitizeBodyHtml(input) : paragraphsToHtml(input);
}

/** Guesses the format of imported text: HTML when it has a tag of the allow-list. */
export function guessFormat(input: string): BodyFormat {
  return /<\s*(p|br|div|h[1-6]|ul|ol|li|table|strong|em|b|i|u|span|a)\b[^>]*>/i.test(input) ? 'html' : 'text';
}

/** Plain text of stored HTML: blocks on their own lines, entities decoded. */
export function bodyToText(htmlBody: string): string {
  const withBreaks = htmlBody.replace(/<\/(p|div|h[1-6]|li|tr|blockquote|pre)>|<br\s*\/?>/gi, '$&\n');
  return parse(withBreaks)
    .textContent.replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
