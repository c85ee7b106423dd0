/**
 * Table 3 (国办公开办函〔2021〕30号, regulation.md §1.4): 15 numbers — 行政复议, 行政诉讼·未经复议直接起诉,
 * 行政诉讼·复议后起诉, each 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计.
 */
import { APPEAL_COLUMNS, APPEAL_KINDS } from '../taxonomy/index.ts';
import type { Cell, Finding, ReportModel } from '../report/model.ts';
import { labelCore, type Token } from './tokens.ts';
import { fusedCandidates } from './fused.ts';

/**
 * Words of table 3's header (two levels, often cut or run together; a table split in two, 行政复议 then
 * 行政诉讼, with 「（续表）」「单位：件」 between): what remains of a header once they are removed is nothing.
 */
const HEADER_WORDS = /行政复议|行政诉讼|未经复议直接起诉|复议后起诉|结果|维持|纠正|其他|尚未|审结|总计|合计|续表|单位|总|计|注|件/g;
const isHeader = (core: string) => core.replace(HEADER_WORDS, '').length <= 1;
const START = /结果维持|尚未审结|维持.{0,6}纠正|行政复议.{0,4}行政诉讼|^行政复议$/;
const SECTION = /^[五六七]、/;

/**
 * Read the 15 numbers after `from` (the end of table 2). `truncated`: the text already ended inside
 * table 2, so table 3 was never received (its cells stay null, nothing is reported missing).
 */
export function readAppeals(tokens: Token[], from: number, model: ReportModel, findings: Finding[], suppressBlank: Set<string>, truncated = false): { truncated: boolean } {
  const nulls = () => {
    for (const k of APPEAL_KINDS) for (const c of APPEAL_COLUMNS) {
      suppressBlank.add(`table3/${k}/${c}`);
      model.appeals[k][c] = null;
    }
  };
  if (truncated) {
    nulls();
    return { truncated: true };
  }
  const unreadable = (message: string) => {
    nulls();
    findings.push({ code: 'parse.unreadable', severity: 'error', message, where: 'table3' });
    return { truncated: false };
  };
  let start = -1;
  for (let i = from; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'text' && tok.s.length < 200 && !tok.s.includes('。') && !/情况$/.test(tok.s) && START.test(labelCore(tok.s))) {
      start = i;
      break;
    }
  }
  if (start < 0) return unreadable('没有找到表三「政府信息公开行政复议、行政诉讼情况」（未识别出「结果维持」等列标题）。');
  const nums: Array<{ s: string; v: number | null }> = [];
  let i = start;
  for (; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'num') nums.push({ s: tok.s, v: tok.v });
    else if (SECTION.test(tok.s)) break;
    else if (!isHeader(labelCore(tok.s)) && nums.length) break;
    if (nums.length >= 15 && tokens[i + 1]?.t !== 'num') {
      i++;
      break;
    }
  }
  if (nums.length < 15 && i >= tokens.length && !nums.some((n) => n.s.length > 1)) {
    // the text ends inside table 3
    nulls();
    findings.push({
      code: 'parse.truncated',
      severity: 'error',
      message: `文本在表三中间中断（只收到 ${nums.length} 个数字）：表三和后面的部分都没有收到，不作为空白或缺失处理；请取得完整的报告再审核。`,
      where: 'table3',
    });
    return { truncated: true };
  }
  let cells: Array<number | null> | null = null;
  if (nums.length === 15 || (nums.length > 15 && nums.slice(15).every((n) => n.v === null))) {
    cells = nums.slice(0, 15).map((n) => n.v);
  } else if (nums.length > 0 && nums.length < 15) {
    const groupsOk = (c: Cell[]) => {
      for (let g = 0; g < 3; g++) {
        const part = c.slice(g * 5, g * 5 + 5);
        if (part.some((x) => x === null)) continue;
        if ((part[4] as number) !== (part[0] as number) + (part[1] as number) + (part[2] as number) + (part[3] as number)) return false;
      }
      return true;
    };
    // as many digits as cells: one digit a cell, whatever the totals say (they are then checked as printed)
    const forced = nums.reduce((n, x) => n + (x.v !== null && /^\d+$/.test(x.s) ? x.s.length : 1), 0) === 15;
    const { candidates } = fusedCandidates(nums, 15, forced ? () => true : groupsOk, 10);
    if (candidates.length > 1) {
      nulls();
      findings.push({
        code: 'parse.ambiguous',
        severity: 'error',
        message: `表三的数字粘连（${nums.map((n) => n.s).join(' ')}），有 ${candidates.length}${candidates.length >= 10 ? ' 种以上' : ' 种'}拆分都满足「总计 = 四项结果之和」，无法确定，不作猜测；可能的读法：${candidates.slice(0, 4).map((c) => c.join('|')).join(' / ')}。`,
        where: 'table3',
        expected: candidates.map((c) => c.join(',')).join(' / '),
        found: nums.map((n) => n.s).join(' '),
      });
      return { truncated: false };
    }
    if (candidates.length === 1) {
      cells = candidates[0];
      findings.push({
        code: 'parse.recovered',
        severity: 'warning',
        message: forced
          ? `表三的 15 个单元格粘连成 ${nums.map((n) => n.s).join(' ')}（共 15 位数字），每格一位，拆分为 ${cells.join('、')}（15 格均为推算）。`
          : `表三只有 ${nums.length} 个数字（${nums.map((n) => n.s).join(' ')}），相邻单元格的数字粘连；按「总计 = 四项结果之和」唯一拆分为 ${cells.join('、')}（15 格均为推算）。`,
        where: 'table3',
        expected: cells.join(','),
        found: nums.map((n) => n.s).join(' '),
      });
    } else {
      return unreadable(`表三应有 15 个数字，读到 ${nums.length} 个（${nums.map((n) => n.s).join(' ')}），没有一种拆分满足「总计 = 四项结果之和」，无法确定各格。`);
    }
  } else {
    return unreadable(nums.length === 0 ? '表三没有读到任何数字。' : `表三应有 15 个数字，读到 ${nums.length} 个，无法确定各格。`);
  }
  APPEAL_KINDS.forEach((k, g) => APPEAL_COLUMNS.forEach((c, i) => (model.appeals[k][c] = cells![g * 5 + i])));
  return { truncated: false };
}

