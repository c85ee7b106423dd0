/**
 * Report facts for many agencies in one pass (issue 9 follow-up): `loadReportFactsForAgencies`
 * gives, for every agency and year, the same facts as `loadReportFacts` one agency at a time — on
 * the demo data plus applications and appeals imported across several agencies and years — and
 * the same as an independent reading (every application's events through `loadRecordedMany`,
 * filtered in memory: closed before 1 January or split = not counted, then `applicationFacts`).
 */
import { expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { rng } from '../../support/rng.ts';
import { agencies, applicationEvents, applications } from '../../../src/db/schema.ts';
import { appendEvents, loadRecordedMany, loadReportFacts, loadReportFactsForAgencies, appealFacts } from '../../../src/db/applications.ts';
import { importApplicationsCsv, importAppealsCsv } from '../../../src/app/applications/import.ts';
import { applicationFacts } from '../../../src/domain/applications/index.ts';
import { APPEAL_KINDS, APPEAL_RESULTS, APPLICANT_TYPES, CHANNELS, OUTCOME_CODES, type ApplicantType } from '../../../src/domain/taxonomy/index.ts';
import { appeals as appealsTable } from '../../../src/db/schema.ts';
import { IDS_IN_QUERY, type Db } from '../../../src/db/index.ts';
import { loadFacts, loadFactsForAgencies } from '../../../src/app/reports/facts.ts';

const YEARS = [2021, 2022, 2023, 2024, 2025, 2026];

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function generated(codes: string[], count: number, seed: number): { apps: string; appeals: string } {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const apps = ['agency_code,number,applicant_type,channel,received_date,decided_date,outcome'];
  const appeals = ['agency_code,number,kind,filed_date,concluded_date,result'];
  for (let i = 0; i < count; i++) {
    const code = pick(codes);
    const number = `G-${i + 1}`;
    const received = new Date(Date.UTC(2021, 0, 1) + Math.floor(r() * 5.9 * 365) * 86_400_000);
    const open = r() < 0.2;
    const outcome = open ? '' : pick(OUTCOME_CODES);
    // 逾期不补正 / 逾期未缴费 can end an application only after the applicant's time has run out.
    const days = outcome.endsWith('_lapsed') ? 70 + Math.floor(r() * 30) : Math.floor(r() * 60);
    const decided = open ? '' : iso(new Date(received.getTime() + days * 86_400_000));
    apps.push([code, number, pick(APPLICANT_TYPES), pick(CHANNELS), iso(received), decided, outcome].join(','));
    if (!open && r() < 0.15) {
      const filed = new Date(Date.parse(decided) + (1 + Math.floor(r() * 40)) * 86_400_000);
      const pending = r() < 0.3;
      appeals.push([code, number, pick(APPEAL_KINDS), iso(filed), pending ? '' : iso(new Date(filed.getTime() + 50 * 86_400_000)), pending ? 'pending' : pick(APPEAL_RESULTS.filter((x) => x !== 'pending'))].join(','));
    }
  }
  return { apps: apps.join('\n'), appeals: appeals.join('\n') };
}

/** The independent reading: every application's events, the year's filter applied in memory. */
async function reference(db: Db, agencyId: number, year: number) {
  const first = `${year}-01-01`;
  const rows = await db.select().from(applications).orderBy(asc(applications.id));
  const mine = rows.filter((a) => a.agencyId === agencyId);
  const events = await loadRecordedMany(db, mine.map((a) => a.id));
  const apps = mine
    .filter((a) => {
      const es = events.get(a.id)!.map((e) => e.event as { type: string; date?: string });
      return !es.some((e) => e.type === 'split' || ((e.type === 'decided' || e.type === 'withdrawn') && (e.date ?? '') < first));
    })
    .filter((a) => events.get(a.id)!.length > 0)
    .map((a) => applicationFacts(String(a.id), a.applicantType as ApplicantType, events.get(a.id)!.map((e) => e.event)));
  const appealRows = (await db.select().from(appealsTable).orderBy(asc(appealsTable.id))).filter((x) => x.agencyId === agencyId);
  return { applications: apps, appeals: appealRows.map(appealFacts) };
}

describeDatabases(
  'report facts for many agencies in one pass',
  (t) => {
    it('equals the per-agency facts and the independent reading, for every agency and year', async () => {
      const all = await t.db.select().from(agencies).orderBy(asc(agencies.id));
      const codes = all.map((a) => a.code);
      expect(codes.length).toBeGreaterThanOrEqual(4);
      const { apps, appeals } = generated(codes, 400, 20190515);
      expect(await importApplicationsCsv(t.db, apps, 'many.csv')).toBe(400);
      const appealCount = appeals.split('\n').length - 1;
      expect(appealCount).toBeGreaterThan(10);
      expect(await importAppealsCsv(t.db, appeals, 'appeals.csv')).toBe(appealCount);
      // Three applications split into others (一事一申请): counted as their parts, never themselves.
      const some = await t.db.select({ id: applications.id }).from(applications).orderBy(asc(applications.id)).limit(3);
      for (const { id } of some) await t.db.transaction((tx) => appendEvents(tx, id, [{ type: 'split', date: '2025-01-02', into: ['X'] }], null));
      const ids = all.map((a) => a.id);
      let counted = 0;
      for (const year of YEARS) {
        const many = await loadReportFactsForAgencies(t.db, ids, year);
        // Read by ranges of 7 application ids (the province's way): many queries, every event once.
        const paged = await loadReportFactsForAgencies(t.db, [...ids].reverse(), year, { chunkApplications: 7, agenciesByIndex: 0 });
        expect([...many.keys()].sort()).toEqual([...ids].sort());
        for (const id of ids) {
          const one = await loadReportFacts(t.db, id, year);
          expect(many.get(id)).toEqual(one);
          expect(paged.get(id)).toEqual(one);
          expect(one).toEqual(await reference(t.db, id, year));
          counted += one.applications.length;
        }
      }
      // The facts are not trivially empty: most generated applications count in some year.
      expect(counted).toBeGreaterThan(400);
    }, 120_000);

    it('a subset, a repeated id and an agency with nothing', async () => {
      const all = await t.db.select().from(agencies).orderBy(asc(agencies.id));
      const [a, b] = [all[1].id, all[2].id];
      const missing = Math.max(...all.map((x) => x.id)) + 1000;
      const many = await loadReportFactsForAgencies(t.db, [a, b, a, missing], 2024);
      expect([...many.keys()]).toEqual([a, b, missing]);
      expect(many.get(a)).toEqual(await loadReportFacts(t.db, a, 2024));
      expect(many.get(b)).toEqual(await loadReportFacts(t.db, b, 2024));
      expect(many.get(missing)).toEqual({ applications: [], appeals: [] });
      // The same subset read by ranges of ids, the agencies filtered on the shipped rows.
      const ranged = await loadReportFactsForAgencies(t.db, [a, b, missing], 2024, { chunkApplications: 50, agenciesByIndex: 0 });
      expect(ranged).toEqual(many);
      expect((await loadReportFactsForAgencies(t.db, [], 2024)).size).toBe(0);
    });

    it('a history the clock refuses (two decisions, two submissions) still gives the first of each, as applicationFacts does', async () => {
      const [any] = await t.db.select().from(applications).orderBy(asc(applications.id)).limit(1);
      const [app] = await t.db
        .insert(applications)
        .values({ agencyId: any.agencyId, number: 'TWICE-1', applicantType: 'org.research', applicantName: '甲', channel: 'in_person', subject: '乙' })
        .returning();
      const raw = [
        { type: 'submitted', payload: { date: '2024-02-01', channel: 'in_person' } },
        { type: 'submitted', payload: { date: '2024-01-05', channel: 'in_person' } },
        { type: 'decided', payload: { date: '2024-05-01', outcome: 'public' } },
        { type: 'decided', payload: { date: '2024-03-01', outcome: 'partial' } },
      ];
      await t.db.insert(applicationEvents).values(raw.map((e, i) => ({ applicationId: app.id, seq: i + 1, type: e.type, payload: e.payload })));
      const expected = { id: String(app.id), applicantType: 'org.research', receiptDate: '2024-02-01', decisionDate: '2024-05-01', outcome: 'public', withdrawnDate: null };
      const few = (await loadReportFacts(t.db, any.agencyId, 2024)).applications.find((a) => a.id === String(app.id));
      const ranged = (await loadReportFactsForAgencies(t.db, [any.agencyId], 2024, { chunkApplications: 5, agenciesByIndex: 0 })).get(any.agencyId)!.applications;
      expect(few).toEqual(expected);
      expect(ranged.find((a) => a.id === String(app.id))).toEqual(expected);
      // Still in id order among the others.
      expect(ranged.map((a) => Number(a.id))).toEqual(ranged.map((a) => Number(a.id)).sort((x, y) => x - y));
    });

    it('a list longer than IDS_IN_QUERY (filtered on the rows read, not in SQL) gives each agency the facts it has alone', async () => {
      const all = await t.db.select().from(agencies).orderBy(asc(agencies.id));
      const real = all.slice(1).map((a) => a.id); // the first agency is left out: its rows must not leak in
      const padding = Array.from({ length: IDS_IN_QUERY + 1 }, (_, i) => 100_000 + i);
      for (const year of [2023, 2024]) {
        const many = await loadFactsForAgencies(t.db, [...real, ...padding], year);
        expect([...many.keys()].sort((x, y) => x - y)).toEqual([...real].sort((x, y) => x - y));
        for (const id of real) expect(many.get(id)).toEqual((await loadFacts(t.db, id, year)).facts);
      }
    });
  },
  { demo: true },
);
