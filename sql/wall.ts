/**
 * Reads the wall's panels (`WallPanels`) from PostgreSQL, set-based, in one read-only
 * REPEATABLE READ transaction so the panels agree with each other. Shared by the server (first
 * snapshot when no publisher has stored one) and workers/publish.ts.
 *
 * Which jurisdiction: `resolveWallJurisdiction` — the configured code (`WALL_JURISDICTION`), else
 * the deployment's top jurisdiction (no parent; most departments; lowest code). Every count
 * covers that jurisdiction and all jurisdictions under it; days and months are its local ones.
 */
import type pg from 'pg'
import { prepared, sql } from './queries.ts'
import { endSharedSnapshot, openSharedSnapshot } from './sharedSnapshot.ts'
import { maskSubjectNo } from '../domain/realtime/maskSubjectNo.ts'
import { scrubPersonalData } from '../domain/privacy/scrubPersonalData.ts'
import type { PersonalData } from '../domain/privacy/mask.ts'
import type { Level } from '../domain/clock/types.ts'
import { WALL_TICKER_LIMIT, type WallCardItem, type WallDepartmentStatus, type WallPanels, type WallRankingRow, type WallTrendPoint, type WallTrends } from '../domain/realtime/wall.ts'
import { CASE_TYPES, PETITION_KINDS } from '../domain/contracts/caseTypes.ts'

export interface WallReadOptions {
  /** Lines in the card ticker. @default WALL_TICKER_LIMIT */
  tickerLimit?: number
  /** Rows in each of best / worst. @default 5 */
  rankingSize?: number
  /** Concluded cases with a deadline this month a department needs to be ranked. @default 5 */
  rankingMinConcluded?: number
}


type Queryable = Pick<pg.PoolClient, 'query'>

/** The configured jurisdiction when it exists, else the top one; null on an empty database. */
export async function resolveWallJurisdiction(db: Queryable, configured: string | null | undefined): Promise<string | null> {
  if (configured) {
    const { rows } = await db.query<{ code: string }>(prepared('jurisdiction_get', [configured]))
    if (rows[0]) return rows[0].code
  }
  const { rows } = await db.query<{ code: string }>(prepared('wall_default_jurisdiction'))
  return rows[0]?.code ?? null
}

/**
 * Folds the committed deltas of the open case and petition counts (migration 090), of the concluded
 * counts by day (migration 282) and of the counts of the day (migration 370) into their bases;
 * returns how many delta rows it folded. Readers are
 * exact either way; this keeps the delta tables small.
 */
export async function compactWallOpenCounts(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ folded: number }>(sql('wall_open_counts_compact'))
  return rows[0]?.folded ?? 0
}

/** Panels with nothing in them (an empty database, or a jurisdiction that does not exist). */
export function emptyWallPanels(): WallPanels {
  return {
    tiles: { receivedToday: 0, acceptedToday: 0, concludedToday: 0, inProgress: 0, warning: 0, yellow: 0, red: 0, onTimeRateMonth: null },
    departments: [],
    cards: [],
    trends: { hourlyToday: [], dailyMonth: [], caseTypes: CASE_TYPES.map((type) => ({ type, count: 0 })), petitions: PETITION_KINDS.map((kind) => ({ kind, normal: 0, warning: 0, yellow: 0, red: 0 })) },
    rankings: { best: [], worst: [] },
  }
}

interface TilesRow {
  local_date: string
  local_hour: number
  day_start: Date
  month_start: Date
  received_today: number
  accepted_today: number
  concluded_today: number
  concluded_month: number
  on_time_month: number
}

interface OpenRow {
  code: string
  name: string
  kind: WallDepartmentStatus['kind']
  active: boolean
  case_normal: number
  case_warning: number
  case_yellow: number
  case_red: number
  petition_normal: number
  petition_warning: number
  petition_yellow: number
  petition_red: number
}

/** The panels that change with every event; `trends` and `rankings` are the slow ones. */
export type WallHotPanels = Pick<WallPanels, 'tiles' | 'departments' | 'cards'>
export type WallSlowPanels = Pick<WallPanels, 'trends' | 'rankings'>

interface BucketRow {
  local_date: string
  local_hour: number
  received: number
  concluded: number
}

/**
 * Reads every panel for `jurisdictionCode` as of `now`. After the tiles, the slow panels (trends,
 * rankings) are read on a second connection in the same snapshot while the first reads the hot
 * ones, when the pool has a connection to spare (`openSharedSnapshot`); else one after the other.
 * Both halves see the same committed state either way.
 */
export async function readWallPanels(pool: pg.Pool, jurisdictionCode: string, now: Date, opts: WallReadOptions = {}): Promise<WallPanels> {
  return inSnapshot(pool, async (c) => {
    const t = await readTiles(c, jurisdictionCode, now)
    if (!t) return emptyWallPanels()
    const second = await openSharedSnapshot(pool, c, [sql('wall_jit_off')])
    if (!second) return { ...(await readHot(c, jurisdictionCode, t, opts)), ...(await readSlow(c, jurisdictionCode, t, opts)) }
    try {
      const [hot, slow] = await Promise.all([readHot(c, jurisdictionCode, t, opts), readSlow(second, jurisdictionCode, t, opts)])
      return { ...hot, ...slow }
    } finally {
      await endSharedSnapshot(second)
    }
  })
}

/**
 * Reads only the panels that change with every event (tiles, departments, cards): what the
 * publisher reads on every cycle, taking trends and rankings from a slower cycle.
 */
export async function readWallHotPanels(pool: pg.Pool, jurisdictionCode: string, now: Date, opts: WallReadOptions = {}): Promise<WallHotPanels> {
  return inSnapshot(pool, async (c) => {
    const t = await readTiles(c, jurisdictionCode, now)
    if (!t) {
      const { tiles, departments, cards } = emptyWallPanels()
      return { tiles, departments, cards }
    }
    return readHot(c, jurisdictionCode, t, opts)
  })
}

/** One read-only REPEATABLE READ transaction: all panels see the same committed state. */
async function inSnapshot<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n${sql('wall_jit_off')}`) // one round trip
    try {
      const out = await fn(client)
      await client.query('COMMIT')
      return out
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    }
  } finally {
    client.release()
  }
}

const sumLevels = (r: OpenRow, kind: 'case' | 'petition') => ({
  normal: r[`${kind}_normal`],
  warning: r[`${kind}_warning`],
  yellow: r[`${kind}_yellow`],
  red: r[`${kind}_red`],
})

/** The tiles' row (today's and this month's counts, the local day and hour), or none for an unknown jurisdiction. */
async function readTiles(c: pg.PoolClient, jur: string, now: Date): Promise<TilesRow | undefined> {
  return (await c.query<TilesRow>(prepared('wall_tiles', [jur, now]))).rows[0]
}

/** The hot panels from the tiles' row `t` (read first, in the same transaction). */
async function readHot(c: pg.PoolClient, jur: string, t: TilesRow, opts: WallReadOptions): Promise<WallHotPanels> {
  const open = (await c.query<OpenRow>(prepared('wall_open_by_department', [jur]))).rows
  // an open case shows the higher of its clock's level and its highest card (a manual card included)
  const carded = (await c.query<{ department_code: string; clock_level: Level; color: 'yellow' | 'red'; n: number }>(prepared('wall_card_tiles', [jur]))).rows
  const caseLevelsOf = (r: OpenRow) => {
    const l = sumLevels(r, 'case')
    for (const m of carded) {
      if (m.department_code !== r.code) continue
      l[m.clock_level] -= m.n
      l[m.color] += m.n
    }
    return l
  }
  const caseLevels = open.map(caseLevelsOf)
  const total = (k: 'normal' | 'warning' | 'yellow' | 'red') => caseLevels.reduce((n, l) => n + l[k], 0)
  const departments = open
    .filter((r) => r.active)
    .map((r): WallDepartmentStatus => {
      const a = caseLevelsOf(r)
      const b = sumLevels(r, 'petition')
      const normal = a.normal + b.normal
      const warning = a.warning + b.warning
      const yellow = a.yellow + b.yellow
      const red = a.red + b.red
      const worst = red > 0 ? 'red' : yellow > 0 ? 'yellow' : warning > 0 ? 'warning' : 'normal'
      return { code: r.code, name: r.name, kind: r.kind, open: normal + warning + yellow + red, normal, warning, yellow, red, worst }
    })
  // riskiest first; the query's catalogue order breaks ties (sort is stable)
  departments.sort((x, y) => y.red - x.red || y.yellow - x.yellow || y.warning - x.warning || y.open - x.open)
  const cards = (await c.query<{ id: string; issued_at: Date; effective_at: Date; color: 'yellow' | 'red'; department_code: string; department_name: string; item_name: string | null; subject_no: string; subject: WallCardItem['subject']; rule: string; reason: string; person: PersonalData | null }>(
    prepared('wall_cards', [jur, opts.tickerLimit ?? WALL_TICKER_LIMIT]),
  )).rows.map(
    (r): WallCardItem => ({
      id: r.id,
      issuedAt: r.issued_at.toISOString(),
      effectiveAt: r.effective_at.toISOString(),
      color: r.color,
      departmentCode: r.department_code,
      departmentName: r.department_name,
      itemName: r.item_name,
      subjectNoMasked: maskSubjectNo(r.subject_no),
      subject: r.subject,
      rule: r.rule,
      reason: scrubPersonalData(r.reason, [r.person]),
    }),
  )
  return {
    tiles: {
      receivedToday: t.received_today,
      acceptedToday: t.accepted_today,
      concludedToday: t.concluded_today,
      inProgress: total('normal') + total('warning') + total('yellow') + total('red'),
      warning: total('warning'),
      yellow: total('yellow'),
      red: total('red'),
      onTimeRateMonth: t.concluded_month > 0 ? t.on_time_month / t.concluded_month : null,
    },
    departments,
    cards,
  }
}

/** Reads the slow panels (trends and rankings) for `jurisdictionCode` as of `now`. */
export async function readWallSlowPanels(pool: pg.Pool, jurisdictionCode: string, now: Date, opts: WallReadOptions = {}): Promise<WallSlowPanels> {
  return inSnapshot(pool, async (c) => {
    const t = await readTiles(c, jurisdictionCode, now)
    if (!t) {
      const { trends, rankings } = emptyWallPanels()
      return { trends, rankings }
    }
    return readSlow(c, jurisdictionCode, t, opts)
  })
}

async function readSlow(c: pg.PoolClient, jur: string, t: TilesRow, opts: WallReadOptions): Promise<WallSlowPanels> {
  const trends = await readTrends(c, jur, t)
  const ranked = (await c.query<{ code: string; name: string; concluded: number; on_time_rate: number }>(prepared('wall_rankings', [jur, t.month_start, opts.rankingMinConcluded ?? 5]))).rows.map(
    (r): WallRankingRow => ({ code: r.code, name: r.name, onTimeRate: r.on_time_rate, concluded: r.concluded }),
  )
  const size = opts.rankingSize ?? 5
  return { trends, rankings: { best: ranked.slice(0, size), worst: ranked.slice(-size).reverse() } }
}

async function readTrends(c: pg.PoolClient, jur: string, t: TilesRow): Promise<WallTrends> {
  // rollup buckets before its edge, live event counts from the edge (or the month's start) on
  let edge: Date | null = null
  if ((await c.query<{ populated: boolean }>(prepared('wall_rollup_populated'))).rows[0]?.populated) {
    edge = (await c.query<{ edge: Date | null }>(prepared('wall_rollup_edge'))).rows[0]?.edge ?? null
  }
  const buckets: BucketRow[] = []
  let liveFrom = t.month_start
  if (edge !== null && edge > t.month_start) {
    buckets.push(...(await c.query<BucketRow>(prepared('wall_trend_rollup', [jur, t.month_start, edge]))).rows)
    liveFrom = edge
  }
  buckets.push(...(await c.query<BucketRow>(prepared('wall_trend_live', [jur, liveFrom]))).rows)

  const hours = new Map<number, WallTrendPoint>()
  for (let h = 0; h <= t.local_hour; h++) hours.set(h, { label: `${String(h).padStart(2, '0')}:00`, received: 0, concluded: 0 })
  const day = Number(t.local_date.slice(8, 10))
  const month = t.local_date.slice(0, 8)
  const days = new Map<string, WallTrendPoint>()
  for (let d = 1; d <= day; d++) {
    const label = `${month}${String(d).padStart(2, '0')}`
    days.set(label, { label, received: 0, concluded: 0 })
  }
  for (const b of buckets) {
    const p = days.get(b.local_date)
    if (p) {
      p.received += b.received
      p.concluded += b.concluded
    }
    const h = b.local_date === t.local_date ? hours.get(b.local_hour) : undefined
    if (h) {
      h.received += b.received
      h.concluded += b.concluded
    }
  }

  const types = new Map((await c.query<{ case_type: string; n: number }>(prepared('wall_case_types', [jur, t.month_start]))).rows.map((r) => [r.case_type, r.n]))
  const pet = (await c.query<{ kind: string; level: string; n: number }>(prepared('wall_petitions', [jur]))).rows
  return {
    hourlyToday: [...hours.values()],
    dailyMonth: [...days.values()],
    caseTypes: CASE_TYPES.map((type) => ({ type, count: types.get(type) ?? 0 })),
    petitions: PETITION_KINDS.map((kind) => {
      const n = (level: string) => pet.find((r) => r.kind === kind && r.level === level)?.n ?? 0
      return { kind, normal: n('normal'), warning: n('warning'), yellow: n('yellow'), red: n('red') }
    }),
  }
}
