/**
 * Measuring that the server keeps answering while it works on something hostile: `whileResponsive`
 * polls /api/health and the portal's home page during `work` and samples the main thread's heap.
 */
import { expect } from 'vitest';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function multipart(files: Array<{ name: string; bytes: Uint8Array }>): FormData {
  const fd = new FormData();
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return fd;
}

export interface Measured<T> {
  result: T;
  /** Latency of every /api/health and portal answer taken while the work ran, ms. */
  latencies: number[];
  /** Highest heapUsed of the main thread seen meanwhile, minus the level before, MB. */
  heapGrowthMb: number;
  rssMb: number;
}

/** Runs `work` while polling /api/health and the portal's home page, and sampling the main heap. */
export async function whileResponsive<T>(base: string, work: () => Promise<T>): Promise<Measured<T>> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  let rssPeak = 0;
  const latencies: number[] = [];
  let done = false;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 20);
  const poll = (async () => {
    while (!done) {
      for (const p of ['/api/health', '/']) {
        const t = performance.now();
        const res = await fetch(base + p);
        await res.text();
        latencies.push(performance.now() - t);
        expect(res.status).toBe(200);
      }
      await sleep(50);
    }
  })();
  try {
    const result = await work();
    return { result, latencies, heapGrowthMb: (heapPeak - heapBefore) / 2 ** 20, rssMb: rssPeak / 2 ** 20 };
  } finally {
    done = true;
    clearInterval(sampler);
    await poll;
  }
}

export async function postAudit(base: string, body: FormData | string, pathname = '/api/audit') {
  const res = await fetch(base + pathname, { method: 'POST', body, headers: typeof body === 'string' ? { 'content-type': 'application/json' } : {} });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

