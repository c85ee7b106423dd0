/**
 * The year's figures of table 1 that no document gives, entered per agency and year with their
 * source, in the items of the format the year is reported in (src/domain/report/figures.ts: the 2021
 * format's 许可/处罚/强制 decisions and 收费 in 万元; the 2019 trial format's decisions, year-end
 * 项目数量 and 政府集中采购). The form, the API and `gongkai import figures` all save through
 * `upsertFigures`. Each save is an audit entry holding the old and new values.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { figures } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import { loadFigures } from './facts.ts';
import { ALL_FIGURE_ITEMS, figuresInputSchemaFor, yearSchema, type AnyFigureItem } from './schemas.ts';
import { figuresOfYear, type FiguresOfYear } from '../../domain/report/figures.ts';
import { FIRST_REPORT_YEAR } from '../../domain/report/policy.ts';
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

/**
 * The items to enter for a year, in its report's format; a year whose figures no report reads is a
 * 400 with the reason.
 */
export function figuresFormOf(year: number): FiguresOfYear {
  try {
    return figuresOfYear(year);
  } catch {
    throw new AppError(
      400,
      'validation_failed',
      `${year}年的数据不进入任何年度报告：${year < FIRST_REPORT_YEAR ? `${FIRST_REPORT_YEAR}年以前的年度报告按修订前的条例编制，本系统不生成；` : ''}可填报${FIRST_REPORT_YEAR - 1}年末的项目数量（供${FIRST_REPORT_YEAR}年度报告的「上一年项目数量」）和${FIRST_REPORT_YEAR}年度及以后的数据。`,
      { field: 'year' },
    );
  }
}

/**
 * Saves a year's figures (form or API input): every item of the year's format and the source,
 * all-or-nothing; a bad value is a 400 naming the item (`details.fields`: item → message).
 */
export async function saveFigures(db: Db, agencyId: number, yearInput: unknown, input: unknown, by: By) {
  await authorizeFigures(db, by, agencyId);
  const y = yearSchema.safeParse(yearInput);
  if (!y.success) throw new AppError(400, 'validation_failed', y.error.issues[0].message, { field: 'year' });
  const form = figuresFormOf(y.data);
  const r = figuresInputSchemaFor(form.fields).safeParse(input);
  if (!r.success) {
    const labelOf = (key: string) => (key === 'source' ? '数据来源' : form.fields.find((f) => f.item === key)?.label ?? key);
    const fields: Record<string, string> = {};
    for (const i of r.error.issues) fields[String(i.path[0])] ??= i.message;
    const problems = Object.entries(fields).map(([k, m]) => `${labelOf(k)}：${m}`);
    throw new AppError(400, 'validation_failed', problems.join('；'), { problems, fields });
  }
  const { source, ...values } = r.data;
  await db.transaction((tx) => upsertFigures(tx, agencyId, y.data, values, source, by));
  return loadFigures(db, agencyId, y.data);
}
