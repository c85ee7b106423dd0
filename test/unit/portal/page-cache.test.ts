/**
 * The rendered-page cache of the public portal (src/server/pages/page-cache.ts): keys, TTL, the
 * bounds on entries and bytes, the generation (a render that started before an invalidation is not
 * kept), the environment knob; and the ViewCounter marks that keep a cached page's 点击数 live.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/index.ts';
import {
  DEFAULT_PAGE_CACHE_TTL_MS,
  PAGE_CACHE_TTL_ENV,
  PageCache,
  pageCacheTtlFromEnv,
} from '../../../src/server/pages/page-cache.ts';
import { ViewCounter } from '../../../src/app/portal/views.ts';

const page = (text: string) => ({ parts: [Buffer.from(text)] });
const text = (p: { parts: Buffer[] } | undefined) => p?.parts.map((b) => b.toString()).join('|');

describe('PageCache', () => {
  it('keeps a page under its key and gives it back; another key misses', () => {
    const cache = new PageCache({ ttlMs: 1000 });
    expect(cache.set('N/documents/1', cache.generation, page('一'))).toBe(true);
    expect(cache.set('L/documents/1', cache.generation, page('大字'))).toBe(true);
    expect(text(cache.get('N/documents/1'))).toBe('一');
    expect(text(cache.get('L/documents/1'))).toBe('大字');
    expect(cache.get('N/documents/2')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('serves a page for less than the TTL, not at or after it', () => {
    let now = 5_000;
    const cache = new PageCache({ ttlMs: 10_000, now: () => now });
    cache.set('N/', cache.generation, page('首页'));
    now += 9_999;
    expect(text(cache.get('N/'))).toBe('首页');
    now += 1;
    expect(cache.get('N/')).toBeUndefined();
    expect(cache.size).toBe(0); // the stale page is dropped
  });

  it('a TTL of 0 turns the cache off: nothing is kept or found', () => {
    const cache = new PageCache({ ttlMs: 0 });
    expect(cache.enabled).toBe(false);
    expect(cache.set('N/', cache.generation, page('x'))).toBe(false);
    expect(cache.get('N/')).toBeUndefined();
    expect(() => new PageCache({ ttlMs: -1 })).toThrow('页面缓存的有效期应为不小于 0 的毫秒数');
  });

  it('invalidate() drops every page; a page rendered from data read before it is refused', () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    cache.set('N/a', cache.generation, page('a'));
    const before = cache.generation; // a render starts
    cache.invalidate(); // a write ends meanwhile
    expect(cache.get('N/a')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.set('N/b', before, page('old b'))).toBe(false);
    expect(cache.get('N/b')).toBeUndefined();
    expect(cache.set('N/b', cache.generation, page('new b'))).toBe(true);
    expect(text(cache.get('N/b'))).toBe('new b');
    expect(cache.stats.invalidations).toBe(1);
  });

  it('holds at most maxEntries pages, the least recently used out first', () => {
    const cache = new PageCache({ ttlMs: 60_000, maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) cache.set(k, cache.generation, page(k));
    cache.get('a'); // a is now the most recently used
    cache.set('d', cache.generation, page('d'));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => text(cache.get(k)))).toEqual(['a', 'c', 'd']);
  });

  it('holds at most maxBytes of HTML and never keeps a page over maxEntryBytes', () => {
    const cache = new PageCache({ ttlMs: 60_000, maxBytes: 1000, maxEntryBytes: 400 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, cache.generation, page('字'.repeat(100))); // 300 bytes each
    expect(cache.bytes).toBeLessThanOrEqual(1000);
    expect(cache.size).toBe(3);
    expect(text(cache.get('k9'))).toBe('字'.repeat(100));
    expect(cache.set('big', cache.generation, page('x'.repeat(401)))).toBe(false);
    expect(cache.get('big')).toBeUndefined();
    // a page in parts (around a live 点击数) counts all its parts
    expect(cache.set('parts', cache.generation, { parts: [Buffer.alloc(200), Buffer.alloc(201)] })).toBe(false);
  });

  it('the TTL comes from GONGKAI_PAGE_CACHE_TTL_MS, 10 s by default; a wrong value is refused in Chinese', () => {
    expect(pageCacheTtlFromEnv({})).toBe(DEFAULT_PAGE_CACHE_TTL_MS);
    expect(DEFAULT_PAGE_CACHE_TTL_MS).toBe(10_000);
    expect(pageCacheTtlFromEnv({ [PAGE_CACHE_TTL_ENV]: '2500' })).toBe(2500);
    expect(pageCacheTtlFromEnv({ [PAGE_CACHE_TTL_ENV]: ' 0 ' })).toBe(0);
    expect(pageCacheTtlFromEnv({ [PAGE_CACHE_TTL_ENV]: '' })).toBe(DEFAULT_PAGE_CACHE_TTL_MS);
    for (const bad of ['-1', '10s', '1.5', 'abc']) {
      expect(() => pageCacheTtlFromEnv({ [PAGE_CACHE_TTL_ENV]: bad })).toThrow(`环境变量 ${PAGE_CACHE_TTL_ENV} 应为不小于 0 的整数`);
    }
    expect(new PageCache({ ttlMs: 1 }).ttlMs).toBe(1);
  });

  it('property: get() answers exactly the last page set in the current generation within the TTL', () => {
    type Op =
      | { op: 'set'; key: number; value: number; stale: boolean }
      | { op: 'get'; key: number }
      | { op: 'invalidate' }
      | { op: 'tick'; ms: number };
    const ops = fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('set' as const), key: fc.nat(4), value: fc.nat(1000), stale: fc.boolean() }),
        fc.record({ op: fc.constant('get' as const), key: fc.nat(4) }),
        fc.record({ op: fc.constant('invalidate' as const) }),
        fc.record({ op: fc.constant('tick' as const), ms: fc.nat(60) }),
      ),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(ops, (list: Op[]) => {
        let now = 0;
        const ttl = 100;
        const cache = new PageCache({ ttlMs: ttl, now: () => now, maxEntries: 100 });
        const model = new Map<number, { value: number; at: number }>();
        let previousGeneration = cache.generation;
        for (const o of list) {
          if (o.op === 'set') {
            // `stale`: the render read its data before the last invalidation
            const gen = o.stale ? previousGeneration : cache.generation;
            const kept = cache.set(`k${o.key}`, gen, page(String(o.value)));
            expect(kept).toBe(gen === cache.generation);
            if (kept) model.set(o.key, { value: o.value, at: now });
          } else if (o.op === 'get') {
            const m = model.get(o.key);
            const expected = m && now - m.at < ttl ? String(m.value) : undefined;
            expect(text(cache.get(`k${o.key}`))).toBe(expected);
            if (!expected) model.delete(o.key);
          } else if (o.op === 'invalidate') {
            previousGeneration = cache.generation;
            cache.invalidate();
            model.clear();
          } else now += o.ms;
        }
      }),
    );
  });
});

describe('ViewCounter marks (the live 点击数 of a cached page)', () => {
  // Only hit(), mark() and since() are used: no statement reaches the database.
  const noDatabase = {} as Db;

  it('since(mark) is the views counted after the mark, de-duplicated as hit() is', () => {
    const counter = new ViewCounter(noDatabase);
    counter.hit(7, 'a');
    const mark = counter.mark(7);
    expect(counter.since(7, mark)).toBe(0);
    counter.hit(7, 'b');
    counter.hit(7, 'b'); // a reload: not a view
    counter.hit(8, 'c'); // another document
    counter.hit(7, 'c');
    expect(counter.since(7, mark)).toBe(2);
    expect(counter.since(8, counter.mark(8))).toBe(0);
    expect(counter.pending(7)).toBe(3);
  });

  it("another counter's mark, or one taken before the totals were cleared, is void", () => {
    const counter = new ViewCounter(noDatabase, { maxRemembered: 3 });
    const other = new ViewCounter(noDatabase);
    expect(other.since(1, counter.mark(1))).toBeUndefined();
    counter.hit(1, 'x');
    const mark = counter.mark(1);
    counter.hit(2, 'x');
    counter.hit(3, 'x');
    expect(counter.since(1, mark)).toBe(0);
    counter.hit(4, 'x'); // a fourth document: the per-document totals start again
    expect(counter.since(1, mark)).toBeUndefined();
    const fresh = counter.mark(1);
    counter.hit(1, 'y');
    expect(counter.since(1, fresh)).toBe(1);
  });

  it('property: rendered + since(mark) equals a fresh render (stored + pending) after any hits', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.array(fc.tuple(fc.nat(2), fc.nat(5)), { maxLength: 60 }), (stored, hits) => {
        const counter = new ViewCounter(noDatabase);
        const rendered = stored + counter.pending(0);
        const mark = counter.mark(0);
        for (const [doc, client] of hits) counter.hit(doc, `c${client}`);
        expect(rendered + counter.since(0, mark)!).toBe(stored + counter.pending(0));
      }),
    );
  });
});
