import type { LocalOverride } from '../../calendar/types.ts'
import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import type { RuleChange, ScopedScheme } from './types.ts'

/**
 * The local overrides after a calendar change: the date's override replaced (or withdrawn with
 * `isWorkday: null`). Other changes leave them as they are. The input is not modified.
 *
 * @example
 * overridesAfter([], { kind: 'calendarOverride', jurisdictionCode: '440204', date: '2026-12-02', isWorkday: false }, '台风')
 * //=> [{ date: '2026-12-02', isWorkday: false, reason: '台风' }]
 */
export function overridesAfter(overrides: readonly LocalOverride[], change: RuleChange, reason: string): LocalOverride[] {
  if (change.kind !== 'calendarOverride') return [...overrides]
  const kept = overrides.filter((o) => o.date !== change.date)
  return change.isWorkday === null ? kept : [...kept, { date: change.date, isWorkday: change.isWorkday, reason }].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/**
 * The stored scheme versions after a scheme change: a scheme change appends a new version of its
 * scope (a withdrawn one for `scheme: null`; with the change's `acceptedFrom`), a retraction
 * removes the version it names. Calendar and item changes leave them as they are. The input is
 * not modified; versions stay oldest first.
 *
 * @example
 * schemesAfter([], { kind: 'scheme', scope: 'item', code: 'I1', scheme: { warning: { offset: -2 }, yellow: 1, red: 3 } })
 * //=> [{ scope: 'item', code: 'I1', warning: { offset: -2 }, yellow: 1, red: 3 }]
 */
export function schemesAfter(schemes: readonly ScopedScheme[], change: RuleChange): ScopedScheme[] {
  if (change.kind === 'schemeRetract') return schemes.filter((s) => s.id !== change.versionId)
  if (change.kind !== 'scheme') return [...schemes]
  const from = change.acceptedFrom ? { acceptedFrom: change.acceptedFrom } : {}
  const added: ScopedScheme = change.scheme === null
    ? { scope: change.scope, code: change.code, ...DEFAULT_LEVEL_SCHEME, withdrawn: true, ...from }
    : { ...change.scheme, scope: change.scope, code: change.code, ...from }
  return [...schemes, added]
}
