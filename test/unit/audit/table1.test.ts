/**
 * Damage: fused digits in table 1 (issue 7, gap 5). Table 1 has no identity (regulation.md §1.2),
 * so a fused token is split only when the split is forced (as many digits as cells); otherwise the
 * row is parse.unreadable with the token in the message — never guessed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditText } from '../../../src/domain/audit/index.ts';
import { arbSeed, randomModel } from './generate.ts';
import { lines } from './helpers.ts';

const at = (findings: { code: string; where?: string }[]) => findings.map((f) => `${f.code}@${f.where}`);

function fuse(ls: string[], label: string, from: number, count: number): string[] {
  const out = [...ls];
  const i = out.indexOf(label) + 1 + from;
  out.splice(i, count, out.slice(i, i + count).join(''));
  return out;
}

describe('damage: fused digits in table 1', () => {
  it('「125」 for 1, 2, 5 (three digits, three cells): split one digit a cell, parse.recovered', () => {
    const m = randomModel(2);
    m.proactive.rules = { issued: 1, repealed: 2, in_force: 5 };
    const read = auditText(fuse(lines(m), '规章', 0, 3).join('\n'));
    expect(read.proactive).toEqual(m.proactive);
    const f = read.findings.find((x) => x.code === 'parse.recovered')!;
    expect(f.where).toBe('table1/rules');
    expect(f.message).toContain('「规章」');
    expect(f.message).toContain('1、2、5');
  });
  it('「120」「40」 for 12, 0, 40: not guessed — parse.unreadable naming the token, the row null, the rest read', () => {
    const m = randomModel(2);
    m.proactive.normative = { issued: 12, repealed: 0, in_force: 40 };
    const read = auditText(fuse(lines(m), '行政规范性文件', 0, 2).join('\n'));
    expect(read.proactive.normative).toEqual({ issued: null, repealed: null, in_force: null });
    expect(read.proactive.rules).toEqual(m.proactive.rules);
    expect(read.proactive.licensing).toBe(m.proactive.licensing);
    const f = read.findings.find((x) => x.code === 'parse.unreadable')!;
    expect(f.where).toBe('table1/normative');
    expect(f.message).toContain('「120」');
    expect(f.message).toContain('不作猜测');
    expect(at(read.findings).filter((x) => x.startsWith('cell.blank'))).toEqual([]);
  });
  it('property: two or three fused cells of 规章/行政规范性文件 are split exactly or the row is unreadable — never wrong', () => {
    fc.assert(
      fc.property(arbSeed, fc.constantFrom('规章', '行政规范性文件'), fc.constantFrom([0, 2], [1, 2], [0, 3]), (seed, label, [from, count]) => {
        const m = randomModel(seed);
        const item = label === '规章' ? 'rules' : 'normative';
        const read = auditText(fuse(lines(m), label, from, count).join('\n'));
        const unreadable = read.findings.filter((f) => f.code === 'parse.unreadable').map((f) => f.where);
        if (unreadable.length) {
          expect(unreadable).toEqual([`table1/${item}`]);
          expect(read.proactive[item]).toEqual({ issued: null, repealed: null, in_force: null });
        } else {
          expect(read.proactive).toEqual(m.proactive);
          expect(at(read.findings)).toContain(`parse.recovered@table1/${item}`);
        }
        expect(read.applications).toEqual(m.applications);
      }),
      { numRuns: 200 },
    );
  });
});
