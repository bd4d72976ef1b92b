/**
 * The home page's figures of the day (GET /api/v1/public/today and the pre-rendered /public):
 * cases received and concluded today, this month's on-time rate — counts only, the wall's headline
 * query (sql/queries/wall_tiles.sql), the same numbers the supervision office sees. One cached
 * answer per jurisdiction serves both, so the page and the SPA's first read show the same figures.
 */
import type { FastifyInstance } from 'fastify'
import type { PublicToday } from '../../domain/contracts/api/public.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { cachedAnswer } from './cache.ts'

/** Today's figures are reused this long (every event moves them; the data version does not follow events). */
export const TODAY_TTL_MS = 30_000

interface TodayRow {
  local_date: string
  received_today: number
  concluded_today: number
  concluded_month: number | null
  on_time_month: number | null
}

async function todayFigures(app: FastifyInstance, jurisdiction: string): Promise<PublicToday> {
  const now = new Date()
  const t = (await app.pg.query<TodayRow>(sql('wall_tiles'), [jurisdiction, now])).rows[0]
  if (!t) throw new AppError('NOT_FOUND', `no jurisdiction ${jurisdiction}`)
  const concludedMonth = t.concluded_month ?? 0
  const onTimeMonth = t.on_time_month ?? 0
  return {
    day: t.local_date,
    received: t.received_today,
    concluded: t.concluded_today,
    concludedMonth,
    onTimeMonth,
    onTimeRateMonth: concludedMonth > 0 ? onTimeMonth / concludedMonth : null,
    asOf: now.toISOString(),
  }
}

/** The figures of a jurisdiction, computed at most once per TODAY_TTL_MS (and data version). */
export const publicToday = (app: FastifyInstance, jurisdiction: string): Promise<PublicToday> =>
  cachedAnswer(app, `today:${jurisdiction}`, TODAY_TTL_MS, () => todayFigures(app, jurisdiction))
