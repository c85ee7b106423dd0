/**
 * Demo applications of 通化市政务服务和数字化建设管理局 (220500-zsj):
 * - 2023: exactly one 自然人 application, received and decided 予以公开 in 2023, so that the
 *   compiled 2023 report reproduces the seed report's table 2 (one 自然人, 予以公开, nothing carried);
 * - 2026: the demo applicant's applications in the states of the procedure — awaiting confirmation,
 *   in 补正, in consultation, extended, decided and delivered, and two near or past their due date
 *   (the inbox's 逾期 / 即将逾期 badges as of late November 2026).
 * Events only (the state is derived). Idempotent: an application whose number exists is skipped.
 */
import { and, eq } from 'drizzle-orm';
import type { CaseEvent } from '../../domain/applications/index.ts';
import { appendEvents } from '../applications.ts';
import { applicantProfiles, applications, letterTemplates } from '../schema.ts';
import type { SeedStep } from './demo.ts';

interface DemoApp {
  number: string;
  applicant: 'zhangsan' | 'other2023';
  channel: string;
  subject: string;
  description?: string;
  events: CaseEvent[];
  by: string;
}

const APPS: DemoApp[] = [
  {
    number: '202300001',
    applicant: 'other2023',
    channel: 'in_person',
    subject: '通化市政务服务大厦进驻事项清单',
    by: 'registrar@zsj.demo',
    events: [
      { type: 'submitted', date: '2023-06-12', channel: 'in_person' },
      { type: 'decided', date: '2023-06-20', outcome: 'public', details: { variant: 'provided', access: '随告知书提供纸质文本' } },
      { type: 'delivered', date: '2023-06-21' },
    ],
  },
  {
    number: '202600001',
    applicant: 'zhangsan',
    channel: 'online',
    subject: '2026年通化市政务服务事项进驻大厅情况统计表',
    by: 'zhangsan@applicant.demo',
    events: [{ type: 'submitted', date: '2026-11-25', channel: 'online' }],
  },
  {
    number: '202600002',
    applicant: 'zhangsan',
    channel: 'online',
    subject: '关于数字政府建设的文件',
    by: 'zhangsan@applicant.demo',
    events: [
      { type: 'submitted', date: '2026-11-02', channel: 'online' },
      { type: 'receipt_confirmed', date: '2026-11-02' },
      { type: 'assigned', date: '2026-11-03', handlerUserId: -1, handlerName: '王承办' },
      { type: 'correction_requested', date: '2026-11-05', periodWorkingDays: 15 },
    ],
  },
  {
    number: '202600003',
    applicant: 'zhangsan',
    channel: 'in_person',
    subject: '2026年政务服务大厦物业服务合同',
    by: 'registrar@zsj.demo',
    events: [
      { type: 'submitted', date: '2026-10-20', channel: 'in_person' },
      { type: 'assigned', date: '2026-10-21', handlerUserId: -1, handlerName: '王承办' },
      { type: 'consultation_sent', date: '2026-11-10', party: 'third_party', ref: '通化某物业管理有限公司', consultee: '通化某物业管理有限公司' },
    ],
  },
  {
    number: '202600004',
    applicant: 'zhangsan',
    channel: 'online',
    subject: '2025年度“吉事办”平台办件量统计数据',
    by: 'zhangsan@applicant.demo',
    events: [
      { type: 'submitted', date: '2026-10-09', channel: 'online' },
      { type: 'receipt_confirmed', date: '2026-10-09' },
      { type: 'assigned', date: '2026-10-10', handlerUserId: -1, handlerName: '王承办' },
      { type: 'extension_requested', date: '2026-10-30', workingDays: 20, reason: '所需数据分散在多个业务系统，需要汇总核对' },
      { type: 'extension_approved', date: '2026-11-02', workingDays: 20, approvedBy: '赵审核' },
    ],
  },
  {
    number: '202600005',
    applicant: 'zhangsan',
    channel: 'in_person',
    subject: '通化市政务服务中心窗口设置方案',
    by: 'registrar@zsj.demo',
    events: [
      { type: 'submitted', date: '2026-09-15', channel: 'in_person' },
      { type: 'assigned', date: '2026-09-16', handlerUserId: -1, handlerName: '王承办' },
      { type: 'decision_proposed', date: '2026-09-28', outcome: 'public', details: { variant: 'provided', access: '随告知书以电子文档形式提供' } },
      { type: 'decided', date: '2026-09-30', outcome: 'public', details: { variant: 'provided', access: '随告知书以电子文档形式提供' } },
      { type: 'delivered', date: '2026-10-09', method: 'email' },
    ],
  },
  {
    number: '202600006',
    applicant: 'zhangsan',
    channel: 'mail_signed',
    subject: '2026年第三季度政务服务投诉处理情况',
    by: 'registrar@zsj.demo',
    events: [
      { type: 'submitted', date: '2026-10-28', channel: 'mail_signed' },
      { type: 'assigned', date: '2026-10-29', handlerUserId: -1, handlerName: '王承办' },
    ],
  },
  {
    number: '202600007',
    applicant: 'zhangsan',
    channel: 'in_person',
    subject: '政务服务大厦停车场收费标准的批复文件',
    by: 'registrar@zsj.demo',
    events: [{ type: 'submitted', date: '2026-11-03', channel: 'in_person' }],
  },
];

export const applicationsStep: SeedStep = {
  name: 'applications',
  label: '依申请公开的申请',
  async run(db, ctx) {
    const agencyId = ctx.agencies.get('220500-zsj')!;
    const zhangsanId = ctx.users.get('zhangsan@applicant.demo')!;
    const handlerId = ctx.users.get('handler@zsj.demo')!;
    const [profile] = await db.select().from(applicantProfiles).where(eq(applicantProfiles.userId, zhangsanId));
    const existingProfile = await db
      .select({ id: letterTemplates.id })
      .from(letterTemplates)
      .where(and(eq(letterTemplates.agencyId, agencyId), eq(letterTemplates.kind, 'agency_profile')));
    if (!existingProfile.length) {
      await db.insert(letterTemplates).values({
        agencyId,
        kind: 'agency_profile',
        body: JSON.stringify({ numberPrefix: '通政数公开', courtName: '通化市东昌区人民法院', superiorAuthorityName: '吉林省政务服务和数字化建设管理局' }),
      });
    }
    for (const a of APPS) {
      const [exists] = await db
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.agencyId, agencyId), eq(applications.number, a.number)));
      if (exists) continue;
      const own = a.applicant === 'zhangsan';
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(applications)
          .values({
            agencyId,
            number: a.number,
            applicantUserId: own ? zhangsanId : null,
            applicantType: 'natural',
            applicantName: own ? profile.name : '刘某',
            applicantIdDocType: own ? profile.idDocType : null,
            applicantIdNumber: own ? profile.idNumber : null,
            applicantPhone: own ? profile.phone : '13900000000',
            applicantEmail: own ? profile.email : null,
            applicantAddress: own ? profile.address : null,
            channel: a.channel,
            subject: a.subject,
            provisionForm: '电子数据',
            deliveryMethod: '电子邮件',
            createdBy: ctx.users.get(a.by) ?? null,
          })
          .returning({ id: applications.id });
        const events = a.events.map((e) => (e.type === 'assigned' ? { ...e, handlerUserId: handlerId } : e));
        await appendEvents(tx, row.id, events, ctx.users.get(a.by) ?? null);
      });
    }
  },
};
