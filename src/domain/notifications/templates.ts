/**
 * The wording of each message: a subject and a plain-text body with `{{名称}}` placeholders. Each
 * kind has its default here; an agency may adjust the kinds marked perAgency (kinds.ts), and its
 * version is checked by validateTemplate() before it is stored. Pure.
 *
 *   renderTemplate(DEFAULT_TEMPLATES.receipt, { 申请人: '张三', 申请编号: '202600012', … })
 */
import type { NotificationKind } from './kinds.ts';

export interface MessageTemplate {
  subject: string;
  body: string;
}

/** `{{站点地址}}` stays in the stored text and becomes the site's public address when the mail is sent. */
export const SITE_PLACEHOLDER = '站点地址';

const COMMON = ['机关', SITE_PLACEHOLDER, '链接'] as const;

/** The placeholders each kind offers, and those its template must keep. */
export const PLACEHOLDERS: Record<NotificationKind, { offered: readonly string[]; required: readonly string[] }> = {
  receipt: { offered: [...COMMON, '申请人', '申请编号', '申请内容', '提交日期'], required: ['申请编号', '链接'] },
  letter: { offered: [...COMMON, '申请人', '申请编号', '文书名称', '文号', '文书日期'], required: ['文书名称', '链接'] },
  correction_reminder: { offered: [...COMMON, '申请人', '申请编号', '截止日期', '剩余工作日'], required: ['截止日期', '链接'] },
  fee_reminder: { offered: [...COMMON, '申请人', '申请编号', '截止日期', '剩余工作日', '金额'], required: ['截止日期', '链接'] },
  assigned: { offered: [...COMMON, '姓名', '申请编号', '申请内容', '答复期限'], required: ['申请编号', '链接'] },
  digest: { offered: [...COMMON, '姓名', '日期', '清单'], required: ['清单'] },
  report_missing: { offered: [...COMMON, '姓名', '年度', '清单'], required: ['清单'] },
  password_reset: { offered: [SITE_PLACEHOLDER, '链接', '姓名', '有效期'], required: ['链接'] },
};

export const DEFAULT_TEMPLATES: Record<NotificationKind, MessageTemplate> = {
  receipt: {
    subject: '{{机关}}已收到您的政府信息公开申请（申请编号 {{申请编号}}）',
    body:
      '{{申请人}}：\n\n您于{{提交日期}}向{{机关}}提交的政府信息公开申请已收到，申请编号为 {{申请编号}}。\n' +
      '申请内容：{{申请内容}}\n\n请凭申请编号查询办理进度、接收答复文书：\n{{链接}}\n',
  },
  letter: {
    subject: '{{机关}}：{{文书名称}}（申请编号 {{申请编号}}）',
    body:
      '{{申请人}}：\n\n{{机关}}就您的政府信息公开申请（申请编号 {{申请编号}}）出具了{{文书名称}}（{{文号}}，{{文书日期}}）。\n' +
      '请登录查看并下载文书全文：\n{{链接}}\n\n文书中写明的期限和救济途径自文书送达之日起计算，请及时查看。\n',
  },
  correction_reminder: {
    subject: '提醒：您的申请（{{申请编号}}）补正期限将于{{截止日期}}届满',
    body:
      '{{申请人}}：\n\n{{机关}}曾通知您补正政府信息公开申请（申请编号 {{申请编号}}）。补正期限至{{截止日期}}，还有{{剩余工作日}}个工作日。\n' +
      '逾期不补正的，视为放弃申请（《政府信息公开条例》第三十条）。\n\n查看补正告知书：\n{{链接}}\n',
  },
  fee_reminder: {
    subject: '提醒：您的申请（{{申请编号}}）缴费期限将于{{截止日期}}届满',
    body:
      '{{申请人}}：\n\n您的政府信息公开申请（申请编号 {{申请编号}}）需缴纳信息处理费{{金额}}，缴费期限至{{截止日期}}，还有{{剩余工作日}}个工作日。\n' +
      '逾期未缴纳的，{{机关}}将不再处理该申请。\n\n查看收费通知：\n{{链接}}\n',
  },
  assigned: {
    subject: '新承办件：{{申请编号}}（答复期限 {{答复期限}}）',
    body: '{{姓名}}：\n\n{{机关}}的政府信息公开申请 {{申请编号}} 已指定由您承办，答复期限为{{答复期限}}。\n申请内容：{{申请内容}}\n\n办理：\n{{链接}}\n',
  },
  digest: {
    subject: '{{日期}} 待办摘要',
    body: '{{姓名}}：\n\n今天需要您关注的政府信息公开申请：\n\n{{清单}}\n\n进入工作台：\n{{链接}}\n',
  },
  report_missing: {
    subject: '{{年度}}年度报告：尚有下级机关未报送或未公布',
    body:
      '{{姓名}}：\n\n下列机关的{{年度}}年政府信息公开工作年度报告尚未报送或尚未公布（《政府信息公开条例》第四十九条：每年1月31日前）：\n\n{{清单}}\n\n查看报告情况：\n{{链接}}\n',
  },
  password_reset: {
    subject: '重置您在政府信息公开平台的密码',
    body:
      '{{姓名}}：\n\n请在{{有效期}}内打开下面的链接设置新密码（只能使用一次）：\n{{链接}}\n\n设置新密码后，您在其他设备上的登录都将退出。如果您没有申请重置密码，请忽略本邮件。\n',
  },
};

const PLACEHOLDER_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The text with each `{{名称}}` replaced by its value; `{{站点地址}}` and unknown names stay as they are. */
export function renderTemplate(template: MessageTemplate, vars: Readonly<Record<string, string>>): MessageTemplate {
  const fill = (s: string) => s.replace(PLACEHOLDER_RE, (whole, name: string) => (name !== SITE_PLACEHOLDER && Object.hasOwn(vars, name) ? vars[name] : whole));
  return { subject: fill(template.subject).replace(/[\r\n]+/g, ' '), body: fill(template.body) };
}

/** The site's public address in a stored text (done by the sender, who knows it). */
export function withSiteAddress(text: string, baseUrl: string): string {
  return text.replace(/\{\{\s*站点地址\s*\}\}/g, baseUrl.replace(/\/+$/, ''));
}

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5_000;

/** Every fault of an agency's template for `kind`, in Chinese (empty: valid). */
export function validateTemplate(kind: NotificationKind, t: { subject?: unknown; body?: unknown }): string[] {
  const errors: string[] = [];
  const subject = typeof t.subject === 'string' ? t.subject.trim() : '';
  const body = typeof t.body === 'string' ? t.body.trim() : '';
  if (!subject) errors.push('请填写邮件标题');
  if (subject.length > SUBJECT_MAX) errors.push(`邮件标题不能超过${SUBJECT_MAX}个字`);
  if (/[\r\n]/.test(subject)) errors.push('邮件标题只能有一行');
  if (!body) errors.push('请填写正文');
  if (body.length > BODY_MAX) errors.push(`正文不能超过${BODY_MAX}个字`);
  // Control characters other than line breaks and tabs would corrupt the mail.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(subject + body)) errors.push('内容含有不允许的控制字符');
  const { offered, required } = PLACEHOLDERS[kind];
  const used = new Set<string>();
  for (const text of [subject, body]) for (const m of text.matchAll(PLACEHOLDER_RE)) used.add(m[1]);
  for (const name of used) if (!offered.includes(name)) errors.push(`不认识的占位符「{{${name}}}」，可用的有：${offered.map((o) => `{{${o}}}`).join('、')}`);
  for (const name of required) if (!used.has(name)) errors.push(`模板必须包含「{{${name}}}」`);
  const opened = (subject + body).split('{{').length - 1;
  const closed = (subject + body).split('}}').length - 1;
  if (opened !== closed) errors.push('占位符的「{{」与「}}」不成对');
  return errors;
}
