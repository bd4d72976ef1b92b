import type { LocalOverride } from '../../calendar/types.ts'
import type { Level, LevelScheme, LimitUnit, WarningRule } from '../../clock/types.ts'

/** Where a level scheme applies; precedence item > department > jurisdiction > the default. */
export type SchemeScope = 'jurisdiction' | 'department' | 'item'

/**
 * A level scheme version as stored, with its overdue-card switch (domain/rules/schemeVersions.ts:
 * the newest version of a scope whose `acceptedFrom` condition holds governs a case).
 */
export interface ScopedScheme {
  readonly scope: SchemeScope
  readonly code: string
  readonly warning: WarningRule
  readonly yellow: number
  readonly red: number
  /** Overdue yellow/red cards switched on. @default true */
  readonly overdueCards?: boolean
  /** The stored version's id (level_schemes.id); absent for a version not saved yet. */
  readonly id?: string
  /** Governs only cases accepted on or after this local date; absent or `null`: every case. */
  readonly acceptedFrom?: string | null
  /** The version removes the scope's scheme for the cases it governs (the next scope applies). */
  readonly withdrawn?: boolean
}

/** The values of a level scheme. */
export interface SchemeValue {
  readonly warning: WarningRule
  readonly yellow: number
  readonly red: number
  /** Overdue yellow/red cards switched on. @default true */
  readonly overdueCards?: boolean
}

/** A proposed change that moves clocks or levels. */
export type RuleChange =
  | {
      /** A local day off or worked (`isWorkday`), or the withdrawal of one (`null`). */
      readonly kind: 'calendarOverride'
      readonly jurisdictionCode: string
      /** `YYYY-MM-DD` */
      readonly date: string
      readonly isWorkday: boolean | null
    }
  | {
      /** Set a scheme (`scheme`), or remove it so the next one in precedence applies (`null`). */
      readonly kind: 'scheme'
      readonly scope: SchemeScope
      readonly code: string
      readonly scheme: SchemeValue | null
      /**
       * Effective from: absent or `null` — every open case now; a local date `YYYY-MM-DD` — only
       * the cases accepted on or after it (the others keep the version they started under).
       */
      readonly acceptedFrom?: string | null
    }
  | {
      /** Removes one stored version of a scope's scheme (the inverse of a scheme change: its undo). */
      readonly kind: 'schemeRetract'
      readonly scope: SchemeScope
      readonly code: string
      /** level_schemes.id of the version */
      readonly versionId: string
    }
  | {
      /**
       * An item's limits in the catalogue (promised and legal, `null`: none). The open cases whose
       * acceptance stated no limit of their own take them (the clock's rule: the case's promised
       * limit, else the item's, else the case's legal limit, else the item's).
       */
      readonly kind: 'itemLimits'
      readonly code: string
      readonly promised: ItemLimit | null
      readonly legal: ItemLimit | null
      /**
       * Effective from (domain/rules/limitVersions.ts): absent or `null` — every open case now (the
       * catalogue's limits change too); a local date — only the cases accepted on or after it (a
       * new version; the others keep the limits they started under).
       */
      readonly acceptedFrom?: string | null
    }
  | {
      /** Removes one stored version of an item's limits (the inverse of an item-limits change: its undo). */
      readonly kind: 'itemLimitsRetract'
      readonly code: string
      /** item_limit_versions.id of the version */
      readonly versionId: string
    }

/** A limit in the catalogue or on a case. */
export interface ItemLimit {
  readonly value: number
  readonly unit: LimitUnit
}

/** The limits a case's acceptance stated itself (`null`: none, the item's apply). */
export interface OwnLimits {
  readonly promised: ItemLimit | null
  readonly legal: ItemLimit | null
}

/**
 * An open case with a running clock, as stored (the clock's inputs on `case_clocks`, local dates).
 * Days excluded are the merged suspensions and paused supplements, `(from, to]`; restart
 * supplements are kept in the engine's order.
 */
export interface OpenClock {
  readonly caseNo: string
  readonly departmentCode: string
  readonly itemCode: string | null
  readonly zone: string
  /** Local date of acceptance, `YYYY-MM-DD`. */
  readonly accepted: string
  readonly limit: number
  readonly unit: LimitUnit
  readonly excluded: readonly (readonly [from: string, to: string | null])[]
  readonly restarts: readonly (readonly [requested: string, supplied: string | null])[]
  /**
   * A hint for the what-if's memo (`outcomeMemo`): a text that is usually equal for clocks with
   * equal inputs (zone, acceptance, limit, unit, exclusions, restarts), e.g. the text they were
   * read from. Checked against the inputs before any use, so a wrong hint only costs time.
   */
  readonly inputsKey?: string
  /** The limits the case stated itself (read for an item-limits change only). */
  readonly own?: OwnLimits
  /**
   * The clock as stored now (the recompute compares its result with these columns). When given,
   * the "before" side is taken from it instead of being computed again.
   */
  readonly stored?: ClockOutcome
}

/** A clock's dates and level at an instant (`null` fields: the clock stops or leaves the calendar). */
export interface ClockOutcome {
  readonly deadlineDate: string | null
  readonly warningFrom: string | null
  readonly yellowFrom: string | null
  readonly redFrom: string | null
  readonly level: Level | null
  /** UTC ISO instant of the next level change; `null` at red or without a deadline. */
  readonly nextTransitionAt: string | null
  readonly overdueCards: boolean
}

/** One case the change would affect. */
export interface CaseMove {
  readonly caseNo: string
  readonly departmentCode: string
  readonly before: ClockOutcome
  readonly after: ClockOutcome
  /** Deadline or a threshold day moved. */
  readonly moved: boolean
  readonly levelChanged: boolean
}

/** Counts per department. */
export interface DepartmentMoves {
  readonly departmentCode: string
  readonly moved: number
  readonly levelChanged: number
  readonly yellowIssued: number
  readonly redIssued: number
  readonly revoked: number
}

/** What a change would do. */
export interface WhatIfSummary {
  /** Open running cases looked at. */
  readonly scanned: number
  /** Cases whose deadline or a threshold day would move. */
  readonly moved: number
  /** Cases whose level would change. */
  readonly levelChanged: number
  /** `"normal→warning"` → count. */
  readonly transitions: Readonly<Record<string, number>>
  /** Overdue cards that would be raised and revoked. */
  readonly cards: { readonly yellowIssued: number; readonly redIssued: number; readonly revoked: number }
  /** Cases whose clock the new rule stops or pushes outside the calendar (recomputed by the projection). */
  readonly unresolved: number
  readonly byDepartment: readonly DepartmentMoves[]
}

export interface WhatIfResult {
  readonly summary: WhatIfSummary
  /** Every case that moves or changes level, by case number. */
  readonly moves: readonly CaseMove[]
}

export type { LevelScheme, LocalOverride }
