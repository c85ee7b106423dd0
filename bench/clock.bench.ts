/**
 * clock — computeClock over N generated histories (the dashboards' case: explain off; and with the
 * day-by-day explanation, as one application's page shows it) against a baseline that only walks
 * the same events (reads each event's type and date).
 */
import { computeClock } from '../src/domain/clock/index.ts';
import type { ClockEvent } from '../src/domain/clock/events.ts';
import { Province } from './lib/generate.ts';
import { consume, measure, round, timeResult, type Bench } from './lib/harness.ts';

function histories(seed: number, n: number): { events: ClockEvent[][]; today: string } {
  const p = new Province({ seed, agencies: Math.max(10, Math.round(n / 200)), applications: n });
  const events: ClockEvent[][] = [];
  for (const d of p) for (const a of d.applications) events.push(a.events);
  return { events, today: p.options.asOf };
}

function walk(all: readonly ClockEvent[][]): number {
  let acc = 0;
  for (const events of all) {
    let last = '';
    for (const e of events) {
      if (e.date > last) last = e.date;
      acc += e.type.length;
    }
    acc += last.length;
  }
  return acc;
}

export const benches: Bench[] = [
  {
    name: 'clock',
    async run(ctx) {
      const n = ctx.size(1_000_000, 100_000);
      const { events, today } = histories(ctx.seed, n);
      const eventCount = events.reduce((s, e) => s + e.length, 0);
      const baseline = await measure(() => walk(events), { warmup: 2, runs: 5 });
      const subject = await measure(
        () => {
          let due = 0;
          for (const e of events) if (computeClock(e, { today, explain: false }).dueDate) due++;
          return due;
        },
        { warmup: 1, runs: ctx.quick ? 3 : 3 },
      );
      consume(subject.value);
      const nExplain = Math.min(events.length, ctx.size(20_000, 5_000));
      const some = events.slice(0, nExplain);
      const explained = await measure(
        () => {
          let lines = 0;
          for (const e of some) lines += computeClock(e, { today, explain: true }).explanation?.lines.length ?? 0;
          return lines;
        },
        { warmup: 1, runs: 3 },
      );
      return [
        timeResult('clock', events.length, subject, baseline, {
          events: eventCount,
          per_application_us: round((subject.ms * 1000) / events.length, 3),
          applications_per_s: Math.round(events.length / (subject.ms / 1000)),
        }),
        {
          bench: 'clock.explain',
          n: nExplain,
          ms: round(explained.ms, 3),
          per_application_us: round((explained.ms * 1000) / nExplain, 2),
        },
      ];
    },
  },
];
export default benches;
