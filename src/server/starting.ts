/**
 * The server while it starts (`gongkai serve`): the port is open at once, and until the database is
 * ready (created, migrated, demo data loaded on a first start) every request is answered 503 with a
 * `Retry-After`: `/api/health` with `{"status":"starting","step":…,"done":…,"total":…}` (contracts.md
 * §4: 200 only once the server can take requests), other API routes with the JSON error format
 * (`starting`), pages with a short Chinese page that reloads itself. The terminal shows the same steps
 * (`StartupProgress.step`). When the application is ready, the same HTTP server hands every request
 * to it (Fastify's `serverFactory`).
 */
import http from 'node:http';

export class StartupProgress {
  label = '准备中';
  done = 0;
  total = 0;
  private started = performance.now();
  private stepStarted = performance.now();
  constructor(private readonly write: (line: string) => void) {}

  /** Starts step `label`: the previous one is done (its time printed). */
  step(label: string, total = this.total) {
    this.finishStep();
    this.total = total;
    this.label = label;
    this.stepStarted = performance.now();
    this.write(`  [${this.done + 1}/${this.total}] ${label}…`);
  }

  /** Ends the last step; returns the seconds since the start. */
  finish(): number {
    this.finishStep();
    return (performance.now() - this.started) / 1000;
  }

  private finishStep() {
    if (this.label === '准备中') return;
    this.write(` ${((performance.now() - this.stepStarted) / 1000).toFixed(1)} 秒\n`);
    this.done++;
    this.label = '准备中';
  }
}

const PAGE = (p: StartupProgress) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>正在启动 · Gongkai</title></head>` +
  `<body><main><h1>Gongkai 正在启动</h1><p>${p.label}（第 ${Math.min(p.done + 1, p.total)} 步，共 ${p.total} 步）。页面会自动刷新。</p></main></body></html>`;

/** An HTTP server that answers "starting" until `ready(handler)` hands it the application's handler. */
export function startingServer(progress: StartupProgress) {
  let handler: http.RequestListener | null = null;
  let pending: http.RequestListener | null = null;
  const server = http.createServer((req, res) => {
    if (handler) return handler(req, res);
    const url = req.url ?? '/';
    res.statusCode = 503;
    res.setHeader('Retry-After', '2');
    res.setHeader('Cache-Control', 'no-store');
    if (url === '/api/health' || url.startsWith('/api/health?')) {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ status: 'starting', step: progress.label, done: progress.done, total: progress.total }));
    } else if (url === '/api' || url.startsWith('/api/')) {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ error: { code: 'starting', message: '服务器正在启动，请稍后再试' } }));
    } else {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(PAGE(progress));
    }
  });
  return {
    server,
    /** Fastify's serverFactory: keeps the application's handler for `ready()`, returns this server. */
    factory: (appHandler: http.RequestListener) => {
      pending = appHandler;
      return server;
    },
    ready() {
      if (!pending) throw new Error('application handler missing');
      handler = pending;
    },
  };
}
