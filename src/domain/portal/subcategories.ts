/**
 * An agency's own sub-categories of its 公开目录 (工作动态, 通知公告, 政策解读, 人事信息, 财政预决算,
 * 规划计划 …), each under exactly one category of 《政府信息公开条例》第二十条.
 *
 * 第十二条第二款: 「政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。」The Regulations
 * fix what the catalogue must contain and (第二十条) what must be disclosed, not how an agency arranges
 * its catalogue below those items: that is the agency's own choice (a named policy, SUBCATEGORY_POLICY).
 * What the law does fix stays fixed here: every sub-category sits under one statutory category, and a
 * document filed under a sub-category is counted under that category — it has no category of its own.
 */
import { CATEGORIES, categoryOf, isCategoryCode, type Category, type CategoryCode } from './categories.ts';

/** The named policy where the law is silent (see the module header). */
export const SUBCATEGORY_POLICY = {
  /** A name: 1–30 characters, unique within the agency's catalogue (whatever its parent). */
  maxNameLength: 30,
  /** How many sub-categories one agency may define. */
  maxPerAgency: 200,
} as const;

export interface Subcategory {
  id: number;
  name: string;
  parentCategory: string;
  position: number;
}

/** Problems with a sub-category's name and parent (Chinese, empty when fine). */
export function checkSubcategory(s: { name: string; parentCategory: string }): string[] {
  const problems: string[] = [];
  const name = s.name.trim();
  if (!name) problems.push('请填写子类名称');
  else if (name.length > SUBCATEGORY_POLICY.maxNameLength) problems.push(`子类名称不能超过${SUBCATEGORY_POLICY.maxNameLength}个字`);
  else if (/[/／\\]/.test(name)) problems.push('子类名称不能含有“/”（导入时“/”分隔法定类别和子类）');
  if (!isCategoryCode(s.parentCategory)) problems.push(`所属类别“${s.parentCategory}”不是第二十条的目录类别`);
  return problems;
}

/** The statutory category a document is counted under: its sub-category's parent, else its own. */
export function statutoryCategory(doc: { category: string | null }, sub?: { parentCategory: string } | null): Category {
  return categoryOf(sub ? sub.parentCategory : doc.category);
}

/** A statutory category by its code or its Chinese name (法规文件). */
export function statutoryCategoryByName(value: string): CategoryCode | null {
  if (isCategoryCode(value)) return value;
  return CATEGORIES.find((c) => c.label === value)?.code ?? null;
}

/**
 * What a catalogue reference in an import's `category` column names:
 * - a statutory category by code or name (`regulations`, `法规文件`) — the statutory one wins when a
 *   sub-category has the same name;
 * - `类别/子类` (`other/工作动态`, `其他/工作动态`, also with 「／」): that sub-category under that category;
 * - any other text: an existing sub-category of the agency by its name.
 */
export type CatalogueRef =
  | { kind: 'statutory'; code: CategoryCode }
  | { kind: 'subcategory'; parent: CategoryCode | null; name: string }
  | { kind: 'invalid'; reason: string };

export function parseCatalogueRef(value: string): CatalogueRef {
  const v = value.trim();
  const statutory = statutoryCategoryByName(v);
  if (statutory) return { kind: 'statutory', code: statutory };
  // The last slash: a sub-category's name has none, a category's name may (行政处罚/强制).
  const slash = Math.max(v.lastIndexOf('/'), v.lastIndexOf('／'));
  if (slash < 0) return { kind: 'subcategory', parent: null, name: v };
  const parentText = v.slice(0, slash).trim();
  const name = v.slice(slash + 1).trim();
  const parent = statutoryCategoryByName(parentText);
  if (!parent) return { kind: 'invalid', reason: `“${parentText}”不是第二十条的目录类别` };
  const problems = checkSubcategory({ name, parentCategory: parent });
  if (problems.length) return { kind: 'invalid', reason: problems.join('；') };
  return { kind: 'subcategory', parent, name };
}

/** Sub-categories in catalogue order: by statutory category (CATEGORIES order), then position, then name. */
export function orderSubcategories<T extends Subcategory>(subs: readonly T[]): T[] {
  const rank = new Map(CATEGORIES.map((c, i) => [c.code as string, i]));
  return [...subs].sort(
    (a, b) => (rank.get(a.parentCategory) ?? 99) - (rank.get(b.parentCategory) ?? 99) || a.position - b.position || a.name.localeCompare(b.name, 'zh-Hans-CN') || a.id - b.id,
  );
}
