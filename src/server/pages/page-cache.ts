/**
 * The cache of rendered anonymous portal pages (issue 9: a public page needed at least one database
 * query, which held the portal at 1–5% of a constant route's requests per second).
 *
 * What is cached (named policy): the HTML of a public portal page (home, agency page, 公开指南,
 * 公开目录 and its category pages, document pages and their 历史版本, 年度报告 list) as an anonymous
 * visitor sees it — a GET (or HEAD) without a signed-in user, answered 200, with no CSRF token, no
 * form that needs one, no notice for one visitor, no preview and no cookie set. The key is the
 * page's canonical URL (path + the query parameters the page uses, normalised by the route; any
 * other parameter is ignored, so junk query strings neither miss nor fill the cache) and its
 * variant: 大字版 (the `gk_text=large` cookie of layout.ts) or standard.
 *
 * Freshness:
 * - any request that may have written (a POST/PUT/PATCH/DELETE that ended 2xx/3xx, or 5xx where a
 *   partial write cannot be excluded) empties every page cache of its database in this process at
 *   once (a generation counter, bumped in onSend: before the response leaves). Routes that change
 *   nothing and opt out of CSRF (`config: { csrf: false }`, the public auditor) do not, nor writes
 *   no public page shows (`config: keepsPublicPages(…)`: login, logout, registration, an
 *   applicant's submission or withdrawal);
 * - invalidatePortalPages(db) does the same for writes made outside HTTP in this process
 *   (createAgency/updateAgency through forgetAgencyDirectory);
 * - on PostgreSQL both also send a NOTIFY, and every server process on the same database LISTENs:
 *   a write through one process empties the caches of all of them as soon as it is committed
 *   (src/app/public-changes.ts, src/db/notify.ts; issue 20);
 * - a render that started before an invalidation is not stored (its data may be older than it);
 * - every page lives at most `ttlMs` (env GONGKAI_PAGE_CACHE_TTL_MS, default 10 s; 0 turns the cache
 *   off): the bound on staleness for a change message lost (the listening connection broken: the
 *   cache is emptied again when it is back), for writes no use case announces, and for the date
 *   turning at midnight.
 * - 点击数 stays live: a document page is kept in two parts around its count, with the count it was
 *   rendered with and a ViewCounter mark (src/app/portal/views.ts); a hit counts the visitor's
 *   view as the route does and shows rendered + views counted since — what a fresh render shows.
 *
 * Memory is bounded by entries and bytes (lru-cache, least recently used out first); a page larger
 * than maxEntryBytes is served but not kept.
 *
 * Routes use one helper:
 *   app.get('/agencies/:code/guide', (request, reply) =>
 *     sendPortalPage(request, reply, `/agencies/${encodeURIComponent(code)}/guide`, async (ctx) => ({ title, body })));
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { App } from '../app.ts';
import { onPublicDataChanged, publicDataChanged, shareChangesAcrossProcesses } from '../../app/public-changes.ts';
import type { Db } from '../../db/index.ts';
import type { ViewCounter, ViewMark } from '../../app/portal/views.ts';
import { raw, type SafeHtml } from './html.ts';
import { TEXT_SIZE_COOKIE } from './layout.ts';
import { renderPage, type PageOptions } from './render.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The rendered-page cache of the public portal (src/server/pages/page-cache.ts). */
    pageCache: PageCache;
  }
}

export const PAGE_CACHE_TTL_ENV = 'GONGKAI_PAGE_CACHE_TTL_MS';
export const DEFAULT_PAGE_CACHE_TTL_MS = 10_000;
export const DEFAULT_PAGE_CACHE_MAX_ENTRIES = 10_000;
export const DEFAULT_PAGE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

export interface PageCacheOptions {
  /** How long a page may be served from the cache; 0 turns the cache off. Default: env GONGKAI_PAGE_CACHE_TTL_MS or 10 s. */
  ttlMs?: number;
  /** Most pages kept (default 10,000). */
  maxEntries?: number;
  /** Most bytes of HTML kept (default 64 MB). */
  maxBytes?: number;
  /** A page larger than this is not kept (default maxBytes / 16). */
  maxEntryBytes?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** The TTL from the environment (GONGKAI_PAGE_CACHE_TTL_MS), or the default; a wrong value is refused in Chinese. */
export function pageCacheTtlFromEnv(env: Record<string, string | undefined> = process.env): number {
  const v = env[PAGE_CACHE_TTL_ENV];
  if (v === undefined || v.trim() === '') return DEFAULT_PAGE_CACHE_TTL_MS;
  if (!/^\d+$/.test(v.trim())) throw new Error(`环境变量 ${PAGE_CACHE_TTL_ENV} 应为不小于 0 的整数（毫秒，0 表示关闭页面缓存），现为“${v}”`);
  return Number(v.trim());
}

/** A document's 点击数 inside a cached page: its counter, the count it was rendered with and the counter's mark then. */
export interface LiveViews {
  counter: ViewCounter;
  documentId: number;
  rendered: number;
  mark: ViewMark;
}

/** A cached page: its bytes (or the bytes before and after the live 点击数), stored at `storedAt` in `generation`. */
export interface CachedPage {
  parts: Buffer[];
  live?: LiveViews;
  generation: number;
  storedAt: number;
}

export class PageCache {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  private readonly now: () => number;
  private readonly lru: LRUCache<string, CachedPage>;
  private gen = 0;
  /** Counters for tests and monitoring. */
  readonly stats = { hits: 0, misses: 0, stored: 0, refused: 0, invalidations: 0 };

  constructor(o: PageCacheOptions = {}) {
    this.ttlMs = o.ttlMs ?? pageCacheTtlFromEnv();
    if (!Number.isFinite(this.ttlMs) || this.ttlMs < 0) throw new Error(`页面缓存的有效期应为不小于 0 的毫秒数，现为 ${this.ttlMs}`);
    this.maxEntries = o.maxEntries ?? DEFAULT_PAGE_CACHE_MAX_ENTRIES;
    this.maxBytes = o.maxBytes ?? DEFAULT_PAGE_CACHE_MAX_BYTES;
    this.maxEntryBytes = o.maxEntryBytes ?? Math.floor(this.maxBytes / 16);
    this.now = o.now ?? Date.now;
    this.lru = new LRUCache<string, CachedPage>({
      max: Math.max(1, this.maxEntries),
      maxSize: Math.max(1, this.maxBytes),
      maxEntrySize: Math.max(1, this.maxEntryBytes),
      sizeCalculation: (p) => Math.max(1, p.parts.reduce((n, b) => n + b.length, 0)),
    });
  }

  /** False when the TTL is 0: nothing is looked up or kept. */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The generation: read it before rendering, give it to set(). */
  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  /** The page under `key` if it is of this generation and younger than the TTL. */
  get(key: string): CachedPage | undefined {
    if (!this.enabled) return undefined;
    const p = this.lru.get(key);
    if (!p) return undefined;
    if (p.generation !== this.gen || this.now() - p.storedAt >= this.ttlMs) {
      this.lru.delete(key);
      return undefined;
    }
    return p;
  }

  /**
   * Keeps a page rendered from data read in `generation` (read before rendering). Refused when an
   * invalidation came in between (the page may show what was just changed), when the cache is off,
   * or when the page is larger than maxEntryBytes.
   */
  set(key: string, generation: number, page: Omit<CachedPage, 'generation' | 'storedAt'>): boolean {
    const size = page.parts.reduce((n, b) => n + b.length, 0);
    if (!this.enabled || generation !== this.gen || size > this.maxEntryBytes) {
      this.stats.refused++;
      return false;
    }
    this.lru.set(key, { ...page, generation, storedAt: this.now() });
    this.stats.stored++;
    return this.lru.has(key);
  }

  /** Drops every page (a write that may change any public page). */
  invalidate(): void {
    this.gen++;
    this.lru.clear();
    this.stats.invalidations++;
  }
}

// ------------------------------------------------------------------------------------------------
// Invalidation: every cache of a database in this process
// ------------------------------------------------------------------------------------------------

/**
 * Drops every cached portal page of `db` in this process at once, and in the other processes on the
 * same PostgreSQL (resolves when they have been sent the message). Call after a write made outside HTTP.
 */
export function invalidatePortalPages(db: Db): Promise<void> {
  return publicDataChanged(db);
}

/**
 * Route config of a write that cannot change a public portal page — signing in or out, registering,
 * a password, an applicant's own submission or withdrawal (no public page shows accounts or
 * applications): it does not empty the page cache, or every login would flush the portal.
 */
export function keepsPublicPages<T extends object>(config?: T): T & { keepsPublicPages: true } {
  return { ...(config ?? ({} as T)), keepsPublicPages: true };
}

function mayHaveWritten(request: FastifyRequest, status: number): boolean {
  const m = request.method;
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return false;
  if (status >= 400 && status < 500) return false; // refused: the data is as it was (design.md)
  const config = request.routeOptions.config as { csrf?: boolean; keepsPublicPages?: boolean } | undefined;
  return config?.csrf !== false && config?.keepsPublicPages !== true;
}

/**
 * Creates the app's page cache (app.pageCache), the hook that empties it after every write (here and,
 * by NOTIFY, in the other processes on the same PostgreSQL), and the LISTEN that empties it when
 * another process writes (started when the app is ready, stopped when it closes).
 */
export function registerPageCache(app: App, options: PageCacheOptions = {}): PageCache {
  const cache = new PageCache(options);
  app.decorate('pageCache', cache);
  const unsubscribe = onPublicDataChanged(app.db, () => cache.invalidate());
  let stopSharing: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopSharing = await shareChangesAcrossProcesses(app.db);
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await stopSharing?.();
  });
  // onSend: after the handler has written (and committed), before the client can see the answer and
  // ask again — here or, once the NOTIFY is sent, in another process.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!mayHaveWritten(request, reply.statusCode)) return done(null, payload);
    invalidatePortalPages(app.db).then(() => done(null, payload));
  });
  return cache;
}

// ------------------------------------------------------------------------------------------------
// The helper of the portal routes
// ------------------------------------------------------------------------------------------------

/** What a portal page's render function is given. */
export interface PortalPageContext {
  /**
   * The 点击数 to print for `documentId`: `views` is what the page shows now (stored + pending of
   * `counter`, the visitor's own view counted by the route). On a cached copy it stays live: each hit
   * counts the visitor's view with `counter` and shows `views` + the views counted since.
   */
  views(counter: ViewCounter, documentId: number, views: number): SafeHtml;
}

export interface PortalPageOptions extends PageOptions {
  /** False: never cache this answer (a staff preview). */
  cacheable?: boolean;
}

/** Stands for the 点击数 in a page being cached; random per process, so no document can contain it. */
const VIEWS_SLOT = `\u{E000}gk-views-${randomBytes(12).toString('hex')}\u{E000}`;

function send(reply: FastifyReply, body: Buffer | string, cache: 'hit' | 'miss' | 'bypass', status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-cache', cache).send(body);
}

function assemble(parts: Buffer[], views: number | undefined): Buffer {
  if (parts.length === 1) return parts[0];
  const n = Buffer.from(String(views ?? 0));
  const list: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) list.push(n);
    list.push(p);
  });
  return Buffer.concat(list);
}

/** The cached page's body for this visitor (his view counted), or undefined when its 点击数 mark is void. */
function hitBody(page: CachedPage, request: FastifyRequest): Buffer | undefined {
  const live = page.live;
  if (!live) return page.parts[0];
  const counter = live.counter;
  if (counter.since(live.documentId, live.mark) === undefined) return undefined;
  counter.hit(live.documentId, counter.clientKey(request.ip, request.headers['user-agent']));
  return assemble(page.parts, live.rendered + counter.since(live.documentId, live.mark)!);
}

/**
 * Sends a public portal page at `url` (its canonical URL: path and the query parameters it uses,
 * normalised), from the cache when an anonymous visitor may be served a copy, else rendered by
 * `render` (and kept when it may be). Errors thrown by `render` (a 404) propagate as before.
 */
export async function sendPortalPage(
  request: FastifyRequest,
  reply: FastifyReply,
  url: string,
  render: (ctx: PortalPageContext) => Promise<PortalPageOptions> | PortalPageOptions,
) {
  const app = request.server as unknown as App;
  const cache = app.pageCache;
  const m = request.method;
  const candidate = cache.enabled && !request.currentUser && (m === 'GET' || m === 'HEAD');
  if (!candidate) {
    const o = await render({ views: (_counter, _id, n) => raw(String(n)) });
    return send(reply, renderPage(request, reply, { ...o, path: url }), 'bypass', o.status ?? 200);
  }
  const large = request.cookies?.[TEXT_SIZE_COOKIE] === 'large';
  const key = `${large ? 'L' : 'N'}${url}`;
  const found = cache.get(key);
  if (found) {
    const body = hitBody(found, request);
    if (body) {
      cache.stats.hits++;
      return send(reply, body, 'hit');
    }
  }
  cache.stats.misses++;
  const generation = cache.generation;
  let live: LiveViews | undefined;
  const o = await render({
    views(counter, documentId, views) {
      live = { counter, documentId, rendered: views, mark: counter.mark(documentId) };
      return raw(VIEWS_SLOT);
    },
  });
  const status = o.status ?? 200;
  const html = renderPage(request, reply, { ...o, path: url, largeText: o.largeText ?? large });
  const parts = html.split(VIEWS_SLOT).map((s) => Buffer.from(s));
  const body = assemble(parts, live?.rendered);
  const cacheable =
    o.cacheable !== false &&
    status === 200 &&
    typeof o.body !== 'function' &&
    !o.notice &&
    !request.currentUser &&
    reply.getHeader('set-cookie') === undefined &&
    (parts.length === 1 || live !== undefined);
  if (cacheable) cache.set(key, generation, { parts, live });
  return send(reply, body, cacheable ? 'miss' : 'bypass', status);
}
