/**
 * A font's ToUnicode CMap rewritten with only the codes the redacted pages still show (content.ts
 * says why), its entries in the order of their Unicode values, so the map no longer spells out the
 * removed text nor the order of the text it served. Pure: CMap text in, CMap text out.
 */

export interface ToUnicode {
  /** Byte length of every code (the codespace ranges); undefined when they differ (left alone). */
  width: number | undefined;
  /** hex code (lower case) → Unicode text. */
  map: Map<string, string>;
}

const utf16 = (hexText: string) => Buffer.from(hexText.length % 4 ? `${hexText}00` : hexText, 'hex').swap16().toString('utf16le');

export function parseToUnicode(cmap: string): ToUnicode {
  const widths = new Set<number>();
  for (const block of cmap.matchAll(/begincodespacerange([\s\S]*?)endcodespacerange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) widths.add(m[1].length / 2);
  }
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(m[1].toLowerCase(), utf16(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = Math.min(parseInt(m[2], 16), lo + 0xffff);
      const digits = m[1].length;
      const code = (n: number) => n.toString(16).padStart(digits, '0');
      if (m[3].startsWith('[')) {
        [...m[3].matchAll(/<([0-9a-fA-F]*)>/g)].forEach((d, k) => lo + k <= hi && map.set(code(lo + k), utf16(d[1])));
      } else {
        // The last UTF-16 unit is incremented across the range (ISO 32000-1 §9.10.3).
        const first = Buffer.from(m[3].slice(1, -1), 'hex');
        for (let n = lo; n <= hi; n++) {
          const dst = Buffer.from(first);
          if (dst.length >= 2) dst.writeUInt16BE((dst.readUInt16BE(dst.length - 2) + n - lo) & 0xffff, dst.length - 2);
          map.set(code(n), dst.swap16().toString('utf16le'));
        }
      }
    }
  }
  return { width: widths.size === 1 ? [...widths][0] : undefined, map };
}

/** Every `width`-byte code in the strings shown. */
export function codesOf(strings: readonly Uint8Array[], width: number): Set<string> {
  const out = new Set<string>();
  for (const s of strings) {
    for (let i = 0; i + width <= s.length; i += width) out.add(Buffer.from(s.subarray(i, i + width)).toString('hex'));
  }
  return out;
}

const hexUtf16 = (text: string) => Buffer.from(text, 'utf16le').swap16().toString('hex');

/** A ToUnicode CMap with the entries of `keep` only, sorted by Unicode value. */
export function writeToUnicode(parsed: ToUnicode, keep: ReadonlySet<string>): string {
  const width = parsed.width ?? 2;
  const entries = [...parsed.map].filter(([code]) => keep.has(code)).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1));
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    `<${'00'.repeat(width)}> <${'ff'.repeat(width)}>`,
    'endcodespacerange',
  ];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`, ...chunk.map(([code, text]) => `<${code}> <${hexUtf16(text)}>`), 'endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return `${lines.join('\n')}\n`;
}
