/**
 * Input schemas (zod 4) shared by the JSON API and the HTML forms. Messages are Chinese; zod's own
 * messages are switched to its zh-CN locale in app.ts for anything not written here.
 */
import { z } from 'zod';
import { APPLICANT_TYPES, APPLICANT_TYPE_LABELS } from '../domain/taxonomy/index.ts';
import { checkCreditCode, checkIdNumber } from '../domain/identity/index.ts';
import { ROLES } from '../db/schema.ts';
import { findControlCharacter } from '../domain/text/index.ts';
import { passwordProblem, type OwnIdentifiers } from './password-policy.ts';

// ----------------------------------------------------------------------------- shared field helpers
// Every text, id and date a route accepts is checked here, before any SQL runs: the database's own
// refusals (NUL: SQLSTATE 22021, an id beyond int4: 22003, …) only reach the safety net in app.ts.

/** The largest value of a PostgreSQL `integer` (int4) column: every id (serial) and count here. */
export const DB_INT_MAX = 2_147_483_647;

/** Whether `n` can be a row id (serial, int4): a positive whole number no larger than DB_INT_MAX. */
export function isDbId(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= DB_INT_MAX;
}

/**
 * A trimmed text field named `label` that holds no control character (a NUL cannot even be stored);
 * `multiline` free text (a description, a reason, a body) may hold tabs and line breaks. `error` is
 * the message for a missing or non-text value. Chain `.min()`/`.max()` after it as with z.string():
 *   name: textInput('机关名称', { error: '请填写机关名称' }).min(1, '请填写机关名称').max(100, '机关名称不能超过100个字')
 */
export function textInput(label: string, opts: { multiline?: boolean; error?: string; trim?: boolean } = {}) {
  const base = z.string({ error: opts.error ?? `${label}应为文字` });
  return (opts.trim === false ? base : base.trim()).refine((s) => findControlCharacter(s, opts.multiline) === undefined, {
    message: `${label}不能包含控制字符`,
  });
}

/** A required text field: trimmed, no control characters, 1 to `max` characters. */
export const requiredText = (label: string, max: number, opts: { multiline?: boolean } = {}) =>
  textInput(label, { ...opts, error: `请填写${label}` }).min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`);

/** An optional text field: trimmed, no control characters, at most `max` characters. */
export const optionalText = (label: string, max: number, opts: { multiline?: boolean } = {}) =>
  textInput(label, opts).max(max, `${label}不能超过${max}个字`).optional();

/**
 * A row id: a whole number from 1 to DB_INT_MAX. In a path or a query (`/api/applications/:id`) the
 * text is read as a number; in a JSON body pass `{ coerce: false }` (a JSON id is a number).
 */
export const dbId = (label: string, opts: { coerce?: boolean } = {}) =>
  (opts.coerce === false ? z.number({ error: `${label}应为数字` }) : z.coerce.number({ error: `${label}应为数字` }))
    .int(`${label}应为整数`)
    .min(1, `${label}应为正整数`)
    .max(DB_INT_MAX, `${label}超出范围`);

/** An agency code in a path or a query: no control characters, at most `max` characters (an unknown code is a 404 later). */
export const agencyCodeParam = (max = 40) => textInput('机关代码').min(1, '请填写机关代码').max(max, '机关代码过长');

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

/** A new password: the policy of src/app/password-policy.ts (length and known-bad lists); the person's own identifiers are checked where they are known. */
export const passwordSchema = z.string({ error: '请填写密码' }).superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The password must not contain the identifiers given with it. */
function checkOwnPassword(v: { password: string } & OwnIdentifiers, ctx: z.RefinementCtx) {
  if (passwordProblem(v.password)) return; // already said by passwordSchema
  const problem = passwordProblem(v.password, v);
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
}

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
    name: textInput('姓名或名称', { error: '请填写姓名或名称' }).min(1, '请填写姓名或名称').max(100, '姓名或名称不能超过100个字'),
    phone: mobileSchema.optional(),
    email: emailSchema.optional(),
    idDocType: z.enum(ID_DOC_TYPES, { error: '请选择证件类型' }).optional(),
    idNumber: textInput('证件号码').max(40, '证件号码过长').optional(),
    creditCode: textInput('统一社会信用代码').max(40, '统一社会信用代码过长').optional(),
    contactName: textInput('联系人姓名').max(50, '联系人姓名过长').optional(),
    address: textInput('通讯地址').max(200, '通讯地址过长').optional(),
    password: passwordSchema,
  })
  .superRefine((v, ctx) => {
    checkOwnPassword(v, ctx);
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
  login: textInput('登录账号', { error: '请填写手机号码或电子邮箱' }).min(1, '请填写手机号码或电子邮箱').max(200, '登录账号过长'),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(128),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, '请填写当前密码').max(128),
  newPassword: passwordSchema,
});

export const AGENCY_CODE = /^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$/;
export const agencyCreateSchema = z.object({
  code: z.string({ error: '请填写机关代码' }).trim().regex(AGENCY_CODE, '机关代码只能包含字母、数字、“-”和“_”，最长40位'),
  name: textInput('机关名称', { error: '请填写机关名称' }).min(1, '请填写机关名称').max(100, '机关名称不能超过100个字'),
  parentCode: z.string().trim().regex(AGENCY_CODE, '上级机关代码格式不正确').optional(),
  officeName: textInput('工作机构名称').max(100, '工作机构名称不能超过100个字').optional(),
  officePhone: textInput('联系电话').max(50, '联系电话不能超过50个字').optional(),
  officeAddress: textInput('办公地址').max(200, '办公地址不能超过200个字').optional(),
  officeHours: textInput('办公时间').max(200, '办公时间不能超过200个字').optional(),
  officeEmail: emailSchema.optional(),
});
export type AgencyCreateInput = z.infer<typeof agencyCreateSchema>;

export const roleGrantSchema = z.object({
  agencyCode: z.string().trim().regex(AGENCY_CODE, '机关代码格式不正确'),
  role: z.enum(ROLES, { error: '角色不正确' }),
});

export const staffCreateSchema = z.object({
  email: emailSchema,
  displayName: textInput('姓名', { error: '请填写姓名' }).min(1, '请填写姓名').max(50, '姓名过长'),
  phone: mobileSchema.optional(),
  password: passwordSchema,
  roles: z.array(roleGrantSchema).max(50).default([]),
}).superRefine((v, ctx) => checkOwnPassword({ ...v, name: v.displayName }, ctx));

export const staffUpdateSchema = z.object({
  displayName: textInput('姓名', { error: '请填写姓名' }).min(1, '请填写姓名').max(50, '姓名过长').optional(),
  active: z.boolean().optional(),
  roles: z.array(roleGrantSchema).max(50).optional(),
});

/** Changing an agency's name and 政府信息公开工作机构 details (its office: Art. 4; its contacts are published in the 公开指南); blank = cleared. */
export const agencyUpdateSchema = agencyCreateSchema.omit({ code: true, parentCode: true });
export type AgencyUpdateInput = z.infer<typeof agencyUpdateSchema>;
