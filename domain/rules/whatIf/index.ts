/**
 * What-if of a rule or calendar change over the open cases (issue 19 "preview before save"). Pure.
 */
export type { CaseMove, ItemLimit, OwnLimits, ClockOutcome, DepartmentMoves, OpenClock, RuleChange, SchemeScope, SchemeValue, ScopedScheme, WhatIfResult, WhatIfSummary } from './types.ts'
export { resolveScheme, schemeResolver, type EffectiveScheme } from './resolveScheme.ts'
export { overridesAfter, schemesAfter } from './applyChange.ts'
export { clockOutcome, deadlineInputOf } from './clockOutcome.ts'
export { whatIf, whatIfAccumulator, type RuleSide, type WhatIfAccumulator, type WhatIfInput, type WhatIfRules } from './whatIf.ts'
export { outcomeMemo } from './outcomeMemo.ts'
export { clockWithItemLimits, countedLimit, type ItemLimitsAfter } from './itemLimits.ts'
