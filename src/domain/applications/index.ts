/** Applications (依申请公开): case events, the derived case view and steps, duplicates, the CSV rows. Pure. */
export * from './events.ts';
export * from './derive.ts';
export * from './duplicates.ts';
export * from './csv.ts';
export * from './facts.ts';
export * from './pending.ts';
export * from './extension.ts';
export * from './history.ts';
export * from './excessive.ts';
export * from './applicant-view.ts';
export * from './letter-service.ts';
export * from './correction.ts';
