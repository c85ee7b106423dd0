/**
 * Amounts in 万元 (表一 第二十条第（八）项 本年收费金额（单位：万元）; the trial format's 采购总金额),
 * exactly. Real reports print six decimals — 5949.088667 万元 is 59,490,886.67 元 — so the smallest
 * unit is 0.000001 万元 = 0.01 元 (one 分). Arithmetic is done on whole 分 (safe integers), never on
 * binary fractions, so sums do not drift (0.1 + 0.2 is 0.3 here).
 *
 * The report model (contracts.md §2) keeps an amount as a JSON number: a number with at most six
 * decimals and at most 15 significant digits converts to whole 分 and back without loss, so the
 * model's number and its printed form are the same decimal (`formatWanYuan(parseWanYuan(s))`).
 *
 * Named policy (the format is silent): amounts are printed with as many decimals as they have (up to
 * six), trailing zeros dropped — 5949.088667, 1.25, 0 — so no digit is ever lost or invented.
 */

/** Decimals of a 万元 amount: six (= 1 分). */
export const WAN_YUAN_DECIMALS = 6;
const SCALE = 10 ** WAN_YUAN_DECIMALS;
/** The largest amount kept exactly: 999,999,999.999999 万元 (15 significant digits). */
export const MAX_FEN = 999_999_999_999_999;

/** An amount in 万元 as whole 分 (0.000001 万元). */
export type Fen = number;

export class AmountError extends Error {}

/**
 * A printed amount → 分. Reads what reports print: 「5949.088667」「5,949.09」「0.5」「0」「1,234」
 * 「.5」 (full-width digits and separators are folded by NFKC). Refuses more than six decimals,
 * misplaced thousands separators and anything that is not a number, with a Chinese message.
 */
export function parseFen(text: string): Fen {
  const s = text.normalize('NFKC').trim().replace(/^[+]/, '');
  const m = /^(-)?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) throw new AmountError(`金额「${text}」不是数字`);
  const [, sign, whole, frac = ''] = m;
  if (frac.length > WAN_YUAN_DECIMALS) throw new AmountError(`金额「${text}」超过${WAN_YUAN_DECIMALS}位小数（万元的第六位小数即1分）`);
  const digits = (whole.replace(/,/g, '') || '0') + frac.padEnd(WAN_YUAN_DECIMALS, '0');
  const fen = Number(digits.replace(/^0+(?=\d)/, ''));
  if (!Number.isSafeInteger(fen) || fen > MAX_FEN) throw new AmountError(`金额「${text}」过大（最多999999999.999999万元）`);
  return sign && fen !== 0 ? -fen : fen;
}

/** 分 → the report model's number (exact: at most 15 significant digits). */
export function fenToWanYuan(fen: Fen): number {
  return Number(formatFen(fen));
}

/** The model's number → 分; refuses a number with more than six decimals rather than rounding it. */
export function wanYuanToFen(value: number): Fen {
  if (!Number.isFinite(value)) throw new AmountError(`金额无效：${String(value)}`);
  // String(value) is the shortest decimal that reads back as `value`: the decimal it was parsed from.
  return parseFen(plainDecimal(value));
}

/** 分 → the printed amount: all its decimals, trailing zeros dropped (5949.088667, 1.25, 0). */
export function formatFen(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new AmountError(`金额无效：${String(fen)}`);
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / SCALE);
  const frac = String(abs % SCALE).padStart(WAN_YUAN_DECIMALS, '0').replace(/0+$/, '');
  return `${fen < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** The model's amount printed without losing a digit. */
export function formatWanYuan(value: number): string {
  return formatFen(wanYuanToFen(value));
}

/** A printed amount → the model's number. */
export function parseWanYuan(text: string): number {
  return fenToWanYuan(parseFen(text));
}

/** Whether a number is an amount the model can hold exactly (at most six decimals, in range). */
export function isWanYuan(value: number): boolean {
  try {
    wanYuanToFen(value);
    return true;
  } catch {
    return false;
  }
}

/** The exact sum of amounts in 万元 (in 分, then back). */
export function sumWanYuan(values: readonly number[]): number {
  let fen = 0;
  for (const v of values) {
    fen += wanYuanToFen(v);
    if (!Number.isSafeInteger(fen) || Math.abs(fen) > MAX_FEN) throw new AmountError('金额合计过大（最多999999999.999999万元）');
  }
  return fenToWanYuan(fen);
}

/** Whether two amounts are the same to the 分. */
export function sameWanYuan(a: number, b: number): boolean {
  return wanYuanToFen(a) === wanYuanToFen(b);
}

/** A number as a plain decimal (no exponent): 1e-7 → 0.0000001, 1.5e+21 → 1500000000000000000000. */
function plainDecimal(value: number): string {
  const s = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return s;
  const [, sign, lead, rest = '', e] = m;
  const digits = lead + rest;
  const point = 1 + Number(e); // position of the decimal point in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.padEnd(point, '0')}`;
}
