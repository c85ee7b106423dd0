/**
 * Demo data of the annual report (issue 6): 通化市政务服务和数字化建设管理局 (220500-zsj)'s 2023 as
 * data — the one application of the seed report (shared/fixtures/tonghua-zhengshuju-2023-annual-report.txt:
 * 自然人, 予以公开) — and its 2023 report compiled from it, with prose adapted from the published
 * text, published on 2024-01-17 like the original page. Idempotent: the application is added only
 * when the bureau has no application received in 2023 (the applications area may seed it), the
 * report only when the bureau has no 2023 report.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../index.ts';
import { applicationEvents, applications, reports } from '../schema.ts';
import type { SeedStep } from './demo.ts';
import { agencyPlace, clearReport, publishReport, saveProse, submitReport, SYSTEM } from '../../app/reports/service.ts';

export const SEED_AGENCY = '220500-zsj';
export const SEED_APPLICATION_NUMBER = 'ZSJ-2023-0001';

export const SEED_PROSE = {
  overview: [
    '2023年，市政数局在市委市政府的坚强领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕政务服务、数字政府建设和优化营商环境等重点工作，依法做好政府信息公开工作。',
    '（一）主动公开。通过市政府门户网站政府信息公开专栏及时发布政务服务事项清单调整、“一件事一次办”改革、公共资源交易等信息。本年未制发、废止规章和行政规范性文件。',
    '（二）依申请公开。本年新收政府信息公开申请1件，上年结转0件，办结1件，予以公开，结转下年度0件，均在法定期限内答复。',
    '（三）政府信息管理。落实政府信息公开审查制度，信息发布前严格审核。',
    '（四）政府信息公开平台建设。依托市政府门户网站公开专栏发布信息，做到栏目齐全、更新及时。',
    '（五）监督保障。本年因政府信息公开工作被申请行政复议0件、被提起行政诉讼0件，未发生责任追究情况。',
  ].join('\n'),
  problems: [
    '信息发布的内容还不够全面深入，信息的时效性和规范性还有待加强。',
    '下一步，我们将继续认真贯彻上级部门关于政务公开工作的要求和部署，结合本单位实际，进一步强化政务公开制度建设，做到信息公开数量充足、栏目齐全、更新及时、内容实用，切实提高公开信息的质量和水平。规范依申请公开办理，提升依申请公开办理效率。',
  ].join('\n'),
  other: '本年度未收取信息处理费。暂无其他需要报告的事项。',
};

/** Adds the seed application when the bureau has none received in 2023. */
export async function ensureSeedApplication(db: Db, agencyId: number): Promise<void> {
  const [mine] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.agencyId, agencyId), eq(applications.number, SEED_APPLICATION_NUMBER)));
  if (mine) return;
  const [other] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(applicationEvents)
    .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
    .where(and(eq(applications.agencyId, agencyId), eq(applicationEvents.type, 'submitted'), sql`${applicationEvents.payload}->>'date' like '2023-%'`));
  if (other.n > 0) return;
  await db.transaction(async (tx) => {
    const [app] = await tx
      .insert(applications)
      .values({
        agencyId,
        number: SEED_APPLICATION_NUMBER,
        applicantType: 'natural',
        applicantName: '张三',
        channel: 'in_person',
        subject: '通化市政务服务中心进驻事项清单',
        provisionForm: '纸质',
        deliveryMethod: '自行领取',
      })
      .returning({ id: applications.id });
    const events = [
      { type: 'submitted', payload: { date: '2023-06-12', channel: 'in_person' } },
      { type: 'decided', payload: { date: '2023-06-30', outcome: 'public' } },
      { type: 'delivered', payload: { date: '2023-06-30' } },
    ];
    await tx.insert(applicationEvents).values(events.map((e, i) => ({ applicationId: app.id, seq: i + 1, type: e.type, payload: e.payload })));
  });
}

export const reportsStep: SeedStep = {
  name: 'reports',
  label: '年度报告',
  async run(db, ctx) {
    const agencyId = ctx.agencies.get(SEED_AGENCY);
    if (agencyId == null) return;
    await ensureSeedApplication(db, agencyId);
    const [existing] = await db
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.agencyId, agencyId), eq(reports.year, 2023)))
      .limit(1);
    if (existing) return;
    // A department under 通化市人民政府's 政务公开办: saved, submitted, cleared, published on the
    // original page's 发布日期.
    await saveProse(db, SYSTEM, SEED_AGENCY, 2023, SEED_PROSE);
    const place = await agencyPlace(db, SEED_AGENCY);
    if (place.supervisor) {
      await submitReport(db, SYSTEM, SEED_AGENCY, 2023);
      await clearReport(db, SYSTEM, SEED_AGENCY, 2023);
    }
    await publishReport(db, SYSTEM, SEED_AGENCY, 2023, { publishedDate: '2024-01-17' });
  },
};
