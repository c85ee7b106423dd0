/**
 * HTTP load with autocannon on loopback, and the ceiling it is compared with: a bare Fastify
 * server (no plugin) answering a constant body of the same size and content type.
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { round } from './harness.ts';

export interface Load {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export async function load(url: string, seconds: number, connections = 10): Promise<Load> {
  const r = await autocannon({ url, duration: seconds, connections, workers: 1 });
  return {
    rps: round(r.requests.average, 0),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** A bare Fastify server on 127.0.0.1 answering `body` with `contentType` at /. */
export async function constantServer(body: Buffer, contentType: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', (_req, reply) => {
    reply.header('content-type', contentType).send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => app.close() };
}
