import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { documentVectorLiteral, highlight, indexLexemes, parseQuery, runs, snippet, tsqueryText } from '../../../src/lib/search/bigram.ts';

describe('bigram tokenizer', () => {
  it('cuts CJK runs into unigrams and bigrams, and keeps letter/digit words whole (lower-cased)', () => {
    expect(indexLexemes('医保社保')).toEqual(['医', '医保', '保', '保社', '社', '社保']);
    expect(indexLexemes('通政发〔2023〕8号 PDF')).toEqual(['通', '通政', '政', '政发', '发', '2023', '8', '号', 'pdf']);
  });

  it('never bridges punctuation, spaces or HTML tags', () => {
    expect(indexLexemes('医，保')).toEqual(['医', '保']);
    expect(indexLexemes('<p>不动</p><p>产</p>')).not.toContain('动产');
    expect(runs('<a href="x">营商&nbsp;环境</a>')).toEqual(['营商', '环境']);
  });

  it('a two-character word inside a long text is one of its lexemes', () => {
    const text = '为“老病残孕”等特殊群体提供医保社保、不动产领域“帮代办”服务600余次';
    const lexemes = new Set(indexLexemes(text));
    for (const word of ['医保', '不动', '动产', '代办']) expect(lexemes.has(word)).toBe(true);
  });

  it('parses a query into terms: one lexeme needs no recheck, more than one does', () => {
    expect(parseQuery('医保')).toEqual([{ text: '医保', lexemes: ['医保'], words: [], recheck: false }]);
    expect(parseQuery('医')).toEqual([{ text: '医', lexemes: ['医'], words: [], recheck: false }]);
    expect(parseQuery('不动产')).toEqual([{ text: '不动产', lexemes: ['不动', '动产'], words: [], recheck: true }]);
    const docNo = parseQuery('通政发〔2023〕8号');
    expect(docNo).toHaveLength(1);
    expect(docNo[0]).toMatchObject({ text: '通政发〔2023〕8号', lexemes: ['通政', '政发', '号'], words: ['2023', '8'], recheck: true });
    expect(parseQuery('  医保　不动产  医保 ')).toHaveLength(2);
    expect(parseQuery('，。！  ')).toEqual([]);
  });

  it('writes an AND tsquery with prefix-matched words', () => {
    expect(tsqueryText(parseQuery('营商环境 2023'))).toBe("'营商' & '商环' & '环境' & '2023':*");
  });

  it('writes a tsvector literal with the field positions and weights', () => {
    expect(documentVectorLiteral({ title: '医保', docNumber: '8号', body: '医保' })).toBe("'医':1A,3D '医保':1A,3D '保':1A,3D '8':2B '号':2B");
  });

  it('every substring of a text that the query parser accepts is covered by the text’s lexemes (property)', () => {
    // (No '<' or '>': the tokenizer treats <…> as markup, as in a stored HTML body.)
    const alphabet = fc.constantFrom(...'医保不动产营商环境政务公开数据abcXYZ019，。 &;'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (chars, a, b) => {
        const text = chars.join('');
        const i = a % text.length;
        const j = i + 1 + (b % (text.length - i));
        const sub = text.slice(i, j);
        const lexemes = new Set(indexLexemes(text));
        for (const term of parseQuery(sub)) {
          for (const lx of term.lexemes) expect(lexemes.has(lx)).toBe(true);
          // words are prefix-matched: some indexed word starts with each query word…
          // …unless the substring cut a word in the middle (then the recheck decides)
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('highlighting and snippets', () => {
  it('marks every occurrence, longest term first, ASCII case-insensitive', () => {
    expect(highlight('办理不动产登记和不动产抵押', ['不动产', '不动'])).toEqual([
      { text: '办理', hit: false },
      { text: '不动产', hit: true },
      { text: '登记和', hit: false },
      { text: '不动产', hit: true },
      { text: '抵押', hit: false },
    ]);
    expect(highlight('下载PDF文件', ['pdf']).filter((p) => p.hit).map((p) => p.text)).toEqual(['PDF']);
  });

  it('cuts a snippet around the first hit', () => {
    const text = `${'甲'.repeat(200)}医保${'乙'.repeat(200)}`;
    const s = snippet(text, ['医保'], 60);
    expect(s).toContain('医保');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(snippet('短文本', ['x'])).toBe('短文本');
  });
});
