/**
 * Business statistics (业务统计): GET /api/v1/statistics/* — time-limit, type and petition
 * statistics from the rollups of migration 150, custom reports over the case facts (saved, shared
 * with roles), XLSX export with the filter written in the sheet, page-view counts, and the
 * statistics period rules (统计时间配置, administrators, audited).
 *
 * Who: administrators, supervisors and leaders, and department heads — each within their
 * department scope (`visible_departments` in the SQL), so a head sees their departments' figures
 * only. Department staff are refused: their work lists are the approval module's.
 */
import { PassThrough } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import ExcelJS from 'exceljs'
import Type from 'typebox'
import { Compile } from 'typebox/compile'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import type { WorkCalendar } from '../../domain/calendar/WorkCalendar.ts'
import {
  CUSTOM_DIMENSIONS, CUSTOM_GRAINS, CUSTOM_MEASURES, PETITION_GROUPS, STAT_LEVELS, STAT_PERIODS, STATUS_CLASSES, TIME_LIMIT_GROUPS, TYPE_KEYS, VISIT_SURFACES,
  type CustomDefinition, type CustomResponse, type PeriodRange, type PetitionResponse, type StatPeriod, type TimeLimitGroup, type TimeLimitResponse, type TimeLimitRow, type TypeKey, type TypeResponse,
} from '../../domain/statistics/contract.ts'
import { STAT_LABELS, type SheetLang } from '../../domain/statistics/labels.ts'
import { DEFAULT_PERIOD_RULES, parsePeriodRules, type PeriodRules } from '../../domain/statistics/periods.ts'
import { dayLabels, resolvePeriod, typePeriods } from '../../domain/statistics/resolvePeriod.ts'
import { sheetRows } from '../../domain/statistics/sheet.ts'
import { customRow, orderedDimensions, petitionRow, timeLimitRow, timeLimitTotals, typeRow } from '../../domain/statistics/tables.ts'
import { CASE_TYPES } from '../../domain/events/schema.ts'
import { loadCalendar, loadWorkCalendar } from '../../sql/calendar.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import type { UserPrincipal } from '../auth/session.ts'
import { ErrorResponse } from '../schemas.ts'

const READERS = ['admin', 'supervisor', 'leader', 'department_head'] as const
const ZONE = 'Asia/Shanghai'
const TTL_MS = 10_000

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' })
const PeriodQuery = {
  period: Type.Optional(Type.Enum(STAT_PERIODS, { default: 'month' })),
  at: Type.Optional(IsoDate),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  jurisdiction: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
}
const Lang = Type.Optional(Type.Enum(['zh-CN', 'en'] as const))

const Definition = Type.Object(
  {
    dimensions: Type.Array(Type.Enum(CUSTOM_DIMENSIONS), { maxItems: 6, uniqueItems: true }),
    grain: Type.Optional(Type.Enum(CUSTOM_GRAINS)),
    measures: Type.Array(Type.Enum(CUSTOM_MEASURES), { minItems: 1, maxItems: 7, uniqueItems: true }),
    from: IsoDate,
    to: IsoDate,
    filter: Type.Optional(
      Type.Object(
        {
          department: Type.Optional(Code),
          item: Type.Optional(Code),
          caseType: Type.Optional(Type.Enum(CASE_TYPES)),
          status: Type.Optional(Type.Enum(STATUS_CLASSES)),
          level: Type.Optional(Type.Enum(STAT_LEVELS)),
          handler: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
const definitionCheck = Compile(Definition)
const REPORT_ROLES = ['admin', 'supervisor', 'leader', 'department_head'] as const

interface JurisdictionContext {
  code: string
  rules: PeriodRules
  calendar: WorkCalendar
  at: number
}

function needUser(user: UserPrincipal | null): UserPrincipal {
  if (!user) throw new AppError('UNAUTHENTICATED')
  return user
}

const statistics: FastifyPluginAsyncTypebox = async (app) => {
  const contexts = new Map<string, JurisdictionContext>()
  let names: { at: number; map: Map<string, string> } | null = null

  const isZone = (z: string) => z === ZONE // the rollups' days are Asia/Shanghai dates (migration 150)

  async function context(user: UserPrincipal, asked: string | undefined): Promise<JurisdictionContext> {
    const { rows } = await app.pg.query<{ code: string | null; unknown: boolean }>(sql('statistics_jurisdiction'), [asked ?? null, user.jurisdictionCode, user.departmentCode])
    if (rows[0]?.unknown) throw new AppError('NOT_FOUND', `jurisdiction ${asked}`)
    const code = rows[0]?.code
    if (!code) throw new AppError('NOT_FOUND', 'no jurisdiction')
    const cached = contexts.get(code)
    if (cached && Date.now() - cached.at < TTL_MS) return cached
    const [stored, calendar] = await Promise.all([app.pg.query<{ rules: unknown }>(sql('statistics_period_rules_get'), [code]), loadWorkCalendar(app.pg, code)])
    // custom reports count working days on calendar_days (written by the recompute): fill it once when a jurisdiction has none yet
    if (!(await app.pg.query<{ loaded: boolean }>(sql('statistics_calendar_loaded'), [code])).rows[0]?.loaded) await loadCalendar(app.pg, code, calendar)
    const parsed = stored.rows[0] ? parsePeriodRules(stored.rows[0].rules, isZone) : null
    const ctx = { code, rules: parsed?.ok ? parsed.rules : DEFAULT_PERIOD_RULES, calendar, at: Date.now() }
    contexts.set(code, ctx)
    return ctx
  }

  async function nameOf(): Promise<(kind: string, code: string) => string> {
    if (!names || Date.now() - names.at > TTL_MS) {
      const { rows } = await app.pg.query<{ kind: string; code: string; name: string }>(sql('statistics_names'))
      names = { at: Date.now(), map: new Map(rows.map((r) => [`${r.kind}:${r.code}`, r.name])) }
    }
    const map = names.map
    return (kind, code) => map.get(`${kind}:${code}`) ?? code
  }

  const today = () => localDayOf(Date.now(), ZONE)

  function period(q: { period?: StatPeriod; at?: string; from?: string; to?: string }, ctx: JurisdictionContext): PeriodRange {
    const r = resolvePeriod(q.period ?? 'month', q.at, { from: q.from, to: q.to }, today(), ctx.rules, ctx.calendar)
    if (!r.ok) throw new AppError('VALIDATION_FAILED', r.message)
    return r.period
  }

  async function timeLimits(user: UserPrincipal, q: { period?: StatPeriod; at?: string; from?: string; to?: string; jurisdiction?: string; group?: TimeLimitGroup; department?: string }, lang: SheetLang): Promise<TimeLimitResponse> {
    const ctx = await context(user, q.jurisdiction)
    const p = period(q, ctx)
    const group = q.group ?? 'department'
    const t = fromEpochDay(today())
    const { rows } = await app.pgReads.pick().query<{ key: string; bucket: TimeLimitRow['bucket']; normal: number | null; warning: number | null; yellow: number | null; red: number | null }>(
      sql('statistics_time_limit'),
      [user.userId, p.from, p.to, group, q.department ?? null, t],
    )
    const name = await nameOf()
    const out = rows.map((r) => timeLimitRow(r.key, r.key === '' ? '—' : name(group, r.key), r.bucket, { normal: r.normal ?? 0, warning: r.warning ?? 0, yellow: r.yellow ?? 0, red: r.red ?? 0 }))
    return { period: p, today: t, group, rows: out, totals: timeLimitTotals(out, STAT_LABELS[lang].all) }
  }

  async function types(user: UserPrincipal, q: { jurisdiction?: string }, lang: SheetLang): Promise<TypeResponse> {
    const ctx = await context(user, q.jurisdiction)
    const t = today()
    const periods = typePeriods(t, ctx.rules, ctx.calendar)
    const { rows } = await app.pgReads.pick().query<{ label: string; department_code: string | null } & Record<'total' | TypeKey, number>>(sql('statistics_types'), [
      user.userId,
      JSON.stringify(periods.map((p) => ({ label: p.period, from: p.from, to: p.to }))),
    ])
    const name = await nameOf()
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

  async function petitions(user: UserPrincipal, q: { period?: StatPeriod; at?: string; from?: string; to?: string; jurisdiction?: string; group?: (typeof PETITION_GROUPS)[number] }): Promise<PetitionResponse> {
    const ctx = await context(user, q.jurisdiction)
    const p = period(q, ctx)
    const group = q.group ?? 'kind'
    const { rows } = await app.pgReads.pick().query<{ key: string; total: number; closed: number; on_time: number; late: number; unanswered: number; overdue: number; rated: number; satisfied: number; rating_sum: number }>(
      sql('statistics_petitions'),
      [user.userId, p.from, p.to, group],
    )
    const name = await nameOf()
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

  async function custom(user: UserPrincipal, d: CustomDefinition, jurisdiction: string | undefined): Promise<CustomResponse> {
    const ctx = await context(user, jurisdiction)
    const r = resolvePeriod('custom', undefined, { from: d.from, to: d.to }, today(), ctx.rules, ctx.calendar)
    if (!r.ok) throw new AppError('VALIDATION_FAILED', r.message)
    const dims = orderedDimensions(d.dimensions)
    if (dims.includes('period') && !d.grain) throw new AppError('VALIDATION_FAILED', 'the period dimension needs a grain (week, month or quarter)')
    // the period dimension's labels cover the periods that contain from and to, so a statistical month closing on the 25th is whole
    const labels = dims.includes('period') ? dayLabels(d.from, d.to, d.grain!, ctx.rules, ctx.calendar) : null
    const f = d.filter ?? {}
    const { rows } = await app.pgReads.pick().query<{
      jurisdiction: string | null; department: string | null; item: string | null; case_type: string | null; handler: string | null; period: string | null
      cases: number; concluded: number; timed: number; on_time: number; days_mean: number | null; days_p90: number | null; supplements: number; cards: number; fees: number
    }>(sql('statistics_custom'), [
      user.userId, d.from, d.to, dims, labels?.days ?? null, labels?.labels ?? null,
      f.department ?? null, f.item ?? null, f.caseType ?? null, f.status ?? null, f.level ?? null, f.handler ?? null, d.measures.includes('daysP90'),
    ])
    const name = await nameOf()
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

  app.get(
    '/api/v1/statistics/time-limits',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: "Time-limit statistics: today's, in-progress and concluded cases by level (normal, warning, yellow, red), counts and shares, by jurisdiction, department or item",
        querystring: Type.Object({ ...PeriodQuery, group: Type.Optional(Type.Enum(TIME_LIMIT_GROUPS)), department: Type.Optional(Code), lang: Lang }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => timeLimits(needUser(req.user), req.query, req.query.lang ?? 'zh-CN'),
  )

  app.get(
    '/api/v1/statistics/types',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Type statistics: 即办件 承诺件 联办件 上报件 退回件 补办件 for today, this week, month, quarter, year and all time, in total and per department',
        querystring: Type.Object({ jurisdiction: PeriodQuery.jurisdiction, lang: Lang }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => types(needUser(req.user), req.query, req.query.lang ?? 'zh-CN'),
  )

  app.get(
    '/api/v1/statistics/petitions',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Petition statistics by kind, department or channel: answered on time, late, overdue, satisfaction from ratings',
        querystring: Type.Object({ ...PeriodQuery, group: Type.Optional(Type.Enum(PETITION_GROUPS)) }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => petitions(needUser(req.user), req.query),
  )

  app.post(
    '/api/v1/statistics/custom',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Run a custom report: dimensions, measures, filter, period (at most 5,000 groups)',
        querystring: Type.Object({ jurisdiction: PeriodQuery.jurisdiction }, { additionalProperties: false }),
        body: Definition,
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => custom(needUser(req.user), req.body, req.query.jurisdiction),
  )

  app.get(
    '/api/v1/statistics/reports',
    { config: { policy: READERS }, schema: { tags: ['statistics'], summary: 'Saved custom reports: mine and those shared with my roles', response: { 200: Type.Unknown() } } },
    async (req) => {
      const user = needUser(req.user)
      const { rows } = await app.pg.query(sql('statistics_report_list'), [user.userId, user.roles])
      return rows.map((r) => ({ id: r.id, name: r.name, definition: r.definition, sharedRoles: r.shared_roles, ownerLogin: r.owner_login }))
    },
  )

  app.post(
    '/api/v1/statistics/reports',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Save a custom report under a name, optionally shared with roles',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), definition: Definition, sharedRoles: Type.Optional(Type.Array(Type.Enum(REPORT_ROLES), { uniqueItems: true, maxItems: 4 })) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = needUser(req.user)
      if (req.body.name.trim() === '') throw new AppError('VALIDATION_FAILED', 'body/name must not be blank')
      const saved = await withTransaction(app.pg, async (c) => {
        const r = (await c.query(sql('statistics_report_insert'), [req.body.name.trim(), JSON.stringify(req.body.definition), req.body.sharedRoles ?? [], user.userId, user.login])).rows[0]
        await appendAudit(c, { actor: actorOf(req), action: 'statistics_report.create', entity: 'statistics_report', entityId: r.id, before: null, after: { name: r.name, sharedRoles: r.shared_roles }, requestId: req.id })
        return r
      })
      reply.code(201)
      return { id: saved.id, name: saved.name, definition: saved.definition, sharedRoles: saved.shared_roles, ownerLogin: saved.owner_login }
    },
  )

  app.delete(
    '/api/v1/statistics/reports/:id',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Delete one of my saved reports',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = needUser(req.user)
      const gone = await withTransaction(app.pg, async (c) => {
        const r = (await c.query(sql('statistics_report_delete'), [req.params.id, user.userId])).rows[0]
        if (r) await appendAudit(c, { actor: actorOf(req), action: 'statistics_report.delete', entity: 'statistics_report', entityId: r.id, before: { name: r.name, sharedRoles: r.shared_roles }, after: null, requestId: req.id })
        return r
      })
      if (!gone) throw new AppError('NOT_FOUND', `report ${req.params.id}`)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/statistics/export',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'XLSX of a statistics view with the filter written above the table (view=custom takes the definition as JSON in `definition`)',
        querystring: Type.Object(
          {
            ...PeriodQuery,
            view: Type.Enum(['timeLimit', 'types', 'petitions', 'custom'] as const),
            group: Type.Optional(Type.String({ maxLength: 20 })),
            department: Type.Optional(Code),
            definition: Type.Optional(Type.String({ maxLength: 4000 })),
            lang: Lang,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = needUser(req.user)
      const q = req.query
      const lang: SheetLang = q.lang ?? 'zh-CN'
      const L = STAT_LABELS[lang]
      const pct = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 100)
      let title: string
      let filter: [string, string][] = []
      let header: string[]
      let rows: (string | number | null)[][]
      if (q.view === 'timeLimit') {
        if (q.group !== undefined && !(TIME_LIMIT_GROUPS as readonly string[]).includes(q.group)) throw new AppError('VALIDATION_FAILED', 'querystring/group')
        const r = await timeLimits(user, { ...q, group: q.group as TimeLimitGroup | undefined }, lang)
        title = L.timeLimit
        filter = [[L.period, `${r.period.label} (${r.period.from} – ${r.period.to})`], [L.group, L[r.group]], [L.department, q.department ?? L.all]]
        header = [L[r.group], '', ...STAT_LEVELS.flatMap((l) => [L.levels[l], `${L.levels[l]} ${L.share} %`]), L.total]
        rows = [...r.totals, ...r.rows].map((x) => [x.name, L.bucket[x.bucket], ...STAT_LEVELS.flatMap((l) => [x.counts[l], pct(x.shares[l])]), x.total])
      } else if (q.view === 'types') {
        const r = await types(user, q, lang)
        title = L.types
        filter = r.rows.filter((x) => x.departmentCode === null).map((x) => [L.typePeriods[x.period], x.from ? `${x.label} (${x.from} – ${x.to})` : L.all])
        header = [L.period, L.department, L.total, ...TYPE_KEYS.flatMap((k) => [L.types_[k], `${L.types_[k]} ${L.share} %`])]
        rows = r.rows.map((x) => [L.typePeriods[x.period], x.name, x.total, ...TYPE_KEYS.flatMap((k) => [x.counts[k], pct(x.shares[k])])])
      } else if (q.view === 'petitions') {
        if (q.group !== undefined && !(PETITION_GROUPS as readonly string[]).includes(q.group)) throw new AppError('VALIDATION_FAILED', 'querystring/group')
        const r = await petitions(user, { ...q, group: q.group as (typeof PETITION_GROUPS)[number] | undefined })
        title = L.petitions
        filter = [[L.period, `${r.period.label} (${r.period.from} – ${r.period.to})`], [L.group, L.petitionGroups[r.group]]]
        header = [L.petitionGroups[r.group], ...L.petitionCols]
        rows = r.rows.map((x) => [x.name, x.total, x.closed, x.onTime, x.late, x.unanswered, x.overdue, x.rated, x.satisfied, pct(x.onTimeRate), pct(x.satisfaction), x.ratingMean])
      } else {
        let def: CustomDefinition
        try {
          def = JSON.parse(q.definition ?? '') as CustomDefinition
        } catch {
          throw new AppError('VALIDATION_FAILED', 'querystring/definition must be JSON')
        }
        if (!definitionCheck.Check(def)) throw new AppError('VALIDATION_FAILED', 'querystring/definition is not a report definition')
        const r = await custom(user, def, q.jurisdiction)
        title = L.custom
        const dims = r.definition.dimensions
        filter = [[L.period, `${def.from} – ${def.to}`], ...Object.entries(def.filter ?? {}).map(([k, v]) => [(L as unknown as Record<string, string>)[k] ?? k, String(v)] as [string, string])]
        if (def.grain) filter.push([L.dims.period, def.grain])
        header = [...dims.map((d) => L.dims[d]), ...def.measures.map((m) => L.measures[m])]
        rows = r.rows.map((x) => [...dims.map((d) => x.names[d] ?? ''), ...def.measures.map((m) => (m === 'onTimeRate' ? pct(x.values[m] ?? null) : (x.values[m] ?? null)))])
      }
      filter.push([L.exportedAt, new Date().toISOString()])
      const out = new PassThrough()
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
      const sheet = workbook.addWorksheet(title)
      for (const row of sheetRows({ title, filter, header, rows })) sheet.addRow(row).commit()
      sheet.commit()
      void workbook.commit()
      reply.header('cache-control', 'no-store')
      reply.header('content-disposition', `attachment; filename="statistics-${q.view}-${fromEpochDay(today()).replace(/-/g, '')}.xlsx"`)
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      return reply.send(out)
    },
  )

  app.post(
    '/api/v1/statistics/visits',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['statistics'],
        summary: 'Page-view beacon: counts one view of a surface and page path (no user, address or cookie is stored)',
        body: Type.Object({ surface: Type.Enum(VISIT_SURFACES), page: Type.String({ minLength: 1, maxLength: 120, pattern: '^/[A-Za-z0-9/_:-]*$' }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      // a page path, never an identifier inside it: segments with digits (case numbers, ids) are folded to ':id'
      const page = req.body.page.split('/').map((s) => (/[0-9]/.test(s) ? ':id' : s)).join('/')
      await app.pg.query(sql('statistics_visit'), [new Date(), req.body.surface, page])
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/statistics/visits',
    {
      config: { policy: ['admin', 'supervisor', 'leader'] },
      schema: {
        tags: ['statistics'],
        summary: 'Page views per surface and page over a period',
        querystring: Type.Object(PeriodQuery, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const user = needUser(req.user)
      const ctx = await context(user, req.query.jurisdiction)
      const p = period(req.query, ctx)
      const { rows } = await app.pg.query(sql('statistics_visits'), [p.from, p.to])
      return { period: p, rows }
    },
  )

  app.get(
    '/api/v1/statistics/period-rules/:jurisdiction',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['statistics'],
        summary: 'Statistics period rules (统计时间配置) of a jurisdiction: week start, month close (calendar end, last working day or a fixed day)',
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }) }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { rows } = await app.pg.query<{ rules: unknown; updated_by: string; updated_at: Date }>(sql('statistics_period_rules_get'), [req.params.jurisdiction])
      const parsed = rows[0] ? parsePeriodRules(rows[0].rules, isZone) : null
      return { jurisdictionCode: req.params.jurisdiction, rules: parsed?.ok ? parsed.rules : DEFAULT_PERIOD_RULES, isDefault: !rows[0], updatedBy: rows[0]?.updated_by ?? null, updatedAt: rows[0]?.updated_at ?? null }
    },
  )

  app.put(
    '/api/v1/statistics/period-rules/:jurisdiction',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['statistics'],
        summary: 'Set the statistics period rules of a jurisdiction (audited)',
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }) }),
        body: Type.Object(
          {
            weekStart: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })),
            monthClose: Type.Optional(
              Type.Union([
                Type.Object({ kind: Type.Literal('calendar') }, { additionalProperties: false }),
                Type.Object({ kind: Type.Literal('lastWorkingDay') }, { additionalProperties: false }),
                Type.Object({ kind: Type.Literal('day'), day: Type.Integer({ minimum: 1, maximum: 28 }) }, { additionalProperties: false }),
              ]),
            ),
            timeZone: Type.Optional(Type.Literal(ZONE)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const user = needUser(req.user)
      const parsed = parsePeriodRules(req.body, isZone)
      if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.problems.map((p) => `body/${p.path} ${p.message}`).join('; '))
      const { rows } = await app.pg.query<{ code: string | null; unknown: boolean }>(sql('statistics_jurisdiction'), [req.params.jurisdiction, null, null])
      if (rows[0]?.unknown) throw new AppError('NOT_FOUND', `jurisdiction ${req.params.jurisdiction}`)
      const r = await withTransaction(app.pg, async (c) => {
        const x = (await c.query<{ before: unknown; after: unknown }>(sql('statistics_period_rules_put'), [req.params.jurisdiction, JSON.stringify(parsed.rules), user.login])).rows[0]!
        await appendAudit(c, { actor: actorOf(req), action: 'statistics_period_rules.set', entity: 'statistics_period_rules', entityId: req.params.jurisdiction, before: x.before, after: x.after, requestId: req.id })
        return x
      })
      contexts.delete(req.params.jurisdiction)
      return { jurisdictionCode: req.params.jurisdiction, rules: r.after, before: r.before }
    },
  )
}

export default statistics
