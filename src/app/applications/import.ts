/**
 * `gongkai import applications` / `import appeals` / `export applications` (contracts.md §3): the
 * CSV read, validated row by row (src/domain/applications/csv.ts), and stored all-or-nothing in one
 * transaction. An imported application is an event history, so everything stays derived from events.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { insertApplicationsWithEvents, loadCalendar, loadRecordedMany } from '../../db/applications.ts';
import { recordAudit } from '../../db/audit.ts';
import { agencies, appeals, applications } from '../../db/schema.ts';
import {
  APPEAL_CSV_COLUMNS,
  APPEAL_CSV_OPTIONAL,
  APPLICATION_CSV_COLUMNS,
  APPLICATION_CSV_OPTIONAL,
  applicationFacts,
  checkHeader,
  importErrorMessage,
  validateAppealRecords,
  validateApplicationRecords,
  type CsvRecord,
} from '../../domain/applications/index.ts';
import type { ApplicantType } from '../../domain/taxonomy/index.ts';
import { csvSyntaxMessage, restoreFormula, SAFE_CSV } from '../../lib/csv.ts';

export class ImportError extends Error {}

function readCsv(text: string, file: string, required: readonly string[], optional: readonly string[]): CsvRecord[] {
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let header: string[] = [];
  try {
    parsed = parse(text, {
      bom: true,
      columns: (h: string[]) => (header = h.map((x) => x.trim())),
      skip_empty_lines: true,
      info: true,
      trim: false,
      // undo the export's formula neutralisation (src/lib/csv.ts): an export imports back unchanged
      cast: (value: string) => restoreFormula(value),
    }) as never;
  } catch (e) {
    throw new ImportError(`文件 ${file} 不是有效的 CSV：${csvSyntaxMessage(e)}`);
  }
  if (!header.length) throw new ImportError(`文件 ${file} 是空的（应有表头：${required.join(',')}）`);
  const bad = checkHeader(header, required, optional);
  if (bad) throw new ImportError(`文件 ${file} ${bad}`);
  return parsed.map((p) => ({ line: p.info.lines, values: p.record }));
}

async function agencyMap(db: Db) {
  const rows = await db.select({ id: agencies.id, code: agencies.code }).from(agencies);
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Imports an applications CSV; returns the number of rows. Throws ImportError (Chinese, line-numbered). */
export async function importApplicationsCsv(db: Db, text: string, file = 'CSV'): Promise<number> {
  const records = readCsv(text, file, APPLICATION_CSV_COLUMNS, APPLICATION_CSV_OPTIONAL);
  const codes = await agencyMap(db);
  const existingRows = await db.select({ agencyId: applications.agencyId, number: applications.number }).from(applications);
  const codeOf = new Map([...codes].map(([c, id]) => [id, c]));
  const existing = new Set(existingRows.map((r) => `${codeOf.get(r.agencyId)}/${r.number}`));
  const calendar = await loadCalendar(db);
  const { rows, errors } = validateApplicationRecords(records, { knownAgencies: new Set(codes.keys()), existing, calendar });
  if (errors.length) throw new ImportError(importErrorMessage(file, errors));
  await db.transaction(async (tx) => {
    await insertApplicationsWithEvents(
      tx,
      rows.map((r) => ({
        application: {
          agencyId: codes.get(r.agencyCode)!,
          number: r.number,
          applicantType: r.applicantType,
          applicantName: r.applicantName,
          channel: r.channel,
          subject: r.subject,
        },
        events: r.events,
      })),
      null,
    );
    await recordAudit(tx, { actorUserId: null, action: 'application.import', entity: 'application', detail: { file, rows: rows.length } });
  });
  return rows.length;
}

export async function importAppealsCsv(db: Db, text: string, file = 'CSV'): Promise<number> {
  const records = readCsv(text, file, APPEAL_CSV_COLUMNS, APPEAL_CSV_OPTIONAL);
  const codes = await agencyMap(db);
  const codeOf = new Map([...codes].map(([c, id]) => [id, c]));
  const existingAppeals = await db.select({ agencyId: appeals.agencyId, number: appeals.number }).from(appeals);
  const apps = await db.select({ id: applications.id, agencyId: applications.agencyId, number: applications.number }).from(applications);
  const appKey = new Map(apps.map((a) => [`${codeOf.get(a.agencyId)}/${a.number}`, a.id]));
  const { rows, errors } = validateAppealRecords(records, {
    knownAgencies: new Set(codes.keys()),
    existing: new Set(existingAppeals.filter((a) => a.number).map((a) => `${codeOf.get(a.agencyId)}/${a.number}`)),
    applications: new Set(appKey.keys()),
  });
  if (errors.length) throw new ImportError(importErrorMessage(file, errors));
  await db.transaction(async (tx) => {
    const values = rows.map((r) => ({
      agencyId: codes.get(r.agencyCode)!,
      applicationId: r.applicationNumber ? appKey.get(`${r.agencyCode}/${r.applicationNumber}`)! : null,
      number: r.number,
      kind: r.kind,
      organ: r.organ,
      filedDate: r.filedDate,
      concludedDate: r.concludedDate,
      result: r.result,
      originalOrgan: !r.coDefendant,
    }));
    for (let i = 0; i < values.length; i += 1_000) await tx.insert(appeals).values(values.slice(i, i + 1_000));
    await recordAudit(tx, { actorUserId: null, action: 'appeal.import', entity: 'appeal', detail: { file, rows: rows.length } });
  });
  return rows.length;
}

/**
 * The applications in the import's own columns (dates and outcome derived from the events), so an
 * export imports back unchanged. Applications split into others (一事一申请) are exported as their parts.
 */
export async function exportApplicationsCsv(db: Db, agencyCode?: string): Promise<string> {
  const codes = await agencyMap(db);
  if (agencyCode && !codes.has(agencyCode)) throw new ImportError(`找不到机关「${agencyCode}」`);
  const codeOf = new Map([...codes].map(([c, id]) => [id, c]));
  const rows = await db
    .select()
    .from(applications)
    .where(agencyCode ? eq(applications.agencyId, codes.get(agencyCode)!) : inArray(applications.agencyId, [...codes.values()]))
    .orderBy(asc(applications.agencyId), asc(applications.number));
  const events = await loadRecordedMany(db, rows.map((r) => r.id));
  const out: string[][] = [];
  for (const app of rows) {
    const evs = (events.get(app.id) ?? []).map((r) => r.event);
    if (evs.some((e) => e.type === 'split')) continue;
    const f = applicationFacts(String(app.id), app.applicantType as ApplicantType, evs);
    const submitted = evs.find((e) => e.type === 'submitted');
    out.push([
      codeOf.get(app.agencyId)!,
      app.number,
      app.applicantType,
      app.channel,
      f.receiptDate ?? '',
      f.decisionDate ?? '',
      f.outcome ?? '',
      app.applicantName,
      app.subject,
      submitted && submitted.date !== f.receiptDate ? submitted.date : '',
    ]);
  }
  return stringify(out, { ...SAFE_CSV, header: true, columns: [...APPLICATION_CSV_COLUMNS, ...APPLICATION_CSV_OPTIONAL] });
}
