/**
 * `gongkai serve` (= `npm start`): opens the database (PGlite in GONGKAI_DATA_DIR, default ./data,
 * or DATABASE_URL, with its read replica DATABASE_READ_URL), migrates it, loads the demo data into a
 * fresh one, starts the outbox's dispatcher (src/app/outbox) and the notification workers, and serves
 * on PORT (3000) — in `--workers N` processes on one port (src/cli/workers.ts). On PostgreSQL the
 * migrations and the demo data run under a start-up lock: processes started together do them once.
 *
 * The port is open from the first moment: while the database is prepared every request is answered
 * 503 "starting" (src/server/starting.ts), and the terminal shows each step with its time. The last
 * line, 「Gongkai 已启动：http://localhost:PORT/」, says the server takes requests.
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isSupervisor, parseWorkers, superviseWorkers } from './workers.ts';

function listen(server: import('node:http').Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function register(program: Command) {
  program
    .command('serve')
    .description('启动网站和 API 服务（PORT，默认 3000）')
    .option('--port <port>', '端口（默认取 PORT 环境变量或 3000）')
    .option('--host <host>', '监听地址（默认取 HOST 环境变量或 0.0.0.0）')
    .option('--no-demo', '新数据库不载入演示数据')
    .option('--workers <n>', '服务进程数（需要 PostgreSQL；auto = CPU 核数；默认取 GONGKAI_WORKERS 或 1）')
    .action(async (opts: { port?: string; host?: string; demo: boolean; workers?: string }) => {
      const workers = parseWorkers(opts.workers ?? process.env.GONGKAI_WORKERS);
      if (workers > 1 && !process.env.DATABASE_URL) {
        throw new Error('多个服务进程（--workers）需要 PostgreSQL 数据库（DATABASE_URL）：内嵌数据库只允许一个进程使用');
      }
      if (isSupervisor(workers)) return superviseWorkers(workers);
      const port = Number(opts.port ?? process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`端口号不正确：${opts.port ?? process.env.PORT}`);
      const host = opts.host ?? process.env.HOST ?? '0.0.0.0';
      const production = process.env.NODE_ENV === 'production';
      // E-mail (contracts.md §7): checked before anything starts; said once, either way.
      const { checkMailConfig, describeSmtp, mailConfigFromEnv } = await import('../app/notifications/mail.ts');
      const mail = mailConfigFromEnv();
      if (mail) checkMailConfig(mail);
      const { StartupProgress, startingServer } = await import('../server/starting.ts');
      const progress = new StartupProgress((text) => process.stdout.write(text));
      const starting = startingServer(progress);
      let actualPort = port;
      const openPort = async () => {
        try {
          await listen(starting.server, port, host);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`端口 ${port} 已被占用，请用 PORT 环境变量换一个端口`);
          throw err;
        }
        const addr = starting.server.address();
        actualPort = typeof addr === 'object' && addr ? addr.port : port;
      };
      // A worker of `--workers` opens the shared port only once it is ready: the cluster would hand
      // it connections to answer 503 while another worker is ready to serve them.
      const early = !cluster.isWorker;
      if (early) {
        await openPort();
        process.stdout.write(`Gongkai 正在启动，地址 http://localhost:${actualPort}/ （准备好之前 /api/health 答 503 starting）\n`);
      }

      const { migrateDatabase, openDatabase, optionsFromEnv } = await import('../db/index.ts');
      const { DEMO_PASSWORD, DEMO_STEPS, isEmpty, seedDemo } = await import('../db/seed/demo.ts');
      const options = optionsFromEnv();
      const fresh = !options.url && !existsSync(path.join(options.dataDir ?? './data', 'PG_VERSION'));
      // Steps: open, migrate, (demo data: one per seed step), start the web application.
      let total = 3 + (opts.demo && fresh ? DEMO_STEPS.length : 0);
      progress.step(options.url ? '连接 PostgreSQL 数据库' : fresh ? '创建内嵌数据库（首次启动）' : '打开内嵌数据库', total);
      let database: Awaited<ReturnType<typeof openDatabase>>;
      try {
        database = await openDatabase({ ...options, migrate: false });
      } catch (err) {
        starting.server.close();
        throw err;
      }
      let seeded = false;
      try {
        progress.step('更新数据库结构');
        await migrateDatabase(database);
        // Several processes may start at once on one PostgreSQL: one loads the demo data, the others
        // wait for it (Database.exclusive) and find the database no longer empty.
        seeded =
          opts.demo &&
          (await database.exclusive(async () => {
            if (!(await isEmpty(database.db))) return false;
            total = 3 + DEMO_STEPS.length;
            await seedDemo(database.db, { onStep: (label) => progress.step(`载入演示数据：${label}`, total) });
            return true;
          }));
        progress.step('启动网站', total);
        const { buildApp, trustProxyFromEnv } = await import('../server/app.ts');
        const app = await buildApp({
          db: database.db,
          readDb: database.readDb,
          logger: { level: process.env.LOG_LEVEL ?? (production ? 'info' : 'warn') },
          secureCookies: production ? true : 'auto',
          trustProxy: trustProxyFromEnv(process.env.GONGKAI_TRUST_PROXY),
          serverFactory: starting.factory,
          notifications: {},
        });
        await app.ready();
        // Side effects after commit (src/app/outbox): what a crash left pending is delivered now.
        const { startDispatcher } = await import('../app/outbox/index.ts');
        const dispatcher = startDispatcher(database.db, { onError: (m) => app.log.error(`[outbox] ${m}`) });
        starting.ready();
        if (!early) await openPort();
        const seconds = progress.finish();
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
        // A worker of `--workers` whose primary is gone (killed) stops too, rather than linger.
        if (process.send) process.on('disconnect', shutdown);
        const where =
          database.kind === 'pglite'
            ? `内嵌数据库 ${database.location}`
            : `PostgreSQL ${database.location}${database.readDb !== database.db ? '，公开页面读只读副本' : ''}`;
        process.stdout.write(
          mail
            ? `邮件发送已开通：${describeSmtp(mail.smtpUrl)}，发件人 ${mail.from}，链接指向 ${mail.baseUrl}\n`
            : '邮件发送未开通（未设置 GONGKAI_SMTP_URL 和 GONGKAI_MAIL_FROM）：不发送任何邮件，站内消息照常\n',
        );
        process.stdout.write(`Gongkai 已启动：http://localhost:${actualPort}/ （${where}；用时 ${seconds.toFixed(1)} 秒）\n`);
        if (seeded) process.stdout.write(`已载入演示数据，演示账号密码：${DEMO_PASSWORD}（例如 admin@city.demo）\n`);
      } catch (err) {
        starting.server.close();
        await database.close().catch(() => {});
        throw err;
      }
    });
}
