/**
 * Intake (第二十九条、第三十一条): online submission by a signed-in applicant (待确认 until the
 * agency confirms), staff entry of letters, in-person (口头申请 written down), fax and e-mail
 * applications with the receipt date of 第三十一条, and the 申请接收回执 on receipt.
 */
import { createHash } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { appendEvents, nextApplicationNumber, type ApplicationRow } from '../../db/applications.ts';
import { recordAudit } from '../../db/audit.ts';
import { agencies, applicantProfiles, applications, attachments, users } from '../../db/schema.ts';
import { computeClock, needsConfirmation, type ClockEvent } from '../../domain/clock/index.ts';
import { clockEvents, findDuplicates, lenientClock, type CaseEvent, type DuplicateMatch } from '../../domain/applications/index.ts';
import { checkCreditCode, checkIdNumber, maskName } from '../../domain/identity/index.ts';
import { agencyPath } from '../agencies.ts';
import { AppError } from '../errors.ts';
import { ruleCode } from '../error-codes.ts';
import { authorize, type Actor } from '../policies.ts';
import { today } from './case.ts';
import { baseLetterData, issueLetter, letterAgency } from './letters.ts';
import { loadCalendar, loadRecorded } from '../../db/applications.ts';
import type { OnlineApplicationInput, StaffApplicationInput } from './schemas.ts';
import { ClockError } from '../../domain/clock/index.ts';
import { CalendarError } from '../../domain/calendar/index.ts';
import { findControlCharacter } from '../../domain/text/index.ts';
import type { RecordAnswer } from '../idempotency.ts';

async function agencyByCode(db: DbOrTx, code: string) {
  // A code with a control character names no agency (the page route reads `:code` without a schema).
  const [a] = findControlCharacter(code) === undefined ? await db.select().from(agencies).where(eq(agencies.code, code)) : [];
  if (!a) throw new AppError(400, 'agency_unknown', `找不到受理机关「${code}」`);
  return a;
}

export interface IntakeOptions {
  /** Records the idempotency key's answer in the application's own transaction (src/app/idempotency.ts). */
  record?: RecordAnswer<ApplicationRow>;
}

/** Inserts with a fresh 申请编号, retrying if another request took the same number meanwhile. */
async function withNumber<T>(db: Db, agencyId: number, year: number, fn: (tx: DbOrTx, number: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => fn(tx, await nextApplicationNumber(tx, agencyId, year)));
    } catch (e) {
      const msg = String((e as { message?: string; cause?: { message?: string } }).cause?.message ?? (e as Error).message);
      if (attempt < 4 && /applications_agency_number_uq/.test(msg)) continue;
      throw e;
    }
  }
}

/** The clock of the new application; a calendar year not yet entered never refuses it (pending dates, pending.ts). */
function checkClockOrThrow(events: ClockEvent[], calendar: Awaited<ReturnType<typeof loadCalendar>>): ReturnType<typeof computeClock> {
  try {
    return lenientClock(events, { calendar, today: today(), explain: false }).clock;
  } catch (e) {
    if (e instanceof ClockError || e instanceof CalendarError) throw new AppError(400, ruleCode(e.code), e.message);
    throw e;
  }
}

export async function storeAttachment(
  tx: DbOrTx,
  ownerKind: string,
  ownerId: number,
  file: { filename: string; contentType: string; contentBase64: string },
  userId: number | null,
): Promise<number> {
  const bytes = Buffer.from(file.contentBase64, 'base64');
  if (bytes.length === 0) throw new AppError(400, 'file_empty', `文件「${file.filename}」是空的`);
  if (bytes.length > 10 * 1024 * 1024) throw new AppError(400, 'file_too_large', `文件「${file.filename}」超过10MB`);
  const [row] = await tx
    .insert(attachments)
    .values({
      ownerKind,
      ownerId,
      filename: file.filename.replace(/[\\/\r\n]/g, '_'),
      contentType: file.contentType || 'application/octet-stream',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
      createdBy: userId,
    })
    .returning({ id: attachments.id });
  return row.id;
}

/** 在线申请: the applicant's identity comes from the profile; the application is 待确认 until confirmed. */
export async function submitOnline(db: Db, actor: Actor, input: OnlineApplicationInput, opts: IntakeOptions = {}): Promise<ApplicationRow> {
  authorize(actor, 'application.submit');
  const agency = await agencyByCode(db, input.agencyCode);
  const [profile] = await db.select().from(applicantProfiles).where(eq(applicantProfiles.userId, actor.userId));
  if (!profile) throw new AppError(400, 'profile_missing', '请先在账号设置中完善申请人信息（姓名或名称、身份证明、联系方式）');
  if (input.agentName && !input.attachments.some((a) => a.purpose === 'authorization')) {
    throw new AppError(400, 'authorization_missing', '由代理人提出申请的，请上传授权委托书');
  }
  const date = today();
  const calendar = await loadCalendar(db);
  checkClockOrThrow([{ type: 'submitted', date, channel: 'online' }], calendar);
  return withNumber(db, agency.id, Number(date.slice(0, 4)), async (tx, number) => {
    const [app] = await tx
      .insert(applications)
      .values({
        agencyId: agency.id,
        number,
        applicantUserId: actor.userId,
        applicantType: profile.applicantType,
        applicantName: profile.name,
        applicantIdDocType: profile.idDocType,
        applicantIdNumber: profile.idNumber,
        applicantCreditCode: profile.creditCode,
        applicantPhone: profile.phone,
        applicantEmail: profile.email,
        applicantAddress: profile.address,
        channel: 'online',
        subject: input.documentNumber ? `${input.subject}（文号：${input.documentNumber}）` : input.subject,
        description: [input.description, input.agentName ? `代理人：${input.agentName}` : ''].filter(Boolean).join('；') || null,
        provisionForm: input.provisionForm,
        deliveryMethod: input.deliveryMethod,
        createdBy: actor.userId,
      })
      .returning();
    for (const f of input.attachments) await storeAttachment(tx, `application:${f.purpose}`, app.id, f, actor.userId);
    await appendEvents(tx, app.id, [{ type: 'submitted', date, channel: 'online' }], actor.userId);
    await recordAudit(tx, { actorUserId: actor.userId, action: 'application.submit', entity: 'application', entityId: app.id, detail: { number, agency: agency.code, applicant: maskName(profile.name) } });
    await opts.record?.(tx, app);
    return app;
  });
}

/**
 * The registered applicant account a staff-entered application belongs to, if any (so that it
 * appears in that applicant's 我的申请). Linked only when all of these hold — a wrong link would
 * show one person's application to another:
 *  - a 自然人 is named with a 居民身份证号码 that passes the GB 11643 check, an organisation with a
 *    统一社会信用代码 that passes the GB 32100 check (the checks registration applies: the account's
 *    number was verified the same way);
 *  - exactly one active applicant account has that number (居民身份证 for a person);
 *  - the name on the account is the name written on the application (blanks ignored).
 */
export async function matchApplicantAccount(
  db: DbOrTx,
  input: Pick<StaffApplicationInput, 'applicantType' | 'applicantName' | 'applicantIdNumber' | 'applicantCreditCode'>,
): Promise<{ userId: number; idDocType: string | null } | null> {
  const natural = input.applicantType === 'natural';
  const raw = natural ? input.applicantIdNumber : input.applicantCreditCode;
  if (!raw) return null;
  const checked = natural ? checkIdNumber(raw) : checkCreditCode(raw);
  if (!checked.ok) return null;
  const rows = await db
    .select({ userId: applicantProfiles.userId, name: applicantProfiles.name, idDocType: applicantProfiles.idDocType, type: applicantProfiles.applicantType })
    .from(applicantProfiles)
    .innerJoin(users, eq(users.id, applicantProfiles.userId))
    .where(
      and(
        eq(users.active, true),
        eq(users.kind, 'applicant'),
        natural
          ? and(eq(applicantProfiles.idNumber, checked.value), eq(applicantProfiles.idDocType, 'resident_id'))
          : eq(applicantProfiles.creditCode, checked.value),
      ),
    );
  const blankless = (x: string) => x.replace(/\s+/g, '');
  if (rows.length !== 1) return null;
  const [p] = rows;
  if ((p.type === 'natural') !== natural || blankless(p.name) !== blankless(input.applicantName)) return null;
  return { userId: p.userId, idDocType: p.idDocType };
}

/** Staff entry: letters (签收 / 平信), in-person (incl. 口头申请), fax, e-mail. */
export async function registerByStaff(db: Db, actor: Actor, agencyCode: string, input: StaffApplicationInput, ip?: string, opts: IntakeOptions = {}): Promise<ApplicationRow> {
  const agency = await agencyByCode(db, agencyCode);
  authorize(actor, 'application.register', { agencyPath: await agencyPath(db, agency.id) });
  const t = today();
  if (input.submittedDate > t || (input.confirmedDate && input.confirmedDate > t)) throw new AppError(400, 'date_future', '日期不能晚于今天');
  const events: ClockEvent[] = [{ type: 'submitted', date: input.submittedDate, channel: input.channel }];
  if (needsConfirmation(input.channel) && input.confirmedDate) events.push({ type: 'receipt_confirmed', date: input.confirmedDate });
  const calendar = await loadCalendar(db);
  const clock = checkClockOrThrow(events, calendar);
  const account = await matchApplicantAccount(db, input);
  return withNumber(db, agency.id, Number(t.slice(0, 4)), async (tx, number) => {
    const [app] = await tx
      .insert(applications)
      .values({
        agencyId: agency.id,
        number,
        applicantUserId: account?.userId ?? null,
        ...(account?.idDocType ? { applicantIdDocType: account.idDocType } : {}),
        applicantType: input.applicantType,
        applicantName: input.applicantName,
        applicantIdNumber: input.applicantIdNumber ?? null,
        applicantCreditCode: input.applicantCreditCode ?? null,
        applicantPhone: input.applicantPhone ?? null,
        applicantEmail: input.applicantEmail ?? null,
        applicantAddress: input.applicantAddress ?? null,
        channel: input.channel,
        subject: input.documentNumber ? `${input.subject}（文号：${input.documentNumber}）` : input.subject,
        description: [input.description, input.oral ? '口头申请，由工作人员代为填写（第二十九条第一款）' : ''].filter(Boolean).join('；') || null,
        provisionForm: input.provisionForm,
        deliveryMethod: input.deliveryMethod,
        createdBy: actor.userId,
      })
      .returning();
    await appendEvents(tx, app.id, events, actor.userId);
    if (clock.receiptDate) await issueReceipt(tx, app, clock.receiptDate, clock.dueDate, actor.userId);
    await recordAudit(tx, { actorUserId: actor.userId, action: 'application.register', entity: 'application', entityId: app.id, detail: { number, channel: input.channel, linkedAccount: account !== null }, ip });
    await opts.record?.(tx, app);
    return app;
  });
}

/** The 申请接收回执 once the application is received (第三十一条), with the due date of 第三十三条. */
export async function issueReceipt(tx: DbOrTx, app: ApplicationRow, receiptDate: string, dueDate: string | null, actorUserId: number | null) {
  if (!dueDate) return;
  const agency = await letterAgency(tx, app.agencyId);
  await issueLetter(tx, app, 'receipt', { ...baseLetterData(app, agency, receiptDate, receiptDate), dueDate }, actorUserId);
}

/** Earlier applications of the same applicant asking for much the same information (a suggestion). */
export async function duplicatesOf(db: DbOrTx, app: ApplicationRow): Promise<DuplicateMatch[]> {
  const earlier = await db
    .select()
    .from(applications)
    .where(and(eq(applications.agencyId, app.agencyId), ne(applications.id, app.id)));
  return findDuplicates(app, earlier.filter((e) => e.createdAt <= app.createdAt || e.id < app.id));
}

/** The applicant's own uploads and the disclosed files of a case. */
export async function attachmentsOf(db: DbOrTx, applicationId: number) {
  const rows = await db
    .select({ id: attachments.id, ownerKind: attachments.ownerKind, filename: attachments.filename, size: attachments.size, contentType: attachments.contentType })
    .from(attachments)
    .where(eq(attachments.ownerId, applicationId));
  return rows.filter((r) => r.ownerKind.startsWith('application:') || r.ownerKind === 'application_disclosed');
}

export { clockEvents, loadRecorded };
export type { CaseEvent };
