/**
 * A nudge to this process's mail dispatchers that new mail was queued, so that a receipt goes within
 * a moment rather than at the next poll. Only a hint: the message is in the database, and a
 * dispatcher finds it at its next poll anyway (another process's, or after a restart).
 */
const listeners = new Set<() => void>();

export function onMailQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called after queuing; the dispatchers look a little later (the queuing transaction commits first). */
export function wakeDispatchers(): void {
  if (listeners.size === 0) return;
  setTimeout(() => {
    for (const l of listeners) l();
  }, 50).unref();
}
