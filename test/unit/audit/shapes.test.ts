/**
 * Issue 14: the report-shape fixtures (contracts.md §5) — every one read to the cell, its planted
 * defects found, no identity finding the truth does not name; the truncated one says so and
 * reports nothing it never received.
 */
import { describe, expect, it } from 'vitest';
import { reportShapes } from '../../support/fixtures.ts';
import { scoreShape } from './shapes.ts';

const shapes = reportShapes();

describe('report shapes: each fixture reads to the cell, with its planted defects and no false identity finding', () => {
  it('there are the nine fixtures of the README', () => {
    expect(shapes.length).toBe(9);
  });
  for (const fx of shapes) {
    it(fx.name, async () => {
      const s = await scoreShape(fx);
      expect(s.wrong, 'cells read wrong').toEqual([]);
      expect(s.right).toBe(s.total);
      expect(s.meta, 'format, year, agency, publication date').toEqual([]);
      expect(s.missed, 'planted defects missed').toEqual([]);
      expect(s.falseIdentity, 'identity findings the truth does not name').toEqual([]);
      if (fx.truth.proactive !== null) expect(s.otherErrors, 'other errors').toEqual([]);
    });
  }
  it('the truncated text: parse.truncated inside table 2, and no blank cell, identity failure or missing section', async () => {
    const fx = shapes.find((x) => x.truth.truncated)!;
    const { model } = await scoreShape(fx);
    const codes = model.findings.map((f) => `${f.code}@${f.where}`);
    expect(codes).toContain('parse.truncated@table2/withheld.internal_affairs');
    expect(codes.filter((c) => /^(cell\.blank|identity\.|structure\.missing_section|parse\.unreadable|section\.fee_missing)/.test(c))).toEqual([]);
  });
  it('a one-row （六） in the 2021 format stays 2021: other.other read, the two other leaves null and not blank', async () => {
    const fx = shapes.find((x) => x.name === 'single-other-row-2023.txt')!;
    const { model } = await scoreShape(fx);
    expect(model.format).toBe('2021');
    expect(model.applications['other.other'].total).toBe(14);
    expect(model.applications['other.correction_lapsed'].total).toBeNull();
    expect(model.findings.filter((f) => f.code === 'cell.blank')).toEqual([]);
    expect(model.findings.map((f) => `${f.code}@${f.where}`)).toContain('structure.heading_wording@table2/other.other');
  });
  it('the doubled page is read once: its headings twice are not a numbering defect', async () => {
    const fx = shapes.find((x) => x.name === 'fused-textcontent-2020-trial.txt')!;
    const { model } = await scoreShape(fx);
    expect(model.format).toBe('2019');
    expect(model.findings.filter((f) => f.code.startsWith('structure.'))).toEqual([]);
  });
  it('section 六 without the 信息处理费: section.fee_missing (a warning); the fixtures that state it get none', async () => {
    for (const fx of shapes) {
      const { model } = await scoreShape(fx);
      expect(model.findings.filter((f) => f.code === 'section.fee_missing'), fx.name).toEqual([]);
    }
  });
});
