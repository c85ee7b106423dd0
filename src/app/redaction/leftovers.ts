/**
 * After MuPDF has applied the redactions: cuts the text that marked content carries of its own out
 * of every content stream, and rewrites every font's ToUnicode map with the codes still shown
 * (content.ts and cmap.ts say why). Fonts are shared between pages, so the codes are gathered over
 * the whole document (pages and the forms they draw, recursively) before a map is rewritten.
 */
import { codesOf, parseToUnicode, writeToUnicode } from './cmap.ts';
import { shownCodes, stripMarkedContentText } from './content.ts';
import type { mupdf } from './mupdf.ts';

type Obj = mupdf.PDFObject;

function contentStreams(contents: Obj): Obj[] {
  if (contents.isArray()) {
    const out: Obj[] = [];
    for (let i = 0; i < contents.length; i++) out.push(contents.get(i));
    return out.filter((s) => s.isStream());
  }
  return contents.isStream() ? [contents] : [];
}

interface Usage {
  /** ToUnicode stream's object number → the stream, and the strings shown with fonts that use it. */
  maps: Map<number, { stream: Obj; shown: Uint8Array[] }>;
  seenForms: Set<number>;
}

/** Strips one content's marked-content text, records its fonts' codes, and descends into its forms. */
function visit(streams: Obj[], resources: Obj, usage: Usage): void {
  const chunks: Uint8Array[] = [];
  for (const s of streams) {
    const bytes = s.readStream().asUint8Array().slice();
    const stripped = stripMarkedContentText(bytes);
    if (stripped.removed) s.writeStream(stripped.bytes);
    chunks.push(stripped.bytes, Uint8Array.of(10));
  }
  const { byFont, xobjects } = shownCodes(Uint8Array.from(Buffer.concat(chunks)));
  const fontDict = resources.isDictionary() ? resources.get('Font') : null;
  // Every font of the resources, shown or not: a font used only by removed text still has its map.
  if (fontDict?.isDictionary()) {
    fontDict.forEach((ref, name) => {
      const toUnicode = ref.resolve().get('ToUnicode');
      if (!toUnicode.isStream() || !toUnicode.isIndirect()) return;
      const num = toUnicode.asIndirect();
      const entry = usage.maps.get(num) ?? { stream: toUnicode, shown: [] };
      entry.shown.push(...(byFont.get(String(name)) ?? []));
      usage.maps.set(num, entry);
    });
  }
  const xdict = resources.isDictionary() ? resources.get('XObject') : null;
  for (const name of xobjects) {
    const ref = xdict?.isDictionary() ? xdict.get(name) : null;
    if (!ref || ref.isNull()) continue;
    const form = ref.resolve();
    const subtype = form.get('Subtype');
    if (!form.isStream() || !subtype.isName() || subtype.asName() !== 'Form') continue;
    if (ref.isIndirect()) {
      if (usage.seenForms.has(ref.asIndirect())) continue;
      usage.seenForms.add(ref.asIndirect());
    }
    const own = form.get('Resources');
    visit([form], own.isDictionary() ? own : resources, usage);
  }
}

/** Returns how many ToUnicode maps were rewritten. */
export function cleanLeftovers(doc: mupdf.PDFDocument): number {
  const usage: Usage = { maps: new Map(), seenForms: new Set() };
  const pages = doc.countPages();
  for (let i = 0; i < pages; i++) {
    const page = doc.findPage(i);
    visit(contentStreams(page.get('Contents')), page.getInheritable('Resources'), usage);
  }
  let rewritten = 0;
  for (const { stream, shown } of usage.maps.values()) {
    const parsed = parseToUnicode(Buffer.from(stream.readStream().asUint8Array()).toString('latin1'));
    if (parsed.width === undefined) continue;
    stream.writeStream(Buffer.from(writeToUnicode(parsed, codesOf(shown, parsed.width)), 'latin1'));
    rewritten++;
  }
  return rewritten;
}
