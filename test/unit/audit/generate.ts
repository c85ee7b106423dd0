/**
 * Test helper: random VALID report models (every identity of checks.ts holds), from a seed, so
 * failures reproduce. Used by the checks' and the auditor's properties.
 */
import { fenToWanYuan } from '../../../src/domain/report/amount.ts';
import fc from 'fast-check';
import {
  APPEAL_KINDS,
  APPEAL_RESULTS,
  APPLICANT_TYPES,
  OUTCOME_CODES,
} from '../../../src/domain/taxonomy/index.ts';
import { emptyReport, type ReportModel } from '../../../src/domain/report/model.ts';
import { rng } from '../../support/rng.ts';

const AGENCIES = ['通化市政务服务和数字化建设管理局', '某某县人民政府办公室', '某某市生态环境局', '某某区教育局', '某某市自然资源局'];
const OVERVIEWS = [
  '本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续加强政府信息公开平台建设，完善工作机制。',
  '坚持以公开为常态、不公开为例外，主动公开、依申请公开和政府信息管理工作有序开展。',
];
const PROBLEMS = [
  '信息发布的内容还不够全面深入，信息的时效性和规范性还有待加强。下一步将加强培训。',
  '政策解读形式较为单一，互动回应不够及时。下一步将丰富解读形式，提升回应质量。',
  '公开目录更新不够及时。下一步将建立定期检查制度，确保信息及时准确。',
];
const OTHERS = ['本年度未收取信息处理费。暂无其他需要报告的事项。', '无其他需要报告的事项，本年度未收取信息处理费。'];

/** A random number, mostly 0, sometimes large (so that fused tokens get long). */
function small(r: () => number, max: number): number {
  const x = r();
  if (x < 0.6) return 0;
  if (x < 0.9) return 1 + Math.floor(r() * 9);
  return Math.floor(r() * max);
}

export function randomModel(seed: number, options: { format?: '2021' | '2019'; year?: number } = {}): ReportModel {
  const r = rng(seed);
  const format = options.format ?? '2021';
  const year = options.year ?? 2019 + Math.floor(r() * 6);
  const m = emptyReport(year, AGENCIES[Math.floor(r() * AGENCIES.length)], 0, format);
  const a = m.applications;
  for (const c of APPLICANT_TYPES) {
    const busy = c === 'natural' ? 200 : r() < 0.5 ? 0 : 40;
    let total = 0;
    for (const leaf of OUTCOME_CODES) {
      const v = busy === 0 ? 0 : format === '2019' && (leaf === 'other.correction_lapsed' || leaf === 'other.fee_lapsed') ? 0 : small(r, busy);
      a[leaf][c] = v;
      total += v;
    }
    a.total[c] = total;
    a.carried_out[c] = busy === 0 ? 0 : small(r, 20);
    a.carried_in[c] = busy === 0 ? 0 : Math.min(small(r, 20), total + a.carried_out[c]!);
    a.new[c] = total + a.carried_out[c]! - a.carried_in[c]!;
  }
  for (const row of Object.keys(a) as Array<keyof typeof a>) {
    a[row].total = APPLICANT_TYPES.reduce((s, c) => s + (a[row][c] ?? 0), 0);
  }
  // the trial format does not print （六）1. and 2.: not blank, not 0 — not there (contracts.md §1)
  if (format === '2019') for (const row of ['other.correction_lapsed', 'other.fee_lapsed'] as const) for (const c of Object.keys(a[row])) a[row][c as keyof (typeof a)[typeof row]] = null;
  for (const k of APPEAL_KINDS) {
    let t = 0;
    for (const res of APPEAL_RESULTS) {
      const v = small(r, 12);
      m.appeals[k][res] = v;
      t += v;
    }
    m.appeals[k].total = t;
  }
  const p = m.proactive;
  p.rules = { issued: small(r, 5), repealed: small(r, 5), in_force: small(r, 60) };
  p.normative = { issued: small(r, 30), repealed: small(r, 30), in_force: small(r, 300) };
  p.licensing = small(r, 5000);
  p.penalty = small(r, 3000);
  p.coercion = small(r, 100);
  // an amount in 万元 to six decimals (real reports print 5949.088667): the round trips keep every digit
  p.fees_wan_yuan = format === '2019' ? null : fenToWanYuan(small(r, 9_000_000_000));
  if (format === '2019') {
    p.rules.repealed = p.normative.repealed = null;
    // the trial table 1 (src/domain/taxonomy/table1-2019.ts); the cells it shares with the 2021 projection agree
    m.proactive_2019 = {
      rules: { made: p.rules.issued, published: small(r, 5), total: p.rules.in_force },
      normative: { made: p.normative.issued, published: small(r, 30), total: p.normative.in_force },
      licensing: { previous: small(r, 80), change: small(r, 10) - 5, decisions: p.licensing },
      other_services: { previous: small(r, 40), change: small(r, 6) - 3, decisions: small(r, 900) },
      penalty: { previous: small(r, 80), change: small(r, 10) - 5, decisions: p.penalty },
      coercion: { previous: small(r, 20), change: small(r, 4) - 2, decisions: p.coercion },
      fees: { previous: small(r, 10), change: small(r, 4) - 2 },
      procurement: { count: small(r, 30), amount_wan_yuan: fenToWanYuan(small(r, 9_000_000_000)) },
    };
  }
  m.sections = {
    overview: OVERVIEWS[Math.floor(r() * OVERVIEWS.length)],
    problems: PROBLEMS[Math.floor(r() * PROBLEMS.length)],
    other: OTHERS[Math.floor(r() * OTHERS.length)],
  };
  m.published = `${year + 1}-01-${String(5 + Math.floor(r() * 26)).padStart(2, '0')}`;
  return m;
}

export const arbSeed = fc.integer({ min: 0, max: 0x7fffffff });
export const arbModel = arbSeed.map((s) => randomModel(s));
