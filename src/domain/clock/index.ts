/**
 * Public API of the deadline clock.
 *
 *   const r = computeClock(events, { calendar, today: todayInShanghai(new Date()) });
 *   r.state, r.stateLabel, r.dueDate, r.overdue, r.dueSoon, r.explanation.lines …
 *   checkNewEvent(events, newEvent, { calendar })  // before appending an event: ok or a Chinese message
 */
export * from './events.ts';
export * from './policies.ts';
export * from './service.ts';
export * from './periods.ts';
export * from './clock.ts';
export * from './recalc.ts';
