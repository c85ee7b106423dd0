/**
 * The disclosure catalogue (公开目录): the categories of an agency's 主动公开 column, each mapped in
 * this ONE place to the items of 《政府信息公开条例》第二十条 it serves.
 *
 * 第二十条: 「行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：(一)行政法规、
 * 规章和规范性文件；(二)机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名；(三)国民经济和
 * 社会发展规划、专项规划、区域规划及相关政策；(四)国民经济和社会发展统计信息；(五)办理行政许可和其他
 * 对外管理服务事项的依据、条件、程序以及办理结果；(六)实施行政处罚、行政强制的依据、条件、程序以及本
 * 行政机关认为具有一定社会影响的行政处罚决定；(七)财政预算、决算信息；(八)行政事业性收费项目及其依据、
 * 标准；(九)政府集中采购项目的目录、标准及实施情况；(十)重大建设项目的批准和实施情况；(十一)扶贫、教育、
 * 医疗、社会保障、促进就业等方面的政策、措施及其实施情况；(十二)突发公共事件的应急预案、预警信息及应对
 * 情况；(十三)环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况；(十四)公务员招考的职位、
 * 名额、报考条件等事项以及录用结果；(十五)法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息。」
 */

export const CATEGORY_CODES = [
  'functions',
  'regulations',
  'plans',
  'statistics',
  'licensing',
  'enforcement',
  'budget',
  'fees',
  'procurement',
  'projects',
  'social',
  'emergency',
  'inspection',
  'recruitment',
  'other',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export interface Category {
  code: CategoryCode;
  /** The column's name on the portal. */
  label: string;
  /** Items of 第二十条 (1–15) this category serves. */
  article20Items: readonly number[];
  /** What belongs here, for the catalogue page and its meta description. */
  description: string;
}

export const CATEGORIES: readonly Category[] = [
  { code: 'functions', label: '机构职能', article20Items: [2], description: '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名' },
  { code: 'regulations', label: '法规文件', article20Items: [1], description: '行政法规、规章和行政规范性文件' },
  { code: 'plans', label: '规划计划', article20Items: [3], description: '国民经济和社会发展规划、专项规划、区域规划及相关政策' },
  { code: 'statistics', label: '统计信息', article20Items: [4], description: '国民经济和社会发展统计信息' },
  { code: 'licensing', label: '行政许可', article20Items: [5], description: '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果' },
  { code: 'enforcement', label: '行政处罚/强制', article20Items: [6], description: '实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定' },
  { code: 'budget', label: '财政预决算', article20Items: [7], description: '财政预算、决算信息' },
  { code: 'fees', label: '收费', article20Items: [8], description: '行政事业性收费项目及其依据、标准' },
  { code: 'procurement', label: '政府采购', article20Items: [9], description: '政府集中采购项目的目录、标准及实施情况' },
  { code: 'projects', label: '重大建设项目', article20Items: [10], description: '重大建设项目的批准和实施情况' },
  { code: 'social', label: '社会事业', article20Items: [11], description: '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况' },
  { code: 'emergency', label: '应急管理', article20Items: [12], description: '突发公共事件的应急预案、预警信息及应对情况' },
  { code: 'inspection', label: '监督检查', article20Items: [13], description: '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况' },
  { code: 'recruitment', label: '人事招考', article20Items: [14], description: '公务员招考的职位、名额、报考条件等事项以及录用结果' },
  { code: 'other', label: '其他', article20Items: [15], description: '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息，以及工作动态等' },
];

const BY_CODE = new Map<string, Category>(CATEGORIES.map((c) => [c.code, c]));

export function isCategoryCode(code: string): code is CategoryCode {
  return BY_CODE.has(code);
}

export function categoryOf(code: string | null | undefined): Category {
  return (code && BY_CODE.get(code)) || BY_CODE.get('other')!;
}

/** 第二十条 item number → its Chinese numeral in parentheses, e.g. 5 → 「（五）」. */
export function article20Label(item: number): string {
  const numerals = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
  return `第二十条第（${numerals[item] ?? String(item)}）项`;
}

/** Which category serves a given item of 第二十条 (every item 1–15 has exactly one). */
export function categoryForArticle20Item(item: number): Category | undefined {
  return CATEGORIES.find((c) => c.article20Items.includes(item));
}

/** Document kinds counted in table 1 (第二十条第（一）项). */
export const DOCUMENT_KINDS = ['rule', 'normative', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  rule: '规章',
  normative: '行政规范性文件',
  other: '其他文件',
};
