/**
 * Input schemas (zod 4) shared by the JSON API and the HTML forms. Messages are Chinese; zod's own
 * messages are switched to its zh-CN locale in app.ts for anything not written here.
 */
import { z } from 'zod';
import { APPLICANT_TYPES, APPLICANT_TYPE_LABELS } from '../domain/taxonomy/index.ts';
import { checkCreditCode, checkIdNumber } from '../domain/identity/index.ts';
import { ROLES } from '../db/schema.ts';

export const ID_DOC_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other'] as const;
export type IdDocType = (typeof ID_DOC_TYPES)[number];
export const ID_DOC_TYPE_LABELS: Record<IdDocType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent: '外国人永久居留身份证',
  other: '其他有效身份证件',
};

export const ORG_TYPES = APPLICANT_TYPES.filter((t) => t !== 'natural');
export const APPLICANT_TYPE_FULL_LABELS = Object.fromEntries(
  APPLICANT_TYPES.map((t) => [t, t === 'natural' ? '自然人' : `法人或其他组织（${APPLICANT_TYPE_LABELS[t]}）`]),
) as Record<(typeof APPLICANT_TYPES)[number], string>;

const MOBILE = /^1[3-9]\d{9}$/;

export const passwordSchema = z
  .string({ error: '请填写密码' })
  .min(8, '密码至少需要8位')
  .max(128, '密码不能超过128位')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码需同时包含字母和数字');

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(200, '电子邮箱过长')
  .pipe(z.email('请填写正确的电子邮箱地址'));

export const mobileSchema = z.string().trim().regex(MOBILE, '请填写11位手机号码');

export const registerSchema = z
  .object({
    applicantType: z.enum(APPLICANT_TYPES, { error: '请选择申请人类型' }),
    name: z.string({ error: '请填写姓名或名称' }).trim().min(1, '请填写姓名或名称').max(100, '姓名或名称不能超过100个字'),
    phone: mobileSchema.optional(),
    email: emailSchema.optional(),
    idDocType: z.enum(ID_DOC_TYPES, { error: '请选择证件类型' }).optional(),
    idNumber: z.string().trim().max(40, '证件号码过长').optional(),
    creditCode: z.string().trim().max(40, '统一社会信用代码过长').optional(),
    contactName: z.string().trim().max(50, '联系人姓名过长').optional(),
    address: z.string().trim().max(200, '通讯地址过长').optional(),
    password: passwordSchema,
  })
  .superRefine((v, ctx) => {
    if (!v.phone && !v.email) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: '请至少填写手机号码或电子邮箱中的一项（用于登录和联系）' });
    }
    if (v.applicantType === 'natural') {
      const docType = v.idDocType ?? 'resident_id';
      if (!v.idNumber) {
        ctx.addIssue({ code: 'custom', path: ['idNumber'], message: `请填写${ID_DOC_TYPE_LABELS[docType]}号码` });
      } else if (docType === 'resident_id') {
        const r = checkIdNumber(v.idNumber);
        if (!r.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: r.message });
      }
    } else {
      if (!v.creditCode) {
        ctx.addIssue({ code: 'custom', path: ['creditCode'], message: '请填写统一社会信用代码' });
      } else {
        const r = checkCreditCode(v.creditCode);
        if (!r.ok) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: r.message });
      }
    }
  });
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  login: z.string({ error: '请填写手机号码或电子邮箱' }).trim().min(1, '请填写手机号码或电子邮箱').max(200),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(128),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, '请填写当前密码').max(128),
  newPassword: passwordSchema,
});

export const AGENCY_CODE = /^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$/;
export const agencyCreateSchema = z.object({
  code: z.string({ error: '请填写机关代码' }).trim().regex(AGENCY_CODE, '机关代码只能包含字母、数字、“-”和“_”，最长40位'),
  name: z.string({ error: '请填写机关名称' }).trim().min(1, '请填写机关名称').max(100, '机关名称不能超过100个字'),
  parentCode: z.string().trim().regex(AGENCY_CODE, '上级机关代码格式不正确').optional(),
  officeName: z.string().trim().max(100).optional(),
  officePhone: z.string().trim().max(50).optional(),
  officeAddress: z.string().trim().max(200).optional(),
  officeHours: z.string().trim().max(200).optional(),
  officeEmail: emailSchema.optional(),
});
export type AgencyCreateInput = z.infer<typeof agencyCreateSchema>;

export const roleGrantSchema = z.object({
  agencyCode: z.string().trim().regex(AGENCY_CODE, '机关代码格式不正确'),
  role: z.enum(ROLES, { error: '角色不正确' }),
});

export const staffCreateSchema = z.object({
  email: emailSchema,
  displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名过长'),
  phone: mobileSchema.optional(),
  password: passwordSchema,
  roles: z.array(roleGrantSchema).max(50).default([]),
});

export const staffUpdateSchema = z.object({
  displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名过长').optional(),
  active: z.boolean().optional(),
  roles: z.array(roleGrantSchema).max(50).optional(),
});

/** Changing an agency's name and 政府信息公开工作机构 details (its office: Art. 4; its contacts are published in the 公开指南); blank = cleared. */
export const agencyUpdateSchema = z.object({
  name: z.string({ error: '请填写机关名称' }).trim().min(1, '请填写机关名称').max(100, '机关名称不能超过100个字'),
  officeName: z.string().trim().max(100, '工作机构名称不能超过100个字').optional(),
  officePhone: z.string().trim().max(50, '联系电话不能超过50个字').optional(),
  officeAddress: z.string().trim().max(200, '办公地址不能超过200个字').optional(),
  officeHours: z.string().trim().max(200, '办公时间不能超过200个字').optional(),
  officeEmail: emailSchema.optional(),
});
export type AgencyUpdateInput = z.infer<typeof agencyUpdateSchema>;
