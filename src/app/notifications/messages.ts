/**
 * 站内消息: a signed-in user's messages, newest first, the unread count shown in the header, and
 * marking as read. A user sees only their own messages.
 */
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { notifications } from '../../db/schema.ts';
import { notFound } from '../errors.ts';
import type { Actor } from '../policies.ts';

export type MessageRow = typeof notifications.$inferSelect;

export const MESSAGES_PER_PAGE = 20;

export async function unreadCount(db: DbOrTx, userId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}

/** One page of the actor's messages, newest first; `before` is the id to continue below. */
export async function listMessages(db: DbOrTx, actor: Actor, before?: number): Promise<{ items: MessageRow[]; more: boolean }> {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), before ? lt(notifications.id, before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(MESSAGES_PER_PAGE + 1);
  return { items: rows.slice(0, MESSAGES_PER_PAGE), more: rows.length > MESSAGES_PER_PAGE };
}

/** Marks one of the actor's messages read and returns it (someone else's: 404). */
export async function markRead(db: DbOrTx, actor: Actor, id: number): Promise<MessageRow> {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)));
  if (!row) throw notFound('找不到该消息');
  if (!row.readAt) await db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, id));
  return row;
}

export async function markAllRead(db: DbOrTx, actor: Actor): Promise<void> {
  await db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
}
