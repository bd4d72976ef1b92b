import { startOfLocalDay } from '../calendar/startOfLocalDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import type { Level } from './types.ts'

/** The clock fields that say from which local date each level holds. */
export interface LevelDates {
  level: Level
  /** The deadline clock's own level (a case's level may be raised to warning by a late stage). */
  clockLevel?: Level
  /** `stopped`: an overrun suspension or supplement holds the case at warning, not a date. */
  status?: string
  warningFrom: string | null
  yellowFrom: string | null
  redFrom: string | null
  stageWarningFrom?: string | null
}

const RANK: Record<Level, number> = { normal: 0, warning: 1, yellow: 2, red: 3 }

/**
 * When a subject entered its current level, for a level change recorded now: the 00:00 local of
 * the day the level holds from (the threshold the clock crossed), never later than `nowMs`. A move
 * down, to normal, or to a warning held by a stopped clock takes effect when it is recorded
 * (`nowMs`): it follows an event or a rule change, not a threshold. UTC ISO.
 *
 * A backfill or a sweep that runs days after the threshold thus records the day it was crossed.
 */
export function levelEffectiveAt(from: Level, clock: LevelDates, zone: string, nowMs: number): string {
  let date: string | null = null
  if (RANK[clock.level] > RANK[from] && clock.status !== 'stopped') {
    if (clock.level === 'red') date = clock.redFrom
    else if (clock.level === 'yellow') date = clock.yellowFrom
    else if (clock.level === 'warning') date = (clock.clockLevel ?? 'warning') === 'warning' ? clock.warningFrom : clock.stageWarningFrom ?? null
  }
  const t = date === null ? nowMs : Math.min(startOfLocalDay(toEpochDay(date), zone), nowMs)
  return new Date(t).toISOString()
}
