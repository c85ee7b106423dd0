/**
 * Table 1 (第二十条第（一）（五）（六）（八）项) facts of one agency and year, as the report compiler
 * (src/domain/report/compile.ts) expects them:
 *
 *   const { documents, figures } = await loadProactiveFacts(db, agencyId, 2023);
 *   compileReport({ …, documents, figures });
 *
 * Documents: the agency's 规章 and 行政规范性文件 that were made public (published or since repealed;
 * drafts and withdrawn ones do not count), with 制发 = 成文日期 and 废止 = repealed date; the
 * compiler counts 本年制发 / 本年废止 / 现行有效 at 31 December (policy.ts placeDocument).
 * Figures: the year's 许可/处罚/强制/收费 entered or imported (0 for an item nobody entered).
 */
import { and, eq, sql } from 'drizzle-orm';
import { idFilter, queryRows, type DbOrTx } from '../../db/index.ts';
import { figures } from '../../db/schema.ts';
import { FIGURE_ITEMS, type FigureItem } from './schemas.ts';
import { TRIAL_FIGURE_ITEMS, type TrialFigureItem } from '../../domain/taxonomy/table1-2019.ts';
import type { TrialFigures } from '../../domain/report/trial.ts';
import { ALL_FIGURE_ITEMS, type AnyFigureItem } from '../../domain/report/figures.ts';

export interface ProactiveFacts {
  documents: Array<{ id: string; kind: 'rule' | 'normative' | 'other'; issuedDate: string | null; repealedDate: string | null; publishedDate: string | null }>;
  figures: { licensing: number; penalty: number; coercion: number; fees_wan_yuan: number };
  /** The 2019 trial format's figures of the year and of the year before (entered ones only). */
  trialFigures: TrialFigures;
  previousTrialFigures: TrialFigures;
}

export async function loadProactiveFacts(db: DbOrTx, agencyId: number, year: number): Promise<ProactiveFacts> {
  return (await loadProactiveFactsForAgencies(db, [agencyId], year)).get(agencyId)!;
}

/** `loadProactiveFacts` of many agencies in two queries (documents, figures); every id asked for is in the result (empty when it has none). */
export async function loadProactiveFactsForAgencies(db: DbOrTx, agencyIds: readonly number[], year: number): Promise<Map<number, ProactiveFacts>> {
  const out = new Map<number, ProactiveFacts>();
  for (const id of agencyIds) out.set(id, { documents: [], figures: { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 }, trialFigures: {}, previousTrialFigures: {} });
  const ids = [...out.keys()];
  if (ids.length === 0) return out;
  // As JSON texts (one parse instead of a row each: a province's 8,000 documents and 20,000 figures).
  const docFilter = idFilter(sql`agency_id`, ids);
  const [{ docs }] = await queryRows<{ docs: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(agency_id, id, kind, written_date, repealed_date, published_date) order by id), '[]')::text as docs
          from documents where kind <> 'other' and status in ('published', 'repealed') ${docFilter ? sql`and ${docFilter}` : sql``}`,
  );
  for (const [agencyId, id, kind, issuedDate, repealedDate, publishedDate] of JSON.parse(docs) as Array<[number, number, ProactiveFacts['documents'][number]['kind'], string | null, string | null, string | null]>) {
    out.get(agencyId)?.documents.push({ id: String(id), kind, issuedDate, repealedDate, publishedDate });
  }
  const [{ entered }] = await queryRows<{ entered: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(agency_id, item, value, year)), '[]')::text as entered
          from figures where year in (${year}, ${year - 1}) ${docFilter ? sql`and ${docFilter}` : sql``}`,
  );
  for (const [agencyId, item, value, of] of JSON.parse(entered) as Array<[number, string, number | string, number]>) {
    const facts = out.get(agencyId);
    if (!facts) continue;
    // numeric(20,6) arrives as its decimal text (or a number that prints as it): exact to the 分
    if (of === year && (FIGURE_ITEMS as readonly string[]).includes(item)) facts.figures[item as FigureItem] = Number(value);
    else if ((TRIAL_FIGURE_ITEMS as readonly string[]).includes(item)) (of === year ? facts.trialFigures : facts.previousTrialFigures)[item as TrialFigureItem] = Number(value);
  }
  return out;
}

export type FigureEntry = { value: number; source: string | null; updatedAt: Date; updatedBy: number | null };

/** The figures entered for an agency and year, of either format (an item nobody entered is absent). */
export async function loadFigures(db: DbOrTx, agencyId: number, year: number): Promise<Partial<Record<AnyFigureItem, FigureEntry>>> {
  const rows = await db.select().from(figures).where(and(eq(figures.agencyId, agencyId), eq(figures.year, year)));
  const out: Partial<Record<AnyFigureItem, FigureEntry>> = {};
  for (const r of rows) {
    if ((ALL_FIGURE_ITEMS as readonly string[]).includes(r.item)) {
      out[r.item as AnyFigureItem] = { value: Number(r.value), source: r.source, updatedAt: r.updatedAt, updatedBy: r.updatedBy };
    }
  }
  return out;
}
