/**
 * What a disclosed copy must not carry besides its pages: the document information dictionary and
 * XMP metadata (author, title, the original file name), annotations and their pop-up notes, form
 * fields, attachments (embedded files), JavaScript and actions, bookmarks and named destinations,
 * page thumbnails (a picture of the page before redaction), application data (PieceInfo), the
 * structure tree (its /Alt and /ActualText repeat the text), and hidden layers (optional content).
 * Earlier revisions go when the file is written afresh (`writeClean`): no incremental update, every
 * object no longer referenced collected.
 *
 * Visible annotations and form fields are first baked into the page content, so a stamp or a filled
 * field stays on the page — and is redacted like the rest of it.
 */
import type { mupdf } from './mupdf.ts';

const CATALOG_KEYS = [
  'Metadata', 'Names', 'Dests', 'Outlines', 'OpenAction', 'AA', 'AcroForm', 'StructTreeRoot', 'MarkInfo',
  'PieceInfo', 'SpiderInfo', 'Threads', 'Collection', 'Perms', 'Legal', 'URI', 'OCProperties', 'AF', 'DSS',
];
const PAGE_KEYS = ['Annots', 'Thumb', 'Metadata', 'PieceInfo', 'AA', 'B', 'StructParents', 'AF'];
/** Keys of an image or form XObject that carry data of their own besides what is drawn. */
const XOBJECT_KEYS = ['Metadata', 'PieceInfo', 'OPI', 'AF', 'StructParent', 'StructParents'];

/**
 * Makes hidden layers visible (so their text is searched and redacted like any other: a viewer that
 * ignores layers shows it) and bakes annotations and widgets into the pages. Run before searching.
 */
export function prepare(doc: mupdf.PDFDocument): { unappliedMarks: number } {
  let unappliedMarks = 0;
  const root = doc.getTrailer().get('Root');
  // Without /OCProperties every optional-content group is shown (ISO 32000-1 §8.11.4.1).
  root.delete('OCProperties');
  const pages = doc.countPages();
  for (let i = 0; i < pages; i++) {
    const page = doc.loadPage(i);
    for (const annot of page.getAnnotations()) {
      if (annot.getType() === 'Redact') unappliedMarks++;
      if (NOT_PAGE_CONTENT.has(annot.getType())) page.deleteAnnotation(annot);
    }
    page.destroy();
  }
  doc.bake(true, true);
  return { unappliedMarks };
}

/**
 * Annotations whose appearance is an icon or a frame for something else (a note, a file, a link, a
 * film): dropped, not baked. So are redaction marks another program made and never applied: they
 * carry no basis, and the person redacting here is told of them (`unappliedMarks`).
 */
const NOT_PAGE_CONTENT = new Set<string>(['Text', 'Popup', 'FileAttachment', 'Sound', 'Movie', 'Screen', 'RichMedia', '3D', 'Link', 'Redact']);

/** Removes everything but the pages' content and resources (see the file's comment). */
export function stripDocument(doc: mupdf.PDFDocument): void {
  const trailer = doc.getTrailer();
  trailer.delete('Info');
  const root = trailer.get('Root');
  for (const k of CATALOG_KEYS) root.delete(k);
  const pages = doc.countPages();
  for (let i = 0; i < pages; i++) {
    const page = doc.findPage(i);
    for (const k of PAGE_KEYS) page.delete(k);
    stripXObjects(page.getInheritable('Resources'), new Set());
  }
}

/** Metadata and application data of the images and forms a page draws, forms' own resources included. */
function stripXObjects(resources: mupdf.PDFObject, seen: Set<number>): void {
  if (!resources.isDictionary()) return;
  const xobjects = resources.get('XObject');
  if (!xobjects.isDictionary()) return;
  xobjects.forEach((ref) => {
    if (ref.isIndirect()) {
      if (seen.has(ref.asIndirect())) return;
      seen.add(ref.asIndirect());
    }
    const x = ref.resolve();
    if (!x.isDictionary() && !x.isStream()) return;
    for (const k of XOBJECT_KEYS) x.delete(k);
    const subtype = x.get('Subtype');
    if (subtype.isName() && subtype.asName() === 'Form') stripXObjects(x.get('Resources'), seen);
  });
}

/**
 * A fresh file: objects renumbered and unreferenced ones dropped (garbage=4 also merges duplicates),
 * every stream compressed, content streams rewritten (sanitize), never an incremental update.
 */
export function writeClean(doc: mupdf.PDFDocument): Uint8Array {
  const buf = doc.saveToBuffer('garbage=4,compress,sanitize,incremental=no');
  const bytes = buf.asUint8Array().slice();
  buf.destroy();
  return bytes;
}
