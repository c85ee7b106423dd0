/**
 * Letter templates as data: one default per letter kind, editable per agency by an override that
 * the database stores. A template is a title, a 文号 pattern and paragraphs with placeholders
 * (`{receiptDate}`, `{request}`, `{basis}`…). The law (findings, citations, decisions, remedies) is
 * computed by the rules and only placed by the template; an agency can reword the frame.
 *
 * Mandatory elements (《江苏省政府信息公开申请办理答复规范》, forwarded by 国办公开办 2020-01-10,
 * regulation.md §4.1): 「行政机关制作的答复书应当具备以下要素：标题、文号、申请人姓名（名称）、申请事实、
 * 法律依据、处理决定、申请人复议诉讼的权利和期限、答复主体、答复日期及印章。」
 * Here: 标题 = `title`; 文号 = `numberPattern` (must hold {year} and {seq}); 申请人姓名 = the salutation
 * (always printed); 申请事实 = {receiptDate} + {request}; 法律依据 = {basis}; 处理决定 = {decision} (and
 * {reason}, the 理由 of 第三十六条第三项); 复议诉讼的权利和期限 = {remedy}; 答复主体、答复日期及印章 = the
 * signature block (always printed, not templated). An override that drops one is rejected.
 */
import { z } from 'zod';
import { LETTER_KIND_LABELS, isDecisionKind, type ReplyLetterKind } from './types.ts';
import { REMEDY_BY_KIND } from './remedy.ts';

export type TemplateParagraph = string | { text: string; optional: true };

export interface LetterTemplate {
  title: string;
  /** Titles by decision variant (e.g. `not_responsible`), else `title`. */
  variantTitles?: Record<string, string>;
  /** 文号 pattern: {prefix} (the agency's 机关代字), {year}, {seq}. */
  numberPattern: string;
  /** Paragraphs; an `optional` one is left out when one of its placeholders has no value. */
  paragraphs: TemplateParagraph[];
}

export type TemplateOverride = Partial<LetterTemplate>;

/** Every placeholder a template may use, with its Chinese name (for messages) and the kinds it serves. */
export const PLACEHOLDERS: Record<string, { label: string; kinds?: readonly ReplyLetterKind[] }> = {
  applicant: { label: '申请人姓名（名称）' },
  you: { label: '对申请人的称谓（您/贵单位）' },
  receiptDate: { label: '收到申请日期' },
  request: { label: '申请内容' },
  applicationRef: { label: '申请编号' },
  channel: { label: '提交方式' },
  facts: { label: '办理经过' },
  agency: { label: '答复机关名称' },
  agencyContact: { label: '本机关联系方式' },
  basis: { label: '法律依据' },
  reason: { label: '理由', kinds: ['disclosure', 'partial_disclosure', 'non_disclosure', 'not_exist', 'no_creation', 'unclear', 'not_handled', 'termination'] },
  decision: { label: '处理决定', kinds: ['disclosure', 'partial_disclosure', 'non_disclosure', 'not_exist', 'no_creation', 'unclear', 'not_handled', 'termination'] },
  remedy: { label: '复议诉讼的权利和期限', kinds: (Object.keys(REMEDY_BY_KIND) as ReplyLetterKind[]).filter((k) => REMEDY_BY_KIND[k]) },
  consequence: { label: '逾期的法律后果', kinds: ['correction', 'consultation_third_party', 'consultation_agency', 'fee_notice'] },
  dueDate: { label: '答复期限届满日', kinds: ['receipt'] },
  correctionItems: { label: '补正事项', kinds: ['correction'] },
  correctionPeriod: { label: '补正期限', kinds: ['correction'] },
  correctionDeadline: { label: '补正截止日期', kinds: ['correction'] },
  extensionReason: { label: '延期理由', kinds: ['extension'] },
  extensionDays: { label: '延长期限', kinds: ['extension'] },
  newDueDate: { label: '延长后的答复期限', kinds: ['extension'] },
  consultee: { label: '被征求意见方', kinds: ['consultation_third_party', 'consultation_agency'] },
  consultationPeriod: { label: '提出意见的期限', kinds: ['consultation_third_party', 'consultation_agency'] },
  consultationDeadline: { label: '提出意见的截止日期', kinds: ['consultation_third_party', 'consultation_agency'] },
  consulteeKind: { label: '被征求意见方类别', kinds: ['consultation_notice'] },
  consultationDate: { label: '征求意见日期', kinds: ['consultation_notice'] },
  consultationReason: { label: '征求意见原因', kinds: ['consultation_notice'] },
  feeStandard: { label: '收费标准', kinds: ['fee_notice'] },
  feeAmount: { label: '收费数额', kinds: ['fee_notice'] },
  feePayment: { label: '缴纳方式', kinds: ['fee_notice'] },
  feePeriod: { label: '缴费期限', kinds: ['fee_notice'] },
  feeDeadline: { label: '缴费截止日期', kinds: ['fee_notice'] },
  explanationGrounds: { label: '数量、频次明显超过合理范围的情况', kinds: ['explanation_request', 'deferral'] },
  explanationRequestDate: { label: '要求说明理由的日期', kinds: ['deferral'] },
  deferredUntil: { label: '延迟答复的期限', kinds: ['deferral'] },
};

export const NUMBER_PLACEHOLDERS = ['prefix', 'year', 'seq'] as const;

const DECISION_REQUIRED = ['receiptDate', 'request', 'reason', 'basis', 'decision', 'remedy'];

/** The placeholders each kind's paragraphs must hold (outside optional paragraphs). */
export const MANDATORY_PLACEHOLDERS: Record<ReplyLetterKind, readonly string[]> = {
  receipt: ['receiptDate', 'request', 'basis', 'dueDate'],
  correction: ['receiptDate', 'request', 'basis', 'correctionItems', 'correctionPeriod', 'consequence'],
  extension: ['receiptDate', 'request', 'basis', 'newDueDate'],
  consultation_third_party: ['request', 'basis', 'consultationPeriod', 'consequence'],
  consultation_agency: ['request', 'basis', 'consultationPeriod', 'consequence'],
  consultation_notice: ['receiptDate', 'request', 'basis', 'consulteeKind'],
  fee_notice: ['receiptDate', 'request', 'basis', 'feeStandard', 'feeAmount', 'feePayment', 'feePeriod', 'consequence', 'remedy'],
  explanation_request: ['receiptDate', 'request', 'basis', 'explanationGrounds'],
  deferral: ['receiptDate', 'request', 'basis', 'explanationRequestDate', 'deferredUntil'],
  disclosure: DECISION_REQUIRED,
  partial_disclosure: DECISION_REQUIRED,
  non_disclosure: DECISION_REQUIRED,
  not_exist: DECISION_REQUIRED,
  no_creation: DECISION_REQUIRED,
  unclear: DECISION_REQUIRED,
  not_handled: DECISION_REQUIRED,
  termination: DECISION_REQUIRED,
};

const NUMBER = '{prefix}〔{year}〕第{seq}号';
const FACTS = '本机关于{receiptDate}收到{you}提交的政府信息公开申请{applicationRef}，申请公开“{request}”。';
const CONTACT: TemplateParagraph = { text: '联系方式：{agencyContact}。', optional: true };

const decisionTemplate = (title: string, variantTitles?: Record<string, string>): LetterTemplate => ({
  title,
  ...(variantTitles ? { variantTitles } : {}),
  numberPattern: NUMBER,
  paragraphs: [FACTS, { text: '{facts}', optional: true }, '{reason}{basis}，{decision}', '{remedy}', CONTACT, '特此告知。'],
});

export const DEFAULT_TEMPLATES: Record<ReplyLetterKind, LetterTemplate> = {
  receipt: {
    title: '政府信息公开申请接收回执',
    numberPattern: NUMBER,
    paragraphs: [
      '本机关于{receiptDate}收到{you}提交的政府信息公开申请{applicationRef}{channel}，申请公开“{request}”。',
      '{basis}，本机关将自收到申请之日起20个工作日内（即{dueDate}前）予以答复；需要延长答复期限的，将另行告知，延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在上述期限内。',
      CONTACT,
      '特此回执。',
    ],
  },
  correction: {
    title: '政府信息公开申请补正告知书',
    numberPattern: NUMBER,
    paragraphs: [
      FACTS,
      '经审查，{you}的申请内容不明确。{basis}，现一次性告知需要补正的事项如下：',
      '{correctionItems}',
      '请{you}自收到本告知书之日起{correctionPeriod}内{correctionDeadline}向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。',
      '{consequence}',
      CONTACT,
      '特此告知。',
    ],
  },
  extension: {
    title: '政府信息公开申请延期答复告知书',
    numberPattern: NUMBER,
    paragraphs: [
      FACTS,
      '因{extensionReason}，本机关不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，{basis}，答复期限延长{extensionDays}，本机关将于{newDueDate}前作出答复。',
      CONTACT,
      '特此告知。',
    ],
  },
  consultation_third_party: {
    title: '政府信息公开申请征求意见书',
    numberPattern: NUMBER,
    paragraphs: [
      '本机关于{receiptDate}收到政府信息公开申请一份{applicationRef}，申请公开“{request}”。',
      '经审查，该政府信息公开可能损害贵方的合法权益。{basis}，现书面征求贵方意见。',
      '请贵方自收到本征求意见书之日起{consultationPeriod}内{consultationDeadline}向本机关提出书面意见；不同意公开的，请说明理由。{consequence}',
      '第三方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。',
      CONTACT,
      '特此函告。',
    ],
  },
  consultation_agency: {
    title: '政府信息公开申请征求意见书',
    numberPattern: NUMBER,
    paragraphs: [
      '本机关于{receiptDate}收到政府信息公开申请一份{applicationRef}，申请公开“{request}”。该政府信息由本机关与贵机关共同制作，本机关为牵头制作机关。{basis}，现征求贵机关意见。',
      '请贵机关自收到本征求意见书之日起{consultationPeriod}内{consultationDeadline}向本机关提出书面意见。{consequence}',
      CONTACT,
      '特此函告。',
    ],
  },
  consultation_notice: {
    title: '政府信息公开申请征求意见告知书',
    numberPattern: NUMBER,
    paragraphs: [
      FACTS,
      '因{consultationReason}，本机关已于{consultationDate}书面征求{consulteeKind}的意见。{basis}，征求第三方和其他机关意见所需时间不计算在答复期限内。本机关将在收到意见或者征求意见期限届满后依法作出答复。',
      CONTACT,
      '特此告知。',
    ],
  },
  fee_notice: {
    title: '政府信息公开申请收费通知书',
    numberPattern: NUMBER,
    paragraphs: [
      FACTS,
      '经审查，{you}申请公开政府信息的数量、频次明显超过合理范围。{basis}，本机关决定收取信息处理费。',
      '收费标准：{feeStandard}',
      '收费数额：{feeAmount}。',
      '缴纳方式：{feePayment}',
      '请{you}自收到本通知次日起{feePeriod}内{feeDeadline}缴纳费用。{consequence}',
      '{remedy}',
      CONTACT,
      '特此通知。',
    ],
  },
  // 第三十五条, in the article's words: 「申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人
  // 说明理由。行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条
  // 规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。」 The title of the first is S10's form 4.
  explanation_request: {
    title: '政府信息公开申请说明理由告知书',
    numberPattern: NUMBER,
    paragraphs: [
      FACTS,
      '经审查，{you}申请公开政府信息的数量、频次明显超过合理范围（{explanationGrounds}）。{basis}，本机关要求{you}说明理由。',
      '请{you}向本机关说明申请理由。本机关认为申请理由不合理的，将告知{you}不予处理；认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复{you}的，可以确定延迟答复的合理期限并告知{you}。',
      CONTACT,
      '特此告知。',
    ],
  },
  deferral: {
    title: '政府信息公开申请延迟答复告知书',
    numberPattern: NUMBER,
    paragraphs: [
      FACTS,
      '{you}申请公开政府信息的数量、频次明显超过合理范围（{explanationGrounds}），本机关已于{explanationRequestDate}要求{you}说明理由。经审查，本机关认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复{you}。',
      '{basis}，本机关确定延迟答复的合理期限，将于{deferredUntil}前作出答复。',
      CONTACT,
      '特此告知。',
    ],
  },
  disclosure: decisionTemplate('政府信息公开告知书'),
  partial_disclosure: decisionTemplate('政府信息部分公开告知书'),
  non_disclosure: decisionTemplate('政府信息不予公开告知书'),
  not_exist: decisionTemplate('政府信息不存在告知书', { not_responsible: '非本机关负责公开政府信息告知书' }),
  no_creation: decisionTemplate('政府信息公开申请不予提供告知书'),
  unclear: decisionTemplate('政府信息公开申请无法提供告知书'),
  not_handled: decisionTemplate('政府信息公开申请不予处理告知书'),
  termination: decisionTemplate('政府信息公开申请不再处理告知书'),
};

// ---------------------------------------------------------------- validation of overrides

const nonEmpty = (what: string) => z.string({ error: `${what}应为文字` }).trim().min(1, { error: `${what}不能为空` });

export const templateOverrideSchema = z
  .object({
    title: nonEmpty('标题').max(60, { error: '标题不能超过60个字' }).optional(),
    variantTitles: z.record(z.string(), nonEmpty('分情形标题'), { error: '分情形标题应为“情形: 标题”的对照表' }).optional(),
    numberPattern: nonEmpty('文号格式').optional(),
    paragraphs: z
      .array(
        z.union([nonEmpty('段落'), z.object({ text: nonEmpty('段落'), optional: z.literal(true) }).strict()], {
          error: '段落应为文字，或 { text, optional: true }',
        }),
        { error: '段落应为列表' },
      )
      .min(1, { error: '段落不能为空' })
      .optional(),
  })
  .strict();

const TOKEN = /\{([A-Za-z]+)\}/g;

/** The placeholder names in `text`, and whether braces are left over (a malformed placeholder). */
export function placeholdersIn(text: string): { names: string[]; malformed: boolean } {
  const names = [...text.matchAll(TOKEN)].map((m) => m[1]);
  const rest = text.replace(TOKEN, '');
  return { names, malformed: /[{}]/.test(rest) };
}

function paragraphText(p: TemplateParagraph): string {
  return typeof p === 'string' ? p : p.text;
}

function zodMessage(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `（位置：${issue.path.map(String).join('.')}）` : '';
  if (issue.code === 'unrecognized_keys') return `模板含有未知字段：${issue.keys.join('、')}（可用字段：title、variantTitles、numberPattern、paragraphs）`;
  return `${issue.message}${where}`;
}

export type TemplateValidation = { ok: true; template: LetterTemplate } | { ok: false, errors: string[] };

/**
 * Checks an agency's override of `kind`'s template and merges it over the default. Errors, each a
 * Chinese sentence: malformed fields, unknown placeholders, placeholders this kind cannot fill, a
 * 文号 pattern without {year}/{seq}, a mandatory element (MANDATORY_PLACEHOLDERS) dropped.
 */
export function validateTemplateOverride(kind: ReplyLetterKind, override: unknown): TemplateValidation {
  if (!(kind in DEFAULT_TEMPLATES)) return { ok: false, errors: [`未知的文书种类：${String(kind)}`] };
  const kindName = LETTER_KIND_LABELS[kind];
  const parsed = templateOverrideSchema.safeParse(override ?? {});
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(zodMessage) };
  const base = DEFAULT_TEMPLATES[kind];
  const o = parsed.data;
  const template: LetterTemplate = {
    title: o.title ?? base.title,
    variantTitles: { ...(base.variantTitles ?? {}), ...(o.variantTitles ?? {}) },
    numberPattern: o.numberPattern ?? base.numberPattern,
    paragraphs: (o.paragraphs as TemplateParagraph[] | undefined) ?? base.paragraphs,
  };
  const errors: string[] = [];

  for (const [label, text] of [['标题', template.title], ...Object.entries(template.variantTitles ?? {}).map(([k, v]) => [`标题（${k}）`, v])] as Array<[string, string]>) {
    if (/[{}]/.test(text)) errors.push(`${label}不能含有占位符或花括号：「${text}」`);
  }

  const num = placeholdersIn(template.numberPattern);
  if (num.malformed) errors.push(`文号格式中的花括号不成对或占位符写法有误：「${template.numberPattern}」`);
  for (const n of num.names) {
    if (!(NUMBER_PLACEHOLDERS as readonly string[]).includes(n)) errors.push(`文号格式含有未知占位符 {${n}}（可用：{prefix}、{year}、{seq}）`);
  }
  for (const n of ['year', 'seq']) {
    if (!num.names.includes(n)) errors.push(`文号格式缺少 {${n}}（文号须含年份和序号）`);
  }

  const present = new Set<string>();
  template.paragraphs.forEach((p, i) => {
    const text = paragraphText(p);
    const found = placeholdersIn(text);
    if (found.malformed) errors.push(`第${i + 1}段的花括号不成对或占位符写法有误：「${text}」`);
    for (const n of found.names) {
      const def = PLACEHOLDERS[n];
      if (!def) errors.push(`第${i + 1}段含有未知占位符 {${n}}`);
      else if (def.kinds && !def.kinds.includes(kind)) errors.push(`第${i + 1}段的占位符 {${n}}（${def.label}）不适用于${kindName}`);
      else if (typeof p === 'string') present.add(n);
    }
  });
  for (const n of MANDATORY_PLACEHOLDERS[kind]) {
    if (!present.has(n)) {
      const why = isDecisionKind(kind) ? '（答复书必备要素）' : '';
      errors.push(`${kindName}模板缺少必备要素「${PLACEHOLDERS[n].label}」：须在非可选段落中使用 {${n}}${why}`);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, template };
}

export class TemplateError extends Error {
  constructor(
    readonly kind: ReplyLetterKind,
    readonly errors: string[],
  ) {
    super(`${LETTER_KIND_LABELS[kind]}模板有误：${errors.join('；')}`);
    this.name = 'TemplateError';
  }
}
