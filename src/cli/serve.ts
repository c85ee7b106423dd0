/**
 * `gongkai serve` (= `npm start`): opens the database (PGlite in GONGKAI_DATA_DIR, default ./data,
 * or DATABASE_URL), migrates it, loads the demo data into a fresh one, starts the outbox's
 * dispatcher (src/app/outbox) and serves on PORT (3000).
 */
import type { Command } from 'commander';
import { openDatabase, optionsFromEnv } from '../db/index.ts';
import { DEMO_PASSWORD, isEmpty, seedDemo } from '../db/seed/demo.ts';
import { buildApp } from '../server/app.ts';
import { checkMailConfig, describeSmtp, mailConfigFromEnv } from '../app/notifications/mail.ts';
import { startDispatcher } from '../app/outbox/index.ts';

export function register(program: Command) {
  program
    .command('serve')
    .description('启动网站和 API 服务（PORT，默认 3000）')
    .option('--port <port>', '端口（默认取 PORT 环境变量或 3000）')
    .option('--host <host>', '监听地址（默认取 HOST 环境变量或 0.0.0.0）')
    .option('--no-demo', '新数据库不载入演示数据')
    .action(async (opts: { port?: string; host?: string; demo: boolean }) => {
      const port = Number(opts.port ?? process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`端口号不正确：${opts.port ?? process.env.PORT}`);
      const host = opts.host ?? process.env.HOST ?? '0.0.0.0';
      const production = process.env.NODE_ENV === 'production';
      // E-mail (contracts.md §7): checked before anything starts; said once, either way.
      const mail = mailConfigFromEnv();
      if (mail) checkMailConfig(mail);
      const database = await openDatabase(optionsFromEnv());
      let seeded = false;
      if (opts.demo && (await isEmpty(database.db))) {
        await seedDemo(database.db);
        seeded = true;
      }
      const app = await buildApp({
        db: database.db,
        logger: { level: process.env.LOG_LEVEL ?? (production ? 'info' : 'warn') },
        secureCookies: production ? true : 'auto',
        trustProxy: process.env.GONGKAI_TRUST_PROXY === '1',
        notifications: {},
      });
      // Side effects after commit (src/app/outbox): what a crash left pending is delivered now.
      const dispatcher = startDispatcher(database.db, { onError: (m) => app.log.error(`[outbox] ${m}`) });
      let closing = false;
      const shutdown = async () => {
        if (closing) return;
        closing = true;
        await app.close().catch(() => {});
        await dispatcher.stop().catch(() => {});
        await database.close().catch(() => {});
        process.exit(0);
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      try {
        await app.listen({ port, host });
      } catch (err) {
        await dispatcher.stop().catch(() => {});
        await database.close();
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') throw new Error(`端口 ${port} 已被占用，请用 PORT 环境变量换一个端口`);
        throw err;
      }
      const addr = app.server.address();
      const actualPort = typeof addr === 'object' && addr ? addr.port : port;
      const where = database.kind === 'pglite' ? `内嵌数据库 ${database.location}` : `PostgreSQL ${database.location}`;
      process.stdout.write(
        mail
          ? `邮件发送已开通：${describeSmtp(mail.smtpUrl)}，发件人 ${mail.from}，链接指向 ${mail.baseUrl}\n`
          : '邮件发送未开通（未设置 GONGKAI_SMTP_URL 和 GONGKAI_MAIL_FROM）：不发送任何邮件，站内消息照常\n',
      );
      process.stdout.write(`Gongkai 已启动：http://localhost:${actualPort}/ （${where}）\n`);
      if (seeded) process.stdout.write(`已载入演示数据，演示账号密码：${DEMO_PASSWORD}（例如 admin@city.demo）\n`);
    });
}
