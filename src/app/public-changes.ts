/**
 * "Something a public page shows has changed": the use cases announce it, the transports that keep
 * copies of public pages (the server's page cache) listen. The use-case layer knows no transport:
 * the page cache subscribes here when the server starts (src/server/pages/page-cache.ts).
 *
 * Scope: listeners of one database handle in this process. Other processes on the same PostgreSQL
 * bound their staleness by the page cache's TTL.
 */
import type { Db } from '../db/index.ts';

type Listener = () => void;
const listenersByDb = new WeakMap<Db, Set<Listener>>();

/** Subscribes `listener` to changes of public data in `db`; returns the unsubscribe function. */
export function onPublicDataChanged(db: Db, listener: Listener): () => void {
  let set = listenersByDb.get(db);
  if (!set) listenersByDb.set(db, (set = new Set()));
  set.add(listener);
  const s = set;
  return () => {
    s.delete(listener);
  };
}

/** Announces that data a public page shows has changed in `db` (call after the write committed). */
export function publicDataChanged(db: Db): void {
  const set = listenersByDb.get(db);
  if (set) for (const l of set) l();
}
