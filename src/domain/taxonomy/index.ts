/**
 * The taxonomy of the national annual-report format (国办公开办函〔2021〕30号) and of the
 * Regulations (《中华人民共和国政府信息公开条例》, 2019): applicant columns, the 21 outcome leaves
 * of table 2, appeal kinds and results, and the receipt channels of 第三十一条.
 *
 * Codes are public contracts (shared/docs/contracts.md §1): never rename them.
 */

/** The six stored applicant columns of table 2, in the order of the format. */
export const APPLICANT_TYPES = [
  'natural',
  'org.business',
  'org.research',
  'org.public_interest',
  'org.legal_service',
  'org.other',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** The seven columns of table 2: the six applicant types and the computed 总计. */
export const TABLE2_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;
export type Table2Column = (typeof TABLE2_COLUMNS)[number];

export const APPLICANT_TYPE_LABELS: Record<Table2Column, string> = {
  natural: '自然人',
  'org.business': '商业企业',
  'org.research': '科研机构',
  'org.public_interest': '社会公益组织',
  'org.legal_service': '法律服务机构',
  'org.other': '其他',
  total: '总计',
};

/** Whether an applicant type is a 法人或其他组织 (the five sub-columns) rather than a 自然人. */
export function isOrganisation(type: ApplicantType): boolean {
  return type !== 'natural';
}

/** The groups of outcome leaves, （一）…（六） of 三、本年度办理结果. */
export const OUTCOME_GROUPS = {
  public: { numeral: '（一）', label: '予以公开' },
  partial: { numeral: '（二）', label: '部分公开（区分处理的，只计这一情形，不计其他情形）' },
  withheld: { numeral: '（三）', label: '不予公开' },
  unavailable: { numeral: '（四）', label: '无法提供' },
  not_handled: { numeral: '（五）', label: '不予处理' },
  other: { numeral: '（六）', label: '其他处理' },
} as const;
export type OutcomeGroup = keyof typeof OUTCOME_GROUPS;

/**
 * The kind of letter (告知书) an outcome is answered with. One per family of 第三十六条 replies;
 * the letter templates (issue 4) key on these.
 */
export type LetterKind =
  | 'disclosure' // 政府信息公开告知书 (予以公开)
  | 'partial_disclosure' // 部分公开告知书 (第三十七条)
  | 'non_disclosure' // 不予公开告知书
  | 'not_exist' // 政府信息不存在告知书 / 非本机关负责
  | 'no_creation' // 不予提供（需另行制作）告知书 (第三十八条)
  | 'unclear' // 无法提供（补正后仍不明确）告知书
  | 'not_handled' // 不予处理告知书
  | 'termination'; // 不再处理告知书 (逾期不补正 / 逾期未缴费 / 其他)

export interface OutcomeLeaf {
  /** Contract code (contracts.md §1), e.g. `withheld.state_secret`. */
  code: string;
  group: OutcomeGroup;
  /** The leaf's number inside its group ("1." …), empty for （一）（二）. */
  item: string;
  /** The row label exactly as printed in the 2021 template. */
  label: string;
  /** The articles of the Regulations the decision rests on (regulation.md §2 mapping table). */
  articles: string[];
  letterKind: LetterKind;
  /**
   * 行政复议法（2023）第二十三条第一款第四项: 申请政府信息公开，行政机关不予公开 — the applicant must
   * apply for 复议 before suing. True for every （三）不予公开 leaf.
   */
  reconsiderationFirst: boolean;
}

function leaf(
  code: string,
  group: OutcomeGroup,
  item: string,
  label: string,
  articles: string[],
  letterKind: LetterKind,
): OutcomeLeaf {
  return { code, group, item, label, articles, letterKind, reconsiderationFirst: group === 'withheld' };
}

/** The 21 outcome leaves of table 2 (2021 format), in the order of the format. */
export const OUTCOME_LEAVES: readonly OutcomeLeaf[] = [
  leaf('public', 'public', '', '（一）予以公开', ['第三十六条第一项', '第三十六条第二项'], 'disclosure'),
  leaf('partial', 'partial', '', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ['第三十七条'], 'partial_disclosure'),
  leaf('withheld.state_secret', 'withheld', '1', '1.属于国家秘密', ['第十四条', '第三十六条第三项'], 'non_disclosure'),
  leaf('withheld.prohibited', 'withheld', '2', '2.其他法律行政法规禁止公开', ['第十四条', '第三十六条第三项'], 'non_disclosure'),
  leaf('withheld.security_stability', 'withheld', '3', '3.危及“三安全一稳定”', ['第十四条', '第三十六条第三项'], 'non_disclosure'),
  leaf('withheld.third_party', 'withheld', '4', '4.保护第三方合法权益', ['第十五条', '第三十二条', '第三十六条第三项'], 'non_disclosure'),
  leaf('withheld.internal_affairs', 'withheld', '5', '5.属于三类内部事务信息', ['第十六条第一款', '第三十六条第三项'], 'non_disclosure'),
  leaf('withheld.process_info', 'withheld', '6', '6.属于四类过程性信息', ['第十六条第二款', '第三十六条第三项'], 'non_disclosure'),
  leaf('withheld.enforcement_file', 'withheld', '7', '7.属于行政执法案卷', ['第十六条第二款', '第三十六条第三项'], 'non_disclosure'),
  leaf('withheld.inquiry', 'withheld', '8', '8.属于行政查询事项', ['第三十六条第七项'], 'non_disclosure'),
  leaf('unavailable.not_held', 'unavailable', '1', '1.本机关不掌握相关政府信息', ['第三十六条第四项', '第三十六条第五项'], 'not_exist'),
  leaf('unavailable.needs_creation', 'unavailable', '2', '2.没有现成信息需要另行制作', ['第三十八条'], 'no_creation'),
  leaf('unavailable.unclear_after_correction', 'unavailable', '3', '3.补正后申请内容仍不明确', ['第三十条'], 'unclear'),
  leaf('not_handled.petition', 'not_handled', '1', '1.信访举报投诉类申请', ['第三十九条第一款'], 'not_handled'),
  leaf('not_handled.duplicate', 'not_handled', '2', '2.重复申请', ['第三十六条第六项'], 'not_handled'),
  leaf('not_handled.publication', 'not_handled', '3', '3.要求提供公开出版物', ['第三十九条第二款'], 'not_handled'),
  leaf('not_handled.excessive', 'not_handled', '4', '4.无正当理由大量反复申请', ['第三十五条'], 'not_handled'),
  leaf('not_handled.confirmation', 'not_handled', '5', '5.要求行政机关确认或重新出具已获取信息', [], 'not_handled'),
  leaf('other.correction_lapsed', 'other', '1', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', ['第三十条'], 'termination'),
  leaf('other.fee_lapsed', 'other', '2', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', ['第四十二条'], 'termination'),
  leaf('other.other', 'other', '3', '3.其他', [], 'termination'),
];

export type OutcomeCode =
  | 'public'
  | 'partial'
  | 'withheld.state_secret'
  | 'withheld.prohibited'
  | 'withheld.security_stability'
  | 'withheld.third_party'
  | 'withheld.internal_affairs'
  | 'withheld.process_info'
  | 'withheld.enforcement_file'
  | 'withheld.inquiry'
  | 'unavailable.not_held'
  | 'unavailable.needs_creation'
  | 'unavailable.unclear_after_correction'
  | 'not_handled.petition'
  | 'not_handled.duplicate'
  | 'not_handled.publication'
  | 'not_handled.excessive'
  | 'not_handled.confirmation'
  | 'other.correction_lapsed'
  | 'other.fee_lapsed'
  | 'other.other';

export const OUTCOME_CODES = OUTCOME_LEAVES.map((l) => l.code) as OutcomeCode[];

const OUTCOME_BY_CODE = new Map(OUTCOME_LEAVES.map((l) => [l.code, l]));

export function isOutcomeCode(code: string): code is OutcomeCode {
  return OUTCOME_BY_CODE.has(code);
}

export function outcomeLeaf(code: OutcomeCode): OutcomeLeaf {
  const found = OUTCOME_BY_CODE.get(code);
  if (!found) throw new Error(`未知的办理结果代码：${code}`);
  return found;
}

/** All rows of table 2 in the order of the format (contracts.md §1). */
export const TABLE2_ROWS = ['new', 'carried_in', ...OUTCOME_CODES, 'total', 'carried_out'] as const;
export type Table2Row = 'new' | 'carried_in' | OutcomeCode | 'total' | 'carried_out';

/** Row labels of table 2 as printed (一、二、（七）总计、四、 plus the leaves). */
export const TABLE2_ROW_LABELS: Record<Table2Row, string> = {
  new: '一、本年新收政府信息公开申请数量',
  carried_in: '二、上年结转政府信息公开申请数量',
  ...(Object.fromEntries(OUTCOME_LEAVES.map((l) => [l.code, l.label])) as Record<OutcomeCode, string>),
  total: '（七）总计',
  carried_out: '四、结转下年度继续办理',
};

/** 表三: appeal kinds and results (contracts.md §1). */
export const APPEAL_KINDS = ['reconsideration', 'litigation_direct', 'litigation_after_reconsideration'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];
export const APPEAL_KIND_LABELS: Record<AppealKind, string> = {
  reconsideration: '行政复议',
  litigation_direct: '行政诉讼·未经复议直接起诉',
  litigation_after_reconsideration: '行政诉讼·复议后起诉',
};

export const APPEAL_RESULTS = ['upheld', 'corrected', 'other', 'pending'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];
export const APPEAL_COLUMNS = [...APPEAL_RESULTS, 'total'] as const;
export type AppealColumn = (typeof APPEAL_COLUMNS)[number];
export const APPEAL_RESULT_LABELS: Record<AppealColumn, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};

/**
 * 表一 主动公开政府信息情况 (国办公开办函〔2021〕30号), as printed: 第二十条第（一）项's two kinds of
 * document with three columns each, and the four figures of 第（五）（六）（八）项. Every label of
 * table 1 (the renderers, the compiler's explanations, the checks, the figures form) comes from here.
 */
export const TABLE1_DOCUMENT_KINDS = ['rules', 'normative'] as const;
export type Table1DocumentKind = (typeof TABLE1_DOCUMENT_KINDS)[number];
export const TABLE1_DOCUMENT_KIND_LABELS: Record<Table1DocumentKind, string> = { rules: '规章', normative: '行政规范性文件' };
export const TABLE1_DOCUMENT_COLUMNS = ['issued', 'repealed', 'in_force'] as const;
export type Table1DocumentColumn = (typeof TABLE1_DOCUMENT_COLUMNS)[number];
export const TABLE1_DOCUMENT_COLUMN_LABELS: Record<Table1DocumentColumn, string> = {
  issued: '本年制发件数',
  repealed: '本年废止件数',
  in_force: '现行有效件数',
};
/** The item of 第二十条 that table 1's document rows report. */
export const TABLE1_DOCUMENT_ITEM = '第二十条第（一）项';

/** The figures of table 1, as the report model names them. */
export const FIGURE_ITEMS = ['licensing', 'penalty', 'coercion', 'fees_wan_yuan'] as const;
export type FigureItem = (typeof FIGURE_ITEMS)[number];

export interface FigureDefinition {
  /** The row label as printed. */
  label: string;
  /** The item of 第二十条 it reports (the table's sub-heading). */
  article20Item: string;
  /** The column as printed, without its unit. */
  column: string;
  unit: '件' | '万元';
}
export const FIGURES: Record<FigureItem, FigureDefinition> = {
  licensing: { label: '行政许可', article20Item: '第二十条第（五）项', column: '本年处理决定数量', unit: '件' },
  penalty: { label: '行政处罚', article20Item: '第二十条第（六）项', column: '本年处理决定数量', unit: '件' },
  coercion: { label: '行政强制', article20Item: '第二十条第（六）项', column: '本年处理决定数量', unit: '件' },
  fees_wan_yuan: { label: '行政事业性收费', article20Item: '第二十条第（八）项', column: '本年收费金额', unit: '万元' },
};
/** A figure's column header as printed: 「本年收费金额（单位：万元）」. */
export function figureColumnHeader(item: FigureItem): string {
  const f = FIGURES[item];
  return f.unit === '万元' ? `${f.column}（单位：万元）` : f.column;
}
/** A figure named with its column, for forms and explanations: 「行政事业性收费（本年收费金额，万元）」. */
export function figureLongLabel(item: FigureItem): string {
  const f = FIGURES[item];
  return `${f.label}（${f.column}${f.unit === '万元' ? '，万元' : ''}）`;
}

/** Receipt channels of 第三十一条. */
export const CHANNELS = ['in_person', 'mail_signed', 'mail_unsigned', 'online', 'fax', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  in_person: '当面提交',
  mail_signed: '邮寄（签收）',
  mail_unsigned: '平常信函',
  online: '互联网',
  fax: '传真',
  email: '电子邮件',
};

/** The six statutory sections of the report (国办公开办函〔2021〕30号 template headings). */
export const REPORT_SECTIONS = [
  { key: 'overview', numeral: '一', heading: '总体情况' },
  { key: 'proactive', numeral: '二', heading: '主动公开政府信息情况' },
  { key: 'applications', numeral: '三', heading: '收到和处理政府信息公开申请情况' },
  { key: 'appeals', numeral: '四', heading: '政府信息公开行政复议、行政诉讼情况' },
  { key: 'problems', numeral: '五', heading: '存在的主要问题及改进情况' },
  { key: 'other', numeral: '六', heading: '其他需要报告的事项' },
] as const;
export type ReportSectionKey = (typeof REPORT_SECTIONS)[number]['key'];

/**
 * The 2019 trial format (国办公开办函〔2019〕60号, report years 2019–2020): table 2 has a single
 * （六）其他处理 row, read into `other.other` (contracts.md §1). Its other leaves are the 2021 ones.
 */
export const TRIAL_2019_SINGLE_OTHER_ROW = { label: '（六）其他处理', code: 'other.other' as OutcomeCode };
/** The 2019 trial format's outcome leaves: the 2021 leaves less the three of （六）, plus the single row. */
export const TRIAL_2019_OUTCOME_CODES: OutcomeCode[] = [
  ...OUTCOME_CODES.filter((c) => !c.startsWith('other.')),
  'other.other',
];
