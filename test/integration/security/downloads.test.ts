/**
 * Attachment downloads (issue 8): an uploaded file is served only to those who may see it (its
 * applicant; staff whose role reaches the agency; the applicant gets a disclosed file once the
 * decision is made), always as a download — a safe Content-Type (never text/html or SVG for an
 * upload; application/octet-stream for anything unknown), `Content-Disposition: attachment` with an
 * RFC 5987 file name, `nosniff`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '../../../src/db/index.ts';
import { attachmentDisposition, safeDownloadType } from '../../../src/app/applications/downloads.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

let server: TestServer;
let applicant: TestClient;
let other: TestClient;
let handler: TestClient;
let foreignHandler: TestClient;
let appId: number;
const files = new Map<string, number>();

const b64 = (s: string) => Buffer.from(s).toString('base64');
const UPLOADS = [
  { key: 'html', filename: '报告"<x>".html', contentType: 'text/html', content: '<script>alert(document.cookie)</script>', purpose: 'other' },
  { key: 'svg', filename: '图.svg', contentType: 'image/svg+xml', content: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', purpose: 'other' },
  { key: 'pdf', filename: '身份证明 (正反面).pdf', contentType: 'application/pdf', content: '%PDF-1.4 id', purpose: 'id_copy' },
  { key: 'unknown', filename: 'data.bin', contentType: 'application/x-gongkai-unknown', content: '\u0000\u0001binary', purpose: 'other' },
  { key: 'text', filename: 'notes.txt', contentType: 'text/plain', content: '说明', purpose: 'other' },
];

async function as(email: string): Promise<TestClient> {
  const c = server.client();
  await c.login(email);
  return c;
}

beforeAll(async () => {
  server = await startTestServer();
  applicant = await as('zhangsan@applicant.demo');
  other = await as('company@applicant.demo');
  handler = await as('handler@zsj.demo');
  foreignHandler = await as('handler@czj.demo');
  const res = await applicant.post('/api/applications', {
    agencyCode: '220500-zsj',
    subject: '附件下载测试',
    provisionForm: '电子数据',
    deliveryMethod: '在线下载',
    attachments: UPLOADS.map((u) => ({ filename: u.filename, contentType: u.contentType, contentBase64: b64(u.content), purpose: u.purpose })),
  });
  expect(res.status, res.text).toBe(201);
  appId = res.json().application.id;
  const rows = await server.database.db.select().from(schema.attachments).where(eq(schema.attachments.ownerId, appId));
  for (const u of UPLOADS) files.set(u.key, rows.find((r) => r.filename === u.filename.replace(/[\\/\r\n]/g, '_'))!.id);
}, 180_000);
afterAll(async () => server?.close());

const url = (key: string) => `/api/applications/${appId}/files/${files.get(key)}`;

describe('who may download', () => {
  it('the applicant and the agency’s staff; not another applicant, not staff of another agency, not a visitor', async () => {
    expect((await applicant.get(url('pdf'))).status).toBe(200);
    expect((await handler.get(url('pdf'))).status).toBe(200);
    expect((await other.get(url('pdf'))).status).toBe(404);
    expect((await foreignHandler.get(url('pdf'))).status).toBe(404);
    expect((await server.client().get(url('pdf'))).status).toBe(401);
    // An attachment id of another application is not reachable through this one.
    const res = await other.post('/api/applications', { agencyCode: '220500-zsj', subject: '他人的申请', provisionForm: '纸质', deliveryMethod: '邮寄', attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', contentBase64: b64('%PDF x'), purpose: 'other' }] });
    const [f] = await server.database.db.select().from(schema.attachments).where(and(eq(schema.attachments.ownerId, res.json().application.id)));
    expect((await applicant.get(`/api/applications/${appId}/files/${f.id}`)).status).toBe(404);
  });

  it('a disclosed file reaches the applicant only once the decision is made', async () => {
    const up = await handler.post(`/api/applications/${appId}/steps`, { step: 'disclose_file', file: { filename: '公开的信息.pdf', contentType: 'application/pdf', contentBase64: b64('%PDF disclosed') } });
    expect(up.status, up.text).toBe(200);
    const staffView = (await handler.get(`/api/applications/${appId}`)).json().application;
    const disclosed = staffView.files[0].url as string;
    expect((await handler.get(disclosed)).status).toBe(200);
    expect((await applicant.get(disclosed)).status).toBe(404);
  });
});

describe('how it is served', () => {
  it('never as text/html or SVG: an upload claiming those comes as application/octet-stream, an attachment', async () => {
    for (const key of ['html', 'svg', 'unknown']) {
      const res = await applicant.get(url(key));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type'), key).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition'), key).toMatch(/^attachment;/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await applicant.get(url('html'))).text).toBe('<script>alert(document.cookie)</script>');
  });

  it('keeps a safe claimed type (PDF, plain text in UTF-8)', async () => {
    expect((await applicant.get(url('pdf'))).headers.get('content-type')).toBe('application/pdf');
    const t = await applicant.get(url('text'));
    expect(t.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(t.text).toBe('说明');
  });

  it('names the file per RFC 5987 (UTF-8, percent-encoded) with an ASCII fallback', async () => {
    for (const u of UPLOADS) {
      const cd = (await applicant.get(url(u.key))).headers.get('content-disposition')!;
      const m = /filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(cd);
      expect(m, cd).not.toBeNull();
      expect(decodeURIComponent(m![1])).toBe(u.filename);
      const fallback = /filename="([^"]*)"/.exec(cd)![1];
      expect(fallback).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

describe('the policy functions', () => {
  it('safeDownloadType: allow-list, parameters dropped, case-insensitive', () => {
    expect(safeDownloadType('APPLICATION/PDF; name=x')).toBe('application/pdf');
    for (const t of ['text/html', 'text/html; charset=utf-8', 'image/svg+xml', 'application/xhtml+xml', 'application/xml', 'text/javascript', '', null, 'text/plain\u0000']) {
      expect(safeDownloadType(t), String(t)).toBe('application/octet-stream');
    }
  });
  it('attachmentDisposition: quotes, control characters and non-ASCII never break the header', () => {
    const cd = attachmentDisposition('a"b\r\nc;d=e 文件(1)*.pdf');
    expect(cd).not.toMatch(/[\r\n]/);
    expect(cd).toMatch(/^attachment; filename="[\x20-\x21\x23-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(cd.endsWith(`UTF-8''${encodeURIComponent('a"b__c;d=e 文件').replace(/[()*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}%281%29%2A.pdf`)).toBe(true);
  });
});
