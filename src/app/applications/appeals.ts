/** 行政复议 / 行政诉讼 records (table 3), linked to an application or standalone for an older case. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { findApplicationByNumber, type AppealRow } from '../../db/applications.ts';
import { recordAudit } from '../../db/audit.ts';
import { appeals } from '../../db/schema.ts';
import { agencyPath, findAgencyByCode } from '../agencies.ts';
import { AppError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type { RecordAnswer } from '../idempotency.ts';
import type { AppealInput } from './schemas.ts';

async function agencyOf(db: Db, code: string) {
  const a = await findAgencyByCode(db, code);
  if (!a) throw new AppError(404, 'not_found', `找不到机关「${code}」`);
  return a;
}

/** Records a case; `opts.record` (an Idempotency-Key's answer) is written in the same transaction. */
export async function recordAppeal(db: Db, actor: Actor, input: AppealInput, ip?: string, opts: { record?: RecordAnswer<AppealRow> } = {}): Promise<AppealRow> {
  const agency = await agencyOf(db, input.agencyCode);
  authorize(actor, 'appeal.record', { agencyPath: await agencyPath(db, agency.id) });
  let applicationId: number | null = null;
  if (input.applicationNumber) {
    const app = await findApplicationByNumber(db, agency.id, input.applicationNumber);
    if (!app) throw new AppError(400, 'application_unknown', `本机关没有编号为「${input.applicationNumber}」的申请`);
    applicationId = app.id;
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(appeals)
      .values({
        agencyId: agency.id,
        applicationId,
        number: input.number ?? null,
        kind: input.kind,
        organ: input.organ ?? null,
        filedDate: input.filedDate,
        concludedDate: input.concludedDate ?? null,
        result: input.result,
        originalOrgan: !input.coDefendant,
        note: input.note ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, { actorUserId: actor.userId, action: 'appeal.record', entity: 'appeal', entityId: row.id, detail: { kind: input.kind }, ip });
    await opts.record?.(tx, row);
    return row;
  });
}

export async function listAppeals(db: Db, actor: Actor, agencyCode: string, applicationId?: number): Promise<AppealRow[]> {
  const agency = await agencyOf(db, agencyCode);
  authorize(actor, 'appeal.view', { agencyPath: await agencyPath(db, agency.id) });
  const where = applicationId ? and(eq(appeals.agencyId, agency.id), eq(appeals.applicationId, applicationId)) : eq(appeals.agencyId, agency.id);
  return db.select().from(appeals).where(where).orderBy(desc(appeals.filedDate));
}
