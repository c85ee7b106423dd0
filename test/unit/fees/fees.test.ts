import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFee, feeByPages, feeByPieces, piecePrice, piecesBefore } from '../../../src/domain/fees/index.ts';

describe('按件计收 (国办函〔2020〕109号第四条)', () => {
  it('at every band edge', () => {
    const table: [number, number][] = [
      [0, 0],
      [10, 0],
      [11, 100],
      [30, 2000],
      [31, 2200],
      [40, 4000],
      [41, 4300],
      [50, 7000],
      [51, 7400],
    ];
    for (const [n, amount] of table) expect(feeByPieces(n).amount, `${n}件`).toBe(amount);
  });
  it('is cumulative over the calendar month', () => {
    const r = feeByPieces(5, 28);
    expect(r.amount).toBe(2 * 100 + 3 * 200);
    expect(r.bands).toEqual([
      { from: 29, to: 30, count: 2, unitPrice: 100, subtotal: 200 },
      { from: 31, to: 33, count: 3, unitPrice: 200, subtotal: 600 },
    ]);
    expect(feeByPieces(1, 9).amount).toBe(0);
    expect(feeByPieces(1, 10).amount).toBe(100);
    expect(piecesBefore({ received: '2024-03-10', seq: 9 }, [{ received: '2024-03-01', pieces: 4, seq: 1 }, { received: '2024-02-29', pieces: 9, seq: 2 }, { received: '2024-03-05', pieces: 2, seq: 3 }])).toBe(6);
  });
  it('property: charging in several steps costs the same as at once', () => {
    fc.assert(
      fc.property(fc.nat(80), fc.nat(80), (a, b) => {
        expect(feeByPieces(a).amount + feeByPieces(b, a).amount).toBe(feeByPieces(a + b).amount);
        expect(feeByPieces(a + b).bands.reduce((s, x) => s + x.count, 0)).toBe(a + b);
      }),
    );
  });
  it('each band of 10 beyond 30 costs 100元/件 more', () => {
    expect([10, 11, 30, 31, 40, 41, 50, 51, 60, 61].map(piecePrice)).toEqual([0, 100, 100, 200, 200, 300, 300, 400, 400, 500]);
  });
});

describe('按量计收 (第五条, S5)', () => {
  it('at every band edge', () => {
    const table: [number, number][] = [
      [30, 0],
      [31, 10],
      [100, 700],
      [101, 720],
      [200, 2700],
      [201, 2740],
      [300, 6700],
    ];
    for (const [n, amount] of table) expect(feeByPages(n).amount, `${n}页`).toBe(amount);
  });
});

describe('one method per application (第三条)', () => {
  it('refuses both methods and bad counts in Chinese', () => {
    expect(() => computeFee({ method: 'pieces', pieces: 3, pages: 40 } as never)).toThrow('不得同时按两种标准计算');
    expect(() => computeFee({ method: 'pages', pages: -1 })).toThrow('页数「-1」无效');
    expect(() => feeByPieces(2.5)).toThrow('件数「2.5」无效');
    expect(() => computeFee({ method: 'weight' } as never)).toThrow('计收方式「weight」无效');
    expect(computeFee({ method: 'pages', pages: 31 }).method).toBe('pages');
  });
});
