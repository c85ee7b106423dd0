/** Plain-text rendering of a Letter (for e-mail bodies, logs of what was sent, tests). */
import type { Letter } from './types.ts';

/** A 公文 line holds 28 characters of 三号 type (GB/T 9704: 版心 156 mm, 28 字/行). */
const LINE = 28;
const SPACE = '\u3000';

function centre(s: string): string {
  const pad = Math.max(0, Math.floor((LINE - [...s].length) / 2));
  return SPACE.repeat(pad) + s;
}

function right(s: string, margin = 2): string {
  const pad = Math.max(0, LINE - margin - [...s].length);
  return SPACE.repeat(pad) + s;
}

export function letterToText(letter: Letter): string {
  const lines = [
    centre(letter.title),
    centre(letter.number),
    '',
    `${letter.recipient}：`,
    ...letter.paragraphs.map((p) => SPACE + SPACE + p),
    '',
    right(letter.sealPlaceholder, 4),
    right(letter.signer.agency),
    right(letter.signer.dateText),
  ];
  return `${lines.join('\n')}\n`;
}
