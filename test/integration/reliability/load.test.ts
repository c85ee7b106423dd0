/**
 * Under load, short form (issue 8): the real app on loopback, the public portal and submissions
 * together for a few seconds at a modest load (autocannon). Zero errors: every answer is a 2xx or
 * an intended 429. The full figures come from `npm run bench -- --only load` (bench/load.bench.ts).
 *
 * The submission is `POST /api/applications` by a signed-in applicant when the OpenAPI document
 * has it, and applicant registration (`POST /api/register`, an acknowledged insert) otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedLoad, type Submission } from '../../../bench/lib/mixed-load.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { example, loadRoutes, validIdNumber } from '../security/openapi.ts';
import { tableCounts } from '../../../src/db/backup.ts';

const SECONDS = Number(process.env.GONGKAI_LOAD_SECONDS ?? 3);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

export async function submissionFor(server: TestServer): Promise<{ submission: Submission; table: string }> {
  const routes = await loadRoutes(server.app);
  const apps = routes.find((r) => r.key === 'POST /api/applications');
  const client = server.client();
  const run = Date.now().toString(36);
  if (apps) {
    await client.login('zhangsan@applicant.demo');
    await client.fetchCsrf();
    const base = example(apps.body) as Record<string, unknown>;
    return {
      table: 'applications',
      submission: {
        path: '/api/applications',
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': client.csrfToken! },
        body: (n) => ({ ...base, subject: `负载测试申请 ${run}-${n}` }),
      },
    };
  }
  await client.fetchCsrf();
  return {
    table: 'users',
    submission: {
      path: '/api/register',
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': client.csrfToken! },
      body: (n) => ({
        applicantType: 'natural',
        name: `负载测试${n}`,
        email: `load-${run}-${n}@test.invalid`,
        idNumber: validIdNumber(n * 7 + 13),
        password: 'Load2024test',
      }),
    },
  };
}

describe('under load (short form)', () => {
  it('serves the portal and takes submissions together with zero errors', async () => {
    const { submission, table } = await submissionFor(server);
    const before = (await tableCounts(server.database.db))[table];
    const r = await mixedLoad(server.url, {
      seconds: SECONDS,
      portalPaths: ['/', '/agencies/220500-zsj', '/api/agencies', '/api/health'],
      portalConnections: 4,
      submission,
      submitConnections: 2,
    });
    console.log(`[load ${SECONDS}s] portal ${JSON.stringify(r.portal)}\n[load ${SECONDS}s] submit ${JSON.stringify(r.submit)}`);
    expect(r.portal.errors, JSON.stringify(r.portal.statuses)).toBe(0);
    expect(r.submit!.errors, JSON.stringify(r.submit!.statuses)).toBe(0);
    expect(r.portal.ok).toBeGreaterThan(SECONDS * 20);
    expect(r.submit!.ok).toBeGreaterThan(0);
    // Every acknowledged submission is stored (and nothing more).
    const after = (await tableCounts(server.database.db))[table];
    // (a request cut off by the end of the run may be stored without its answer being counted)
    expect(after - before).toBeGreaterThanOrEqual(r.submit!.ok);
    expect(after - before).toBeLessThanOrEqual(r.submit!.ok + 2);
  }, 120_000);
});
