import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codesOf, parseToUnicode, writeToUnicode } from '../../../src/app/redaction/cmap.ts';
import { shownCodes, stripMarkedContentText, tokenize } from '../../../src/app/redaction/content.ts';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const str = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('content streams', () => {
  it('tokenizes strings with escapes and nesting, hex strings, dicts and inline images', () => {
    const toks = tokenize(bytes('(a\\(b\\)c (d) \\101\\n) <48 65> <</K [1 2]>> BI /W 2 ID \x00EI\x01 EI Q'));
    expect(toks.map((t) => t.t)).toEqual(['str', 'str', '<<', 'name', '[', 'num', 'num', ']', '>>', 'op', 'name', 'num', 'op', 'op', 'op']);
    expect(str((toks[0] as { v: Uint8Array }).v)).toBe('a(b)c (d) A\n');
    expect(str((toks[1] as { v: Uint8Array }).v)).toBe('He');
    expect(toks.at(-1)).toMatchObject({ t: 'op', v: 'Q' });
  });

  it('cuts /ActualText, /Alt and /E out of marked content, keeping the rest', () => {
    const src = '/Span<</ActualText(13812345678)/Lang(zh)>>BDC BT (x) Tj ET EMC /P <</MCID 3 /Alt <FEFF0031> /E (x(y)z)>> BDC EMC /Span /MC0 BDC EMC';
    const out = stripMarkedContentText(bytes(src));
    expect(out.removed).toBe(3);
    expect(str(out.bytes)).toBe('/Span<</Lang(zh)>>BDC BT (x) Tj ET EMC /P <</MCID 3  >> BDC EMC /Span /MC0 BDC EMC');
    expect(stripMarkedContentText(bytes('BT (ActualText) Tj ET')).removed).toBe(0);
  });

  it('collects the bytes each font shows, across q/Q, and the forms drawn', () => {
    const { byFont, xobjects } = shownCodes(bytes('BT /F1 12 Tf (ab) Tj q /F2 9 Tf [<0001> -20 <0002>] TJ Q (c) \' ET /Fm1 Do'));
    expect([...byFont.keys()]).toEqual(['F1', 'F2']);
    expect(byFont.get('F1')!.map(str)).toEqual(['ab', 'c']);
    expect(byFont.get('F2')!.map((b) => Buffer.from(b).toString('hex'))).toEqual(['0001', '0002']);
    expect([...xobjects]).toEqual(['Fm1']);
  });
});

describe('ToUnicode maps', () => {
  const pdfkitStyle = [
    '1 begincodespacerange', '<0000><ffff>', 'endcodespacerange',
    '1 beginbfrange', '<0000> <0004> [<0000> <738b> <5c0f> <660e> <ff0c>]', 'endbfrange',
    '1 beginbfchar', '<0010> <d835dc00>', 'endbfchar',
    '1 beginbfrange', '<0020> <0022> <0041>', 'endbfrange',
  ].join('\n');

  it('reads bfchar and both forms of bfrange', () => {
    const p = parseToUnicode(pdfkitStyle);
    expect(p.width).toBe(2);
    expect(Object.fromEntries(p.map)).toEqual({ '0000': '\u0000', '0001': '王', '0002': '小', '0003': '明', '0004': '，', '0010': '𝐀', '0020': 'A', '0021': 'B', '0022': 'C' });
  });

  it('keeps only the codes shown, in Unicode order, and reads back the same', () => {
    const p = parseToUnicode(pdfkitStyle);
    const kept = codesOf([Uint8Array.of(0, 4, 0, 2), Uint8Array.of(0, 0x21, 0, 0x10)], 2);
    const text = writeToUnicode(p, kept);
    expect(text).not.toContain('738b');
    expect(text).not.toContain('660e');
    expect(text.indexOf('<0021> <0042>')).toBeLessThan(text.indexOf('<0002> <5c0f>'));
    expect(Object.fromEntries(parseToUnicode(text).map)).toEqual({ '0002': '小', '0004': '，', '0010': '𝐀', '0021': 'B' });
  });

  it('round-trips any map restricted to any subset of codes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0x4e00, max: 0x9fff })), { selector: (t) => t[0], maxLength: 250 }), fc.func(fc.boolean()), (pairs, pick) => {
        const hex = (n: number) => n.toString(16).padStart(4, '0');
        const cmap = `1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n${pairs.length} beginbfchar\n${pairs.map(([c, u]) => `<${hex(c)}> <${hex(u)}>`).join('\n')}\nendbfchar`;
        const keep = new Set(pairs.filter(([c]) => pick(c)).map(([c]) => hex(c)));
        const back = parseToUnicode(writeToUnicode(parseToUnicode(cmap), keep)).map;
        expect(new Set(back.keys())).toEqual(keep);
        for (const [c, u] of pairs) if (keep.has(hex(c))) expect(back.get(hex(c))).toBe(String.fromCharCode(u));
      }),
    );
  });
});
