/**
 * The catalogue import's limits changes effective from a date (migration 320) move the open
 * clocks at once, as a saved item-limits rule change does: in the import's transaction, under the
 * recompute lock, the what-if of each changed item's new limits is computed (previewChange, the
 * rule-change preview's code) before anything is written, and after the import has
 * written its versions each item's open clocks take their limits (item_limits_apply.sql) and are
 * recomputed set-based (recompute_deadlines.sql) at the same instant — so the import's preview is
 * what it saves (server/test/admin-items-import-clocks.test.ts).
 */
import type pg from 'pg'
import type { LimitUnit } from '../domain/clock/types.ts'
import { mergeWhatIf } from '../domain/rules/whatIf/mergeWhatIf.ts'
import type { RuleChange, WhatIfResult } from '../domain/rules/whatIf/types.ts'
import { loadCalendar, loadWorkCalendar } from './calendar.ts'
import { sql } from './queries.ts'
import { previewChange, scopeOf, type ChangeScope } from './ruleChanges.ts'

type Limit = { value: number; unit: LimitUnit } | null
/** An item whose limits an import changes: its new promised and legal limits. */
export interface ItemLimitsEdit { code: string; promised: Limit; legal: Limit }

/** The item-limits change an import's edit amounts to, with its scope (`null`: an item of no known jurisdiction). */
async function changesOf(db: pg.ClientBase, edits: readonly ItemLimitsEdit[], acceptedFrom: string): Promise<{ change: RuleChange; scope: ChangeScope }[]> {
  const out: { change: RuleChange; scope: ChangeScope }[] = []
  for (const e of edits) {
    const change: RuleChange = { kind: 'itemLimits', code: e.code, promised: e.promised, legal: e.legal, acceptedFrom }
    const scope = await scopeOf(db, change)
    if (scope) out.push({ change, scope })
  }
  return out
}

/** The what-if of the edits from `acceptedFrom` at `nowMs`: every changed item's open cases, one answer. */
export async function previewImportLimits(db: pg.ClientBase, edits: readonly ItemLimitsEdit[], acceptedFrom: string, nowMs: number): Promise<WhatIfResult> {
  const results: WhatIfResult[] = []
  for (const { change, scope } of await changesOf(db, edits, acceptedFrom)) results.push(await previewChange(db, change, scope, nowMs))
  return mergeWhatIf(results)
}

export interface ImportClocks {
  preview: WhatIfResult
  recompute: { moved: number; levelChanges: number; cardsIssued: number; cardsRevoked: number }
  /** Cases the projection must recompute itself (stopped clocks, stage clocks), per jurisdiction. */
  reproject: Map<string, number>
}

/**
 * Takes the recompute lock, previews the edits at `nowMs`, runs `write` (the import's own writes:
 * catalogue rows and limit versions), then sets each changed item's open clocks from its versions
 * and recomputes them at `nowMs` — all on the caller's transaction client.
 */
export async function importLimitsWithClocks(c: pg.ClientBase, edits: readonly ItemLimitsEdit[], acceptedFrom: string, nowMs: number, who: { reason: string; login: string }, write: () => Promise<void>): Promise<ImportClocks> {
  await c.query(sql('recompute_lock'))
  const changes = await changesOf(c, edits, acceptedFrom)
  const preview = await previewImportLimits(c, edits, acceptedFrom, nowMs)
  await write()
  const recompute = { moved: 0, levelChanges: 0, cardsIssued: 0, cardsRevoked: 0 }
  const reproject = new Map<string, number>()
  const calendars = new Set<string>()
  for (const { scope } of changes) {
    const j = scope.jurisdictionCode
    if (!calendars.has(j)) await loadCalendar(c, j, await loadWorkCalendar(c, j))
    calendars.add(j)
    await c.query(sql('item_limits_apply'), [j, scope.itemCode])
    const r = (await c.query<{ moved: number; level_changes: number; cards_issued: number; cards_revoked: number; reproject: string[] }>(
      sql('recompute_deadlines'), [j, new Date(nowMs), who.reason, who.login, null, scope.itemCode])).rows[0]!
    recompute.moved += r.moved
    recompute.levelChanges += r.level_changes
    recompute.cardsIssued += r.cards_issued
    recompute.cardsRevoked += r.cards_revoked
    if (r.reproject.length > 0) reproject.set(j, (reproject.get(j) ?? 0) + r.reproject.length)
  }
  return { preview, recompute, reproject }
}
