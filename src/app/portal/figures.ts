/**
 * The year's figures of table 1 that no document gives (第二十条第（五）（六）（八）项: 行政许可,
 * 行政处罚, 行政强制 decisions and 行政事业性收费 in 万元), entered per agency and year with their
 * source. Each save is an audit entry holding the old and new values.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { figures } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import { loadFigures } from './facts.ts';
import { ALL_FIGURE_ITEMS, FIGURE_LABELS, figuresInputSchema, yearSchema, type AnyFigureItem, type FigureItem } from './schemas.ts';
import { agencyPath } from '../agencies.ts';
import { auditActor, authorizeBy, type By } from '../policies.ts';

/** Upserts some items of a year (inside the caller's transaction). */
export async function upsertFigures(
  tx: DbOrTx,
  agencyId: number,
  year: number,
  values: Partial<Record<AnyFigureItem, number>>,
  source: string,
  by: By,
): Promise<void> {
  const before = await loadFigures(tx, agencyId, year);
  for (const item of ALL_FIGURE_ITEMS) {
    const value = values[item];
    if (value === undefined) continue;
    await tx
      .insert(figures)
      .values({ agencyId, year, item, value, source, updatedBy: auditActor(by).actorUserId })
      .onConflictDoUpdate({
        target: [figures.agencyId, figures.year, figures.item],
        set: { value, source, updatedBy: auditActor(by).actorUserId, updatedAt: sql`now()` },
      });
  }
  await recordAudit(tx, {
    ...auditActor(by),
    action: 'figures.set',
    entity: 'figures',
    entityId: `${agencyId}/${year}`,
    detail: {
      year,
      source,
      before: Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v?.value])),
      after: values,
    },
  });
}

/** Refuses unless `by` may enter `agencyId`'s figures (figures.edit). */
export async function authorizeFigures(db: DbOrTx, by: By, agencyId: number): Promise<void> {
  authorizeBy(by, 'figures.edit', { agencyPath: await agencyPath(db, agencyId) });
}

/** The figures of a year as `by` may read them (figures.edit: they are the publisher's worksheet). */
export async function readFigures(db: Db, by: By, agencyId: number, year: number) {
  await authorizeFigures(db, by, agencyId);
  return loadFigures(db, agencyId, year);
}

/** Saves the four figures of a year (form or API input), all-or-nothing. */
export async function saveFigures(db: Db, agencyId: number, yearInput: unknown, input: unknown, by: By) {
  await authorizeFigures(db, by, agencyId);
  const y = yearSchema.safeParse(yearInput);
  if (!y.success) throw new AppError(400, 'validation_failed', y.error.issues[0].message);
  const r = figuresInputSchema.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path[0] === 'source' ? '数据来源' : FIGURE_LABELS[i.path[0] as FigureItem] ?? String(i.path[0])}：${i.message}`);
    throw new AppError(400, 'validation_failed', problems.join('；'), { problems });
  }
  const { source, ...values } = r.data;
  await db.transaction((tx) => upsertFigures(tx, agencyId, y.data, values, source, by));
  return loadFigures(db, agencyId, y.data);
}
