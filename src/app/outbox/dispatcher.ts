/** The outbox's dispatcher: delivers committed entries to their subscribers (see index.ts for the API). */
import { sql } from 'drizzle-orm';
import { intArray, queryRows, type Db, type Tx } from '../../db/index.ts';
import { onOutboxWritten, parseOutboxMessage } from '../../db/outbox.ts';
import { registeredSubscribers, type OutboxEntry, type Subscriber } from './registry.ts';

export interface DispatchOptions {
  /** The subscribers to deliver to (default: those registered in this process, read at each pass). */
  subscribers?: readonly Subscriber[];
  /** Entries claimed per transaction (default 50). */
  batchSize?: number;
  /** The wait before the n-th retry of an entry, in ms (default 1 s, doubling, at most 1 hour). */
  backoffMs?: (attempts: number) => number;
  /** The clock (tests). */
  now?: () => Date;
  /** Told of every failure (a subscriber's, a stored entry that does not parse, the database's). */
  onError?: (message: string) => void;
}

export interface DispatchReport {
  /** Entries claimed and examined. */
  entries: number;
  /** Subscriber runs that succeeded. */
  delivered: number;
  /** Subscriber runs (or entries) that failed and will be retried. */
  failed: number;
}

export const DEFAULT_BACKOFF_MS = (attempts: number) => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

interface ClaimedRow extends Record<string, unknown> {
  id: number | string;
  topic: string;
  payload: unknown;
  attempts: number;
  createdAt: Date | string;
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 2000);
}

/**
 * One transaction: claims up to `batchSize` due entries (FOR UPDATE SKIP LOCKED: another dispatcher,
 * in this process or another, skips them while this one holds them), runs each subscriber that
 * handles an entry and has not yet done it, each in its own savepoint with its delivery record, and
 * marks the entry done or schedules its retry. Returns how many entries it claimed.
 */
async function dispatchBatch(db: Db, o: Required<Omit<DispatchOptions, 'subscribers'>> & { subscribers: readonly Subscriber[] }, report: DispatchReport): Promise<number> {
  return db.transaction(async (tx) => {
    // Due by the clock given (tests move it ahead) or the database's own: an entry written a moment ago
    // carries the database's microseconds, which a JavaScript Date of the same millisecond falls short of.
    const now = o.now();
    const rows = await queryRows<ClaimedRow>(
      tx,
      sql`select id, topic, payload, attempts, created_at as "createdAt" from outbox
           where done_at is null and next_attempt_at <= greatest(${now.toISOString()}::timestamptz, clock_timestamp())
           order by id limit ${o.batchSize} for update skip locked`,
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => Number(r.id));
    const doneRows = await queryRows<{ entryId: number | string; subscriber: string }>(
      tx,
      sql`select entry_id as "entryId", subscriber from outbox_deliveries where entry_id = any(${intArray(ids)}) and done_at is not null`,
    );
    const done = new Set(doneRows.map((d) => `${Number(d.entryId)}\u0000${d.subscriber}`));
    const completed: number[] = [];
    for (const row of rows) {
      const id = Number(row.id);
      let entry: OutboxEntry;
      try {
        entry = { ...parseOutboxMessage(row.topic, row.payload), id, attempts: row.attempts, createdAt: new Date(row.createdAt) } as OutboxEntry;
      } catch (e) {
        await retryLater(tx, id, row.attempts, `#${id}：${messageOf(e)}`, o, now, report);
        continue;
      }
      const errors: string[] = [];
      for (const s of o.subscribers) {
        if (done.has(`${id}\u0000${s.name}`)) continue;
        let wanted: boolean;
        try {
          wanted = s.handles(entry);
        } catch (e) {
          errors.push(`${s.name}：${messageOf(e)}`);
          continue;
        }
        if (!wanted) continue;
        try {
          await tx.transaction(async (sp) => {
            await s.run(sp as unknown as Tx, entry);
            await sp.execute(
              sql`insert into outbox_deliveries (entry_id, subscriber, attempts, done_at, updated_at)
                  values (${id}, ${s.name}, 1, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
                  on conflict (entry_id, subscriber) do update
                    set attempts = outbox_deliveries.attempts + 1, done_at = excluded.done_at, last_error = null, updated_at = excluded.updated_at`,
            );
          });
          report.delivered++;
        } catch (e) {
          const message = messageOf(e);
          errors.push(`${s.name}：${message}`);
          await tx.execute(
            sql`insert into outbox_deliveries (entry_id, subscriber, attempts, last_error, updated_at)
                values (${id}, ${s.name}, 1, ${message}, ${now.toISOString()}::timestamptz)
                on conflict (entry_id, subscriber) do update
                  set attempts = outbox_deliveries.attempts + 1, last_error = excluded.last_error, updated_at = excluded.updated_at`,
          );
        }
      }
      if (errors.length) await retryLater(tx, id, row.attempts, errors.join('；'), o, now, report);
      else completed.push(id);
    }
    if (completed.length) {
      await tx.execute(
        sql`update outbox set done_at = ${now.toISOString()}::timestamptz, attempts = attempts + 1, last_error = null where id = any(${intArray(completed)})`,
      );
    }
    report.entries += rows.length;
    return rows.length;
  });
}

async function retryLater(
  tx: Tx,
  id: number,
  attempts: number,
  error: string,
  o: Required<Omit<DispatchOptions, 'subscribers'>>,
  now: Date,
  report: DispatchReport,
): Promise<void> {
  const next = new Date(now.getTime() + Math.max(1, o.backoffMs(attempts + 1)));
  await tx.execute(
    sql`update outbox set attempts = attempts + 1, last_error = ${error}, next_attempt_at = ${next.toISOString()}::timestamptz where id = ${id}`,
  );
  report.failed++;
  o.onError(`消息 #${id} 第${attempts + 1}次投递失败，${next.toISOString()} 重试：${error}`);
}

function withDefaults(options: DispatchOptions) {
  return {
    subscribers: options.subscribers ?? registeredSubscribers(),
    batchSize: options.batchSize ?? 50,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    now: options.now ?? (() => new Date()),
    onError: options.onError ?? ((m: string) => process.stderr.write(`[outbox] ${m}\n`)),
  };
}

/** Delivers every entry that is due now, batch after batch, and returns what it did. */
export async function dispatchOnce(db: Db, options: DispatchOptions = {}): Promise<DispatchReport> {
  const o = withDefaults(options);
  const report: DispatchReport = { entries: 0, delivered: 0, failed: 0 };
  while ((await dispatchBatch(db, o, report)) === o.batchSize) {
    // a full batch: there may be more
  }
  return report;
}

export interface Dispatcher {
  /** Looks again now (also done on every write to the outbox in this process). */
  wake(): void;
  /** Resolves when the pass running now (if any) and those asked for meanwhile have finished. */
  idle(): Promise<void>;
  /** Stops polling and waits for the running pass. */
  stop(): Promise<void>;
}

export interface StartOptions extends DispatchOptions {
  /** Poll interval in ms (default env GONGKAI_OUTBOX_POLL_MS or 1,000): picks up entries other processes wrote and retries that fell due. */
  pollMs?: number;
}

/**
 * Starts delivering in the background: at once (the entries left pending by a crash or written while
 * no dispatcher ran), after every write to the outbox in this process, and every `pollMs`.
 */
export function startDispatcher(db: Db, options: StartOptions = {}): Dispatcher {
  const pollMs = options.pollMs ?? Number(process.env.GONGKAI_OUTBOX_POLL_MS ?? 1000);
  if (!Number.isFinite(pollMs) || pollMs <= 0) throw new Error(`消息投递的轮询间隔应为正的毫秒数，现为 ${pollMs}`);
  const onError = withDefaults(options).onError;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let soon: NodeJS.Timeout | null = null;
  const pass = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await dispatchOnce(db, options);
        } catch (e) {
          onError(`投递中断，稍后重试：${messageOf(e)}`);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const wake = () => {
    // Writes announce themselves before their transaction commits: look a moment later.
    if (stopped || soon) return;
    soon = setTimeout(() => {
      soon = null;
      void pass();
    }, 20);
    soon.unref?.();
  };
  const timer = setInterval(() => void pass(), pollMs);
  timer.unref?.();
  const prune = () => {
    if (!stopped) pruneOutbox(db).catch((e) => onError(`清理已投递的消息失败：${messageOf(e)}`));
  };
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref?.();
  const unsubscribe = onOutboxWritten(wake);
  void pass().then(prune);
  return {
    wake,
    idle: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(pruneTimer);
      if (soon) clearTimeout(soon);
      unsubscribe();
      while (running) await running;
    },
  };
}

/**
 * Deletes the entries delivered before `before` (default: 30 days ago) and their delivery records:
 * the outbox is a queue, not a history (the events themselves stay in application_events).
 */
export async function pruneOutbox(db: Db, before: Date = new Date(Date.now() - 30 * 86_400_000)): Promise<number> {
  return db.transaction(async (tx) => {
    const t = before.toISOString();
    await tx.execute(sql`delete from outbox_deliveries d using outbox o where o.id = d.entry_id and o.done_at < ${t}::timestamptz`);
    const rows = await queryRows<{ id: number }>(tx, sql`delete from outbox where done_at < ${t}::timestamptz returning id`);
    return rows.length;
  });
}

/** The entries not yet delivered, with their tries and last error (for administrators and tests). */
export async function outboxBacklog(db: Db): Promise<Array<{ id: number; topic: string; attempts: number; lastError: string | null; nextAttemptAt: string }>> {
  const rows = await queryRows<{ id: number | string; topic: string; attempts: number; lastError: string | null; nextAttemptAt: Date | string }>(
    db,
    sql`select id, topic, attempts, last_error as "lastError", next_attempt_at as "nextAttemptAt" from outbox where done_at is null order by id limit 1000`,
  );
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic, attempts: r.attempts, lastError: r.lastError, nextAttemptAt: new Date(r.nextAttemptAt).toISOString() }));
}
