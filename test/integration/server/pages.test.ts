import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { startTestServer, type TestServer } from '../../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function csrfOf(html: string): string {
  return parse(html).querySelector('input[name=_csrf]')!.getAttribute('value')!;
}

describe('pages (server-rendered, no JavaScript)', () => {
  it('home lists the agency tree with links; chrome shows 登录 | 注册; lang zh-CN; strict CSP', async () => {
    const res = await server.client().get('/');
    expect(res.status).toBe(200);
    const doc = parse(res.text);
    expect(doc.querySelector('html')!.getAttribute('lang')).toBe('zh-CN');
    expect(doc.querySelector('h1')!.text).toBe('政府信息公开');
    const links = doc.querySelectorAll('ul.tree a').map((a) => [a.text, a.getAttribute('href')]);
    expect(links).toContainEqual(['通化市政务服务和数字化建设管理局', '/agencies/220500-zsj']);
    expect(links).toContainEqual(['东昌区教育局', '/agencies/220502-jyj']);
    expect(doc.querySelector('.account-nav')!.text).toMatch(/登录\s*\|\s*注册/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect((await server.client().get('/static/site.css')).status).toBe(200);
  });

  it('an agency page shows its 政府信息公开工作机构; an unknown one is a Chinese 404 page', async () => {
    const res = await server.client().get('/agencies/220500-zsj');
    expect(res.text).toContain('通化市政务服务和数字化建设管理局办公室');
    const missing = await server.client().get('/agencies/none');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('找不到代码为“none”的机关');
    const nothing = await server.client().get('/no/such/page');
    expect(nothing.status).toBe(404);
    expect(nothing.text).toContain('您访问的页面不存在');
  });

  it('register form: a wrong ID number re-renders the form with the message and the input kept', async () => {
    const c = server.client();
    const form = await c.get('/register');
    const token = csrfOf(form.text);
    const res = await c.request('POST', '/register', {
      form: { _csrf: token, kind: 'natural', name: '赵六', phone: '13600000001', idDocType: 'resident_id', idNumber: '110105194912310021', password: 'Lantern2024x' },
      csrf: false,
    });
    expect(res.status).toBe(400);
    const doc = parse(res.text);
    expect(doc.querySelector('.error-summary')!.text).toContain('居民身份证号码校验位不正确');
    expect(doc.querySelector('#f-name')!.getAttribute('value')).toBe('赵六');
    expect(doc.querySelector('#f-idNumber')!.getAttribute('value')).toBe('110105194912310021');
    expect(doc.querySelector('#f-idNumber')!.getAttribute('aria-invalid')).toBe('true');
    expect(doc.querySelector('#f-password')!.getAttribute('value')).toBeUndefined();
  });

  it('register form (organisation), then the account page shows the user; logout returns to 登录 | 注册', async () => {
    const c = server.client();
    const res = await c.postForm('/register', {
      kind: 'org',
      name: '通化公益基金会',
      applicantType: 'org.public_interest',
      creditCode: '91220502MA17KG8Q08',
      email: 'fund@example.com',
      password: 'Lantern2024x',
    });
    // The demo company already holds this credit code: nothing is created, and the answer is the same as for a new account.
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?registered=1');
    const ok = await c.postForm('/register', {
      kind: 'org',
      name: '通化公益基金会',
      applicantType: 'org.public_interest',
      creditCode: '91350100M000100Y43',
      email: 'fund@example.com',
      password: 'Lantern2024x',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/login?registered=1');
    expect((await c.get('/login?registered=1')).text).toContain('注册信息已提交');
    expect((await c.postForm('/login', { login: 'fund@example.com', password: 'Lantern2024x' })).status).toBe(303);
    const account = await c.get('/account');
    expect(parse(account.text).querySelector('.user-name')!.text).toBe('通化公益基金会');
    expect(account.text).toContain('f***@example.com');
    const out = await c.request('POST', '/logout', { form: { _csrf: csrfOf(account.text) }, csrf: false });
    expect(out.status).toBe(303);
    expect((await c.get('/')).text).toMatch(/登录<\/a><span aria-hidden="true"> \| <\/span><a href="\/register">注册/);
  });

  it('login form: wrong password re-renders with a Chinese message; staff land on the console with agency and role', async () => {
    const c = server.client();
    const bad = await c.postForm('/login', { login: 'registrar@zsj.demo', password: 'wrong1234' });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('账号或密码不正确');
    expect(parse(bad.text).querySelector('#f-login')!.getAttribute('value')).toBe('registrar@zsj.demo');
    const ok = await c.postForm('/login', { login: 'registrar@zsj.demo', password: 'Gongkai2024!' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console');
    const console = await c.get('/console');
    const doc = parse(console.text);
    expect(doc.querySelector('section.card h2')!.text).toBe('通化市政务服务和数字化建设管理局');
    expect(doc.querySelector('.role')!.text).toBe('登记员');
  });

  it('console: anonymous is sent to login, an applicant is refused', async () => {
    const anon = await server.client().get('/console');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=/console');
    const c = server.client();
    await c.login('zhangsan@applicant.demo');
    const res = await c.get('/console');
    expect(res.status).toBe(403);
    expect(res.text).toContain('工作台仅供行政机关工作人员使用');
  });

  it('password change form: errors re-render, success shows 密码已修改', async () => {
    // A 自然人 with a passport (no check digit to verify for other documents).
    const c2 = server.client();
    const reg = await c2.post('/api/register', { applicantType: 'natural', name: '孙八', email: 'sunba@example.com', idDocType: 'passport', idNumber: 'E12345678', password: 'Lantern2024x' });
    expect(reg.status).toBe(202);
    await c2.login('sunba@example.com', 'Lantern2024x');
    const page = await c2.get('/account');
    const token = csrfOf(page.text);
    const wrong = await c2.request('POST', '/account/password', { form: { _csrf: token, currentPassword: 'nope', newPassword: 'Another123' }, csrf: false });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('当前密码不正确');
    const ok = await c2.request('POST', '/account/password', { form: { _csrf: token, currentPassword: 'Lantern2024x', newPassword: 'Another123' }, csrf: false });
    expect(ok.status).toBe(303);
    expect((await c2.get('/account?changed=1')).text).toContain('密码已修改');
  });
});
