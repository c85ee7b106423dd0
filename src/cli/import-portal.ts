/**
 * `gongkai import documents FILE.csv` and `gongkai import figures FILE.csv` (contracts.md §3):
 * all-or-nothing; the first line of standard output is the number of rows imported.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { withDatabase } from './database.ts';

import { readCsvFile as readFile } from './csv-file.ts';

export function registerImports(importCommand: Command) {
  importCommand
    .command('documents <file>')
    .description('导入主动公开文件（列：agency_code, title, doc_number, kind, issued_date, repealed_date, published_date, category, body）')
    .action(async (file: string) => {
      const text = readFile(file);
      const { todayInShanghai } = await import('../domain/calendar/index.ts');
      const { importDocumentsCsv } = await import('../app/portal/import.ts');
      const { SYSTEM } = await import('../app/policies.ts');
      await withDatabase(async (database) => {
        const r = await importDocumentsCsv(database.db, text, SYSTEM, todayInShanghai(new Date()));
        process.stdout.write(`${r.documents}\n已导入 ${r.documents} 份文件（公开 ${r.published}，已废止 ${r.repealed}，草稿 ${r.drafts}）\n`);
      });
    });
  importCommand
    .command('figures <file>')
    .description('导入年度许可、处罚、强制、收费数据（列：agency_code, year, item, value，可选 source）')
    .option('--source <text>', '数据来源（CSV 没有 source 列时使用；默认为文件名）')
    .action(async (file: string, opts: { source?: string }) => {
      const text = readFile(file);
      const { importFiguresCsv } = await import('../app/portal/import.ts');
      const { SYSTEM } = await import('../app/policies.ts');
      await withDatabase(async (database) => {
        const r = await importFiguresCsv(database.db, text, SYSTEM, opts.source ?? `导入文件 ${path.basename(file)}`);
        process.stdout.write(`${r.rows}\n已导入 ${r.rows} 项数据（${r.agencies} 个机关）\n`);
      });
    });
}
