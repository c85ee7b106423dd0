import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkReport,
  checkDeadline,
  parseNumber,
  textSimilarity,
  type ParsedStructure,
} from '../../../src/domain/report/checks.ts';
import { emptyReport, type ReportModel } from '../../../src/domain/report/model.ts';
import { APPLICANT_TYPES, OUTCOME_CODES, TABLE2_COLUMNS, TABLE2_ROWS } from '../../../src/domain/taxonomy/index.ts';
import { arbModel, arbSeed, randomModel } from '../audit/generate.ts';

const codes = (m: ReportModel, ctx = {}) => checkReport(m, ctx).map((f) => `${f.code}@${f.where}`);
const errors = (m: ReportModel, ctx = {}) => checkReport(m, ctx).filter((f) => f.severity === 'error');

/** The seed's numbers: 1 application from a 自然人, disclosed. */
function seedModel(): ReportModel {
  const m = emptyReport(2023, '通化市政务服务和数字化建设管理局');
  for (const row of ['new', 'public', 'total'] as const) {
    m.applications[row].natural = 1;
    m.applications[row].total = 1;
  }
  m.sections = { overview: '总体情况。', problems: '信息发布的内容还不够全面深入。', other: '暂无。' };
  return m;
}

describe('checkReport on clean reports', () => {
  it('the seed report has no finding', () => {
    expect(checkReport(seedModel())).toEqual([]);
  });
  it('property: a model satisfying the identities gives no error', () => {
    fc.assert(fc.property(arbModel, (m) => errors(m).length === 0), { numRuns: 300 });
  });
});

describe('identities', () => {
  it('identity.balance: 一 + 二 ≠ （七）总计 + 四 in a column (and the row totals agree)', () => {
    const m = seedModel();
    m.applications.carried_out.natural = 1; // 1 + 0 ≠ 1 + 1
    m.applications.carried_out.total = 1;
    const f = checkReport(m);
    expect(f.map((x) => `${x.code}@${x.where}`)).toEqual(['identity.balance@table2/natural', 'identity.balance@table2/total']);
    expect(f[0]).toMatchObject({ severity: 'error', expected: 1, found: 2 });
    expect(f[0].message).toContain('勾稽关系');
  });
  it('identity.outcome_total: （七）总计 ≠ Σ leaves', () => {
    const m = seedModel();
    m.applications['unavailable.not_held'].natural = 1;
    m.applications['unavailable.not_held'].total = 1;
    expect(codes(m)).toEqual(['identity.outcome_total@table2/total/natural', 'identity.outcome_total@table2/total/total']);
    expect(checkReport(m)[0]).toMatchObject({ expected: 2, found: 1 });
  });
  it('identity.row_total: a row 总计 ≠ Σ six columns', () => {
    const m = seedModel();
    m.applications.public['org.business'] = 1; // row public: 1+1 ≠ 1; column org.business: leaves 1 ≠ total 0
    expect(codes(m)).toEqual(['identity.row_total@table2/public/total', 'identity.outcome_total@table2/total/org.business']);
  });
  it('identity.appeal_total: 复议 总计 of 0 beside non-zero cells', () => {
    const m = seedModel();
    m.appeals.reconsideration.corrected = 2;
    const f = checkReport(m);
    expect(f.map((x) => `${x.code}@${x.where}`)).toEqual(['identity.appeal_total@table3/reconsideration/total']);
    expect(f[0]).toMatchObject({ expected: 2, found: 0, severity: 'error' });
  });
  it('null cells do not crash the identities: blank found, identity of that column skipped', () => {
    const m = seedModel();
    m.applications.new.natural = null;
    m.applications.total['org.other'] = null;
    m.appeals.litigation_direct.total = null;
    expect(codes(m).sort()).toEqual(
      ['cell.blank@table2/new/natural', 'cell.blank@table2/total/org.other', 'cell.blank@table3/litigation_direct/total'].sort(),
    );
  });
  it('a whole empty report (every cell null) gives only blanks', () => {
    const m = emptyReport(2023, 'x', null);
    m.sections = { overview: 'a', problems: 'b', other: 'c' };
    const f = checkReport(m);
    expect(new Set(f.map((x) => x.code))).toEqual(new Set(['cell.blank']));
    expect(f).toHaveLength(10 + 25 * 7 + 15);
  });
});

describe('property: breaking one cell gives exactly the right codes at the right place', () => {
  it('table 2', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 0, max: TABLE2_ROWS.length - 1 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 50 }), (seed, ri, ci, delta) => {
        const m = randomModel(seed);
        const row = TABLE2_ROWS[ri];
        const col = TABLE2_COLUMNS[ci];
        m.applications[row][col] = (m.applications[row][col] ?? 0) + delta;
        const expected = new Set<string>();
        // the row's 总计 vs its six columns
        expected.add(`identity.row_total@table2/${row}/total`);
        // the column identities
        const isLeaf = (OUTCOME_CODES as string[]).includes(row);
        if (isLeaf || row === 'total') expected.add(`identity.outcome_total@table2/total/${col}`);
        // 一、二 on the left; （七）总计、四 on the right: every row but the leaves is in the balance
        if (!isLeaf) expected.add(`identity.balance@table2/${col}`);
        const got = new Set(errors(m).map((f) => `${f.code}@${f.where}`));
        expect(got).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
  it('table 3', () => {
    fc.assert(
      fc.property(arbSeed, fc.constantFrom('reconsideration', 'litigation_direct', 'litigation_after_reconsideration' as const), fc.constantFrom('upheld', 'corrected', 'other', 'pending', 'total' as const), fc.integer({ min: 1, max: 9 }), (seed, kind, col, delta) => {
        const m = randomModel(seed);
        m.appeals[kind][col] = (m.appeals[kind][col] ?? 0) + delta;
        expect(errors(m).map((f) => `${f.code}@${f.where}`)).toEqual([`identity.appeal_total@table3/${kind}/total`]);
      }),
    );
  });
  it('blanking one cell gives exactly one cell.blank there and no identity error', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 0, max: TABLE2_ROWS.length - 1 }), fc.integer({ min: 0, max: 6 }), (seed, ri, ci) => {
        const m = randomModel(seed);
        m.applications[TABLE2_ROWS[ri]][TABLE2_COLUMNS[ci]] = null;
        expect(errors(m).map((f) => `${f.code}@${f.where}`)).toEqual([`cell.blank@table2/${TABLE2_ROWS[ri]}/${TABLE2_COLUMNS[ci]}`]);
      }),
    );
  });
});

describe('carryover.mismatch', () => {
  it('上年结转 ≠ last year’s 结转下年度, per column', () => {
    const prev = seedModel();
    prev.year = 2022;
    prev.applications.carried_out.natural = 2;
    const m = seedModel();
    const f = checkReport(m, { previous: prev }).filter((x) => x.code === 'carryover.mismatch');
    expect(f.map((x) => x.where)).toEqual(['table2/carried_in/natural']);
    expect(f[0]).toMatchObject({ expected: 2, found: 0, severity: 'error' });
  });
  it('not compared when the previous report is not of the year before', () => {
    const prev = seedModel();
    prev.year = 2020;
    prev.applications.carried_out.natural = 2;
    expect(checkReport(seedModel(), { previous: prev }).filter((x) => x.code === 'carryover.mismatch')).toEqual([]);
  });
});

describe('deadline.late (第四十九条: 每年1月31日前)', () => {
  it('31 January is in time, 1 February is late', () => {
    expect(checkDeadline(2023, '2024-01-31')).toEqual([]);
    const f = checkDeadline(2023, '2024-02-01');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'deadline.late', expected: '2024-01-31', found: '2024-02-01' });
    expect(f[0].message).toContain('第四十九条');
  });
  it('the supervisors’ roll-up dates (2-20 county, 3-10 city, 3-31 province)', () => {
    expect(checkDeadline(2023, '2024-02-20', 'county')).toEqual([]);
    expect(checkDeadline(2023, '2024-02-21', 'county')).toHaveLength(1);
    expect(checkDeadline(2023, '2024-03-10', 'city')).toEqual([]);
    expect(checkDeadline(2023, '2024-03-11', 'city')).toHaveLength(1);
    expect(checkDeadline(2023, '2024-03-31', 'province')).toEqual([]);
    expect(checkDeadline(2023, '2024-04-01', 'province')).toHaveLength(1);
  });
  it('uses model.published when no date is given; the seed (2024-01-17) is in time', () => {
    const m = seedModel();
    m.published = '2024-01-17';
    expect(checkReport(m)).toEqual([]);
    m.published = '2024-03-01';
    expect(codes(m)).toEqual(['deadline.late@published']);
  });
});

describe('text.number_mismatch', () => {
  const withText = (text: string, carriedIn = 0) => {
    const m = seedModel();
    // 新收 4 (自然人), 上年结转 carriedIn, 办结 4 + carriedIn
    m.applications.new.natural = m.applications.new.total = 4;
    m.applications.carried_in.natural = m.applications.carried_in.total = carriedIn;
    m.applications.public.natural = m.applications.public.total = 4 + carriedIn;
    m.applications.total.natural = m.applications.total.total = 4 + carriedIn;
    m.appeals.reconsideration.upheld = m.appeals.reconsideration.total = 1;
    m.sections.overview = text;
    return checkReport(m).filter((f) => f.code.startsWith('text.'));
  };
  it('a stated count equal to 新收 is fine', () => {
    expect(withText('本年度共收到政府信息公开申请4件，办结4件。')).toEqual([]);
  });
  it('equal to 新收 + 上年结转: says so (info), not an error', () => {
    const f = withText('本年度共受理政府信息公开申请6件。', 2);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'text.number_basis', severity: 'info', found: 6, expected: 4 });
    expect(f[0].message).toContain('上年结转');
  });
  it('neither: text.number_mismatch naming both candidates', () => {
    const f = withText('全年共收到政府信息公开申请9件。', 2);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'text.number_mismatch', expected: 4, found: 9 });
    expect(f[0].message).toContain('6');
    expect(f[0].where).toBe('text/全年共收到政府信息公开申请9件');
  });
  it('Chinese numerals: 两件, 十二件', () => {
    expect(withText('本年度收到政府信息公开申请四件。')).toEqual([]);
    expect(withText('本年度收到政府信息公开申请两件。')[0]).toMatchObject({ code: 'text.number_mismatch', found: 2 });
    expect(withText('本年度收到政府信息公开申请十二件。')[0]).toMatchObject({ found: 12 });
  });
  it('办结 vs （七）总计, 结转 vs 四, 行政复议 / 行政诉讼 vs table 3', () => {
    expect(withText('政府信息公开申请办结3件。').map((f) => f.expected)).toEqual([4]);
    expect(withText('依申请公开方面，结转下年度办理1件。').map((f) => f.expected)).toEqual([0]);
    expect(withText('因政府信息公开被申请行政复议2件。').map((f) => f.expected)).toEqual([1]);
    expect(withText('因政府信息公开被提起行政诉讼1件。').map((f) => f.expected)).toEqual([0]);
    expect(withText('被申请行政复议1件，行政诉讼0件。')).toEqual([]);
  });
  it('numbers about other things are not read as application counts (the seed’s 诉求18.5万件, 一件事)', () => {
    expect(withText('2023累计受理市民群众各类诉求18.5万件，日均受理508件，推动“一件事”改革。')).toEqual([]);
  });
  it('parseNumber', () => {
    expect([parseNumber('两'), parseNumber('十二'), parseNumber('一百零五'), parseNumber('二十'), parseNumber('１２'), parseNumber('1,234'), parseNumber('件')]).toEqual([2, 12, 105, 20, 12, 1234, null]);
  });
});

describe('structure', () => {
  const all = (): ParsedStructure => ({
    headings: [
      { numeral: '一', title: '总体情况', key: 'overview' },
      { numeral: '二', title: '主动公开政府信息情况', key: 'proactive' },
      { numeral: '三', title: '收到和处理政府信息公开申请情况', key: 'applications' },
      { numeral: '四', title: '政府信息公开行政复议、行政诉讼情况', key: 'appeals' },
      { numeral: '五', title: '存在的主要问题及改进情况', key: 'problems' },
      { numeral: '六', title: '其他需要报告的事项', key: 'other' },
    ],
  });
  const structural = (s: ParsedStructure) => checkReport(seedModel(), { structure: s }).map((f) => `${f.code}@${f.where}`);
  it('the six statutory headings: nothing', () => {
    expect(structural(all())).toEqual([]);
  });
  it('the seed: no 「一、总体情况」 and two sections numbered 二', () => {
    const s: ParsedStructure = {
      headings: [
        { numeral: '一', title: '2023年工作完成情况', key: null },
        { numeral: '二', title: '下步工作打算', key: null },
        ...all().headings.slice(1),
      ],
    };
    expect(structural(s)).toEqual(['structure.missing_section@section/overview', 'structure.numbering@section/numeral/二']);
    const f = checkReport(seedModel(), { structure: s });
    expect(f[0].message).toContain('一、2023年工作完成情况');
    expect(f[1].message).toContain('二、下步工作打算');
  });
  it('reworded heading: 「存在的主要问题及整改措施」', () => {
    const s = all();
    s.headings[4] = { numeral: '五', title: '存在的主要问题及整改措施', key: 'problems' };
    expect(structural(s)).toEqual(['structure.heading_wording@section/problems']);
  });
  it('punctuation and 「（文字描述）」 notes are not rewording', () => {
    const s = all();
    s.headings[0] = { numeral: '一', title: '总体情况（文字描述）', key: 'overview' };
    s.headings[3] = { numeral: '四', title: '政府信息公开行政复议,行政诉讼情况', key: 'appeals' };
    expect(structural(s)).toEqual([]);
  });
  it('statutory sections renumbered after an inserted one', () => {
    const h = all().headings;
    const s: ParsedStructure = {
      headings: [h[0], { numeral: '二', title: '工作亮点', key: null }, ...h.slice(1).map((x, i) => ({ ...x, numeral: ['三', '四', '五', '六', '七'][i] }))],
    };
    expect(structural(s)).toEqual(['proactive', 'applications', 'appeals', 'problems', 'other'].map((k) => `structure.numbering@section/${k}`));
  });
  it('a skipped numeral', () => {
    const s: ParsedStructure = { headings: [...all().headings, { numeral: '八', title: '附件', key: null }] };
    expect(structural(s)).toEqual(['structure.numbering@section/numeral/八']);
  });
  it('compiled report (no structure): an empty prose section 一/五/六 is missing', () => {
    const m = seedModel();
    m.sections.problems = '  ';
    expect(codes(m)).toEqual(['structure.missing_section@section/problems']);
  });
});

describe('warnings beside the contract', () => {
  it('other.high: 其他处理 above 10% of （七）总计 (2019 S2)', () => {
    const m = seedModel();
    const set = (row: 'new' | 'other.other' | 'total' | 'public', v: number) => (m.applications[row].natural = m.applications[row].total = v);
    set('new', 10);
    set('public', 8);
    set('other.other', 2);
    set('total', 10);
    const f = checkReport(m);
    expect(f.map((x) => x.code)).toEqual(['other.high']);
    expect(f[0]).toMatchObject({ severity: 'warning', found: 2 });
    set('new', 20);
    set('public', 18);
    set('total', 20);
    expect(checkReport(m)).toEqual([]);
  });
  it('section.repeated: 五 identical to last year’s (years aside)', () => {
    const prev = seedModel();
    prev.year = 2022;
    prev.sections.problems = '2022年信息发布的内容还不够全面深入，信息的时效性和规范性还有待加强。';
    const m = seedModel();
    m.sections.problems = '2023年信息发布的内容还不够全面深入,信息的时效性和规范性还有待加强。';
    expect(codes(m, { previous: prev })).toEqual(['section.repeated@section/problems']);
    m.sections.problems = '政策解读形式较为单一，互动回应不够及时，下一步将丰富解读形式。';
    expect(codes(m, { previous: prev })).toEqual([]);
    expect(textSimilarity('abc', 'abc')).toBe(1);
  });
  it('the 2019 trial format: no blank for the rows and table-1 columns it does not have', () => {
    const m = randomModel(7, { format: '2019' });
    expect(errors(m)).toEqual([]);
    expect(APPLICANT_TYPES.length).toBe(6);
  });
});

describe('location codes (where): slashes throughout, the same keys as the rendered cells', () => {
  it('every cell.blank of an all-blank report names a cell the HTML renderer marks (data-where)', async () => {
    const { renderHtml } = await import('../../../src/domain/report/render/index.ts');
    const m = emptyReport(2023, '某局', null);
    const html = renderHtml(m);
    const wheres = checkReport(m, {}).filter((f) => f.code === 'cell.blank').map((f) => f.where!);
    expect(wheres).toContain('table1/rules/issued');
    expect(wheres).toContain('table1/normative/in_force');
    expect(wheres).toContain('table1/fees_wan_yuan');
    expect(wheres.length).toBe(10 + 25 * 7 + 15);
    for (const w of wheres) {
      expect(html, w).toContain(`data-where="${w}"`);
    }
  });
});
