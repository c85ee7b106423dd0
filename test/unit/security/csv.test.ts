/**
 * Issue 16: `gongkai export applications` wrote `=HYPERLINK(…)`, `+1+1`, `@SUM(…)` as they were
 * (formula injection in Excel/WPS), and a GBK CSV imported as mojibake without a word.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvSyntaxMessage, decodeCsv, neutraliseFormula, restoreFormula, SAFE_CSV } from '../../../src/lib/csv.ts';
import { shown } from '../../../src/domain/text/index.ts';
import { parseCalendarImport } from '../../../src/domain/calendar/import.ts';
import { checkHeader } from '../../../src/domain/applications/index.ts';
import { encodeGbk } from '../../support/gbk.ts';

const ATTACKS = ['=HYPERLINK("http://evil.example","点我")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1', "'=1", "''@x"];

describe('formula neutralisation', () => {
  it('prefixes every formula start with a quote and nothing else', () => {
    expect(ATTACKS.map(neutraliseFormula)).toEqual(ATTACKS.map((a) => `'${a}`));
    for (const plain of ['李某', '2025-01-02', "it's", "'quoted", 'a=b', '']) expect(neutraliseFormula(plain)).toBe(plain);
  });
  it('property: restore undoes neutralise exactly, for any text', () => {
    const formulaish = fc.tuple(fc.constantFrom('', "'", "''", '=', '+', '-', '@', '\t', '\r'), fc.string()).map(([a, b]) => a + b);
    fc.assert(
      fc.property(fc.oneof(fc.string(), formulaish), (s) => {
        expect(restoreFormula(neutraliseFormula(s))).toBe(s);
        expect(/^[=+\-@\t\r]/.test(neutraliseFormula(s))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('property: a CSV written with SAFE_CSV and read with restoreFormula gives back every cell', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom(...ATTACKS)), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const text = stringify(rows, { ...SAFE_CSV, header: true, columns: ['a', 'b'] });
        const back = parse(text, { columns: true, cast: (v: string) => restoreFormula(v) }) as Array<{ a: string; b: string }>;
        expect(back.map((r) => [r.a, r.b])).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV encodings', () => {
  const text = 'agency_code,applicant_name,subject\n220500-czj,李某,《关于2025年预算公开的说明》（全文）\n';
  it('reads UTF-8, UTF-8 with BOM, UTF-16 with BOM and GBK/GB18030 to the same text', () => {
    const utf8 = Buffer.from(text);
    expect(decodeCsv(utf8)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeCsv(encodeGbk(text))).toEqual({ text, encoding: 'gb18030' });
  });
  it('refuses bytes that are none of them, in Chinese, instead of reading mojibake', () => {
    const binary = new Uint8Array([0x80, 0xff, 0x00, 0xfe, 0x30, 0x81, 0x30, 0xff]);
    expect(() => decodeCsv(binary, 'x.csv')).toThrow(/文件 x\.csv 的字符编码无法识别/);
    // Latin-1 text that happens to decode as GB18030 gives characters no Chinese CSV holds
    const latin1 = Buffer.from('Ã©tÃ©,,ÿÿ', 'latin1');
    expect(() => decodeCsv(latin1, 'l.csv')).toThrow(/字符编码无法识别/);
  });
});

// Surface fuzz (issue 16 follow-up): a broken file was refused with csv-parse's English message after
// the Chinese one, quoting the field it stopped in — a whole 3 MB cell of a malformed file.
describe('a broken CSV is refused in Chinese, naming the line, never quoting the file', () => {
  const syntaxError = (text: string) => {
    try {
      parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false });
    } catch (err) {
      return err;
    }
    throw new Error('parsed');
  };
  it.each([
    ['a,b\n1,"unterminated', /^第 2 行：引号没有闭合/],
    ['a,b\n1,x"y"z\n', /^第 2 行：引号的用法不正确/],
    ['a,b\n1,"x"y\n', /^第 2 行：引号的用法不正确/],
    ['a,b\n1,2,3\n', /^第 2 行：列数与表头不一致/],
  ])('%j', (text, message) => {
    const m = csvSyntaxMessage(syntaxError(text));
    expect(m).toMatch(message);
    expect(m).not.toMatch(/[A-Za-z]{4,}/);
  });
  it('property: whatever the broken text, the message is Chinese, short and quotes none of it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 0, max: 5000 }), (junk, n) => {
        let err: unknown;
        try {
          parse(`a,b\n"${'字'.repeat(n)}${junk}`, { columns: true, relax_column_count: false });
        } catch (e) {
          err = e;
        }
        if (!err) return;
        const m = csvSyntaxMessage(err);
        expect(m).toMatch(/[\u4e00-\u9fff]/);
        expect(m.length).toBeLessThan(80);
      }),
      { seed: 16, numRuns: 100 },
    );
  });
  it('quotes at most a few characters of what was typed', () => {
    expect(shown('短')).toBe('短');
    expect(shown('字'.repeat(3_000_000))).toBe(`${'字'.repeat(40)}…（共 3000000 个字符）`);
    // A file without its header: the first data row, megabytes of it, was listed as the unknown columns.
    const message = checkHeader(['agency_code', '字'.repeat(1_000_000), ...Array.from({ length: 50 }, (_, i) => `x${i}`)], ['agency_code'], []);
    expect(message).toMatch(/^第1行（表头）未知的列：字{40}…（共 1000000 个字符）、x0、x1、x2、x3 等 51 列/);
    expect(message!.length).toBeLessThan(300);
  });
  it('the calendar import says so too, for CSV and for JSON', () => {
    const csv = parseCalendarImport('date,kind,name\n2031-01-01,"holiday', { notice: { title: '通知' } });
    expect(csv).toEqual({ ok: false, errors: [expect.stringMatching(/^CSV 格式错误：第 2 行：引号没有闭合/)] });
    const json = parseCalendarImport('{"year": 2031, "holidays": [', {});
    expect(json.ok).toBe(false);
    expect(JSON.stringify(json)).not.toMatch(/Unexpected|JSON at|position/);
    const huge = parseCalendarImport(`date,kind,name\n${'9'.repeat(100_000)},holiday,元旦\n`, { notice: { title: '通知' } });
    expect(JSON.stringify(huge).length).toBeLessThan(400);
  });
});
