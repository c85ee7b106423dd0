/**
 * 第三十三条第三款: the time a consultation needs (and, by policy, the wait for a fee) is not counted
 * in the reply period. Pauses and the due date on the axis of working-day ordinals (O(number of pauses)).
 */
import type { Calendar, IsoDate } from '../calendar/index.ts';
import { FEE_WAIT_EXCLUDED_FROM_DEADLINE } from './policies.ts';
import type { ConsultationInfo, FeeInfo, Pause, PauseKind } from './types.ts';

/** A set of working days as ordinals (lo, hi]; hi = Infinity while its end is not known. */
export interface Span {
  lo: number;
  hi: number;
  kind: PauseKind;
}

/**
 * The end of a wait for an addressee: the answer / payment day if it came before the end of the
 * addressee's period, else that end; null while neither is known (the letter awaits service).
 */
function waitEnd(done: IsoDate | null, limit: IsoDate | null): IsoDate | null {
  if (done !== null && (limit === null || done < limit)) return done;
  return limit;
}

export function buildPauses(
  cal: Calendar,
  consultations: readonly ConsultationInfo[],
  fee: FeeInfo | null,
  today: IsoDate | null,
): { merged: Span[]; pauses: Pause[] } {
  const pauses: Pause[] = [];
  for (const c of consultations) {
    // 第三十三条第三款: the time the consulted party needs is not counted — until the answer, at most
    // the 15 WD of 第三十二条/第三十四条 from service (after which the agency decides without it).
    const end = waitEnd(c.answered, c.limit);
    pauses.push({
      kind: c.party,
      from: c.sent,
      to: end,
      open: c.answered === null && (c.limit === null || today === null || today <= c.limit),
      workingDays: end === null ? null : cal.workingDaysBetween(c.sent, end),
    });
  }
  if (fee && FEE_WAIT_EXCLUDED_FROM_DEADLINE) {
    const end = waitEnd(fee.paid, fee.payBy);
    pauses.push({
      kind: 'fee',
      from: fee.sent,
      to: end,
      open: fee.paid === null && (fee.payBy === null || today === null || today <= fee.payBy),
      workingDays: end === null ? null : cal.workingDaysBetween(fee.sent, end),
    });
  }
  if (pauses.length === 0) return { merged: [], pauses };
  const spans = pauses
    .map((p) => ({ lo: cal.ordinalOf(p.from), hi: p.to === null ? Number.POSITIVE_INFINITY : cal.ordinalOf(p.to), kind: p.kind }))
    .filter((s) => s.hi > s.lo)
    .sort((a, b) => a.lo - b.lo);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.lo <= last.hi) last.hi = Math.max(last.hi, s.hi);
    else merged.push({ ...s });
  }
  return { merged, pauses };
}

/**
 * 第三十三条: the `n`th working day after `start` (the day of receipt not counted), skipping the
 * working days covered by pauses (each counted once however many pauses overlap). Null when a pause
 * that began before that day has no known end yet (a letter awaiting service).
 */
export function dueDate(cal: Calendar, start: IsoDate, n: number, merged: readonly Span[]): { date: IsoDate; excluded: number } | null {
  const s = cal.ordinalOf(start);
  let t = s + n;
  let excluded = 0;
  for (const span of merged) {
    if (span.hi <= s) continue;
    const lo = Math.max(span.lo, s);
    if (lo >= t) break;
    if (!Number.isFinite(span.hi)) return null;
    t += span.hi - lo;
    excluded += span.hi - lo;
  }
  return { date: cal.dateOfOrdinal(t), excluded };
}

/** The merged pause that covers working day `o` of a period starting at ordinal `s`, if any. */
export function pauseCovering(merged: readonly Span[], o: number, s: number): Span | undefined {
  for (const m of merged) if (o > Math.max(m.lo, s) && o <= m.hi) return m;
  return undefined;
}
