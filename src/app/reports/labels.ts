/** Chinese labels for finding places (`where`) and severities, for pages. */
import {
  APPEAL_KIND_LABELS,
  APPEAL_RESULT_LABELS,
  APPLICANT_TYPE_LABELS,
  REPORT_SECTIONS,
  FIGURE_ITEMS,
  FIGURES,
  TABLE1_DOCUMENT_COLUMN_LABELS,
  TABLE1_DOCUMENT_KIND_LABELS,
  TABLE2_ROW_LABELS,
  type AppealKind,
  type Table2Column,
  type Table2Row,
} from '../../domain/taxonomy/index.ts';
import { TRIAL_FIGURE_LABELS, TRIAL_TABLE1 } from '../../domain/taxonomy/table1-2019.ts';

export const SEVERITY_LABELS: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };

const TABLE1: Record<string, string> = {
  // the 2019 trial table's rows and columns (its 规范性文件 label is the trial one; the 2021 labels below win)
  ...Object.fromEntries(TRIAL_TABLE1.flatMap((item) => [...item.rows.map((r) => [r.key, r.label]), ...item.columns.map((c) => [c.key, c.label])])),
  ...TABLE1_DOCUMENT_KIND_LABELS,
  ...TABLE1_DOCUMENT_COLUMN_LABELS,
  ...Object.fromEntries(FIGURE_ITEMS.map((item) => [item, FIGURES[item].label])),
};

/** `table2/new/natural` → 「表二 一、本年新收政府信息公开申请数量 · 自然人」 and so on. */
export function whereLabel(where: string | undefined): string {
  if (!where) return '整份报告';
  const [head, a, b] = where.split('/');
  switch (head) {
    case 'table1':
      return ['表一', a && (TABLE1[a] ?? a), b && (TABLE1[b] ?? b)].filter(Boolean).join(' · ');
    case 'table2': {
      const row = a && (TABLE2_ROW_LABELS as Record<string, string>)[a];
      const col = b ?? (a && !row ? a : undefined);
      return ['表二', row ?? '', col ? (APPLICANT_TYPE_LABELS[col as Table2Column] ?? col) + '列' : ''].filter(Boolean).join(' · ');
    }
    case 'table3':
      return ['表三', a && (APPEAL_KIND_LABELS[a as AppealKind] ?? a), b && ((APPEAL_RESULT_LABELS as Record<string, string>)[b] ?? (b === 'total' ? '总计' : b))]
        .filter(Boolean)
        .join(' · ');
    case 'section': {
      const s = REPORT_SECTIONS.find((x) => x.key === a);
      return s ? `第${s.numeral}部分「${s.heading}」` : a === 'numeral' ? `编号「${b}」` : where;
    }
    case 'text':
      return `正文：「${where.slice(5)}」`;
    case 'published':
      return '发布日期';
    case 'document':
      return '整份文件';
    case 'part':
      return `下级机关 ${a}`;
    case 'application':
      return `申请 ${a}`;
    case 'figures':
      return `${a}年度「${(TRIAL_FIGURE_LABELS as Record<string, string>)[b] ?? b}」`;
    case 'rollup':
      return '汇总范围';
    default:
      return where;
  }
}

export function tableRowLabel(row: string): string {
  return (TABLE2_ROW_LABELS as Record<string, string>)[row as Table2Row] ?? row;
}
