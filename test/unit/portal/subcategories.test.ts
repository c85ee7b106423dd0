/** An agency's own sub-categories of its 公开目录 (src/domain/portal/subcategories.ts): names, the import's references, the order. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORIES } from '../../../src/domain/portal/categories.ts';
import { checkSubcategory, orderSubcategories, parseCatalogueRef, statutoryCategory, SUBCATEGORY_POLICY } from '../../../src/domain/portal/subcategories.ts';

describe('checkSubcategory', () => {
  it('accepts a name under a category of 第二十条', () => {
    expect(checkSubcategory({ name: '工作动态', parentCategory: 'other' })).toEqual([]);
    expect(checkSubcategory({ name: '财政预决算', parentCategory: 'budget' })).toEqual([]);
  });
  it('refuses an empty or long name, a slash, an unknown parent — in Chinese', () => {
    expect(checkSubcategory({ name: '  ', parentCategory: 'other' })).toEqual(['请填写子类名称']);
    expect(checkSubcategory({ name: '长'.repeat(SUBCATEGORY_POLICY.maxNameLength + 1), parentCategory: 'other' })[0]).toMatch(/不能超过30个字/);
    expect(checkSubcategory({ name: '通知/公告', parentCategory: 'other' })[0]).toMatch(/不能含有“\/”/);
    expect(checkSubcategory({ name: '新闻', parentCategory: 'news' })).toEqual(['所属类别“news”不是第二十条的目录类别']);
  });
});

describe('parseCatalogueRef (the import’s category column)', () => {
  it('a statutory category by code or name wins, even where a sub-category could have that name', () => {
    expect(parseCatalogueRef('regulations')).toEqual({ kind: 'statutory', code: 'regulations' });
    expect(parseCatalogueRef('法规文件')).toEqual({ kind: 'statutory', code: 'regulations' });
    expect(parseCatalogueRef('财政预决算')).toEqual({ kind: 'statutory', code: 'budget' });
  });
  it('「类别/子类」 names the parent, by code or name, with a half- or full-width slash', () => {
    expect(parseCatalogueRef('other/工作动态')).toEqual({ kind: 'subcategory', parent: 'other', name: '工作动态' });
    expect(parseCatalogueRef('其他／通知公告')).toEqual({ kind: 'subcategory', parent: 'other', name: '通知公告' });
    expect(parseCatalogueRef(' 人事招考 / 人事信息 ')).toEqual({ kind: 'subcategory', parent: 'recruitment', name: '人事信息' });
  });
  it('any other text is a sub-category by its name alone', () => {
    expect(parseCatalogueRef('政策解读')).toEqual({ kind: 'subcategory', parent: null, name: '政策解读' });
  });
  it('an unknown parent or a bad name is invalid, with the reason', () => {
    expect(parseCatalogueRef('新闻/工作动态')).toEqual({ kind: 'invalid', reason: '“新闻”不是第二十条的目录类别' });
    expect(parseCatalogueRef('other/')).toEqual({ kind: 'invalid', reason: '请填写子类名称' });
    expect(parseCatalogueRef('other/a/b').kind).toBe('invalid');
    expect(parseCatalogueRef('行政处罚/强制/处罚决定')).toEqual({ kind: 'subcategory', parent: 'enforcement', name: '处罚决定' });
  });
  it('「类别/子类」 round-trips for every category and any name checkSubcategory accepts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES), fc.boolean(), fc.string({ minLength: 1, maxLength: 30 }), (c, byLabel, raw) => {
        const name = raw.trim();
        fc.pre(checkSubcategory({ name, parentCategory: c.code }).length === 0);
        expect(parseCatalogueRef(`${byLabel ? c.label : c.code}/${name}`)).toEqual({ kind: 'subcategory', parent: c.code, name });
      }),
    );
  });
});

describe('the statutory category of a document', () => {
  it('is its sub-category’s parent when it has one, else its own (never both)', () => {
    expect(statutoryCategory({ category: null }, { parentCategory: 'budget' }).code).toBe('budget');
    expect(statutoryCategory({ category: 'plans' }, null).code).toBe('plans');
    expect(statutoryCategory({ category: null }, null).code).toBe('other');
  });
});

describe('orderSubcategories', () => {
  it('orders by the categories of 第二十条, then position, then name', () => {
    const subs = [
      { id: 1, name: '通知公告', parentCategory: 'other', position: 2 },
      { id: 2, name: '工作动态', parentCategory: 'other', position: 1 },
      { id: 3, name: '预算', parentCategory: 'budget', position: 5 },
      { id: 4, name: '机构设置', parentCategory: 'functions', position: 9 },
      { id: 5, name: '政策解读', parentCategory: 'other', position: 1 },
    ];
    expect(orderSubcategories(subs).map((s) => s.name)).toEqual(['机构设置', '预算', '工作动态', '政策解读', '通知公告']);
  });
});
