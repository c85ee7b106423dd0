/**
 * First drafts of the report's prose sections, written from the tables so that every number in
 * them agrees with the tables (the checks verify it: finding `text.number_mismatch`).
 *
 * What the data cannot say is left as a visible placeholder 「【待填写：…】」 for the agency to
 * complete — never an invented sentence. `hasPlaceholder()` tells whether a draft is unfinished.
 *
 * Section contents follow 国办公开办函〔2021〕30号 一、报告内容 (regulation.md §1.1).
 */
import { APPEAL_KINDS, OUTCOME_LEAVES, type OutcomeGroup } from '../taxonomy/index.ts';
import type { ReportModel, ReportSections, TrialProactiveTable } from './model.ts';
import { cellText } from './render/layout.ts';

export const PLACEHOLDER_OPEN = '【待填写：';
export const PLACEHOLDER_CLOSE = '】';

export function placeholder(what: string): string {
  return `${PLACEHOLDER_OPEN}${what}${PLACEHOLDER_CLOSE}`;
}

/** Whether a text still holds a placeholder the agency must complete. */
export function hasPlaceholder(text: string): boolean {
  return text.includes(PLACEHOLDER_OPEN);
}

function n(value: number | null): string {
  return value == null ? '（空）' : String(value);
}

/** An amount in 万元 with every decimal it has (amount.ts). */
function amount(value: number | null): string {
  return value == null ? '（空）' : cellText(value, true);
}

/** 表一 of the 2019 trial format in a sentence (its own columns: 新制作, 新公开, 对外公开总数量, 政府集中采购). */
function trialProactiveSentence(t: TrialProactiveTable): string {
  const c = (row: string, col: string) => n(t[row]?.[col] ?? null);
  return (
    `本年新制作规章${c('rules', 'made')}件、规范性文件${c('normative', 'made')}件，新公开规章${c('rules', 'published')}件、规范性文件${c('normative', 'published')}件；截至年底，对外公开规章${c('rules', 'total')}件、规范性文件${c('normative', 'total')}件。` +
    `本年作出行政许可决定${c('licensing', 'decisions')}件、其他对外管理服务事项决定${c('other_services', 'decisions')}件、行政处罚决定${c('penalty', 'decisions')}件、行政强制决定${c('coercion', 'decisions')}件；政府集中采购项目${c('procurement', 'count')}个，采购总金额${amount(t.procurement?.amount_wan_yuan ?? null)}万元。`
  );
}

function groupSum(model: ReportModel, group: OutcomeGroup): number {
  let sum = 0;
  for (const leaf of OUTCOME_LEAVES) if (leaf.group === group) sum += model.applications[leaf.code as keyof ReportModel['applications']].total ?? 0;
  return sum;
}

/** The sentence on table 2's balance, e.g. 「本年新收政府信息公开申请1件，上年结转0件，办结1件，结转下年度0件。」 */
export function applicationsSentence(model: ReportModel): string {
  const a = model.applications;
  return `本年新收政府信息公开申请${n(a.new.total)}件，上年结转${n(a.carried_in.total)}件，办结${n(a.total.total)}件，结转下年度${n(a.carried_out.total)}件。`;
}

/**
 * Draft of 「一、总体情况」 with the five sub-topics the format lists: 「主要包括主动公开、依申请公开、
 * 政府信息管理、政府信息公开平台建设、监督保障（含…“工作考核、社会评议和责任追究结果情况”）等方面」
 * (S1 一（一）). Data-driven sentences where data exists; placeholders elsewhere.
 */
export function draftOverview(model: ReportModel): string {
  const p = model.proactive;
  const a = model.applications;
  const results = [
    `予以公开${groupSum(model, 'public')}件`,
    `部分公开${groupSum(model, 'partial')}件`,
    `不予公开${groupSum(model, 'withheld')}件`,
    `无法提供${groupSum(model, 'unavailable')}件`,
    `不予处理${groupSum(model, 'not_handled')}件`,
    `其他处理${groupSum(model, 'other')}件`,
  ].join('，');
  const reconsideration = model.appeals.reconsideration.total ?? 0;
  const litigation = APPEAL_KINDS.filter((k) => k !== 'reconsideration').reduce((s, k) => s + (model.appeals[k].total ?? 0), 0);
  return [
    '（一）主动公开',
    (model.format === '2019' && model.proactive_2019 ? trialProactiveSentence(model.proactive_2019) :
    `本年制发规章${n(p.rules.issued)}件、行政规范性文件${n(p.normative.issued)}件，废止规章${n(p.rules.repealed)}件、行政规范性文件${n(p.normative.repealed)}件；截至年底，现行有效规章${n(p.rules.in_force)}件、行政规范性文件${n(p.normative.in_force)}件。本年作出行政许可决定${n(p.licensing)}件、行政处罚决定${n(p.penalty)}件、行政强制决定${n(p.coercion)}件，行政事业性收费${amount(p.fees_wan_yuan)}万元。`) +
      placeholder('主动公开的其他重点工作'),
    '（二）依申请公开',
    applicationsSentence(model) + (a.total.total ? `办结的申请中，${results}。` : '') + placeholder('依申请公开的办理机制和工作情况'),
    '（三）政府信息管理',
    placeholder('政府信息公开审查、规范性文件管理、信息发布管理等情况'),
    '（四）政府信息公开平台建设',
    placeholder('政府网站公开专栏、政务新媒体等平台建设情况'),
    '（五）监督保障',
    `本年因政府信息公开工作被申请行政复议${reconsideration}件、被提起行政诉讼${litigation}件。` +
      placeholder('工作考核、社会评议和责任追究结果情况，培训和监督检查情况'),
  ].join('\n');
}

/**
 * Skeleton of 「五、存在的主要问题及改进情况」: this section cannot be drafted from data. The format
 * asks 「重在实事求是、明确具体，避免笼统模糊、泛泛而谈。查找问题要有针对性，改进举措要有实效性，
 * 不得出现敷衍了事甚至年年雷同现象。」 (S1 一（五）), so the draft says visibly that it must be written.
 */
export function draftProblems(): string {
  return [
    `（一）存在的主要问题：${placeholder('本机关须根据实际情况撰写本年度存在的主要问题（本段由本机关撰写，系统不代拟）')}`,
    `（二）改进情况：${placeholder('本机关须写明针对上述问题的具体改进举措及其成效，不得与往年雷同')}`,
  ].join('\n');
}

/**
 * Draft of 「六、其他需要报告的事项」: the 信息处理费 report the format requires here —
 * 「各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，在此处专门报告。」
 * (S1 一（六)) — and a placeholder for the other matters.
 * @param feesCollectedYuan 本年度收取的信息处理费（元）; 0 or absent = none collected.
 */
export function draftOther(feesCollectedYuan?: number | null): string {
  const fees =
    feesCollectedYuan != null && feesCollectedYuan > 0
      ? `本年度依据《政府信息公开信息处理费管理办法》收取信息处理费${formatYuan(feesCollectedYuan)}元。`
      : '本年度未收取信息处理费。';
  return fees + placeholder('其他需要报告的事项；没有的，删除本句');
}

function formatYuan(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** All three prose drafts for a model whose tables are filled. */
export function draftSections(model: ReportModel, options: { feesCollectedYuan?: number | null } = {}): ReportSections {
  return { overview: draftOverview(model), problems: draftProblems(), other: draftOther(options.feesCollectedYuan) };
}
