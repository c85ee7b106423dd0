/** Notifications: the kinds, their templates and their timing (issue 17). Pure. */
export * from './kinds.ts';
export * from './templates.ts';
export * from './policy.ts';
