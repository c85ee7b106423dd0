import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OUTCOME_LEAVES, outcomeLeaf } from '../../../src/domain/taxonomy/index.ts';
import {
  DEFAULT_TEMPLATES,
  FEE_MEASURES,
  JIANGSU_NORMS,
  PROCEDURAL_LETTER_KINDS,
  REGULATIONS,
  REPLY_LETTER_KINDS,
  TemplateError,
  chineseDate,
  chineseNumeral,
  citationText,
  letterToHtml,
  letterToHtmlDocument,
  letterToText,
  reconsiderationOrgan,
  regulationArticles,
  renderLetter,
  validateTemplateOverride,
  type Letter,
  type LetterData,
  type ProceduralLetterKind,
} from '../../../src/domain/letters/index.ts';
import { AGENCY, DECISION_CASES, ID_NUMBER, PROCEDURAL_DATA, base, decisionData } from './fixtures.ts';

const text = (l: Letter) => letterToText(l);

function decisionLetter(i: number, date?: string): Letter {
  const c = DECISION_CASES[i];
  return renderLetter(outcomeLeaf(c.outcome).letterKind, decisionData(c, date));
}

describe('chineseDate and numerals', () => {
  it('prints dates as 「2024年3月5日」', () => {
    expect(chineseDate('2024-03-05')).toBe('2024年3月5日');
    expect(chineseDate('2023-12-31')).toBe('2023年12月31日');
  });
  it('rejects what is not a real date, in Chinese', () => {
    expect(() => chineseDate('2024-02-30')).toThrow(/日期格式不正确/);
    expect(() => chineseDate('2024/3/5')).toThrow(/YYYY-MM-DD/);
  });
  it('round-trips every real date (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const m = /^(\d+)年(\d+)月(\d+)日$/.exec(chineseDate(iso))!;
        expect([Number(m[1]), Number(m[2]), Number(m[3])]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
      }),
    );
  });
  it('numbers list items in Chinese', () => {
    expect([1, 9, 10, 11, 20, 21, 99].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十一', '九十九']);
  });
});

describe('decision letters: one per outcome leaf', () => {
  it('covers every one of the 21 leaves', () => {
    const covered = new Set(DECISION_CASES.map((c) => c.outcome));
    expect([...covered].sort()).toEqual(OUTCOME_LEAVES.map((l) => l.code).sort());
  });

  DECISION_CASES.forEach((c, i) => {
    const name = `${c.outcome}${c.variant ? `/${c.variant}` : ''}`;
    it(`${name}: has every mandatory element (江苏规范) and cites its own articles`, () => {
      const leaf = outcomeLeaf(c.outcome);
      const l = decisionLetter(i);
      const t = text(l);
      expect(l.kind).toBe(leaf.letterKind);
      expect(l.outcome).toBe(c.outcome);
      // 标题、文号
      expect(l.title).toMatch(/告知书$/);
      expect(l.number).toBe('通政数公开〔2024〕第12号');
      // 申请人姓名（名称）
      expect(l.recipient).toBe('张三');
      expect(t).toContain('张三：');
      // 申请事实: when received, what was asked
      expect(t).toContain('2024年2月20日收到');
      expect(t).toContain('2023年度政务服务大厦建设项目的招标文件');
      // 法律依据: the exact provisions, consistent with the decision and the taxonomy
      const cited = regulationArticles(l.basis);
      for (const a of c.cites) {
        expect(cited).toContain(a);
        expect(t).toContain(a);
      }
      const allowed = new Set([...leaf.articles, ...(c.outcome === 'partial' ? DECISION_CASES[i].cites : [])]);
      if (c.outcome !== 'other.other') for (const a of cited) expect(allowed.has(a)).toBe(true);
      expect(t).toMatch(/(依照|参照)《[^》]+》[^，。]*的规定/);
      // 处理决定
      expect(t).toContain(c.decides);
      // 复议诉讼的权利和期限
      expect(l.remedy).not.toBeNull();
      expect(t).toContain(l.remedy!.text);
      expect(t).toContain('六十日内向通化市人民政府申请行政复议');
      // 答复主体、答复日期及印章
      expect(l.signer).toEqual({ agency: AGENCY.name, date: '2024-03-05', dateText: '2024年3月5日' });
      expect(l.sealPlaceholder).toBe('（印章）');
      expect(t.indexOf('（印章）')).toBeLessThan(t.lastIndexOf(AGENCY.name));
      expect(t.trimEnd().endsWith('2024年3月5日')).toBe(true);
      // no placeholder left, no ID number
      expect(t).not.toMatch(/[{}]/);
      expect(t).not.toContain(ID_NUMBER);
    });
  });

  it('the specific wording the law prescribes', () => {
    const find = (outcome: string, variant?: string) => DECISION_CASES.findIndex((c) => c.outcome === outcome && c.variant === variant);
    expect(text(decisionLetter(find('unavailable.not_held', 'not_exist')))).toContain('经检索，该政府信息不存在');
    const notResp = decisionLetter(find('unavailable.not_held', 'not_responsible'));
    expect(notResp.title).toBe('非本机关负责公开政府信息告知书');
    expect(text(notResp)).toContain('负责公开该政府信息的行政机关为通化市住房和城乡建设局，联系方式：0435-7654321');
    expect(text(decisionLetter(find('public', 'already_public')))).toContain('获取该政府信息的方式、途径：登录本机关门户网站');
    const provided = text(decisionLetter(find('public', 'provided')));
    expect(provided).toContain('随本告知书以纸质形式提供');
    expect(provided).toContain('获取时间：收到本告知书之日起');
    const partial = text(decisionLetter(find('partial')));
    expect(partial).toContain('予以公开的内容：招标文件正文');
    expect(partial).toMatch(/（一）评标专家名单：涉及评标专家的个人信息，依照《中华人民共和国政府信息公开条例》第十五条的规定，不予公开/);
    expect(partial).toMatch(/（二）内部审批意见：.*第十六条第二款的规定，不予公开/);
    const confirmation = decisionLetter(find('not_handled.confirmation'));
    expect(confirmation.basis).toEqual([{ law: JIANGSU_NORMS, article: '' }]);
    expect(text(confirmation)).toContain(`参照${JIANGSU_NORMS}的规定`);
    expect(text(confirmation)).toContain('第四十一条');
    const fee = decisionLetter(find('other.fee_lapsed'));
    expect(fee.basis.map(citationText)).toContain(FEE_MEASURES);
    expect(text(fee)).toContain('视为放弃申请');
    expect(text(decisionLetter(find('other.correction_lapsed')))).toContain('无正当理由逾期未补正');
    expect(text(decisionLetter(find('withheld.inquiry')))).toContain('请您依照《不动产登记暂行条例》的规定办理');
    expect(text(decisionLetter(find('withheld.prohibited')))).toContain('属于《中华人民共和国统计法》禁止公开的政府信息');
    expect(text(decisionLetter(find('not_handled.duplicate')))).toContain('2024年1月10日');
  });

  it('addresses an organisation as 贵单位', () => {
    const c = DECISION_CASES.find((x) => x.outcome === 'withheld.state_secret')!;
    const l = renderLetter('non_disclosure', { ...decisionData(c), applicant: { name: '吉林某律师事务所', type: 'org.legal_service' } });
    expect(text(l)).toContain('收到贵单位提交');
    expect(text(l)).not.toContain('您');
  });

  it('refuses a letter kind that does not match the outcome, and missing facts the law needs', () => {
    expect(() => renderLetter('disclosure', { ...base(), outcome: 'withheld.state_secret' })).toThrow(/应使用不予公开告知书/);
    expect(() => renderLetter('disclosure', { ...base(), outcome: 'public', access: 'x' })).toThrow(/须指明情形/);
    expect(() => renderLetter('not_exist', { ...base(), outcome: 'unavailable.not_held' })).toThrow(/第三十六条第四项/);
    expect(() => renderLetter('partial_disclosure', { ...base(), outcome: 'partial', disclosedPart: 'a', access: 'b' })).toThrow(/逐项写明不予公开/);
    expect(() => renderLetter('non_disclosure', { ...base(), outcome: 'withheld.prohibited' })).toThrow(/禁止公开的法律、行政法规/);
    expect(() => renderLetter('termination', { ...base(), outcome: 'other.other' })).toThrow(/法律依据/);
    expect(() => renderLetter('non_disclosure', { ...base(), date: '2024-02-01', outcome: 'withheld.state_secret' })).toThrow(/不能早于收到申请日期/);
    expect(() => renderLetter('receipt', { ...PROCEDURAL_DATA.receipt(), outcome: 'public' })).toThrow(/不是决定类文书/);
  });
});

describe('remedy: 复议、诉讼 and 复议前置 by outcome and date', () => {
  const idx = (o: string, v?: string) => DECISION_CASES.findIndex((c) => c.outcome === o && c.variant === v);
  const withheld = idx('withheld.process_info');
  const pub = idx('public', 'provided');
  const partial = idx('partial');

  it('不予公开 on or after 2024-01-01: 复议 first (行政复议法第二十三条), no direct litigation', () => {
    for (const date of ['2024-01-01', '2024-03-05']) {
      const l = renderLetter('non_disclosure', { ...decisionData(DECISION_CASES[withheld], date), receiptDate: '2023-12-01' });
      expect(l.remedy!.mode).toBe('reconsideration_first');
      expect(l.remedy!.text).toContain('第二十三条第一款第四项');
      expect(l.remedy!.text).toContain('应当先');
      expect(l.remedy!.text).toContain('十五日内');
      expect(l.remedy!.text).not.toContain('六个月');
      expect(l.remedy!.text).not.toContain('通化市东昌区人民法院');
    }
  });
  it('every 不予公开 leaf is 复议前置 after the reform (taxonomy reconsiderationFirst)', () => {
    DECISION_CASES.forEach((c, i) => {
      const l = decisionLetter(i);
      const first = outcomeLeaf(c.outcome).reconsiderationFirst;
      expect(l.remedy!.mode === 'reconsideration_first').toBe(first);
      if (!first && c.outcome !== 'partial') expect(l.remedy!.text).toContain('六个月内向通化市东昌区人民法院提起行政诉讼');
    });
  });
  it('不予公开 before 2024-01-01: both remedies, under the 2017 行政复议法', () => {
    const l = renderLetter('non_disclosure', { ...decisionData(DECISION_CASES[withheld], '2023-12-31'), receiptDate: '2023-12-01' });
    expect(l.remedy!.mode).toBe('both');
    expect(l.remedy!.text).toContain('六十日内向通化市人民政府或者吉林省政务服务和数字化建设管理局申请行政复议');
    expect(l.remedy!.text).toContain('六个月内向通化市东昌区人民法院提起行政诉讼');
    expect(l.remedy!.text).not.toContain('第二十三条');
    expect(l.remedy!.citations.map(citationText)).toContain('《中华人民共和国行政复议法》（2017年修正）第九条第一款');
  });
  it('予以公开: both remedies before and after', () => {
    for (const date of ['2023-06-01', '2024-06-01']) {
      const l = renderLetter('disclosure', { ...decisionData(DECISION_CASES[pub], date), receiptDate: '2023-05-01' });
      expect(l.remedy!.mode).toBe('both');
      expect(l.remedy!.text).toContain('六个月');
    }
  });
  it('部分公开 after the reform: 复议前置 for the withheld part (default policy), both for the rest', () => {
    const l = decisionLetter(partial);
    expect(l.remedy!.mode).toBe('split');
    expect(l.remedy!.text).toMatch(/不予公开的部分不服的.*应当先.*申请行政复议.*其他内容不服的.*六个月内/);
    const alt = renderLetter('partial_disclosure', { ...decisionData(DECISION_CASES[partial]), partialRemedyPolicy: 'both_routes' });
    expect(alt.remedy!.mode).toBe('both');
    const before = renderLetter('partial_disclosure', { ...decisionData(DECISION_CASES[partial], '2023-11-01'), receiptDate: '2023-10-01' });
    expect(before.remedy!.mode).toBe('both');
    expect(before.remedy!.text).not.toContain('应当先');
  });
  it('names the 复议机关 by the kind of organ (第二十四条、第二十五条、第二十七条)', () => {
    const d = '2024-03-05';
    expect(reconsiderationOrgan(AGENCY, d)).toBe('通化市人民政府');
    expect(reconsiderationOrgan({ ...AGENCY, name: '通化市东昌区人民政府', kind: 'local_government', superiorGovernmentName: '通化市人民政府' }, d)).toBe('通化市人民政府');
    expect(reconsiderationOrgan({ ...AGENCY, name: '国家税务总局通化市税务局', kind: 'vertical', superiorAuthorityName: '国家税务总局吉林省税务局' }, d)).toBe('国家税务总局吉林省税务局');
    expect(reconsiderationOrgan({ ...AGENCY, name: '吉林省人民政府', kind: 'provincial_government' }, d)).toBe('吉林省人民政府');
    expect(() => reconsiderationOrgan({ ...AGENCY, governmentName: undefined }, d)).toThrow(/须提供本级人民政府名称/);
    expect(() => reconsiderationOrgan({ ...AGENCY, kind: 'vertical', superiorAuthorityName: '' }, d)).toThrow(/第二十七条/);
  });
  it('uses 「有管辖权的人民法院」 when no court is given', () => {
    const l = renderLetter('disclosure', { ...decisionData(DECISION_CASES[pub]), agency: { ...AGENCY, courtName: undefined } });
    expect(l.remedy!.text).toContain('向有管辖权的人民法院提起行政诉讼');
  });
});

describe('procedural letters', () => {
  const render = (k: ProceduralLetterKind, extra: Partial<LetterData> = {}) => renderLetter(k, { ...PROCEDURAL_DATA[k](), ...extra });

  it.each(PROCEDURAL_LETTER_KINDS)('%s: title, 文号, basis, signature; a remedy only for the fee notice', (k) => {
    const l = render(k);
    const t = text(l);
    expect(t).toContain(l.title);
    expect(l.number).toBe('通政数公开〔2024〕第12号');
    expect(l.basis.length).toBeGreaterThan(0);
    for (const c of l.basis) expect(t).toContain(c.law);
    expect(t).toContain('2023年度政务服务大厦建设项目的招标文件');
    expect(l.sealPlaceholder).toBe('（印章）');
    expect(t).toContain(AGENCY.name);
    expect(l.remedy === null).toBe(k !== 'fee_notice');
    expect(t).not.toMatch(/[{}]/);
    expect(t).not.toContain(ID_NUMBER);
  });

  it('receipt: receipt date, channel, due date, 第三十一条', () => {
    const t = text(render('receipt'));
    expect(t).toContain('2024年2月20日收到您提交');
    expect(t).toContain('（提交方式：互联网）');
    expect(t).toContain('即2024年3月19日前');
    expect(regulationArticles(render('receipt').basis)).toEqual(['第三十一条', '第三十三条第二款']);
    expect(t).not.toContain('行政复议');
  });
  it('补正告知书 (第三十条): items all at once, a period (default 15 WD), the consequence', () => {
    const l = render('correction');
    const t = text(l);
    expect(l.paragraphs).toContain('（一）申请公开的政府信息的名称、文号或者便于查询的其他特征性描述。');
    expect(l.paragraphs).toContain('（二）申请人的身份证明。');
    expect(t).toContain('一次性告知');
    expect(t).toContain('15个工作日内（即2024年3月14日前）');
    expect(t).toContain('视为放弃申请');
    expect(regulationArticles(l.basis)).toContain('第三十条');
    expect(text(render('correction', { correctionPeriodDays: 10, correctionDeadline: undefined }))).toContain('10个工作日内向本机关');
    expect(() => render('correction', { correctionItems: [] })).toThrow(/缺少：补正事项/);
  });
  it('延期答复告知书 (第三十三条第二款): the new due date, at most 20 WD', () => {
    const l = render('extension');
    expect(text(l)).toContain('延长20个工作日，本机关将于2024年4月17日前作出答复');
    expect(regulationArticles(l.basis)).toEqual(['第三十三条第二款']);
    expect(text(render('extension', { extensionDays: 10 }))).toContain('延长10个工作日');
    expect(() => render('extension', { extensionDays: 21 })).toThrow(/1至20个工作日/);
    expect(() => render('extension', { newDueDate: undefined })).toThrow(/延长后的答复期限/);
    // The new date not known yet (next year's calendar, a letter awaiting service): no invented date.
    const pending = text(render('extension', { newDueDate: undefined, newDueDatePending: true }));
    expect(pending).toContain('答复期限延长20个工作日，本机关将于延长后的答复期限届满前作出答复');
    expect(pending).not.toContain('2024年4月17日');
  });
  it('征求意见书 to a third party (第三十二条): 15 WD, addressed to it, without the applicant’s name', () => {
    const l = render('consultation_third_party');
    const t = text(l);
    expect(l.recipient).toBe('吉林某建设工程有限公司');
    expect(t).toContain('15个工作日内（即2024年3月15日前）');
    expect(t).toContain('由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开');
    expect(t).not.toContain('张三');
    expect(regulationArticles(l.basis)).toEqual(['第三十二条']);
  });
  it('征求意见书 to a co-producing agency (第三十四条): 逾期未提出意见的视为同意公开', () => {
    const l = render('consultation_agency');
    expect(l.recipient).toBe('通化市财政局');
    expect(text(l)).toContain('逾期未提出意见的，视为同意公开');
    expect(text(l)).not.toContain('张三');
    expect(regulationArticles(l.basis)).toEqual(['第三十四条']);
  });
  it('征求意见告知书 to the applicant: the time is not counted (第三十三条第三款)', () => {
    const l = render('consultation_notice');
    expect(text(l)).toContain('2024年2月23日书面征求第三方的意见');
    expect(regulationArticles(l.basis)).toEqual(['第三十二条', '第三十三条第三款']);
    const agency = render('consultation_notice', { consultation: 'agency' });
    expect(regulationArticles(agency.basis)).toEqual(['第三十四条', '第三十三条第三款']);
    expect(() => render('consultation_notice', { consultation: undefined })).toThrow(/征求谁的意见/);
  });
  it('收费通知书: basis 国办函〔2020〕109号, standard, amount, how to pay, 20 WD from the next day, the consequence', () => {
    const l = render('fee_notice');
    const t = text(l);
    expect(t).toContain('国办函〔2020〕109号');
    expect(t).toContain('收费标准：本自然月累计申请13件');
    expect(t).toContain('收费数额：人民币300元。');
    expect(t).toContain('缴纳方式：通过“吉事办”非税缴费平台');
    expect(t).toContain('自收到本通知次日起20个工作日内');
    expect(t).toContain('逾期未缴纳的，视为放弃申请');
    expect(l.basis).toContainEqual({ law: FEE_MEASURES, article: '第四条' });
    expect(l.remedy!.mode).toBe('both');
    expect(t).toContain('如对本通知收取信息处理费的决定（收费的依据、标准和数额）不服');
    expect(() => render('fee_notice', { fee: undefined })).toThrow(/收费标准.*收费数额/);
  });
});

describe('personal data', () => {
  it('prints the full name, never the ID number; delivery data only as the method needs', () => {
    const c = DECISION_CASES[0];
    const mail = renderLetter('disclosure', { ...decisionData(c), delivery: 'mail' });
    expect(mail.delivery).toEqual({ method: 'mail', address: '通化市东昌区民主路8号', postcode: '134001' });
    const email = renderLetter('disclosure', { ...decisionData(c), delivery: 'email' });
    expect(email.delivery).toEqual({ method: 'email', email: 'zhangsan@example.com' });
    for (const l of [mail, email]) {
      const all = JSON.stringify(l) + letterToHtml(l) + letterToText(l);
      expect(all).not.toContain(ID_NUMBER);
      expect(all).not.toContain('13900001111');
    }
  });
  it('never leaks the ID number, whatever the data (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DECISION_CASES.length - 1 }), fc.string({ minLength: 1, maxLength: 30 }), (i, name) => {
        fc.pre(name.trim().length > 0 && !name.includes(ID_NUMBER));
        const c = DECISION_CASES[i];
        const l = renderLetter(outcomeLeaf(c.outcome).letterKind, { ...decisionData(c), applicant: { name, idNumber: ID_NUMBER } });
        expect(l.recipient).toBe(name.trim());
        expect(JSON.stringify(l) + letterToText(l)).not.toContain(ID_NUMBER);
      }),
      { numRuns: 200 },
    );
  });
});

describe('HTML preview', () => {
  it('escapes everything (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (name, request) => {
        fc.pre(name.trim().length > 0 && request.trim().length > 0);
        const c = DECISION_CASES[0];
        const html = letterToHtml(renderLetter('disclosure', { ...decisionData(c), applicant: { name: `<b>${name}`, type: 'natural' }, request: `${request}<script>alert(1)</script>` }));
        expect(html).not.toContain('<script>');
        expect(html).not.toContain('<b>');
        expect(html).toContain('&lt;script&gt;');
      }),
      { numRuns: 100 },
    );
  });
  it('shows title, 文号, recipient, body, seal, agency and date', () => {
    const l = decisionLetter(3);
    const html = letterToHtml(l);
    for (const s of [l.title, '通政数公开〔2024〕第12号', '张三：', '（印章）', AGENCY.name, '2024年3月5日', '第十四条']) expect(html).toContain(s);
    expect(html).toContain('<time datetime="2024-03-05">');
  });
  it('uses classes only, no inline style (the CSP blocks style attributes); the stylesheet has the 公文 layout', () => {
    const l = decisionLetter(3);
    const html = letterToHtml(l);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    for (const c of ['letter-title', 'letter-number', 'letter-recipient', 'letter-para', 'letter-signature', 'letter-seal', 'letter-agency', 'letter-date']) {
      expect(html).toContain(`class="${c}"`);
    }
    const doc = letterToHtmlDocument(l);
    expect(doc).toContain('<link rel="stylesheet" href="/static/letters.css">');
    expect(doc).toContain(html);
    expect(doc).not.toMatch(/\sstyle\s*=|<style/i);
    const css = readFileSync(new URL('../../../src/web/static/letters.css', import.meta.url), 'utf8');
    expect(css).toMatch(/\.letter-para\s*\{[^}]*text-indent:\s*2em/);
    expect(css).toMatch(/\.letter-title\s*\{[^}]*text-align:\s*center[^}]*font-size:\s*22pt/);
    expect(css).toMatch(/\.letter\s*\{[^}]*font-size:\s*16pt/);
    expect(css).toMatch(/\.letter-signature\s*\{[^}]*text-align:\s*right/);
  });
});

describe('templates editable per agency', () => {
  it('every default template is valid', () => {
    for (const k of REPLY_LETTER_KINDS) expect(validateTemplateOverride(k, undefined)).toMatchObject({ ok: true });
  });
  it('an override changes title, 文号 and wording; the law stays computed', () => {
    const c = DECISION_CASES.find((x) => x.outcome === 'withheld.state_secret')!;
    const override = {
      title: '政府信息公开申请答复书',
      numberPattern: '{prefix}依申〔{year}〕{seq}号',
      paragraphs: [
        '{applicant}于{receiptDate}向本局申请获取“{request}”。',
        '{reason}{basis}，{decision}',
        '{remedy}',
        { text: '咨询电话：{agencyContact}。', optional: true },
      ],
    };
    const l = renderLetter('non_disclosure', decisionData(c), override);
    expect(l.title).toBe('政府信息公开申请答复书');
    expect(l.number).toBe('通政数公开依申〔2024〕12号');
    expect(l.paragraphs[0]).toBe('张三于2024年2月20日向本局申请获取“2023年度政务服务大厦建设项目的招标文件”。');
    expect(l.paragraphs[1]).toContain('第十四条、第三十六条第三项');
    expect(l.paragraphs).toContain('咨询电话：通化市东昌区新华大街1号，电话0435-1234567。');
    // optional paragraph left out when its data is missing
    const noContact = renderLetter('non_disclosure', { ...decisionData(c), agency: { ...AGENCY, contact: undefined } }, override);
    expect(noContact.paragraphs.some((p) => p.startsWith('咨询电话'))).toBe(false);
  });
  it('rejects unknown placeholders, placeholders of another kind, a 文号 without {seq}, in Chinese', () => {
    const r = validateTemplateOverride('receipt', {
      numberPattern: '{prefix}〔{year}〕号',
      paragraphs: ['{receiptDate}收到“{request}”，{basis}，{dueDate}前答复。{remedy}{foo}'],
    });
    expect(r.ok).toBe(false);
    const errors = (r as { errors: string[] }).errors;
    expect(errors).toContain('文号格式缺少 {seq}（文号须含年份和序号）');
    expect(errors).toContain('第1段含有未知占位符 {foo}');
    expect(errors.some((e) => e.includes('{remedy}') && e.includes('不适用于申请接收回执'))).toBe(true);
  });
  it('rejects an override that drops a mandatory element (复议诉讼的权利和期限, 法律依据)', () => {
    const r = validateTemplateOverride('non_disclosure', { paragraphs: ['{receiptDate}“{request}”{reason}{decision}', { text: '{remedy}', optional: true }] });
    expect(r.ok).toBe(false);
    const errors = (r as { errors: string[] }).errors;
    expect(errors.some((e) => e.includes('法律依据') && e.includes('{basis}'))).toBe(true);
    expect(errors.some((e) => e.includes('复议诉讼的权利和期限') && e.includes('必备要素'))).toBe(true);
  });
  it('rejects malformed overrides: unknown fields, empty title, broken braces', () => {
    const a = validateTemplateOverride('disclosure', { titel: 'x' });
    expect(a.ok).toBe(false);
    expect((a as { errors: string[] }).errors[0]).toContain('未知字段：titel');
    const b = validateTemplateOverride('disclosure', { title: '  ' });
    expect((b as { errors: string[] }).errors[0]).toContain('标题不能为空');
    const cc = validateTemplateOverride('disclosure', { paragraphs: ['{receiptDate {request}'] });
    expect((cc as { errors: string[] }).errors.some((e) => e.includes('花括号不成对'))).toBe(true);
    const d = validateTemplateOverride('disclosure', { paragraphs: 'abc' });
    expect((d as { errors: string[] }).errors[0]).toContain('段落应为列表');
  });
  it('renderLetter throws a TemplateError listing the faults', () => {
    const c = DECISION_CASES[0];
    try {
      renderLetter('disclosure', decisionData(c), { paragraphs: ['{request}'] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateError);
      expect((err as TemplateError).errors.length).toBeGreaterThanOrEqual(4);
      expect((err as Error).message).toMatch(/^予以公开告知书模板有误：/);
    }
  });
  it('the default decision template holds every mandatory element', () => {
    const paras = DEFAULT_TEMPLATES.non_disclosure.paragraphs.filter((p) => typeof p === 'string').join('');
    for (const p of ['{receiptDate}', '{request}', '{reason}', '{basis}', '{decision}', '{remedy}']) expect(paras).toContain(p);
    expect(REGULATIONS).toBe('《中华人民共和国政府信息公开条例》');
  });
});
