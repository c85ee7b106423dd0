/**
 * What a report says about itself besides its tables: the year, the agency, the publication date,
 * and its section headings and prose (《政府信息公开条例》第五十条: the six sections of the format).
 */
import { REPORT_SECTIONS, type ReportSectionKey } from '../taxonomy/index.ts';
import type { ReportModel } from '../report/model.ts';
import type { ParsedHeading, ParsedStructure } from '../report/checks.ts';
import { labelCore } from './tokens.ts';

const SECTION_KEYWORDS: Array<[ReportSectionKey, RegExp]> = [
  ['appeals', /复议|诉讼/],
  ['proactive', /主动公开/],
  ['applications', /收到和处理|依申请|处理政府信息公开申请|公开申请情况/],
  ['problems', /问题/],
  ['other', /其他需要报告|其他事项/],
  ['overview', /总体情况|总体概述|基本情况|概述/],
];

const HEADING = /^([一二三四五六七八九十]{1,3})\s*[、.]\s*(.*)$/;
const NOT_A_HEADING = /本年新收|上年结转|本年度办理结果|结转下年|^$/;

const TITLE = /^(.{0,60}?)(\d{4})\s*年\s*度?\s*(?:政府信息公开|政务公开|信息公开)[^。]{0,12}?(?:年度)?报告/;
/** 「2024 年样本市科学技术局政府信息公开工作年度报告」: the year first. */
const TITLE_YEAR_FIRST = /^(\d{4})\s*年\s*度?\s*(.{2,40}?)\s*(?:政府信息公开|政务公开)(?:工作)?\s*(?:年度)?\s*报告/;
const AGENCY_END = /[局委办厅院府部会署室处所站中心司馆]$/;
/** 「本报告由…根据/依据/按照/编制」 (a whole agency name, not a fragment: no punctuation inside). */
const BY = /^本(?:年度)?报告由([^，。、,;；:：《》()（）\s]{2,30}?)(?:根据|依据|按照|编制)/;
const PERIOD = /统计(?:期限|时限|时间|区间)[^。]{0,12}?(\d{4})\s*年/;

/** The agency in a title's prefix: its last segment (portal chrome — 当前位置, 发文日期 — before it is not the agency). */
function agencyOf(prefix: string): string {
  const segments = prefix.split(/[\s>»›|:：】\]、,，]+/).filter(Boolean);
  const last = (segments.pop() ?? '').replace(/^[\d\-/.年月日]+/, '').replace(/^[《“"]+|[》”"]+$/g, '').replace(/^关于/, '');
  return last.length >= 2 && last.length <= 40 && AGENCY_END.test(last) ? last : '';
}

export function readTitle(lines: string[]): { year: number | null; agency: string } {
  let year: number | null = null;
  let agency = '';
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    // a title may wrap onto a second line (PDF)
    // (not when the next line is a whole title itself: then this line is chrome before it)
    const next = lines[i + 1] ?? '';
    const whole = TITLE.exec(next) ?? TITLE_YEAR_FIRST.exec(next);
    const wraps = lines[i].length < 60 && !(whole && agencyOf(whole[whole === TITLE_YEAR_FIRST.exec(next) ? 2 : 1] ?? ''));
    const joined = wraps ? lines[i] + next : lines[i];
    const m = TITLE.exec(lines[i]) ?? (wraps ? TITLE.exec(joined) : null);
    const f = m ? null : TITLE_YEAR_FIRST.exec(joined);
    if (!m && !f) continue;
    const y = Number(m ? m[2] : f![1]);
    if (y < 2000 || y > 2100) continue;
    if (year === null) year = y;
    if (!agency) agency = agencyOf(m ? m[1] : f![2]);
    if (year !== null && agency) break;
  }
  if (!agency) {
    // 「本报告由样本市样本区人民政府办公室根据《条例》…编制」: the first sentence names who reports
    for (const line of lines.slice(0, 40)) {
      const b = BY.exec(line);
      if (b && AGENCY_END.test(b[1])) {
        agency = b[1];
        break;
      }
    }
  }
  if (year === null) {
    // 「本报告所列数据统计期限为2023年1月1日至…」
    for (const line of lines.slice(0, 80)) {
      const p = PERIOD.exec(line);
      if (p && Number(p[1]) >= 2000 && Number(p[1]) <= 2100) {
        year = Number(p[1]);
        break;
      }
    }
  }
  return { year, agency };
}

const DATE = '(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})';
const PUBLISHED = new RegExp(`(?:(?:发布|公开|成文|印发)(?:日期|时间)|(?:^|[\\s|])时间)\\s*[:：]?\\s*${DATE}`);
/** A date alone on its line (「(2025年1月24日)」 under the title, or the date under the signature). */
const DATE_LINE = new RegExp(`^[(（]?\\s*${DATE}\\s*日?\\s*[)）]?$`);

const iso = (m: RegExpExecArray) => `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;

/** The publication date: 发布日期/发布时间 on the page, else a date line under the title, else the date under the signature. */
export function readPublished(lines: string[], year: number | null = null): string | undefined {
  const plausible = (m: RegExpExecArray | null) => m && (year === null || Number(m[1]) >= year) && Number(m[2]) >= 1 && Number(m[2]) <= 12;
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const m = PUBLISHED.exec(lines[i]);
    if (m && plausible(m)) return iso(m);
  }
  for (const line of [...lines.slice(0, 8), ...lines.slice(-4)]) {
    const m = DATE_LINE.exec(line);
    if (m && plausible(m)) return iso(m);
  }
  return undefined;
}

export interface HeadingAt extends ParsedHeading {
  line: number;
}

export function readStructure(lines: string[]): ParsedStructure & { headings: HeadingAt[] } {
  const headings: HeadingAt[] = [];
  const taken = new Set<ReportSectionKey>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 60 || line.includes('。')) continue;
    const m = HEADING.exec(line);
    if (!m) continue;
    const title = m[2].trim();
    const core = labelCore(title);
    if (NOT_A_HEADING.test(core) || core.length > 40) continue;
    let key: ReportSectionKey | null = null;
    for (const [k, re] of SECTION_KEYWORDS) {
      if (re.test(core)) {
        key = k;
        break;
      }
    }
    if (key && taken.has(key)) key = null;
    if (key) taken.add(key);
    headings.push({ numeral: m[1], title, key, line: i });
  }
  // Table 2 numbers its own rows 一 to 四: a fragment of them (「三、本法提供」, a vertical label cut by a
  // converter) between the headings of 三 and 四 is not a section heading.
  const three = headings.findIndex((h) => h.key === 'applications');
  const after = headings.findIndex((h, k) => k > three && h.key !== null);
  const inTable2 = (h: HeadingAt, k: number) => three >= 0 && k > three && (after < 0 || k < after) && h.key === null && /^[一二三四]$/.test(h.numeral ?? '');
  return { headings: headings.filter((h, k) => !inTable2(h, k)) };
}

export function sectionProse(lines: string[], structure: { headings: HeadingAt[] }): ReportModel['sections'] {
  const out = { overview: '', problems: '', other: '' };
  const hs = structure.headings;
  for (let k = 0; k < hs.length; k++) {
    const key = hs[k].key;
    if (key !== 'overview' && key !== 'problems' && key !== 'other') continue;
    const end = k + 1 < hs.length ? hs[k + 1].line : lines.length;
    out[key] = lines.slice(hs[k].line + 1, end).join('\n');
  }
  return out;
}

/** The statutory section headings, for callers that display the structure. */
export const STATUTORY_HEADINGS = REPORT_SECTIONS.map((s) => `${s.numeral}、${s.heading}`);
