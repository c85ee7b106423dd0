/**
 * Demo data of the public portal: catalogue documents and the year figures of table 1.
 *
 * - 220500 (通化市人民政府): 规章 and 行政规范性文件 issued and repealed across 2021–2024, so table 1
 *   has non-trivial numbers. For 2023: 规章 制发 1 / 废止 0 / 现行有效 2; 行政规范性文件 制发 1 /
 *   废止 1 / 现行有效 2 (the 2021 one is repealed only in 2024). Figures 2023: 许可 1523, 处罚 87,
 *   强制 12, 收费 356.42 万元.
 * - 220500-zsj (the seed report's bureau): for 2023 no 规章 and no 规范性文件 issued, repealed or in
 *   force (its only 规范性文件 is of 2024) and figures 0 — so its compiled 2023 report matches the
 *   seed report; its 工作动态 documents use the seed report's own paragraphs.
 * Idempotent: a document whose (agency, title) exists is skipped; figures are upserted.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../index.ts';
import { documents } from '../schema.ts';
import type { SeedStep } from './demo.ts';
import { SEED_REPORT_PARAGRAPHS as P } from './portal-texts.ts';
import { createDocument, publishDocument, repealDocument } from '../../app/portal/documents.ts';
import { upsertFigures } from '../../app/portal/figures.ts';
import { SYSTEM, type By } from '../../app/policies.ts';
import { loadFigures } from '../../app/portal/facts.ts';
import type { CategoryCode, DocumentKind } from '../../domain/portal/categories.ts';

export interface DemoDocument {
  agency: string;
  title: string;
  docNumber?: string;
  kind: DocumentKind;
  category: CategoryCode;
  writtenDate: string;
  publishedDate?: string;
  effectiveDate?: string;
  repealedDate?: string;
  body: string;
  views?: number;
}

const para = (...lines: string[]) => lines.join('\n\n');

export const DEMO_DOCUMENTS: DemoDocument[] = [
  // 通化市人民政府 — 规章 and 行政规范性文件 across the years.
  {
    agency: '220500',
    title: '通化市城市供热管理办法',
    docNumber: '通化市人民政府令第1号',
    kind: 'rule',
    category: 'regulations',
    writtenDate: '2022-03-15',
    publishedDate: '2022-03-21',
    effectiveDate: '2022-05-01',
    body: para('第一条 为了加强城市供热管理，保障供热安全，维护供热单位和热用户的合法权益，制定本办法。', '第二条 本市行政区域内的城市供热规划、建设、经营、使用和管理，适用本办法。', '第三条 本办法自2022年5月1日起施行。'),
    views: 312,
  },
  {
    agency: '220500',
    title: '通化市生活垃圾分类管理办法',
    docNumber: '通化市人民政府令第3号',
    kind: 'rule',
    category: 'regulations',
    writtenDate: '2023-06-10',
    publishedDate: '2023-06-16',
    effectiveDate: '2023-08-01',
    body: para('第一条 为了推进生活垃圾分类，改善人居环境，促进资源循环利用，制定本办法。', '第二条 生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾。', '第三条 本办法自2023年8月1日起施行。'),
    views: 205,
  },
  {
    agency: '220500',
    title: '通化市政府投资项目管理办法',
    docNumber: '通政办发〔2021〕9号',
    kind: 'normative',
    category: 'regulations',
    writtenDate: '2021-09-01',
    publishedDate: '2021-09-06',
    effectiveDate: '2021-10-01',
    repealedDate: '2024-03-01',
    body: para('一、为规范政府投资行为，提高政府投资效益，结合本市实际，制定本办法。', '二、政府投资项目实行审批制，项目单位应当编制项目建议书、可行性研究报告和初步设计。', '三、本办法有效期至2026年9月30日。'),
    views: 96,
  },
  {
    agency: '220500',
    title: '通化市优化营商环境若干措施',
    docNumber: '通政发〔2022〕5号',
    kind: 'normative',
    category: 'regulations',
    writtenDate: '2022-04-08',
    publishedDate: '2022-04-12',
    effectiveDate: '2022-04-12',
    repealedDate: '2023-11-30',
    body: para('一、深化“放管服”改革，推行政务服务“一网通办”，企业开办时间压缩至1个工作日。', '二、优化营商环境，建立企业诉求直达机制，对企业反映的问题限时办结。', '三、本措施自印发之日起施行。'),
    views: 488,
  },
  {
    agency: '220500',
    title: '通化市城乡居民基本医疗保险实施细则',
    docNumber: '通政发〔2023〕8号',
    kind: 'normative',
    category: 'social',
    writtenDate: '2023-05-12',
    publishedDate: '2023-05-18',
    effectiveDate: '2023-07-01',
    body: para('一、为完善城乡居民基本医疗保险制度，保障参保人员医保待遇，制定本细则。', '二、城乡居民医保实行市级统筹，统一参保范围、筹资政策、保障待遇、医保目录、定点管理和基金管理。', '三、本细则自2023年7月1日起施行。'),
    views: 1204,
  },
  {
    agency: '220500',
    title: '通化市不动产登记便民服务规定',
    docNumber: '通政发〔2024〕2号',
    kind: 'normative',
    category: 'regulations',
    writtenDate: '2024-02-20',
    publishedDate: '2024-02-26',
    effectiveDate: '2024-03-01',
    body: para('一、不动产登记实行“一窗受理、并行办理”，一般登记3个工作日内办结。', '二、推行不动产登记与水电气网过户联动办理。', '三、本规定自2024年3月1日起施行。'),
    views: 377,
  },
  {
    agency: '220500',
    title: '通化市2024年国民经济和社会发展计划',
    kind: 'other',
    category: 'plans',
    writtenDate: '2024-01-20',
    publishedDate: '2024-01-25',
    body: para('2024年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业1.2万人。', '重点做好优化营商环境、数字通化建设、民生保障等工作。'),
    views: 150,
  },
  // 通化市政务服务和数字化建设管理局 — the seed report's bureau.
  {
    agency: '220500-zsj',
    title: '通化市政务服务和数字化建设管理局主要职责',
    kind: 'other',
    category: 'functions',
    writtenDate: '2023-02-01',
    publishedDate: '2023-02-03',
    body: para('负责全市政务服务管理和数字政府建设的统筹规划、组织协调和监督指导。', '负责公共资源交易监督管理、政务服务热线管理、社会信用体系建设和优化营商环境工作。', '办公地址：吉林省通化市东昌区新华大街（演示地址）；办公时间：工作日 8:30—11:30，13:30—17:00。'),
    views: 64,
  },
  {
    agency: '220500-zsj',
    title: '市政数局获评全国公共资源交易综合竞争力十佳机构',
    kind: 'other',
    category: 'other',
    writtenDate: '2023-12-20',
    publishedDate: '2023-12-22',
    body: P.honours,
    views: 231,
  },
  {
    agency: '220500-zsj',
    title: '政务服务大厦投入运行 “一件事一次办”改革全面推开',
    kind: 'other',
    category: 'other',
    writtenDate: '2023-12-25',
    publishedDate: '2023-12-27',
    body: P.services,
    views: 342,
  },
  {
    agency: '220500-zsj',
    title: '“数字通化”建设行动启动 数据共享应用扎实推进',
    kind: 'other',
    category: 'other',
    writtenDate: '2024-01-05',
    publishedDate: '2024-01-08',
    body: P.data,
    views: 158,
  },
  {
    agency: '220500-zsj',
    title: '优化营商环境改革持续深化 “接诉即办”改革全面实施',
    kind: 'other',
    category: 'other',
    writtenDate: '2024-01-09',
    publishedDate: '2024-01-10',
    body: para(P.business, P.hotline),
    views: 275,
  },
  {
    agency: '220500-zsj',
    title: '加强公共资源交易规范化管理',
    kind: 'other',
    category: 'other',
    writtenDate: '2024-01-12',
    publishedDate: '2024-01-15',
    body: P.trading,
    views: 47,
  },
  {
    agency: '220500-zsj',
    title: '通化市政务数据共享管理办法',
    docNumber: '通政数发〔2024〕1号',
    kind: 'normative',
    category: 'regulations',
    writtenDate: '2024-04-15',
    publishedDate: '2024-04-19',
    effectiveDate: '2024-05-01',
    body: para('一、为推进政务数据共享，提升政务服务效能，制定本办法。', '二、政务数据以共享为原则、不共享为例外，通过市数据共享平台提供。', '三、本办法自2024年5月1日起施行。'),
    views: 83,
  },
  // A draft awaiting publication (第二十六条 warning in the console).
  {
    agency: '220500-zsj',
    title: '关于调整政务服务大厦办公时间的通知',
    kind: 'other',
    category: 'functions',
    writtenDate: '2024-06-03',
    body: para('自2024年7月1日起，政务服务大厦夏季办公时间调整为：上午8:30—11:30，下午13:30—17:30。'),
  },
  // Other agencies.
  {
    agency: '220500-czj',
    title: '通化市2023年市本级财政预算',
    kind: 'other',
    category: 'budget',
    writtenDate: '2023-02-10',
    publishedDate: '2023-02-15',
    body: para('2023年市本级一般公共预算收入安排情况、支出安排情况及政府性基金预算安排情况。', '本预算经市人民代表大会审查批准。'),
    views: 120,
  },
  {
    agency: '220502-jyj',
    title: '东昌区2024年义务教育招生入学工作方案',
    kind: 'other',
    category: 'social',
    writtenDate: '2024-05-20',
    publishedDate: '2024-05-22',
    body: para('一、坚持免试就近入学，公办小学、初中按学区招生。', '二、随迁子女入学按照“两为主、两纳入”原则办理。'),
    views: 930,
  },
];

export const DEMO_FIGURES: Array<{ agency: string; year: number; values: Record<'licensing' | 'penalty' | 'coercion' | 'fees_wan_yuan', number>; source: string }> = [
  { agency: '220500-zsj', year: 2023, values: { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 }, source: '本机关2023年度政府信息公开工作年度报告（演示）' },
  { agency: '220500', year: 2023, values: { licensing: 1523, penalty: 87, coercion: 12, fees_wan_yuan: 356.42 }, source: '市政务服务平台和执法监督平台统计（演示数据）' },
  { agency: '220500', year: 2024, values: { licensing: 1688, penalty: 74, coercion: 9, fees_wan_yuan: 341.1 }, source: '市政务服务平台和执法监督平台统计（演示数据）' },
];

/** Adds one demo document through the use cases (so it has its versions, audit and search vector). */
async function addDemoDocument(db: Db, agencyId: number, d: DemoDocument, actorUserId: number | null) {
  // The seed acts as the system, recorded in the versions and audit log as the demo publisher.
  const by: By = { actor: actorUserId != null ? { userId: actorUserId, kind: 'staff', roles: [] } : null, system: true };
  const doc = await createDocument(
    db,
    agencyId,
    {
      title: d.title,
      docNumber: d.docNumber ?? null,
      kind: d.kind,
      category: d.category,
      writtenDate: d.writtenDate,
      effectiveDate: d.effectiveDate ?? null,
      body: d.body,
      bodyFormat: 'text',
    },
    by,
  );
  if (d.publishedDate) await publishDocument(db, doc.id, { publishedDate: d.publishedDate }, by, new Date(`${d.publishedDate}T12:00:00+08:00`));
  if (d.repealedDate) await repealDocument(db, doc.id, { repealedDate: d.repealedDate }, by);
  if (d.views) await db.update(documents).set({ viewCount: d.views }).where(eq(documents.id, doc.id));
}

export const portalStep: SeedStep = {
  name: 'portal',
  label: '主动公开文件和年度数据',
  async run(db, ctx) {
    const publisher = ctx.users.get('publisher@zsj.demo') ?? null;
    for (const d of DEMO_DOCUMENTS) {
      const agencyId = ctx.agencies.get(d.agency);
      if (agencyId == null) continue;
      const [exists] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(documents)
        .where(and(eq(documents.agencyId, agencyId), eq(documents.title, d.title)));
      if (exists.n > 0) continue;
      await addDemoDocument(db, agencyId, d, d.agency === '220500-zsj' ? publisher : null);
    }
    for (const f of DEMO_FIGURES) {
      const agencyId = ctx.agencies.get(f.agency);
      if (agencyId == null) continue;
      const existing = await loadFigures(db, agencyId, f.year);
      if (Object.keys(existing).length > 0) continue;
      await db.transaction((tx) => upsertFigures(tx, agencyId, f.year, f.values, f.source, SYSTEM));
    }
  },
};
