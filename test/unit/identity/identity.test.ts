import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkCreditCode,
  checkIdNumber,
  creditCodeCheckChar,
  idNumberCheckChar,
  maskAddress,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
  USCC_CHARSET,
} from '../../../src/domain/identity/index.ts';

describe('居民身份证号码 (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it('accepts well-known valid numbers, including a check character X', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber(' 220502199001011230 ')).toEqual({ ok: true, value: '220502199001011230' });
  });

  it('computes the check character by the standard weights', () => {
    // Σ a_i·W_i for 11010519491231002 = 167; 167 mod 11 = 2 → 'X'.
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('22050219900101123')).toBe('0');
  });

  it('refuses a wrong check digit with a Chinese message', () => {
    const r = checkIdNumber('110105194912310021');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('校验位不正确');
  });

  it('refuses a birth date that does not exist', () => {
    // 1990-02-30 does not exist; compute a correct check digit so only the date is wrong.
    const body = '22050219900230123';
    const r = checkIdNumber(body + idNumberCheckChar(body));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('出生日期');
    const leapOk = '22050220000229123';
    expect(checkIdNumber(leapOk + idNumberCheckChar(leapOk)).ok).toBe(true);
    const leapBad = '22050219000229123';
    expect(checkIdNumber(leapBad + idNumberCheckChar(leapBad)).ok).toBe(false);
  });

  it('refuses a birth date after today when today is given', () => {
    const body = '22050220300101123';
    const id = body + idNumberCheckChar(body);
    expect(checkIdNumber(id).ok).toBe(true);
    expect(checkIdNumber(id, '2026-01-01').ok).toBe(false);
  });

  it('refuses wrong lengths, letters, old 15-digit numbers and unknown provinces', () => {
    const msg = (v: string) => {
      const r = checkIdNumber(v);
      return r.ok ? '' : r.message;
    };
    expect(msg('')).toBe('请填写居民身份证号码');
    expect(msg('1101051949123100')).toContain('18位');
    expect(msg('110105491231002')).toContain('15位');
    expect(msg('1101051949123100AX')).toContain('前17位应为数字');
    const body = '00010519491231002';
    expect(msg(body + idNumberCheckChar(body))).toContain('省级行政区划代码');
  });

  it('property: every generated number with its computed check character passes; any one changed digit fails', () => {
    const province = fc.constantFrom('11', '22', '31', '44', '65', '81');
    const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(
        province,
        fc.integer({ min: 0, max: 9999 }),
        date,
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (p, region, d, seq, pos, delta) => {
          const ymd = d.toISOString().slice(0, 10).replaceAll('-', '');
          const body = `${p}${String(region).padStart(4, '0')}${ymd}${String(seq).padStart(3, '0')}`;
          const id = body + idNumberCheckChar(body);
          expect(checkIdNumber(id).ok).toBe(true);
          // A single-digit substitution in the sequence code or check character always changes the sum mod 11.
          const i = 14 + (pos % 3);
          const changed = id.slice(0, i) + String((Number(id[i]) + delta) % 10) + id.slice(i + 1);
          expect(checkIdNumber(changed).ok).toBe(false);
        },
      ),
    );
  });
});

describe('统一社会信用代码 (GB 32100-2015, MOD 31)', () => {
  it('accepts valid codes', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(checkCreditCode('91220502ma17kg8q08')).toEqual({ ok: true, value: '91220502MA17KG8Q08' });
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('refuses a wrong check character', () => {
    const r = checkCreditCode('91350100M000100Y44');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('校验位不正确');
  });

  it('refuses the letters I, O, Z, S, V, wrong lengths and a non-numeric region code', () => {
    for (const bad of ['91350100M000100I43', '91350100M000100O43', '91350100M000100Z43', '91350100M000100S43', '91350100M000100V43']) {
      const r = checkCreditCode(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('不允许的字符');
    }
    const short = checkCreditCode('91350100M000100Y4');
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.message).toContain('18位');
    const body = '913A0100M000100Y4';
    const r = checkCreditCode(body + creditCodeCheckChar(body));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('行政区划码');
  });

  it('property: a computed check character passes and any single substitution fails', () => {
    const ch = fc.constantFrom(...USCC_CHARSET.split(''));
    fc.assert(
      fc.property(
        ch,
        ch,
        fc.integer({ min: 0, max: 999999 }),
        fc.array(ch, { minLength: 9, maxLength: 9 }),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (a, b, region, rest, pos, delta) => {
          const body = `${a}${b}${String(region).padStart(6, '0')}${rest.join('')}`;
          const code = body + creditCodeCheckChar(body);
          expect(checkCreditCode(code).ok).toBe(true);
          if (pos >= 2 && pos < 8) return; // region digits: a letter there is refused for another reason
          const v = (USCC_CHARSET.indexOf(code[pos]) + delta) % 31;
          const changed = code.slice(0, pos) + USCC_CHARSET[v] + code.slice(pos + 1);
          expect(checkCreditCode(changed).ok).toBe(false);
        },
      ),
    );
  });
});

describe('masking', () => {
  it('masks an ID number keeping the first and last four', () => {
    expect(maskIdNumber('220502199001011234')).toBe('2205**********1234');
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1234')).toBe('****');
  });
  it('masks a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0435-3201234')).toBe('0435****1234');
  });
  it('masks an address after its administrative divisions', () => {
    expect(maskAddress('吉林省通化市东昌区新华大街123号')).toBe('吉林省通化市东昌区****');
    expect(maskAddress('北京市海淀区中关村大街1号')).toBe('北京市海淀区****');
    expect(maskAddress('新华大街123号')).not.toContain('123');
  });
  it('masks names and e-mail addresses', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
  });
});
