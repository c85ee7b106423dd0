/**
 * Table 1 (第二十条, regulation.md §1.2; the 2019 trial table, §1.7). It has no identity, so a
 * damaged row is rebuilt only when the digits force it or the report's own prose states the
 * missing figures; otherwise it is not guessed.
 */
import type { Cell, Finding, ReportFormat, ReportModel } from '../report/model.ts';
import { statedProactive, type StatedProactive } from '../report/checks.ts';
import { labelCore, type Token } from './tokens.ts';
import { fusedCandidates } from './fused.ts';
import { emptyTrialProactive } from '../report/model.ts';
import { TRIAL_TABLE1 } from '../taxonomy/table1-2019.ts';

const COLUMNS = ['issued', 'repealed', 'in_force'] as const;
const COLUMN_LABELS = { issued: '本年制发件数', repealed: '本年废止件数', in_force: '现行有效件数' };

/**
 * A row of 规章/行政规范性文件 with fewer than three cells (fused digits, or cells pulled out of the
 * table with their notes): the readings of its digits — split into three, or placed in three slots
 * with the missing ones taken from the prose — that agree with every figure the prose states. The
 * prose is the only witness table 1 has (it has no identity).
 */
function withProse(printed: Array<{ s: string; v: number | null }>, facts: StatedProactive[]): Cell[][] {
  const fact = (c: (typeof COLUMNS)[number]) => facts.find((f) => f.column === c)?.value;
  const agrees = (cells: Cell[]) => COLUMNS.every((c, i) => fact(c) === undefined || cells[i] === fact(c));
  if (facts.length === 0) return [];
  const out: Cell[][] = [];
  const add = (cells: Cell[]) => {
    if (agrees(cells) && !out.some((o) => o.every((x, i) => x === cells[i]))) out.push(cells);
  };
  for (const c of fusedCandidates(printed, 3, agrees, 20).candidates) add(c);
  if (out.length === 0 && printed.length < 3 && printed.every((p) => p.v !== null)) {
    // no split of the digits agrees: cells are missing (pulled out of the table with their notes);
    // which slots the printed numbers sit in (in order), the others stated by the prose
    const slots = printed.length === 2 ? [[0, 1], [0, 2], [1, 2]] : [[0], [1], [2]];
    for (const at of slots) {
      const cells: Cell[] = COLUMNS.map((c, i) => (at.includes(i) ? printed[at.indexOf(i)].v : (fact(c) ?? null)));
      if (cells.every((x) => x !== null)) add(cells);
    }
  }
  return out;
}

type Table1Item = 'rules' | 'normative' | 'licensing' | 'penalty' | 'coercion' | 'fees_wan_yuan' | 'other_services' | 'procurement';
const TABLE1_LABELS: Array<{ item: Table1Item; exact: string[]; reworded: string[]; label: string; trialOnly?: boolean }> = [
  { item: 'rules', exact: ['规章'], reworded: [], label: '规章' },
  { item: 'normative', exact: ['行政规范性文件'], reworded: ['规范性文件'], label: '行政规范性文件' },
  { item: 'licensing', exact: ['行政许可'], reworded: [], label: '行政许可' },
  { item: 'penalty', exact: ['行政处罚'], reworded: [], label: '行政处罚' },
  { item: 'coercion', exact: ['行政强制'], reworded: [], label: '行政强制' },
  { item: 'fees_wan_yuan', exact: ['行政事业性收费'], reworded: ['行政事业性收费金额', '收费'], label: '行政事业性收费' },
  // rows of the 2019 trial table only (src/domain/taxonomy/table1-2019.ts)
  { item: 'other_services', exact: ['其他对外管理服务事项'], reworded: [], label: '其他对外管理服务事项', trialOnly: true },
  { item: 'procurement', exact: ['政府集中采购'], reworded: [], label: '政府集中采购', trialOnly: true },
];

/** The trial table's row of an item, and its columns (the model's `proactive_2019`). */
const TRIAL_ROW: Record<Table1Item, string> = {
  rules: 'rules',
  normative: 'normative',
  licensing: 'licensing',
  penalty: 'penalty',
  coercion: 'coercion',
  fees_wan_yuan: 'fees',
  other_services: 'other_services',
  procurement: 'procurement',
};
const trialColumns = (item: Table1Item) => TRIAL_TABLE1.find((t) => t.rows.some((r) => r.key === TRIAL_ROW[item]))!.columns;

export function readProactive(tokens: Token[], until: number, model: ReportModel, findings: Finding[], suppressBlank: Set<string>, format: ReportFormat, lines: string[] = []) {
  const p = model.proactive;
  let facts: StatedProactive[] | null = null;
  const found = new Set<Table1Item>();
  const trial = format === '2019';
  const labels = TABLE1_LABELS.filter((s) => trial || !s.trialOnly);
  if (trial) model.proactive_2019 ??= emptyTrialProactive(null);
  for (let i = 0; i < until; i++) {
    const tok = tokens[i];
    if (tok.t !== 'text' || tok.s.length > 30) continue;
    const core = labelCore(tok.s);
    const spec = labels.find((s) => !found.has(s.item) && (s.exact.includes(core) || s.reworded.includes(core)));
    if (!spec) continue;
    const printed: Array<{ s: string; v: number | null }> = [];
    let j = i + 1;
    while (j < until && tokens[j].t === 'num') printed.push(tokens[j] as Extract<Token, { t: 'num' }>), j++;
    let nums = printed.map((n) => n.v);
    // How many numbers the row has: 2021: 3 for 规章/规范性文件, 1 otherwise; 2019 trial: 3, 3 (上一年项目数量|本年增/减|处理决定数量), 2 for 收费.
    const due = trial ? trialColumns(spec.item).length : spec.item === 'rules' || spec.item === 'normative' ? 3 : 1;
    // a row printing nothing at all (a PDF's empty cells leave no text): its cells are blank — only when
    // the label stands on its own line and the next line is table 1's next row, sub-heading or header
    if (nums.length === 0 && rowEndsEmpty(tokens, i, until, labels)) nums = Array(due).fill(null);
    if (nums.length === 0) continue;
    found.add(spec.item);
    i = j - 1;
    if (spec.reworded.includes(core) && !(trial && spec.item === 'normative'))
      findings.push({
        code: 'structure.heading_wording',
        severity: 'warning',
        message: `表一的行标题写作「${tok.s}」，年度报告格式为「${spec.label}」。`,
        where: `table1/${spec.item}`,
        expected: spec.label,
        found: tok.s,
      });
    // Table 1 has no identity (regulation.md §1.2): fused digits are split only when the split is
    // forced — as many digits as cells, each digit one cell; otherwise the row is not guessed.
    const digits = printed.reduce((n, x) => n + (x.v !== null && /^\d+$/.test(x.s) ? x.s.length : 1), 0);
    const stated = (spec.item === 'rules' || spec.item === 'normative') && !trial && nums.length < due ? (facts ??= statedProactive(lines.join('\n'))).filter((f) => f.item === spec.item) : [];
    if (nums.length < due && stated.length) {
      const mine = stated;
      const readings = withProse(printed, mine);
      if (readings.length === 1) {
        nums = readings[0];
        const said = mine.map((f) => `${COLUMN_LABELS[f.column]} ${f.value}（「${f.excerpt}」）`).join('、');
        findings.push({
          code: 'parse.recovered',
          severity: 'warning',
          message: `表一「${tok.s}」应有 3 个数字，读到 ${printed.length} 个（${printed.map((x) => x.s).join(' ')}）；表一没有勾稽关系，按正文所述${said}唯一确定为 ${nums.join('、')}。`,
          where: `table1/${spec.item}`,
          expected: nums.join(','),
          found: printed.map((x) => x.s).join(' '),
        });
      }
    }
    if (nums.length < due && digits === due) {
      nums = printed.flatMap((x) => (x.v !== null && /^\d+$/.test(x.s) ? [...x.s].map(Number) : [x.v]));
      findings.push({
        code: 'parse.recovered',
        severity: 'warning',
        message: `表一「${tok.s}」应有 ${due} 个数字，读到 ${printed.length} 个（${printed.map((x) => x.s).join(' ')}），相邻单元格的数字粘连；共 ${due} 位数字、每格一位，拆分为 ${nums.join('、')}。`,
        where: `table1/${spec.item}`,
        expected: nums.join(','),
        found: printed.map((x) => x.s).join(' '),
      });
    }
    if (nums.length !== due) {
      const fused = printed.filter((x) => x.v !== null && /^\d{2,}$/.test(x.s)).map((x) => `「${x.s}」`);
      for (const c of blankKeys(spec.item, trial)) suppressBlank.add(c);
      findings.push({
        code: 'parse.unreadable',
        severity: 'error',
        message:
          nums.length < due && fused.length
            ? `表一「${tok.s}」应有 ${due} 个数字，读到 ${nums.length} 个（${printed.map((x) => x.s).join(' ')}），${fused.join('')}可能是相邻单元格的数字粘连；表一没有勾稽关系可以核对，不作猜测，这一行无法读取。`
            : `表一「${tok.s}」应有 ${due} 个数字，读到 ${nums.length} 个（${printed.map((x) => x.s).join(' ')}），无法确定各格。`,
        where: `table1/${spec.item}`,
        found: printed.map((x) => x.s).join(' '),
      });
      continue;
    }
    if (trial) trialColumns(spec.item).forEach((c, k) => (model.proactive_2019![TRIAL_ROW[spec.item]][c.key] = nums[k]));
    if (spec.item === 'other_services' || spec.item === 'procurement') continue; // trial only: no 2021 cell
    if (spec.item === 'rules' || spec.item === 'normative') {
      // 2019 trial: 本年新制作数量 | 本年新公开数量 | 对外公开总数量 → issued, (none), in_force
      p[spec.item] = trial ? { issued: nums[0], repealed: null, in_force: nums[2] } : { issued: nums[0], repealed: nums[1], in_force: nums[2] };
    } else if (spec.item === 'fees_wan_yuan') {
      p.fees_wan_yuan = trial ? null : nums[0];
    } else {
      p[spec.item] = trial ? nums[2] : nums[0];
    }
  }
  const missing = labels.filter((s) => !found.has(s.item));
  if (missing.length === labels.length) {
    for (const s of labels) for (const c of blankKeys(s.item, trial)) suppressBlank.add(c);
    findings.push({ code: 'parse.unreadable', severity: 'error', message: '没有找到表一「主动公开政府信息情况」（未识别出「规章」「行政许可」等行及其数字）。', where: 'table1' });
    return;
  }
  for (const s of missing) {
    for (const c of blankKeys(s.item, trial)) suppressBlank.add(c);
    findings.push({ code: 'parse.unreadable', severity: 'error', message: `表一没有找到「${s.label}」这一行。`, where: `table1/${s.item}` });
  }
}

/** What may follow a row of table 1 on the next line: another row's label, a 第二十条 sub-heading, a column header, the next section. */
const NEXT_IN_TABLE1 = /^(?:第二十条|信息内容|[三四]、)/;

/** The label token `i` is alone on its line and the next line starts table 1's next row (or leaves the table). */
function rowEndsEmpty(tokens: Token[], i: number, until: number, labels: typeof TABLE1_LABELS): boolean {
  const tok = tokens[i];
  const next = tokens[i + 1];
  if (tokens[i - 1]?.line === tok.line) return false;
  if (!next) return false;
  if (next.t !== 'text' || next.line === tok.line) return false;
  const core = labelCore(next.s);
  return i + 1 >= until || NEXT_IN_TABLE1.test(next.s) || labels.some((s) => s.exact.includes(core));
}

/** The cell keys of a row of table 1 (both the 2021 projection's and, in the trial format, its own). */
function blankKeys(item: Table1Item, trial: boolean): string[] {
  const keys = item === 'rules' || item === 'normative' ? ['issued', 'repealed', 'in_force'].map((c) => `table1/${item}/${c}`) : [`table1/${item}`];
  if (trial) keys.push(...trialColumns(item).map((c) => `table1/${TRIAL_ROW[item]}/${c.key}`));
  return keys;
}
