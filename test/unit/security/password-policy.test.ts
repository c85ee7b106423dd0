/** The password policy (src/app/password-policy.ts): length and known-bad lists, not character classes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../../src/app/password-policy.ts';

describe('passwordProblem', () => {
  it('accepts long passwords whatever their characters, the demo password included', () => {
    for (const p of ['Gongkai2024!', 'correct horse battery staple', '我家门前有两棵枣树呢', 'lanternfishes', 'Kfz8mPq2Lw']) expect(passwordProblem(p), p).toBeNull();
  });
  it('refuses short, common, keyboard and repeated passwords', () => {
    for (const p of ['password1', 'Password123!', '1qaz2wsx3edc', 'qwertyuiop', 'QWERTYUIOP1', '1234567890', '0987654321', 'asdfghjkl;', 'woaini1314', 'aaaaaaaaaa', 'abababababab', 'zaq12wsxcde', 'a123456789', '5201314520'])
      expect(passwordProblem(p), p).not.toBeNull();
  });
  it('refuses the person’s own identifiers', () => {
    const own = { email: 'zhangsan@example.com', phone: '13812345678', idNumber: '11010519491231002X', name: '张三丰' };
    for (const p of ['zhangsan2024!', 'x13812345678', 'id11010519491231002x', '张三丰的密码很长很长啊', 'my31002X-pass'])
      expect(passwordProblem(p, own), p).toMatch(/不能包含/);
    expect(passwordProblem('Gongkai2024!', own)).toBeNull();
  });
  it('property: length decides below the minimum; no character class is ever required', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: MIN_PASSWORD_LENGTH - 1 }), (p) => {
        expect(passwordProblem(p)).toMatch(/至少需要10位/);
      }),
    );
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{14,20}$/), (p) => {
      const problem = passwordProblem(p);
      if (problem) expect(problem).toMatch(/常见|连续/);
    }));
  });
});
