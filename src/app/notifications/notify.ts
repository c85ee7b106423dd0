/**
 * Producing a message: the one function every notification kind calls, inside the transaction of
 * what caused it. It writes the 站内消息 (for a user with an account) and queues the e-mail (when
 * e-mail is on and the recipient has an address), each by the recipient's preferences and each at
 * most once (a unique key per message and recipient: producing it again is a no-op). The e-mail is
 * delivered later by the dispatcher (dispatcher.ts), which retries it until it goes.
 *
 *   await notify(tx, [{ key: `receipt:${app.id}`, kind: 'receipt', agencyId, applicationId,
 *                       vars: { 申请编号: app.number, … }, link: `/my/applications/${app.id}`,
 *                       recipient: { userId: app.applicantUserId, email: app.applicantEmail } }]);
 */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';
import { loadCalendar } from '../../db/applications.ts';
import { agencies, mailJobs, notifications, users } from '../../db/schema.ts';
import { KINDS, renderTemplate, sendNotBefore, SITE_PLACEHOLDER, type NotificationKind } from '../../domain/notifications/index.ts';
import { today as todayInApp } from '../applications/case.ts';
import { mailEnabled } from './mail.ts';
import { ownerOfAddress, ownerOfUser, preferencesOf } from './preferences.ts';
import { templateFor } from './templates.ts';
import { wakeDispatchers } from './wake.ts';

export interface Recipient {
  userId?: number | null;
  /** The address to write to; for a user without one given, the account's e-mail. */
  email?: string | null;
}

export interface OutgoingMessage {
  /** The message's identity, the same each time the same fact produces it (e.g. `receipt:42`). */
  key: string;
  kind: NotificationKind;
  agencyId?: number | null;
  applicationId?: number | null;
  /** The template's placeholders (the agency's name 机关 is added when agencyId is given). */
  vars: Record<string, string>;
  /** Where the message leads in Gongkai (a path), or null. */
  link: string | null;
  recipient: Recipient;
}

export interface NotifyResult {
  inApp: number;
  email: number;
}

const ADDRESS_RE = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** Writes the 站内消息 and queues the e-mails of `messages` (each once). Returns what it made anew. */
export async function notify(db: DbOrTx, messages: readonly OutgoingMessage[], opts: { now?: Date; today?: string } = {}): Promise<NotifyResult> {
  const result: NotifyResult = { inApp: 0, email: 0 };
  if (messages.length === 0) return result;
  const now = opts.now ?? new Date();
  const today = opts.today ?? todayInApp();
  const calendar = await loadCalendar(db);
  const mail = mailEnabled();
  const userIds = [...new Set(messages.map((m) => m.recipient.userId).filter((x): x is number => typeof x === 'number'))];
  const accounts = userIds.length
    ? await db.select({ id: users.id, email: users.email, active: users.active, name: users.displayName }).from(users).where(inArray(users.id, userIds))
    : [];
  const agencyNames = new Map<number, string>();
  for (const m of messages) {
    const account = m.recipient.userId != null ? accounts.find((a) => a.id === m.recipient.userId) : undefined;
    if (m.recipient.userId != null && (!account || !account.active)) continue;
    const address = (m.recipient.email ?? account?.email ?? '').trim().toLowerCase();
    const owner = account ? ownerOfUser(account.id) : address ? ownerOfAddress(address) : null;
    if (!owner) continue;
    const channels = (await preferencesOf(db, owner))[m.kind];
    const vars: Record<string, string> = { ...m.vars };
    if (m.agencyId != null && vars.机关 === undefined) {
      if (!agencyNames.has(m.agencyId)) {
        const [a] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, m.agencyId));
        agencyNames.set(m.agencyId, a?.name ?? '');
      }
      vars.机关 = agencyNames.get(m.agencyId)!;
    }
    const template = await templateFor(db, m.agencyId, m.kind);
    if (account && channels.inApp) {
      const text = renderTemplate(template, { ...vars, 链接: m.link ?? '', [SITE_PLACEHOLDER]: '' });
      const inserted = await db
        .insert(notifications)
        .values({
          key: m.key,
          userId: account.id,
          kind: m.kind,
          agencyId: m.agencyId ?? null,
          applicationId: m.applicationId ?? null,
          subject: text.subject,
          body: text.body,
          link: m.link,
        })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      result.inApp += inserted.length;
    }
    if (mail && channels.email && ADDRESS_RE.test(address)) {
      const link = m.link ? `{{${SITE_PLACEHOLDER}}}${m.link}` : `{{${SITE_PLACEHOLDER}}}/`;
      const text = renderTemplate(template, { ...vars, 链接: link });
      const inserted = await db
        .insert(mailJobs)
        .values({
          key: `${m.key}|${owner}`,
          kind: m.kind,
          userId: account?.id ?? null,
          agencyId: m.agencyId ?? null,
          toAddress: address,
          subject: text.subject,
          body: text.body,
          preferenceOwner: owner,
          nextAttemptAt: sendNotBefore(m.kind, today, now, calendar),
        })
        .onConflictDoNothing()
        .returning({ id: mailJobs.id });
      result.email += inserted.length;
    }
  }
  if (result.email > 0) wakeDispatchers();
  return result;
}

export { KINDS };
