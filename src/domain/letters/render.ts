/**
 * `renderLetter(kind, data, override?)`: the structured Letter of one kind, from the application's
 * data, the rules (decisions.ts, remedy.ts) and the template (the default, or an agency's override
 * merged over it and validated).
 */
import { CHANNEL_LABELS, isOrganisation, outcomeLeaf } from '../taxonomy/index.ts';
import { FEE_MEASURES, basisClause, dedupe, reg } from './citations.ts';
import { chineseDate, chineseNumeral, isIsoDate } from './dates.ts';
import { decisionFor, type Decision } from './decisions.ts';
import { FEE_NOTICE_REMEDY, REMEDY_BY_KIND, remedyFor } from './remedy.ts';
import { PLACEHOLDERS, TemplateError, validateTemplateOverride, type TemplateParagraph } from './templates.ts';
import {
  LETTER_KIND_LABELS,
  isDecisionKind,
  isReplyLetterKind,
  type Citation,
  type Letter,
  type LetterData,
  type ProceduralLetterKind,
  type Remedy,
  type ReplyLetterKind,
} from './types.ts';

export const SEAL_PLACEHOLDER = '（印章）';

/** 补正期限 by default: S7 「给予申请人的合理补正期限可参照征求第三方意见时间，一般不超过15个工作日」. */
export const DEFAULT_CORRECTION_PERIOD_DAYS = 15;
/** 第三十二条、第三十四条: 「自收到征求意见书之日起15个工作日内提出意见」. */
export const CONSULTATION_PERIOD_DAYS = 15;
/** 第三十三条第二款: 「延长的期限最长不得超过20个工作日」. */
export const MAX_EXTENSION_DAYS = 20;
/** S6 (restating 国办函〔2020〕109号): 「收到收费通知次日起20个工作日内缴纳费用」. */
export const FEE_PAYMENT_DAYS = 20;

function sentence(s: string): string {
  const t = s.trim();
  return /[。！？；]$/.test(t) ? t : `${t}。`;
}

function bare(s: string): string {
  return s.trim().replace(/[。；;，,\s]+$/u, '');
}

function yuan(amount: number): string {
  if (!Number.isFinite(amount) || amount < 0) throw new Error(`收费数额应为不小于0的金额：${amount}`);
  return `人民币${Number.isInteger(amount) ? amount : amount.toFixed(2)}元`;
}

function paren(label: string, iso: string | undefined): string {
  return iso ? `（${label}${chineseDate(iso)}前）` : '';
}

/** The provisions a procedural letter rests on. */
function proceduralBasis(kind: ProceduralLetterKind, data: LetterData): Citation[] {
  switch (kind) {
    case 'receipt':
      return reg('第三十一条', '第三十三条第二款');
    case 'correction':
      return reg('第二十九条第二款', '第三十条');
    case 'extension':
      return reg('第三十三条第二款');
    case 'consultation_third_party':
      return reg('第三十二条');
    case 'consultation_agency':
      return reg('第三十四条');
    case 'consultation_notice':
      if (data.consultation === 'agency') return reg('第三十四条', '第三十三条第三款');
      if (data.consultation === 'third_party') return reg('第三十二条', '第三十三条第三款');
      throw new Error('征求意见告知书须写明征求谁的意见（consultation：third_party 第三方 或 agency 共同制作机关）');
    case 'explanation_request':
    case 'deferral':
      return reg('第三十五条');
    case 'fee_notice': {
      const article = data.fee?.method === 'pieces' ? '第四条' : data.fee?.method === 'pages' ? '第五条' : '';
      return [...reg('第四十二条第一款'), { law: FEE_MEASURES, article }];
    }
  }
}

function checkData(kind: ReplyLetterKind, data: LetterData): void {
  const errors: string[] = [];
  if (!data || typeof data !== 'object') throw new Error('缺少文书数据');
  if (!data.agency?.name?.trim()) errors.push('缺少答复机关名称（agency.name）');
  if (!data.agency?.numberPrefix?.trim()) errors.push('缺少文号机关代字（agency.numberPrefix）');
  const toApplicant = kind !== 'consultation_third_party' && kind !== 'consultation_agency';
  if (toApplicant && !data.applicant?.name?.trim()) errors.push('缺少申请人姓名（名称）（applicant.name）');
  if (!toApplicant && !data.consultee?.name?.trim()) errors.push('征求意见书须写明被征求意见方名称（consultee.name）');
  if (!Number.isInteger(data.number?.seq) || data.number.seq < 1) errors.push('文号序号应为正整数（number.seq）');
  if (data.number?.year !== undefined && (!Number.isInteger(data.number.year) || data.number.year < 1900)) errors.push('文号年份不正确（number.year）');
  if (!isIsoDate(data.date)) errors.push(`文书日期格式不正确：「${data.date ?? ''}」，应为 YYYY-MM-DD`);
  if (!isIsoDate(data.receiptDate)) errors.push(`收到申请日期格式不正确：「${data.receiptDate ?? ''}」，应为 YYYY-MM-DD`);
  if (isIsoDate(data.date) && isIsoDate(data.receiptDate) && data.date < data.receiptDate) {
    errors.push(`文书日期（${chineseDate(data.date)}）不能早于收到申请日期（${chineseDate(data.receiptDate)}）`);
  }
  if (!data.request?.trim()) errors.push('缺少申请内容（request）');
  for (const key of ['dueDate', 'correctionDeadline', 'newDueDate', 'consultationDate', 'consultationDeadline', 'correctionNoticeDate', 'correctionReceivedDate', 'feeNoticeDate', 'explanationRequestDate', 'deferredUntil'] as const) {
    const v = data[key];
    if (v !== undefined && !isIsoDate(v)) errors.push(`日期格式不正确（${key}）：「${v}」，应为 YYYY-MM-DD`);
  }
  if (errors.length) throw new Error(errors.join('；'));
}

/** The placeholder values of one letter; `undefined` = the data lacks it. */
function values(kind: ReplyLetterKind, data: LetterData, decision: Decision | null, remedy: Remedy | null, basis: Citation[]) {
  const you = data.applicant?.type && isOrganisation(data.applicant.type) ? '贵单位' : '您';
  const v: Record<string, () => string | undefined> = {
    applicant: () => data.applicant?.name?.trim(),
    you: () => you,
    receiptDate: () => chineseDate(data.receiptDate),
    request: () => bare(data.request),
    applicationRef: () => (data.applicationNumber?.trim() ? `（申请编号：${data.applicationNumber.trim()}）` : ''),
    channel: () => (data.channel ? `（提交方式：${CHANNEL_LABELS[data.channel]}）` : ''),
    facts: () => (data.facts?.length ? data.facts.map(sentence).join('').replaceAll('您', you) : undefined),
    agency: () => data.agency.name.trim(),
    agencyContact: () => (data.agency.contact?.trim() ? bare(data.agency.contact) : undefined),
    basis: () => (decision ? decision.basisText : basisClause(basis)),
    reason: () => decision?.reason,
    decision: () => decision?.decision,
    remedy: () => remedy?.text,
    consequence: () => {
      switch (kind) {
        case 'correction':
          return `${you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。`;
        case 'consultation_third_party':
          return '逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。';
        case 'consultation_agency':
          return '逾期未提出意见的，视为同意公开。';
        case 'fee_notice':
          return '逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。';
        default:
          return undefined;
      }
    },
    dueDate: () => (data.dueDate ? chineseDate(data.dueDate) : undefined),
    correctionItems: () => {
      const items = (data.correctionItems ?? []).map((s) => s.trim()).filter(Boolean);
      if (!items.length) return undefined;
      return items.map((s, i) => `（${chineseNumeral(i + 1)}）${sentence(s)}`).join('\n');
    },
    correctionPeriod: () => {
      const days = data.correctionPeriodDays ?? DEFAULT_CORRECTION_PERIOD_DAYS;
      if (!Number.isInteger(days) || days < 1) throw new Error(`补正期限应为正整数个工作日：${days}`);
      return `${days}个工作日`;
    },
    correctionDeadline: () => paren('即', data.correctionDeadline),
    extensionReason: () => (data.extensionReason?.trim() ? bare(data.extensionReason) : undefined),
    extensionDays: () => {
      const days = data.extensionDays ?? MAX_EXTENSION_DAYS;
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) {
        throw new Error(`延长的期限应为1至${MAX_EXTENSION_DAYS}个工作日（第三十三条第二款）：${days}`);
      }
      return `${days}个工作日`;
    },
    // 「本机关将于延长后的答复期限届满前作出答复」 when the date is not known yet: no invented date.
    newDueDate: () => (data.newDueDate ? chineseDate(data.newDueDate) : data.newDueDatePending ? '延长后的答复期限届满' : undefined),
    consultee: () => data.consultee?.name?.trim(),
    consultationPeriod: () => `${CONSULTATION_PERIOD_DAYS}个工作日`,
    consultationDeadline: () => paren('即', data.consultationDeadline),
    consulteeKind: () => (data.consultation === 'agency' ? '共同制作该政府信息的行政机关' : data.consultation === 'third_party' ? '第三方' : undefined),
    consultationDate: () => (data.consultationDate ? chineseDate(data.consultationDate) : undefined),
    consultationReason: () =>
      data.consultationReason?.trim()
        ? bare(data.consultationReason)
        : data.consultation === 'agency'
          ? '您申请公开的政府信息由本机关与其他行政机关共同制作'.replaceAll('您', you)
          : '您申请公开的政府信息公开可能损害第三方合法权益'.replaceAll('您', you),
    feeStandard: () => (data.fee?.standard?.trim() ? sentence(data.fee.standard) : undefined),
    feeAmount: () => (data.fee ? yuan(data.fee.amountYuan) : undefined),
    feePayment: () => (data.fee?.payment?.trim() ? sentence(data.fee.payment) : undefined),
    feePeriod: () => `${FEE_PAYMENT_DAYS}个工作日`,
    feeDeadline: () => paren('即', data.fee?.paymentDeadline),
    explanationGrounds: () => (data.explanationGrounds?.trim() ? bare(data.explanationGrounds) : undefined),
    explanationRequestDate: () => (data.explanationRequestDate ? chineseDate(data.explanationRequestDate) : undefined),
    deferredUntil: () => (data.deferredUntil ? chineseDate(data.deferredUntil) : undefined),
  };
  return v;
}

const TOKEN = /\{([A-Za-z]+)\}/g;

/**
 * The Letter of `kind` for `data`, on the default template or `override` (an agency's template,
 * validated: a bad one throws a TemplateError listing every fault in Chinese). Missing data the
 * template needs, or data the law needs (decisions.ts), throws a Chinese error.
 */
export function renderLetter(kind: ReplyLetterKind, data: LetterData, override?: unknown): Letter {
  if (!isReplyLetterKind(kind)) throw new Error(`未知的文书种类：${String(kind)}`);
  const validation = validateTemplateOverride(kind, override);
  if (!validation.ok) throw new TemplateError(kind, validation.errors);
  const template = validation.template;
  checkData(kind, data);

  const you = data.applicant?.type && isOrganisation(data.applicant.type) ? '贵单位' : '您';
  let decision: Decision | null = null;
  if (isDecisionKind(kind)) {
    if (!data.outcome) throw new Error(`${LETTER_KIND_LABELS[kind]}须写明办理结果（outcome）`);
    const leaf = outcomeLeaf(data.outcome);
    if (leaf.letterKind !== kind) {
      throw new Error(`办理结果「${leaf.label}」应使用${LETTER_KIND_LABELS[leaf.letterKind]}，不能使用${LETTER_KIND_LABELS[kind]}`);
    }
    decision = decisionFor(data, you);
  } else if (data.outcome) {
    throw new Error(`${LETTER_KIND_LABELS[kind]}不是决定类文书，不应写明办理结果（outcome）`);
  }
  const basis = decision ? decision.basis : dedupe(proceduralBasis(kind as ProceduralLetterKind, data));
  const remedy = REMEDY_BY_KIND[kind]
    ? remedyFor({
        agency: data.agency,
        date: data.date,
        withheld: decision?.withheld ?? 'none',
        partialPolicy: data.partialRemedyPolicy,
        ...(kind === 'fee_notice' ? { documentName: '本通知', subject: FEE_NOTICE_REMEDY.subject, when: FEE_NOTICE_REMEDY.when } : { documentName: '本告知书' }),
      })
    : null;

  const v = values(kind, data, decision, remedy, basis);
  const missing = new Set<string>();
  const paragraphs: string[] = [];
  for (const p of template.paragraphs as TemplateParagraph[]) {
    const optional = typeof p !== 'string';
    const text = typeof p === 'string' ? p : p.text;
    let lacking = false;
    const out = text.replace(TOKEN, (_m, name: string) => {
      const value = v[name]?.();
      if (value === undefined) {
        lacking = true;
        if (!optional) missing.add(`${PLACEHOLDERS[name]?.label ?? name}（{${name}}）`);
        return '';
      }
      return value;
    });
    if (lacking && optional) continue;
    paragraphs.push(...out.split('\n').map((s) => s.trim()).filter(Boolean));
  }
  const title = (decision?.variant && template.variantTitles?.[decision.variant]) || template.title;
  if (missing.size) throw new Error(`生成「${title}」缺少：${[...missing].join('、')}`);

  const year = data.number.year ?? Number(data.date.slice(0, 4));
  const number = template.numberPattern
    .replaceAll('{prefix}', data.agency.numberPrefix.trim())
    .replaceAll('{year}', String(year))
    .replaceAll('{seq}', String(data.number.seq));

  const toApplicant = kind !== 'consultation_third_party' && kind !== 'consultation_agency';
  const letter: Letter = {
    kind,
    ...(decision ? { outcome: decision.outcome } : {}),
    ...(decision?.variant ? { variant: decision.variant } : {}),
    title,
    number,
    recipient: toApplicant ? data.applicant.name.trim() : data.consultee!.name.trim(),
    paragraphs,
    basis,
    remedy,
    signer: { agency: data.agency.name.trim(), date: data.date, dateText: chineseDate(data.date) },
    sealPlaceholder: SEAL_PLACEHOLDER,
  };
  if (toApplicant && data.delivery) {
    const a = data.applicant;
    letter.delivery =
      data.delivery === 'mail'
        ? { method: 'mail', ...(a.address ? { address: a.address } : {}), ...(a.postcode ? { postcode: a.postcode } : {}) }
        : data.delivery === 'email'
          ? { method: 'email', ...(a.email ? { email: a.email } : {}) }
          : { method: data.delivery };
  }
  return letter;
}
