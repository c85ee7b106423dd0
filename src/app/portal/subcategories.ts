/**
 * An agency's own sub-categories of its 公开目录 (src/domain/portal/subcategories.ts): defined by the
 * agency's administrators (catalogue.manage), read by everyone (the public catalogue shows them).
 *
 * A document is filed either directly under a category of 第二十条 (documents.category) or under a
 * sub-category (documents.subcategory_id, category null): its statutory category is then the
 * sub-category's parent, never stored a second time — moving a sub-category to another parent moves
 * its documents with it. `filedCategorySql` and `categoryFilterSql` are the SQL of that derivation.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { catalogueSubcategories, documents } from '../../db/schema.ts';
import { CATEGORY_CODES } from '../../domain/portal/categories.ts';
import { checkSubcategory, orderSubcategories, statutoryCategory, SUBCATEGORY_POLICY, type Subcategory } from '../../domain/portal/subcategories.ts';
import { AppError, notFound } from '../errors.ts';
import { agencyPath } from '../agencies.ts';
import { auditActor, authorizeBy, canBy, type By } from '../policies.ts';
import { publicDataChanged } from '../public-changes.ts';
import { requiredText } from '../schemas.ts';

export type SubcategoryRow = typeof catalogueSubcategories.$inferSelect;

export const subcategoryInputSchema = z.object({
  name: requiredText('子类名称', SUBCATEGORY_POLICY.maxNameLength),
  parentCategory: z.enum(CATEGORY_CODES, { message: '请选择所属的第二十条目录类别' }),
  position: z.preprocess((v) => (v === '' || v == null ? 0 : v), z.coerce.number({ message: '排序应为数字' }).int('排序应为整数').min(0, '排序不能为负数').max(9999, '排序不能超过9999')),
});
export type SubcategoryInput = z.input<typeof subcategoryInputSchema>;

/**
 * The statutory category a row of `documents` (under the name `d`, or the table itself) is filed
 * under, in SQL: its sub-category's parent, else its own category.
 */
export function filedCategorySql(alias?: string): SQL {
  const d = alias ? sql.raw(alias) : sql.raw('"documents"');
  return sql`coalesce((SELECT s.parent_category FROM catalogue_subcategories s WHERE s.id = ${d}.subcategory_id), ${d}.category)`;
}

/** Rows filed under the statutory category `code`, directly or through a sub-category (index-friendly). */
export function categoryFilterSql(code: string, alias?: string): SQL {
  const d = alias ? sql.raw(alias) : sql.raw('"documents"');
  return sql`(${d}.category = ${code} OR ${d}.subcategory_id IN (SELECT s.id FROM catalogue_subcategories s WHERE s.parent_category = ${code}))`;
}

/** An agency's sub-categories in catalogue order (public: the catalogue page shows them). */
export async function listSubcategories(db: DbOrTx, agencyId: number): Promise<SubcategoryRow[]> {
  const rows = await db.select().from(catalogueSubcategories).where(eq(catalogueSubcategories.agencyId, agencyId)).orderBy(asc(catalogueSubcategories.id));
  return orderSubcategories(rows);
}

/** The sub-category `id` of `agencyId` (404 when it is another agency's or none). */
export async function getSubcategory(db: DbOrTx, agencyId: number, id: number): Promise<SubcategoryRow> {
  const [row] =
    Number.isSafeInteger(id) && id > 0 && id < 2 ** 31
      ? await db.select().from(catalogueSubcategories).where(and(eq(catalogueSubcategories.id, id), eq(catalogueSubcategories.agencyId, agencyId)))
      : [];
  if (!row) throw notFound('本机关的公开目录中没有这个子类');
  return row;
}

/** Whether `by` may define `agencyId`'s sub-categories (catalogue.manage). */
export async function mayManageCatalogue(db: DbOrTx, by: By, agencyId: number): Promise<boolean> {
  return canBy(by, 'catalogue.manage', { agencyPath: await agencyPath(db, agencyId) });
}

async function authorizeCatalogue(db: DbOrTx, by: By, agencyId: number): Promise<void> {
  authorizeBy(by, 'catalogue.manage', { agencyPath: await agencyPath(db, agencyId) });
}

function parseInput(input: unknown): z.output<typeof subcategoryInputSchema> {
  const r = subcategoryInputSchema.safeParse(input ?? {});
  if (!r.success) throw new AppError(400, 'validation_failed', r.error.issues.map((i) => i.message).join('；'));
  const problems = checkSubcategory(r.data);
  if (problems.length) throw new AppError(400, 'validation_failed', problems.join('；'));
  return { ...r.data, name: r.data.name.trim() };
}

async function refuseDuplicate(tx: DbOrTx, agencyId: number, name: string, except?: number): Promise<void> {
  const [same] = await tx
    .select({ id: catalogueSubcategories.id })
    .from(catalogueSubcategories)
    .where(and(eq(catalogueSubcategories.agencyId, agencyId), eq(catalogueSubcategories.name, name)));
  if (same && same.id !== except) throw new AppError(409, 'subcategory_exists', `本机关的公开目录中已有名为“${name}”的子类`);
}

/**
 * Inserts a sub-category inside the caller's transaction (the console's form and the import's
 * 「类别/子类」 rows), after the caller has authorized catalogue.manage.
 */
export async function insertSubcategory(tx: DbOrTx, by: By, agencyId: number, s: { name: string; parentCategory: string; position: number }): Promise<SubcategoryRow> {
  await refuseDuplicate(tx, agencyId, s.name);
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(catalogueSubcategories).where(eq(catalogueSubcategories.agencyId, agencyId));
  if (Number(n) >= SUBCATEGORY_POLICY.maxPerAgency) throw new AppError(409, 'subcategory_limit', `一个机关最多设置${SUBCATEGORY_POLICY.maxPerAgency}个子类`);
  const [row] = await tx.insert(catalogueSubcategories).values({ agencyId, ...s }).returning();
  await recordAudit(tx, { ...auditActor(by), action: 'catalogue.subcategory_create', entity: 'catalogue_subcategory', entityId: row.id, detail: { agencyId, name: row.name, parent: row.parentCategory } });
  return row;
}

export async function createSubcategory(db: Db, by: By, agencyId: number, input: SubcategoryInput | unknown): Promise<SubcategoryRow> {
  await authorizeCatalogue(db, by, agencyId);
  const p = parseInput(input);
  const row = await db.transaction((tx) => insertSubcategory(tx, by, agencyId, p));
  await publicDataChanged(db);
  return row;
}

/** Renames, reorders or moves a sub-category (its documents move with it: their category is derived). */
export async function updateSubcategory(db: Db, by: By, agencyId: number, id: number, input: SubcategoryInput | unknown): Promise<SubcategoryRow> {
  await authorizeCatalogue(db, by, agencyId);
  const p = parseInput(input);
  const row = await db.transaction(async (tx) => {
    const cur = await getSubcategory(tx, agencyId, id);
    await refuseDuplicate(tx, agencyId, p.name, cur.id);
    const [row] = await tx.update(catalogueSubcategories).set(p).where(eq(catalogueSubcategories.id, cur.id)).returning();
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'catalogue.subcategory_update',
      entity: 'catalogue_subcategory',
      entityId: cur.id,
      detail: { agencyId, before: { name: cur.name, parent: cur.parentCategory, position: cur.position }, after: { name: row.name, parent: row.parentCategory, position: row.position } },
    });
    return row;
  });
  await publicDataChanged(db);
  return row;
}

/** Removes a sub-category no document is filed under (a used one is refused: move its documents first). */
export async function deleteSubcategory(db: Db, by: By, agencyId: number, id: number): Promise<void> {
  await authorizeCatalogue(db, by, agencyId);
  await db.transaction(async (tx) => {
    const cur = await getSubcategory(tx, agencyId, id);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(documents).where(eq(documents.subcategoryId, cur.id));
    if (Number(n) > 0) throw new AppError(409, 'subcategory_in_use', `子类“${cur.name}”下还有 ${n} 件文件，请先把它们改归其他类别或子类`);
    await tx.delete(catalogueSubcategories).where(eq(catalogueSubcategories.id, cur.id));
    await recordAudit(tx, { ...auditActor(by), action: 'catalogue.subcategory_delete', entity: 'catalogue_subcategory', entityId: cur.id, detail: { agencyId, name: cur.name, parent: cur.parentCategory } });
  });
  await publicDataChanged(db);
}

/** Where a document is filed: its statutory category (derived through its sub-category) and the sub-category. */
export async function documentFiling(db: DbOrTx, d: { agencyId: number; category: string | null; subcategoryId: number | null }) {
  const sub = d.subcategoryId ? await getSubcategory(db, d.agencyId, d.subcategoryId) : null;
  return { category: statutoryCategory(d, sub).code, subcategory: sub ? { id: sub.id, name: sub.name } : null };
}

/** Public document counts per sub-category of an agency. */
export async function subcategoryCounts(db: DbOrTx, agencyId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: documents.subcategoryId, n: sql<number>`count(*)::int` })
    .from(documents)
    .where(and(eq(documents.agencyId, agencyId), sql`${documents.subcategoryId} IS NOT NULL`, sql`${documents.status} IN ('published', 'repealed')`))
    .groupBy(documents.subcategoryId);
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

export type { Subcategory };
