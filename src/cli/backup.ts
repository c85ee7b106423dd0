/**
 * `gongkai backup --out FILE` and `gongkai restore FILE [--force]` (logic and format: src/db/backup.ts).
 *
 * Both work on the database of the environment (GONGKAI_DATA_DIR or DATABASE_URL). The embedded
 * database admits one process at a time: back it up (or restore it) with the server stopped; on
 * PostgreSQL a backup is a consistent snapshot taken while the server runs.
 */
import type { Command } from 'commander';
import path from 'node:path';
import type { Database } from '../db/index.ts';
import { withDatabase } from './database.ts';

/** The environment's database for a backup or restore; a data folder held by the server says what to do. */
async function useDatabase<T>(what: string, migrate: boolean, use: (database: Database) => Promise<T>): Promise<T> {
  const { optionsFromEnv } = await import('../db/index.ts');
  const { DataDirLockedError } = await import('../db/lock.ts');
  try {
    return await withDatabase(use, { ...optionsFromEnv(), migrate });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new Error(
        `${err.message}\n内嵌数据库不能在服务器运行时${what}：请先停止服务器再${what}（使用 PostgreSQL 时可以在服务器运行时备份）。`,
      );
    }
    throw err;
  }
}

export function register(program: Command) {
  program
    .command('backup')
    .description('备份整个数据库（含附件）到一个文件（gzip 压缩的 JSON 行格式，带清单和 SHA-256 校验）')
    .requiredOption('--out <file>', '备份文件路径，例如 gongkai-2024-01-31.jsonl.gz')
    .action(async (opts: { out: string }) => {
      const { backupDatabase } = await import('../db/backup.ts');
      await useDatabase('备份', false, async (database) => {
        const file = path.resolve(opts.out);
        const s = await backupDatabase(database.db, file);
        const rows = s.tables.reduce((a, t) => a + t.rows, 0);
        process.stdout.write(`${file}\n`);
        process.stdout.write(`备份完成：${s.tables.length} 个数据表，共 ${rows} 行，${s.bytes} 字节\n`);
        for (const t of s.tables) process.stdout.write(`${t.table}\t${t.rows}\t${t.sha256}\n`);
      });
    });

  program
    .command('restore <file>')
    .description('从备份文件恢复到空数据库（先校验整个文件；全部成功或全部不写入）')
    .option('--force', '目标数据库已有数据时清空后覆盖')
    .option('--check', '只校验备份文件，不写入数据库')
    .action(async (file: string, opts: { force?: boolean; check?: boolean }) => {
      const { restoreDatabase, verifyBackup } = await import('../db/backup.ts');
      if (opts.check) {
        const v = await verifyBackup(file);
        process.stdout.write(`备份文件完好：${v.tables.length} 个数据表，共 ${v.tables.reduce((a, t) => a + t.rows, 0)} 行\n`);
        return;
      }
      // Migrate first: restore needs the schema of the backup's migration.
      await useDatabase('恢复', true, async (database) => {
        const s = await restoreDatabase(database.db, file, { force: opts.force });
        const rows = s.tables.reduce((a, t) => a + t.rows, 0);
        process.stdout.write(`恢复完成：${s.tables.length} 个数据表，共 ${rows} 行\n`);
        for (const t of s.tables) process.stdout.write(`${t.table}\t${t.rows}\n`);
      });
    });
}
