/**
 * `text.number_mismatch` (and `text.number_basis`): the numbers an annual report states in its prose
 * against its own tables — applications received, concluded, carried over (table 2), appeals
 * (table 3), and the counts of 规章 and 行政规范性文件 (table 1). Part of checkReport (checks.ts).
 */
import type { Cell, Finding, ReportModel } from './model.ts';

/** The sum of cells, or null when any is blank (an identity with a blank cell is not checked). */
export function sum(cells: Cell[]): number | null {
  let s = 0;
  for (const c of cells) {
    if (c === null || c === undefined || !Number.isFinite(c)) return null;
    s += c;
  }
  return s;
}

// ---------------------------------------------------------------- text.number_mismatch

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 「十二」→12, 「两」→2, 「一百零五」→105, 「二〇」→20 (digit-by-digit when no unit), 「１２」→12. Null if not a number. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[,，]/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  if (!t || !/^[零〇一二两三四五六七八九十百千万]+$/.test(t)) return null;
  if (!/[十百千万]/.test(t)) {
    // 「二〇二三」 style: digit by digit
    let v = 0;
    for (const ch of t) v = v * 10 + DIGIT[ch];
    return v;
  }
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of t) {
    if (ch in DIGIT) digit = DIGIT[ch];
    else if (ch in UNIT) {
      section += (digit || 1) * UNIT[ch];
      digit = 0;
    } else if (ch === '万') {
      total += (section + digit) * 10000;
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

/** A number stated in the prose, with what it is compared to. */
interface Stated {
  value: number;
  excerpt: string;
  kind: 'received' | 'received_natural' | 'received_orgs' | 'concluded' | 'carried_out' | 'carried_in' | 'reconsideration' | 'litigation';
}

const NUMBER_PIECE = /([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*件/g;
const SENTENCE_END = /[。；;！？!?\n]/;
const CLAUSE_END = /[，,、：:。；;！？!?\n（）()]/;

function statedNumbers(text: string): Stated[] {
  const out: Stated[] = [];
  NUMBER_PIECE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER_PIECE.exec(text))) {
    const value = parseNumber(m[1]);
    if (value === null) continue;
    const start = m.index;
    // The clause (back to the previous comma) and the sentence (back to the previous full stop) before the number.
    let c = start;
    while (c > 0 && start - c < 60 && !CLAUSE_END.test(text[c - 1])) c--;
    let s = c;
    while (s > 0 && start - s < 200 && !SENTENCE_END.test(text[s - 1])) s--;
    const clause = text.slice(c, start);
    const sentence = text.slice(s, start);
    // 「万件」「余件」 are approximations, 「一件事」 is a slogan: not a count of applications.
    const after = text.slice(m.index + m[0].length - 1, m.index + m[0].length + 1);
    if (/件事/.test(after) || /[万余多]$/.test(clause)) continue;
    const excerpt = text.slice(c, m.index + m[0].length).trim();
    let kind: Stated['kind'] | null = null;
    if (/行政复议/.test(clause)) kind = 'reconsideration';
    else if (/行政诉讼|起诉/.test(clause)) kind = 'litigation';
    else if (/申请/.test(sentence) && /信息公开|依申请/.test(sentence)) {
      // 「其中自然人申请 628 件，法人或其他组织申请 29 件」: the applicants' split of 一、本年新收
      if (/^其中?自然人(?:提出)?申请/.test(clause.trim()) || /^自然人(?:提出)?申请/.test(clause.trim())) kind = 'received_natural';
      else if (/^(?:其中)?法人或(?:者)?其他组织(?:提出)?申请/.test(clause.trim())) kind = 'received_orgs';
      else if (/上年结转|上年度结转|上一年度结转/.test(clause)) kind = 'carried_in';
      else if (/结转/.test(clause)) kind = 'carried_out';
      else if (/办结|答复|办理完毕|作出.*决定/.test(clause)) kind = 'concluded';
      else if (/申请/.test(clause) && /收到|受理|接收|新收|接到|共计|共有/.test(clause)) kind = 'received';
    }
    if (kind) out.push({ value, excerpt, kind });
  }
  return out;
}

/** A figure of table 1 stated in the prose: 「本年制发行政规范性文件14件」「废止12件」「现行有效110件」. */
export interface StatedProactive {
  item: 'rules' | 'normative';
  column: 'issued' | 'repealed' | 'in_force';
  value: number;
  excerpt: string;
}

const PROACTIVE_VERBS: Array<[RegExp, StatedProactive['column']]> = [
  [/现行有效/g, 'in_force'],
  [/废止|失效/g, 'repealed'],
  [/制发|印发|出台|制定|发布/g, 'issued'],
];

/**
 * The counts of 规章 and 行政规范性文件 the prose states (section 一 usually): the verb nearest before
 * the number says the column, the document kind nearest before it the row. Figures in brackets
 * (「（其中修订 1 件）」) are details, not the count. Conflicting statements of one figure are dropped.
 */
export function statedProactive(text: string): StatedProactive[] {
  if (!text.includes('规章') && !text.includes('规范性文件')) return [];
  const flat = text.replace(/\s*\n\s*/g, '');
  const out: StatedProactive[] = [];
  const re = /([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*件/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(flat))) {
    const value = parseNumber(m[1]);
    if (value === null) continue;
    let s = m.index;
    while (s > 0 && m.index - s < 120 && !/[。；;!?！？]/.test(flat[s - 1])) s--;
    const before = flat.slice(s, m.index);
    if (/[（(][^）)]*$/.test(before)) continue; // inside brackets
    let column: StatedProactive['column'] | null = null;
    let at = -1;
    for (const [verb, col] of PROACTIVE_VERBS) {
      verb.lastIndex = 0;
      let v: RegExpExecArray | null;
      while ((v = verb.exec(before))) if (v.index > at) (at = v.index), (column = col);
    }
    if (!column || before.length - at > 40) continue;
    const between = before.slice(at);
    if (/申请|复议|诉讼|条|篇|次/.test(between)) continue;
    const rules = before.lastIndexOf('规章');
    const normative = before.lastIndexOf('规范性文件');
    if (rules < 0 && normative < 0) continue;
    out.push({ item: rules > normative ? 'rules' : 'normative', column, value, excerpt: flat.slice(Math.max(s, m.index - 30), m.index + m[0].length) });
  }
  return out.filter((f) => !out.some((g) => g.item === f.item && g.column === f.column && g.value !== f.value));
}

export function checkStatedNumbers(model: ReportModel, extraText?: string): Finding[] {
  const text = extraText ?? [model.sections.overview, model.sections.problems, model.sections.other].join('\n');
  if (!text) return [];
  const a = model.applications;
  const ap = model.appeals;
  const out: Finding[] = [];
  const mismatch = (s: Stated, expected: number, what: string) =>
    out.push({
      code: 'text.number_mismatch',
      severity: 'warning',
      message: `正文「${s.excerpt}」称 ${s.value} 件，但表中${what}为 ${expected}。`,
      where: `text/${s.excerpt}`,
      expected,
      found: s.value,
    });
  const kinds = { rules: '规章', normative: '行政规范性文件' };
  const columns = { issued: '本年制发件数', repealed: '本年废止件数', in_force: '现行有效件数' };
  // table 1's figures are stated in the prose (section 一), not in the tables around them
  const prose = [model.sections.overview, model.sections.problems, model.sections.other].join('\n');
  for (const f of statedProactive(prose.trim() ? prose : text)) {
    const cell = model.proactive[f.item][f.column];
    if (cell === null || cell === f.value) continue;
    out.push({
      code: 'text.number_mismatch',
      severity: 'warning',
      message: `正文「${f.excerpt}」称 ${f.value} 件，但表一「${kinds[f.item]}」的「${columns[f.column]}」为 ${cell}。`,
      where: `table1/${f.item}/${f.column}`,
      expected: cell,
      found: f.value,
    });
  }
  for (const s of statedNumbers(text)) {
    switch (s.kind) {
      case 'received': {
        const fresh = a.new.total;
        const carried = a.carried_in.total;
        if (fresh === null) break;
        const both = carried === null ? null : fresh + carried;
        if (s.value === fresh) break;
        if (both !== null && s.value === both) {
          out.push({
            code: 'text.number_basis',
            severity: 'info',
            message: `正文「${s.excerpt}」的 ${s.value} 件是「本年新收」(${fresh}) 加「上年结转」(${carried}) 之和，不是本年新收数。`,
            where: `text/${s.excerpt}`,
            expected: fresh,
            found: s.value,
          });
          break;
        }
        out.push({
          code: 'text.number_mismatch',
          severity: 'warning',
          message: `正文「${s.excerpt}」称收到申请 ${s.value} 件，但表二「本年新收」为 ${fresh}${both !== null ? `、「新收+上年结转」为 ${both}` : ''}，与两者都不符。`,
          where: `text/${s.excerpt}`,
          expected: fresh,
          found: s.value,
        });
        break;
      }
      case 'received_natural':
      case 'received_orgs': {
        const cols = s.kind === 'received_natural' ? (['natural'] as const) : (['org.business', 'org.research', 'org.public_interest', 'org.legal_service', 'org.other'] as const);
        const fresh = sum(cols.map((c) => a.new[c]));
        const both = sum(cols.map((c) => a.new[c])) !== null && sum(cols.map((c) => a.carried_in[c])) !== null ? (fresh as number) + (sum(cols.map((c) => a.carried_in[c])) as number) : null;
        if (fresh === null || s.value === fresh || s.value === both) break;
        mismatch(s, fresh, s.kind === 'received_natural' ? '表二「本年新收」的「自然人」' : '表二「本年新收」的法人或其他组织五列之和');
        break;
      }
      case 'concluded':
        if (a.total.total !== null && s.value !== a.total.total) mismatch(s, a.total.total, '表二「（七）总计」');
        break;
      case 'carried_out':
        if (a.carried_out.total !== null && s.value !== a.carried_out.total) mismatch(s, a.carried_out.total, '表二「四、结转下年度继续办理」');
        break;
      case 'carried_in':
        if (a.carried_in.total !== null && s.value !== a.carried_in.total) mismatch(s, a.carried_in.total, '表二「二、上年结转」');
        break;
      case 'reconsideration':
        if (ap.reconsideration.total !== null && s.value !== ap.reconsideration.total) mismatch(s, ap.reconsideration.total, '表三「行政复议·总计」');
        break;
      case 'litigation': {
        const t = sum([ap.litigation_direct.total, ap.litigation_after_reconsideration.total]);
        if (t !== null && s.value !== t) mismatch(s, t, '表三「行政诉讼」两个总计之和');
        break;
      }
    }
  }
  return out;
}
