/**
 * What-if of a rule or calendar change over the open cases (issue 19 "preview before save"). Pure.
 */
export type { CaseMove, ItemLimit, OwnLimits, ClockOutcome, DepartmentMoves, OpenClock, RuleChange, SchemeScope, SchemeValue, ScopedScheme, WhatIfResult, WhatIfSummary } from './types.ts'
export { resolveScheme, schemeResolver, type EffectiveScheme } from './resolveScheme.ts'
export { overridesAfter, schemesAfter } from './applyChange.ts'
export { clockOutcome, deadlineInputOf } from './clockOutcome.ts'
export { whatIf, type RuleSide, type WhatIfInput } from './whatIf.ts'
export { clockWithItemLimits, countedLimit, type ItemLimitsAfter } from './itemLimits.ts'
