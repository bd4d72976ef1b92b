/**
 * Rule and calendar changes with a preview (issue 19): the open clocks and schemes read from
 * PostgreSQL, the pure what-if (domain/rules/whatIf) over them, and the save — the change, the
 * set-based recompute (sql/queries/recompute_deadlines.sql, as workers/recompute.ts runs it) and
 * the record with its preview, all in ONE transaction under the recompute lock, the preview
 * computed inside it at the same instant as the recompute so that the saved result is the preview.
 */
import type pg from 'pg'
import type { LocalOverride } from '../domain/calendar/types.ts'
import type { LimitUnit } from '../domain/clock/types.ts'
import { WorkCalendar } from '../domain/calendar/WorkCalendar.ts'
import { overridesAfter, schemesAfter } from '../domain/rules/whatIf/applyChange.ts'
import type { OpenClock, RuleChange, ScopedScheme, WhatIfResult } from '../domain/rules/whatIf/types.ts'
import { whatIf, whatIfAccumulator } from '../domain/rules/whatIf/whatIf.ts'
import type { ItemLimitsAfter } from '../domain/rules/whatIf/itemLimits.ts'
import { limitVersionsAfter, type ItemLimitsValue, type LimitsVersion } from '../domain/rules/limitVersions.ts'
import { loadCalendar, loadCalendarData } from './calendar.ts'
import { streamOpenClocks } from './openClocks.ts'
import { sql } from './queries.ts'

type Db = pg.ClientBase | pg.Pool

export { parseClockLine } from './openClocks.ts'

/** The jurisdiction a change belongs to and the case scope it can move (department or item). */
export interface ChangeScope {
  jurisdictionCode: string
  departmentCode: string | null
  itemCode: string | null
}

/** Resolves where a change applies; `null` for an unknown scope code. */
export async function scopeOf(db: Db, change: RuleChange): Promise<ChangeScope | null> {
  if (change.kind === 'itemLimits' || change.kind === 'itemLimitsRetract') return scopeOf(db, { kind: 'scheme', scope: 'item', code: change.code, scheme: null })
  if (change.kind === 'schemeRetract') return scopeOf(db, { kind: 'scheme', scope: change.scope, code: change.code, scheme: null })
  if (change.kind === 'calendarOverride') {
    const { rows } = await db.query<{ code: string }>(sql('jurisdiction_get'), [change.jurisdictionCode])
    return rows[0] ? { jurisdictionCode: rows[0].code, departmentCode: null, itemCode: null } : null
  }
  const { rows } = await db.query<{ jurisdiction_code: string | null }>(sql('scope_jurisdiction'), [change.scope, change.code])
  const j = rows[0]?.jurisdiction_code
  if (!j) return null
  return { jurisdictionCode: j, departmentCode: change.scope === 'department' ? change.code : null, itemCode: change.scope === 'item' ? change.code : null }
}

/** The open running clocks in scope (what the set-based recompute recomputes), with their stored result. */
export async function loadOpenClocks(db: Db, scope: ChangeScope, withOwnLimits = false): Promise<OpenClock[]> {
  const clocks: OpenClock[] = []
  await streamOpenClocks(db, scope, withOwnLimits, (c) => clocks.push(c))
  return clocks
}

interface SchemeRow {
  id: string
  scope: ScopedScheme['scope']
  scope_code: string
  warning_offset: number | null
  warning_share: string | number | null
  yellow_offset: number
  red_offset: number
  card_rules: { overdue?: boolean } | null
  accepted_from: string | null
  withdrawn: boolean
}

/** Every stored level scheme version, oldest first (migration 270). */
export async function loadSchemes(db: Db): Promise<ScopedScheme[]> {
  const { rows } = await db.query<SchemeRow>(sql('context_schemes'))
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope,
    code: r.scope_code,
    warning: r.warning_share !== null ? { share: Number(r.warning_share) } : { offset: r.warning_offset ?? 0 },
    yellow: r.yellow_offset,
    red: r.red_offset,
    overdueCards: r.card_rules?.overdue ?? true,
    ...(r.accepted_from !== null ? { acceptedFrom: r.accepted_from } : {}),
    ...(r.withdrawn ? { withdrawn: true } : {}),
  }))
}

const OVERRIDES = `SELECT to_char(day, 'YYYY-MM-DD') AS date, is_workday AS "isWorkday", reason
  FROM calendar_overrides_current WHERE jurisdiction_code = $1 ORDER BY day`

/** What the preview computes from: the clocks, the calendars and schemes before and after. */
export interface PreviewInputs {
  scope: ChangeScope
  clocks: OpenClock[]
  before: { calendar: WorkCalendar; schemes: ScopedScheme[] }
  after: { calendar: WorkCalendar; schemes: ScopedScheme[]; items?: ItemLimitsAfter }
}

interface ItemLimitsRow { promised_limit: number | null; promised_unit: LimitUnit; legal_limit: number | null; legal_unit: LimitUnit }
interface ItemVersionRow extends ItemLimitsRow { id: string; accepted_from: string | null }

const limitsOf = (r: ItemLimitsRow): ItemLimitsValue => ({
  promised: r.promised_limit === null ? null : { value: r.promised_limit, unit: r.promised_unit },
  legal: r.legal_limit === null ? null : { value: r.legal_limit, unit: r.legal_unit },
})

/** An item's limit versions as stored, oldest first (migration 320). */
export async function loadItemLimitVersions(db: Db, itemCode: string): Promise<LimitsVersion<ItemLimitsValue>[]> {
  const { rows } = await db.query<ItemVersionRow>(sql('item_limit_versions'), [itemCode])
  return rows.map((r) => ({ id: r.id, limits: limitsOf(r), ...(r.accepted_from ? { acceptedFrom: r.accepted_from } : {}) }))
}

/**
 * An item's catalogue limits and limit versions after an item-limits change or retraction
 * (domain/rules/limitVersions.ts): a change appends a version (one for every case also becomes the
 * catalogue's limits); a retraction removes one (restoring the catalogue's limits it replaced).
 */
async function itemLimitsAfter(db: Db, change: Extract<RuleChange, { kind: 'itemLimits' | 'itemLimitsRetract' }>): Promise<ItemLimitsAfter> {
  const { rows } = await db.query<ItemLimitsRow>(sql('item_limits_base'), [change.code])
  const base = rows[0] ? limitsOf(rows[0]) : { promised: null, legal: null }
  const versions = await loadItemLimitVersions(db, change.code)
  if (change.kind === 'itemLimits') {
    const add = { promised: change.promised, legal: change.legal }
    return { itemCode: change.code, ...(change.acceptedFrom ? base : add), versions: limitVersionsAfter(versions, { add, acceptedFrom: change.acceptedFrom ?? null }) }
  }
  const { rows: gone } = await db.query<{ base_before: ItemLimitsRow | null }>(sql('item_limit_version_base_before'), [change.versionId, change.code])
  const restored = gone[0]?.base_before ? limitsOf(gone[0].base_before) : base
  return { itemCode: change.code, ...restored, versions: limitVersionsAfter(versions, { retract: change.versionId }) }
}

/** The rules on both sides of `change` (calendars, schemes, an item's limits): the preview's inputs but the clocks. */
export type PreviewRules = Omit<PreviewInputs, 'clocks'>

/** Reads the rules before and after `change` (inside the save's transaction, or not). */
export async function loadPreviewRules(db: Db, change: RuleChange, scope: ChangeScope): Promise<PreviewRules> {
  // one after the other: `db` may be the save's transaction client
  const { data } = await loadCalendarData(db)
  const { rows: overrides } = await db.query<LocalOverride>(OVERRIDES, [scope.jurisdictionCode])
  const schemes = await loadSchemes(db)
  const before = WorkCalendar.fromData(data, { overrides })
  const after = change.kind === 'calendarOverride' ? WorkCalendar.fromData(data, { overrides: overridesAfter(overrides, change, 'preview') }) : before
  const items = change.kind === 'itemLimits' || change.kind === 'itemLimitsRetract' ? await itemLimitsAfter(db, change) : undefined
  return { scope, before: { calendar: before, schemes }, after: { calendar: after, schemes: schemesAfter(schemes, change), ...(items ? { items } : {}) } }
}

const ofItem = (change: RuleChange) => change.kind === 'itemLimits' || change.kind === 'itemLimitsRetract'

/** Reads everything the preview of `change` needs, the clocks as an array (inside the save's transaction, or not). */
export async function loadPreviewInputs(db: Db, change: RuleChange, scope: ChangeScope): Promise<PreviewInputs> {
  const rules = await loadPreviewRules(db, change, scope)
  return { ...rules, clocks: await loadOpenClocks(db, scope, ofItem(change)) }
}

/** The what-if of `change` at `nowMs`. */
export function previewFrom(inputs: PreviewInputs, nowMs: number): WhatIfResult {
  return whatIf({ jurisdictionCode: inputs.scope.jurisdictionCode, clocks: inputs.clocks, before: inputs.before, after: inputs.after, nowMs })
}

/**
 * The what-if of `change` at `nowMs`, computed while the open clocks stream in (the same result
 * as `previewFrom(await loadPreviewInputs(…))`, without holding every clock): what the preview
 * routes and the save run.
 */
export async function previewChange(db: Db, change: RuleChange, scope: ChangeScope, nowMs: number): Promise<WhatIfResult> {
  const rules = await loadPreviewRules(db, change, scope)
  const acc = whatIfAccumulator({ jurisdictionCode: scope.jurisdictionCode, before: rules.before, after: rules.after, nowMs })
  await streamOpenClocks(db, scope, ofItem(change), acc.add)
  return acc.result()
}
