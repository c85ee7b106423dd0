/**
 * A PDF that hides personal data everywhere a careless redaction leaves it: in the text of the page
 * (a paragraph that wraps, a number printed with spaces, a line in a Latin font), in invisible text
 * (render mode 3, like an OCR layer), outside the visible page, in marked content's /ActualText, in
 * the document information and XMP metadata, a bookmark, a note annotation, an attached file, and an
 * earlier revision (a line deleted from page 2 by an incremental update). Page 1 also has an image
 * (left half red, right half blue) and a vector drawing in a colour of its own, for the boxes.
 *
 * pdfkit writes the pages (CJK text through src/lib/cjk-font.ts); MuPDF appends the incremental
 * update with the XMP packet — the checks that read the result back use other tools.
 */
import PDFDocument from 'pdfkit';
import zlib from 'node:zlib';
import * as mupdf from 'mupdf';
import { idNumberCheckChar } from '../../src/domain/identity/index.ts';
import { findCjkFont } from '../../src/lib/cjk-font.ts';

const ID_BODY = '22050219900101123';
export const SECRETS = {
  id: `${ID_BODY}${idNumberCheckChar(ID_BODY)}`,
  phone: '13812345678',
  card: '6222021234567890128',
  name: '王小明',
} as const;
/** Only in the first revision of page 2. */
export const OLD_SECRET = '13900001111';
/** Text that must survive redaction. */
export const KEPT = ['申请公开本机关2023年度的财政预算执行情况', '这是一段正常的政府信息，应当公开。', 'Contact:', '(office)', '第二页：本页的其他内容照常公开。'];
/** The vector drawing's colour. */
export const VECTOR_COLOUR = '#1f3a5c';
/** Boxes (page space, points from the top-left): the image's left half, and the drawing. */
export const IMAGE = { x: 72, y: 420, w: 200, h: 100 };
export const IMAGE_BOX: [number, number, number, number] = [66, 414, 172, 526];
export const VECTOR = { x: 320, y: 430, w: 80, h: 60 };
export const VECTOR_BOX: [number, number, number, number] = [310, 420, 410, 500];

function crc32(b: Buffer): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A PNG, left half red and right half blue. */
export function twoColourPng(w = 40, h = 20): Buffer {
  const row = w * 3 + 1;
  const raw = Buffer.alloc(row * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw.set(x < w / 2 ? [255, 0, 0] : [0, 0, 255], y * row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function pdfkitPages(): Promise<Buffer> {
  const { id, phone, card, name } = SECRETS;
  const font = findCjkFont();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72, info: { Title: `${name}的申请`, Author: phone, Keywords: id } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', font.data, font.family);
    doc.font('cjk').fontSize(18).text('政府信息公开申请材料', 72, 72);
    doc.fontSize(12).text(
      `申请人${name}，公民身份号码${id}，联系电话${phone}，开户银行卡号${card}。申请公开本机关2023年度的财政预算执行情况。这是一段正常的政府信息，应当公开。`,
      72,
      110,
      { width: 300 },
    );
    doc.text('联系人手机 138 1234 5678，工作时间可联系。', 72, 220);
    doc.font('Helvetica').text(`Contact: ${phone} (office)`, 72, 250);
    // Invisible text (an OCR layer): text state may be set outside a text object.
    doc.addContent('3 Tr');
    doc.font('cjk').text(`扫描识别${id}`, 72, 280);
    doc.addContent('0 Tr');
    // Outside the page (a classic hiding place).
    doc.text(`页外${phone}`, -400, 300, { lineBreak: false });
    // Marked content whose /ActualText is the phone.
    doc.markContent('Span', { actual: phone });
    doc.text('电话另附', 72, 320);
    doc.endMarkedContent();
    doc.image(twoColourPng(), IMAGE.x, IMAGE.y, { width: IMAGE.w, height: IMAGE.h });
    doc.rect(VECTOR.x, VECTOR.y, VECTOR.w, VECTOR.h).fillColor(VECTOR_COLOUR).fill();
    doc.fillColor('black');
    doc.outline.addItem(`${name}的材料`);
    doc.note(400, 100, 20, 20, `备注：${phone}`);
    doc.file(Buffer.from(`附件：${id}`), { name: 'attachment.txt' });
    doc.addPage();
    doc.font('cjk').fontSize(12).text('第二页：本页的其他内容照常公开。', 72, 72);
    doc.text(`电话${phone}`, 72, 100);
    doc.text(`旧版本电话${OLD_SECRET}`, 72, 130);
    doc.end();
  });
}

/**
 * The fixture: pdfkit's file plus an incremental update that deletes page 2's last line and adds
 * an XMP packet naming the applicant.
 */
export async function redactionFixture(): Promise<Uint8Array> {
  const first = await pdfkitPages();
  const doc = mupdf.Document.openDocument(first, 'application/pdf').asPDF()!;
  const page2 = doc.findPage(1);
  const contents = page2.get('Contents');
  const stream = contents.isArray() ? contents.get(contents.length - 1) : contents;
  const text = stream.readStream().asUint8Array();
  const src = Buffer.from(text).toString('latin1');
  const lastBT = src.lastIndexOf('BT');
  const lastET = src.indexOf('ET', lastBT);
  stream.writeStream(Buffer.from(src.slice(0, lastBT) + src.slice(lastET + 2), 'latin1'));
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${SECRETS.name}</dc:title><dc:description>${SECRETS.id}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const meta = doc.addStream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.getTrailer().get('Root').put('Metadata', meta);
  const out = doc.saveToBuffer('incremental');
  const bytes = out.asUint8Array().slice();
  out.destroy();
  doc.destroy();
  return bytes;
}
