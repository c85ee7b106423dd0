/**
 * Two things MuPDF's redaction leaves in a page's content streams, found and fixed here (pure
 * functions over the bytes of a content stream):
 *
 * 1. Marked content that carries text of its own — `/Span <</ActualText (13812345678)>> BDC` — keeps
 *    its property list when the glyphs inside are removed. Its /ActualText, /Alt and /E entries are
 *    cut out (the marked content and its MCID stay).
 * 2. A font's ToUnicode map still lists every character of the original subset, and many producers
 *    number a subset's glyphs in the order the text first uses them, so the map reads like the text
 *    itself (「…申请人王小明，…」). `shownCodes` collects the bytes each font really shows, so the map
 *    can be rewritten with those codes only (cmap.ts).
 */

type Tok =
  | { t: 'num' | 'name' | 'op'; v: string; s: number; e: number }
  | { t: 'str'; v: Uint8Array; s: number; e: number }
  | { t: '<<' | '>>' | '[' | ']'; s: number; e: number };

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

function literal(b: Uint8Array, i: number): { v: Uint8Array; e: number } {
  const out: number[] = [];
  let depth = 1;
  let j = i + 1;
  for (; j < b.length; j++) {
    const c = b[j];
    if (c === 0x5c) {
      const n = b[++j];
      const esc: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
      if (n >= 0x30 && n <= 0x37) {
        let v = 0;
        let k = 0;
        while (k < 3 && b[j] >= 0x30 && b[j] <= 0x37) v = v * 8 + b[j++] - 0x30, k++;
        j--;
        out.push(v & 0xff);
      } else if (n === 13) {
        if (b[j + 1] === 10) j++;
      } else if (n !== 10) out.push(esc[n] ?? n);
    } else if (c === 0x28) {
      depth++;
      out.push(c);
    } else if (c === 0x29) {
      if (--depth === 0) return { v: Uint8Array.from(out), e: j + 1 };
      out.push(c);
    } else out.push(c);
  }
  return { v: Uint8Array.from(out), e: j };
}

function hex(b: Uint8Array, i: number): { v: Uint8Array; e: number } {
  let j = i + 1;
  let digits = '';
  for (; j < b.length && b[j] !== 0x3e; j++) if (!WS.has(b[j])) digits += String.fromCharCode(b[j]);
  if (digits.length % 2) digits += '0';
  return { v: Uint8Array.from(Buffer.from(digits, 'hex')), e: j + 1 };
}

/** The tokens of a content stream (inline images skipped whole). */
export function tokenize(b: Uint8Array): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (WS.has(c)) i++;
    else if (c === 0x25) while (i < b.length && b[i] !== 10 && b[i] !== 13) i++;
    else if (c === 0x28) {
      const { v, e } = literal(b, i);
      toks.push({ t: 'str', v, s: i, e });
      i = e;
    } else if (c === 0x3c && b[i + 1] === 0x3c) toks.push({ t: '<<', s: i, e: (i += 2) });
    else if (c === 0x3e && b[i + 1] === 0x3e) toks.push({ t: '>>', s: i, e: (i += 2) });
    else if (c === 0x3c) {
      const { v, e } = hex(b, i);
      toks.push({ t: 'str', v, s: i, e });
      i = e;
    } else if (c === 0x5b || c === 0x5d) toks.push({ t: c === 0x5b ? '[' : ']', s: i, e: ++i });
    else {
      const s = i;
      i++;
      while (i < b.length && !WS.has(b[i]) && !DELIM.has(b[i])) i++;
      const v = Buffer.from(b.subarray(s, i)).toString('latin1');
      if (c === 0x2f) toks.push({ t: 'name', v: v.slice(1), s, e: i });
      else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) toks.push({ t: 'num', v, s, e: i });
      else {
        toks.push({ t: 'op', v, s, e: i });
        if (v === 'ID') {
          // Inline image data: binary, up to whitespace + EI + whitespace.
          i++;
          while (i < b.length && !(WS.has(b[i - 1]) && b[i] === 0x45 && b[i + 1] === 0x49 && (i + 2 >= b.length || WS.has(b[i + 2])))) i++;
          toks.push({ t: 'op', v: 'EI', s: i, e: (i += 2) });
        }
      }
    }
  }
  return toks;
}

const TEXT_KEYS = new Set(['ActualText', 'Alt', 'E']);

/** The end (exclusive) of the object starting at toks[k]: a dict or array is skipped whole. */
function objectEnd(toks: Tok[], k: number): number {
  const open = toks[k].t;
  if (open !== '<<' && open !== '[') return k + 1;
  let depth = 0;
  for (let j = k; j < toks.length; j++) {
    if (toks[j].t === '<<' || toks[j].t === '[') depth++;
    else if (toks[j].t === '>>' || toks[j].t === ']') depth--;
    if (depth === 0) return j + 1;
  }
  return toks.length;
}

/** The content without the /ActualText, /Alt and /E entries of inline marked-content property lists. */
export function stripMarkedContentText(content: Uint8Array): { bytes: Uint8Array; removed: number } {
  const toks = tokenize(content);
  const cuts: Array<[number, number]> = [];
  for (let k = 0; k < toks.length; k++) {
    const tok = toks[k];
    if (tok.t !== 'op' || (tok.v !== 'BDC' && tok.v !== 'DP')) continue;
    // Operands: /Tag <<…>> BDC — find the dict that ends just before the operator.
    if (toks[k - 1]?.t !== '>>') continue;
    let depth = 0;
    let open = k - 1;
    for (; open >= 0; open--) {
      if (toks[open].t === '>>' || toks[open].t === ']') depth++;
      else if (toks[open].t === '<<' || toks[open].t === '[') depth--;
      if (depth === 0) break;
    }
    for (let j = open + 1; j < k - 1; ) {
      const key = toks[j];
      const valueEnd = objectEnd(toks, j + 1);
      if (key.t === 'name' && TEXT_KEYS.has(key.v)) cuts.push([key.s, toks[valueEnd - 1].e]);
      j = key.t === 'name' ? valueEnd : j + 1;
    }
  }
  if (cuts.length === 0) return { bytes: content, removed: 0 };
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const [s, e] of cuts) {
    parts.push(content.subarray(at, s));
    at = e;
  }
  parts.push(content.subarray(at));
  return { bytes: Uint8Array.from(Buffer.concat(parts)), removed: cuts.length };
}

/** The bytes shown with each font resource name (Tj, TJ, ', "), and the XObjects drawn (Do). */
export function shownCodes(content: Uint8Array): { byFont: Map<string, Uint8Array[]>; xobjects: Set<string> } {
  const toks = tokenize(content);
  const byFont = new Map<string, Uint8Array[]>();
  const xobjects = new Set<string>();
  let font = '';
  const saved: string[] = [];
  let operands: Tok[] = [];
  const show = (bytes: Uint8Array) => {
    const list = byFont.get(font) ?? [];
    list.push(bytes);
    byFont.set(font, list);
  };
  for (const tok of toks) {
    if (tok.t !== 'op') {
      operands.push(tok);
      continue;
    }
    const ops = operands;
    operands = [];
    switch (tok.v) {
      case 'q':
        saved.push(font);
        break;
      case 'Q':
        font = saved.pop() ?? font;
        break;
      case 'Tf': {
        const name = ops.find((o) => o.t === 'name');
        if (name && name.t === 'name') font = name.v;
        break;
      }
      case 'Tj':
      case 'TJ':
      case "'":
      case '"':
        for (const o of ops) if (o.t === 'str') show(o.v);
        break;
      case 'Do': {
        const name = ops.find((o) => o.t === 'name');
        if (name && name.t === 'name') xobjects.add(name.v);
        break;
      }
    }
  }
  return { byFont, xobjects };
}
