/**
 * The public ranking's two sources: the latest published (frozen, current) performance run of a
 * jurisdiction, in its public shape (no handlers, no traces); or, while none is published, this
 * local month's on-time rate per department ranked with volumes (rankOnTime: Wilson lower bound,
 * 样本不足 apart).
 */
import type { FastifyInstance } from 'fastify'
import type { PublicRanking, PublicRankingRow } from '../../domain/contracts/api/public.ts'
import { publicScorecard } from '../../domain/performance/publicScorecard.ts'
import { rankScorecards } from '../../domain/performance/rankScorecards.ts'
import type { Scorecard } from '../../domain/performance/types.ts'
import { rankOnTime } from '../../domain/public/rankOnTime.ts'
import { sql } from '../../sql/queries.ts'
import { cachedAnswer } from './cache.ts'

/** Departments with fewer concluded cases this month are listed apart (样本不足) in the statistics ranking. */
export const STATISTICS_MIN_VOLUME = 5

export async function publishedRanking(app: FastifyInstance, jurisdiction: string): Promise<PublicRanking | null> {
  const period = (await app.pg.query<{ period: string }>(sql('public_latest_published'), [jurisdiction])).rows[0]?.period
  if (!period) return null
  type Row = { version: number; published_at: Date; scorecard: Scorecard; scheme: { minVolume?: number } }
  const rows = (await app.pg.query<Row>(sql('perf_published'), [jurisdiction, [period]])).rows
  const groups = rankScorecards(rows.map((r) => r.scorecard))
  const toRow = (s: ReturnType<typeof publicScorecard>): PublicRankingRow => {
    const rate = s.lines.find((l) => l.indicatorId === 'onTime') ?? s.lines.find((l) => l.rate !== undefined)
    return {
      departmentCode: s.departmentCode,
      name: s.name,
      rank: s.rank,
      score: s.score,
      grade: s.grade,
      volume: s.volume,
      onTime: rate?.numerator ?? null,
      onTimeRate: rate?.rate ?? null,
      rankingRate: null,
    }
  }
  const ranked = groups.flatMap((g) => g.ranked.map(publicScorecard).map(toRow))
  const insufficient = groups.flatMap((g) => g.insufficient.map(publicScorecard).map(toRow))
  return {
    basis: 'performance' as const,
    period,
    jurisdictionCode: jurisdiction,
    minVolume: rows[0]?.scheme.minVolume ?? 0,
    corrected: rows.some((r) => r.version > 1),
    publishedAt: rows[0]?.published_at.toISOString() ?? null,
    ranked,
    insufficient,
  }
}

/** How long this month's statistics ranking is reused (it scans the month's concluded cases). */
export const STATISTICS_CACHE_MS = 30_000
const caches = new WeakMap<FastifyInstance, Map<string, { at: number; value: Promise<PublicRanking> }>>()

/**
 * This month's on-time ranking, computed at most once per STATISTICS_CACHE_MS per jurisdiction
 * and process (concurrent readers share one computation). A published run is never cached: it is
 * read from the small scores table on each request, so a publication shows at once.
 */
export function statisticsRanking(app: FastifyInstance, jurisdiction: string, now = Date.now()): Promise<PublicRanking> {
  let cache = caches.get(app)
  if (!cache) caches.set(app, (cache = new Map()))
  const hit = cache.get(jurisdiction)
  if (hit && now - hit.at < STATISTICS_CACHE_MS) return hit.value
  const value = computeStatisticsRanking(app, jurisdiction)
  cache.set(jurisdiction, { at: now, value })
  value.catch(() => cache.delete(jurisdiction))
  return value
}

async function computeStatisticsRanking(app: FastifyInstance, jurisdiction: string): Promise<PublicRanking> {
  type Row = { code: string; name: string; period: string; concluded: number; on_time: number }
  const rows = (await app.pg.query<Row>(sql('public_ontime'), [jurisdiction])).rows
  const { ranked, insufficient } = rankOnTime(
    rows.map((r) => ({ departmentCode: r.code, name: r.name, concluded: r.concluded, onTime: r.on_time })),
    STATISTICS_MIN_VOLUME,
  )
  const toRow = (r: (typeof ranked)[number]): PublicRankingRow => ({
    departmentCode: r.departmentCode,
    name: r.name,
    rank: r.rank,
    score: null,
    grade: null,
    volume: r.concluded,
    onTime: r.onTime,
    onTimeRate: r.onTimeRate,
    rankingRate: r.rankingRate,
  })
  const period = rows[0]?.period ?? new Date().toISOString().slice(0, 7)
  return { basis: 'statistics' as const, period, jurisdictionCode: jurisdiction, minVolume: STATISTICS_MIN_VOLUME, corrected: false, publishedAt: null, ranked: ranked.map(toRow), insufficient: insufficient.map(toRow) }
}

/**
 * What the site shows as the ranking (GET /api/v1/public/ranking and the pre-rendered /public and
 * /public/ranking): the published evaluation, else this month's statistics ranking — one cached
 * answer per jurisdiction, keyed on the data version (a publication shows on the next request).
 */
export const publicRanking = (app: FastifyInstance, jurisdiction: string): Promise<PublicRanking> =>
  cachedAnswer(app, `ranking:${jurisdiction}`, STATISTICS_CACHE_MS, async () => (await publishedRanking(app, jurisdiction)) ?? (await statisticsRanking(app, jurisdiction)))
