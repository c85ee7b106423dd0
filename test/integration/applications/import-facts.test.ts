/**
 * Import / export of applications and appeals (contracts.md §3): all-or-nothing with line-numbered
 * Chinese errors, an export imports back unchanged; loadReportFacts derives the report's facts
 * from the events (the seed's 2023: one 自然人, 予以公开) in one query, and year-end carry-over.
 */
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeDatabases, createTestDatabase } from '../../support/db.ts';
import { agencies, applications, appeals } from '../../../src/db/schema.ts';
import { loadReportFacts } from '../../../src/db/applications.ts';
import { exportApplicationsCsv, importApplicationsCsv, importAppealsCsv, ImportError } from '../../../src/app/applications/import.ts';
import { placeApplication } from '../../../src/domain/report/policy.ts';

const HEADER = 'agency_code,number,applicant_type,channel,received_date,decided_date,outcome,applicant_name,subject';
const CSV = [
  HEADER,
  '220500-czj,C-2025-1,natural,in_person,2025-12-22,2026-01-12,public,李某,2025年预算公开说明',
  '220500-czj,C-2025-2,org.business,online,2025-06-03,2025-06-20,partial,某公司,采购合同',
  '220500-czj,C-2025-3,org.research,mail_signed,2025-11-03,,,某研究院,专项资金分配表',
  '220500-czj,C-2025-4,natural,fax,2025-03-03,2025-05-06,other.correction_lapsed,王某,某文件',
].join('\n');

async function agencyId(db: Parameters<typeof loadReportFacts>[0], code: string) {
  const [a] = await db.select().from(agencies).where(eq(agencies.code, code));
  return a.id;
}

describeDatabases(
  'applications import, export and report facts',
  (t) => {
    it('the seed: 2023 of 220500-zsj is exactly one 自然人 application decided 予以公开', async () => {
      const facts = await loadReportFacts(t.db, await agencyId(t.db, '220500-zsj'), 2023);
      const placed = facts.applications.map((f) => ({ f, p: placeApplication(f, 2023) })).filter((x) => x.p.new || x.p.carried_in);
      expect(placed).toHaveLength(1);
      expect(placed[0].f).toMatchObject({ applicantType: 'natural', outcome: 'public', receiptDate: '2023-06-12', decisionDate: '2023-06-20' });
      expect(placed[0].p).toEqual({ new: true, carried_in: false, outcome: 'public', carried_out: false });
      expect(facts.appeals).toEqual([]);
    });

    it('rejects a bad file whole, naming lines, and writes nothing', async () => {
      const before = (await t.db.select().from(applications)).length;
      const bad = `${CSV}\n220500-czj,C-2025-5,natural,carrier_pigeon,2025-13-01,,,x,y\n220500-czj,C-2025-1,natural,in_person,2025-01-02,,,x,y`;
      await expect(importApplicationsCsv(t.db, bad, 'bad.csv')).rejects.toThrow(ImportError);
      await expect(importApplicationsCsv(t.db, bad, 'bad.csv')).rejects.toThrow(/第6行：.*提交渠道.*\n第7行：申请编号「C-2025-1」与第2行重复/s);
      await expect(importApplicationsCsv(t.db, 'agency_code,number\nx,y', 'h.csv')).rejects.toThrow(/第1行（表头）缺少列：applicant_type/);
      expect((await t.db.select().from(applications)).length).toBe(before);
    });

    it('imports, derives the facts from the events, carries the open and the late ones over the year end', async () => {
      expect(await importApplicationsCsv(t.db, CSV, 'ok.csv')).toBe(4);
      const czj = await agencyId(t.db, '220500-czj');
      const f2025 = await loadReportFacts(t.db, czj, 2025);
      const byNumber = new Map<string, ReturnType<typeof placeApplication>>();
      const rows = await t.db.select().from(applications).where(eq(applications.agencyId, czj));
      for (const f of f2025.applications) byNumber.set(rows.find((r) => String(r.id) === f.id)!.number, placeApplication(f, 2025));
      expect(byNumber.get('C-2025-1')).toEqual({ new: true, carried_in: false, outcome: null, carried_out: true });
      expect(byNumber.get('C-2025-2')).toMatchObject({ new: true, outcome: 'partial', carried_out: false });
      expect(byNumber.get('C-2025-3')).toMatchObject({ new: true, outcome: null, carried_out: true });
      expect(byNumber.get('C-2025-4')).toMatchObject({ outcome: 'other.correction_lapsed' });
      const f2026 = await loadReportFacts(t.db, czj, 2026);
      // Closed before 2026: not even read.
      expect(f2026.applications).toHaveLength(2);
      const one = f2026.applications.find((f) => f.decisionDate === '2026-01-12')!;
      expect(placeApplication(one, 2026)).toEqual({ new: false, carried_in: true, outcome: 'public', carried_out: false });
    });

    it('an export imports back unchanged', async () => {
      const first = await exportApplicationsCsv(t.db, '220500-czj');
      expect(first.split('\n')[0]).toBe(`${HEADER},submitted_date`);
      expect(first).toContain('220500-czj,C-2025-2,org.business,online,2025-06-03,2025-06-20,partial,某公司,采购合同,');
      const fresh = await createTestDatabase();
      try {
        await fresh.db.insert(agencies).values({ code: '220500-czj', name: '通化市财政局' });
        expect(await importApplicationsCsv(fresh.db, first, 'export.csv')).toBe(4);
        expect(await exportApplicationsCsv(fresh.db)).toBe(first);
      } finally {
        await fresh.close();
      }
    });

    it('a large file goes in batches: every application with its own events, numbered from 1, and exports back unchanged', async () => {
      // 2,345 rows cross the bulk insert's batches of 1,000 applications (and of 1,000 events).
      const rows = [HEADER];
      const outcomes = ['public', 'partial', 'withheld.third_party', ''];
      for (let i = 1; i <= 2345; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const outcome = outcomes[i % outcomes.length];
        rows.push(`220500-czj,B-${i},${i % 3 ? 'natural' : 'org.business'},${i % 2 ? 'in_person' : 'online'},2025-03-${day},${outcome ? `2025-04-${day}` : ''},${outcome},申请人${i},第${i}件`);
      }
      expect(await importApplicationsCsv(t.db, rows.join('\n'), 'bulk.csv')).toBe(2345);
      const czj = await agencyId(t.db, '220500-czj');
      const { rows: seqs } = (await t.db.execute(sql`
        select a.number, array_agg(e.seq order by e.seq) as seqs, array_agg(e.type order by e.seq) as types
          from applications a join application_events e on e.application_id = a.id
         where a.agency_id = ${czj} and a.number like 'B-%' group by a.number`)) as unknown as { rows: Array<{ number: string; seqs: number[]; types: string[] }> };
      expect(seqs).toHaveLength(2345);
      for (const r of seqs) {
        expect(r.seqs.map(Number)).toEqual(r.seqs.map((_, k) => k + 1));
        expect(r.types[0]).toBe('submitted');
      }
      const exported = await exportApplicationsCsv(t.db, '220500-czj');
      const fresh = await createTestDatabase();
      try {
        await fresh.db.insert(agencies).values({ code: '220500-czj', name: '通化市财政局' });
        await importApplicationsCsv(fresh.db, exported, 'export.csv');
        expect(await exportApplicationsCsv(fresh.db)).toBe(exported);
      } finally {
        await fresh.close();
      }
    }, 120_000);

    it('appeals import: linked to an application, co-defendant flag kept', async () => {
      const text = [
        'agency_code,number,kind,filed_date,concluded_date,result,application_number,co_defendant',
        '220500-czj,（2025）吉05行审1号,reconsideration,2025-07-01,2025-08-20,upheld,C-2025-2,false',
        '220500-czj,（2025）吉0502行初9号,litigation_after_reconsideration,2025-09-01,,pending,,true',
      ].join('\n');
      expect(await importAppealsCsv(t.db, text, 'appeals.csv')).toBe(2);
      const facts = await loadReportFacts(t.db, await agencyId(t.db, '220500-czj'), 2025);
      expect(facts.appeals.map((a) => [a.kind, a.result, a.coDefendantReviewOrgan])).toEqual([
        ['reconsideration', 'upheld', false],
        ['litigation_after_reconsideration', 'pending', true],
      ]);
      const rows = await t.db.select().from(appeals);
      expect(rows.find((r) => r.kind === 'reconsideration')!.applicationId).not.toBeNull();
      await expect(importAppealsCsv(t.db, text, 'appeals.csv')).rejects.toThrow(/第2行：案号「（2025）吉05行审1号」在机关「220500-czj」已存在/);
    });
  },
  { demo: true },
);

describe('the command line', () => {
  it('gongkai import applications / export applications, with a line-numbered error on stderr', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gk-imp-'));
    const env = { ...process.env, GONGKAI_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
    const run = (...args: string[]) => spawnSync('node', ['bin/gongkai.mjs', ...args], { env, encoding: 'utf8' });
    expect(run('migrate').status).toBe(0);
    expect(run('agency', 'add', '--code', '220500-czj', '--name', '通化市财政局').status).toBe(0);
    writeFileSync(path.join(dir, 'a.csv'), CSV);
    const ok = run('import', 'applications', path.join(dir, 'a.csv'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe('4');
    const again = run('import', 'applications', path.join(dir, 'a.csv'));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('第2行：申请编号「C-2025-1」在机关「220500-czj」已存在');
    const out = path.join(dir, 'out.csv');
    expect(run('export', 'applications', '--agency', '220500-czj', '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('C-2025-3,org.research,mail_signed,2025-11-03,,,某研究院');
    expect(execFileSync('node', ['bin/gongkai.mjs', 'export', 'applications'], { env, encoding: 'utf8' })).toBe(readFileSync(out, 'utf8'));
  }, 120_000);
});
