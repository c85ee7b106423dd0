/**
 * mail — N e-mails through Gongkai's queue (notify() in one transaction, then the dispatcher claiming,
 * sending and marking each) to a real SMTP server on loopback, against the floor: the same N messages
 * sent by the same nodemailer client straight to the same server, no database. The ratio is what the
 * durability costs per message; the absolute rate is bounded by the SMTP round trips either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { openDatabase } from '../src/db/index.ts';
import { seedDemo } from '../src/db/seed/demo.ts';
import { notify } from '../src/app/notifications/notify.ts';
import { dispatchOnce } from '../src/app/notifications/dispatcher.ts';
import { startSmtpServer } from '../test/support/smtp.ts';
import { measure, timeResult, type Bench, type BenchContext } from './lib/harness.ts';

export const benches: Bench[] = [
  {
    name: 'mail',
    async run(ctx: BenchContext) {
      const n = ctx.size(1_000, 200);
      const smtp = await startSmtpServer();
      const dir = path.join(ctx.tmpDir, `mail-${Date.now()}`);
      fs.mkdirSync(dir, { recursive: true });
      const database = ctx.databaseUrl ? await openDatabase({ url: ctx.databaseUrl }) : await openDatabase({ dataDir: dir });
      const saved = { url: process.env.GONGKAI_SMTP_URL, from: process.env.GONGKAI_MAIL_FROM };
      process.env.GONGKAI_SMTP_URL = smtp.url;
      process.env.GONGKAI_MAIL_FROM = 'bench@gongkai.invalid';
      try {
        await seedDemo(database.db);
        const transport = nodemailer.createTransport(smtp.url, { pool: true, maxConnections: 1 } as never);
        const text = '张三：\n\n您的政府信息公开申请已收到，申请编号为 202600001。\n';
        let round = 0;
        const direct = await measure(
          async () => {
            round++;
            for (let i = 0; i < n; i++) await transport.sendMail({ from: 'bench@gongkai.invalid', to: `d${i}@bench.invalid`, subject: `direct ${round}-${i}`, text });
            return n;
          },
          { warmup: 0, runs: 1 },
        );
        let enqueueMs = 0;
        const queued = await measure(
          async () => {
            round++;
            const t0 = performance.now();
            await database.db.transaction((tx) =>
              notify(
                tx,
                Array.from({ length: n }, (_, i) => ({
                  key: `bench:${round}:${i}`,
                  kind: 'receipt' as const,
                  vars: { 申请人: '张三', 申请编号: `${round}-${i}`, 申请内容: '某文件', 提交日期: '2026年11月16日', 机关: '某局' },
                  link: '/my/applications',
                  recipient: { email: `q${i}@bench.invalid` },
                })),
              ),
            );
            enqueueMs = performance.now() - t0;
            let sent = 0;
            const o = { transport, from: 'bench@gongkai.invalid', baseUrl: 'https://gongkai.invalid', batch: 50 };
            for (let r = await dispatchOnce(database.db, o); r.sent > 0; r = await dispatchOnce(database.db, o)) sent += r.sent;
            if (sent !== n) throw new Error(`只发出了 ${sent}/${n} 封`);
            return sent;
          },
          { warmup: 0, runs: 1 },
        );
        transport.close();
        return [timeResult('mail.queue', n, queued, direct, { enqueue_ms: Math.round(enqueueMs), per_message_ms: Math.round((queued.ms / n) * 100) / 100, received: smtp.messages.length })];
      } finally {
        process.env.GONGKAI_SMTP_URL = saved.url;
        process.env.GONGKAI_MAIL_FROM = saved.from;
        if (saved.url === undefined) delete process.env.GONGKAI_SMTP_URL;
        if (saved.from === undefined) delete process.env.GONGKAI_MAIL_FROM;
        await database.close();
        await smtp.close();
      }
    },
  },
];

export default benches;
