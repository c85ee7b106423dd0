/**
 * The password policy (a named policy: the Regulations say nothing of passwords). By length and by
 * lists of known-bad passwords, not by character classes (NIST SP 800-63B §5.1.1.2: classes make
 * passwords harder to remember, not to guess):
 *
 * - at least MIN_PASSWORD_LENGTH (10) characters, at most 128;
 * - not a common password (the lists leaked passwords are guessed from, Chinese ones included:
 *   `password1`, `5201314…`, `woaini1314`), compared case-insensitively and with the digits and
 *   punctuation at its end taken off (`Password2024!` is `password`);
 * - not a run of one key-row or of the alphabet or digits (`qwertyuiop`, `1qaz2wsx3edc`, `1234567890`,
 *   `asdfghjkl;`) nor one character or pair repeated;
 * - not containing the person's own identifiers (e-mail name, phone, ID number, name).
 *
 * `passwordProblem` returns the reason in Chinese, or null when the password is acceptable.
 */
export const MIN_PASSWORD_LENGTH = 10;
/** What a form says under a new-password field. */
export const PASSWORD_HINT = `至少${MIN_PASSWORD_LENGTH}位，可以是一句好记的话；不要用常见密码、键盘上的连续按键，或自己的手机号码、证件号码`;
export const MAX_PASSWORD_LENGTH = 128;

/** Common passwords (lower case), and the stems that stay when digits and punctuation are taken off their end. */
const COMMON = new Set(
  `password passw0rd password1 password12 password123 p@ssw0rd p@ssword admin admin123 administrator root
  iloveyou iloveyou1 welcome welcome1 letmein monkey dragon master sunshine princess football baseball
  qwerty qwerty123 qwertyui qwertyuiop qwer1234 asdf1234 zxcv1234 abc123 abcd1234 abc123456 a123456 a12345678
  a123456789 aa123456 aa12345678 qq123456 qq5201314 woaini woaini1314 woaini520 5201314 520520 1314520
  wangyan zhang123 huang123 liu123456 li123456 wang123456 zhangwei wangwei lilei hanmeimei
  123456 1234567 12345678 123456789 1234567890 0123456789 987654321 9876543210 11111111 111111111 1111111111
  00000000 000000000 0000000000 88888888 888888888 8888888888 66666666 666666666 6666666666 147258369 159357
  123123 123123123 123321 112233 11223344 121212 123qwe 123qweasd 123qweasdzxc qweasd qweasdzxc 1qaz2wsx
  1qaz2wsx3edc 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y zaq12wsx zaq1xsw2 !qaz2wsx qazwsx qazwsxedc asdfghjkl
  zxcvbnm zxcvbnm123 zhengwu xinxigongkai changeme secret secret123 test123 test1234
  user123 guest trustno1 superman batman starwars shadow michael computer internet`.split(/\s+/).filter(Boolean),
);

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl;', 'zxcvbnm,./', 'abcdefghijklmnopqrstuvwxyz'];
/** The keyboard's columns walked down, up, and down-and-up (1qaz2wsx…, zaq1xsw2…, zaq12wsx…): the pattern of many Chinese passwords. */
const COLUMNS = ['1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/', 'zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0', 'zaq12wsxcde34rfvbgt56yhnmju78ik,.lo90p;/', '1qazxsw23edcvfr45tgbnhy67ujm,ki89ol./;p0'];

function isSequence(p: string): boolean {
  if (p.length < 6) return false;
  for (const line of [...ROWS, ...COLUMNS]) {
    for (const s of [line, [...line].reverse().join('')]) if (s.includes(p)) return true;
  }
  // one character or one pair repeated: aaaaaaaaaa, abababab
  return /^(.)\1+$/.test(p) || /^(..)\1+$/.test(p) || /^(...)\1+$/.test(p);
}

export interface OwnIdentifiers {
  email?: string | null;
  phone?: string | null;
  idNumber?: string | null;
  creditCode?: string | null;
  name?: string | null;
}

/** The reason the password is refused (Chinese), or null. */
export function passwordProblem(password: string, own: OwnIdentifiers = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少需要${MIN_PASSWORD_LENGTH}位（可以用一句容易记住的话）`;
  if (password.length > MAX_PASSWORD_LENGTH) return `密码不能超过${MAX_PASSWORD_LENGTH}位`;
  const p = password.toLowerCase();
  const stem = p.replace(/[\d\W_]+$/u, '');
  const core = p.replace(/[\W_]+/gu, '');
  // a common password with up to four characters added (5201314 + 520, password + 1234)
  const commonStart = [...Array(4).keys()].some((k) => p.length - k - 1 >= 6 && COMMON.has(p.slice(0, p.length - k - 1)));
  if (commonStart || COMMON.has(p) || COMMON.has(stem) || COMMON.has(core) || isSequence(p) || isSequence(core) || (stem.length >= 4 && isSequence(stem)))
    return '这个密码太常见或是键盘上的连续按键，容易被猜中，请换一个';
  const ids = [own.email?.split('@')[0], own.email, own.phone, own.idNumber, own.creditCode, own.name]
    .map((s) => (s ?? '').trim().toLowerCase())
    .filter((s) => s.length >= 4 || (s.length >= 2 && /[^\u0000-\u00ff]/.test(s)));
  for (const id of ids) if (p.includes(id)) return '密码不能包含您的手机号码、电子邮箱、证件号码或姓名';
  if (own.idNumber && own.idNumber.length >= 6 && p.includes(own.idNumber.slice(-6).toLowerCase())) return '密码不能包含您的证件号码';
  return null;
}
