/**
 * HTML rendering of a Letter for an on-screen preview: a self-contained fragment (inline styles, no
 * script), every text escaped.
 */
import type { Letter } from './types.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function letterToHtml(letter: Letter): string {
  const e = escapeHtml;
  const body = letter.paragraphs.map((p) => `  <p class="letter-para" style="text-indent:2em;margin:0;">${e(p)}</p>`).join('\n');
  return [
    `<article class="letter letter-${e(letter.kind)}" lang="zh-CN" style="max-width:42em;margin:0 auto;padding:2em 2.5em;background:#fff;color:#000;font-family:FangSong,STFangsong,'仿宋',serif;font-size:16pt;line-height:28pt;">`,
    `  <h1 class="letter-title" style="text-align:center;font-family:'方正小标宋简体',SimSun,'宋体',serif;font-size:22pt;line-height:1.4;margin:0 0 .5em;">${e(letter.title)}</h1>`,
    `  <p class="letter-number" style="text-align:center;margin:0 0 1em;">${e(letter.number)}</p>`,
    `  <p class="letter-recipient" style="margin:0;">${e(letter.recipient)}：</p>`,
    body,
    `  <div class="letter-signature" style="text-align:right;margin-top:2em;padding-right:2em;">`,
    `    <p class="letter-seal" style="margin:0;padding-right:2em;color:#b00;">${e(letter.sealPlaceholder)}</p>`,
    `    <p class="letter-agency" style="margin:0;">${e(letter.signer.agency)}</p>`,
    `    <p class="letter-date" style="margin:0;"><time datetime="${e(letter.signer.date)}">${e(letter.signer.dateText)}</time></p>`,
    `  </div>`,
    `</article>`,
    '',
  ].join('\n');
}
