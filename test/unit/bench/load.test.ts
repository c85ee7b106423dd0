/**
 * The benchmark loader writes documents the portal can list: every heading of the generator's corpus
 * is one of the portal's catalogue categories (第二十条), and the search vector is the portal's own.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../bench/lib/corpus.ts';
import { categoryCode } from '../../../bench/lib/load.ts';
import { CATEGORY_CODES, isCategoryCode } from '../../../src/domain/portal/categories.ts';

describe('bench loader categories', () => {
  it('maps every generated heading to a catalogue category, most of them to a specific one', () => {
    const codes = CATEGORIES.map(categoryCode);
    for (const c of codes) expect(isCategoryCode(c)).toBe(true);
    expect(codes.filter((c) => c !== 'other').length).toBe(CATEGORIES.length);
    expect(new Set(codes).size).toBeGreaterThanOrEqual(8);
    expect(categoryCode('政策文件')).toBe('regulations');
    expect(categoryCode('不存在的栏目')).toBe('other');
    expect(CATEGORY_CODES).toContain('other');
  });
});
