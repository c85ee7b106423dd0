/**
 * Finds a Chinese (CJK) font on this machine for PDF output. PDFs embed the font, so a reader
 * needs nothing installed; the machine that writes them needs one of Debian's packages
 * `fonts-noto-cjk` (preferred) or `fonts-wqy-microhei`, or a font file named by GONGKAI_CJK_FONT.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface CjkFont {
  /** The font file's bytes (TTF, OTF or a TTC collection). */
  data: Buffer;
  /** For a collection (.ttc): the PostScript name of the face to use. */
  family?: string;
  path: string;
}

const CANDIDATES: Array<{ path: string; family?: string }> = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

let cached: CjkFont | undefined;

export class MissingFontError extends Error {
  constructor() {
    super('未找到中文字体，无法生成 PDF：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）或设置 GONGKAI_CJK_FONT');
  }
}

export function findCjkFont(): CjkFont {
  if (cached) return cached;
  const fromEnv = process.env.GONGKAI_CJK_FONT;
  const list = fromEnv ? [{ path: fromEnv, family: process.env.GONGKAI_CJK_FONT_FAMILY }] : CANDIDATES;
  for (const c of list) {
    if (existsSync(c.path)) {
      cached = { data: readFileSync(c.path), family: c.path.endsWith('.ttc') ? c.family : undefined, path: c.path };
      return cached;
    }
  }
  throw new MissingFontError();
}
