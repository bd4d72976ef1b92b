/**
 * The statistics reader: time-limit, type, petition and custom-report figures for a user's scope,
 * over a jurisdiction's period rules and work calendar. It caches each jurisdiction's context
 * (rules, calendar) and the code → name map for TTL_MS; `forget` drops a jurisdiction's context
 * when its period rules change.
 */
import type pg from 'pg'
import type { ReadPools } from '../../infra/readPool.ts'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import {
  PETITION_GROUPS, TYPE_KEYS,
  type CustomDefinition, type CustomFilter, type CustomResponse, type PeriodRange, type PetitionResponse, type StatPeriod, type TimeLimitGroup, type TimeLimitResponse, type TimeLimitRow, type TypeKey, type TypeResponse,
} from '../../domain/statistics/contract.ts'
import { STAT_LABELS, type SheetLang } from '../../domain/statistics/labels.ts'
import { DEFAULT_PERIOD_RULES, parsePeriodRules } from '../../domain/statistics/periods.ts'
import { dayLabels, resolvePeriod, typePeriods } from '../../domain/statistics/resolvePeriod.ts'
import { customSource, dimSegments, rollupSegments } from '../../domain/statistics/segments.ts'
import { customRow, orderedDimensions, petitionRow, timeLimitRow, timeLimitTotals, typeRow } from '../../domain/statistics/tables.ts'
import { loadCalendar, loadWorkCalendar } from '../../sql/calendar.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import type { UserPrincipal } from '../auth/session.ts'
import { reportQuery } from './reportQuery.ts'
import { ZONE, isZone, type JurisdictionContext } from './schemas.ts'

const TTL_MS = 10_000

export class StatisticsReader {
  private readonly contexts = new Map<string, JurisdictionContext>()
  private names: { at: number; map: Map<string, string> } | null = null

  private readonly pg: pg.Pool
  private readonly reads: ReadPools

  /** `reads`: the report queries go to the read replica while its lag guard allows (infra/readPool.ts). */
  constructor(pool: pg.Pool, reads: ReadPools) {
    this.pg = pool
    this.reads = reads
  }

  /** Drops a jurisdiction's cached context (after its period rules changed). */
  forget(code: string): void {
    this.contexts.delete(code)
  }


  async context(user: UserPrincipal, asked: string | undefined): Promise<JurisdictionContext> {
    const { rows } = await this.pg.query<{ code: string | null; unknown: boolean }>(sql('statistics_jurisdiction'), [asked ?? null, user.jurisdictionCode, user.departmentCode])
    if (rows[0]?.unknown) throw new AppError('NOT_FOUND', `jurisdiction ${asked}`)
    const code = rows[0]?.code
    if (!code) throw new AppError('NOT_FOUND', 'no jurisdiction')
    const cached = this.contexts.get(code)
    if (cached && Date.now() - cached.at < TTL_MS) return cached
    const [stored, calendar] = await Promise.all([this.pg.query<{ rules: unknown }>(sql('statistics_period_rules_get'), [code]), loadWorkCalendar(this.pg, code)])
    // custom reports count working days on calendar_days (written by the recompute): fill it once when a jurisdiction has none yet
    if (!(await this.pg.query<{ loaded: boolean }>(sql('statistics_calendar_loaded'), [code])).rows[0]?.loaded) await loadCalendar(this.pg, code, calendar)
    const parsed = stored.rows[0] ? parsePeriodRules(stored.rows[0].rules, isZone) : null
    const ctx = { code, rules: parsed?.ok ? parsed.rules : DEFAULT_PERIOD_RULES, calendar, at: Date.now() }
    this.contexts.set(code, ctx)
    return ctx
  }

  async nameOf(): Promise<(kind: string, code: string) => string> {
    if (!this.names || Date.now() - this.names.at > TTL_MS) {
      const { rows } = await this.pg.query<{ kind: string; code: string; name: string }>(sql('statistics_names'))
      this.names = { at: Date.now(), map: new Map(rows.map((r) => [`${r.kind}:${r.code}`, r.name])) }
    }
    const map = this.names.map
    return (kind, code) => map.get(`${kind}:${code}`) ?? code
  }

  today(): number {
    return localDayOf(Date.now(), ZONE)
  }

  period(q: { period?: StatPeriod; at?: string; from?: string; to?: string }, ctx: JurisdictionContext): PeriodRange {
    const r = resolvePeriod(q.period ?? 'month', q.at, { from: q.from, to: q.to }, this.today(), ctx.rules, ctx.calendar)
    if (!r.ok) throw new AppError('VALIDATION_FAILED', r.message)
    return r.period
  }

  async timeLimits(user: UserPrincipal, q: { period?: StatPeriod; at?: string; from?: string; to?: string; jurisdiction?: string; group?: TimeLimitGroup; department?: string }, lang: SheetLang): Promise<TimeLimitResponse> {
    const ctx = await this.context(user, q.jurisdiction)
    const p = this.period(q, ctx)
    const group = q.group ?? 'department'
    const t = fromEpochDay(this.today())
    const { rows } = await reportQuery<{ key: string; bucket: TimeLimitRow['bucket']; normal: number | null; warning: number | null; yellow: number | null; red: number | null }>(this.reads.pick(), sql('statistics_time_limit'),
      [user.userId, p.from, p.to, group, q.department ?? null, t],
    )
    const name = await this.nameOf()
    const out = rows.map((r) => timeLimitRow(r.key, r.key === '' ? '—' : name(group, r.key), r.bucket, { normal: r.normal ?? 0, warning: r.warning ?? 0, yellow: r.yellow ?? 0, red: r.red ?? 0 }))
    return { period: p, today: t, group, rows: out, totals: timeLimitTotals(out, STAT_LABELS[lang].all) }
  }

  async types(user: UserPrincipal, q: { jurisdiction?: string }, lang: SheetLang): Promise<TypeResponse> {
    const ctx = await this.context(user, q.jurisdiction)
    const t = this.today()
    const periods = typePeriods(t, ctx.rules, ctx.calendar)
    const { rows } = await reportQuery<{ label: string; department_code: string | null } & Record<'total' | TypeKey, number>>(this.reads.pick(), sql('statistics_types'), [
      user.userId,
      JSON.stringify(periods.map((p) => ({ label: p.period, from: p.from, to: p.to }))),
    ])
    const name = await this.nameOf()
    const out = []
    for (const p of periods) {
      const mine = rows.filter((r) => r.label === p.period)
      if (!mine.some((r) => r.department_code === null)) mine.unshift({ label: p.period, department_code: null, total: 0, immediate: 0, promised: 0, joint: 0, escalated: 0, returned: 0, supplemented: 0 })
      for (const r of mine) {
        const counts = Object.fromEntries(TYPE_KEYS.map((k) => [k, r[k]])) as Record<TypeKey, number>
        out.push(typeRow(p.period, p.label, p.from, p.to, r.department_code, r.department_code === null ? STAT_LABELS[lang].all : name('department', r.department_code), r.total, counts))
      }
    }
    return { today: fromEpochDay(t), rows: out }
  }

  async petitions(user: UserPrincipal, q: { period?: StatPeriod; at?: string; from?: string; to?: string; jurisdiction?: string; group?: (typeof PETITION_GROUPS)[number] }): Promise<PetitionResponse> {
    const ctx = await this.context(user, q.jurisdiction)
    const p = this.period(q, ctx)
    const group = q.group ?? 'kind'
    const { rows } = await reportQuery<{ key: string; total: number; closed: number; on_time: number; late: number; unanswered: number; overdue: number; rated: number; satisfied: number; rating_sum: number }>(this.reads.pick(), sql('statistics_petitions'),
      [user.userId, p.from, p.to, group],
    )
    const name = await this.nameOf()
    return {
      period: p,
      group,
      rows: rows.map((r) =>
        petitionRow(r.key, group === 'department' ? name('department', r.key) : r.key, {
          total: r.total, closed: r.closed, onTime: r.on_time, late: r.late, unanswered: r.unanswered, overdue: r.overdue, rated: r.rated, satisfied: r.satisfied, ratingSum: r.rating_sum,
        }),
      ),
    }
  }

  async custom(user: UserPrincipal, d: CustomDefinition, jurisdiction: string | undefined): Promise<CustomResponse> {
    const ctx = await this.context(user, jurisdiction)
    const r = resolvePeriod('custom', undefined, { from: d.from, to: d.to }, this.today(), ctx.rules, ctx.calendar)
    if (!r.ok) throw new AppError('VALIDATION_FAILED', r.message)
    const dims = orderedDimensions(d.dimensions)
    if (dims.includes('period') && !d.grain) throw new AppError('VALIDATION_FAILED', 'the period dimension needs a grain (week, month or quarter)')
    // the period dimension's labels cover the periods that contain from and to, so a statistical month closing on the 25th is whole
    const labels = dims.includes('period') ? dayLabels(d.from, d.to, d.grain!, ctx.rules, ctx.calendar) : null
    const f = d.filter ?? {}
    const p90 = d.measures.includes('daysP90')
    const path = await this.customPath(user, dims, f)
    const seg = path === 'rollup' ? rollupSegments(d.from, d.to, labels?.labels ?? null) : null
    const dimSeg = path === 'item' || path === 'handler' ? dimSegments(d.from, d.to, labels?.labels ?? null) : null
    const [text, params]: [string, unknown[]] = seg
      ? [sql('statistics_custom_rollup'), [user.userId, dims, seg.months, seg.monthLabels, seg.days, seg.dayLabels, f.department ?? null, f.caseType ?? null, f.status ?? null, f.level ?? null, p90]]
      : dimSeg
      ? [sql('statistics_custom_dim'), [
        user.userId, dims, path === 'item' ? 'i' : 'h', dimSeg.months, dimSeg.monthLabels, dimSeg.weeks, dimSeg.weekLabels, dimSeg.days, dimSeg.dayLabels,
        f.department ?? null, f.item ?? null, f.caseType ?? null, f.status ?? null, f.level ?? null, f.handler ?? null, p90,
      ]]
      : [sql('statistics_custom'), [
        user.userId, d.from, d.to, dims, labels?.days ?? null, labels?.labels ?? null,
        f.department ?? null, f.item ?? null, f.caseType ?? null, f.status ?? null, f.level ?? null, f.handler ?? null, p90,
      ]]
    const { rows } = await reportQuery<{
      jurisdiction: string | null; department: string | null; item: string | null; case_type: string | null; handler: string | null; period: string | null
      cases: number; concluded: number; timed: number; on_time: number; days_mean: number | null; days_p90: number | null; supplements: number; cards: number; fees: number
    }>(this.reads.pick(), text, params)
    const name = await this.nameOf()
    const out = rows.map((x) => {
      const keys: Record<string, string> = {}
      const names: Record<string, string> = {}
      const raw = { jurisdiction: x.jurisdiction, department: x.department, item: x.item, caseType: x.case_type, handler: x.handler, period: x.period }
      for (const dim of dims) {
        const v = raw[dim] ?? ''
        keys[dim] = v
        names[dim] = dim === 'department' || dim === 'item' || dim === 'jurisdiction' ? (v === '' ? '—' : name(dim, v)) : v
      }
      return customRow(keys, names, {
        cases: x.cases, concluded: x.concluded, timed: x.timed, onTime: x.on_time, daysMean: x.days_mean, daysP90: x.days_p90, supplements: x.supplements, cards: x.cards, fees: x.fees,
      }, d.measures)
    })
    return { definition: { ...d, dimensions: dims }, rows: out, truncated: rows.length >= 5000 }
  }

  /**
   * Where a custom report is read from (every path gives the same rows): without the item and the
   * handler, the rollups of migration 220; with the item (not the handler), the item rows of
   * migration 390; with the handler alone or by period or jurisdiction, filtered at most by status
   * and level, its handler rows — for a reader who sees whole jurisdictions (those rows carry no
   * department); else (item and handler together, the handler by department or case type, a
   * department-scoped reader) the case facts (customSource). Weeks, months and quarters alike.
   */
  async customPath(user: UserPrincipal, dims: readonly string[], f: CustomFilter): Promise<'rollup' | 'item' | 'handler' | 'facts'> {
    const source = customSource(dims, f)
    if (source === 'groups') return 'rollup'
    if (source !== 'handler') return source
    const { rows } = await this.pg.query<{ whole: boolean }>(sql('statistics_custom_scope'), [user.userId])
    return rows[0]?.whole ? 'handler' : 'facts'
  }
}
