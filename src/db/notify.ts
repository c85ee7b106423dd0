/**
 * Messages between the processes on one PostgreSQL server: NOTIFY to send, LISTEN on a dedicated
 * connection to receive (issue 20: a write in one process must drop the copies of public pages kept
 * by the others). PostgreSQL delivers a NOTIFY only when its transaction commits, to every session
 * listening on the channel, in commit order.
 *
 * The embedded database (PGlite) admits one process at a time: it has no notifier and the processes'
 * own in-memory path is the whole story (src/app/public-changes.ts).
 *
 * The listening connection is opened at the first listen() and kept; when it breaks (a server
 * restart, a terminated backend, a network cut) it is opened again with back-off, the channels are
 * listened to again, and every listener's `gap` is called: messages may have been missed meanwhile.
 */
import pg from 'pg';
import type { Db } from './index.ts';

export interface ChannelHandlers {
  message(payload: string): void;
  /** The connection was lost and is back: messages sent meanwhile may be missed. */
  gap(): void;
}

export interface Notifier {
  /** Sends `payload` on `channel` to every listening session (call it after the write committed). */
  notify(channel: string, payload: string): Promise<void>;
  /** Listens on `channel`; resolves once LISTEN is in effect, with the function that stops listening. */
  listen(channel: string, handlers: ChannelHandlers): Promise<() => Promise<void>>;
  /** Waits for the notifications sent so far, then closes the listening connection. */
  close(): Promise<void>;
}

const notifiers = new WeakMap<Db, Notifier>();

/** The notifier of a database handle (PostgreSQL), or undefined (PGlite: one process). */
export function notifierOf(db: Db): Notifier | undefined {
  return notifiers.get(db);
}

export function attachNotifier(db: Db, notifier: Notifier): void {
  notifiers.set(db, notifier);
}

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/** A notifier on the server at `url`, sending through `pool`. */
export function postgresNotifier(url: string, pool: pg.Pool, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Notifier {
  const channels = new Map<string, Set<ChannelHandlers>>();
  const pending = new Set<Promise<unknown>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  let retryMs = RETRY_FIRST_MS;
  let retryTimer: NodeJS.Timeout | null = null;

  const quote = (channel: string) => `"${channel.replace(/"/g, '""')}"`;

  function connect(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url });
      c.on('notification', (n) => {
        for (const h of channels.get(n.channel) ?? []) h.message(n.payload ?? '');
      });
      c.on('error', () => lost(c));
      c.on('end', () => lost(c));
      try {
        await c.connect();
        for (const ch of channels.keys()) await c.query(`LISTEN ${quote(ch)}`);
      } catch (err) {
        c.removeAllListeners('end');
        c.on('error', () => {});
        await c.end().catch(() => {});
        throw err;
      }
      client = c;
      retryMs = RETRY_FIRST_MS;
      return c;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  function lost(c: pg.Client) {
    if (client !== c) return;
    client = null;
    if (closed) return;
    log(`PostgreSQL 通知连接已断开，正在重连：跨进程的页面缓存失效可能漏掉，重连后清空本进程的页面缓存`);
    reconnect();
  }

  function reconnect() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().then(
        () => {
          for (const set of channels.values()) for (const h of set) h.gap();
        },
        () => {
          retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
          reconnect();
        },
      );
    }, retryMs);
    retryTimer.unref();
  }

  return {
    notify(channel, payload) {
      const p = pool.query('SELECT pg_notify($1, $2)', [channel, payload]).then(() => undefined);
      pending.add(p);
      void p.finally(() => pending.delete(p)).catch(() => {});
      return p;
    },
    async listen(channel, handlers) {
      if (closed) throw new Error('通知连接已关闭');
      let set = channels.get(channel);
      const first = !set;
      if (!set) channels.set(channel, (set = new Set()));
      set.add(handlers);
      const c = await connect();
      if (first && client === c) await c.query(`LISTEN ${quote(channel)}`);
      return async () => {
        const s = channels.get(channel);
        if (!s) return;
        s.delete(handlers);
        if (s.size > 0) return;
        channels.delete(channel);
        if (client) await client.query(`UNLISTEN ${quote(channel)}`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await Promise.allSettled([...pending]);
      const c = client ?? (connecting ? await connecting.catch(() => null) : null);
      client = null;
      if (c) {
        c.removeAllListeners('end');
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
