/** The stable error codes (src/app/error-codes.ts): one list, consistent with the HTTP statuses it names. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeOfStatus, ERROR_CODES, errorCodesMarkdown, isErrorCode, LISTED_ERROR_CODES, ruleCode } from '../../../src/app/error-codes.ts';
import { statusMessage } from '../../../src/app/errors.ts';

describe('error codes', () => {
  it('are snake_case, each with a 4xx/5xx status and a Chinese message', () => {
    for (const code of LISTED_ERROR_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      const { status, message } = ERROR_CODES[code];
      expect(status >= 400 && status < 600, code).toBe(true);
      expect(message, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a framework status maps to a listed code of that status (or the nearest fallback)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), (status) => {
        const code = codeOfStatus(status);
        expect(LISTED_ERROR_CODES).toContain(code);
        const listed = ERROR_CODES[code].status;
        expect(listed === status || (status >= 500 ? listed >= 500 : listed === 400)).toBe(true);
        expect(statusMessage(status)).toEqual([code, ERROR_CODES[code].message]);
      }),
    );
  });

  it('a domain rule code passes as itself; anything else is made a rule code, never an unlisted bare code', () => {
    expect(ruleCode('extension.twice')).toBe('extension.twice');
    expect(ruleCode('not_found')).toBe('not_found');
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,12}$/), (bare) => {
        const code = ruleCode(bare);
        expect(isErrorCode(code)).toBe(true);
        if (!(bare in ERROR_CODES)) expect(code).toBe(`rule.${bare}`);
      }),
    );
  });

  it('the README table has one row per code and one per rule area', () => {
    const rows = errorCodesMarkdown().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(LISTED_ERROR_CODES.length);
    for (const code of LISTED_ERROR_CODES) expect(rows.filter((r) => r.startsWith(`| \`${code}\` |`))).toHaveLength(1);
  });
});
