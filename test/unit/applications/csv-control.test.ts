/** Control characters in the applications / appeals CSV are refused, naming the line and the column (issue 8 fuzzing). */
import { describe, expect, it } from 'vitest';
import { controlCharacterErrors, validateAppealRecords, validateApplicationRecords, type CsvRecord } from '../../../src/domain/applications/index.ts';
import { defaultCalendar } from '../../../src/domain/calendar/index.ts';

const good = {
  agency_code: '220500-zsj',
  number: '202400001',
  applicant_type: 'natural',
  channel: 'in_person',
  received_date: '2024-03-04',
  decided_date: '2024-03-20',
  outcome: 'public',
};
const opts = { knownAgencies: new Set(['220500-zsj']), existing: new Set<string>(), calendar: defaultCalendar };

describe('control characters in an import', () => {
  it('a clean row passes', () => {
    expect(validateApplicationRecords([{ line: 2, values: good }], opts).errors).toEqual([]);
  });

  it.each([
    ['subject', '某文件\u0000'],
    ['applicant_name', '张\u0007三'],
    ['number', '2024\u007f0001'],
    ['outcome', 'public\u001b'],
  ])('refuses %s with a control character, naming the line and the column', (column, value) => {
    const { rows, errors } = validateApplicationRecords([{ line: 2, values: good }, { line: 3, values: { ...good, number: '202400002', [column]: value } }], opts);
    expect(rows).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(3);
    expect(errors[0].message).toContain(`列「${column}」含有不允许的控制字符`);
  });

  it('a line break is meaningful in the subject (a quoted multi-line cell), not in a code or a name', () => {
    const r = (values: Record<string, string>): CsvRecord => ({ line: 5, values });
    expect(controlCharacterErrors(r({ subject: '第一行\n第二行\t附表' }), ['subject'])).toEqual([]);
    expect(controlCharacterErrors(r({ applicant_name: '张\n三' }), ['subject'])).toEqual(['列「applicant_name」含有不允许的控制字符（U+000A），请删除后再导入']);
    expect(controlCharacterErrors(r({ subject: '含\u0000空字符' }), ['subject'])[0]).toContain('U+0000');
  });

  it('appeals: the same rule', () => {
    const appeal = { agency_code: '220500-zsj', number: '（2024）吉05行初1号\u0000', kind: 'reconsideration', filed_date: '2024-05-01', concluded_date: '', result: 'pending' };
    const { errors } = validateAppealRecords([{ line: 4, values: appeal }], { knownAgencies: opts.knownAgencies, existing: new Set(), applications: new Set() });
    expect(errors[0].line).toBe(4);
    expect(errors[0].message).toContain('列「number」含有不允许的控制字符（U+0000）');
  });
});
