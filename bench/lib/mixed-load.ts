/**
 * The portal and application submission under load together (issue 8): two autocannon runs at the
 * same time against one real server on loopback — GET requests cycling over public pages, and
 * POST submissions (each with its own body) by signed-in clients. Used by bench/load.bench.ts
 * (full figures) and by test/integration/reliability/load.test.ts (a few seconds, zero errors).
 *
 * An "error" is a connection error, a timeout or any status other than 2xx — except 429, the
 * intended answer of a rate limit, counted separately.
 */
import autocannonUntyped from 'autocannon';

interface AcRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AcRequest) => AcRequest;
}
interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
  '2xx': number;
}
const autocannon = autocannonUntyped as unknown as (o: {
  url: string;
  duration: number;
  connections: number;
  workers?: number;
  timeout?: number;
  requests: AcRequest[];
}) => Promise<AcResult>;

export interface LoadFigures {
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  ok: number;
  rate_limited: number;
  /** Connection errors, timeouts and non-2xx answers other than 429. */
  errors: number;
  statuses: Record<string, number>;
}

function figures(r: AcResult): LoadFigures {
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = s.count;
  const rateLimited = statuses['429'] ?? 0;
  const bad = Object.entries(statuses)
    .filter(([code]) => !code.startsWith('2') && code !== '429')
    .reduce((a, [, n]) => a + n, 0);
  return {
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    ok: r['2xx'],
    rate_limited: rateLimited,
    errors: r.errors + r.timeouts + bad,
    statuses,
  };
}

export interface Submission {
  path: string;
  /** Cookie and CSRF headers of a signed-in client. */
  headers: Record<string, string>;
  /** A fresh JSON body for request number `n` (unique numbers, names…). */
  body(n: number): unknown;
}

export interface MixedLoadOptions {
  seconds: number;
  portalPaths: string[];
  portalConnections: number;
  submission?: Submission;
  submitConnections: number;
}

export async function mixedLoad(base: string, o: MixedLoadOptions): Promise<{ portal: LoadFigures; submit: LoadFigures | null }> {
  const portal = autocannon({
    url: base,
    duration: o.seconds,
    connections: o.portalConnections,
    timeout: 10,
    requests: o.portalPaths.map((path) => ({ method: 'GET', path })),
  });
  let n = 0;
  const s = o.submission;
  const submit = s
    ? autocannon({
        url: base,
        duration: o.seconds,
        connections: o.submitConnections,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: s.path,
            headers: { ...s.headers, 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: JSON.stringify(s.body(n++)) }),
          },
        ],
      })
    : Promise.resolve(null);
  const [p, q] = await Promise.all([portal, submit]);
  return { portal: figures(p), submit: q ? figures(q) : null };
}
