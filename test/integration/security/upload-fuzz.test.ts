/**
 * Issue 16: a fuzzing run of the upload routes (/api/audit and the /audit page) with generated bombs
 * — zips that inflate, XML and HTML nested deep, PDF page trees, huge texts, broken headers — of
 * random sizes and names. Never a 5xx, every refusal names its limit in Chinese, and /api/health
 * and the portal keep answering throughout.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxBomb, docxDeep, docxManyEntries, htmlDeep, hugeText, pdfBomb } from '../../support/bombs.ts';
import { multipart, postAudit, whileResponsive } from '../../support/responsive.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  process.env.GONGKAI_AUDIT_RATE_LIMIT = '100000';
  server = await startTestServer({ demo: false, auditPool: { threads: 1 } });
  delete process.env.GONGKAI_AUDIT_RATE_LIMIT;
});
afterAll(async () => {
  await server?.close();
});

type Maker = () => Promise<Uint8Array> | Uint8Array;
const bomb: fc.Arbitrary<{ what: string; make: Maker }> = fc.oneof(
  fc.integer({ min: 1, max: 16 }).map((mb) => ({ what: `docx +${mb} MB XML`, make: () => docxBomb(mb) })),
  fc.integer({ min: 100, max: 8_000 }).map((d) => ({ what: `docx nested ${d}`, make: () => docxDeep(d) })),
  fc.integer({ min: 1_000, max: 4_000 }).map((n) => ({ what: `zip of ${n} entries`, make: () => docxManyEntries(n) })),
  fc.integer({ min: 1, max: 3_000 }).map((p) => ({ what: `pdf of ${p} pages`, make: () => pdfBomb(p) })),
  fc.integer({ min: 10, max: 60_000 }).map((d) => ({ what: `html nested ${d}`, make: () => htmlDeep(d) })),
  fc.integer({ min: 1_000, max: 3_000_000 }).map((n) => ({ what: `text of ${n} chars`, make: () => hugeText(n) })),
  fc
    .tuple(fc.constantFrom('%PDF-1.7\n', 'PK\u0003\u0004', '<html><body>' + '<table>'.repeat(300)), fc.uint8Array({ maxLength: 4_000 }))
    .map(([head, tail]) => ({ what: `broken ${JSON.stringify(head.slice(0, 8))}`, make: () => Buffer.concat([Buffer.from(head, 'latin1'), tail]) })),
);

describe('fuzzing the upload routes with generated bombs', () => {
  it('never a 5xx, each refusal names a limit, and the server answers meanwhile', async () => {
    const seen: Array<{ what: string; status: number; ms: number }> = [];
    let worst = 0;
    await fc.assert(
      fc.asyncProperty(bomb, fc.constantFrom('/api/audit', '/audit'), fc.constantFrom('r.docx', 'r.pdf', 'r.html', 'r.txt', 'r'), async (b, route, name) => {
        const bytes = await b.make();
        const t = performance.now();
        const m = await whileResponsive(server.url, () => postAudit(server.url, multipart([{ name, bytes }]), route));
        const status = m.result.status;
        seen.push({ what: `${b.what} as ${name} to ${route}`, status, ms: Math.round(performance.now() - t) });
        worst = Math.max(worst, ...m.latencies);
        expect(status, `${b.what} → ${status} ${m.result.text.slice(0, 200)}`).toBeLessThan(500);
        expect([200, 413, 422]).toContain(status);
        if (route === '/api/audit' && status !== 200) expect(m.result.json().error.details.limit).toBeTruthy();
        if (status !== 200) expect(m.result.text).toMatch(/上限/);
        // A stall was minutes (issue 16); 20 s leaves room for a busy machine without hiding one.
        expect(Math.max(0, ...m.latencies)).toBeLessThan(20_000);
      }),
      { numRuns: 16, seed: 160016 },
    );
    console.log(JSON.stringify({ probe: 'upload fuzz', runs: seen.length, worstHealthOrPortalMs: Math.round(worst), byStatus: Object.fromEntries([200, 413, 422].map((s) => [s, seen.filter((x) => x.status === s).length])) }));
  }, 600_000);
});
