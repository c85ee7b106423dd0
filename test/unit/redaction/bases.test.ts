import { describe, expect, it } from 'vitest';
import { outcomeLeaf } from '../../../src/domain/taxonomy/index.ts';
import {
  ARTICLE_TEXT,
  REDACTION_BASES,
  REDACTION_BASIS_IDS,
  parseRedactionBasis,
  redactionBasis,
} from '../../../src/domain/redaction/index.ts';

describe('redaction bases (第十四条, 第十五条, 第十六条, 第三十七条)', () => {
  it('every basis quotes words of its article, and its ground is a withheld leaf citing that article', () => {
    expect(REDACTION_BASES.map((b) => b.id)).toEqual([...REDACTION_BASIS_IDS]);
    for (const b of REDACTION_BASES) {
      expect(ARTICLE_TEXT[b.article]).toContain(b.words);
      expect(b.label.startsWith(b.article)).toBe(true);
      if (b.ground === 'not_government_info') continue;
      const leaf = outcomeLeaf(b.ground);
      expect(leaf.articles.some((a) => b.article.startsWith(a) || a.startsWith(b.article))).toBe(true);
    }
  });

  it('第十五条 has two kinds of third-party information, both the one table row （三）4', () => {
    expect(redactionBasis('privacy').ground).toBe('withheld.third_party');
    expect(redactionBasis('trade_secret').ground).toBe('withheld.third_party');
    expect(redactionBasis('privacy').label).toBe('第十五条（个人隐私）');
    expect(redactionBasis('trade_secret').label).toBe('第十五条（商业秘密）');
  });

  it('第十六条: 内部事务 in the first paragraph, 过程性信息 and 执法案卷 in the second', () => {
    expect(redactionBasis('internal_affairs').article).toBe('第十六条第一款');
    expect(redactionBasis('process_info').article).toBe('第十六条第二款');
    expect(redactionBasis('enforcement_file').article).toBe('第十六条第二款');
  });

  it('reads ids, labels, short names and unambiguous articles', () => {
    const id = (s: string) => {
      const r = parseRedactionBasis(s);
      return r.ok ? r.basis.id : r.message;
    };
    expect(id('privacy')).toBe('privacy');
    expect(id('第十五条（个人隐私）')).toBe('privacy');
    expect(id('第十五条(个人隐私)')).toBe('privacy');
    expect(id('个人隐私')).toBe('privacy');
    expect(id('商业秘密')).toBe('trade_secret');
    expect(id('过程性信息')).toBe('process_info');
    expect(id('执法案卷')).toBe('enforcement_file');
    expect(id('第十六条第一款')).toBe('internal_affairs');
    expect(id('第三十七条')).toBe('not_government_info');
    expect(id('国家秘密')).toBe('state_secret');
  });

  it('refuses an article with several meanings, naming the choices', () => {
    const r = parseRedactionBasis('第十五条');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('privacy「第十五条（个人隐私）」、trade_secret「第十五条（商业秘密）」') });
    const s = parseRedactionBasis('16');
    expect(s.ok).toBe(false);
    expect(parseRedactionBasis('  ')).toEqual({ ok: false, message: expect.stringContaining('请写明区分处理的依据') });
    expect(parseRedactionBasis('随便').ok).toBe(false);
  });
});
