import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decisionFor } from '../../../src/domain/letters/index.ts';
import {
  findOccurrences,
  withheldLines,
  withheldList,
  withheldParts,
  type RedactionRecord,
} from '../../../src/domain/redaction/index.ts';

describe('findOccurrences (white space ignored, otherwise exact)', () => {
  const chars = (s: string) => [...s];

  it('finds a string that wraps at a line break or is printed with spaces', () => {
    expect(findOccurrences(chars('住址通化\n市东昌区'), '通化市')).toEqual([[2, 6]]);
    expect(findOccurrences(chars('手机 138 1234 5678。'), '13812345678')).toEqual([[3, 16]]);
    expect(findOccurrences(chars('Li LI li'), 'Li')).toEqual([[0, 2]]);
    expect(findOccurrences(chars('aaaa'), 'aa')).toEqual([[0, 2], [2, 4]]);
    expect(findOccurrences(chars('abc'), ' ')).toEqual([]);
  });

  it('finds every planted copy, and each range spells the needle once blanks are removed', () => {
    const blank = fc.constantFrom(' ', '\n', '\t');
    const text = fc.array(fc.oneof(fc.constantFrom(...'甲乙丙丁'), blank), { maxLength: 20 });
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        const needle = '王小明';
        const page = [...a, ...'王小\n明', ...b, ...needle, ...c];
        const found = findOccurrences(page, needle);
        expect(found.length).toBe(2);
        for (const [s, e] of found) expect(page.slice(s, e).join('').replace(/\s+/g, '')).toBe(needle);
      }),
    );
  });
});

const r = (page: number, basis: RedactionRecord['basis'], what: string, extra: Partial<RedactionRecord> = {}): RedactionRecord => ({ page, basis, what, ...extra });

describe('the withheld list, page by page, from the redactions', () => {
  it('groups a page by basis and reason, counts each kind, and orders by page then article', () => {
    const list = withheldList([
      r(3, 'privacy', '手机号码'),
      r(1, 'process_info', '审批意见', { reason: '属于内部讨论记录' }),
      r(1, 'privacy', '公民身份号码'),
      r(1, 'privacy', '公民身份号码'),
      r(1, 'privacy', '手机号码'),
    ]);
    expect(withheldLines(list)).toEqual([
      '第1页中的公民身份号码（2处）、手机号码——第十五条（个人隐私）：涉及个人隐私，公开会对第三方合法权益造成损害',
      '第1页中的审批意见——第十六条第二款（过程性信息）：属于内部讨论记录',
      '第3页中的手机号码——第十五条（个人隐私）：涉及个人隐私，公开会对第三方合法权益造成损害',
    ]);
  });

  it('joins consecutive pages with the same removals, not pages with a gap or other kinds', () => {
    const list = withheldList([2, 3, 4, 6].map((p) => r(p, 'privacy', '公民身份号码')).concat([r(7, 'privacy', '手机号码')]));
    expect(list.map((e) => [e.firstPage, e.lastPage, e.items])).toEqual([
      [2, 4, [{ what: '公民身份号码', count: 3 }]],
      [6, 6, [{ what: '公民身份号码', count: 1 }]],
      [7, 7, [{ what: '手机号码', count: 1 }]],
    ]);
  });

  it('counts every removal exactly once, whatever the order', () => {
    const rec = fc.record({
      page: fc.integer({ min: 1, max: 6 }),
      basis: fc.constantFrom('privacy', 'trade_secret', 'process_info') as fc.Arbitrary<RedactionRecord['basis']>,
      what: fc.constantFrom('公民身份号码', '手机号码', '报价'),
    });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 30 }), (records) => {
        const list = withheldList(records);
        expect(list.reduce((n, e) => n + e.items.reduce((m, i) => m + i.count, 0), 0)).toBe(records.length);
        const pages = list.map((e) => e.firstPage);
        expect(pages).toEqual([...pages].sort((a, b) => a - b));
      }),
    );
  });

  it('refuses a removal without what, a bad page, or 禁止公开 without the law', () => {
    expect(() => withheldList([r(1, 'privacy', ' ')])).toThrow('未写明删除的是什么内容');
    expect(() => withheldList([r(0, 'privacy', '号码')])).toThrow('不是正整数');
    expect(() => withheldList([r(1, 'prohibited', '内容')])).toThrow('须写明是哪部法律、行政法规');
  });

  it('becomes the withheld parts of the 部分公开告知书, each with its article', () => {
    const parts = withheldParts(
      withheldList([r(2, 'privacy', '公民身份号码'), r(2, 'prohibited', '统计调查对象资料', { law: '《中华人民共和国统计法》' })]),
    );
    expect(parts).toEqual([
      { content: '第2页中的统计调查对象资料', ground: 'withheld.prohibited', reason: '属于法律、行政法规禁止公开的政府信息', prohibitingLaw: '《中华人民共和国统计法》' },
      { content: '第2页中的公民身份号码', ground: 'withheld.third_party', reason: '涉及个人隐私，公开会对第三方合法权益造成损害' },
    ]);
    const d = decisionFor({ outcome: 'partial', disclosedPart: '2023年度预算执行情况', access: '电子邮件', withheldParts: parts } as never, '你');
    expect(d.decision).toContain('（一）第2页中的统计调查对象资料：属于法律、行政法规禁止公开的政府信息，依照《中华人民共和国政府信息公开条例》第十四条和《中华人民共和国统计法》的规定，不予公开。');
    expect(d.decision).toContain('（二）第2页中的公民身份号码：涉及个人隐私，公开会对第三方合法权益造成损害，依照《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。');
  });
});
