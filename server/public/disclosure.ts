/**
 * The public site's disclosure readers: published cards (公开警示), published scorecards
 * (绩效考核成绩) and a department's scorecard with its 12 months, the business statistics
 * (业务统计) and the audit chain's daily heads. Figures only: no subject numbers, reasons,
 * handlers or reviewers. Answers are cached in memory on the data version (cache.ts).
 */
import type { FastifyInstance } from 'fastify'
import type { PublicAuditAnchor, PublicCardList, PublicDepartmentScorecard, PublicScorecards, PublicStatistics, PublicStatisticsRow } from '../../domain/contracts/api/publicData.ts'
import { DEFAULT_PERFORMANCE_SCHEME } from '../../domain/performance/DEFAULT_PERFORMANCE_SCHEME.ts'
import { meanOfMonths } from '../../domain/performance/meanOfMonths.ts'
import { performancePeriod } from '../../domain/performance/performancePeriod.ts'
import { publicScorecard } from '../../domain/performance/publicScorecard.ts'
import { rankScorecards } from '../../domain/performance/rankScorecards.ts'
import type { PerformanceScheme, Scorecard } from '../../domain/performance/types.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { cachedAnswer } from './cache.ts'

export const CARD_LIMIT = 200
/** Statistics move without a new data version (cases conclude): reused this long. */
export const STATISTICS_TTL_MS = 60_000
const PUBLISHED_TTL_MS = 10 * 60_000

export interface CardFilter {
  department: string | null
  color: 'yellow' | 'red' | null
  year: number | null
}

export function publicCards(app: FastifyInstance, jurisdiction: string, f: CardFilter): Promise<PublicCardList> {
  return cachedAnswer(app, `cards:${jurisdiction}:${f.department}:${f.color}:${f.year}`, PUBLISHED_TTL_MS, async () => {
    type Row = { id: string; color: 'yellow' | 'red'; rule: string; subject: 'case' | 'petition' | 'order'; department_code: string; department_name: string; item_name: string | null; day: string; published_at: Date }
    const args = [jurisdiction, f.department, f.color, f.year]
    const [rows, byDept] = await Promise.all([
      app.pg.query<Row>(sql('public_cards'), [...args, CARD_LIMIT + 1]),
      app.pg.query<{ department_code: string; name: string; yellow: number; red: number }>(sql('public_cards_by_department'), args),
    ])
    return {
      items: rows.rows.slice(0, CARD_LIMIT).map((r) => ({
        id: r.id,
        color: r.color,
        rule: r.rule,
        subject: r.subject,
        departmentCode: r.department_code,
        departmentName: r.department_name,
        itemName: r.item_name,
        date: r.day,
        publishedAt: r.published_at.toISOString(),
      })),
      truncated: rows.rows.length > CARD_LIMIT,
      byDepartment: byDept.rows.map((r) => ({ departmentCode: r.department_code, name: r.name, yellow: r.yellow, red: r.red })),
    }
  })
}

interface PublishedRow {
  period: string
  version: number
  published_at: Date
  scheme: PerformanceScheme
  department_code: string
  department_name: string
  score: number
  volume: number
  scorecard: Scorecard
}

async function publishedRows(app: FastifyInstance, jurisdiction: string, months: string[]): Promise<PublishedRow[]> {
  return (await app.pg.query<PublishedRow>(sql('perf_published'), [jurisdiction, months])).rows
}

const publishedMonths = async (app: FastifyInstance, jurisdiction: string) =>
  (await app.pg.query<{ period: string }>(sql('public_published_months'), [jurisdiction])).rows.map((r) => r.period)

const runsOf = (rows: PublishedRow[]) =>
  [...new Map(rows.map((r) => [`${r.period}#${r.version}`, { period: r.period, version: r.version, publishedAt: r.published_at.toISOString(), corrected: r.version > 1 }])).values()]

export function publicScorecards(app: FastifyInstance, jurisdiction: string, key: string | null): Promise<PublicScorecards> {
  return cachedAnswer(app, `scorecards:${jurisdiction}:${key}`, PUBLISHED_TTL_MS, async () => {
    const months = await publishedMonths(app, jurisdiction)
    const periodKey = key ?? months[0] ?? null
    const empty = { jurisdictionCode: jurisdiction, period: periodKey, kind: 'month' as const, publishedMonths: months, runs: [], groups: [], departments: [] }
    if (periodKey === null) return empty
    const p = performancePeriod(periodKey)
    if (!p) throw new AppError('PERFORMANCE_PERIOD_INVALID', periodKey)
    const rows = await publishedRows(app, jurisdiction, p.months)
    const base = { ...empty, kind: p.kind, period: p.key, runs: runsOf(rows) }
    if (p.kind === 'month') {
      const groups = rankScorecards(rows.map((r) => r.scorecard)).map((g) => ({ peerGroup: g.peerGroup, ranked: g.ranked.map(publicScorecard), insufficient: g.insufficient.map(publicScorecard) }))
      return { ...base, groups }
    }
    const scheme = rows.at(-1)?.scheme ?? DEFAULT_PERFORMANCE_SCHEME
    const departments = meanOfMonths(
      rows.map((r) => ({ departmentCode: r.department_code, name: r.department_name, peerGroup: r.scorecard.peerGroup, month: r.period, score: r.score, volume: r.volume })),
      scheme,
    )
    return { ...base, departments }
  })
}

/** The 12 months `YYYY-MM` ending with `month`, oldest first. */
export function twelveMonths(month: string): string[] {
  return Array.from({ length: 12 }, (_, i) => shift(month, i - 11))
}

/** `month` moved by `by` months. */
function shift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const t = y * 12 + (m - 1) + by
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`
}

export function departmentScorecard(app: FastifyInstance, jurisdiction: string, code: string, month: string | null): Promise<PublicDepartmentScorecard> {
  return cachedAnswer(app, `scorecard:${jurisdiction}:${code}:${month}`, PUBLISHED_TTL_MS, async () => {
    const name = (await app.pg.query<{ name: string }>(sql('public_department_name'), [code, jurisdiction])).rows[0]?.name
    if (name === undefined) throw new AppError('NOT_FOUND', `department ${code}`)
    const latest = month ?? (await publishedMonths(app, jurisdiction))[0] ?? null
    if (latest === null) return { departmentCode: code, name, period: null, run: null, scorecard: null, trend: [] }
    const rows = await publishedRows(app, jurisdiction, twelveMonths(latest))
    // ranks are per month and peer group: rank each month, then keep this department
    const byMonth = new Map<string, PublishedRow[]>()
    for (const r of rows) byMonth.set(r.period, [...(byMonth.get(r.period) ?? []), r])
    const trend: PublicDepartmentScorecard['trend'] = []
    let current: { run: PublicDepartmentScorecard['run']; scorecard: PublicDepartmentScorecard['scorecard'] } = { run: null, scorecard: null }
    for (const [period, list] of [...byMonth].sort(([a], [b]) => a.localeCompare(b))) {
      const mine = list.find((r) => r.department_code === code)
      if (!mine) continue
      const ranked = rankScorecards(list.map((r) => r.scorecard)).flatMap((g) => [...g.ranked, ...g.insufficient]).find((s) => s.departmentCode === code)
      if (!ranked) continue
      const pub = publicScorecard(ranked)
      trend.push({ period, score: pub.score, grade: pub.grade, rank: pub.rank, volume: pub.volume, insufficient: pub.insufficient, corrected: mine.version > 1 })
      if (period === latest) current = { run: { period, version: mine.version, publishedAt: mine.published_at.toISOString(), corrected: mine.version > 1 }, scorecard: pub }
    }
    return { departmentCode: code, name: current.scorecard?.name ?? name, period: latest, ...current, trend }
  })
}

/** Today's local date `YYYY-MM-DD` in the site's zone. */
export const localToday = (now = new Date()) => now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}

export function publicStatistics(app: FastifyInstance, jurisdiction: string, month: string | null): Promise<PublicStatistics> {
  const openMonth = localToday().slice(0, 7)
  const all = [...twelveMonths(shift(openMonth, -1)), openMonth]
  const wanted = month ?? openMonth
  if (!all.includes(wanted)) throw new AppError('VALIDATION_FAILED', `month ${wanted} is not one of the 13 published months`)
  return cachedAnswer(app, `statistics:${jurisdiction}:${wanted}:${openMonth}`, STATISTICS_TTL_MS, async () => {
    const periods = all.map((m) => ({ label: m, from: `${m}-01`, to: lastDay(m) }))
    type Row = { label: string; department_code: string | null; received: number; concluded: number; timed: number; on_time: number; immediate: number; promised: number; joint: number; escalated: number; returned: number; supplemented: number }
    const [rows, names] = await Promise.all([
      app.pg.query<Row>(sql('public_statistics'), [jurisdiction, JSON.stringify(periods), wanted]),
      app.pg.query<{ code: string; name: string; jurisdiction_code: string }>(sql('public_departments')),
    ])
    const nameOf = new Map(names.rows.map((r) => [r.code, r.name]))
    const toRow = (key: string, name: string, r: Row | undefined): PublicStatisticsRow => ({
      key,
      name,
      received: r?.received ?? 0,
      concluded: r?.concluded ?? 0,
      timed: r?.timed ?? 0,
      onTime: r?.on_time ?? 0,
      onTimeRate: r && r.timed > 0 ? r.on_time / r.timed : null,
      immediate: r?.immediate ?? 0,
      promised: r?.promised ?? 0,
      joint: r?.joint ?? 0,
      escalated: r?.escalated ?? 0,
      returned: r?.returned ?? 0,
      supplemented: r?.supplemented ?? 0,
    })
    const totals = new Map(rows.rows.filter((r) => r.department_code === null).map((r) => [r.label, r]))
    return {
      jurisdictionCode: jurisdiction,
      months: periods.map((p) => toRow(p.label, p.label, totals.get(p.label))),
      openMonth,
      month: wanted,
      departments: rows.rows.filter((r) => r.department_code !== null && r.label === wanted).map((r) => toRow(r.department_code!, nameOf.get(r.department_code!) ?? r.department_code!, r)),
    }
  })
}

/** The audit chain's head at the end of each of the last `days` local days (today: so far). */
export function auditAnchors(app: FastifyInstance, days: number): Promise<PublicAuditAnchor[]> {
  return cachedAnswer(app, `anchors:${days}`, STATISTICS_TTL_MS, async () => {
    const today = localToday()
    const rows = (await app.pg.query<{ day: string; seq: string; hash: string; at: Date }>(sql('public_audit_anchors'), [days - 1])).rows
    return rows.map((r) => ({ day: r.day, seq: Number(r.seq), hash: r.hash, at: r.at.toISOString(), final: r.day < today }))
  })
}
