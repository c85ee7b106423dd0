/** Issue 14: the checks reviewers make on a published report's prose (section 一) and section 六. */
import { describe, expect, it } from 'vitest';
import { readReportText } from '../../../src/domain/audit/index.ts';
import { reportShapes } from '../../support/fixtures.ts';

const markdown = reportShapes().find((x) => x.name === 'markdown-converter-2024.txt')!.bytes.toString('utf8');
const codes = (text: string) => readReportText(text).model.findings.map((f) => `${f.code}@${f.where}`);

describe('prose against the tables', () => {
  it('the fixture as printed: its prose agrees with its tables', () => {
    expect(codes(markdown).filter((c) => c.startsWith('text.'))).toEqual([]);
  });
  it('the applicants’ split (「其中自然人申请 628 件，法人或其他组织申请 29 件」) against 一、本年新收', () => {
    const found = codes(markdown.replace('自然人申请 628 件', '自然人申请 627 件').replace('法人或其他组织申请 29 件', '法人或其他组织申请 30 件'));
    expect(found.filter((c) => c.startsWith('text.number_mismatch'))).toEqual(['text.number_mismatch@text/其中自然人申请 627 件', 'text.number_mismatch@text/法人或其他组织申请 30 件']);
  });
  it('table 1’s counts stated in the prose (「废止失效文件2件」) against 本年废止件数', () => {
    const found = readReportText(markdown.replace('废止失效文件2件', '废止失效文件3件')).model.findings.filter((f) => f.code === 'text.number_mismatch');
    expect(found.map((f) => [f.where, f.expected, f.found])).toEqual([['table1/normative/repealed', 2, 3]]);
  });
});

describe('section 六 and the 信息处理费 (国办公开办函〔2021〕30号: reported there)', () => {
  it('no statement of the fee: section.fee_missing, a warning; any statement (even 「未收取」) is enough', () => {
    const without = markdown.replace('2024年，全区行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费共计0元。', '无其他需要报告的事项。');
    const f = readReportText(without).model.findings.find((x) => x.code === 'section.fee_missing')!;
    expect([f.severity, f.where]).toEqual(['warning', 'section/other']);
    expect(codes(markdown)).not.toContain('section.fee_missing@section/other');
  });
});
