/**
 * Public API of the working-day calendar (holidays + 调休 as versioned data, overrides, O(1) lookups).
 *
 *   import { defaultCalendar, createCalendar, BUILTIN_YEARS } from '../domain/calendar/index.ts';
 *   defaultCalendar.addWorkingDays('2024-02-08', 20);             // built-in years 2019–2026
 *   createCalendar([...BUILTIN_YEARS, ...yearsFromTheDatabase]);  // admin-added or corrected years
 */
import { createCalendar } from './calendar.ts';
import { YEAR_2019 } from './data/2019.ts';
import { YEAR_2020 } from './data/2020.ts';
import { YEAR_2021 } from './data/2021.ts';
import { YEAR_2022 } from './data/2022.ts';
import { YEAR_2023 } from './data/2023.ts';
import { YEAR_2024 } from './data/2024.ts';
import { YEAR_2025 } from './data/2025.ts';
import { YEAR_2026 } from './data/2026.ts';
import type { YearSchedule } from './types.ts';

export * from './date.ts';
export * from './types.ts';
export * from './calendar.ts';
export * from './validate.ts';
export * from './import.ts';

/** The years shipped with Gongkai, one data file each, citing its 国务院办公厅 notice. */
export const BUILTIN_YEARS: readonly YearSchedule[] = Object.freeze([
  YEAR_2019,
  YEAR_2020,
  YEAR_2021,
  YEAR_2022,
  YEAR_2023,
  YEAR_2024,
  YEAR_2025,
  YEAR_2026,
]);

/** The calendar of the built-in years only. */
export const defaultCalendar = createCalendar(BUILTIN_YEARS);

/** Built-in years plus extra years; an extra year replaces the built-in one of the same year. */
export function calendarWith(extraYears: readonly YearSchedule[]) {
  return createCalendar([...BUILTIN_YEARS, ...extraYears]);
}
