import type { Level } from '../clock/types.ts'

/**
 * Alert levels of a case, petition or order, lowest first (`normal` is below every alert). The
 * type is domain/clock/types.ts `Level`; this is its list, for filters and tables.
 *
 * @example LEVELS.indexOf('yellow') > LEVELS.indexOf('warning') // true
 */
export const LEVELS = ['normal', 'warning', 'yellow', 'red'] as const satisfies readonly Level[]

// every Level is in the list (a new level fails the type check here)
const _allLevels: Record<Level, true> = { normal: true, warning: true, yellow: true, red: true } satisfies Record<(typeof LEVELS)[number], true>
void _allLevels

export type { Level }
