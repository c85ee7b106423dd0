/**
 * 信息处理费 (《政府信息公开信息处理费管理办法》，国办函〔2020〕109号; Regulations 第四十二条).
 *
 * 第三条: 按件计收 or 按量计收, both 超额累进; for one application the agency picks ONE method, never both
 * — hence `computeFee` takes a discriminated union with exactly one method.
 * 第四条 (按件): per applicant per 自然月, cumulative: 1–10 free; 11–30 at 100元/件; from 31 on, each band
 * of 10 raises the price by 100元/件 (31–40: 200, 41–50: 300, …).
 * 第五条 (按量, as quoted by 江门市新会区's official list citing 国办函〔2020〕109号, regulation.md S5), per
 * application: ≤30 pages free; 31–100 at 10元/页; 101–200 at 20元/页; 201 and more at 40元/页.
 */

export interface FeeBand {
  /** First and last unit (件 number in the month / page number) of the band, inclusive. */
  from: number;
  to: number;
  count: number;
  /** 元 per unit. */
  unitPrice: number;
  subtotal: number;
}

export interface FeeResult {
  method: 'pieces' | 'pages';
  /** Total in 元. */
  amount: number;
  /** Only the bands this application falls in, in order; free bands included with subtotal 0. */
  bands: FeeBand[];
  /** Chinese lines explaining the amount. */
  lines: string[];
}

export type FeeInput =
  | { method: 'pieces'; pieces: number; alreadyThisMonth?: number }
  | { method: 'pages'; pages: number };

export class FeeInputError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'FeeInputError';
    this.code = code;
  }
}

function count(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new FeeInputError('fee.bad_count', `${what}「${String(n)}」无效，应为不小于 0 的整数`);
  }
  return n;
}

/** 第四条: price of the k-th 件 of an applicant in a calendar month (k ≥ 1). */
export function piecePrice(k: number): number {
  if (k <= 10) return 0;
  if (k <= 30) return 100;
  return 100 + 100 * Math.ceil((k - 30) / 10);
}

/** 第五条 (S5): price of the p-th page of an application (p ≥ 1). */
export function pagePrice(p: number): number {
  if (p <= 30) return 0;
  if (p <= 100) return 10;
  if (p <= 200) return 20;
  return 40;
}

/** Last piece of the price band that piece k falls in (10, 30, 40, 50, …). */
function pieceBandEnd(k: number): number {
  if (k <= 10) return 10;
  if (k <= 30) return 30;
  return 30 + 10 * Math.ceil((k - 30) / 10);
}

/** Last page of the price band that page p falls in (30, 100, 200, ∞). */
function pageBandEnd(p: number): number {
  if (p <= 30) return 30;
  if (p <= 100) return 100;
  if (p <= 200) return 200;
  return Number.POSITIVE_INFINITY;
}

/** Splits units first..last into the price bands they fall in. */
function bandsOf(first: number, last: number, price: (k: number) => number, bandEnd: (k: number) => number): FeeBand[] {
  const bands: FeeBand[] = [];
  for (let k = first; k <= last; ) {
    const to = Math.min(last, bandEnd(k));
    const unitPrice = price(k);
    const c = to - k + 1;
    bands.push({ from: k, to, count: c, unitPrice, subtotal: c * unitPrice });
    k = to + 1;
  }
  return bands;
}

/**
 * 按件计收: fee for `pieces` new 件 of an applicant who already applied for `alreadyThisMonth` 件 in the
 * same calendar month (第四条「同一申请人一个自然月内累计申请」).
 */
export function feeByPieces(pieces: number, alreadyThisMonth = 0): FeeResult {
  count(pieces, '件数');
  count(alreadyThisMonth, '本月已申请件数');
  const first = alreadyThisMonth + 1;
  const last = alreadyThisMonth + pieces;
  const bands = pieces === 0 ? [] : bandsOf(first, last, piecePrice, pieceBandEnd);
  const amount = bands.reduce((s, b) => s + b.subtotal, 0);
  const lines = [
    `按件计收（国办函〔2020〕109号第四条）：同一申请人本自然月累计第${first}至第${last}件${pieces === 0 ? '（无）' : ''}。`,
    ...bands.map(
      (b) => `第${b.from}至第${b.to}件，${b.count}件 × ${b.unitPrice}元 = ${b.subtotal}元${b.unitPrice === 0 ? '（10件以下不收费）' : ''}`,
    ),
    `合计 ${amount} 元。`,
  ];
  return { method: 'pieces', amount, bands, lines };
}

/** 按量计收: fee for an application of `pages` pages (第五条). */
export function feeByPages(pages: number): FeeResult {
  count(pages, '页数');
  const bands = pages === 0 ? [] : bandsOf(1, pages, pagePrice, pageBandEnd);
  const amount = bands.reduce((s, b) => s + b.subtotal, 0);
  const lines = [
    `按量计收（国办函〔2020〕109号第五条）：本件申请共${pages}页。`,
    ...bands.map(
      (b) => `第${b.from}至第${b.to}页，${b.count}页 × ${b.unitPrice}元 = ${b.subtotal}元${b.unitPrice === 0 ? '（30页以下不收费）' : ''}`,
    ),
    `合计 ${amount} 元。`,
  ];
  return { method: 'pages', amount, bands, lines };
}

/** One application, one method (第三条「不得同时按照两种标准重复计算」). */
export function computeFee(input: FeeInput): FeeResult {
  const anyInput = input as { method?: unknown; pieces?: unknown; pages?: unknown };
  if (anyInput.pieces !== undefined && anyInput.pages !== undefined) {
    throw new FeeInputError('fee.both_methods', '同一件申请只能选择按件或按量一种方式计收，不得同时按两种标准计算（国办函〔2020〕109号第三条）');
  }
  if (input.method === 'pieces') return feeByPieces(input.pieces, input.alreadyThisMonth ?? 0);
  if (input.method === 'pages') return feeByPages(input.pages);
  throw new FeeInputError('fee.method', `计收方式「${String(anyInput.method)}」无效，应为 pieces（按件）或 pages（按量）`);
}

/** One of the applicant's applications to the same agency, for the monthly count of 第四条. */
export interface MonthlyApplication {
  /** Receipt date (第三十一条). */
  received: string;
  /** 件 it counts for (一事一申请: split to the smallest reasonable unit, 第四条第一款). */
  pieces: number;
  /** Order of receipt among applications received the same day (e.g. the application id). */
  seq: number;
}

/**
 * 第四条 「同一申请人一个自然月内累计申请」: the 件 the applicant already applied for in the calendar
 * month of this application — every other application to the same agency received earlier that
 * month, the same day included (those received before this one, by `seq`). The caller passes the
 * applicant's other applications to the agency; those of other months are ignored.
 */
export function piecesBefore(app: { received: string; seq: number }, others: readonly MonthlyApplication[]): number {
  const month = app.received.slice(0, 7);
  let n = 0;
  for (const o of others) {
    if (o.received.slice(0, 7) !== month) continue;
    if (o.received < app.received || (o.received === app.received && o.seq < app.seq)) n += count(o.pieces, '件数');
  }
  return n;
}

export type ApplicationFeeInput =
  | { method: 'pieces'; pieces: number; received: string; seq: number; others: readonly MonthlyApplication[] }
  | { method: 'pages'; pages: number };

/** The fee of one application, computed (never typed): 按件 with the month's accumulation, or 按量. */
export function feeForApplication(input: ApplicationFeeInput): FeeResult {
  if (input.method === 'pieces') {
    return computeFee({ method: 'pieces', pieces: input.pieces, alreadyThisMonth: piecesBefore(input, input.others) });
  }
  return computeFee(input);
}

/**
 * The amount a fee notice states must be the computed one; a different amount (e.g. a 减免 the
 * agency grants under its province's rules, which the national text as retrieved does not list —
 * regulation.md §3) needs a written reason.
 */
export function checkFeeAmount(input: {
  amount: number;
  computed: number;
  overrideReason?: string;
}): { ok: true; overridden: boolean } | { ok: false; code: string; message: string } {
  const { amount, computed } = input;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    return { ok: false, code: 'fee.bad_amount', message: `收费数额「${String(amount)}」无效，应为不小于 0 的数` };
  }
  if (amount === computed) return { ok: true, overridden: false };
  if (!input.overrideReason?.trim()) {
    return {
      ok: false,
      code: 'fee.override_reason',
      message: `收费数额${amount}元与按国办函〔2020〕109号计算的${computed}元不一致，须写明理由`,
    };
  }
  return { ok: true, overridden: true };
}
