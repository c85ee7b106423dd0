// autocannon ships no types; the part the benchmarks use.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p99: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    non2xx: number;
    errors: number;
  }
  interface Options {
    url: string;
    duration?: number;
    connections?: number;
    workers?: number;
    amount?: number;
    /** Cycled through by every connection (paths relative to `url`). */
    requests?: Array<{ method?: string; path: string }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
