/**
 * A real SMTP server (the `smtp-server` package) on a random loopback port that keeps every message
 * it receives, parsed (mailparser). No mock transport: Gongkai's nodemailer client speaks SMTP to it.
 *
 *   const smtp = await startSmtpServer();
 *   process.env.GONGKAI_SMTP_URL = smtp.url;             // smtp://127.0.0.1:PORT
 *   … const [mail] = await smtp.waitFor((m) => m.subject.includes('申请编号'));
 *   await smtp.close();
 *
 * startSmtpServer({ port }) listens on a given port (to bring the "mail server" back on the address a
 * queued message is waiting for); `reject` makes it refuse every message with a 4xx or 5xx code.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { createServer } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  headers: Map<string, unknown>;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the messages matching `pred` once there are at least `count` (default 1). */
  waitFor(pred: (m: ReceivedMail) => boolean, opts?: { count?: number; timeoutMs?: number }): Promise<ReceivedMail[]>;
  /** Refuse every message from now on with this SMTP code (e.g. 451, 550), or accept again (null). */
  reject(code: number | null): void;
  close(): Promise<void>;
}

export async function startSmtpServer(opts: { port?: number } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let rejectCode: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (rejectCode !== null) {
          const err = Object.assign(new Error(rejectCode >= 500 ? '收件人不存在' : '服务器暂时繁忙'), { responseCode: rejectCode });
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        try {
          const parsed = await simpleParser(raw);
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? '',
            headers: parsed.headers as Map<string, unknown>,
            raw: raw.toString('utf8'),
          });
        } catch (err) {
          return callback(err as Error);
        }
        callback();
        for (const w of waiters) w();
      });
    },
  });
  const port = opts.port ?? (await freePort());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    reject: (code) => {
      rejectCode = code;
    },
    waitFor: (pred, { count = 1, timeoutMs = 30_000 } = {}) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.filter(pred);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP 服务器 ${timeoutMs} ms 内没有收到符合条件的邮件（已收到 ${messages.length} 封：${messages.map((m) => m.subject).join(' | ')}）`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nobody listens on now (the "mail server is down" address). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const addr = s.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The first link to Gongkai in a message's text that starts with `prefix` (e.g. `${base}/password/reset`). */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const m = mail.text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s]*`));
  if (!m) throw new Error(`邮件中没有以 ${prefix} 开头的链接：\n${mail.text}`);
  return m[0];
}
