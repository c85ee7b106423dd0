/**
 * HTML rendering of a Letter for an on-screen preview: a fragment with classes only (no inline
 * style — the site's Content-Security-Policy `style-src 'self'` blocks style attributes), no script,
 * every text escaped. The look (公文 layout: 仿宋 三号 body with a two-character indent, 小标宋 二号
 * title centred, signature right-aligned, red seal placeholder) is in src/web/static/letters.css,
 * linked by the page that shows the letter (`letterToHtmlDocument`, or a page of the server).
 */
import type { Letter } from './types.ts';
import { escapeHtml } from '../text/index.ts';

export { escapeHtml };

/** The URL of the letters stylesheet as the server publishes it. */
export const LETTER_STYLESHEET = '/static/letters.css';

export function letterToHtml(letter: Letter): string {
  const e = escapeHtml;
  const body = letter.paragraphs.map((p) => `  <p class="letter-para">${e(p)}</p>`).join('\n');
  return [
    `<article class="letter letter-${e(letter.kind)}" lang="zh-CN">`,
    `  <h1 class="letter-title">${e(letter.title)}</h1>`,
    `  <p class="letter-number">${e(letter.number)}</p>`,
    `  <p class="letter-recipient">${e(letter.recipient)}：</p>`,
    body,
    `  <div class="letter-signature">`,
    `    <p class="letter-seal">${e(letter.sealPlaceholder)}</p>`,
    `    <p class="letter-agency">${e(letter.signer.agency)}</p>`,
    `    <p class="letter-date"><time datetime="${e(letter.signer.date)}">${e(letter.signer.dateText)}</time></p>`,
    `  </div>`,
    `</article>`,
    '',
  ].join('\n');
}

/** A whole HTML document around the letter, linking the letters stylesheet (for `…/letters/N.html`). */
export function letterToHtmlDocument(letter: Letter, stylesheet = LETTER_STYLESHEET): string {
  const e = escapeHtml;
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(letter.title)} ${e(letter.number)}</title>`,
    `<link rel="stylesheet" href="${e(stylesheet)}">`,
    '</head>',
    '<body class="letter-page">',
    letterToHtml(letter),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
