/**
 * Dates as letters print them: 「2024年3月5日」 (no leading zeros), from calendar dates `YYYY-MM-DD`
 * (Asia/Shanghai calendar dates, never a time stamp: design.md, Conventions).
 */

import { chineseDate as printDate, isIsoDate } from '../calendar/date.ts';

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (the calendar module's rule). */
export { isIsoDate };

/** 「2024年3月5日」 from `2024-03-05`; throws a Chinese error for anything else. */
export function chineseDate(iso: string): string {
  if (!isIsoDate(iso)) throw new Error(`日期格式不正确：「${iso}」，应为 YYYY-MM-DD 形式的有效日期`);
  return printDate(iso);
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numerals for list items: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`序号超出范围：${n}（应为1至99）`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}
