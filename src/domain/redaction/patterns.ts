/**
 * Finders for personal data in a document's text — 公民身份号码, 手机号码, 银行账号 — the usual
 * 个人隐私 of 第十五条 in a disclosed file. They only propose: every hit is shown to a person, who
 * confirms or rejects it before anything is removed (a finder can neither see a number that is
 * printed as an image nor know that a number is an agency's published hotline).
 *
 * A hit is the exact stretch of the input (separators included), so the caller can map it back to
 * the positions of the characters on the page. Full-width digits (「２２０５…」) count as digits.
 */
import { checkIdNumber } from '../identity/index.ts';
import type { RedactionBasisId } from './bases.ts';

export type PatternKind = 'id_number' | 'mobile' | 'bank_account';

export const PATTERN_LABELS: Record<PatternKind, string> = {
  id_number: '公民身份号码',
  mobile: '手机号码',
  bank_account: '银行账号',
};

export interface PatternHit {
  kind: PatternKind;
  /** [start, end) in the input. */
  start: number;
  end: number;
  /** The input's characters in that range. */
  text: string;
  /** The digits alone (and a final X of an ID number). */
  value: string;
  /**
   * `checked`: the number passes its standard's check (GB 11643 check character, the Luhn digit of a
   * bank card, a mobile number's 1[3-9] prefix and length); `shape`: it only looks like one (an ID
   * number whose check character is wrong, a bank account named as such by a nearby word).
   */
  certainty: 'checked' | 'shape';
  /** The basis proposed to the person confirming it. */
  basis: RedactionBasisId;
}

/** Full-width digits and Ｘ → ASCII, one character for one (offsets stay valid). */
function asciiDigits(text: string): string {
  return text.replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Luhn (ISO/IEC 7812-1) check of a bank card number. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A 15-digit 旧身份证号码 (GB 11643-1989): region and a real birth date 19YYMMDD. */
function oldIdShape(v: string): boolean {
  if (!/^[1-9]\d{14}$/.test(v)) return false;
  const m = Number(v.slice(8, 10));
  const d = Number(v.slice(10, 12));
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(1900 + Number(v.slice(6, 8)), m, 0)).getUTCDate();
}

/** Words that name a bank account within a few characters before a number. */
const ACCOUNT_WORDS = /(账号|帐号|账户|帐户|卡号|银行卡|开户行|开户银行)[^0-9\n]{0,8}$/;
const MOBILE_PREFIX = /^(?:\+?86|0086)/;

function classify(value: string, before: string): Omit<PatternHit, 'start' | 'end' | 'text'> | undefined {
  const digits = value.toUpperCase();
  if (digits.length === 18) {
    const id = checkIdNumber(digits);
    if (id.ok) return { kind: 'id_number', value: id.value, certainty: 'checked', basis: 'privacy' };
    // Right region and birth date, wrong check character: a mistyped ID number is still personal data.
    if (/校验位/.test(id.message)) return { kind: 'id_number', value: digits, certainty: 'shape', basis: 'privacy' };
  }
  if (digits.length === 15 && oldIdShape(digits) && !ACCOUNT_WORDS.test(before)) {
    return { kind: 'id_number', value: digits, certainty: 'shape', basis: 'privacy' };
  }
  if (/X$/.test(digits)) return undefined;
  const mobile = digits.replace(MOBILE_PREFIX, '');
  if (/^1[3-9]\d{9}$/.test(mobile)) {
    return { kind: 'mobile', value: mobile, certainty: 'checked', basis: 'privacy' };
  }
  if (digits.length >= 16 && digits.length <= 19 && luhnValid(digits)) {
    return { kind: 'bank_account', value: digits, certainty: 'checked', basis: 'privacy' };
  }
  if (digits.length >= 10 && digits.length <= 25 && ACCOUNT_WORDS.test(before)) {
    return { kind: 'bank_account', value: digits, certainty: 'shape', basis: 'privacy' };
  }
  return undefined;
}

/**
 * A run of digits, possibly grouped by single spaces or hyphens (「6222 0212 3456 7890」,
 * 「138-1234-5678」), with a leading +86 and a final X; not part of a longer word or number.
 */
const RUN = /(?<![0-9A-Za-z])(?:\+86[ -]?)?\d(?:[ -]?\d)*(?:[Xx])?(?![0-9A-Za-z])/g;

/** The personal numbers in `text`, in order, none overlapping. */
export function findPersonalNumbers(text: string): PatternHit[] {
  const t = asciiDigits(text);
  const hits: PatternHit[] = [];
  for (const m of t.matchAll(RUN)) {
    const start = m.index ?? 0;
    const run = m[0];
    const before = t.slice(Math.max(0, start - 16), start);
    const whole = classify(run.replace(/[ -]/g, '').replace('+', ''), before);
    if (whole) {
      hits.push({ ...whole, start, end: start + run.length, text: text.slice(start, start + run.length) });
      continue;
    }
    // Two numbers side by side (「13812345678 220502…」) joined into one run: try each piece.
    for (const piece of run.matchAll(/\d+[Xx]?/g)) {
      const s = start + (piece.index ?? 0);
      const one = classify(piece[0], t.slice(Math.max(0, s - 16), s));
      if (one) hits.push({ ...one, start: s, end: s + piece[0].length, text: text.slice(s, s + piece[0].length) });
    }
  }
  return hits;
}

/** What a redacted string is, for the list of withheld parts: a personal number's kind, if it is one. */
export function describeString(text: string): string | undefined {
  const hits = findPersonalNumbers(text.trim());
  if (hits.length === 1 && hits[0].text === text.trim()) return PATTERN_LABELS[hits[0].kind];
  return undefined;
}
