/**
 * The seed acceptance test (design.md): given 通化市政务服务和数字化建设管理局's 2023 as data, Gongkai
 * produces the published report's three tables number for number — compared with the tables the
 * auditor reads out of the real published page (shared/fixtures/…txt). On PGlite, and on PostgreSQL
 * when GONGKAI_TEST_DATABASE_URL is set.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditBuffer } from '../../../src/audit-io/index.ts';
import { reports } from '../../../src/db/schema.ts';
import { seedDemo } from '../../../src/db/seed/demo.ts';
import type { ReportModel } from '../../../src/domain/report/model.ts';
import { agencyPlace, compileNow, publishedReports, SYSTEM, viewReport } from '../../../src/app/reports/service.ts';
import { describeDatabases } from '../../support/db.ts';
import { SEED_REPORT } from '../../support/fixtures.ts';

const FIXTURE = SEED_REPORT;

describeDatabases(
  'the seed report from the database',
  (t) => {
    let published: ReportModel;
    beforeAll(async () => {
      published = await auditBuffer('tonghua.txt', readFileSync(FIXTURE));
    });

    it('compiles 220500-zsj 2023 into the published tables, cell by cell', async () => {
      const place = await agencyPlace(t.db, '220500-zsj');
      const { model } = await compileNow(t.db, place, 2023);
      expect(model.applications).toEqual(published.applications);
      expect(model.appeals).toEqual(published.appeals);
      expect(model.proactive).toEqual(published.proactive);
      expect(model.applications.new.natural).toBe(1);
      expect(model.applications.public.total).toBe(1);
      expect(model.applications.carried_out.total).toBe(0);
    });

    it('has the published 2023 report of 2024-01-17, frozen, with the same tables and no error', async () => {
      const place = await agencyPlace(t.db, '220500-zsj');
      const rows = await publishedReports(t.db, place.agency.id);
      expect(rows.map((r) => [r.year, r.version, r.publishedDate])).toEqual([[2023, 1, '2024-01-17']]);
      const model = rows[0].model as ReportModel;
      expect(model.published).toBe('2024-01-17');
      expect(model.applications).toEqual(published.applications);
      expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(model.sections.problems).toContain('信息发布的内容还不够全面深入');
      // the cell 一、本年新收·自然人 lists the one application behind it
      const view = await viewReport(t.db, SYSTEM, '220500-zsj', 2023);
      expect(view.sources['table2/new/natural']).toHaveLength(1);
    });

    it('seeding again adds nothing (idempotent)', async () => {
      await seedDemo(t.db);
      const place = await agencyPlace(t.db, '220500-zsj');
      const rows = await t.db.select().from(reports).where(and(eq(reports.agencyId, place.agency.id), eq(reports.year, 2023)));
      expect(rows).toHaveLength(1);
      const { model } = await compileNow(t.db, place, 2023);
      expect(model.applications.new.total).toBe(1);
    });
  },
  { demo: true },
);
