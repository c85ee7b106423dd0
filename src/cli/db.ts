/** `gongkai migrate` and `gongkai seed --demo`. */
import type { Command } from 'commander';
import { withDatabase } from './database.ts';

export function register(program: Command) {
  program
    .command('migrate')
    .description('创建或升级数据库结构（不载入演示数据）')
    .action(async () => {
      await withDatabase(async (database) => {
        process.stdout.write(`数据库已是最新结构（${database.kind === 'pglite' ? '内嵌数据库' : 'PostgreSQL'}：${database.location}）\n`);
      });
    });

  program
    .command('seed')
    .description('载入数据（--demo：演示机关、工作人员和申请人；可重复执行）')
    .option('--demo', '载入演示数据')
    .action(async (opts: { demo?: boolean }) => {
      if (!opts.demo) throw new Error('请指定要载入的数据，例如 gongkai seed --demo');
      const { DEMO_PASSWORD, seedDemo } = await import('../db/seed/demo.ts');
      await withDatabase(async (database) => {
        const ctx = await seedDemo(database.db);
        process.stdout.write(`演示数据已载入：${ctx.agencies.size} 个机关，${ctx.users.size} 个账号（密码 ${DEMO_PASSWORD}）\n`);
      });
    });
}
