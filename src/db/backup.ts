/**
 * Logical backup and restore of a whole Gongkai database (PGlite or PostgreSQL alike), attachments
 * included (they are bytea columns of `attachments`).
 *
 * Format (portable, one gzip'd JSON-lines file, readable with `zcat`):
 *
 *   {"format":"gongkai-backup","version":1,"migration":"<hash of the last migration>","createdAt":"…"}
 *   {"table":"agencies","columns":["id","code",…]}          ← a table header, in dependency order
 *   {"id":1,"code":"220500",…}                              ← its rows, one `row_to_json` a line
 *   …                                                       (bytea as "\\x…" hex, timestamps ISO)
 *   {"manifest":{"tables":[{"table":"agencies","rows":6,"sha256":"…"},…]}}   ← last line
 *
 * Row lines are produced and consumed by PostgreSQL itself (`row_to_json` out,
 * `json_populate_recordset` in): JavaScript never parses them, so numerics, bytea and time stamps
 * come back bit for bit. `sha256` is over the table's row lines (each with its "\n"); a file whose
 * manifest is missing (truncated) or whose counts or digests differ is refused before anything is
 * written.
 *
 * The backup is one read-only REPEATABLE READ transaction: a consistent snapshot even while a
 * PostgreSQL server keeps taking writes. The embedded database (PGlite) admits one process at a
 * time (src/db/lock.ts): back it up with the server stopped (the command says so otherwise).
 *
 * Restore goes into a migrated database of the same migration (`gongkai migrate` creates one),
 * in one transaction (all or nothing). A database holding any row is refused unless `force`,
 * which first empties every table (the append-only triggers of audit_log and application_events
 * are disabled for that statement only, inside the same transaction).
 */
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from './index.ts';

export const BACKUP_FORMAT = 'gongkai-backup';
export const BACKUP_VERSION = 1;

export interface TableInfo {
  name: string;
  columns: string[];
  /** The single-column primary key used to page through the table (null = none or composite). */
  key: string | null;
  /** Columns referencing the table itself (parent_id…), restored in a second pass. */
  selfRefs: string[];
  /** Columns fed by a sequence (serial / bigserial), moved past the restored ids. */
  serials: string[];
}

export interface TableSummary {
  table: string;
  rows: number;
  sha256: string;
}

export interface BackupSummary {
  file: string;
  migration: string | null;
  tables: TableSummary[];
  bytes: number;
}

export interface RestoreSummary {
  migration: string | null;
  tables: TableSummary[];
}

async function rows<T = Record<string, unknown>>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The application's tables (schema public) in foreign-key dependency order, parents first. */
export async function listTables(db: DbOrTx): Promise<TableInfo[]> {
  const tables = await rows<{ name: string }>(
    db,
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const cols = await rows<{ table_name: string; column_name: string; column_default: string | null }>(
    db,
    sql`SELECT table_name, column_name, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const fks = await rows<{ child: string; parent: string; column_name: string }>(
    db,
    sql`SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent, a.attname AS column_name
          FROM pg_constraint c
          JOIN pg_namespace n ON n.oid = c.connamespace
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const pks = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
          FROM pg_constraint c
          JOIN pg_namespace n ON n.oid = c.connamespace
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'p' AND n.nspname = 'public'`,
  );
  const unquote = (s: string) => s.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
  const info = new Map<string, TableInfo>();
  for (const t of tables) info.set(t.name, { name: t.name, columns: [], key: null, selfRefs: [], serials: [] });
  for (const c of cols) {
    const t = info.get(c.table_name);
    if (!t) continue;
    t.columns.push(c.column_name);
    if (c.column_default?.startsWith('nextval(')) t.serials.push(c.column_name);
  }
  const pkCols = new Map<string, string[]>();
  for (const p of pks) pkCols.set(unquote(p.table_name), [...(pkCols.get(unquote(p.table_name)) ?? []), p.column_name]);
  for (const [name, keyCols] of pkCols) {
    const t = info.get(name);
    if (t && keyCols.length === 1) t.key = keyCols[0];
  }
  const deps = new Map<string, Set<string>>([...info.keys()].map((k) => [k, new Set<string>()]));
  for (const fk of fks) {
    const child = unquote(fk.child);
    const parent = unquote(fk.parent);
    if (!info.has(child)) continue;
    if (child === parent) info.get(child)!.selfRefs.push(fk.column_name);
    else deps.get(child)!.add(parent);
  }
  // Topological order (Kahn), ties by name so that the order is stable.
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  while (done.size < info.size) {
    const ready = [...info.keys()].filter((n) => !done.has(n) && [...deps.get(n)!].every((d) => done.has(d) || !info.has(d))).sort();
    if (ready.length === 0) throw new Error(`数据表之间的外键关系有环，无法确定备份顺序：${[...info.keys()].filter((n) => !done.has(n)).join('、')}`);
    for (const n of ready) {
      done.add(n);
      ordered.push(info.get(n)!);
    }
  }
  return ordered;
}

/** The hash of the last migration applied (drizzle's own table), or null on an unmigrated database. */
export async function currentMigration(db: DbOrTx): Promise<string | null> {
  const exists = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'drizzle' AND table_name = '__drizzle_migrations'`,
  );
  if (!exists[0] || Number(exists[0].n) === 0) return null;
  const r = await rows<{ hash: string }>(db, sql`SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at DESC, id DESC LIMIT 1`);
  return r[0]?.hash ?? null;
}

/** Row counts of every application table (for tests and for the "empty database" check). */
export async function tableCounts(db: DbOrTx): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await listTables(db)) {
    const r = await rows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM ${ident(t.name)}`));
    out[t.name] = Number(r[0].n);
  }
  return out;
}

/** Every table's rows as the backup writes them (row_to_json text, ordered by key): for comparisons. */
export async function* dumpRows(db: DbOrTx, table: TableInfo, batch = 500): AsyncGenerator<string> {
  if (!table.key) {
    const r = await rows<{ j: string }>(db, sql.raw(`SELECT row_to_json(t)::text AS j FROM ${ident(table.name)} t ORDER BY row_to_json(t)::text`));
    for (const x of r) yield x.j;
    return;
  }
  const key = ident(table.key);
  let last: unknown = undefined;
  for (;;) {
    const where = last === undefined ? sql`` : sql`WHERE ${sql.raw(`t.${key}`)} > ${last}`;
    const r = await rows<{ j: string; k: unknown }>(
      db,
      sql`SELECT row_to_json(t)::text AS j, ${sql.raw(`t.${key}`)} AS k FROM ${sql.raw(ident(table.name))} t ${where} ORDER BY ${sql.raw(`t.${key}`)} LIMIT ${batch}`,
    );
    for (const x of r) yield x.j;
    if (r.length < batch) return;
    last = r[r.length - 1].k;
  }
}

/**
 * Writes a backup of `db` to `file` (atomically: a temporary file renamed at the end).
 * `onProgress(table, rows)` after each table.
 */
export async function backupDatabase(db: Db, file: string, onProgress?: (table: string, rows: number) => void): Promise<BackupSummary> {
  const tmp = `${file}.part-${process.pid}`;
  const gzip = createGzip();
  const out = createWriteStream(tmp);
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  let summary: Omit<BackupSummary, 'bytes'>;
  try {
    summary = await db.transaction(
      async (tx) => {
        const migration = await currentMigration(tx);
        await write(JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, migration, createdAt: new Date().toISOString() }));
        const tables: TableSummary[] = [];
        for (const t of await listTables(tx)) {
          await write(JSON.stringify({ table: t.name, columns: t.columns }));
          const hash = createHash('sha256');
          let n = 0;
          for await (const line of dumpRows(tx, t)) {
            hash.update(`${line}\n`);
            await write(line);
            n++;
          }
          tables.push({ table: t.name, rows: n, sha256: hash.digest('hex') });
          onProgress?.(t.name, n);
        }
        await write(JSON.stringify({ manifest: { tables } }));
        return { file, migration, tables };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    gzip.end();
    await finished(out);
    renameSync(tmp, file);
  } catch (err) {
    gzip.destroy();
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
  const { statSync } = await import('node:fs');
  return { ...summary, bytes: statSync(file).size };
}

interface Header {
  format: string;
  version: number;
  migration: string | null;
}

type Section = { table: string; columns: string[]; lines: string[] };

/** Reads the file, checking format, counts and digests; calls `onTable` with each table's rows in batches. */
async function readBackup(
  file: string,
  onBatch?: (table: string, columns: string[], lines: string[]) => Promise<void>,
): Promise<{ header: Header; tables: TableSummary[] }> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  let header: Header | null = null;
  let manifest: TableSummary[] | null = null;
  const seen: TableSummary[] = [];
  let current: (Section & { hash: ReturnType<typeof createHash>; rows: number }) | null = null;
  const flush = async () => {
    if (current && current.lines.length && onBatch) await onBatch(current.table, current.columns, current.lines);
    if (current) current.lines = [];
  };
  const close = async () => {
    if (!current) return;
    await flush();
    seen.push({ table: current.table, rows: current.rows, sha256: current.hash.digest('hex') });
    current = null;
  };
  const bad = (why: string) => new Error(`备份文件 ${file} 无法使用：${why}`);
  try {
    for await (const line of lines) {
      if (manifest) throw bad('清单之后还有内容');
      if (!header) {
        let h: Partial<Header> = {};
        try {
          h = JSON.parse(line);
        } catch {
          /* reported below */
        }
        if (h.format !== BACKUP_FORMAT) throw bad('不是 Gongkai 备份文件');
        if (h.version !== BACKUP_VERSION) throw bad(`备份格式版本 ${h.version} 不受支持（本程序支持 ${BACKUP_VERSION}）`);
        header = h as Header;
        continue;
      }
      if (line.startsWith('{"table":')) {
        await close();
        const s = JSON.parse(line) as { table: string; columns: string[] };
        current = { table: s.table, columns: s.columns, lines: [], hash: createHash('sha256'), rows: 0 };
        continue;
      }
      if (line.startsWith('{"manifest":')) {
        await close();
        manifest = (JSON.parse(line) as { manifest: { tables: TableSummary[] } }).manifest.tables;
        continue;
      }
      if (!current) throw bad('数据行出现在数据表说明之前');
      current.hash.update(`${line}\n`);
      current.rows++;
      if (onBatch) {
        current.lines.push(line);
        if (current.lines.length >= 500) await flush();
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
      throw bad('文件已损坏或不是 gzip 格式');
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`找不到备份文件：${file}`);
    throw err;
  }
  if (!header) throw bad('文件为空');
  if (!manifest) throw bad('缺少末尾的清单（文件不完整，可能在写入时中断）');
  const expected: TableSummary[] = manifest;
  if (expected.length !== seen.length) throw bad(`清单列出 ${expected.length} 个数据表，文件中有 ${seen.length} 个`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const s = seen[i];
    if (e.table !== s.table) throw bad(`第 ${i + 1} 个数据表应为 ${e.table}，文件中是 ${s.table}`);
    if (e.rows !== s.rows) throw bad(`数据表 ${e.table} 应有 ${e.rows} 行，文件中有 ${s.rows} 行`);
    if (e.sha256 !== s.sha256) throw bad(`数据表 ${e.table} 的 SHA-256 校验值不符（内容被改动或损坏）`);
  }
  return { header, tables: seen };
}

/** Checks a backup file (format, completeness, counts, digests) without touching any database. */
export async function verifyBackup(file: string): Promise<{ migration: string | null; tables: TableSummary[] }> {
  const { header, tables } = await readBackup(file);
  return { migration: header.migration, tables };
}

export class RestoreRefusedError extends Error {}

/**
 * Restores `file` into `db` (migrated, same migration). Refuses a database holding any row unless
 * `force`. All or nothing: one transaction.
 */
export async function restoreDatabase(db: Db, file: string, options: { force?: boolean } = {}): Promise<RestoreSummary> {
  // First pass: the whole file is checked before the database is touched.
  const checked = await verifyBackup(file);
  const target = await currentMigration(db);
  if (target !== checked.migration) {
    throw new RestoreRefusedError(
      target === null
        ? '目标数据库尚未建立数据结构：请先运行 gongkai migrate'
        : '备份文件与目标数据库的数据结构版本（迁移）不一致：请使用与备份时相同版本的 Gongkai 恢复',
    );
  }
  const tables = await listTables(db);
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const s of checked.tables) {
    if (!byName.has(s.table)) throw new RestoreRefusedError(`目标数据库中没有数据表 ${s.table}`);
  }
  const counts = await tableCounts(db);
  const nonEmpty = Object.entries(counts).filter(([, n]) => n > 0);
  if (nonEmpty.length > 0 && !options.force) {
    throw new RestoreRefusedError(
      `目标数据库不是空的（${nonEmpty.map(([t, n]) => `${t} ${n} 行`).join('，')}）：恢复只能写入新建的空数据库；确需覆盖现有数据请加 --force`,
    );
  }
  await db.transaction(async (tx) => {
    if (nonEmpty.length > 0) {
      const names = tables.map((t) => ident(t.name)).join(', ');
      const guarded = tables.filter((t) => ['audit_log', 'application_events'].includes(t.name));
      for (const t of guarded) await tx.execute(sql.raw(`ALTER TABLE ${ident(t.name)} DISABLE TRIGGER USER`));
      await tx.execute(sql.raw(`TRUNCATE ${names} RESTART IDENTITY CASCADE`));
      for (const t of guarded) await tx.execute(sql.raw(`ALTER TABLE ${ident(t.name)} ENABLE TRIGGER USER`));
    }
    const selfRefRows = new Map<string, string[]>();
    await readBackup(file, async (table, columns, lines) => {
      const info = byName.get(table)!;
      const missing = columns.filter((c) => !info.columns.includes(c));
      if (missing.length) throw new RestoreRefusedError(`数据表 ${table} 在目标数据库中缺少列：${missing.join('、')}`);
      const json = `[${lines.join(',')}]`;
      const insertCols = columns.map((c) => (info.selfRefs.includes(c) ? `NULL` : `r.${ident(c)}`)).join(', ');
      await tx.execute(
        sql`INSERT INTO ${sql.raw(ident(table))} (${sql.raw(columns.map(ident).join(', '))}) SELECT ${sql.raw(insertCols)} FROM json_populate_recordset(NULL::${sql.raw(ident(table))}, ${json}::json) r`,
      );
      if (info.selfRefs.length) selfRefRows.set(table, [...(selfRefRows.get(table) ?? []), ...lines]);
    });
    // Second pass for self references (agencies.parent_id…): every row exists now.
    for (const [table, lines] of selfRefRows) {
      const info = byName.get(table)!;
      if (!info.key) continue;
      for (let i = 0; i < lines.length; i += 500) {
        const json = `[${lines.slice(i, i + 500).join(',')}]`;
        const set = info.selfRefs.map((c) => `${ident(c)} = r.${ident(c)}`).join(', ');
        await tx.execute(
          sql`UPDATE ${sql.raw(ident(table))} t SET ${sql.raw(set)} FROM json_populate_recordset(NULL::${sql.raw(ident(table))}, ${json}::json) r WHERE t.${sql.raw(ident(info.key))} = r.${sql.raw(ident(info.key))}`,
        );
      }
    }
    for (const t of tables) {
      for (const c of t.serials) {
        await tx.execute(
          sql.raw(
            `SELECT setval(pg_get_serial_sequence('${ident(t.name).replaceAll("'", "''")}', '${c.replaceAll("'", "''")}'), coalesce((SELECT max(${ident(c)}) FROM ${ident(t.name)}), 0) + 1, false)`,
          ),
        );
      }
    }
  });
  return { migration: checked.migration, tables: checked.tables };
}
