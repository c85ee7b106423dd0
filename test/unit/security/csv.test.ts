/**
 * Issue 16: `gongkai export applications` wrote `=HYPERLINK(…)`, `+1+1`, `@SUM(…)` as they were
 * (formula injection in Excel/WPS), and a GBK CSV imported as mojibake without a word.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsv, neutraliseFormula, restoreFormula, SAFE_CSV } from '../../../src/lib/csv.ts';
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
