/**
 * A written case history (contracts.md §6: `gongkai deadline --history FILE.json`) read into the
 * clock's events and run through the SAME clock as the application pages (lenientClock: a calendar
 * year not yet entered leaves the dates that depend on it pending, it refuses nothing). Pure.
 *
 * The file gives the receipt date (第三十一条, already decided) and the steps that move the clock;
 * each letter has the day it was sent and, once known, the day it was served (送达) on its addressee.
 * A letter without `served` awaits service: its addressee's period has not begun.
 */
import { z } from 'zod';
import { type Calendar, CalendarError, DateInputError, isIsoDate, type IsoDate } from '../calendar/index.ts';
import { type ClockEvent, ClockError, type ClockResult, type ClockWarning, MAX_EXTENSION_WD, needsConfirmation, SERVICE_METHODS } from '../clock/index.ts';
import { CHANNELS, isOutcomeCode, type OutcomeCode } from '../taxonomy/index.ts';
import { lenientClock, type PendingDates } from './pending.ts';

const date = z.string({ error: '应为日期 YYYY-MM-DD' }).refine(isIsoDate, { error: (iss) => `「${String(iss.input)}」不是 YYYY-MM-DD 格式的真实日期` });
const text = z.string().trim().min(1).max(500);
const letter = { sent: date, served: date.nullable().optional(), serviceMethod: z.enum(SERVICE_METHODS as [string, ...string[]]).optional() };

const eventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('correction_requested'), ...letter, periodWorkingDays: z.number().int().min(1).max(60).optional(), deadline: date.optional() }),
    z.strictObject({ type: z.literal('correction_received'), date }),
    z.strictObject({ type: z.literal('consultation_sent'), ...letter, party: z.enum(['third_party', 'agency']).default('third_party'), ref: text.optional() }),
    z.strictObject({ type: z.literal('consultation_answered'), date, ref: text.optional() }),
    z.strictObject({ type: z.enum(['fee_notice', 'fee_notice_sent']), ...letter, amount: z.number().nonnegative().optional() }),
    z.strictObject({ type: z.literal('fee_paid'), date }),
    z.strictObject({
      type: z.literal('letter_served'),
      date,
      letter: z.enum(['correction', 'consultation', 'fee']),
      method: z.enum(SERVICE_METHODS as [string, ...string[]]),
      ref: text.optional(),
      proof: text.optional(),
    }),
    z.strictObject({ type: z.literal('extension_approved'), date, workingDays: z.number().int().default(MAX_EXTENSION_WD) }),
    z.strictObject({ type: z.literal('reply_deferred'), date, until: date, reason: text, explanationRequested: date }),
    z.strictObject({ type: z.literal('decided'), date, outcome: z.string().refine(isOutcomeCode, { error: (iss) => `办理结果「${String(iss.input)}」不是 contracts.md §1 的结果代码` }) }),
    z.strictObject({ type: z.literal('delivered'), date }),
    z.strictObject({ type: z.literal('withdrawn'), date }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? `事件类型「${String((iss.input as { type?: unknown })?.type)}」未知` : undefined) },
);

export const caseHistorySchema = z.strictObject({
  channel: z.enum(CHANNELS as unknown as [string, ...string[]], { error: `提交渠道应为 ${CHANNELS.join('、')} 之一` }),
  received: date,
  events: z.array(eventSchema).max(1000),
});

export type CaseHistory = z.output<typeof caseHistorySchema>;

/** A history the law (or the file format) does not allow, naming the event. */
export class HistoryError extends Error {
  readonly code: string;
  /** Index in the file's `events` (0-based), when an event is at fault. */
  readonly eventIndex?: number;
  constructor(code: string, message: string, eventIndex?: number) {
    super(message);
    this.name = 'HistoryError';
    this.code = code;
    this.eventIndex = eventIndex;
  }
}

function where(h: unknown, i: number): string {
  const t = (h as { events?: Array<{ type?: unknown }> })?.events?.[i]?.type;
  return `events[${i}]${typeof t === 'string' ? `（${t}）` : ''}`;
}

/** Reads and checks the file's JSON (its shape, not yet the law). */
export function parseCaseHistory(json: unknown): CaseHistory {
  const r = caseHistorySchema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path;
  if (path[0] === 'events' && typeof path[1] === 'number') {
    const field = path.slice(2).join('.');
    throw new HistoryError('history.format', `${where(json, path[1])}${field ? ` 的 ${field}` : ''}：${issue.message}`, path[1]);
  }
  throw new HistoryError('history.format', `${path.length ? `${path.join('.')}：` : ''}${issue.message}`);
}

/** The clock's events of a history: the receipt (第三十一条), then each step; letters keep sent and served apart. */
export function historyEvents(h: CaseHistory): ClockEvent[] {
  const channel = h.channel as (typeof CHANNELS)[number];
  const out: ClockEvent[] = [{ type: 'submitted', date: h.received, channel }];
  if (needsConfirmation(channel)) out.push({ type: 'receipt_confirmed', date: h.received });
  for (const e of h.events) {
    const service = { served: e.type === 'correction_requested' || e.type === 'consultation_sent' || e.type === 'fee_notice' || e.type === 'fee_notice_sent' ? (e.served ?? null) : null };
    switch (e.type) {
      case 'correction_requested':
        out.push({ type: e.type, date: e.sent, ...service, ...opt('serviceMethod', e.serviceMethod), ...opt('periodWorkingDays', e.periodWorkingDays), ...opt('deadline', e.deadline) } as ClockEvent);
        break;
      case 'consultation_sent':
        out.push({ type: e.type, date: e.sent, party: e.party, ...service, ...opt('serviceMethod', e.serviceMethod), ...opt('ref', e.ref) } as ClockEvent);
        break;
      case 'fee_notice':
      case 'fee_notice_sent':
        out.push({ type: 'fee_notice_sent', date: e.sent, ...service, ...opt('serviceMethod', e.serviceMethod), ...opt('amount', e.amount) } as ClockEvent);
        break;
      case 'decided':
        out.push({ type: 'decided', date: e.date, outcome: e.outcome as OutcomeCode });
        break;
      default:
        out.push(e as ClockEvent);
    }
  }
  return out;
}

function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export interface DeadlineReport {
  /** The last day to reply, or null (awaiting correction or service, closed, or a year not entered). */
  due: IsoDate | null;
  /** The last day of each period opened (the latest of each); null while its letter awaits service. */
  periods: { correction?: IsoDate | null; consultation?: IsoDate | null; fee?: IsoDate | null };
  warnings: ClockWarning[];
  clock: ClockResult;
  pending: PendingDates | null;
}

/**
 * Runs a history through the clock of the application pages. Throws HistoryError naming the event
 * for a history the law does not allow (or a file that is not a history).
 */
export function deadlineFromHistory(json: unknown, calendar: Calendar): DeadlineReport {
  const h = parseCaseHistory(json);
  const events = historyEvents(h);
  const offset = events.length - h.events.length;
  let r: ReturnType<typeof lenientClock>;
  try {
    r = lenientClock(events, { calendar, explain: true });
  } catch (e) {
    if (e instanceof ClockError) {
      const i = e.eventIndex !== undefined && e.eventIndex >= offset ? e.eventIndex - offset : undefined;
      throw new HistoryError(e.code, i !== undefined ? `${where(h, i)}：${e.message}` : e.message, i);
    }
    if (e instanceof CalendarError || e instanceof DateInputError) throw new HistoryError(e.code, e.message);
    throw e;
  }
  const c = r.clock;
  const pendingField = (f: string) => r.pending?.fields.includes(f) ?? false;
  const periods: DeadlineReport['periods'] = {};
  const lastCorrection = c.corrections.length - 1;
  if (lastCorrection >= 0) periods.correction = pendingField(`corrections.${lastCorrection}.deadline`) ? null : c.corrections[lastCorrection].deadline;
  const lastConsultation = c.consultations.length - 1;
  if (lastConsultation >= 0) periods.consultation = pendingField(`consultations.${lastConsultation}.limit`) ? null : c.consultations[lastConsultation].limit;
  if (c.fee) periods.fee = pendingField('fee.payBy') ? null : c.fee.payBy;
  const warnings = [...c.warnings];
  if (r.pending) warnings.push({ code: 'calendar.pending', message: `${r.pending.reason}：${r.pending.detail}` });
  return { due: c.dueDate, periods, warnings, clock: c, pending: r.pending };
}
