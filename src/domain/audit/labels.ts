/**
 * The labels of the three statutory tables (国办公开办函〔2021〕30号, regulation.md §1.2–1.4, and the
 * 2019 trial format, §1.7) as anchors to read against: which row of table 2 a printed label is,
 * including labels cut by a line break (a prefix of the label), reworded ones (a signature word)
 * and fused ones (a label run together with the digits around it, found inside a longer text).
 */
import { OUTCOME_CODES, TABLE2_ROWS, TABLE2_ROW_LABELS, type Table2Row } from '../taxonomy/index.ts';
import { labelCore } from './tokens.ts';

interface RowSpec {
  row: Table2Row;
  canonical: string;
  signatures: string[];
}

const SIGNATURES: Partial<Record<Table2Row, string[]>> = {
  new: ['本年新收', '新收政府信息公开申请'],
  carried_in: ['上年结转'],
  public: ['予以公开'],
  partial: ['部分公开'],
  'withheld.state_secret': ['国家秘密'],
  'withheld.prohibited': ['禁止公开'],
  'withheld.security_stability': ['三安全一稳定'],
  'withheld.third_party': ['第三方合法权益'],
  'withheld.internal_affairs': ['内部事务'],
  'withheld.process_info': ['过程性信息'],
  'withheld.enforcement_file': ['执法案卷'],
  'withheld.inquiry': ['查询事项'],
  'unavailable.not_held': ['不掌握'],
  'unavailable.needs_creation': ['另行制作'],
  'unavailable.unclear_after_correction': ['补正后'],
  'not_handled.petition': ['信访'],
  'not_handled.duplicate': ['重复申请'],
  'not_handled.publication': ['出版物'],
  'not_handled.excessive': ['大量反复'],
  'not_handled.confirmation': ['重新出具'],
  'other.correction_lapsed': ['逾期不补正'],
  'other.fee_lapsed': ['收费通知', '缴纳费用'],
  carried_out: ['结转下年', '结转下一年'],
};

const ROW_SPECS: RowSpec[] = TABLE2_ROWS.map((row) => ({
  row,
  canonical: labelCore(TABLE2_ROW_LABELS[row]),
  signatures: SIGNATURES[row] ?? [],
}));

const LEAVES: ReadonlySet<string> = new Set(OUTCOME_CODES);

/** Policy (ours): a piece of a label cut by a line break is recognised from this many characters. */
const MIN_PREFIX = 5;

export interface RowMatch {
  row: Table2Row;
  /** The statutory wording (not reworded, not cut). */
  exact: boolean;
  /** Only the first part of the label was printed here (cut by a line break). */
  cut?: boolean;
}

/** Which row of table 2 a label is, given the row read just before (「其他」「总计」 depend on it). */
export function matchRow(core: string, lastRow: Table2Row | null): RowMatch | null {
  if (!core || core.length > 60) return null;
  if (core === '其他' || core === '总计' || core === '合计') return matchContextual(core, lastRow);
  // the same labels recur in every report of a bulk audit: remember them (bounded)
  const hit = matchCache.get(core);
  if (hit !== undefined) return hit;
  const found = matchLabel(core);
  if (matchCache.size >= 20_000) matchCache.clear();
  matchCache.set(core, found);
  return found;
}
const matchCache = new Map<string, RowMatch | null>();

function matchContextual(core: string, lastRow: Table2Row | null): RowMatch | null {
  if (core === '其他') return lastRow && lastRow.startsWith('other.') ? { row: 'other.other', exact: true } : null;
  return lastRow && LEAVES.has(lastRow) ? { row: 'total', exact: core === '总计' } : null;
}

function matchLabel(core: string): RowMatch | null {
  if (core === '其他处理') return { row: 'other.other', exact: true }; // the 2019 single row (only when followed by numbers)
  for (const spec of ROW_SPECS) if (spec.canonical === core) return { row: spec.row, exact: true };
  let found: RowMatch | null = null;
  for (const spec of ROW_SPECS) {
    if (spec.row === 'public' ? core.startsWith('予以公开') : spec.signatures.some((sig) => core.includes(sig))) {
      // a text naming two rows is a header (「本年新收件数 | 上年结转件数 | 予以公开…」), not a label
      if (found && found.row !== spec.row) return null;
      found = { row: spec.row, exact: false };
    }
  }
  if (found) return found;
  if (core.length >= MIN_PREFIX) for (const spec of ROW_SPECS) if (spec.canonical.startsWith(core)) return { row: spec.row, exact: false, cut: true };
  return null;
}

// ------------------------------------------------------------------ fused labels

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A printed label as a pattern: NFKC, optional spaces after the ordinal, either kind of quotes. */
function labelPattern(label: string): { ordinal: string | null; body: string } {
  const t = label.normalize('NFKC');
  const m = /^(\d{1,2})\.(.*)$/.exec(t);
  const body = (m ? m[2] : t)
    .split('')
    .map((ch) => (/[“”"]/.test(ch) ? '["“”]?' : escape(ch)))
    .join('');
  return { ordinal: m ? m[1] : null, body };
}

/** The labels that cut a fused line of table 2 (longest first, so that no label eats a longer one). */
const TABLE2_SPLIT_LABELS = [
  ...TABLE2_ROWS.map((r) => TABLE2_ROW_LABELS[r]),
  '三、本年度办理结果',
  '（三）不予公开',
  '（四）无法提供',
  '（五）不予处理',
  '（六）其他处理',
  '（六）其他',
  '申请人情况',
];
const TABLE2_SPLIT = new RegExp(
  TABLE2_SPLIT_LABELS.map(labelPattern)
    .sort((a, b) => b.body.length - a.body.length)
    .map(({ ordinal, body }) => {
      if (!ordinal) return body;
      // a short label is only a label with its ordinal (「3.其他」, not the word 其他)
      if (body.length < 8) return `${ordinal}[.、]\\s?${body === '其他' ? '其他(?![法处情结需])' : body}`;
      return `(?:${ordinal}[.、]\\s?)?${body}`;
    })
    .join('|'),
  'g',
);

const TABLE1_SPLIT = new RegExp(
  [
    '第二十条第\\([一二三四五六七八九十]+\\)项',
    '行政规范性文件',
    '(?<!行政)规范性文件',
    '规章',
    '行政许可',
    '其他对外管理服务事项',
    '行政处罚',
    '行政强制',
    '行政事业性收费',
    '政府集中采购',
    '信息内容',
    '本年制发件数',
    '本年废止件数',
    '现行有效件数',
    '本年处理决定数量',
    '本年收费金额\\(单位:万元\\)',
    '本年新制作数量',
    '本年新公开数量',
    '对外公开总数量',
    '上一年项目数量',
    '本年增/减',
    '处理决定数量',
    '采购项目数量',
    '采购总金额',
  ].join('|'),
  'g',
);

/** Cut a line at every match of `re` (the matches on their own pieces); pieces are trimmed, empty ones dropped. */
function cutAt(line: string, re: RegExp): string[] {
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push(line.slice(last, m.index), m[0]);
    last = m.index + m[0].length;
  }
  out.push(line.slice(last));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** A line of table 2 whose labels and digits ran together → one piece per label and per digit run. */
export function splitTable2Line(line: string): string[] {
  return cutAt(line, TABLE2_SPLIT);
}

/** A line of table 1 whose labels and digits ran together (「规章000行政规范性文件14683」). */
export function splitTable1Line(line: string): string[] {
  return cutAt(line, TABLE1_SPLIT);
}

/** A line of table 3 (its header words and its digits): digits cut from the text around them. */
export function splitDigits(line: string): string[] {
  return line
    .split(/(?<=[0-9])(?=[^0-9.\s|,/-])|(?<=[^0-9.\s|,/-])(?=[0-9])/)
    .map((s) => s.trim())
    .filter(Boolean);
}
