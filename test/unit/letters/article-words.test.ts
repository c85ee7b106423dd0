/**
 * The letters of issue 15 say what their articles say, in the articles' own phrases (regulation.md):
 * the 收费通知书's remedy names the fee decision and lets it be challenged during the payment period
 * (复议 or 诉讼, never 复议前置); the 公开出版物 letter speaks 第三十九条第二款, not 第一款; the
 * 说明理由告知书 and 延迟答复告知书 speak 第三十五条.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ARTICLE_35 } from '../../../src/domain/applications/index.ts';
import { FEE_NOTICE_REMEDY, letterToText, regulationArticles, renderLetter } from '../../../src/domain/letters/index.ts';
import { DECISION_CASES, PROCEDURAL_DATA, decisionData } from './fixtures.ts';

/** The phrases of an article's sentence (split at its punctuation), as a letter addressed to 您 says them. */
function phrases(article: string): string[] {
  return article.split(/[，。；：「」]/).map((p) => p.trim()).filter((p) => p.length >= 4);
}

const ART_39_2 = '申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，行政机关可以告知获取的途径。';

describe('收费通知书: the remedy against the fee itself (行政复议法第二十条、行政诉讼法第四十六条)', () => {
  const letter = renderLetter('fee_notice', PROCEDURAL_DATA.fee_notice());
  const t = letterToText(letter);

  it('names the fee decision, both routes from receipt, and the payment period; no 复议前置', () => {
    expect(letter.remedy!.mode).toBe('both');
    expect(t).toContain(`如对${FEE_NOTICE_REMEDY.subject}不服`);
    expect(t).toContain('可以自收到本通知之日起六十日内向通化市人民政府申请行政复议');
    expect(t).toContain('也可以自收到本通知之日起六个月内向通化市东昌区人民法院提起行政诉讼');
    expect(t).toContain('在缴费期限内即可提出');
    expect(t).not.toContain('应当先');
    expect(t).not.toContain('第二十三条');
    // The payment period itself, in S6's words (国办函〔2020〕109号 as restated).
    expect(t).toContain('自收到本通知次日起20个工作日内');
    expect(t).toContain('逾期未缴纳的，视为放弃申请');
  });

  it('the same remedy for any letter date after the 2023 复议法 and any organ (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 365 }), fc.constantFrom('department', 'provincial_government', 'vertical'), (days, kind) => {
        const date = new Date(Date.UTC(2024, 2, 1) + days * 86_400_000).toISOString().slice(0, 10);
        const base = PROCEDURAL_DATA.fee_notice();
        const l = renderLetter('fee_notice', { ...base, date, agency: { ...base.agency, kind: kind as never, superiorAuthorityName: '吉林省某厅' } });
        expect(l.remedy!.mode).toBe('both');
        expect(l.remedy!.text).toMatch(/^如对本通知收取信息处理费的决定（收费的依据、标准和数额）不服，可以自收到本通知之日起六十日内向.+申请行政复议，也可以自收到本通知之日起六个月内向.+提起行政诉讼；在缴费期限内即可提出。$/);
      }),
    );
  });
});

describe('公开出版物 (第三十九条第二款)', () => {
  const c = DECISION_CASES.find((x) => x.outcome === 'not_handled.publication')!;
  const letter = renderLetter('not_handled', decisionData(c));
  const t = letterToText(letter);

  it('says the article’s words and tells the route; not 第一款’s 「不作为政府信息公开申请处理」', () => {
    expect(regulationArticles(letter.basis)).toEqual(['第三十九条第二款']);
    expect(t).toContain('您提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物');
    expect(t).toContain('现告知您获取的途径：通化市图书馆政府公开信息查阅点。');
    expect(t).not.toContain('不作为政府信息公开申请处理');
    for (const p of phrases(ART_39_2).filter((p) => !p.startsWith('行政机关') && !p.startsWith('申请人'))) expect(t).toContain(p);
  });

  it('without a route there is no letter (the route is the decision)', () => {
    expect(() => renderLetter('not_handled', { ...decisionData(c), access: undefined })).toThrow(/获取的途径.*第三十九条第二款/);
  });
});

describe('第三十五条 letters', () => {
  const request = letterToText(renderLetter('explanation_request', PROCEDURAL_DATA.explanation_request()));
  const deferral = letterToText(renderLetter('deferral', PROCEDURAL_DATA.deferral()));

  it('the 说明理由告知书 asks for reasons and states every consequence the article names', () => {
    expect(request).toContain('政府信息公开申请说明理由告知书');
    expect(request).toContain('申请公开政府信息的数量、频次明显超过合理范围');
    expect(request).toContain('本机关要求您说明理由');
    expect(request).toContain('《中华人民共和国政府信息公开条例》第三十五条');
    // Every clause of the article after its subject, as the letter words it for 您.
    for (const p of ['数量、频次明显超过合理范围', '不予处理', '认为申请理由合理', '第三十三条规定的期限内答复', '可以确定延迟答复的合理期限并告知']) {
      expect(ARTICLE_35).toContain(p);
      expect(request).toContain(p);
    }
  });

  it('the 延迟答复告知书 states the request, the judgment and the date set', () => {
    expect(deferral).toContain('政府信息公开申请延迟答复告知书');
    expect(deferral).toContain('本机关已于2024年2月23日要求您说明理由');
    expect(deferral).toContain('本机关认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复您');
    expect(deferral).toContain('本机关确定延迟答复的合理期限，将于2024年5月31日前作出答复');
    expect(() => renderLetter('deferral', { ...PROCEDURAL_DATA.deferral(), deferredUntil: undefined })).toThrow(/延迟答复的期限/);
  });

  it('the 不予处理 letter of row （五）4 cites 第三十五条 with the day reasons were asked for', () => {
    const c = DECISION_CASES.find((x) => x.outcome === 'not_handled.excessive')!;
    const t = letterToText(renderLetter('not_handled', decisionData(c)));
    expect(t).toContain('本机关已于2024年2月23日要求您说明理由。经审查，本机关认为申请理由不合理');
    expect(t).toContain('本机关不予处理');
  });
});
