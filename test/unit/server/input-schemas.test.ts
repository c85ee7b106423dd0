/**
 * The shared field helpers of the route schemas (src/app/schemas.ts) and the control-character
 * rule they share with the CSV imports (src/domain/text): a value the database would refuse (a NUL,
 * an id beyond int4) is refused here, with a Chinese message naming the field.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { codePointLabel, findControlCharacter } from '../../../src/domain/text/index.ts';
import { controlCharacterErrors } from '../../../src/domain/applications/csv.ts';
import {
  agencyCodeParam,
  agencyUpdateSchema,
  DB_INT_MAX,
  dbId,
  isDbId,
  loginSchema,
  optionalText,
  registerSchema,
  requiredText,
  textInput,
} from '../../../src/app/schemas.ts';
import { documentInputSchema, searchQuerySchema } from '../../../src/app/portal/schemas.ts';
import { onlineApplicationSchema } from '../../../src/app/applications/schemas.ts';
import { stepSchema } from '../../../src/app/steps/index.ts';
import { parseCalendarImport } from '../../../src/domain/calendar/import.ts';

const messages = (r: { success: boolean; error?: z.ZodError }) => (r.success ? [] : r.error!.issues.map((i) => i.message));
/** C0 controls and DEL other than tab, line feed, carriage return. */
const controlChar = fc.constantFrom(...[...Array(32).keys(), 127].filter((c) => ![9, 10, 13].includes(c)).map((c) => String.fromCharCode(c)));

describe('findControlCharacter', () => {
  it('finds NUL, the other C0 controls and DEL anywhere', () => {
    expect(findControlCharacter('a\u0000b')).toBe('\u0000');
    expect(findControlCharacter('\u001f')).toBe('\u001f');
    expect(findControlCharacter('x\u007f')).toBe('\u007f');
    expect(findControlCharacter('通化市\u0008')).toBe('\u0008');
  });
  it('allows tab and line breaks only in multi-line text, and at the ends of a single line (trimmed)', () => {
    expect(findControlCharacter('第一行\n第二行')).toBe('\n');
    expect(findControlCharacter('第一行\r\n第二行', true)).toBeUndefined();
    expect(findControlCharacter('a\tb')).toBe('\t');
    expect(findControlCharacter('a\tb', true)).toBeUndefined();
    expect(findControlCharacter(' 通化市\r\n')).toBeUndefined();
  });
  it('leaves ordinary text alone: CJK (also beyond the BMP), full-width digits, punctuation', () => {
    for (const s of ['通化市政务服务和数字化建设管理局', '通政发〔2024〕1号', '𠀀𠀁𪚥', '１３８００００００００', '\u202e\u200b\ufeff', '']) expect(findControlCharacter(s)).toBeUndefined();
  });
  it('property: a text holds a control character exactly when one was put into it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), controlChar, fc.nat(), (s, c, at) => {
        const clean = s.replace(/[\u0000-\u001f\u007f]/g, '');
        expect(findControlCharacter(clean, true)).toBeUndefined();
        const i = at % (clean.length + 1);
        expect(findControlCharacter(clean.slice(0, i) + c + clean.slice(i), true)).toBe(c);
      }),
    );
  });
  it('the CSV imports name the character the same way', () => {
    expect(codePointLabel('\u0000')).toBe('U+0000');
    expect(controlCharacterErrors({ line: 2, values: { title: 'a\u0000b', body: '第一行\n第二行' } } as never, ['body'])).toEqual([
      '列「title」含有不允许的控制字符（U+0000），请删除后再导入',
    ]);
  });
});

describe('textInput / requiredText / optionalText', () => {
  it('refuses a control character with a message naming the field', () => {
    expect(messages(textInput('标题').safeParse('通知\u0000'))).toEqual(['标题不能包含控制字符']);
    expect(messages(requiredText('标题', 300).safeParse('a\u0001b'))).toEqual(['标题不能包含控制字符']);
    expect(messages(optionalText('文号', 100).safeParse('\u007f'))).toEqual(['文号不能包含控制字符']);
  });
  it('trims, requires and limits the length with the field’s own messages', () => {
    expect(requiredText('标题', 5).parse('  通知  ')).toBe('通知');
    expect(messages(requiredText('标题', 5).safeParse('   '))).toEqual(['请填写标题']);
    expect(messages(requiredText('标题', 5).safeParse(undefined))).toEqual(['请填写标题']);
    expect(messages(requiredText('标题', 5).safeParse('六个字的标题'))).toEqual(['标题不能超过5个字']);
    expect(optionalText('文号', 5).parse(undefined)).toBeUndefined();
  });
  it('multi-line free text keeps its line breaks; a single line may not hold one', () => {
    expect(requiredText('理由', 500, { multiline: true }).parse('第一，\n第二。')).toBe('第一，\n第二。');
    expect(messages(requiredText('姓名', 50).safeParse('张\n三'))).toEqual(['姓名不能包含控制字符']);
  });
  it('property: any text without control characters within the limit is accepted unchanged but for trimming', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (s) => {
        const clean = s.replace(/[\u0000-\u001f\u007f]/g, '');
        const r = optionalText('备注', 200, { multiline: true }).safeParse(clean);
        expect(r.success).toBe(true);
        expect(r.data).toBe(clean.trim());
      }),
    );
  });
  it('property: a control character anywhere is refused, never passed on', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), controlChar, fc.string({ maxLength: 20 }), (a, c, b) => {
        const field = textInput('名称', { multiline: true });
        // Inside the text: refused.
        expect(field.safeParse(`x${a}${c}${b}x`).success).toBe(false);
        // At its ends \v and \f are whitespace that trimming removes: accepted only without it.
        const r = field.safeParse(`${a}${c}${b}`);
        if (r.success) expect(findControlCharacter(r.data, true)).toBeUndefined();
      }),
    );
  });
});

describe('dbId (an id of an int4 serial column)', () => {
  it('accepts 1 to 2147483647, from a path (text) or a JSON body (number)', () => {
    expect(dbId('申请编号').parse('1')).toBe(1);
    expect(dbId('申请编号').parse(String(DB_INT_MAX))).toBe(DB_INT_MAX);
    expect(dbId('承办人编号', { coerce: false }).parse(7)).toBe(7);
  });
  it('refuses what the database cannot hold, naming the field', () => {
    expect(messages(dbId('申请编号').safeParse('2147483648'))).toEqual(['申请编号超出范围']);
    expect(messages(dbId('申请编号').safeParse('99999999999'))).toEqual(['申请编号超出范围']);
    expect(messages(dbId('申请编号').safeParse('0'))).toEqual(['申请编号应为正整数']);
    expect(messages(dbId('申请编号').safeParse('1.5'))).toEqual(['申请编号应为整数']);
    expect(dbId('申请编号').safeParse('abc').success).toBe(false);
    expect(messages(dbId('承办人编号', { coerce: false }).safeParse(2 ** 31))).toEqual(['承办人编号超出范围']);
    expect(dbId('承办人编号', { coerce: false }).safeParse('7').success).toBe(false);
  });
  it('property: dbId accepts exactly the ids isDbId accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, DB_INT_MAX, DB_INT_MAX + 1, 2 ** 53, 1e20)), (n) => {
        expect(dbId('编号', { coerce: false }).safeParse(n).success).toBe(isDbId(n));
      }),
    );
  });
});

describe('the route schemas that let such values through before (former gaps)', () => {
  it('agency code in a path or query: control characters refused, anything else left to the 404', () => {
    expect(messages(agencyCodeParam().safeParse('\u0000'))).toEqual(['机关代码不能包含控制字符']);
    expect(agencyCodeParam().parse('不存在的机关')).toBe('不存在的机关');
    expect(messages(searchQuerySchema.safeParse({ agency: 'a\u0000b' }))).toEqual(['机关代码不能包含控制字符']);
    expect(messages(searchQuerySchema.safeParse({ q: '通知\u0000' }))).toEqual(['搜索词不能包含控制字符']);
  });
  it('login, register, agency office fields', () => {
    expect(messages(loginSchema.safeParse({ login: '\u0000', password: 'x' }))).toEqual(['登录账号不能包含控制字符']);
    const reg = registerSchema.safeParse({ applicantType: 'natural', name: '张\u0000三', phone: '13800000000', idNumber: '11010519491231002X', password: 'Kfz8mPq2Lw' });
    expect(messages(reg)).toContain('姓名或名称不能包含控制字符');
    expect(messages(agencyUpdateSchema.safeParse({ name: '通化市', officeAddress: '东昌区\u0000' }))).toEqual(['办公地址不能包含控制字符']);
  });
  it('applications, steps and documents', () => {
    const apply = onlineApplicationSchema.safeParse({ agencyCode: '220500-zsj', subject: '预算\u0000', provisionForm: '纸质', deliveryMethod: '邮寄' });
    expect(messages(apply)).toEqual(['所需政府信息的名称不能包含控制字符']);
    expect(messages(stepSchema.safeParse({ step: 'assign', handlerUserId: 2 ** 31 }))).toEqual(['承办人编号超出范围']);
    expect(messages(stepSchema.safeParse({ step: 'correction_request', items: ['身份证明\u0000'] }))).toEqual(['补正事项不能包含控制字符']);
    expect(stepSchema.safeParse({ step: 'extension_request', reason: '需要征求第三方意见，\n且涉及多个部门' }).success).toBe(true);
    expect(messages(documentInputSchema.safeParse({ title: '通知\u0000' }))).toEqual(['标题不能包含控制字符']);
    expect(messages(documentInputSchema.safeParse({ title: '通知', body: '正文\u0000' }))).toEqual(['正文不能包含控制字符']);
    expect(documentInputSchema.safeParse({ title: '通知', body: '第一条\n\t第二条' }).success).toBe(true);
  });
  it('the calendar file: a holiday name or a notice with a control character (was SQLSTATE 22P05 in the JSON column)', () => {
    const file = (name: string, number: string) =>
      JSON.stringify({ year: 2031, source: { notice: { number, title: '国务院办公厅关于2031年部分节假日安排的通知' } }, holidays: [{ date: '2031-01-01', name }], workdays: [] });
    expect(parseCalendarImport(file('元\u0000旦', '国办发明电〔2030〕1号'), {})).toEqual({ ok: false, errors: ['放假日·第1条·名称：节日名称不能包含控制字符'] });
    const notice = parseCalendarImport(file('元旦', '国办发明电\u0000'), {});
    expect(notice.ok).toBe(false);
    expect(JSON.stringify(notice)).toContain('文号不能包含控制字符');
    expect(parseCalendarImport(file('元旦', '国办发明电〔2030〕1号'), {}).ok).toBe(true);
  });
});
