/** Input schemas (zod 4, Chinese messages) of the application use cases, shared by the API and the pages. */
import { z } from 'zod';
import { APPLICANT_TYPES, CHANNELS, OUTCOME_CODES, APPEAL_KINDS, APPEAL_RESULTS } from '../../domain/taxonomy/index.ts';
import { isIsoDate } from '../../domain/calendar/index.ts';
import { optionalText, requiredText, textInput } from '../schemas.ts';
import type { WithheldCode } from '../../domain/letters/index.ts';

export const DELIVERY_METHODS = ['邮寄', '电子邮件', '在线下载', '当面领取'] as const;
export const PROVISION_FORMS = ['纸质', '电子数据', '查阅', '抄录'] as const;
import { DELIVERED_BY } from '../../domain/applications/index.ts';
export { DELIVERED_BY, DELIVERED_BY_LABELS } from '../../domain/applications/index.ts';

// The shared text helpers (no control characters: a NUL would only be refused by the database).
// Free text of 500 characters and more is prose and may span lines (tabs, line breaks).
export const text = (label: string, max: number) => requiredText(label, max, { multiline: max >= 500 });
export const optText = (label: string, max: number) => optionalText(label, max, { multiline: max >= 500 });
export const dateSchema = z
  .string({ error: '请填写日期' })
  .trim()
  .refine((s) => isIsoDate(s), '日期应为 YYYY-MM-DD 格式的真实日期');

export const fileSchema = z.object({
  filename: text('文件名', 200),
  contentType: textInput('文件类型').max(120, '文件类型过长').default('application/octet-stream'),
  /** The file's bytes, base64. */
  contentBase64: z.string().min(1, '文件不能为空').max(14_000_000, '文件不能超过10MB'),
  /** id_copy (身份证明), authorization (委托书), other. */
  purpose: z.enum(['id_copy', 'authorization', 'other']).default('other'),
});

/** 第二十九条 申请表, online. */
export const onlineApplicationSchema = z.object({
  agencyCode: text('受理机关', 40),
  subject: text('所需政府信息的名称', 500),
  documentNumber: optText('文号', 100),
  description: optText('所需政府信息的特征性描述', 2000),
  provisionForm: z.enum(PROVISION_FORMS, { error: '请选择信息的提供形式' }),
  deliveryMethod: z.enum(DELIVERY_METHODS, { error: '请选择获取信息的方式' }),
  /** An agent (代理人) applying for the applicant: the 委托书 must be attached. */
  agentName: optText('代理人姓名', 50),
  attachments: z.array(fileSchema).max(10, '附件不能超过10个').default([]),
});
export type OnlineApplicationInput = z.infer<typeof onlineApplicationSchema>;

/** Staff entry of a letter, in-person, fax or e-mail application. */
export const staffApplicationSchema = z
  .object({
    channel: z.enum(CHANNELS, { error: '请选择提交渠道' }).refine((c) => c !== 'online', '网上申请由申请人在线提交'),
    /** The day it arrived (handed in, signed for, letter arrived, fax or e-mail received). */
    submittedDate: dateSchema,
    /** 平常信函 / 传真 / 电子邮件: the day it was confirmed with the applicant (第三十一条). */
    confirmedDate: dateSchema.optional(),
    applicantType: z.enum(APPLICANT_TYPES, { error: '请选择申请人类型' }),
    applicantName: text('申请人姓名或名称', 100),
    applicantIdNumber: optText('证件号码', 40),
    applicantCreditCode: optText('统一社会信用代码', 40),
    applicantPhone: optText('联系电话', 40),
    applicantEmail: optText('电子邮箱', 200),
    applicantAddress: optText('通讯地址', 200),
    subject: text('所需政府信息的名称', 500),
    documentNumber: optText('文号', 100),
    description: optText('所需政府信息的特征性描述', 2000),
    provisionForm: z.enum(PROVISION_FORMS, { error: '请选择信息的提供形式' }),
    deliveryMethod: z.enum(DELIVERY_METHODS, { error: '请选择获取信息的方式' }),
    /** 口头申请 written down by staff (第二十九条第一款). */
    oral: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (!v.applicantPhone && !v.applicantEmail && !v.applicantAddress) {
      ctx.addIssue({ code: 'custom', path: ['applicantPhone'], message: '请至少填写一种联系方式（第二十九条第二款第一项）' });
    }
    if (v.confirmedDate && v.confirmedDate < v.submittedDate) ctx.addIssue({ code: 'custom', path: ['confirmedDate'], message: '确认日期不能早于收到日期' });
    if (v.confirmedDate && (v.channel === 'in_person' || v.channel === 'mail_signed')) {
      ctx.addIssue({ code: 'custom', path: ['confirmedDate'], message: '当面提交和签收的邮件不需要确认，收到之日即收到申请之日（第三十一条）' });
    }
  });
export type StaffApplicationInput = z.infer<typeof staffApplicationSchema>;

const withheldPartSchema = z.object({
  content: text('不予公开的内容', 500),
  ground: z.enum<['not_government_info', ...WithheldCode[]]>(['not_government_info', ...OUTCOME_CODES.filter((c): c is WithheldCode => c.startsWith('withheld.'))], {
    error: '请选择不予公开的理由类别',
  }),
  reason: text('不予公开的理由', 1000),
  prohibitingLaw: optText('禁止公开的法律法规', 200),
  specialLaw: optText('有特别规定的法律法规', 200),
});

export const decisionDetailsSchema = z
  .object({
    variant: z.enum(['already_public', 'provided', 'not_exist', 'not_responsible']).optional(),
    reasonDetail: optText('理由', 2000),
    access: optText('获取方式、途径', 500),
    accessTime: optText('获取时间', 200),
    disclosedPart: optText('公开的内容', 2000),
    withheldParts: z.array(withheldPartSchema).max(20).optional(),
    prohibitingLaw: optText('禁止公开的法律法规', 200),
    specialLaw: optText('有特别规定的法律法规', 200),
    thirdPartyConsulted: z.boolean().optional(),
    competentAgency: z.object({ name: text('负责公开的机关', 100), contact: optText('联系方式', 200) }).optional(),
    previousReply: z.object({ date: dateSchema, number: optText('文号', 100) }).optional(),
    explanationRequestDate: dateSchema.optional(),
    petitionChannel: optText('信访投诉举报渠道', 300),
    otherReason: optText('理由', 1000),
    otherBasis: z.array(z.object({ law: text('法律名称', 100), article: textInput('条款').max(60, '条款不能超过60个字') })).optional(),
    otherDecision: optText('处理决定', 500),
  })
  .default({});

export const appealSchema = z
  .object({
    agencyCode: text('机关代码', 40),
    applicationNumber: optText('关联的申请编号', 60),
    number: optText('案号', 100),
    kind: z.enum(APPEAL_KINDS, { error: '请选择案件类型（复议 / 直接起诉 / 复议后起诉）' }),
    organ: optText('复议机关或法院', 100),
    filedDate: dateSchema,
    result: z.enum(APPEAL_RESULTS, { error: '请选择结果' }).default('pending'),
    concludedDate: dateSchema.optional(),
    coDefendant: z.boolean().default(false),
    note: optText('备注', 1000),
  })
  .superRefine((v, ctx) => {
    if (v.result !== 'pending' && !v.concludedDate) ctx.addIssue({ code: 'custom', path: ['concludedDate'], message: '已审结的案件须填写审结日期' });
    if (v.result === 'pending' && v.concludedDate) ctx.addIssue({ code: 'custom', path: ['concludedDate'], message: '尚未审结的案件不应填写审结日期' });
    if (v.concludedDate && v.concludedDate < v.filedDate) ctx.addIssue({ code: 'custom', path: ['concludedDate'], message: '审结日期不能早于申请复议或起诉日期' });
  });
export type AppealInput = z.infer<typeof appealSchema>;
