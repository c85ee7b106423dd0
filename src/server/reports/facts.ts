/**
 * One agency's year as the report compiler's facts (src/domain/report/compile.ts ReportFacts), read
 * from the database: applications (receipt, decision and withdrawal dates derived from each
 * application's events by the clock — 第三十一条 receipt date, never a stored column), appeals,
 * catalogue documents and the year's figures.
 *
 * `loadFacts(db, agencyId, year)` is the one entry point; the report workflow calls nothing else.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { agencies, appeals, applicationEvents, applications, documents, figures } from '../../db/schema.ts';
import { computeClock, type ClockEvent } from '../../domain/clock/index.ts';
import type { AppealFacts, ApplicationFacts, DocumentFacts, ReportFacts } from '../../domain/report/compile.ts';
import type { Finding } from '../../domain/report/model.ts';
import type { AppealKind, AppealResult, ApplicantType } from '../../domain/taxonomy/index.ts';
import { notFound } from '../errors.ts';

export interface LoadedFacts {
  facts: ReportFacts;
  /** Records that could not be read (an event sequence the clock refuses): `facts.incomplete` warnings. */
  findings: Finding[];
  /** Application id (as in sources) → its 申请编号, for the cell pages. */
  applicationNumbers: Map<string, string>;
}

/** The facts of `agencyId`'s `year`. Throws 404 when the agency does not exist. */
export async function loadFacts(db: DbOrTx, agencyId: number, year: number): Promise<LoadedFacts> {
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  if (!agency) throw notFound('找不到该机关');
  const findings: Finding[] = [];
  const applicationNumbers = new Map<string, string>();

  // Applications and their events -----------------------------------------------------------------
  const apps = await db
    .select({ id: applications.id, number: applications.number, applicantType: applications.applicantType })
    .from(applications)
    .where(eq(applications.agencyId, agencyId))
    .orderBy(asc(applications.id));
  const eventsByApp = new Map<number, ClockEvent[]>();
  if (apps.length) {
    const ids = apps.map((a) => a.id);
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = await db
        .select({ applicationId: applicationEvents.applicationId, type: applicationEvents.type, payload: applicationEvents.payload })
        .from(applicationEvents)
        .where(inArray(applicationEvents.applicationId, ids.slice(i, i + 5000)))
        .orderBy(asc(applicationEvents.applicationId), asc(applicationEvents.seq));
      for (const r of rows) {
        const list = eventsByApp.get(r.applicationId) ?? [];
        list.push({ ...((r.payload ?? {}) as object), type: r.type } as ClockEvent);
        eventsByApp.set(r.applicationId, list);
      }
    }
  }
  const applicationFacts: ApplicationFacts[] = [];
  for (const a of apps) {
    const id = String(a.id);
    applicationNumbers.set(id, a.number);
    const events = eventsByApp.get(a.id) ?? [];
    try {
      const clock = computeClock(events, { explain: false });
      applicationFacts.push({
        id,
        applicantType: a.applicantType as ApplicantType,
        receiptDate: clock.receiptDate,
        decisionDate: clock.decision?.date ?? null,
        outcome: clock.decision?.outcome ?? null,
        withdrawnDate: clock.withdrawnDate,
      });
    } catch (err) {
      findings.push({
        code: 'facts.incomplete',
        severity: 'warning',
        message: `申请 ${a.number} 的办理记录无法计算（${err instanceof Error ? err.message : String(err)}），未计入报告。`,
        where: `application/${id}`,
      });
    }
  }

  // Appeals ------------------------------------------------------------------------------------------
  const appealRows = await db.select().from(appeals).where(eq(appeals.agencyId, agencyId)).orderBy(asc(appeals.id));
  const appealFacts: AppealFacts[] = appealRows.map((r) => ({
    id: String(r.id),
    kind: r.kind as AppealKind,
    filedDate: r.filedDate,
    concludedDate: r.concludedDate,
    result: r.result as AppealResult,
    // 「行政复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量」(S1 一（四）)
    coDefendantReviewOrgan: !r.originalOrgan,
  }));

  // Documents: the catalogue's 规章 and 行政规范性文件 (drafts never count) ---------------------------------
  const docRows = await db
    .select({ id: documents.id, kind: documents.kind, writtenDate: documents.writtenDate, publishedDate: documents.publishedDate, repealedDate: documents.repealedDate })
    .from(documents)
    .where(and(eq(documents.agencyId, agencyId), ne(documents.status, 'draft'), ne(documents.kind, 'other')));
  const documentFacts: DocumentFacts[] = docRows.map((d) => ({
    id: String(d.id),
    kind: d.kind,
    // 制发: the 成文日期 (the import's issued_date), else the publication date.
    issuedDate: d.writtenDate ?? d.publishedDate,
    repealedDate: d.repealedDate,
  }));

  // Figures of 第二十条第（五）（六）（八）项 -----------------------------------------------------------------
  const figureRows = await db.select().from(figures).where(and(eq(figures.agencyId, agencyId), eq(figures.year, year)));
  const fig = { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 };
  for (const f of figureRows) if (f.item in fig) fig[f.item as keyof typeof fig] = Number(f.value);

  return {
    facts: {
      agency: { name: agency.name, code: agency.code },
      year,
      applications: applicationFacts,
      appeals: appealFacts,
      documents: documentFacts,
      figures: fig,
    },
    findings,
    applicationNumbers,
  };
}
