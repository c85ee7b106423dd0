/**
 * Unsubscribe links (every e-mail has one): a token signed with the installation's key, naming the
 * recipient (`user:ID` or `email:ADDRESS`) and the kind (or `all`). It works without signing in and
 * never expires; it can only turn e-mail off.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { appSecrets } from '../../db/schema.ts';
import { isNotificationKind, type NotificationKind } from '../../domain/notifications/index.ts';

const KEY_NAME = 'unsubscribe_key';
let cached: { db: DbOrTx; key: Buffer } | undefined;

/** The installation's signing key, made at first use (one row, the same for every process). */
export async function signingKey(db: DbOrTx): Promise<Buffer> {
  if (cached?.db === db) return cached.key;
  await db.insert(appSecrets).values({ name: KEY_NAME, value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, KEY_NAME));
  const key = Buffer.from(row.value, 'base64url');
  cached = { db, key };
  return key;
}

export interface UnsubscribeClaim {
  owner: string;
  kind: NotificationKind | 'all';
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export async function unsubscribeToken(db: DbOrTx, claim: UnsubscribeClaim): Promise<string> {
  const payload = Buffer.from(JSON.stringify({ o: claim.owner, k: claim.kind })).toString('base64url');
  return `${payload}.${sign(await signingKey(db), payload)}`;
}

/** The claim of a genuine token, or null (altered, truncated, not ours). */
export async function readUnsubscribeToken(db: DbOrTx, token: string): Promise<UnsubscribeClaim | null> {
  const m = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!m) return null;
  const expected = Buffer.from(sign(await signingKey(db), m[1]));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { o, k } = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { o?: unknown; k?: unknown };
    if (typeof o !== 'string' || !/^(user:\d+|email:.+)$/.test(o)) return null;
    if (k !== 'all' && !isNotificationKind(k)) return null;
    return { owner: o, kind: k as NotificationKind | 'all' };
  } catch {
    return null;
  }
}
