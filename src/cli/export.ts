/** `gongkai export applications [--agency CODE] [--out FILE]`: the import's own CSV (contracts.md §3). */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { withDatabase } from './database.ts';

export function register(program: Command) {
  const exp = program.command('export').description('导出数据（CSV，可原样导入）');
  exp
    .command('applications')
    .description('导出政府信息公开申请（与 import applications 的列相同）')
    .option('--agency <code>', '只导出该机关的申请')
    .option('--out <file>', '写入文件（默认输出到标准输出）')
    .action(async (opts: { agency?: string; out?: string }) => {
      const { exportApplicationsCsv } = await import('../app/applications/import.ts');
      await withDatabase(async (database) => {
        const csv = await exportApplicationsCsv(database.db, opts.agency);
        if (opts.out) {
          writeFileSync(opts.out, csv, 'utf8');
          process.stderr.write(`已导出到 ${opts.out}\n`);
        } else process.stdout.write(csv);
      });
    });
}
