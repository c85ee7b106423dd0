/**
 * Nothing lost (issue 8): the real server as a child process on a fresh database, many concurrent
 * clients submitting, `kill -9` in mid-stream (requests in flight), a restart on the same data, and
 * the proof that every submission the server acknowledged (2xx) is there, complete, and that
 * nothing is half-written — on PGlite (a data folder) and on PostgreSQL (DATABASE_URL) when
 * GONGKAI_TEST_DATABASE_URL is set.
 *
 * The acknowledged writes are applicant registration (users + applicant_profiles in one transaction,
 * then a session) and, by each newly registered applicant, online applications with an attachment
 * (`POST /api/applications`: the application row, its `submitted` event, the attachment and the
 * audit entry in one transaction; acknowledged = 201 with its 申请编号). After the restart every
 * acknowledged application is there with its event and its attachment bytes (SHA-256, read from the
 * table and downloaded by its owner), and no application of the run is half-written.
 *
 * What this proves and what it does not: PGlite runs with fsync off, so it survives a crash of the
 * process (the operating system still holds the written pages) but not a power loss or a kernel
 * crash; PostgreSQL with fsync on survives both.
 */
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { openDatabase, schema, type Db } from '../../../src/db/index.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../../support/db.ts';
import { Agent, mobile, startServerProcess, validIdNumber, type ServerEnv } from './harness.ts';

const PASSWORD = 'Crash2024test';
const CLIENTS = Number(process.env.GONGKAI_CRASH_CLIENTS ?? 8);
/** How long the clients write before the kill (ms). */
const WRITE_MS = Number(process.env.GONGKAI_CRASH_WRITE_MS ?? 3000);

interface Attempt {
  n: number;
  email: string;
  phone: string;
  idNumber: string;
  name: string;
  acknowledged: boolean;
}

/** Online applications per registered applicant (well under the submission rate limit). */
const APPLICATIONS_PER_APPLICANT = 2;

interface AppAttempt {
  email: string;
  subject: string;
  filename: string;
  bytes: Buffer;
  sha256: string;
  acknowledged: boolean;
  id?: number;
  number?: string;
}

/** An online application with an attachment (身份证明), by the signed-in applicant of `agent`. */
async function submitApplication(agent: Agent, run: number, owner: Attempt, k: number, apps: AppAttempt[], signal: AbortSignal) {
  const bytes = randomBytes(8_000 + ((owner.n * 7919 + k * 104_729) % 40_000));
  const a: AppAttempt = {
    email: owner.email,
    subject: `崩溃测试申请 ${run}-${owner.n}-${k}`,
    filename: `身份证明-${owner.n}-${k}.pdf`,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    acknowledged: false,
  };
  apps.push(a);
  const res = await agent.fetch('POST', '/api/applications', {
    json: {
      agencyCode: '220500-zsj',
      subject: a.subject,
      provisionForm: '电子数据',
      deliveryMethod: '在线下载',
      attachments: [{ filename: a.filename, contentType: 'application/pdf', contentBase64: bytes.toString('base64'), purpose: 'id_copy' }],
    },
    signal,
  });
  if (res.status !== 201) throw new Error(`在线申请没有成功（${res.status}）：${res.text}`);
  const body = res.json<{ application: { id: number; number: string } }>();
  expect(body.application.number).toMatch(/^\d{9}$/);
  a.id = body.application.id;
  a.number = body.application.number;
  a.acknowledged = true;
}

async function register(agent: Agent, run: number, n: number, attempts: Attempt[], signal: AbortSignal) {
  const a: Attempt = {
    n,
    email: `crash${run}-${n}@test.invalid`,
    phone: mobile(run, n),
    idNumber: validIdNumber(run, n),
    name: `崩溃测试${n}号`,
    acknowledged: false,
  };
  attempts.push(a);
  const res = await agent.fetch('POST', '/api/register', {
    json: { applicantType: 'natural', name: a.name, email: a.email, phone: a.phone, idNumber: a.idNumber, address: `测试路${n}号`, password: PASSWORD },
    signal,
  });
  // Registration answers the same whether an account existed or not (issue 16): then one signs in.
  if (res.status === 202) a.acknowledged = true;
  else throw new Error(`注册没有成功（${res.status}）：${res.text}`);
  const login = await agent.fetch('POST', '/api/session/login', { json: { login: a.email, password: PASSWORD }, signal });
  if (login.status !== 200) throw new Error(`注册后登录没有成功（${login.status}）：${login.text}`);
  return a;
}

async function crashRun(where: ServerEnv, reopen: () => Promise<{ db: Db; close(): Promise<void> }>) {
  const run = Math.floor(Math.random() * 900) + 100;
  const first = await startServerProcess(where);
  const attempts: Attempt[] = [];
  const apps: AppAttempt[] = [];
  const failures: string[] = [];
  let next = 0;
  const stop = new AbortController();
  let stopping = false;
  const client = async () => {
    while (!stopping) {
      const n = next++;
      try {
        // A new applicant registers (signed in by it), then submits applications with an attachment.
        const agent = new Agent(first.url);
        const owner = await register(agent, run, n, attempts, stop.signal);
        for (let k = 0; k < APPLICATIONS_PER_APPLICANT && !stopping; k++) await submitApplication(agent, run, owner, k, apps, stop.signal);
      } catch (err) {
        if (!stopping) failures.push(String((err as Error).message));
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  await new Promise((r) => setTimeout(r, WRITE_MS));
  // On a loaded machine a few seconds may not be enough for a meaningful run: go on writing (up to a
  // minute) until more than one acknowledged registration and application per client exist.
  const deadline = Date.now() + 60_000;
  const enough = () => attempts.filter((a) => a.acknowledged).length > CLIENTS && apps.filter((a) => a.acknowledged).length > CLIENTS;
  while (!enough() && failures.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // The kill happens while requests are in flight (no client waits for the others).
  const inFlight = attempts.filter((a) => !a.acknowledged).length + apps.filter((a) => !a.acknowledged).length;
  stopping = true;
  await first.crash();
  stop.abort();
  await Promise.allSettled(clients);
  expect(failures, '崩溃前的注册和申请都应成功').toEqual([]);
  const acked = attempts.filter((a) => a.acknowledged);
  expect(acked.length).toBeGreaterThan(CLIENTS);
  const ackedApps = apps.filter((a) => a.acknowledged);
  expect(ackedApps.length).toBeGreaterThan(CLIENTS);
  expect(inFlight).toBeGreaterThan(0);

  // Restart on the same data (the dead process's lock is stale and taken over).
  const second = await startServerProcess(where);
  try {
    for (const a of acked) {
      const agent = new Agent(second.url);
      const res = await agent.fetch('POST', '/api/session/login', { json: { login: a.email, password: PASSWORD } });
      expect(res.status, `${a.email} 已确认注册，重启后应能登录：${res.text}`).toBe(200);
      expect(res.json().user.displayName).toBe(a.name);
    }
    // Every acknowledged application: in its owner's 我的申请, and its attachment downloads complete.
    const owners = new Map<string, Agent>();
    for (const a of ackedApps) {
      let agent = owners.get(a.email);
      if (!agent) {
        agent = new Agent(second.url);
        await agent.fetch('POST', '/api/session/login', { json: { login: a.email, password: PASSWORD } });
        owners.set(a.email, agent);
      }
      const one = await agent.fetch('GET', `/api/applications/${a.id}`);
      expect(one.status, `已确认的申请 ${a.number} 重启后应能查看：${one.text}`).toBe(200);
      expect(one.json().application).toMatchObject({ number: a.number, subject: a.subject, status: '待确认' });
    }
  } finally {
    await second.stop();
  }

  // The stored rows, read directly: complete for every acknowledged one, all-or-nothing for the rest.
  const database = await reopen();
  try {
    const db = database.db;
    const profiles = new Map((await db.select().from(schema.applicantProfiles)).map((p) => [p.userId, p]));
    const applicants = await db.select().from(schema.users).where(eq(schema.users.kind, 'applicant'));
    for (const u of applicants) expect(profiles.has(u.id), `用户 ${u.email} 缺少申请人资料（写了一半）`).toBe(true);
    expect(profiles.size).toBe(applicants.length);
    const byEmail = new Map(applicants.map((u) => [u.email, u]));
    for (const a of attempts) {
      const u = byEmail.get(a.email);
      if (a.acknowledged) expect(u, `已确认的 ${a.email} 丢失`).toBeDefined();
      if (!u) continue;
      const p = profiles.get(u.id)!;
      expect(p.idNumber).toBe(a.idNumber);
      expect(p.phone ?? u.phone).toBe(a.phone);
      expect(p.name).toBe(a.name);
      expect(u.passwordHash.startsWith('$argon2id$')).toBe(true);
    }
    // Applications: every acknowledged one complete (row, submitted event, attachment bytes);
    // every application of the run has its event and its attachment (nothing half-written).
    const rows = await db.select().from(schema.applications).where(like(schema.applications.subject, `崩溃测试申请 ${run}-%`));
    const byNumber = new Map(rows.map((r) => [r.number, r]));
    const ids = rows.map((r) => r.id);
    const events = ids.length ? await db.select().from(schema.applicationEvents).where(inArray(schema.applicationEvents.applicationId, ids)) : [];
    const files = ids.length ? await db.select().from(schema.attachments).where(inArray(schema.attachments.ownerId, ids)) : [];
    for (const r of rows) {
      const evs = events.filter((e) => e.applicationId === r.id);
      expect(evs.map((e) => e.type), `申请 ${r.number} 缺少提交事件（写了一半）`).toEqual(['submitted']);
      const own = files.filter((f) => f.ownerId === r.id && f.ownerKind === 'application:id_copy');
      expect(own.length, `申请 ${r.number} 缺少附件（写了一半）`).toBe(1);
      expect(createHash('sha256').update(own[0].bytes).digest('hex'), `申请 ${r.number} 的附件内容与校验值不符`).toBe(own[0].sha256);
    }
    for (const a of ackedApps) {
      const r = byNumber.get(a.number!);
      expect(r, `已确认的申请 ${a.number} 丢失`).toBeDefined();
      expect(r!.id).toBe(a.id);
      expect(r!.subject).toBe(a.subject);
      const f = files.find((x) => x.ownerId === r!.id)!;
      expect(f.filename).toBe(a.filename);
      expect(f.sha256, `已确认的申请 ${a.number} 的附件不完整`).toBe(a.sha256);
      expect(Buffer.compare(f.bytes, a.bytes)).toBe(0);
    }
    // An unacknowledged application is either wholly there or wholly absent (checked above for all rows).
    expect(rows.length).toBeGreaterThanOrEqual(ackedApps.length);
    expect(rows.length).toBeLessThanOrEqual(apps.length);
    // The indexes agree with the table (a torn index page would lose rows by index scan).
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      for (const a of acked) {
        const r = await tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, a.email));
        expect(r.length, `索引中找不到 ${a.email}`).toBe(1);
      }
    });
    return { attempts: attempts.length, acknowledged: acked.length, applications: apps.length, applicationsAcknowledged: ackedApps.length, inFlight };
  } finally {
    await database.close();
  }
}

describe('nothing lost: kill -9 during concurrent submissions', () => {
  it('PGlite data folder: every acknowledged registration and application (with its attachment) survives, nothing half-written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-crash-'));
    try {
      const dataDir = path.join(dir, 'data');
      const r = await crashRun({ dataDir }, () => openDatabase({ dataDir }));
      console.log(`[crash pglite] ${r.attempts} registrations (${r.acknowledged} acknowledged), ${r.applications} applications with an attachment (${r.applicationsAcknowledged} acknowledged), ${r.inFlight} in flight at kill -9`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it.runIf(testPostgresUrl())('PostgreSQL: every acknowledged registration and application (with its attachment) survives, nothing half-written', async () => {
    const fresh = await freshPostgresDatabase(testPostgresUrl()!, 'gk_rel');
    try {
      const r = await crashRun({ databaseUrl: fresh.url }, () => openDatabase({ url: fresh.url }));
      console.log(`[crash postgres] ${r.attempts} registrations (${r.acknowledged} acknowledged), ${r.applications} applications with an attachment (${r.applicationsAcknowledged} acknowledged), ${r.inFlight} in flight at kill -9`);
    } finally {
      await fresh.drop();
    }
  }, 300_000);
});
