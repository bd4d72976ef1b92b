/** Rounds to hundredths (scores and points are shown with two decimals). */
export const round2 = (x: number): number => Math.round((x + Math.sign(x) * 1e-9) * 100) / 100

/** Whether a card rule matches a pattern: exact, or a prefix ending in `*` (`procedure.*`). */
export const ruleMatches = (rule: string, patterns: readonly string[]): boolean =>
  patterns.some((p) => (p.endsWith('*') ? rule.startsWith(p.slice(0, -1)) : rule === p))

/** Whole steps of `step` in `x` (tolerant of binary fractions: 0.3 / 0.1 is 3 steps, not 2). */
export const wholeSteps = (x: number, step: number): number => (x <= 0 ? 0 : Math.floor(x / step + 1e-9))
