/**
 * Identities of applicants (pure): the 居民身份证号码 of a 自然人 and the 统一社会信用代码 of a
 * 法人或其他组织, checked by their national standards' check characters, and the masking of personal
 * data for public pages, logs and exports (design.md: personal data never appear in public).
 *
 * The Regulations (第二十九条第二款第一项) require an application to carry the applicant's 姓名或者名称、
 * 身份证明、联系方式; these checks catch typing errors in 身份证明 at registration and intake.
 */

export type CheckResult = { ok: true; value: string } | { ok: false; message: string };

/** GB/T 2260 province-level codes (the first two digits of an ID number). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83', '91',
]);

/** GB 11643-1999 weights W_i = 2^(17−i) mod 11 for the 17 body digits. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** ISO 7064 MOD 11-2: the check character for a remainder 0…10. */
const ID_CHECK_CHARS = '10X98765432';

/** The check character (0–9 or X) of the first 17 digits of a 居民身份证号码 (GB 11643-1999). */
export function idNumberCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new Error('身份证号码本体码应为17位数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Checks an 18-character 公民身份号码 (GB 11643-1999): region, a birth date that exists (and is
 * not after `today`, when given as YYYY-MM-DD), and the MOD 11-2 check character.
 * Accepts a lower-case x and surrounding blanks; returns the normalised number.
 */
export function checkIdNumber(input: string, today?: string): CheckResult {
  const value = input.trim().toUpperCase();
  if (value.length === 0) return { ok: false, message: '请填写居民身份证号码' };
  if (value.length === 15 && /^\d{15}$/.test(value)) {
    return { ok: false, message: '这是已停用的15位旧身份证号码，请填写18位居民身份证号码' };
  }
  if (value.length !== 18) return { ok: false, message: `居民身份证号码应为18位，您填写了${value.length}位` };
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, message: '居民身份证号码的前17位应为数字，最后一位为数字或字母X' };
  }
  if (!PROVINCE_CODES.has(value.slice(0, 2))) {
    return { ok: false, message: `居民身份证号码的前两位“${value.slice(0, 2)}”不是有效的省级行政区划代码` };
  }
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < 1800 || !isRealDate(y, m, d)) {
    return { ok: false, message: `居民身份证号码中的出生日期“${value.slice(6, 14)}”不存在` };
  }
  if (today && value.slice(6, 14) > today.replaceAll('-', '')) {
    return { ok: false, message: `居民身份证号码中的出生日期“${value.slice(6, 14)}”晚于今天` };
  }
  const expected = idNumberCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return { ok: false, message: '居民身份证号码校验位不正确，请核对是否输错了某一位' };
  }
  return { ok: true, value };
}

/** GB 32100-2015 code set: digits and capital letters except I, O, Z, S, V (31 characters). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 weights W_i = 3^(i) mod 31 for positions 1…17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a 统一社会信用代码 (GB 32100-2015, MOD 31). */
export function creditCodeCheckChar(body17: string): string {
  if (body17.length !== 17) throw new Error('统一社会信用代码本体应为17位');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body17[i]);
    if (v < 0) throw new Error(`统一社会信用代码含有不允许的字符“${body17[i]}”`);
    sum += v * USCC_WEIGHTS[i];
  }
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARSET[c];
}

/**
 * Checks an 18-character 统一社会信用代码 (GB 32100-2015): code set, the six-digit 行政区划码 at
 * positions 3–8, and the MOD 31 check character. Accepts lower case; returns the normalised code.
 */
export function checkCreditCode(input: string): CheckResult {
  const value = input.trim().toUpperCase();
  if (value.length === 0) return { ok: false, message: '请填写统一社会信用代码' };
  if (value.length !== 18) return { ok: false, message: `统一社会信用代码应为18位，您填写了${value.length}位` };
  for (const ch of value) {
    if (!USCC_CHARSET.includes(ch)) {
      return {
        ok: false,
        message: `统一社会信用代码含有不允许的字符“${ch}”（只能是数字和除 I、O、Z、S、V 以外的大写字母）`,
      };
    }
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) {
    return { ok: false, message: '统一社会信用代码第3至8位应为登记管理机关的行政区划码（6位数字）' };
  }
  if (value[17] !== creditCodeCheckChar(value.slice(0, 17))) {
    return { ok: false, message: '统一社会信用代码校验位不正确，请核对是否输错了某一位' };
  }
  return { ok: true, value };
}

/** 220502199001011234 → 2205**********1234 (the first four and the last four characters kept). */
export function maskIdNumber(value: string | null | undefined): string {
  if (!value) return '';
  const v = value.trim();
  if (v.length <= 8) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/** 13812345678 → 138****5678; a fixed line 0435-3201234 → 0435****1234. */
export function maskPhone(value: string | null | undefined): string {
  if (!value) return '';
  const v = value.trim();
  if (v.length <= 7) return `${v.slice(0, 1)}${'*'.repeat(Math.max(v.length - 1, 0))}`;
  const head = v.includes('-') ? v.slice(0, v.indexOf('-')) : v.slice(0, 3);
  return `${head}****${v.slice(-4)}`;
}

/** zhang.san@example.com → z***@example.com */
export function maskEmail(value: string | null | undefined): string {
  if (!value) return '';
  const at = value.indexOf('@');
  if (at <= 0) return '***';
  return `${value[0]}***${value.slice(at)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: a 自然人's name in public lists. */
export function maskName(value: string | null | undefined): string {
  if (!value) return '';
  const chars = [...value.trim()];
  if (chars.length <= 1) return chars.join('');
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/**
 * 吉林省通化市东昌区新华大街123号 → 吉林省通化市东昌区****: keeps the administrative divisions
 * (省/自治区/市/州/盟/区/县/旗) at the start and hides the street and house number.
 */
export function maskAddress(value: string | null | undefined): string {
  if (!value) return '';
  const v = value.trim();
  const m = /^((?:[^省市区县旗州盟]{1,8}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗)){1,3})/.exec(v);
  const kept = m ? m[1] : [...v].slice(0, 3).join('');
  return kept.length >= v.length ? `${kept}` : `${kept}****`;
}
