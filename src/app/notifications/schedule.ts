/**
 * The working morning's run: the applicants' reminders, the staff digests and the supervisors'
 * report reminders, produced once a day across processes. Each process looks every minute; from
 * MORNING_HOUR (Asia/Shanghai) on a working day, the first to insert the day's row in scheduled_runs
 * runs it. A run that did not finish (its process died) is taken over after RUN_STALE_MS; every message
 * has its own key, so running a day again sends nothing twice. On days the calendar says are not
 * working days nothing runs.
 */
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { loadCalendar } from '../../db/applications.ts';
import { scheduledRuns } from '../../db/schema.ts';
import { shanghaiHour, type IsoDate } from '../../domain/calendar/index.ts';
import { isWorkingDay, MORNING_HOUR } from '../../domain/notifications/index.ts';
import { today as todayInApp } from '../applications/case.ts';
import { correctionReminderMessages } from './kinds/correction-reminder.ts';
import { digestMessages } from './kinds/digest.ts';
import { feeReminderMessages } from './kinds/fee-reminder.ts';
import { reportMissingMessages } from './kinds/report-missing.ts';
import { notify } from './notify.ts';

export const MORNING_RUN = 'morning';
export const RUN_STALE_MS = 30 * 60_000;

/** Takes the run `name` of `day` for this process: true once per day across processes (or after a stale claim). */
export async function claimRun(db: DbOrTx, name: string, day: IsoDate, staleMs = RUN_STALE_MS): Promise<boolean> {
  const fresh = await db.insert(scheduledRuns).values({ name, day }).onConflictDoNothing().returning({ name: scheduledRuns.name });
  if (fresh.length) return true;
  const taken = await db
    .update(scheduledRuns)
    .set({ claimedAt: new Date() })
    .where(
      and(
        eq(scheduledRuns.name, name),
        eq(scheduledRuns.day, day),
        isNull(scheduledRuns.finishedAt),
        lt(scheduledRuns.claimedAt, sql`now() - (${staleMs} * interval '1 millisecond')`),
      ),
    )
    .returning({ name: scheduledRuns.name });
  return taken.length > 0;
}

export interface MorningResult {
  ran: boolean;
  reason?: 'not_a_working_day' | 'already_run';
  messages?: number;
}

/** Produces the working morning's messages of `today`, once. */
export async function runMorning(db: Db, today: IsoDate = todayInApp(), now = new Date()): Promise<MorningResult> {
  const calendar = await loadCalendar(db);
  if (!isWorkingDay(calendar, today)) return { ran: false, reason: 'not_a_working_day' };
  if (!(await claimRun(db, MORNING_RUN, today))) return { ran: false, reason: 'already_run' };
  const messages = [
    ...(await correctionReminderMessages(db, today, calendar)),
    ...(await feeReminderMessages(db, today, calendar)),
    ...(await digestMessages(db, today, calendar)),
    ...(await reportMissingMessages(db, today)),
  ];
  const made = await db.transaction((tx) => notify(tx, messages, { now, today }));
  const result = { messages: messages.length, inApp: made.inApp, email: made.email };
  await db.update(scheduledRuns).set({ finishedAt: new Date(), result }).where(and(eq(scheduledRuns.name, MORNING_RUN), eq(scheduledRuns.day, today)));
  return { ran: true, messages: messages.length };
}

/** The hour of `now` in Asia/Shanghai (the domain's, src/domain/calendar). */
export { shanghaiHour };

export interface Scheduler {
  stop(): Promise<void>;
}

/** Looks every `intervalMs` (default a minute) whether the morning run is due, and runs it. */
export function startScheduler(db: Db, o: { intervalMs?: number; log?: (line: string) => void } = {}): Scheduler {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running || shanghaiHour(new Date()) < MORNING_HOUR) return;
    running = runMorning(db)
      .catch((err: Error) => log(`每日提醒生成失败：${err.message}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, o.intervalMs ?? 60_000);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
