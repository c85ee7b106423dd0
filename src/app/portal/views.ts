/**
 * The 点击数 of documents, kept without a database write per view on the hot path:
 *
 * - hit(documentId, client) counts a view unless the same client (a hash of IP + User-Agent with a
 *   per-process salt; nothing personal is kept) viewed the same document within `dedupeWindowMs`
 *   (default 30 minutes): reloading does not inflate the count;
 * - counted views are buffered in memory and flushed every `flushIntervalMs` (default 5 s) in ONE
 *   statement, `view_count = view_count + n` (atomic in the database, so several processes or a
 *   concurrent flush never lose an increment), and on shutdown (stop());
 * - a failed flush keeps its increments for the next one;
 * - pending(documentId) is what the page adds to the stored count, so a reader sees his own view;
 *   a batch being written still counts as pending until its statement has returned (a page read
 *   during a flush neither loses nor doubles it);
 * - mark(documentId) / since(mark): views counted in this process since a moment, monotonic (a flush
 *   does not change it). A cached document page (src/server/pages/page-cache.ts) shows the count it
 *   was rendered with plus since(mark): exactly what a fresh render would show.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { intArray, type Db } from '../../db/index.ts';

export interface ViewCounterOptions {
  flushIntervalMs?: number;
  dedupeWindowMs?: number;
  /** Most (client, document) pairs remembered for de-duplication; the oldest are forgotten first. */
  maxRemembered?: number;
  now?: () => number;
}

/** A moment of one counter, for since(): the counter, its epoch and the views it had counted then. */
export interface ViewMark {
  readonly counter: number;
  readonly epoch: number;
  readonly counted: number;
}

let counterIds = 0;

export class ViewCounter {
  private buffer = new Map<number, number>();
  /** The batch a flush is writing: still pending until its statement returns. */
  private inflight = new Map<number, number>();
  /** Views counted in this process per document since the epoch began (monotonic within an epoch). */
  private counted = new Map<number, number>();
  /** Bumped when `counted` is cleared (it holds at most maxRemembered documents): older marks are void. */
  private epoch = 0;
  private readonly id = ++counterIds;
  private seen = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly salt = randomBytes(16);
  readonly flushIntervalMs: number;
  readonly dedupeWindowMs: number;
  private readonly maxRemembered: number;
  private readonly now: () => number;
  /** Number of flush statements run (for tests and monitoring). */
  flushes = 0;

  constructor(
    private readonly db: Db,
    o: ViewCounterOptions = {},
  ) {
    this.flushIntervalMs = o.flushIntervalMs ?? 5000;
    this.dedupeWindowMs = o.dedupeWindowMs ?? 30 * 60_000;
    this.maxRemembered = o.maxRemembered ?? 200_000;
    this.now = o.now ?? Date.now;
  }

  /** A client key from request data, hashed (never stored in clear). */
  clientKey(ip: string, userAgent: string | undefined): string {
    return createHash('sha256').update(this.salt).update(ip).update('\0').update(userAgent ?? '').digest('base64url').slice(0, 22);
  }

  /** Counts a view; false when the same client already viewed this document within the window. */
  hit(documentId: number, clientKey: string): boolean {
    const now = this.now();
    const key = `${documentId}:${clientKey}`;
    const last = this.seen.get(key);
    if (last !== undefined && now - last < this.dedupeWindowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    if (this.seen.size > this.maxRemembered) this.forgetOld(now);
    this.buffer.set(documentId, (this.buffer.get(documentId) ?? 0) + 1);
    if (!this.counted.has(documentId) && this.counted.size >= this.maxRemembered) {
      this.counted.clear();
      this.epoch++;
    }
    this.counted.set(documentId, (this.counted.get(documentId) ?? 0) + 1);
    return true;
  }

  /** This moment, for since(). */
  mark(documentId: number): ViewMark {
    return { counter: this.id, epoch: this.epoch, counted: this.counted.get(documentId) ?? 0 };
  }

  /**
   * Views of the document counted by this counter since `mark` was taken (flushed or not), or
   * undefined when the mark is void (another counter's, or taken before the per-document totals
   * were cleared to bound memory).
   */
  since(documentId: number, mark: ViewMark): number | undefined {
    if (mark.counter !== this.id || mark.epoch !== this.epoch) return undefined;
    return (this.counted.get(documentId) ?? 0) - mark.counted;
  }

  private forgetOld(now: number) {
    for (const [k, t] of this.seen) {
      if (this.seen.size <= this.maxRemembered * 0.9 && now - t < this.dedupeWindowMs) break;
      this.seen.delete(k);
    }
  }

  /** Views counted but not yet written (including a batch whose write has not returned yet). */
  pending(documentId: number): number {
    return (this.buffer.get(documentId) ?? 0) + (this.inflight.get(documentId) ?? 0);
  }

  /** Writes the buffered views in one statement. Concurrent calls are serialised. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => {}).then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    if (this.buffer.size === 0) return;
    const batch = this.buffer;
    this.buffer = new Map();
    this.inflight = batch;
    const ids = [...batch.keys()];
    const counts = ids.map((id) => batch.get(id)!);
    try {
      await this.db.execute(sql`
        UPDATE documents SET view_count = documents.view_count + v.n
        FROM (SELECT unnest(${intArray(ids)}) AS id, unnest(${intArray(counts)}) AS n) AS v
        WHERE documents.id = v.id`);
      this.flushes++;
    } catch (err) {
      // Keep the increments for the next flush.
      for (const [id, n] of batch) this.buffer.set(id, (this.buffer.get(id) ?? 0) + n);
      throw err;
    } finally {
      this.inflight = new Map();
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch(() => {});
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is buffered. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

const counters = new WeakMap<Db, ViewCounter>();

/** The counter of a database (one per process and database). */
export function viewCounterFor(db: Db, options?: ViewCounterOptions): ViewCounter {
  let c = counters.get(db);
  if (!c) {
    c = new ViewCounter(db, options);
    counters.set(db, c);
  }
  return c;
}

/** Forgets the counter of a database (after stop()). */
export function dropViewCounter(db: Db): void {
  counters.delete(db);
  users.delete(db);
}

const users = new WeakMap<Db, number>();

/**
 * The counter of a database for one app, started; release() when the app closes: the last user of
 * the counter stops and drops it (writing what is buffered), an earlier one only flushes. Two apps on
 * one database in one process (tests) thus share one counter and keep its timer until both close.
 */
export function useViewCounter(db: Db, options?: ViewCounterOptions): { counter: ViewCounter; release(): Promise<void> } {
  const counter = viewCounterFor(db, options);
  users.set(db, (users.get(db) ?? 0) + 1);
  counter.start();
  let released = false;
  return {
    counter,
    async release() {
      if (released) return;
      released = true;
      const left = (users.get(db) ?? 1) - 1;
      if (left > 0 && counters.get(db) === counter) {
        users.set(db, left);
        await counter.flush();
        return;
      }
      users.delete(db);
      if (counters.get(db) === counter) counters.delete(db);
      await counter.stop();
    },
  };
}
