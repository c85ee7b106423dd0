import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFeeAmount, computeFee, feeByPages, feeByPieces, feeForApplication, piecePrice, piecesBefore, type MonthlyApplication } from '../../../src/domain/fees/index.ts';

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

describe('第四条 「同一申请人一个自然月内累计申请」: computed from the applicant\'s other applications', () => {
  // Ten one-piece applications to the same agency on 2024-03-01, the 11th later that day, two in February.
  const others: MonthlyApplication[] = [
    ...Array.from({ length: 10 }, (_, i) => ({ received: '2024-03-01', pieces: 1, seq: i + 1 })),
    { received: '2024-02-29', pieces: 5, seq: 100 },
    { received: '2024-02-01', pieces: 20, seq: 101 },
  ];
  it('counts the same day\'s earlier applications: the 11th 件 of the month costs 100元', () => {
    expect(piecesBefore({ received: '2024-03-01', seq: 11 }, others)).toBe(10);
    const r = feeForApplication({ method: 'pieces', pieces: 1, received: '2024-03-01', seq: 11, others });
    expect(r.amount).toBe(100);
    expect(r.lines[0]).toContain('同一申请人本自然月累计第11至第11件');
  });
  it('ignores other months and the applications received after this one', () => {
    expect(piecesBefore({ received: '2024-03-01', seq: 5 }, others)).toBe(4);
    expect(feeForApplication({ method: 'pieces', pieces: 1, received: '2024-03-01', seq: 5, others }).amount).toBe(0);
    expect(piecesBefore({ received: '2024-02-29', seq: 50 }, others)).toBe(20);
    expect(piecesBefore({ received: '2024-02-29', seq: 200 }, others)).toBe(25);
    expect(feeForApplication({ method: 'pages', pages: 31 }).amount).toBe(10);
  });
  it('property: a month charged application by application costs what the month\'s 件 cost at once', () => {
    const app = fc.record({ day: fc.integer({ min: 1, max: 28 }), pieces: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(app, { maxLength: 25 }), (list) => {
        const apps = list.map((a, i) => ({ received: `2024-05-${String(a.day).padStart(2, '0')}`, pieces: a.pieces, seq: i }));
        const sum = apps.reduce(
          (s, a) => s + feeForApplication({ method: 'pieces', pieces: a.pieces, received: a.received, seq: a.seq, others: apps.filter((o) => o !== a) }).amount,
          0,
        );
        expect(sum).toBe(feeByPieces(apps.reduce((s, a) => s + a.pieces, 0)).amount);
      }),
    );
  });
});

describe('an amount other than the computed one only with a reason', () => {
  it('accepts the computed amount, refuses another without a reason, accepts it with one', () => {
    expect(checkFeeAmount({ amount: 100, computed: 100 })).toEqual({ ok: true, overridden: false });
    expect(checkFeeAmount({ amount: 50, computed: 100, overrideReason: '  ' })).toMatchObject({ ok: false, code: 'fee.override_reason', message: expect.stringContaining('须写明理由') });
    expect(checkFeeAmount({ amount: 50, computed: 100, overrideReason: '本省规定减半' })).toEqual({ ok: true, overridden: true });
    expect(checkFeeAmount({ amount: -1, computed: 100, overrideReason: 'x' })).toMatchObject({ ok: false, code: 'fee.bad_amount' });
  });
});
