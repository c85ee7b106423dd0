/**
 * A CSV file named on the command line → its text, in whatever encoding it was saved (UTF-8 with or
 * without BOM, GBK/GB18030 from Excel or WPS: src/lib/csv.ts), or an error saying why not (Chinese).
 */
import { readFileSync } from 'node:fs';
import { decodeCsv } from '../lib/csv.ts';

export function readCsvFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(e.code === 'ENOENT' ? `找不到文件：${file}（文件不存在）` : `无法读取文件 ${file}：${e.message}`);
  }
  return decodeCsv(bytes, file).text;
}
