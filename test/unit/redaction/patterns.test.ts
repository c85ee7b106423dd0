import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idNumberCheckChar } from '../../../src/domain/identity/index.ts';
import { describeString, findPersonalNumbers, luhnValid } from '../../../src/domain/redaction/index.ts';

const kinds = (text: string) => findPersonalNumbers(text).map((h) => [h.kind, h.text, h.certainty]);

/** A valid 居民身份证号码 from a region, a birth date and a sequence number. */
const idNumber = fc
  .tuple(
    fc.constantFrom('110105', '220502', '310101', '440305', '650102'),
    fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([region, date, seq]) => {
    const body = `${region}${date.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return body + idNumberCheckChar(body);
  });

const mobile = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.integer({ min: 0, max: 999_999_999 })).map(([p, n]) => `${p}${String(n).padStart(9, '0')}`);

/** Chinese prose without digits or Latin letters (so it cannot join a number). */
const prose = fc.array(fc.constantFrom(...'申请人住址联系电话为，。公民身份号码的政府信息公开'), { maxLength: 12 }).map((a) => a.join(''));

describe('公民身份号码 (GB 11643 check character, src/domain/identity)', () => {
  it('finds a valid number anywhere in prose, exactly, as checked', () => {
    fc.assert(
      fc.property(prose, idNumber, prose, (a, id, b) => {
        const hits = findPersonalNumbers(`${a}${id}${b}`);
        expect(hits).toEqual([{ kind: 'id_number', start: a.length, end: a.length + 18, text: id, value: id, certainty: 'checked', basis: 'privacy' }]);
      }),
    );
  });

  it('proposes a number with a wrong check character as a mere shape, and a lower-case x and full-width digits', () => {
    expect(kinds('号码110105194912310021。')).toEqual([['id_number', '110105194912310021', 'shape']]);
    expect(kinds('号码11010519491231002x。')).toEqual([['id_number', '11010519491231002x', 'checked']]);
    expect(kinds('号码２２０５０２１９９００１０１１２３０。')).toEqual([['id_number', '２２０５０２１９９００１０１１２３０', 'checked']]);
    expect(kinds('号码220502 19900101 1230。')).toEqual([['id_number', '220502 19900101 1230', 'checked']]);
  });

  it('does not take part of a longer number, or a date-less run of 18 digits', () => {
    expect(kinds('编号1220502199001011230号')).toEqual([]);
    expect(kinds('编号220502199013011230号')).toEqual([]); // 13th month
    expect(kinds('订单号ABC220502199001011230')).toEqual([]);
  });

  it('proposes a 15-digit old number whose birth date exists', () => {
    expect(kinds('旧证号220502900101123')).toEqual([['id_number', '220502900101123', 'shape']]);
    expect(kinds('旧证号220502901301123')).toEqual([]);
  });
});

describe('手机号码', () => {
  it('finds 11-digit mobile numbers, grouped or with +86', () => {
    fc.assert(
      fc.property(prose, mobile, prose, (a, m, b) => {
        expect(kinds(`${a}${m}${b}`)).toEqual([['mobile', m, 'checked']]);
      }),
    );
    expect(kinds('手机138-1234-5678，或 +86 138 1234 5678。')).toEqual([
      ['mobile', '138-1234-5678', 'checked'],
      ['mobile', '+86 138 1234 5678', 'checked'],
    ]);
  });

  it('leaves fixed lines, years and 12-digit numbers alone', () => {
    expect(kinds('电话0435-3201234，2023年，编号123456789012')).toEqual([]);
    expect(kinds('12812345678')).toEqual([]); // 12x is not a mobile prefix
  });

  it('splits two numbers printed side by side', () => {
    expect(kinds('13812345678 220502199001011230')).toEqual([
      ['mobile', '13812345678', 'checked'],
      ['id_number', '220502199001011230', 'checked'],
    ]);
  });
});

describe('银行账号', () => {
  it('Luhn: the check digit of card numbers', () => {
    expect(luhnValid('6222021234567890128')).toBe(true);
    expect(luhnValid('6222021234567890127')).toBe(false);
    expect(luhnValid('4111111111111111')).toBe(true);
    fc.assert(
      fc.property(fc.stringMatching(/^\d{15,18}$/), (body) => {
        const ok = [...'0123456789'].filter((d) => luhnValid(body + d));
        expect(ok.length).toBe(1);
      }),
    );
  });

  it('finds a card number that passes Luhn, grouped by four, and an account named as such', () => {
    expect(kinds('卡号6222 0212 3456 7890 128。')).toEqual([['bank_account', '6222 0212 3456 7890 128', 'checked']]);
    expect(kinds('开户银行账号：0714 0101 0400 1234 5，')).toEqual([['bank_account', '0714 0101 0400 1234 5', 'shape']]);
    expect(kinds('文号20230000000000001')).toEqual([]); // 17 digits, fails Luhn, no account word
  });
});

describe('describeString', () => {
  it('names a string that is one personal number, and nothing else', () => {
    expect(describeString('220502199001011230')).toBe('公民身份号码');
    expect(describeString(' 13812345678 ')).toBe('手机号码');
    expect(describeString('6222021234567890128')).toBe('银行账号');
    expect(describeString('张三')).toBeUndefined();
    expect(describeString('电话13812345678')).toBeUndefined();
  });
});
