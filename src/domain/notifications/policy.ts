/**
 * The timing of notifications — the law is silent on all of it, so each choice is a named policy here.
 */
import type { Calendar, IsoDate } from '../calendar/index.ts';
import { addCalendarDays } from '../calendar/index.ts';
import { KINDS, type NotificationKind } from './kinds.ts';

/** The working morning's hour (Asia/Shanghai) from which the daily digest and reminders go. */
export const MORNING_HOUR = 8;

/** Reminders to the applicant: this many working days before their 补正 or payment period ends. */
export const REMINDER_WORKING_DAYS = 3;

/** The staff digest lists cases due within this many working days (the inbox's 即将逾期 badge uses 3 too). */
export const DIGEST_DUE_WITHIN_WORKING_DAYS = 3;

/**
 * Supervisors are reminded of the agencies below them that have not submitted or published the last
 * year's annual report from 15 January (two weeks before the 31 January of 第四十九条) to the end
 * of March (the last roll-up date of 国办公开办函〔2021〕30号).
 */
export const REPORT_REMINDER_FROM = '01-15';
export const REPORT_REMINDER_UNTIL = '03-31';

/** E-mail retries: the delay before attempt n+1 after n failures — 1, 2, 4 … minutes, at most 6 hours. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3600_000;
/** After this many failed attempts (about two days) a message is marked failed for an administrator to see. */
export const MAX_ATTEMPTS = 16;

export function retryDelayMs(failures: number, baseMs = RETRY_BASE_MS, maxMs = RETRY_MAX_MS): number {
  const n = Math.max(1, Math.floor(failures));
  return Math.min(maxMs, baseMs * 2 ** Math.min(n - 1, 30));
}

/** The instant of a working morning, Asia/Shanghai (UTC+8, no daylight saving). */
export function morningOf(date: IsoDate, hour = MORNING_HOUR): Date {
  return new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}

/**
 * When an e-mail of `kind` produced on `today` may go: at once for the kinds the law's timing needs
 * (and on working days for all), else the next working morning. A day in a calendar year not yet
 * entered counts as a working day (nothing is held back for want of the calendar).
 */
export function sendNotBefore(kind: NotificationKind, today: IsoDate, now: Date, calendar: Calendar): Date {
  if (KINDS[kind].urgent || isWorkingDay(calendar, today)) return now;
  let d = today;
  for (let i = 0; i < 60; i++) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(calendar, d)) return morningOf(d);
  }
  return now;
}

export function isWorkingDay(calendar: Calendar, date: IsoDate): boolean {
  if (!calendar.isKnownYear(Number(date.slice(0, 4)))) return true;
  return calendar.isWorkday(date);
}

/**
 * Whether to remind the applicant today of a period ending on `lastDay`: from REMINDER_WORKING_DAYS
 * working days before it up to the day itself (a reminder missed on its day — the server was down —
 * goes the next working morning; the message's key makes it go once).
 */
export function remindToday(today: IsoDate, lastDay: IsoDate, calendar: Calendar): boolean {
  if (today > lastDay) return false;
  try {
    return calendar.workingDaysBetween(today, lastDay) <= REMINDER_WORKING_DAYS;
  } catch {
    return false;
  }
}

/** Whether supervisors are reminded of missing annual reports today (the reports of `today`'s year − 1). */
export function reportRemindersDue(today: IsoDate): boolean {
  const md = today.slice(5);
  return md >= REPORT_REMINDER_FROM && md <= REPORT_REMINDER_UNTIL;
}
