/**
 * The staff's timeline of a case (办理记录), shared by the API and the console: each event with its
 * label, its detail (as the step that appends it describes it: src/app/steps, `timeline`), who
 * recorded it and when. The applicant's 办理记录 is NOT this one: it is the applicant's projection
 * (src/domain/applications/applicant-view.ts, an allow-list), which never shows what is internal.
 */
import { CASE_EVENT_LABELS, type CaseEvent, type CaseEventOf, type CaseEventType, type RecordedEvent } from '../../domain/applications/index.ts';
import { LETTER_KIND_LABELS } from '../../domain/letters/index.ts';
import { STEPS } from '../steps/index.ts';

type Detail = (event: CaseEvent) => string;

/** Events not appended by a step: the letters (issued with several steps). */
const BASE: { [T in CaseEventType]?: (event: CaseEventOf<T>) => string } = {
  letter_issued: (e) => `${LETTER_KIND_LABELS[e.kind] ?? ''} ${e.number}`,
};

const DETAILS = new Map<string, Detail>();
for (const [type, f] of Object.entries(BASE)) DETAILS.set(type, f as Detail);
for (const s of STEPS) for (const [type, f] of Object.entries(s.timeline ?? {})) DETAILS.set(type, f as Detail);

export interface TimelineLine {
  seq: number;
  type: CaseEventType;
  label: string;
  date: string;
  /** What the event was about: the outcome, the consultee, the working days, the letter… ('' when nothing). */
  detail: string;
  by: string | null;
  recordedAt: string | null;
}

export function timelineOf(recorded: readonly RecordedEvent[]): TimelineLine[] {
  return recorded.map((r) => ({
    seq: r.seq,
    type: r.event.type,
    label: CASE_EVENT_LABELS[r.event.type] ?? r.event.type,
    date: r.event.date,
    detail: DETAILS.get(r.event.type)?.(r.event) ?? '',
    by: r.actorName ?? null,
    recordedAt: r.recordedAt ?? null,
  }));
}
