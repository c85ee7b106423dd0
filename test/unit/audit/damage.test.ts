/**
 * The damage generator: take a valid report in the seed's layout, damage it as pages and PDF
 * extraction do, and check that each damage is recovered (same numbers) or flagged with the right code.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditText, readReportText } from '../../../src/domain/audit/index.ts';
import { TABLE2_COLUMNS, TABLE2_ROWS, type Table2Row } from '../../../src/domain/taxonomy/index.ts';
import { arbSeed, randomModel } from './generate.ts';
import { comparable, lines, rowLine } from './helpers.ts';

const at = (findings: { code: string; where?: string }[]) => findings.map((f) => `${f.code}@${f.where}`);
const arbRow = fc.constantFrom(...TABLE2_ROWS);
const arbCol = fc.integer({ min: 0, max: 6 });

describe('damage: lost headers', () => {
  it('drop the 「自然人」 header (the seed) or every column header: same numbers, parse.recovered', () => {
    fc.assert(
      fc.property(arbSeed, fc.boolean(), (seed, all) => {
        const m = randomModel(seed);
        const headers = all ? ['自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '申请人情况'] : ['自然人'];
        const ls = lines(m);
        const start = ls.indexOf('申请人情况');
        const damaged = ls.filter((l, i) => !(i >= start && i < start + 9 && headers.includes(l)));
        const read = auditText(damaged.join('\n'));
        expect(comparable(read)).toEqual(comparable(m));
        expect(at(read.findings).filter((x) => !x.startsWith('other.high'))).toEqual(['parse.recovered@table2/header']);
      }),
      { numRuns: 60 },
    );
  });
});

describe('damage: blank cells', () => {
  it('「/」「—」「-」「无」 in a cell → null + cell.blank at that cell, no identity error', () => {
    fc.assert(
      fc.property(arbSeed, arbRow, arbCol, fc.constantFrom('/', '—', '-', '无', '／', '——'), (seed, row, col, mark) => {
        const m = randomModel(seed);
        const ls = lines(m);
        ls[rowLine(ls, row) + 1 + col] = mark;
        const read = auditText(ls.join('\n'));
        expect(read.applications[row][TABLE2_COLUMNS[col]]).toBeNull();
        expect(at(read.findings.filter((f) => f.severity === 'error'))).toEqual([`cell.blank@table2/${row}/${TABLE2_COLUMNS[col]}`]);
      }),
      { numRuns: 100 },
    );
  });
  it('a cell that vanished (an empty line lost) → that row parse.unreadable, the rest still read', () => {
    const m = randomModel(11);
    const ls = lines(m);
    const i = rowLine(ls, 'partial');
    ls.splice(i + 3, 1);
    const read = auditText(ls.join('\n'));
    expect(read.findings.filter((f) => f.code === 'parse.unreadable').map((f) => f.where)).toEqual(['table2/partial']);
    expect(read.applications.public).toEqual(m.applications.public);
    expect(read.appeals).toEqual(m.appeals);
    expect(read.findings.some((f) => f.code === 'cell.blank')).toBe(false);
  });
});

describe('damage: digits of adjacent cells fused into one token', () => {
  it('the example of regulation.md §5: 「640020470」 for 64,0,0,2,0,4,70', () => {
    const m = randomModel(5);
    const row = m.applications['unavailable.not_held'];
    // make the row 64,0,0,2,0,4,70 and keep the identities: the difference goes to 新收 and （七）总计
    const old = { ...row };
    Object.assign(row, { natural: 64, 'org.business': 0, 'org.research': 0, 'org.public_interest': 2, 'org.legal_service': 0, 'org.other': 4, total: 70 });
    for (const c of TABLE2_COLUMNS) {
      const d = (row[c] ?? 0) - (old[c] ?? 0);
      m.applications.total[c] = (m.applications.total[c] ?? 0) + d;
      m.applications.new[c] = (m.applications.new[c] ?? 0) + d;
    }
    const ls = lines(m);
    const i = rowLine(ls, 'unavailable.not_held');
    expect(ls.slice(i + 1, i + 8).join('')).toBe('640020470');
    ls.splice(i + 1, 7, '640020470');
    const read = auditText(ls.join('\n'));
    expect(comparable(read)).toEqual(comparable(m));
    const f = read.findings.find((x) => x.code === 'parse.recovered')!;
    expect(f.where).toBe('table2/unavailable.not_held');
    expect(f.message).toContain('64、0、0、2、0、4、70');
  });
  it('property: a fused row is recovered exactly or flagged parse.unreadable — never read wrong', () => {
    fc.assert(
      fc.property(arbSeed, arbRow, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 2, max: 7 }), (seed, row, from, length) => {
        const m = randomModel(seed);
        const ls = lines(m);
        const i = rowLine(ls, row) + 1;
        const n = Math.min(length, 7 - from);
        if (n < 2) return;
        ls.splice(i + from, n, ls.slice(i + from, i + from + n).join(''));
        const read = readReportText(ls.join('\n')).model;
        const unreadable = read.findings.filter((f) => f.code === 'parse.unreadable').map((f) => f.where);
        if (unreadable.length) {
          expect(unreadable).toEqual([`table2/${row}`]);
          for (const c of TABLE2_COLUMNS) expect(read.applications[row][c]).toBeNull();
        } else {
          expect(comparable(read)).toEqual(comparable(m));
          expect(read.findings.some((f) => f.code === 'parse.recovered' && f.where === `table2/${row}`)).toBe(true);
        }
        // every other row is read right
        for (const r of TABLE2_ROWS) if (r !== row) expect(read.applications[r]).toEqual(m.applications[r]);
      }),
      { numRuns: 300 },
    );
  });
  it('table 3 fused: 15 cells from fewer tokens are recovered when the group totals decide', () => {
    const m = randomModel(9);
    m.appeals.reconsideration = { upheld: 3, corrected: 1, other: 0, pending: 0, total: 4 };
    const ls = lines(m);
    const i = ls.lastIndexOf('总计') + 1;
    ls.splice(i, 5, '31004');
    const read = auditText(ls.join('\n'));
    expect(read.appeals).toEqual(m.appeals);
    expect(at(read.findings)).toContain('parse.recovered@table3');
  });
});

describe('damage: two numbers swapped', () => {
  it('swapping two different cells of a row of table 2 always breaks an identity at that row or its columns', () => {
    fc.assert(
      fc.property(arbSeed, arbRow, arbCol, arbCol, (seed, row, c1, c2) => {
        const m = randomModel(seed);
        const a = m.applications[row][TABLE2_COLUMNS[c1]];
        const b = m.applications[row][TABLE2_COLUMNS[c2]];
        if (a === b) return;
        const ls = lines(m);
        const i = rowLine(ls, row) + 1;
        [ls[i + c1], ls[i + c2]] = [ls[i + c2], ls[i + c1]];
        const errs = auditText(ls.join('\n')).findings.filter((f) => f.severity === 'error');
        expect(errs.length).toBeGreaterThan(0);
        for (const f of errs) {
          expect(f.code).toMatch(/^identity\./);
          const cols = [TABLE2_COLUMNS[c1], TABLE2_COLUMNS[c2]];
          const ok = f.where === `table2/${row}/total` || cols.some((c) => f.where === `table2/total/${c}` || f.where === `table2/${c}`);
          expect(ok, `${f.code}@${f.where}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('damage: sections renumbered, reworded, missing', () => {
  const base = () => lines(randomModel(21));
  const codes = (ls: string[]) => at(auditText(ls.join('\n')).findings).filter((x) => !x.startsWith('other.high'));
  it('a section inserted before 二: the statutory ones are renumbered', () => {
    const ls = base();
    const i = ls.indexOf('二、主动公开政府信息情况');
    ls.splice(i, 0, '二、工作亮点', '本年度我们做了很多工作。');
    ls[ls.indexOf('二、主动公开政府信息情况')] = '三、主动公开政府信息情况';
    ls[ls.indexOf('三、收到和处理政府信息公开申请情况')] = '四、收到和处理政府信息公开申请情况';
    ls[ls.indexOf('四、政府信息公开行政复议、行政诉讼情况')] = '五、政府信息公开行政复议、行政诉讼情况';
    ls[ls.indexOf('五、存在的主要问题及改进情况')] = '六、存在的主要问题及改进情况';
    ls[ls.indexOf('六、其他需要报告的事项')] = '七、其他需要报告的事项';
    expect(codes(ls)).toEqual(['proactive', 'applications', 'appeals', 'problems', 'other'].map((k) => `structure.numbering@section/${k}`));
  });
  it('reworded: 「存在的主要问题及整改措施」, 「规范性文件」, 「规范性文件」 row of table 1', () => {
    const ls = base();
    ls[ls.indexOf('五、存在的主要问题及改进情况')] = '五、存在的主要问题及整改措施';
    ls[ls.indexOf('行政规范性文件')] = '规范性文件';
    expect(codes(ls).sort()).toEqual(['structure.heading_wording@section/problems', 'structure.heading_wording@table1/normative']);
  });
  it('a reworded row label of table 2 is read and noted', () => {
    const ls = base();
    ls[ls.indexOf('1.本机关不掌握相关政府信息')] = '1.本机关不掌握该政府信息';
    const read = auditText(ls.join('\n'));
    expect(at(read.findings).filter((x) => !x.startsWith('other.high'))).toEqual(['structure.heading_wording@table2/unavailable.not_held']);
  });
  it('a missing heading: structure.missing_section; section 六 absent', () => {
    const ls = base();
    const i = ls.indexOf('六、其他需要报告的事项');
    expect(codes(ls.slice(0, i))).toEqual(['structure.missing_section@section/other']);
  });
});

describe('other layouts and normalisations', () => {
  it('PDF-style: a row’s label and its 7 numbers on one line, spaces between, full-width digits', () => {
    fc.assert(
      fc.property(arbSeed, (seed) => {
        const m = randomModel(seed);
        const ls = lines(m);
        const out: string[] = [];
        for (const l of ls) {
          if (/^\d+$/.test(l)) out[out.length - 1] += '  ' + l.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
          else out.push(l);
        }
        const read = auditText(out.join('\n'));
        expect(comparable(read)).toEqual(comparable(m));
      }),
      { numRuns: 50 },
    );
  });
  it('thousands separators and 〇', () => {
    const m = randomModel(4);
    m.proactive.licensing = 12345;
    const ls = lines(m);
    ls[ls.indexOf('行政许可') + 1] = '12,345';
    ls[ls.indexOf('行政处罚') + 1] = '〇';
    m.proactive.penalty = 0;
    expect(auditText(ls.join('\n')).proactive).toEqual(m.proactive);
  });
  it('year and agency from the title, 发布日期 in its several spellings', () => {
    const m = randomModel(4, { year: 2022 });
    const ls = lines(m);
    ls.splice(1, 0, '发布时间：2023年2月3日  来源：本站');
    const read = auditText(ls.join('\n'));
    expect(read.year).toBe(2022);
    expect(read.agency.name).toBe(m.agency.name);
    expect(read.published).toBe('2023-02-03');
    expect(at(read.findings)).toContain('deadline.late@published');
  });
  it('prose contradicting the tables is found in an audited report', () => {
    const m = randomModel(4);
    const ls = lines(m);
    const n = (m.applications.new.total ?? 0) + (m.applications.carried_in.total ?? 0) + 7;
    ls.splice(2, 0, `本年度共收到政府信息公开申请${n}件。`);
    expect(at(auditText(ls.join('\n')).findings).filter((x) => x.startsWith('text.'))).toEqual([`text.number_mismatch@text/本年度共收到政府信息公开申请${n}件`]);
  });
});

describe('never crashes', () => {
  it('arbitrary strings → a model with findings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const m = auditText(s);
        expect(m.findings.length).toBeGreaterThan(0);
        expect(Object.keys(m.applications)).toHaveLength(TABLE2_ROWS.length);
      }),
      { numRuns: 300 },
    );
  });
  it('shuffled and truncated real lines → no exception', () => {
    fc.assert(
      fc.property(arbSeed, fc.array(fc.nat(400), { maxLength: 40 }), fc.nat(400), (seed, picks, cut) => {
        const ls = lines(randomModel(seed));
        const mixed = [...ls.slice(0, cut), ...picks.map((p) => ls[p % ls.length])];
        const m = auditText(mixed.join('\n'));
        expect(Array.isArray(m.findings)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('a pathological fused token does not hang', () => {
    const ls = lines(randomModel(1));
    const i = rowLine(ls, 'new' as Table2Row) + 1;
    ls.splice(i, 7, '9'.repeat(40));
    const t0 = Date.now();
    auditText(ls.join('\n'));
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
