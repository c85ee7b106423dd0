/**
 * The seed (design.md): given 通化市政务服务和数字化建设管理局's 2023 as data, Gongkai produces the
 * three tables of its published report number for number. The expected numbers below were read by
 * hand from shared/fixtures/tonghua-zhengshuju-2023-annual-report.txt.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../../src/domain/report/compile.ts';
import { seedFacts } from './seed-facts.ts';
import { renderText } from '../../../src/domain/report/render/text.ts';
import { APPEAL_COLUMNS, APPEAL_KINDS, TABLE2_COLUMNS, TABLE2_ROWS } from '../../../src/domain/taxonomy/index.ts';
import { SEED_REPORT } from '../../support/fixtures.ts';

const SEED = SEED_REPORT;

// Table 2 of the seed, row by row: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
const Z = [0, 0, 0, 0, 0, 0, 0];
const EXPECTED_TABLE2: Record<string, number[]> = {
  new: [1, 0, 0, 0, 0, 0, 1],
  carried_in: Z,
  public: [1, 0, 0, 0, 0, 0, 1],
  partial: Z,
  'withheld.state_secret': Z,
  'withheld.prohibited': Z,
  'withheld.security_stability': Z,
  'withheld.third_party': Z,
  'withheld.internal_affairs': Z,
  'withheld.process_info': Z,
  'withheld.enforcement_file': Z,
  'withheld.inquiry': Z,
  'unavailable.not_held': Z,
  'unavailable.needs_creation': Z,
  'unavailable.unclear_after_correction': Z,
  'not_handled.petition': Z,
  'not_handled.duplicate': Z,
  'not_handled.publication': Z,
  'not_handled.excessive': Z,
  'not_handled.confirmation': Z,
  'other.correction_lapsed': Z,
  'other.fee_lapsed': Z,
  'other.other': Z,
  total: [1, 0, 0, 0, 0, 0, 1],
  carried_out: Z,
};

describe('the seed: 通化市政数局 2023', () => {
  const { model } = compileReport(seedFacts);

  it('table 1 matches the published report (all ten cells 0)', () => {
    expect(model.proactive).toEqual({
      rules: { issued: 0, repealed: 0, in_force: 0 },
      normative: { issued: 0, repealed: 0, in_force: 0 },
      licensing: 0,
      penalty: 0,
      coercion: 0,
      fees_wan_yuan: 0,
    });
  });

  it('table 2 matches the published report, all 175 cells', () => {
    expect(Object.keys(EXPECTED_TABLE2)).toEqual([...TABLE2_ROWS]);
    for (const row of TABLE2_ROWS) {
      expect(TABLE2_COLUMNS.map((c) => model.applications[row][c]), row).toEqual(EXPECTED_TABLE2[row]);
    }
  });

  it('table 3 matches the published report (15 zeros)', () => {
    expect(APPEAL_KINDS.flatMap((k) => APPEAL_COLUMNS.map((c) => model.appeals[k][c]))).toEqual(Array(15).fill(0));
  });

  it('compiles clean: no error finding', () => {
    expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('the rendered text gives, table by table, the same numbers in the same order as the seed page', () => {
    const seed = readFileSync(SEED, 'utf8');
    const ours = renderText(model);
    const numbersBetween = (text: string, from: string, to: string) => {
      const start = text.indexOf(from);
      const end = text.indexOf(to, start + 1);
      expect(start, from).toBeGreaterThanOrEqual(0);
      expect(end, to).toBeGreaterThan(start);
      return text
        .slice(start, end)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^\d+$/.test(l))
        .map(Number);
    };
    for (const [from, to] of [
      ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况'],
      ['三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况'],
      ['四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况'],
    ]) {
      const expected = numbersBetween(seed, from, to);
      expect(expected.length).toBeGreaterThan(0);
      expect(numbersBetween(ours, from, to), from).toEqual(expected);
    }
  });
});
