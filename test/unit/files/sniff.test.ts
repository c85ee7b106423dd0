/** File types by their first bytes (src/lib/files/sniff.ts) and a document attachment's checks (src/app/portal/attachments.ts). */
import { describe, expect, it } from 'vitest';
import { sniffFile } from '../../../src/lib/files/sniff.ts';
import { checkAttachment } from '../../../src/app/portal/attachments.ts';
import { AppError } from '../../../src/app/errors.ts';

const zip = (...names: string[]) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(names.join('\0'))]);
export const FILES = {
  pdf: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n'),
  docx: zip('[Content_Types].xml', 'word/document.xml'),
  docm: zip('[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin'),
  xlsx: zip('[Content_Types].xml', 'xl/workbook.xml'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
  html: Buffer.from('<!doctype html><script>alert(1)</script>'),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  exe: Buffer.from('MZ\x90\x00\x03\x00\x00\x00'),
  zip: zip('evil.exe'),
};

function refusal(name: string, bytes: Buffer): { status: number; message: string } {
  try {
    checkAttachment(name, bytes);
  } catch (e) {
    if (e instanceof AppError) return { status: e.statusCode, message: e.message };
    throw e;
  }
  throw new Error(`${name} was accepted`);
}

describe('sniffFile', () => {
  it('tells PDF, DOCX, XLSX and images by content', () => {
    expect(sniffFile(FILES.pdf)?.kind).toBe('pdf');
    expect(sniffFile(FILES.docx)?.kind).toBe('docx');
    expect(sniffFile(FILES.xlsx)?.kind).toBe('xlsx');
    expect(sniffFile(FILES.png)?.mime).toBe('image/png');
    expect(sniffFile(FILES.jpeg)?.mime).toBe('image/jpeg');
    expect(sniffFile(FILES.docm)?.macros).toBe(true);
  });
  it('knows nothing of HTML, SVG, executables or other ZIPs', () => {
    for (const k of ['html', 'svg', 'exe', 'zip'] as const) expect(sniffFile(FILES[k])).toBeNull();
  });
});

describe('checkAttachment', () => {
  it('accepts each allowed type under its own extension, giving the sniffed type to store', () => {
    expect(checkAttachment('附件1 通知.pdf', FILES.pdf)).toBe('application/pdf');
    expect(checkAttachment('附件2.DOCX', FILES.docx)).toMatch(/wordprocessingml/);
    expect(checkAttachment('统计表.xlsx', FILES.xlsx)).toMatch(/spreadsheetml/);
    expect(checkAttachment('现场.jpeg', FILES.jpeg)).toBe('image/jpeg');
  });
  it('refuses hostile or wrong files with a Chinese 4xx', () => {
    expect(refusal('通知.pdf', FILES.html)).toEqual({ status: 415, message: expect.stringMatching(/^附件「通知\.pdf」的内容不是允许的文件类型。可上传：PDF/) });
    expect(refusal('图.svg', FILES.svg).status).toBe(415);
    expect(refusal('setup.pdf', FILES.exe).status).toBe(415);
    expect(refusal('包.zip', FILES.zip).status).toBe(415);
    expect(refusal('照片.pdf', FILES.png)).toEqual({ status: 415, message: expect.stringContaining('扩展名与内容不符：内容是PNG 图片，扩展名应为 .png') });
    expect(refusal('文件.html', FILES.pdf).message).toContain('扩展名应为 .pdf');
    expect(refusal('宏.docx', FILES.docm).message).toContain('含有宏');
    expect(refusal('空.pdf', Buffer.alloc(0))).toEqual({ status: 400, message: '附件「空.pdf」是空的' });
    expect(refusal('a\u0007.pdf', FILES.pdf).message).toContain('控制字符');
    expect(refusal(`${'长'.repeat(200)}.pdf`, FILES.pdf).message).toContain('不能超过200个字');
  });
});
