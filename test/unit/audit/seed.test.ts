import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readReportText } from '../../../src/domain/audit/index.ts';
import { emptyApplications, emptyAppeals, emptyProactive } from '../../../src/domain/report/model.ts';
import { SEED_REPORT } from '../../support/fixtures.ts';

const SEED = SEED_REPORT;
const text = readFileSync(new URL(`file://${SEED}`), 'utf8');

describe('the seed: 通化市政数局 2023, as copied from its portal page', () => {
  const { model, structure } = readReportText(text, { file: 'seed.txt' });

  it('reads every number', () => {
    expect(model.proactive).toEqual(emptyProactive(0));
    const applications = emptyApplications(0);
    for (const row of ['new', 'public', 'total'] as const) {
      applications[row].natural = 1;
      applications[row].total = 1;
    }
    expect(model.applications).toEqual(applications);
    expect(model.appeals).toEqual(emptyAppeals(0));
  });

  it('year, format, publication date; the agency is not named in the text (市政数局 only), so left empty', () => {
    expect(model.year).toBe(2023);
    expect(model.format).toBe('2021');
    expect(model.published).toBe('2024-01-17');
    expect(model.agency.name).toBe('');
    expect(model.file).toBe('seed.txt');
  });

  it('finds exactly its real defects: no 「一、总体情况」, two sections numbered 二, the 「自然人」 header lost (recovered), no 信息处理费 in 六', () => {
    // 六 reads only 「暂无其他需要报告的事项。」: the 2021 format asks the 信息处理费 collected to be reported there (issue 14)
    expect(model.findings.map((f) => `${f.code}@${f.where}`).sort()).toEqual(
      ['parse.recovered@table2/header', 'section.fee_missing@section/other', 'structure.missing_section@section/overview', 'structure.numbering@section/numeral/二'].sort(),
    );
    const header = model.findings.find((f) => f.code === 'parse.recovered')!;
    expect(header.message).toContain('自然人');
    expect(header.message).toContain('7 个数字');
    expect(model.findings.some((f) => f.code.startsWith('identity.'))).toBe(false);
  });

  it('keeps the headings as printed and the prose of 五 and 六', () => {
    expect(structure.headings.map((h) => `${h.numeral}、${h.title}`)).toEqual([
      '一、2023年工作完成情况',
      '二、下步工作打算',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    expect(model.sections.problems).toContain('信息发布的内容还不够全面深入,信息的时效性和规范性还有待加强。');
    expect(model.sections.other).toBe('暂无其他需要报告的事项。');
    expect(model.sections.overview).toBe('');
  });

  it('the same page as HTML-like CRLF text with full-width digits reads the same', () => {
    const variant = text.replace(/\n/g, '\r\n').replace(/^1$/gm, '１');
    const again = readReportText(variant).model;
    expect(again.applications).toEqual(model.applications);
    expect(again.findings.map((f) => f.code)).toEqual(model.findings.map((f) => f.code));
  });
});
