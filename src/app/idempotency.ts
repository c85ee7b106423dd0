/**
 * Idempotency keys (the IETF draft "The Idempotency-Key HTTP Header Field"): a client that retries a
 * creating request — after a timeout, a dropped connection — sends the same `Idempotency-Key` and gets
 * the first answer again instead of a second application.
 *
 * - A key belongs to the account that sent it (a person, or an API token's own account): one row per
 *   (account, key) in `idempotency_keys`, with the fingerprint of the request (method, route, path
 *   parameters, body) and the answer given, kept IDEMPOTENCY_HOURS.
 * - The row is written in the SAME transaction as what the request creates (the use case calls
 *   `record` inside its transaction): the application and its key commit together or not at all, on
 *   every process of one database.
 * - Two requests with one key at once: the second one's insert of the key waits for the first's
 *   transaction (the primary key), then fails; its own transaction rolls back (nothing filed twice)
 *   and it answers the first one's answer.
 * - The same key with a different request: 422 `idempotency_key_reused`.
 * - Only a success is stored: a refused request (4xx) leaves the key free, so the corrected request
 *   can use it.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/index.ts';
import { idempotencyKeys } from '../db/schema.ts';
import { AppError } from './errors.ts';

export const IDEMPOTENCY_HOURS = 24;
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface IdempotencyKey {
  userId: number;
  key: string;
  fingerprint: string;
}

export interface Answer {
  status: number;
  body: unknown;
}

export interface IdempotentAnswer extends Answer {
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/** Called by the use case inside its transaction, with what it created. */
export type RecordAnswer<T> = (tx: DbOrTx, result: T) => Promise<void>;

/** The key of the header's value: 1–255 visible ASCII characters (a structured-field string's quotes removed). */
export function checkKey(raw: string): string {
  const key = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError(400, 'idempotency_key_invalid', '幂等键（Idempotency-Key）应为1至255个可见的ASCII字符（不含空格），建议使用UUID');
  }
  return key;
}

/** JSON with the keys of every object sorted, so that key order never changes a fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint of a request: SHA-256 of its method, route, path parameters and body. */
export function fingerprint(request: { method: string; route: string; params?: unknown; body?: unknown }): string {
  return createHash('sha256').update(canonical([request.method.toUpperCase(), request.route, request.params ?? {}, request.body ?? null])).digest('hex');
}

/** The stored answer of the key, if any (422 when the key was used for another request); sweeps expired keys. */
async function stored(db: Db, k: IdempotencyKey): Promise<Answer | null> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`));
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, k.userId), eq(idempotencyKeys.key, k.key)));
  if (!row) return null;
  if (row.fingerprint !== k.fingerprint) {
    throw new AppError(
      422,
      'idempotency_key_reused',
      '该幂等键（Idempotency-Key）已用于一个内容不同的请求：重试时请原样重发同一请求；新的请求请使用新的幂等键',
    );
  }
  return { status: row.status, body: row.body };
}

function isKeyConflict(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const text = `${err.cause?.constraint ?? err.constraint ?? ''} ${err.cause?.message ?? ''} ${err.message ?? ''}`;
  return code === '23505' && /idempotency_keys_pk/.test(text);
}

/**
 * Runs a creating use case at most once per key. `run` gets the recorder to call inside its
 * transaction (undefined without a key); `present` turns its result into the answer (JSON as it is
 * sent: it is stored as such), reading through the `db` it is given — the use case's transaction
 * when recording, so the answer sees what the transaction wrote.
 */
export async function idempotent<T>(
  db: Db,
  k: IdempotencyKey | null,
  present: (result: NoInfer<T>, db: DbOrTx) => Answer | Promise<Answer>,
  run: (record: RecordAnswer<T> | undefined) => Promise<T>,
): Promise<IdempotentAnswer> {
  if (!k) return { ...(await present(await run(undefined), db)), replayed: false };
  const prior = await stored(db, k);
  if (prior) return { ...prior, replayed: true };
  try {
    let answer: Answer | undefined;
    const result = await run(async (tx, created) => {
      answer = await present(created, tx);
      await tx.insert(idempotencyKeys).values({
        userId: k.userId,
        key: k.key,
        fingerprint: k.fingerprint,
        status: answer.status,
        body: answer.body,
        expiresAt: sql`now() + make_interval(hours => ${IDEMPOTENCY_HOURS})`,
      });
    });
    return { ...(answer ?? (await present(result, db))), replayed: false };
  } catch (e) {
    if (!isKeyConflict(e)) throw e;
    const winner = await stored(db, k);
    if (!winner) throw e;
    return { ...winner, replayed: true };
  }
}
