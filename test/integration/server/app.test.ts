import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { buildApp, type App } from '../../../src/server/app.ts';
import { createTestDatabase } from '../../support/db.ts';
import type { Database } from '../../../src/db/index.ts';

let database: Database;
let app: App;
const logLines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  app = await buildApp({ db: database.db, logger: { level: 'info', stream } });
  app.get('/api/test/boom', async () => {
    throw new Error('secret internal detail');
  });
  app.get('/test/boom', async () => {
    throw new Error('secret internal detail');
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('app error handling and logging', () => {
  it('answers an unexpected error with a Chinese 500 and no detail or stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal_error', message: '服务器内部错误，请稍后再试' } });
    const page = await app.inject({ method: 'GET', url: '/test/boom' });
    expect(page.statusCode).toBe(500);
    expect(page.body).toContain('服务器内部错误');
    expect(page.body).not.toContain('secret internal detail');
  });

  it('answers a malformed JSON body with a Chinese 400', async () => {
    const csrf = await app.inject({ method: 'GET', url: '/api/session/csrf' });
    const cookie = csrf.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await app.inject({
      method: 'POST',
      url: '/api/session/login',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf.json().token, cookie },
      payload: '{not json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('请求格式不正确');
  });

  it('keeps passwords, ID numbers, phones and cookies out of the log', async () => {
    app.log.info({ body: { password: 'Hunter2pass', idNumber: '11010519491231002X', phone: '13812345678' } }, 'probe');
    await app.inject({ method: 'GET', url: '/api/session/me', headers: { cookie: 'gk_session=supersecrettoken' } });
    const all = logLines.join('');
    expect(all).toContain('probe');
    expect(all).toContain('[已隐藏]');
    for (const secret of ['Hunter2pass', '11010519491231002X', '13812345678', 'supersecrettoken']) expect(all).not.toContain(secret);
  });
});
