/**
 * The law of each decision: for every outcome leaf of table 2, the finding (理由), the provisions
 * cited (法律依据) and the decision (处理决定) a reply states. Written once here, named after the
 * articles; the templates only place these texts (an agency may reword the frame, not the law).
 *
 * S7's citation discipline (regulation.md §4.1): 「注意区分“条”“款”“项”，引用的条文要与政府信息公开处理决定
 * 一致。」 Every citation of the Regulations here is one of the leaf's articles in the taxonomy.
 */
import { outcomeLeaf, type OutcomeCode } from '../taxonomy/index.ts';
import { chineseDate, chineseNumeral } from './dates.ts';
import { FEE_MEASURES, JIANGSU_NORMS, REGULATIONS, basisClause, dedupe, reg } from './citations.ts';
import type { WithheldScope } from './remedy.ts';
import type { Citation, DecisionVariant, LetterData, WithheldCode, WithheldPart } from './types.ts';

export interface Decision {
  outcome: OutcomeCode;
  variant?: DecisionVariant;
  /** 理由: the finding of fact, ending in 。 */
  reason: string;
  /** 法律依据. */
  basis: Citation[];
  /** 「依照……的规定」 or 「参照……的规定」. */
  basisText: string;
  /** 处理决定; lines after the first (\n) become their own paragraphs. */
  decision: string;
  withheld: WithheldScope;
}

function need<T>(value: T | undefined | null, message: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) throw new Error(message);
  return value;
}

function sentence(s: string): string {
  const t = s.trim();
  return /[。！？；]$/.test(t) ? t : `${t}。`;
}

function withDetail(finding: string, detail?: string): string {
  return detail?.trim() ? `${finding}${sentence(detail)}` : finding;
}

/** The statutory ground of each 不予公开 leaf: finding and the exemption article(s). */
function withheldGround(
  code: WithheldCode,
  opts: { prohibitingLaw?: string; specialLaw?: string; thirdPartyConsulted?: boolean },
): { finding: string; basis: Citation[] } {
  switch (code) {
    case 'withheld.state_secret':
      // 第十四条: 「依法确定为国家秘密的政府信息……不予公开。」
      return { finding: '属于依法确定为国家秘密的政府信息', basis: reg('第十四条') };
    case 'withheld.prohibited': {
      const law = need(opts.prohibitingLaw, '「其他法律行政法规禁止公开」须写明禁止公开的法律、行政法规（prohibitingLaw）');
      return { finding: `属于${law}禁止公开的政府信息`, basis: [...reg('第十四条'), { law, article: '' }] };
    }
    case 'withheld.security_stability':
      return { finding: '公开后可能危及国家安全、公共安全、经济安全、社会稳定', basis: reg('第十四条') };
    case 'withheld.third_party':
      // 第十五条; 第三十二条 where the third party was consulted and did not agree.
      return {
        finding: opts.thirdPartyConsulted
          ? '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，经书面征求第三方意见，第三方不同意公开且有合理理由'
          : '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害',
        basis: opts.thirdPartyConsulted ? reg('第十五条', '第三十二条') : reg('第十五条'),
      };
    case 'withheld.internal_affairs':
      return { finding: '属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）', basis: reg('第十六条第一款') };
    case 'withheld.process_info':
      return {
        finding: '属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息',
        basis: reg('第十六条第二款'),
      };
    case 'withheld.enforcement_file':
      return { finding: '属于行政执法案卷信息', basis: reg('第十六条第二款') };
    case 'withheld.inquiry': {
      const law = need(opts.specialLaw, '「行政查询事项」须写明对信息获取有特别规定的法律、行政法规（specialLaw）');
      return {
        finding: `属于工商、不动产登记资料等信息，${law}对信息的获取有特别规定`,
        basis: [...reg('第三十六条第七项'), { law, article: '' }],
      };
    }
  }
}

function partLine(part: WithheldPart, index: number): { text: string; basis: Citation[] } {
  const content = need(part.content, `第${index + 1}项不予公开的内容未写明`);
  const reason = need(part.reason, `不予公开的内容「${content}」未说明理由（第三十七条）`);
  let basis: Citation[];
  let verdict: string;
  if (part.ground === 'not_government_info') {
    // 第二条: 政府信息 = 「行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息」.
    basis = reg('第二条', '第三十七条');
    verdict = '不属于政府信息，不予提供';
  } else {
    const g = withheldGround(part.ground, part);
    basis = g.basis;
    verdict = part.ground === 'withheld.inquiry' ? '请依照该规定办理' : '不予公开';
  }
  const text = `（${chineseNumeral(index + 1)}）${content}：${sentence(reason).slice(0, -1)}，${basisClause(basis)}，${verdict}。`;
  return { text, basis };
}

/** The decision of `data.outcome` (throws a Chinese error when the data the law needs is missing). */
export function decisionFor(data: LetterData, you: string): Decision {
  const outcome = need(data.outcome, '决定类文书须写明办理结果（outcome）');
  const leaf = outcomeLeaf(outcome);
  const detail = data.reasonDetail;
  const done = (d: Omit<Decision, 'outcome' | 'basisText'> & { verb?: '依照' | '参照'; clause?: Citation[] }): Decision => ({
    outcome,
    variant: d.variant,
    reason: d.reason.replaceAll('您', you),
    basis: dedupe(d.basis),
    basisText: basisClause(d.clause ?? d.basis, d.verb),
    decision: d.decision.replaceAll('您', you),
    withheld: d.withheld,
  });

  switch (outcome) {
    case 'public': {
      const variant = data.variant;
      if (variant === 'already_public') {
        // 第三十六条第一项: 「所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径」
        const access = need(data.access, '已主动公开的信息须告知获取的方式、途径（access，第三十六条第一项）');
        return done({
          variant,
          reason: withDetail('经审查，您申请公开的政府信息已经主动公开。', detail),
          basis: reg('第三十六条第一项'),
          decision: `现告知获取该政府信息的方式、途径：${sentence(access)}`,
          withheld: 'none',
        });
      }
      if (variant === 'provided') {
        // 第三十六条第二项: 「向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间」
        const access = need(data.access, '予以公开须写明提供方式或获取的方式、途径（access，第三十六条第二项）');
        const time = data.accessTime?.trim() ? `获取时间：${sentence(data.accessTime)}` : '';
        return done({
          variant,
          reason: withDetail('经审查，您申请公开的政府信息属于可以公开的政府信息。', detail),
          basis: reg('第三十六条第二项'),
          decision: `本机关决定予以公开。提供方式或获取的方式、途径：${sentence(access)}${time}`,
          withheld: 'none',
        });
      }
      throw new Error('予以公开须指明情形（variant）：already_public（已主动公开，第三十六条第一项）或 provided（可以公开，第三十六条第二项）');
    }

    case 'partial': {
      // 第三十七条: 「……能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的
      // 内容说明理由。」
      const given = need(data.disclosedPart, '部分公开须写明予以公开的内容（disclosedPart，第三十七条）');
      const access = need(data.access, '部分公开须写明予以公开部分的提供方式或获取途径（access）');
      const parts = data.withheldParts ?? [];
      if (parts.length === 0) throw new Error('部分公开须逐项写明不予公开的内容、理由和依据（withheldParts，第三十七条）');
      const lines = parts.map(partLine);
      return done({
        reason: withDetail('经审查，您申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。', detail),
        basis: [...reg('第三十七条'), ...lines.flatMap((l) => l.basis)],
        clause: reg('第三十七条'),
        decision: [
          '本机关决定部分公开，具体如下：',
          `一、予以公开的内容：${sentence(given)}提供方式或获取途径：${sentence(access)}`,
          '二、不予公开的内容及理由：',
          ...lines.map((l) => l.text),
        ].join('\n'),
        withheld: 'part',
      });
    }

    case 'withheld.state_secret':
    case 'withheld.prohibited':
    case 'withheld.security_stability':
    case 'withheld.third_party':
    case 'withheld.internal_affairs':
    case 'withheld.process_info':
    case 'withheld.enforcement_file':
    case 'withheld.inquiry': {
      const g = withheldGround(outcome, data);
      if (outcome === 'withheld.inquiry') {
        // 第三十六条第七项: 「……告知申请人依照有关法律、行政法规的规定办理。」
        return done({
          reason: withDetail(`经审查，您申请公开的信息${g.finding}。`, detail),
          basis: g.basis,
          decision: `请您依照${data.specialLaw}的规定办理。`,
          withheld: 'all',
        });
      }
      // 第三十六条第三项: 「……决定不予公开的，告知申请人不予公开并说明理由」
      return done({
        reason: withDetail(`经审查，您申请公开的信息${g.finding}。`, detail),
        basis: [...g.basis, ...reg('第三十六条第三项')],
        decision: '本机关决定不予公开。',
        withheld: 'all',
      });
    }

    case 'unavailable.not_held': {
      const variant = data.variant;
      if (variant === 'not_exist') {
        // 第三十六条第四项; S7: 告知申请人「经检索该政府信息不存在」.
        return done({
          variant,
          reason: withDetail('本机关经检索查找，未制作、获取您申请公开的政府信息。', detail),
          basis: reg('第三十六条第四项'),
          decision: '现告知：经检索，该政府信息不存在。',
          withheld: 'none',
        });
      }
      if (variant === 'not_responsible') {
        // 第三十六条第五项: 「……告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，告知申请人该行政
        // 机关的名称、联系方式」
        const c = data.competentAgency;
        const who = c?.name?.trim()
          ? `负责公开该政府信息的行政机关为${c.name.trim()}${c.contact?.trim() ? `，联系方式：${c.contact.trim()}` : ''}，您可以向该机关提出申请。`
          : '本机关无法确定负责公开该政府信息的行政机关。';
        return done({
          variant,
          reason: withDetail('经审查，您申请公开的信息不属于本机关负责公开。', need(detail, '非本机关负责公开须说明理由（reasonDetail，第三十六条第五项）')),
          basis: reg('第三十六条第五项'),
          decision: `现告知：${who}`,
          withheld: 'none',
        });
      }
      throw new Error('本机关不掌握相关政府信息须指明情形（variant）：not_exist（经检索不存在，第三十六条第四项）或 not_responsible（非本机关负责公开，第三十六条第五项）');
    }

    case 'unavailable.needs_creation':
      // 第三十八条: 「……需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。」
      return done({
        reason: withDetail('经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析方能形成。', detail),
        basis: reg('第三十八条'),
        decision: '本机关不予提供。',
        withheld: 'none',
      });

    case 'unavailable.unclear_after_correction': {
      // 第三十条 and S7: 「……此后仍达不到补正效果的，可依据客观事实作出无法提供决定。」
      const notice = need(data.correctionNoticeDate, '须写明补正告知书的日期（correctionNoticeDate）');
      const received = data.correctionReceivedDate ? `，您于${chineseDate(data.correctionReceivedDate)}提交了补正材料` : '';
      return done({
        reason: withDetail(
          `本机关已于${chineseDate(notice)}向您发出补正告知书${received}。经审查，补正后的申请内容仍不明确，本机关无法确定您所需获取的政府信息。`,
          detail,
        ),
        basis: reg('第三十条'),
        decision: '本机关无法提供。',
        withheld: 'none',
      });
    }

    case 'not_handled.petition':
      // 第三十九条第一款: 「……告知申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出。」
      return done({
        reason: withDetail('经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动。', detail),
        basis: reg('第三十九条第一款'),
        decision: `本机关不作为政府信息公开申请处理。您可以通过${data.petitionChannel?.trim() || '信访、投诉、举报等相应渠道'}提出。`,
        withheld: 'none',
      });

    case 'not_handled.duplicate': {
      // 第三十六条第六项: 「……申请人重复申请公开相同政府信息的，告知申请人不予重复处理」
      const prev = need(data.previousReply, '重复申请须写明本机关此前答复的日期（previousReply）');
      const no = prev.number?.trim() ? `（${prev.number.trim()}）` : '';
      return done({
        reason: withDetail(
          `本机关已于${chineseDate(prev.date)}就您提出的政府信息公开申请作出答复${no}，您再次申请公开相同的政府信息。`,
          detail,
        ),
        basis: reg('第三十六条第六项'),
        decision: '本机关不予重复处理。',
        withheld: 'none',
      });
    }

    case 'not_handled.publication': {
      // 第三十九条第二款, in its own words: 「申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版
      // 物的，行政机关可以告知获取的途径。」 Not 「不作为政府信息公开申请处理」: that is 第一款's (信访、投诉、举报).
      // The letter's decision is the route (the article's 「可以告知」 is the only act it names), so it is required.
      const route = need(data.access, '要求提供公开出版物的，须写明获取的途径（第三十九条第二款：行政机关可以告知获取的途径）');
      return done({
        reason: withDetail('经审查，您提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物。', detail),
        basis: reg('第三十九条第二款'),
        decision: `现告知您获取的途径：${sentence(route)}`,
        withheld: 'none',
      });
    }

    case 'not_handled.excessive': {
      // 第三十五条: 「……行政机关认为申请理由不合理的，告知申请人不予处理」
      const asked = data.explanationRequestDate ? `本机关已于${chineseDate(data.explanationRequestDate)}要求您说明理由。` : '';
      return done({
        reason: withDetail(`您申请公开政府信息的数量、频次明显超过合理范围，${asked}经审查，本机关认为申请理由不合理。`, detail),
        basis: reg('第三十五条'),
        decision: '本机关不予处理。',
        withheld: 'none',
      });
    }

    case 'not_handled.confirmation':
      // No article of the Regulations; S7: 「申请人要求对已获取的政府信息进行确认或者重新出具的，行政机关可以不予
      // 处理。申请人要求行政机关更正与其自身相关的不准确政府信息记录的，按照《条例》第四十一条处理。」
      return done({
        reason: withDetail('经审查，您的申请系要求本机关对已获取的政府信息进行确认或者重新出具。', detail),
        basis: [{ law: JIANGSU_NORMS, article: '' }],
        verb: '参照',
        decision: `本机关不予处理。如您有证据证明本机关提供的与您自身相关的政府信息记录不准确，可以依照${REGULATIONS}第四十一条的规定要求更正。`,
        withheld: 'none',
      });

    case 'other.correction_lapsed': {
      // 第三十条: 「申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。」
      const notice = need(data.correctionNoticeDate, '须写明补正告知书的日期（correctionNoticeDate）');
      return done({
        reason: withDetail(`本机关已于${chineseDate(notice)}向您发出补正告知书，您无正当理由逾期未补正。`, detail),
        basis: reg('第三十条'),
        decision: '视为放弃申请，本机关不再处理该政府信息公开申请。',
        withheld: 'none',
      });
    }

    case 'other.fee_lapsed': {
      // 第四十二条 and 国办函〔2020〕109号 as restated by S6: 「申请人应当在收到收费通知次日起20个工作日内缴纳
      // 费用，逾期未缴纳的视为放弃申请。」
      const notice = need(data.feeNoticeDate, '须写明收费通知书的日期（feeNoticeDate）');
      return done({
        reason: withDetail(`本机关已于${chineseDate(notice)}向您发出收费通知书，您未在收到收费通知次日起20个工作日内缴纳信息处理费。`, detail),
        basis: [...reg('第四十二条'), { law: FEE_MEASURES, article: '' }],
        decision: '视为放弃申请，本机关不再处理该政府信息公开申请。',
        withheld: 'none',
      });
    }

    case 'other.other': {
      const basis = data.otherBasis ?? [];
      if (basis.length === 0) throw new Error('「其他处理」须写明法律依据（otherBasis）');
      return done({
        reason: sentence(need(data.otherReason, '「其他处理」须写明理由（otherReason）')),
        basis,
        decision: sentence(need(data.otherDecision, '「其他处理」须写明处理决定（otherDecision）')),
        withheld: 'none',
      });
    }
  }
  // Exhaustiveness: every leaf has a case above.
  throw new Error(`未知的办理结果：${leaf.code}`);
}
