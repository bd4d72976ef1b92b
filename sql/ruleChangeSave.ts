/**
 * Saving a rule or calendar change (issue 19): ONE transaction that takes the recompute lock,
 * computes the preview at `nowMs` from the state it locked, applies the change, reloads the
 * jurisdiction's calendar_days, runs the set-based recompute at the same `nowMs` and records the
 * change with its preview and inverse (for undo). Saved result and preview therefore come from
 * the same state and instant; server/test/rule-changes.test.ts compares them case by case.
 */
import type pg from 'pg'
import type { LimitUnit } from '../domain/clock/types.ts'
import type { RuleChange, WhatIfResult } from '../domain/rules/whatIf/types.ts'
import { loadCalendar, loadWorkCalendar } from './calendar.ts'
import { sql } from './queries.ts'
import { previewChange, type ChangeScope } from './ruleChanges.ts'

/** Another change was saved after the one the caller's preview was based on. */
export class RuleChangeConflict extends Error {
  readonly latest: { id: string; requested_by: string; reason: string } | null
  constructor(latest: { id: string; requested_by: string; reason: string } | null) {
    super(latest ? `change ${latest.id} by ${latest.requested_by} (${latest.reason}) was saved meanwhile` : 'the change the preview was based on was undone')
    this.latest = latest
  }
}

/** A retraction names a scheme version its scope does not have (any more). */
export class SchemeVersionMissing extends Error {
  constructor(change: { scope: string; code: string; versionId: string }) {
    super(`scheme version ${change.versionId} of ${change.scope} ${change.code}`)
  }
}

export interface SaveOptions {
  change: RuleChange
  scope: ChangeScope
  reason: string
  requestedBy: string
  nowMs: number
  /** The latest change id the caller saw (`undefined`: do not check). */
  baseChangeId?: string | null
  /** The change this one undoes. */
  undoes?: string | null
  /** Moved cases kept with the record. @default 1000 */
  keep?: number
  /** Runs inside the transaction after the record (the caller's audit entry). */
  onSaved?: (client: pg.PoolClient, saved: SavedChange) => Promise<void>
}

export interface RecomputeCounts { scanned: number; moved: number; levelChanges: number; cardsIssued: number; cardsRevoked: number; reproject: number }

export interface SavedChange {
  id: string
  inverse: RuleChange
  preview: WhatIfResult
  recomputeId: string
  recompute: RecomputeCounts
}

interface SchemeRow {
  id: string; warning_offset: number | null; warning_share: string | null; yellow_offset: number; red_offset: number
  card_rules: Record<string, boolean> | null; accepted_from: string | null; withdrawn: boolean
}

interface ItemRow { promised_limit: number | null; promised_unit: LimitUnit; legal_limit: number | null; legal_unit: LimitUnit }
type ItemLimitsChange = Extract<RuleChange, { kind: 'itemLimits' }>
type ItemLimitsRetract = Extract<RuleChange, { kind: 'itemLimitsRetract' }>

/** A retraction names a limits version the item does not have (any more). */
export class LimitVersionMissing extends Error {
  constructor(what: string) {
    super(`limits version ${what}`)
  }
}

/**
 * Appends a version of an item's limits (migration 320) and sets the limits of the item's open
 * clocks from the version each case's acceptance date selects; returns the inverse (the
 * retraction of that version). A version for every case also writes the catalogue's limits,
 * keeping the ones before for the retraction.
 */
async function applyItemLimits(c: pg.PoolClient, change: ItemLimitsChange, jurisdictionCode: string, login: string): Promise<RuleChange> {
  const cur = (await c.query<ItemRow>(sql('admin_item_get'), [change.code])).rows[0]
  if (!cur) throw new Error(`item ${change.code} vanished`)
  const p = change.promised
  const l = change.legal
  const dated = change.acceptedFrom ?? null
  const row = [p?.value ?? null, p?.unit ?? cur.promised_unit, l?.value ?? null, l?.unit ?? cur.legal_unit]
  const baseBefore: ItemRow | null = dated ? null : { promised_limit: cur.promised_limit, promised_unit: cur.promised_unit, legal_limit: cur.legal_limit, legal_unit: cur.legal_unit }
  if (!dated) await c.query(sql('item_limits_set'), [change.code, ...row])
  const ins = await c.query<{ id: string }>(sql('item_limit_version_insert'), [change.code, ...row, dated, baseBefore === null ? null : JSON.stringify(baseBefore), login])
  await c.query(sql('item_limits_apply'), [jurisdictionCode, change.code])
  return { kind: 'itemLimitsRetract', code: change.code, versionId: ins.rows[0]!.id }
}

/** Removes a version of an item's limits (restoring the catalogue's limits it replaced) and returns its inverse: the change that adds it again. */
async function applyItemLimitsRetract(c: pg.PoolClient, change: ItemLimitsRetract, jurisdictionCode: string): Promise<RuleChange> {
  const gone = (await c.query<ItemRow & { accepted_from: string | null; base_before: ItemRow | null }>(sql('item_limit_version_retract'), [change.code, change.versionId])).rows[0]
  if (!gone) throw new LimitVersionMissing(`${change.versionId} of item ${change.code}`)
  const b = gone.base_before
  if (b) await c.query(sql('item_limits_set'), [change.code, b.promised_limit, b.promised_unit, b.legal_limit, b.legal_unit])
  await c.query(sql('item_limits_apply'), [jurisdictionCode, change.code])
  return {
    kind: 'itemLimits', code: change.code,
    promised: gone.promised_limit === null ? null : { value: gone.promised_limit, unit: gone.promised_unit },
    legal: gone.legal_limit === null ? null : { value: gone.legal_limit, unit: gone.legal_unit },
    ...(gone.accepted_from ? { acceptedFrom: gone.accepted_from } : {}),
  }
}

type SchemeChange = Extract<RuleChange, { kind: 'scheme' }>
type SchemeRetract = Extract<RuleChange, { kind: 'schemeRetract' }>

/** A scheme version as the values of a scheme change (`null` for a withdrawn version). */
const valueOf = (r: SchemeRow): SchemeChange['scheme'] => r.withdrawn ? null : {
  warning: r.warning_share !== null ? { share: Number(r.warning_share) } : { offset: r.warning_offset ?? 0 },
  yellow: r.yellow_offset,
  red: r.red_offset,
  overdueCards: r.card_rules?.overdue ?? true,
}

/**
 * Appends the scheme version a change describes (migration 270; a withdrawn one for `scheme:
 * null`) and returns its inverse: the retraction of that version.
 */
async function applyScheme(c: pg.PoolClient, change: SchemeChange, login: string): Promise<RuleChange> {
  const cur = (await c.query<SchemeRow>(sql('scheme_get'), [change.scope, change.code])).rows[0]
  const s = change.scheme
  const cardRules = { ...(cur?.card_rules ?? {}), ...(s?.overdueCards === undefined ? {} : { overdue: s.overdueCards }) }
  const w = s?.warning ?? { offset: 0 }
  const ins = await c.query<{ id: string }>(sql('scheme_version_insert'), [
    change.scope, change.code, 'offset' in w ? w.offset : null, 'share' in w ? w.share : null, s?.yellow ?? 1, s?.red ?? 5,
    JSON.stringify(cardRules), login, change.acceptedFrom ?? null, s === null,
  ])
  return { kind: 'schemeRetract', scope: change.scope, code: change.code, versionId: ins.rows[0]!.id }
}

/** Removes a scheme version and returns its inverse: the scheme change that adds it again. */
async function applyRetract(c: pg.PoolClient, change: SchemeRetract): Promise<RuleChange> {
  const gone = (await c.query<SchemeRow>(sql('scheme_version_retract'), [change.scope, change.code, change.versionId])).rows[0]
  if (!gone) throw new SchemeVersionMissing(change)
  return { kind: 'scheme', scope: change.scope, code: change.code, scheme: valueOf(gone), ...(gone.accepted_from ? { acceptedFrom: gone.accepted_from } : {}) }
}

/** Applies a change and returns its inverse (the change that restores the state before). */
async function applyChange(c: pg.PoolClient, change: RuleChange, jurisdictionCode: string, reason: string, login: string): Promise<RuleChange> {
  if (change.kind === 'calendarOverride') {
    const cur = (await c.query<{ is_workday: boolean }>(sql('override_current'), [jurisdictionCode, change.date])).rows[0]
    await c.query(sql('calendar_override_insert'), [jurisdictionCode, change.date, change.isWorkday, reason, login])
    return { ...change, isWorkday: cur ? cur.is_workday : null }
  }
  if (change.kind === 'itemLimits') return applyItemLimits(c, change, jurisdictionCode, login)
  if (change.kind === 'itemLimitsRetract') return applyItemLimitsRetract(c, change, jurisdictionCode)
  if (change.kind === 'schemeRetract') return applyRetract(c, change)
  return applyScheme(c, change, login)
}

interface RecomputeRow { id: string; scanned: number; moved: number; level_changes: number; cards_issued: number; cards_revoked: number; reproject: string[] }

/**
 * Saves a change with its preview and recomputes, in one transaction.
 * @throws RuleChangeConflict when `baseChangeId` is not the latest change any more
 */
export async function saveRuleChange(pool: pg.Pool, o: SaveOptions): Promise<SavedChange> {
  const j = o.scope.jurisdictionCode
  const c = await pool.connect()
  try {
    await c.query('BEGIN')
    await c.query(sql('rule_change_lock'), [j])
    if (o.baseChangeId !== undefined) {
      const last = (await c.query<{ id: string; requested_by: string; reason: string }>(sql('rule_change_last'), [j])).rows[0] ?? null
      if ((last?.id ?? null) !== o.baseChangeId) throw new RuleChangeConflict(last)
    }
    await c.query(sql('recompute_lock'))
    const preview = await previewChange(c, o.change, o.scope, o.nowMs)
    const inverse = await applyChange(c, o.change, j, o.reason, o.requestedBy)
    await loadCalendar(c, j, await loadWorkCalendar(c, j))
    const r = (await c.query<RecomputeRow>(sql('recompute_deadlines'), [j, new Date(o.nowMs), `${o.reason}`, o.requestedBy, o.scope.departmentCode, o.scope.itemCode])).rows[0]!
    const recompute = { scanned: r.scanned, moved: r.moved, levelChanges: r.level_changes, cardsIssued: r.cards_issued, cardsRevoked: r.cards_revoked, reproject: r.reproject.length }
    const moves = preview.moves.slice(0, o.keep ?? 1000)
    const ins = await c.query<{ id: string }>(sql('rule_change_insert'), [
      j, JSON.stringify(o.change), JSON.stringify(inverse), o.reason, o.requestedBy, new Date(o.nowMs),
      JSON.stringify(preview.summary), JSON.stringify(moves), r.id, o.undoes ?? null,
    ])
    const saved: SavedChange = { id: ins.rows[0]!.id, inverse, preview, recomputeId: String(r.id), recompute }
    await o.onSaved?.(c, saved)
    await c.query('COMMIT')
    return saved
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    c.release()
  }
}
