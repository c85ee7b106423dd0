/**
 * The audit log (append-only: a database trigger refuses UPDATE/DELETE). Every staff change calls
 * recordAudit inside the same transaction as the change:
 *
 *   await db.transaction(async (tx) => {
 *     const [a] = await tx.insert(agencies).values(…).returning();
 *     await recordAudit(tx, { actorUserId, action: 'agency.create', entity: 'agency', entityId: a.id, detail: { code } , ip });
 *   });
 *
 * Never put personal data (ID numbers, phones, addresses) in `detail`: mask them (src/domain/identity).
 */
import { auditLog } from './schema.ts';
import type { DbOrTx } from './index.ts';

export interface AuditEntry {
  actorUserId: number | null;
  /** A dotted verb, e.g. agency.create, user.role_grant, application.register. */
  action: string;
  entity: string;
  entityId?: string | number | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export async function recordAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    detail: entry.detail ?? {},
    ip: entry.ip ?? null,
  });
}
