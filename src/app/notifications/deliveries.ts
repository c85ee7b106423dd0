/**
 * The mail queue as administrators see it (/console/mail): how many messages are sent, pending,
 * being sent and failed, and the latest of each with its error; a failed message can be sent again.
 * Addresses are shown masked.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { mailJobs } from '../../db/schema.ts';
import { maskEmail } from '../../domain/identity/index.ts';
import { AppError, notFound } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败' };

export interface DeliveryView {
  id: number;
  kind: string;
  to: string;
  subject: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

export async function deliveries(
  db: Db,
  actor: Actor | null,
  filter: { status?: DeliveryStatus; limit?: number } = {},
): Promise<{ counts: Record<DeliveryStatus, number>; items: DeliveryView[] }> {
  authorize(actor, 'notification.deliveries');
  const countRows = await db.select({ status: mailJobs.status, n: sql<number>`count(*)::int` }).from(mailJobs).groupBy(mailJobs.status);
  const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, Number(countRows.find((r) => r.status === s)?.n ?? 0)])) as Record<DeliveryStatus, number>;
  const rows = await db
    .select()
    .from(mailJobs)
    .where(filter.status ? eq(mailJobs.status, filter.status) : undefined)
    .orderBy(desc(mailJobs.id))
    .limit(Math.min(filter.limit ?? 100, 500));
  return {
    counts,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      to: maskEmail(r.toAddress),
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt,
      lastError: r.lastError,
      sentAt: r.sentAt,
      createdAt: r.createdAt,
    })),
  };
}

/** Puts a failed message back in the queue, due now (its attempts start again). */
export async function retryDelivery(db: Db, actor: Actor | null, id: number, ip?: string | null): Promise<void> {
  authorize(actor, 'notification.deliveries');
  const [row] = await db.select({ status: mailJobs.status }).from(mailJobs).where(eq(mailJobs.id, id));
  if (!row) throw notFound('找不到该邮件');
  if (row.status !== 'failed') throw new AppError(409, 'delivery_state', '只有发送失败的邮件可以重新发送');
  await db.transaction(async (tx) => {
    await tx
      .update(mailJobs)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null })
      .where(and(eq(mailJobs.id, id), eq(mailJobs.status, 'failed')));
    await recordAudit(tx, { actorUserId: actor!.userId, action: 'mail.retry', entity: 'mail_job', entityId: id, ip });
  });
}
