/**
 * The server while it starts (src/server/starting.ts): the port answers at once, 503 "starting" with
 * the current step until the application is handed over, then every request reaches the application.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { StartupProgress, startingServer } from '../../../src/server/starting.ts';

const lines: string[] = [];
const progress = new StartupProgress((text) => lines.push(text));
const starting = startingServer(progress);
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => starting.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(starting.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => starting.server.close(() => resolve())));

describe('starting server', () => {
  it('answers 503 starting, with the step, on /api/health; a JSON error on the API; a page that reloads elsewhere', async () => {
    progress.step('创建内嵌数据库（首次启动）', 5);
    progress.step('更新数据库结构');
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('2');
    expect(await health.json()).toEqual({ status: 'starting', step: '更新数据库结构', done: 1, total: 5 });

    const api = await fetch(`${base}/api/search?q=x`);
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({ error: { code: 'starting', message: '服务器正在启动，请稍后再试' } });

    const page = await fetch(`${base}/agencies/220500`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('更新数据库结构（第 2 步，共 5 步）');
    expect(html).toContain('http-equiv="refresh"');
  });

  it('prints each step with its number and, when the next begins, its time', () => {
    expect(lines[0]).toBe('  [1/5] 创建内嵌数据库（首次启动）…');
    expect(lines[1]).toMatch(/^ \d+\.\d 秒\n$/);
    expect(lines[2]).toBe('  [2/5] 更新数据库结构…');
  });

  it('hands every request to the application once it is ready', async () => {
    const handler = starting.factory((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ from: 'app', url: req.url }));
    });
    expect(handler).toBe(starting.server);
    // Not yet handed over: still starting.
    expect((await fetch(`${base}/api/health`)).status).toBe(503);
    starting.ready();
    const r = await fetch(`${base}/api/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ from: 'app', url: '/api/health' });
    expect(progress.finish()).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^ \d+\.\d 秒\n$/);
  });
});
