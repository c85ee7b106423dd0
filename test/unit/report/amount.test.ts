import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AmountError,
  MAX_FEN,
  fenToWanYuan,
  formatFen,
  formatWanYuan,
  parseFen,
  parseWanYuan,
  sameWanYuan,
  sumWanYuan,
  wanYuanToFen,
} from '../../../src/domain/report/amount.ts';

const fen = fc.integer({ min: -MAX_FEN, max: MAX_FEN });
const smallFen = fc.integer({ min: 0, max: 10_000_000_000 }); // up to 10,000 万元

describe('amounts in 万元 to six decimals (one 分)', () => {
  it('reads what real reports print', () => {
    expect(parseWanYuan('5949.088667')).toBe(5949.088667);
    expect(parseFen('5949.088667')).toBe(5_949_088_667);
    expect(parseWanYuan('5,949.09')).toBe(5949.09);
    expect(parseWanYuan('0.5')).toBe(0.5);
    expect(parseWanYuan('0')).toBe(0);
    expect(parseWanYuan('1,234')).toBe(1234);
    expect(parseWanYuan('.5')).toBe(0.5);
    expect(parseWanYuan('５９４９．０８８６６７')).toBe(5949.088667); // full-width, folded
    expect(parseWanYuan('356.420000')).toBe(356.42);
  });

  it('refuses what is not an amount, in Chinese, instead of rounding', () => {
    expect(() => parseFen('1.0000001')).toThrow(/超过6位小数/);
    expect(() => parseFen('12,34.5')).toThrow(AmountError);
    expect(() => parseFen('abc')).toThrow(/不是数字/);
    expect(() => parseFen('')).toThrow(/不是数字/);
    expect(() => parseFen('.')).toThrow(/不是数字/);
    expect(() => parseFen('1000000000')).toThrow(/过大/);
    expect(() => wanYuanToFen(0.1234567)).toThrow(/超过6位小数/);
    expect(() => wanYuanToFen(1e-7)).toThrow(/超过6位小数/);
    expect(() => wanYuanToFen(Number.NaN)).toThrow(AmountError);
  });

  it('prints every digit and no invented one', () => {
    expect(formatWanYuan(5949.088667)).toBe('5949.088667');
    expect(formatWanYuan(1.25)).toBe('1.25');
    expect(formatWanYuan(0)).toBe('0');
    expect(formatWanYuan(1e-6)).toBe('0.000001');
    expect(formatWanYuan(999999999.999999)).toBe('999999999.999999');
    expect(formatFen(-150)).toBe('-0.00015');
  });

  it('sums exactly where binary fractions drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumWanYuan([0.1, 0.2])).toBe(0.3);
    expect(sumWanYuan([5949.088667, 0.000001, 0.000002])).toBe(5949.08867);
    expect(sumWanYuan([])).toBe(0);
    expect(sameWanYuan(sumWanYuan([0.1, 0.2]), 0.3)).toBe(true);
  });

  it('property: parse(print(x)) == x for every amount, and the model number round-trips', () => {
    fc.assert(
      fc.property(fen, (f) => {
        expect(parseFen(formatFen(f))).toBe(f);
        const v = fenToWanYuan(f);
        expect(wanYuanToFen(v)).toBe(f);
        expect(parseWanYuan(formatWanYuan(v))).toBe(v);
        expect(String(v)).toBe(formatFen(f)); // the model number prints as the amount, no exponent
      }),
      { numRuns: 2000 },
    );
  });

  it('property: thousands separators read back as the same amount', () => {
    fc.assert(
      fc.property(smallFen, (f) => {
        const [whole, frac] = formatFen(f).split('.');
        const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',') + (frac ? `.${frac}` : '');
        expect(parseFen(grouped)).toBe(f);
      }),
    );
  });

  it('property: sums are exact — the sum of the amounts is the amount of the summed 分, in any order', () => {
    fc.assert(
      fc.property(fc.array(smallFen, { maxLength: 40 }), (fens) => {
        const values = fens.map(fenToWanYuan);
        const total = fens.reduce((a, b) => a + b, 0);
        expect(wanYuanToFen(sumWanYuan(values))).toBe(total);
        expect(sumWanYuan([...values].reverse())).toBe(sumWanYuan(values));
      }),
    );
  });
});
