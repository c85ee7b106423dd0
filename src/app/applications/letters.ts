/**
 * Reply letters wired to cases: the letters module (src/domain/letters) makes the content and
 * renders it; here each letter gets its 文号 (per agency and year, stored in application_letters),
 * the agency's template override (letter_templates, editable in the console) and the case's data.
 * A stored letter renders again identically (its data and template are kept) as DOCX, PDF or HTML.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { appendEvents, nextLetterSeq, type LetterRow } from '../../db/applications.ts';
import { agencies, applicationLetters, letterTemplates } from '../../db/schema.ts';
import type { ApplicationRow } from '../../db/applications.ts';
import {
  LETTER_KIND_LABELS,
  letterToDocx,
  letterToHtmlDocument,
  letterToPdf,
  renderLetter,
  validateTemplateOverride,
  type AgencyKind,
  type Letter,
  type LetterAgency,
  type LetterData,
  type ReplyLetterKind,
  isReplyLetterKind,
} from '../../domain/letters/index.ts';
import type { ApplicantType, Channel } from '../../domain/taxonomy/index.ts';
import { findCjkFont } from '../../lib/cjk-font.ts';
import { AppError } from '../errors.ts';
import { recordAudit } from '../../db/audit.ts';
import { checkLetterProfile, readLetterProfile } from '../letter-profile.ts';
import { agencyPath, getAgencyByCode, type Agency } from '../agencies.ts';
import { auditActor, canBy, ForbiddenError, type By } from '../policies.ts';

/** The letter settings of an agency: kept as the letter_templates row of kind `agency_profile`. */
export const AGENCY_PROFILE_KIND = 'agency_profile';

export type { AgencyLetterProfile } from '../letter-profile.ts';

/** The LetterAgency of an agency: its stored profile over defaults derived from the agency tree. */
export async function letterAgency(db: DbOrTx, agencyId: number): Promise<LetterAgency> {
  const [a] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  const parent = a.parentId ? (await db.select().from(agencies).where(eq(agencies.id, a.parentId)))[0] : undefined;
  const profile = readLetterProfile(await templateBody(db, agencyId, AGENCY_PROFILE_KIND));
  const isGovernment = /人民政府$/.test(a.name);
  const kind: AgencyKind = profile?.kind ?? (isGovernment ? (parent ? 'local_government' : 'provincial_government') : 'department');
  const contact = [a.officeAddress, a.officePhone ? `电话${a.officePhone}` : null].filter(Boolean).join('，');
  return {
    name: a.name,
    numberPrefix: profile?.numberPrefix ?? `${a.name.replace(/人民政府|政府|办公室/g, '') || a.name}公开`,
    kind,
    ...(kind === 'department' && (profile?.governmentName ?? parent?.name) ? { governmentName: profile?.governmentName ?? parent!.name } : {}),
    ...(kind === 'local_government' && (profile?.superiorGovernmentName ?? parent?.name) ? { superiorGovernmentName: profile?.superiorGovernmentName ?? parent!.name } : {}),
    ...(profile?.superiorAuthorityName ? { superiorAuthorityName: profile.superiorAuthorityName } : {}),
    ...(profile?.courtName ? { courtName: profile.courtName } : {}),
    ...(contact ? { contact } : {}),
  };
}

/** The stored JSON body of an agency's template row of `kind` (the latest), or null. */
export async function templateBody(db: DbOrTx, agencyId: number | null, kind: string): Promise<unknown | null> {
  const rows = await db
    .select({ body: letterTemplates.body })
    .from(letterTemplates)
    .where(and(agencyId === null ? isNull(letterTemplates.agencyId) : eq(letterTemplates.agencyId, agencyId), eq(letterTemplates.kind, kind)))
    .orderBy(desc(letterTemplates.id))
    .limit(1);
  if (!rows[0]) return null;
  try {
    return JSON.parse(rows[0].body);
  } catch {
    return null;
  }
}

/** The override in force for an agency: its own, else the installation's default row, else none. */
export async function templateOverride(db: DbOrTx, agencyId: number, kind: ReplyLetterKind): Promise<unknown | undefined> {
  return (await templateBody(db, agencyId, kind)) ?? (await templateBody(db, null, kind)) ?? undefined;
}

/** The agency of `code` when `by` may edit its letter templates (its reviewers: 审核人、负责人). */
async function templateAgency(db: DbOrTx, by: By, code: string): Promise<Agency> {
  const agency = await getAgencyByCode(db, code);
  if (!canBy(by, 'application.approve', { agencyPath: await agencyPath(db, agency.id) }))
    throw new ForbiddenError('application.approve', !by.actor, '只有审核人（负责人）可以查看和修改本机关的答复文书模板');
  return agency;
}

/** An agency's own override of the letter `kind` (or its letter settings), for those who may edit it. */
export async function agencyLetterTemplate(db: DbOrTx, by: By, code: string, kind: string): Promise<{ agency: Agency; override: unknown | null }> {
  const agency = await templateAgency(db, by, code);
  return { agency, override: await templateBody(db, agency.id, kind) };
}

/**
 * Saves an agency's template override of `kind` (a new row: the history is kept). Validated by the
 * letters module; an invalid override is refused with every fault in Chinese.
 */
export async function saveAgencyLetterTemplate(db: Db, by: By, code: string, kind: string, override: unknown): Promise<void> {
  const agency = await templateAgency(db, by, code);
  await saveTemplateOverride(db, agency.id, kind, override, auditActor(by).actorUserId);
}

async function saveTemplateOverride(db: Db, agencyId: number, kind: string, override: unknown, actorUserId: number | null): Promise<void> {
  if (kind === AGENCY_PROFILE_KIND) {
    // one schema (src/app/letter-profile.ts): nothing else reaches the letters
    const v = checkLetterProfile(override);
    if (!v.ok) throw new AppError(400, 'template_invalid', `机关文书设置有误：${v.errors.join('；')}`, { errors: v.errors });
    override = v.profile;
  } else {
    if (!isReplyLetterKind(kind)) throw new AppError(400, 'template_invalid', `未知的文书种类：${kind}`);
    const v = validateTemplateOverride(kind, override);
    if (!v.ok) throw new AppError(400, 'template_invalid', `${LETTER_KIND_LABELS[kind]}模板有误：${v.errors.join('；')}`, { errors: v.errors });
  }
  await db.transaction(async (tx) => {
    await tx.insert(letterTemplates).values({ agencyId, kind, body: JSON.stringify(override), updatedBy: actorUserId });
    await recordAudit(tx, { actorUserId, action: 'letter_template.save', entity: 'agency', entityId: agencyId, detail: { kind } });
  });
}

/** The common part of a letter's data for an application. */
export function baseLetterData(app: ApplicationRow, agency: LetterAgency, date: string, receiptDate: string): Omit<LetterData, 'number'> {
  const delivery = ({ 邮寄: 'mail', 电子邮件: 'email', 在线下载: 'online', 当面领取: 'in_person' } as Record<string, LetterData['delivery']>)[app.deliveryMethod ?? ''];
  return {
    agency,
    applicant: {
      name: app.applicantName,
      type: app.applicantType as ApplicantType,
      ...(app.applicantAddress ? { address: app.applicantAddress } : {}),
      ...(app.applicantEmail ? { email: app.applicantEmail } : {}),
    },
    date,
    receiptDate,
    request: app.description ? `${app.subject}（${app.description}）` : app.subject,
    applicationNumber: app.number,
    channel: app.channel as Channel,
    ...(delivery ? { delivery } : {}),
  };
}

/**
 * Renders, numbers and stores a letter inside the caller's transaction, and records its
 * `letter_issued` event. A letter the data cannot make (the letters module's Chinese message) is a
 * 400 and nothing is written.
 */
export async function issueLetter(
  tx: DbOrTx,
  app: ApplicationRow,
  kind: ReplyLetterKind,
  data: Omit<LetterData, 'number'>,
  actorUserId: number | null,
): Promise<{ row: LetterRow; letter: Letter }> {
  const year = Number(data.date.slice(0, 4));
  const seq = await nextLetterSeq(tx, app.agencyId, year);
  const override = await templateOverride(tx, app.agencyId, kind);
  const full: LetterData = { ...data, number: { seq, year } };
  let letter: Letter;
  try {
    letter = renderLetter(kind, full, override);
  } catch (e) {
    throw new AppError(400, 'letter_invalid', `无法生成${LETTER_KIND_LABELS[kind]}：${(e as Error).message}`);
  }
  const [row] = await tx
    .insert(applicationLetters)
    .values({
      applicationId: app.id,
      agencyId: app.agencyId,
      kind,
      year,
      seq,
      number: letter.number,
      letterDate: data.date,
      data: full as unknown as Record<string, unknown>,
      template: (override ?? null) as Record<string, unknown> | null,
      createdBy: actorUserId,
    })
    .returning();
  await appendEvents(tx, app.id, [{ type: 'letter_issued', date: data.date, letterId: row.id, kind, number: letter.number }], actorUserId);
  return { row, letter };
}

/** A stored letter as its structured Letter (rendered again from the stored data and template). */
export function storedLetter(row: LetterRow): Letter {
  return renderLetter(row.kind as ReplyLetterKind, row.data as unknown as LetterData, row.template ?? undefined);
}

export type LetterFormat = 'docx' | 'pdf' | 'html';

export const LETTER_CONTENT_TYPES: Record<LetterFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

export async function renderStoredLetter(row: LetterRow, format: LetterFormat): Promise<Buffer> {
  const letter = storedLetter(row);
  if (format === 'docx') return letterToDocx(letter);
  if (format === 'pdf') {
    let font;
    try {
      font = findCjkFont();
    } catch {
      throw new AppError(503, 'font_missing', '服务器未安装中文字体，暂时无法生成 PDF，请下载 Word 版本');
    }
    return letterToPdf(letter, font);
  }
  return Buffer.from(letterToHtmlDocument(letter), 'utf8');
}

export function letterFilename(row: LetterRow, format: LetterFormat): string {
  return `${LETTER_KIND_LABELS[row.kind as ReplyLetterKind] ?? row.kind}-${row.number}.${format}`;
}

export async function getLetter(db: DbOrTx, applicationId: number, letterId: number): Promise<LetterRow | undefined> {
  const [row] = await db
    .select()
    .from(applicationLetters)
    .where(and(eq(applicationLetters.id, letterId), eq(applicationLetters.applicationId, applicationId)));
  return row;
}
