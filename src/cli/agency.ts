/** `gongkai agency add --code CODE --name NAME [--parent CODE]` and `gongkai agency list`. */
import type { Command } from 'commander';
import { withDatabase } from './database.ts';

export function register(program: Command) {
  const agency = program.command('agency').description('机关管理');

  agency
    .command('add')
    .description('新增机关')
    .requiredOption('--code <code>', '机关代码，例如 220500-zsj')
    .requiredOption('--name <name>', '机关名称')
    .option('--parent <code>', '上级机关代码')
    .option('--office-name <name>', '政府信息公开工作机构名称')
    .action(async (opts: { code: string; name: string; parent?: string; officeName?: string }) => {
      const { agencyCreateSchema } = await import('../app/schemas.ts');
      const { createAgency } = await import('../app/agencies.ts');
      const parsed = agencyCreateSchema.safeParse({ code: opts.code, name: opts.name, parentCode: opts.parent, officeName: opts.officeName });
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('；'));
      const { SYSTEM } = await import('../app/policies.ts');
      await withDatabase(async (database) => {
        const a = await createAgency(database.db, parsed.data, SYSTEM);
        process.stdout.write(`${a.code}\t${a.name}\n`);
      });
    });

  agency
    .command('list')
    .description('列出机关（每行：代码、制表符、名称）')
    .action(async () => {
      const { listAgencies } = await import('../app/agencies.ts');
      await withDatabase(async (database) => {
        for (const a of await listAgencies(database.db)) process.stdout.write(`${a.code}\t${a.name}\n`);
      });
    });
}
