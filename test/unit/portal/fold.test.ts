import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fold, FOLD_FROM, FOLD_TO } from '../../../src/lib/search/fold.ts';
import { indexLexemes, parseQuery, highlight } from '../../../src/lib/search/bigram.ts';
import { estimateTotal } from '../../../src/app/portal/search.ts';

describe('search folding (src/lib/search/fold.ts)', () => {
  it('folds 繁体 to 简体, 全角 to 半角, capitals to lower case, one character for one', () => {
    expect(fold('政務公開')).toBe('政务公开');
    expect(fold('醫療保險 開發區')).toBe('医疗保险 开发区');
    expect(fold('ＰＤＦ２０２３　Ａｂｃ')).toBe('pdf2023　abc');
    // Punctuation is a separator either way: left as it is (the SQL twin's fast path).
    expect(fold('政务公开，（一）')).toBe('政务公开，（一）');
    expect(fold('豈')).toBe('岂'); // compatibility ideograph → unified → simplified
    expect(fold('政务公开 pdf')).toBe('政务公开 pdf');
  });

  it('is idempotent and keeps the length (positions in the folded text are positions in the text)', () => {
    const chars = [...FOLD_FROM, ...FOLD_TO, ...'医保 政务，。a1'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 80 }).map((a) => a.join('')), (text) => {
        expect(fold(text).length).toBe(text.length);
        expect(fold(fold(text))).toBe(fold(text));
      }),
    );
    expect([...FOLD_FROM].length).toBe([...FOLD_TO].length);
  });

  it('the index and the query fold alike: a traditional query meets a simplified text and back', () => {
    expect(indexLexemes('數字政務')).toEqual(indexLexemes('数字政务'));
    expect(parseQuery('數字政務')[0].text).toBe('数字政务');
    expect(highlight('本報告介紹開放數據', ['开放数据'])).toEqual([
      { text: '本報告介紹', hit: false },
      { text: '開放數據', hit: true },
    ]);
  });

  it("the SQL twin (drizzle/0011_search_folding.sql, gongkai_fold) holds fold.ts's strings", () => {
    const migration = readFileSync(new URL('../../../drizzle/0011_search_folding.sql', import.meta.url), 'utf8');
    const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;
    expect(migration).toContain(`translate(t, ${quoted(FOLD_FROM)}, ${quoted(FOLD_TO)})`);
  });
});

describe('estimateTotal', () => {
  it('scales the matches found by the share of the table read, never below what was found', () => {
    expect(estimateTotal(1001, 99, 1000)).toBe(10000);
    expect(estimateTotal(1001, 999, 1000)).toBe(1001);
    expect(estimateTotal(1001, 0, 0)).toBe(1001);
    expect(estimateTotal(1001, 9, 12345)).toBe(1200000);
  });
});
