/**
 * "Something a public page shows has changed": the use cases (and the server, after every write
 * request) announce it, the holders of copies of public data (the server's page cache, the agency
 * directory) listen. The use-case layer knows no transport: the page cache subscribes here when the
 * server starts (src/server/pages/page-cache.ts).
 *
 * Across processes (issue 20): on a PostgreSQL server, publicDataChanged also sends a NOTIFY on
 * PUBLIC_CHANGES_CHANNEL (after the write committed: the caller calls it then), and a process that
 * called shareChangesAcrossProcesses(db) — the server, at start — hears the other processes' changes
 * and tells its own listeners at once. Its own messages come back to it and are ignored (the payload
 * names the sending handle). If the listening connection breaks, the listeners are told once it is
 * back (changes may have been missed). The page cache's TTL stays the bound when a message is lost.
 * On PGlite there is one process: the in-process path is the whole story.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { notifierOf } from '../db/notify.ts';

/** The NOTIFY channel of public changes. */
export const PUBLIC_CHANGES_CHANNEL = 'gongkai_public_changes';

type Listener = () => void;
const listenersByDb = new WeakMap<Db, Set<Listener>>();
const lastChangeByDb = new WeakMap<Db, number>();
const origins = new WeakMap<Db, string>();
const PROCESS_ORIGIN = `${process.pid}-${randomBytes(6).toString('hex')}`;
let handles = 0;

/** Who sent a message: this process and this database handle. */
function originOf(db: Db): string {
  let o = origins.get(db);
  if (!o) origins.set(db, (o = `${PROCESS_ORIGIN}-${++handles}`));
  return o;
}

/** Subscribes `listener` to changes of public data in `db` (this process's and, once shared, the others'); returns the unsubscribe function. */
export function onPublicDataChanged(db: Db, listener: Listener): () => void {
  let set = listenersByDb.get(db);
  if (!set) listenersByDb.set(db, (set = new Set()));
  set.add(listener);
  const s = set;
  return () => {
    s.delete(listener);
  };
}

/** When this process last heard of a change of public data in `db` (ms since the epoch; 0 = never). */
export function lastPublicChange(db: Db): number {
  return lastChangeByDb.get(db) ?? 0;
}

function tellListeners(db: Db): void {
  lastChangeByDb.set(db, Date.now());
  const set = listenersByDb.get(db);
  if (set) for (const l of set) l();
}

/**
 * Announces that data a public page shows has changed in `db` (call after the write committed).
 * This process's listeners are told at once; the returned promise settles when the other processes
 * have been sent the message (it never rejects: a lost message is bounded by the cache's TTL).
 */
export function publicDataChanged(db: Db): Promise<void> {
  tellListeners(db);
  const notifier = notifierOf(db);
  if (!notifier) return Promise.resolve();
  return notifier.notify(PUBLIC_CHANGES_CHANNEL, originOf(db)).catch((err: Error) => {
    process.stderr.write(`无法通知其他进程公开数据已变更（它们的页面缓存将在有效期后更新）：${err.message}\n`);
  });
}

const sharing = new WeakMap<Db, { users: number; stop: Promise<() => Promise<void>> }>();

/**
 * Hears the other processes' changes of `db` (PostgreSQL LISTEN; nothing to do on PGlite). Resolves
 * once listening, with the function that stops (several callers on one handle share one LISTEN).
 */
export async function shareChangesAcrossProcesses(db: Db): Promise<() => Promise<void>> {
  const notifier = notifierOf(db);
  if (!notifier) return async () => {};
  let entry = sharing.get(db);
  if (!entry) {
    const me = originOf(db);
    const stop = notifier.listen(PUBLIC_CHANGES_CHANNEL, {
      message: (from) => {
        if (from !== me) tellListeners(db);
      },
      gap: () => tellListeners(db),
    });
    sharing.set(db, (entry = { users: 0, stop }));
    stop.catch(() => {
      if (sharing.get(db) === entry) sharing.delete(db);
    });
  }
  entry.users++;
  const e = entry;
  await e.stop;
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    if (--e.users > 0) return;
    if (sharing.get(db) === e) sharing.delete(db);
    await (await e.stop)();
  };
}
