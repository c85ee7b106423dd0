/** The one rule for redirects whose address comes from the request (src/server/redirects.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '../../../src/server/redirects.ts';

describe('safeRedirectPath', () => {
  it('keeps paths of this site, encoding non-ASCII', () => {
    expect(safeRedirectPath('/console')).toBe('/console');
    expect(safeRedirectPath('/my/applications?x=1#a')).toBe('/my/applications?x=1#a');
    expect(safeRedirectPath('/search?q=医保')).toBe('/search?q=%E5%8C%BB%E4%BF%9D');
  });
  it('refuses other sites and what a browser turns into one', () => {
    for (const bad of ['//evil.example', '/\\evil.example', '/\t/evil.example/phish', '/%09/evil.example', 'https://evil.example', 'evil', ' /x', '/a\\b', '/\u0000', '/%5c%5cevil', '', 42, null])
      expect(safeRedirectPath(bad), String(bad)).toBeNull();
  });
  it('refuses CR and LF with a 400', () => {
    for (const bad of ['/a\r\nSet-Cookie: x=1', '/a\n', '/a%0d%0aX: 1', '/%0A'])
      expect(() => safeRedirectPath(bad)).toThrow(expect.objectContaining({ statusCode: 400 }));
  });
  it('property: whatever it keeps, a browser resolves on this site', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        let kept: string | null;
        try {
          kept = safeRedirectPath(s);
        } catch {
          return;
        }
        if (kept === null) return;
        // the WHATWG URL parser is what browsers use: tabs and newlines dropped, backslashes as slashes
        expect(new URL(kept, 'https://gongkai.example/a/b').origin).toBe('https://gongkai.example');
      }),
      { numRuns: 2000 },
    );
  });
});
