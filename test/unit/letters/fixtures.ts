/** Letter data for the tests: one complete case per outcome leaf (and variant) and per procedural letter. */
import type { OutcomeCode } from '../../../src/domain/taxonomy/index.ts';
import type { DecisionVariant, LetterAgency, LetterData } from '../../../src/domain/letters/index.ts';

export const AGENCY: LetterAgency = {
  name: '通化市政务服务和数字化建设管理局',
  numberPrefix: '通政数公开',
  kind: 'department',
  governmentName: '通化市人民政府',
  superiorAuthorityName: '吉林省政务服务和数字化建设管理局',
  courtName: '通化市东昌区人民法院',
  contact: '通化市东昌区新华大街1号，电话0435-1234567',
};

export const ID_NUMBER = '220502199001011234';

export function base(date = '2024-03-05'): LetterData {
  return {
    agency: AGENCY,
    applicant: { name: '张三', type: 'natural', idNumber: ID_NUMBER, address: '通化市东昌区民主路8号', postcode: '134001', phone: '13900001111', email: 'zhangsan@example.com' },
    number: { seq: 12 },
    date,
    receiptDate: '2024-02-20',
    request: '2023年度政务服务大厦建设项目的招标文件',
    applicationNumber: 'TH-2024-0012',
  };
}

export interface DecisionCase {
  outcome: OutcomeCode;
  variant?: DecisionVariant;
  data: Partial<LetterData>;
  /** The decision the letter must state. */
  decides: string;
  /** The provisions of the Regulations the letter must cite (the rule of the leaf, from the task). */
  cites: string[];
}

export const DECISION_CASES: DecisionCase[] = [
  { outcome: 'public', variant: 'already_public', data: { access: '登录本机关门户网站“政府信息公开”栏目查阅' }, decides: '现告知获取该政府信息的方式、途径', cites: ['第三十六条第一项'] },
  { outcome: 'public', variant: 'provided', data: { access: '随本告知书以纸质形式提供', accessTime: '收到本告知书之日起' }, decides: '本机关决定予以公开', cites: ['第三十六条第二项'] },
  {
    outcome: 'partial',
    data: {
      disclosedPart: '招标文件正文',
      access: '随本告知书以电子文档形式提供',
      withheldParts: [
        { content: '评标专家名单', ground: 'withheld.third_party', reason: '涉及评标专家的个人信息' },
        { content: '内部审批意见', ground: 'withheld.process_info', reason: '属于审批过程中形成的内部意见' },
      ],
    },
    decides: '本机关决定部分公开', cites: ['第三十七条', '第十五条', '第十六条第二款'],
  },
  { outcome: 'withheld.state_secret', data: {}, decides: '本机关决定不予公开', cites: ['第十四条', '第三十六条第三项'] },
  { outcome: 'withheld.prohibited', data: { prohibitingLaw: '《中华人民共和国统计法》' }, decides: '本机关决定不予公开', cites: ['第十四条', '第三十六条第三项'] },
  { outcome: 'withheld.security_stability', data: {}, decides: '本机关决定不予公开', cites: ['第十四条', '第三十六条第三项'] },
  { outcome: 'withheld.third_party', data: { thirdPartyConsulted: true }, decides: '本机关决定不予公开', cites: ['第十五条', '第三十二条', '第三十六条第三项'] },
  { outcome: 'withheld.internal_affairs', data: {}, decides: '本机关决定不予公开', cites: ['第十六条第一款', '第三十六条第三项'] },
  { outcome: 'withheld.process_info', data: {}, decides: '本机关决定不予公开', cites: ['第十六条第二款', '第三十六条第三项'] },
  { outcome: 'withheld.enforcement_file', data: {}, decides: '本机关决定不予公开', cites: ['第十六条第二款', '第三十六条第三项'] },
  { outcome: 'withheld.inquiry', data: { specialLaw: '《不动产登记暂行条例》' }, decides: '的规定办理', cites: ['第三十六条第七项'] },
  { outcome: 'unavailable.not_held', variant: 'not_exist', data: {}, decides: '经检索，该政府信息不存在', cites: ['第三十六条第四项'] },
  {
    outcome: 'unavailable.not_held',
    variant: 'not_responsible',
    data: { reasonDetail: '该项目由通化市住房和城乡建设局负责招标', competentAgency: { name: '通化市住房和城乡建设局', contact: '0435-7654321' } },
    decides: '负责公开该政府信息的行政机关为', cites: ['第三十六条第五项'],
  },
  { outcome: 'unavailable.needs_creation', data: {}, decides: '本机关不予提供', cites: ['第三十八条'] },
  { outcome: 'unavailable.unclear_after_correction', data: { correctionNoticeDate: '2024-02-22', correctionReceivedDate: '2024-02-28' }, decides: '本机关无法提供', cites: ['第三十条'] },
  { outcome: 'not_handled.petition', data: {}, decides: '不作为政府信息公开申请处理', cites: ['第三十九条第一款'] },
  { outcome: 'not_handled.duplicate', data: { previousReply: { date: '2024-01-10', number: '通政数公开〔2024〕第3号' } }, decides: '本机关不予重复处理', cites: ['第三十六条第六项'] },
  { outcome: 'not_handled.publication', data: { access: '通化市图书馆政府公开信息查阅点' }, decides: '现告知您获取的途径', cites: ['第三十九条第二款'] },
  { outcome: 'not_handled.excessive', data: { explanationRequestDate: '2024-02-23' }, decides: '本机关不予处理', cites: ['第三十五条'] },
  { outcome: 'not_handled.confirmation', data: {}, decides: '本机关不予处理', cites: [] },
  { outcome: 'other.correction_lapsed', data: { correctionNoticeDate: '2024-02-22' }, decides: '本机关不再处理该政府信息公开申请', cites: ['第三十条'] },
  { outcome: 'other.fee_lapsed', data: { feeNoticeDate: '2024-02-26' }, decides: '本机关不再处理该政府信息公开申请', cites: ['第四十二条'] },
  {
    outcome: 'other.other',
    data: {
      otherReason: '申请人于答复前书面撤回申请',
      otherBasis: [{ law: '《中华人民共和国政府信息公开条例》', article: '第四十五条' }],
      otherDecision: '本机关终止处理该政府信息公开申请',
    },
    decides: '本机关终止处理该政府信息公开申请', cites: ['第四十五条'],
  },
];

export function decisionData(c: DecisionCase, date?: string): LetterData {
  return { ...base(date), ...c.data, outcome: c.outcome, ...(c.variant ? { variant: c.variant } : {}) };
}

export const PROCEDURAL_DATA = {
  receipt: (): LetterData => ({ ...base('2024-02-20'), channel: 'online', dueDate: '2024-03-19' }),
  correction: (): LetterData => ({
    ...base('2024-02-22'),
    correctionItems: ['申请公开的政府信息的名称、文号或者便于查询的其他特征性描述', '申请人的身份证明'],
    correctionDeadline: '2024-03-14',
  }),
  extension: (): LetterData => ({ ...base('2024-03-15'), extensionReason: '申请公开的信息涉及多个年度的档案，需要调取核查', newDueDate: '2024-04-17' }),
  consultation_third_party: (): LetterData => ({ ...base('2024-02-23'), consultee: { name: '吉林某建设工程有限公司' }, consultationDeadline: '2024-03-15' }),
  consultation_agency: (): LetterData => ({ ...base('2024-02-23'), consultee: { name: '通化市财政局' }, consultationDeadline: '2024-03-15' }),
  consultation_notice: (): LetterData => ({ ...base('2024-02-23'), consultation: 'third_party', consultationDate: '2024-02-23' }),
  fee_notice: (): LetterData => ({
    ...base('2024-02-26'),
    fee: { amountYuan: 300, method: 'pieces', standard: '本自然月累计申请13件，第11件至第13件按100元/件计收', payment: '通过“吉事办”非税缴费平台或到本机关政务服务窗口缴纳' },
  }),
  explanation_request: (): LetterData => ({ ...base('2024-02-23'), explanationGrounds: '2024年2月1日至23日提出政府信息公开申请120件' }),
  deferral: (): LetterData => ({
    ...base('2024-03-08'),
    explanationGrounds: '2024年2月1日至23日提出政府信息公开申请120件',
    explanationRequestDate: '2024-02-23',
    deferredUntil: '2024-05-31',
  }),
} as const;
