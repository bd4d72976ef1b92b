/**
 * How a custom report over [from, to] reads the rollups of migration 220: whole calendar months
 * from the monthly tables, every other day from the daily ones — exactly the days of [from, to],
 * each once, with its period label. A month is read whole only when it lies inside [from, to] and
 * all its days carry the same label (a statistical month closing on the 25th splits two calendar
 * months; a week never covers one).
 */
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'

export interface RollupSegments {
  /** first days (YYYY-MM-DD) of the months read whole, and their labels */
  readonly months: string[]
  readonly monthLabels: string[]
  /** the other days, and their labels */
  readonly days: string[]
  readonly dayLabels: string[]
}

/**
 * @param from - first day, YYYY-MM-DD (inclusive)
 * @param to - last day, YYYY-MM-DD (inclusive)
 * @param labels - the label of each day of [from, to] in order (the period dimension), or null: every day labelled ''
 *
 * @example
 * rollupSegments('2026-01-15', '2026-03-31', null)
 * //=> { months: ['2026-02-01', '2026-03-01'], monthLabels: ['', ''], days: ['2026-01-15', … '2026-01-31'], dayLabels: ['', …] }
 */
export function rollupSegments(from: string, to: string, labels: readonly string[] | null): RollupSegments {
  const a = toEpochDay(from)
  const b = toEpochDay(to)
  const out: RollupSegments = { months: [], monthLabels: [], days: [], dayLabels: [] }
  const labelOf = (d: number) => (labels ? labels[d - a]! : '')
  let d = a
  while (d <= b) {
    const date = fromEpochDay(d)
    const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))]
    const next = toEpochDay(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`)
    const whole = date.endsWith('-01') && next - 1 <= b
    let same = whole
    for (let k = d + 1; same && k < next; k++) same = labelOf(k) === labelOf(d)
    if (same) {
      out.months.push(date)
      out.monthLabels.push(labelOf(d))
      d = next
    } else {
      out.days.push(date)
      out.dayLabels.push(labelOf(d))
      d++
    }
  }
  return out
}

export interface DimSegments extends RollupSegments {
  /** Mondays (YYYY-MM-DD) of the Monday-to-Sunday weeks read whole, and their labels */
  readonly weeks: string[]
  readonly weekLabels: string[]
}

/**
 * How a custom report over [from, to] reads the rollup by item or handler (migrations 310, 390): whole
 * calendar months (inside [from, to], one label) from grain 'm'; of the other days, whole
 * Monday-to-Sunday weeks (inside [from, to], one label) from grain 'w'; the rest from grain 'd'.
 * Every day of [from, to] once, with its label.
 *
 * @param from - first day, YYYY-MM-DD (inclusive)
 * @param to - last day, YYYY-MM-DD (inclusive)
 * @param labels - the label of each day of [from, to] in order (the period dimension), or null: every day labelled ''
 *
 * @example
 * dimSegments('2026-01-15', '2026-03-31', null)
 * //=> months ['2026-02-01', '2026-03-01'], weeks ['2026-01-19', '2026-01-26'] (Mondays), days 15–18 Jan
 */
export function dimSegments(from: string, to: string, labels: readonly string[] | null): DimSegments {
  const whole = rollupSegments(from, to, labels)
  const a = toEpochDay(from)
  const b = toEpochDay(to)
  const labelOf = (d: number) => (labels ? labels[d - a]! : '')
  const out: DimSegments = { months: whole.months, monthLabels: whole.monthLabels, weeks: [], weekLabels: [], days: [], dayLabels: [] }
  const rest = whole.days.map(toEpochDay)
  const left = new Set(rest)
  for (let i = 0; i < rest.length; i++) {
    const d = rest[i]!
    // epoch day 4 (1970-01-05) was a Monday
    let week = (((d - 4) % 7) + 7) % 7 === 0 && d + 6 <= b
    for (let k = d + 1; week && k <= d + 6; k++) week = left.has(k) && labelOf(k) === labelOf(d)
    if (week) {
      out.weeks.push(fromEpochDay(d))
      out.weekLabels.push(labelOf(d))
      i += 6 // the week's days follow one another in `rest`
    } else {
      out.days.push(fromEpochDay(d))
      out.dayLabels.push(labelOf(d))
    }
  }
  return out
}

/**
 * Which rollup can answer a custom report, from its dimensions and filter alone: 'groups' (no item,
 * no handler: migration 220's), 'item' (the item without the handler: the item rows of migration
 * 390), 'handler' (the handler alone or with the period or the jurisdiction, filtered at most by
 * status and level: migration 390's handler rows, which carry the jurisdiction and no department —
 * the reader must also see whole jurisdictions), or 'facts' (the item and the handler together, the
 * handler with a department or case type). Whatever the period's grain: since migration 390 (one
 * row per group and week, the days used as an array) weeks are read from the rollup too, measured
 * faster than from the facts (README, Statistics).
 */
export function customSource(dims: readonly string[], filter: { readonly department?: string | null; readonly item?: string | null; readonly caseType?: string | null; readonly handler?: string | null }): 'groups' | 'item' | 'handler' | 'facts' {
  const item = dims.includes('item') || filter.item != null
  const handler = dims.includes('handler') || filter.handler != null
  if (!item && !handler) return 'groups'
  if (!handler) return 'item'
  if (item || dims.includes('department') || dims.includes('caseType') || filter.department != null || filter.caseType != null) return 'facts'
  return 'handler'
}
