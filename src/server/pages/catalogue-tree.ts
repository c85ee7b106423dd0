/**
 * The tree of an agency's 公开目录 on the public pages: the categories of 第二十条, under each the
 * agency's own sub-categories (src/app/portal/subcategories.ts), under those the documents. Markup
 * only: the data comes from the use cases.
 */
import { CATEGORIES, article20Label, type Category } from '../../domain/portal/categories.ts';
import type { SubcategoryRow } from '../../app/portal/subcategories.ts';
import { html, type SafeHtml } from './html.ts';

/** The catalogue's tree: every statutory category with its count, its sub-categories nested under it. */
export function catalogueTree(code: string, counts: Map<string, number>, subs: readonly SubcategoryRow[], subCounts: Map<number, number>): SafeHtml {
  return html`<ul class="category-grid catalogue-tree">${CATEGORIES.map((c) => {
    const mine = subs.filter((s) => s.parentCategory === c.code);
    return html`<li><a href="/agencies/${code}/catalog/${c.code}">${c.label}</a> <span class="count">（${counts.get(c.code) ?? 0}）</span><span class="hint">${article20Label(c.article20Items[0])}</span>${
      mine.length
        ? html`<ul class="subcategories" aria-label="${c.label}的子类">${mine.map((s) => html`<li><a href="${subcategoryHref(code, c.code, s.id)}">${s.name}</a> <span class="count">（${subCounts.get(s.id) ?? 0}）</span></li>`)}</ul>`
        : ''
    }</li>`;
  })}</ul>`;
}

export function subcategoryHref(code: string, category: string, id: number): string {
  return `/agencies/${code}/catalog/${category}?sub=${id}`;
}

/** The sub-categories of one category as a filter (全部 first). */
export function subcategoryFilter(code: string, c: Category, subs: readonly SubcategoryRow[], subCounts: Map<number, number>, current: number | null, total: number | null): SafeHtml {
  const mine = subs.filter((s) => s.parentCategory === c.code);
  if (!mine.length) return html``;
  return html`<nav class="category-tabs subcategory-tabs" aria-label="${c.label}的子类"><ul><li><a href="/agencies/${code}/catalog/${c.code}"${current == null ? html` aria-current="page"` : ''}>全部${total != null && current == null ? `（${total}）` : ''}</a></li>${mine.map(
    (s) => html`<li><a href="${subcategoryHref(code, c.code, s.id)}"${s.id === current ? html` aria-current="page"` : ''}>${s.name}（${subCounts.get(s.id) ?? 0}）</a></li>`,
  )}</ul></nav>`;
}
