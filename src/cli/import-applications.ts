/**
 * `gongkai import applications FILE.csv` and `gongkai import appeals FILE.csv` (contracts.md §3):
 * all-or-nothing, a bad row rejects the file naming the line and the reason (Chinese).
 */
import type { Command } from 'commander';
import { withDatabase } from './database.ts';
import { readCsvFile as read } from './csv-file.ts';

export function registerImports(importCommand: Command) {
  importCommand
    .command('applications <file>')
    .description('导入政府信息公开申请（列：agency_code, number, applicant_type, channel, received_date, decided_date, outcome [, applicant_name, subject, submitted_date]）')
    .action(async (file: string) => {
      const text = read(file);
      const { importApplicationsCsv } = await import('../app/applications/import.ts');
      await withDatabase(async (database) => {
        const n = await importApplicationsCsv(database.db, text, file);
        process.stdout.write(`${n}\n已导入${n}件申请\n`);
      });
    });
  importCommand
    .command('appeals <file>')
    .description('导入行政复议、行政诉讼案件（列：agency_code, number, kind, filed_date, concluded_date, result [, application_number, organ, co_defendant]）')
    .action(async (file: string) => {
      const text = read(file);
      const { importAppealsCsv } = await import('../app/applications/import.ts');
      await withDatabase(async (database) => {
        const n = await importAppealsCsv(database.db, text, file);
        process.stdout.write(`${n}\n已导入${n}件复议、诉讼案件\n`);
      });
    });
}
