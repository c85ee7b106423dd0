/**
 * The e-mail dispatcher: takes due jobs from mail_jobs and sends them through SMTP (nodemailer).
 *
 * - Claimed once across processes: one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) marks a
 *   batch `sending` with a lease; another dispatcher skips those rows.
 * - A process killed while sending leaves its jobs `sending`; when the lease runs out they are claimed
 *   again (the mail server may then get a message twice — each carries a Message-ID made from its key,
 *   the same at every attempt, so the receiving side can recognise the copy).
 * - A failure puts the job back to `pending` with a later next_attempt_at (policy.ts retryDelayMs);
 *   a permanent refusal (an SMTP 5xx, e.g. no such mailbox) or MAX_ATTEMPTS failures mark it `failed`,
 *   with the error, for an administrator (deliveries.ts).
 * - Every message has an unsubscribe link (List-Unsubscribe too, RFC 8058 one-click).
 */
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { KINDS, MAX_ATTEMPTS, retryDelayMs, withSiteAddress, type NotificationKind } from '../../domain/notifications/index.ts';
import { maskEmail } from '../../domain/identity/index.ts';
import { unsubscribeToken } from './unsubscribe.ts';
import { onMailQueued } from './wake.ts';

export interface ClaimedJob {
  id: number;
  key: string;
  kind: NotificationKind;
  toAddress: string;
  subject: string;
  body: string;
  preferenceOwner: string;
  attempts: number;
}

export interface DispatchOptions {
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
  /** The site's public address for the links (a function: read at each message). */
  baseUrl: string | (() => string);
  /** Jobs per claim (default 20). */
  batch?: number;
  /** How long a claimed job is ours before another dispatcher may take it (default 10 minutes). */
  leaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  /** Where problems are reported (default: standard error). */
  log?: (line: string) => void;
}

/** Claims up to `n` due jobs (pending and due, or sending with an expired lease) for this dispatcher. */
export async function claimMailJobs(db: Db, n: number, leaseMs: number): Promise<ClaimedJob[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`update mail_jobs set status = 'sending', attempts = attempts + 1,
               locked_until = now() + (${leaseMs} * interval '1 millisecond')
         where id in (
           select id from mail_jobs
            where (status = 'pending' and next_attempt_at <= now())
               or (status = 'sending' and locked_until < now())
            order by next_attempt_at, id
            limit ${n}
            for update skip locked)
        returning id, key, kind, to_address, subject, body, preference_owner, attempts`,
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      key: String(r.key),
      kind: r.kind as NotificationKind,
      toAddress: String(r.to_address),
      subject: String(r.subject),
      body: String(r.body),
      preferenceOwner: String(r.preference_owner),
      attempts: Number(r.attempts),
    }))
    .sort((a, b) => a.id - b.id);
}

/** The Message-ID of a job: the same at every attempt, so a copy sent twice can be recognised. */
export function messageIdOf(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'gongkai.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/** An error as stored for administrators: one line, e-mail addresses masked, at most 500 characters. */
export function describeError(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const text = `${e.responseCode ? `${e.responseCode} ` : ''}${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
  return text
    .replace(/[^\s<>"']+@[^\s<>"']+/g, (m) => maskEmail(m))
    .replace(/\s+/g, ' ')
    .slice(0, 500);
}

/** A one-time link (password reset) is not kept in the queue once the message is sent or given up. */
const redactedBody = sql`regexp_replace(body, 'token=[A-Za-z0-9_-]+', 'token=[已隐藏]', 'g')`;

async function sendOne(db: Db, job: ClaimedJob, o: DispatchOptions): Promise<'sent' | 'retry' | 'failed'> {
  const baseUrl = (typeof o.baseUrl === 'function' ? o.baseUrl() : o.baseUrl).replace(/\/+$/, '');
  const unsubscribe = `${baseUrl}/unsubscribe?token=${await unsubscribeToken(db, {
    owner: job.preferenceOwner,
    kind: KINDS[job.kind]?.optional ? job.kind : 'all',
  })}`;
  const footer = `\n——\n本邮件由政府信息公开平台自动发送，请勿直接回复。\n不想再收到此类邮件：${unsubscribe}\n通知设置：${baseUrl}/account/notifications\n`;
  const messageId = messageIdOf(job.key, o.from);
  try {
    await o.transport.sendMail({
      from: o.from,
      to: job.toAddress,
      subject: withSiteAddress(job.subject, baseUrl),
      text: withSiteAddress(job.body, baseUrl) + footer,
      messageId,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  } catch (err) {
    const permanent = typeof (err as { responseCode?: number }).responseCode === 'number' && (err as { responseCode: number }).responseCode >= 500;
    const last = permanent || job.attempts >= (o.maxAttempts ?? MAX_ATTEMPTS);
    const delay = retryDelayMs(job.attempts, o.retryBaseMs, o.retryMaxMs);
    await db.execute(
      sql`update mail_jobs set status = ${last ? 'failed' : 'pending'}, locked_until = null, last_error = ${describeError(err)},
                 body = case when ${last} then ${redactedBody} else body end,
                 next_attempt_at = now() + (${delay} * interval '1 millisecond')
           where id = ${job.id} and status = 'sending'`,
    );
    return last ? 'failed' : 'retry';
  }
  await db.execute(
    sql`update mail_jobs set status = 'sent', sent_at = now(), locked_until = null, last_error = null, message_id = ${messageId},
               body = ${redactedBody}
         where id = ${job.id} and status = 'sending'`,
  );
  return 'sent';
}

/** One round: claims a batch of due jobs and sends them one after another. */
export async function dispatchOnce(db: Db, o: DispatchOptions): Promise<{ sent: number; retry: number; failed: number }> {
  const jobs = await claimMailJobs(db, o.batch ?? 20, o.leaseMs ?? 10 * 60_000);
  const out = { sent: 0, retry: 0, failed: 0 };
  for (const job of jobs) out[await sendOne(db, job, o)]++;
  return out;
}

export interface Dispatcher {
  /** Look for due jobs now. */
  kick(): void;
  /** Stops after the round in progress. */
  stop(): Promise<void>;
}

/** Runs dispatchOnce every `pollMs` (default 5 s), at once when mail is queued in this process, and again while there is work. */
export function startMailDispatcher(db: Db, o: DispatchOptions & { pollMs?: number }): Dispatcher {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const r = await dispatchOnce(db, o);
        if (r.sent + r.retry + r.failed > 0) again = true;
        if (r.failed) log(`邮件发送失败 ${r.failed} 封（已停止重试，见 /console/mail）`);
      } catch (err) {
        log(`邮件发送出错：${describeError(err)}`);
      }
    })().finally(() => {
      running = null;
      const more = again;
      again = false;
      schedule(more ? 0 : (o.pollMs ?? 5_000));
    });
  };
  const unlisten = onMailQueued(run);
  schedule(0);
  return {
    kick: run,
    stop: async () => {
      stopped = true;
      unlisten();
      clearTimeout(timer);
      await running;
    },
  };
}
