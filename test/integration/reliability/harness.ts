/**
 * Helpers of the reliability tests: the real server as a child process (`node bin/gongkai.mjs
 * serve`), fresh PostgreSQL databases, valid applicant identities, and a minimal HTTP client per
 * simulated user (its own cookies and CSRF token).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { idNumberCheckChar } from '../../../src/domain/identity/index.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote (stdout + stderr). */
  output(): string;
  /** kill -9: no shutdown hook runs. */
  crash(): Promise<void>;
  /** SIGTERM: the server closes its database and exits. */
  stop(): Promise<void>;
}

export interface ServerEnv {
  dataDir?: string;
  databaseUrl?: string;
  extra?: Record<string, string>;
  /** More arguments of `gongkai serve` (e.g. `--workers 2`). */
  args?: string[];
  /** Run src/cli.ts through tsx rather than the build in dist/. */
  fromSources?: boolean;
}

/** Starts `gongkai serve` on a free loopback port and waits for its "已启动" line. */
export async function startServerProcess(where: ServerEnv, timeoutMs = 120_000): Promise<ServerProcess> {
  // Every simulated client registers from 127.0.0.1: lift the per-address registration limit (issue 16).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    GONGKAI_REGISTER_RATE_LIMIT: '100000',
    // After the restart every acknowledged applicant signs in from this one address (the limits now
    // count in the database, so they survive the restart).
    GONGKAI_LOGIN_RATE_LIMIT: '100000',
    ...(where.extra ?? {}),
  };
  delete env.DATABASE_URL;
  if (where.databaseUrl) env.DATABASE_URL = where.databaseUrl;
  if (where.dataDir) env.GONGKAI_DATA_DIR = where.dataDir;
  // From the sources (through tsx) instead of the build: modules loaded with --import share them.
  const entry = where.fromSources ? [path.join(ROOT, 'bin/run-ts.mjs'), path.join(ROOT, 'src/cli.ts')] : [path.join(ROOT, 'bin/gongkai.mjs')];
  const child = spawn(process.execPath, [...entry, 'serve', '--port', '0', '--host', '127.0.0.1', ...(where.args ?? [])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`服务器在 ${timeoutMs} ms 内没有启动：\n${out}`)), timeoutMs);
    const check = () => {
      const m = /已启动：http:\/\/localhost:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`服务器进程退出（${code}）：\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A valid 居民身份证号码 (GB 11643 check digit) for person `n` of run `run`. */
export function validIdNumber(run: number, n: number): string {
  const day = String(1 + (n % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
  const year = 1950 + (Math.floor(n / 336) % 50);
  const seq = String((run * 7 + n) % 1000).padStart(3, '0');
  const body = `220502${year}${month}${day}${seq}`;
  return body + idNumberCheckChar(body);
}

/** A unique 11-digit mobile number. */
export function mobile(run: number, n: number): string {
  return `139${String(run % 1000).padStart(3, '0')}${String(n).padStart(5, '0')}`;
}

/** One browser-like user: its cookies and CSRF token. */
export class Agent {
  private cookies = new Map<string, string>();
  token: string | undefined;
  constructor(readonly base: string) {}

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }

  async fetch(method: string, p: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {}) {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (!['GET', 'HEAD'].includes(method)) {
      if (!this.token) {
        const r = await this.fetch('GET', '/api/session/csrf', { signal: init.signal });
        this.token = JSON.parse(r.text).token;
      }
      headers['x-csrf-token'] = this.token!;
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(this.base + p, { method, headers, body, signal: init.signal, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, json: <T = any>() => JSON.parse(text) as T };
  }
}
