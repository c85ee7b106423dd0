/**
 * The wording of messages per agency: the defaults in code (src/domain/notifications/templates.ts),
 * an agency's adjusted version stored as a letter_templates row of kind `notice:<kind>` (the history
 * is kept, the latest is in force), validated before it is stored.
 */
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { letterTemplates } from '../../db/schema.ts';
import { DEFAULT_TEMPLATES, KINDS, validateTemplate, type MessageTemplate, type NotificationKind } from '../../domain/notifications/index.ts';
import { templateBody } from '../applications/letters.ts';
import { agencyPath, getAgencyByCode, type Agency } from '../agencies.ts';
import { AppError } from '../errors.ts';
import { auditActor, authorizeBy, canBy, ForbiddenError, type By } from '../policies.ts';
import { NOTIFICATION_KINDS } from '../../domain/notifications/index.ts';

export const TEMPLATE_ROW_PREFIX = 'notice:';

/** The template in force for an agency: its own (for the kinds an agency may adjust), else the default. */
export async function templateFor(db: DbOrTx, agencyId: number | null | undefined, kind: NotificationKind): Promise<MessageTemplate> {
  if (agencyId != null && KINDS[kind].perAgency) {
    const own = (await templateBody(db, agencyId, TEMPLATE_ROW_PREFIX + kind)) as Partial<MessageTemplate> | null;
    if (own && typeof own.subject === 'string' && typeof own.body === 'string') return { subject: own.subject, body: own.body };
  }
  return DEFAULT_TEMPLATES[kind];
}

/** Whether the agency's wording of this kind differs from the default. */
export async function isAdjusted(db: DbOrTx, agencyId: number, kind: NotificationKind): Promise<boolean> {
  const t = await templateFor(db, agencyId, kind);
  const d = DEFAULT_TEMPLATES[kind];
  return t.subject.trim() !== d.subject.trim() || t.body.trim() !== d.body.trim();
}

/**
 * The wording of every message an agency may adjust, as in force, with whether it differs from the
 * default: for those who may adjust it (the agency's administrator).
 */
export async function agencyMessageTemplates(
  db: DbOrTx,
  by: By,
  code: string,
): Promise<{ agency: Agency; templates: Array<{ kind: NotificationKind; template: MessageTemplate; adjusted: boolean }> }> {
  const agency = await getAgencyByCode(db, code);
  if (!canBy(by, 'notification.templates', { agencyPath: await agencyPath(db, agency.id) }))
    throw new ForbiddenError('notification.templates', !by.actor, '只有系统管理员可以修改本机关的通知模板');
  const templates = [];
  for (const kind of NOTIFICATION_KINDS.filter((k) => KINDS[k].perAgency)) {
    templates.push({ kind, template: await templateFor(db, agency.id, kind), adjusted: await isAdjusted(db, agency.id, kind) });
  }
  return { agency, templates };
}

/**
 * Saves an agency's wording of `kind`; `null` goes back to the default. Refused (400, every fault
 * named) when invalid; only those who manage the agency's letters' templates (its administrator).
 */
export async function saveMessageTemplate(
  db: Db,
  by: By,
  code: string,
  kind: NotificationKind,
  template: { subject: string; body: string } | null,
): Promise<Agency> {
  const agency = await getAgencyByCode(db, code);
  const agencyId = agency.id;
  authorizeBy(by, 'notification.templates', { agencyPath: await agencyPath(db, agencyId) });
  if (!KINDS[kind].perAgency) throw new AppError(400, 'template_invalid', `「${KINDS[kind].label}」的内容由全平台统一，机关不能修改`);
  if (template) {
    const errors = validateTemplate(kind, template);
    if (errors.length) throw new AppError(400, 'template_invalid', `「${KINDS[kind].label}」模板有误：${errors.join('；')}`, { errors });
  }
  await db.transaction(async (tx) => {
    // A reset to the default is stored as the default's text, so that the history keeps it.
    const value = template ? { subject: template.subject.trim(), body: template.body.trim() + '\n' } : DEFAULT_TEMPLATES[kind];
    await tx.insert(letterTemplates).values({ agencyId, kind: TEMPLATE_ROW_PREFIX + kind, body: JSON.stringify(value), updatedBy: auditActor(by).actorUserId });
    await recordAudit(tx, { ...auditActor(by), action: 'notification.template_save', entity: 'agency', entityId: agencyId, detail: { kind, reset: template === null } });
  });
  return agency;
}
