/**
 * Backup and restore (issue 8): a round trip that compares every table, every row and every
 * attachment byte — PGlite → PGlite, and PGlite → PostgreSQL (and PostgreSQL → PGlite) when
 * GONGKAI_TEST_DATABASE_URL is set; refusal of a non-empty database, of a damaged or truncated
 * file and of a locked data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../../src/db/index.ts';
import { schema } from '../../../src/db/index.ts';
import { recordAudit } from '../../../src/db/audit.ts';
import { backupDatabase, dumpRows, listTables, restoreDatabase, tableCounts, verifyBackup } from '../../../src/db/backup.ts';
import { createPostgresTestDatabase, createTestDatabase, testPostgresUrl } from '../../support/db.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Every table's rows as PostgreSQL renders them (row_to_json), in key order. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await listTables(db)) {
    const rows: string[] = [];
    for await (const r of dumpRows(db, t)) rows.push(r);
    out[t.name] = rows;
  }
  return out;
}

const FIGURES_YEAR = 2010;

/** A database with something in every table that matters: attachments of every byte value, events, audit entries. */
async function populate(db: Db): Promise<{ attachments: Map<number, Buffer> }> {
  const [zsj] = await db.select().from(schema.agencies).where(eq(schema.agencies.code, '220500-zsj'));
  const [zhang] = await db.select().from(schema.users).where(eq(schema.users.email, 'zhangsan@applicant.demo'));
  // A child agency created after its parent would be trivial; make a parent with a higher id than its child.
  const [late] = await db.insert(schema.agencies).values({ code: 'zz-late-parent', name: '后建的上级机关' }).returning();
  await db.update(schema.agencies).set({ parentId: late.id }).where(eq(schema.agencies.code, '220500'));
  const [app] = await db
    .insert(schema.applications)
    .values({
      agencyId: zsj.id,
      number: 'ZSJ-2024-0001',
      applicantUserId: zhang.id,
      applicantType: 'natural',
      applicantName: '张三',
      applicantIdNumber: '220502199001011230',
      applicantPhone: '13800000001',
      channel: 'online',
      subject: '申请公开 2023 年“放管服”改革文件\n含换行、引号"和反斜杠\\',
      description: 'emoji 🙂 与 NUL 以外的控制字符 \u0001\u001f',
    })
    .returning();
  await db.insert(schema.applicationEvents).values([
    { applicationId: app.id, seq: 1, type: 'submitted', payload: { date: '2024-03-01', nested: { a: [1, 2, 3], big: 12345678901234567890 } } },
    { applicationId: app.id, seq: 2, type: 'received', payload: { date: '2024-03-04' } },
  ]);
  const attachments = new Map<number, Buffer>();
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  for (const bytes of [all, randomBytes(300_000), Buffer.alloc(0), Buffer.from('%PDF-1.7\n')]) {
    const [a] = await db
      .insert(schema.attachments)
      .values({
        ownerKind: 'application',
        ownerId: app.id,
        filename: '附件 “原件”.pdf',
        contentType: 'application/pdf',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes,
      })
      .returning({ id: schema.attachments.id });
    attachments.set(a.id, bytes);
  }
  // A year the demo data does not seed (the demo has 220500-zsj's 2023 figures: the same key would collide).
  await db.insert(schema.figures).values({ agencyId: zsj.id, year: FIGURES_YEAR, item: 'fees_wan_yuan', value: 12345678901234.5678 });
  // numeric(20,6) (万元 to the 分): twenty digits, more than a double holds, must survive byte for byte
  await db.execute(sql`UPDATE figures SET value = '12345678901234.567891'::numeric WHERE item = 'fees_wan_yuan' AND year = ${FIGURES_YEAR}`);
  await db.insert(schema.documents).values({ agencyId: zsj.id, title: '关于印发《通化市政务公开工作要点》的通知', body: '正文'.repeat(2000), status: 'published', publishedDate: '2024-02-29' });
  await db.insert(schema.calendarYears).values({ year: 2031, schedule: { holidays: ['2031-01-01'], workdays: [] }, source: '测试' });
  for (let i = 0; i < 600; i++) {
    await recordAudit(db, { actorUserId: zhang.id, action: 'test.entry', entity: 'application', entityId: app.id, detail: { i }, ip: '127.0.0.1' });
  }
  return { attachments };
}

let dir: string;
let source: Database;
let sourceSnapshot: Record<string, string[]>;
let attachments: Map<number, Buffer>;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gongkai-backup-test-'));
  source = await createTestDatabase({ demo: true });
  ({ attachments } = await populate(source.db));
  sourceSnapshot = await snapshot(source.db);
  file = path.join(dir, 'backup.jsonl.gz');
  await backupDatabase(source.db, file);
});
afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function expectSameAsSource(target: Db) {
  const snap = await snapshot(target);
  expect(Object.keys(snap)).toEqual(Object.keys(sourceSnapshot));
  for (const table of Object.keys(sourceSnapshot)) {
    expect(snap[table].length, table).toBe(sourceSnapshot[table].length);
    expect(snap[table], table).toEqual(sourceSnapshot[table]);
  }
  const rows = await target.select().from(schema.attachments);
  expect(rows.length).toBe(attachments.size);
  for (const r of rows) {
    expect(Buffer.compare(r.bytes, attachments.get(r.id)!), `attachment ${r.id}`).toBe(0);
    expect(createHash('sha256').update(r.bytes).digest('hex')).toBe(r.sha256);
  }
  const [fig] = await target.execute(sql`SELECT value::text AS v FROM figures WHERE item = 'fees_wan_yuan' AND year = ${FIGURES_YEAR}`).then((r) => (r as unknown as { rows: Array<{ v: string }> }).rows);
  expect(fig.v).toBe('12345678901234.567891');
}

describe('backup file', () => {
  it('holds every table with its row count and SHA-256, in dependency order', async () => {
    const v = await verifyBackup(file);
    const counts = await tableCounts(source.db);
    expect(Object.fromEntries(v.tables.map((t) => [t.table, t.rows]))).toEqual(counts);
    const order = v.tables.map((t) => t.table);
    expect(order.indexOf('agencies')).toBeLessThan(order.indexOf('applications'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('sessions'));
    expect(order.indexOf('applications')).toBeLessThan(order.indexOf('application_events'));
    for (const t of v.tables) {
      const h = createHash('sha256');
      for (const line of sourceSnapshot[t.table]) h.update(`${line}\n`);
      expect(t.sha256, t.table).toBe(h.digest('hex'));
    }
    expect(v.tables.find((t) => t.table === 'audit_log')!.rows).toBeGreaterThanOrEqual(600);
  });

  it('is refused when a row was altered, when it is truncated, or when it is not a backup', async () => {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    const tampered = path.join(dir, 'tampered.jsonl.gz');
    writeFileSync(tampered, gzipSync(text.replace('通化市财政局', '通化市财政厅')));
    await expect(verifyBackup(tampered)).rejects.toThrow(/agencies 的 SHA-256 校验值不符/);
    const truncated = path.join(dir, 'truncated.jsonl.gz');
    writeFileSync(truncated, gzipSync(text.slice(0, Math.floor(text.length * 0.6))));
    await expect(verifyBackup(truncated)).rejects.toThrow(/缺少末尾的清单|行/);
    const cut = path.join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, readFileSync(file).subarray(0, 2000));
    await expect(verifyBackup(cut)).rejects.toThrow(/备份文件/);
    const other = path.join(dir, 'other.gz');
    writeFileSync(other, gzipSync('{"hello":1}\n'));
    await expect(verifyBackup(other)).rejects.toThrow('不是 Gongkai 备份文件');
    const plain = path.join(dir, 'plain.txt');
    writeFileSync(plain, 'not gzip at all');
    await expect(verifyBackup(plain)).rejects.toThrow(/损坏或不是 gzip/);
  });
});

describe('restore PGlite → PGlite', () => {
  it('restores every table, row and attachment byte into an empty migrated database', async () => {
    const target = await createTestDatabase();
    try {
      await restoreDatabase(target.db, file);
      await expectSameAsSource(target.db);
      // The sequences are past the restored ids: new rows still insert.
      const [a] = await target.db.insert(schema.agencies).values({ code: 'after-restore', name: '恢复后新增' }).returning();
      expect(a.id).toBeGreaterThan(Math.max(...(await target.db.select().from(schema.agencies)).filter((x) => x.code !== 'after-restore').map((x) => x.id)));
      // The append-only log is still append-only after a restore.
      await expect(target.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    } finally {
      await target.close();
    }
  });

  it('refuses a non-empty database and leaves it unchanged; --force replaces it', async () => {
    const target = await createTestDatabase({ demo: true });
    try {
      await recordAudit(target.db, { actorUserId: null, action: 'x.y', entity: 'x' });
      const before = await snapshot(target.db);
      await expect(restoreDatabase(target.db, file)).rejects.toThrow(/目标数据库不是空的.*--force/);
      expect(await snapshot(target.db)).toEqual(before);
      await restoreDatabase(target.db, file, { force: true });
      await expectSameAsSource(target.db);
    } finally {
      await target.close();
    }
  });

  it('writes nothing when the file is damaged (checked before the first insert)', async () => {
    const target = await createTestDatabase();
    try {
      const text = gunzipSync(readFileSync(file)).toString('utf8');
      const tampered = path.join(dir, 'tampered2.jsonl.gz');
      writeFileSync(tampered, gzipSync(text.replace('"test.entry"', '"test.entrx"')));
      await expect(restoreDatabase(target.db, tampered)).rejects.toThrow(/audit_log 的 SHA-256/);
      expect(Object.values(await tableCounts(target.db)).every((n) => n === 0)).toBe(true);
    } finally {
      await target.close();
    }
  });
});

describe.runIf(testPostgresUrl())('restore across databases (PostgreSQL)', () => {
  it('PGlite → PostgreSQL → PGlite gives back every row and byte', async () => {
    const pgdb = await createPostgresTestDatabase();
    const back = await createTestDatabase();
    try {
      await restoreDatabase(pgdb.db, file);
      await expectSameAsSource(pgdb.db);
      const file2 = path.join(dir, 'from-postgres.jsonl.gz');
      await backupDatabase(pgdb.db, file2);
      await restoreDatabase(back.db, file2);
      await expectSameAsSource(back.db);
    } finally {
      await pgdb.close();
      await back.close();
    }
  });
});

describe('gongkai backup / restore (command line)', () => {
  it('backs up a data folder, restores into a fresh one, refuses a locked one', async () => {
    const env = { ...process.env, GONGKAI_DATA_DIR: path.join(dir, 'cli-a'), DATABASE_URL: '' };
    const cli = (args: string[], e = env) => run(process.execPath, [path.join(ROOT, 'bin/gongkai.mjs'), ...args], { env: e, cwd: ROOT });
    await cli(['seed', '--demo']);
    const out = path.join(dir, 'cli.jsonl.gz');
    const b = await cli(['backup', '--out', out]);
    expect(b.stdout.split('\n')[0]).toBe(out);
    expect(b.stdout).toMatch(/备份完成：\d+ 个数据表/);
    const envB = { ...env, GONGKAI_DATA_DIR: path.join(dir, 'cli-b') };
    const r = await cli(['restore', out], envB);
    expect(r.stdout).toMatch(/^恢复完成/);
    // A data folder held by a live process (here: this test process's pid) is refused with a clear message.
    writeFileSync(path.join(dir, 'cli-a', 'gongkai.lock'), String(process.pid));
    const locked = await cli(['backup', '--out', path.join(dir, 'x.gz')]).catch((e: { code: number; stderr: string }) => e);
    expect((locked as { code: number }).code).toBe(1);
    expect((locked as { stderr: string }).stderr).toMatch(/正被进程 \d+ 使用[\s\S]*请先停止服务器再备份/);
    rmSync(path.join(dir, 'cli-a', 'gongkai.lock'));
  }, 120_000);
});
