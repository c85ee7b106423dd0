/**
 * Preferences per recipient: which messages, by which channel (e-mail, 站内消息). A recipient is
 * `user:ID`, or `email:ADDRESS` for an applicant without an account (an application entered by staff).
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { notificationPreferences } from '../../db/schema.ts';
import { KINDS, NOTIFICATION_KINDS, kindsFor, type NotificationKind } from '../../domain/notifications/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../policies.ts';
import type { UnsubscribeClaim } from './unsubscribe.ts';

export interface Channels {
  email: boolean;
  inApp: boolean;
}

export function ownerOfUser(userId: number): string {
  return `user:${userId}`;
}

export function ownerOfAddress(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

/** The channels of every kind for a recipient (a kind not set: its default). */
export async function preferencesOf(db: DbOrTx, owner: string): Promise<Record<NotificationKind, Channels>> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.owner, owner));
  const out = {} as Record<NotificationKind, Channels>;
  for (const k of NOTIFICATION_KINDS) {
    const r = rows.find((x) => x.kind === k);
    // A kind that cannot be turned off always goes by e-mail.
    out[k] = r && KINDS[k].optional ? { email: r.email, inApp: r.inApp } : { ...KINDS[k].defaults };
  }
  return out;
}

async function put(db: DbOrTx, owner: string, kind: NotificationKind, c: Channels) {
  await db
    .insert(notificationPreferences)
    .values({ owner, kind, email: c.email, inApp: c.inApp })
    .onConflictDoUpdate({
      target: [notificationPreferences.owner, notificationPreferences.kind],
      set: { email: c.email, inApp: c.inApp, updatedAt: new Date() },
    });
}

/** Saves the signed-in user's choices for the kinds offered to them (kinds.ts kindsFor). */
export async function savePreferences(db: DbOrTx, actor: Actor, choices: Partial<Record<string, Partial<Channels>>>): Promise<void> {
  const owner = ownerOfUser(actor.userId);
  for (const k of Object.keys(choices)) {
    if (!kindsFor(actor.kind).includes(k as NotificationKind)) throw new AppError(400, 'validation_failed', `未知的消息种类：${k}`);
  }
  for (const k of kindsFor(actor.kind)) {
    const c = choices[k] ?? {};
    await put(db, owner, k, { email: c.email === true, inApp: c.inApp === true });
  }
  await recordAudit(db, { actorUserId: actor.userId, action: 'notification.preferences', entity: 'user', entityId: actor.userId });
}

/** What an unsubscribe link does: e-mail of that kind (or of every optional kind) off. */
export async function unsubscribe(db: DbOrTx, claim: UnsubscribeClaim): Promise<NotificationKind[]> {
  const current = await preferencesOf(db, claim.owner);
  const kinds = claim.kind === 'all' ? NOTIFICATION_KINDS.filter((k) => KINDS[k].optional) : KINDS[claim.kind].optional ? [claim.kind] : [];
  for (const k of kinds) await put(db, claim.owner, k, { email: false, inApp: current[k].inApp });
  return kinds;
}

/** Whether e-mail of `kind` is off for `owner` (used by the unsubscribe page to say it is done). */
export async function emailOff(db: DbOrTx, owner: string, kind: NotificationKind): Promise<boolean> {
  const [r] = await db
    .select({ email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.owner, owner), eq(notificationPreferences.kind, kind)));
  return r ? !r.email : false;
}
