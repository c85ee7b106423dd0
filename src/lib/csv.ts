/**
 * CSV files that people open in Excel or WPS, and CSV files people bring from them.
 *
 * Formula injection (CWE-1236): a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is run as a formula by a spreadsheet (`=HYPERLINK(…)`, `@SUM(…)`). Every CSV Gongkai
 * writes passes its text cells through `neutraliseFormula`, which puts a `'` before such a cell —
 * the spreadsheets' own sign for "text" — and every CSV import passes its cells through
 * `restoreFormula`, which takes exactly that `'` off again, so an export imports back unchanged.
 * The pair is a bijection: a cell that already begins with quotes before such a character gets
 * one more (`'=x` → `''=x`), so nothing a person typed is lost.
 *
 * Encodings: `decodeCsv` reads UTF-8 (with or without BOM), UTF-16 with a BOM, and GBK/GB18030 (what
 * Excel for Chinese Windows saves), with the WHATWG decoders built into Node (full ICU; no library
 * needed), strictly: bytes that are none of these are refused with a Chinese message, never read
 * as mojibake.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function restoreFormula(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}

/** csv-stringify options for text cells: `stringify(rows, { ...SAFE_CSV, header: true, columns })`. */
export const SAFE_CSV = { cast: { string: (value: string) => neutraliseFormula(value) } };

export class CsvEncodingError extends Error {}

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Characters that GB18030 text of a CSV file plausibly holds: ASCII, CJK (unified, extension A,
 * compatibility), full-width forms and CJK punctuation, general punctuation, Latin-1 letters.
 * Bytes of another encoding decoded as GB18030 give rare symbols and private-use characters.
 */
const PLAUSIBLE = /^[\u0000-\u007f\u00a0-\u00ff\u2000-\u206f\u2100-\u214f\u2190-\u21ff\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]*$/u;

/** The file's text and the encoding it was read in; throws CsvEncodingError (Chinese) when it is none of those read. */
export function decodeCsv(bytes: Uint8Array, file = 'CSV'): { text: string; encoding: CsvEncoding } {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: strict('utf-8', b.subarray(3), file), encoding: 'utf-8-bom' };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: strict('utf-16le', b.subarray(2), file), encoding: 'utf-16le' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: strict('utf-16be', b.subarray(2), file), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    /* not UTF-8: try GB18030 (a superset of GBK and GB2312) */
  }
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(b);
  } catch {
    throw unknownEncoding(file);
  }
  if (!PLAUSIBLE.test(text)) throw unknownEncoding(file);
  return { text, encoding: 'gb18030' };
}

function strict(encoding: string, bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw unknownEncoding(file);
  }
}

function unknownEncoding(file: string): CsvEncodingError {
  return new CsvEncodingError(`文件 ${file} 的字符编码无法识别（支持 UTF-8、带 BOM 的 UTF-8 和 GBK/GB18030）：请在 Excel 或 WPS 中“另存为”CSV UTF-8 后再导入`);
}

/**
 * A csv-parse error said in Chinese, with its line. The library's own message is English and quotes
 * the field it stopped in (a whole multi-megabyte cell of a broken file): it is never shown as is.
 */
export function csvSyntaxMessage(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; lines?: unknown };
  const at = typeof e.lines === 'number' && e.lines > 0 ? `第 ${e.lines} 行：` : '';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${at}引号没有闭合（以 " 开头的单元格缺少结尾的 "）`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${at}引号的用法不正确（单元格中的 " 应写成 ""，并把整个单元格放在引号中）`;
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `${at}列数与表头不一致`;
    case 'CSV_MAX_RECORD_SIZE':
      return `${at}单元格过长`;
    case 'CSV_OPTION_COLUMNS_MISSING_NAME':
    case 'CSV_INVALID_COLUMN_MAPPING':
      return `${at}表头有空白或重复的列名`;
    default:
      return `${at}无法按 CSV 格式读取`;
  }
}

